"""The shape every format module declares as ``FORMAT``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..scenario import Scenario


@dataclass(frozen=True)
class Format:
    """A file format detente can read (and maybe write).

    Attributes
    ----------
    name
        Short name used by ``--format`` and :func:`detente.io.load`.
    description
        One line for error messages and ``detente convert --help``.
    suffixes
        File suffixes that suggest this format (lower case, with the dot).
    sniff
        True when a file's text is recognisably in this format.
    read
        ``read(text, file, **options) -> Scenario``.
    write
        ``write(scenario) -> text``, or None for read-only formats.
    """

    name: str
    description: str
    suffixes: tuple[str, ...]
    sniff: Callable[[str], bool]
    read: Callable[..., Scenario]
    write: Callable[[Scenario], str] | None = None
