"""Errors raised at the input boundary.

Every problem with an input names the file, the place in it (a row, a field
path such as ``positions[3].salience``) and what was expected, so that the CLI
can print one line per problem and exit with status 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Parameters
    ----------
    file
        The file the problem is in (or ``"<input>"`` for in-memory data).
    where
        The place inside the file: ``"row 12, column salience"`` or a field
        path such as ``"actors[2].capability"``. Empty when the problem is
        with the file as a whole.
    message
        What is wrong and what was expected.
    """

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        return f"{place}: {self.message}"


class ScenarioError(ValueError):
    """A scenario or data file could not be read or is not valid.

    Carries every problem found, not only the first one.
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("ScenarioError needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str | Path, where: str, message: str) -> "ScenarioError":
        """An error with exactly one problem."""
        return cls([Problem(str(file), where, message)])


class CostError(ValueError):
    """A valid input whose run would take far too long (hours); the message gives the reason and the cost."""
