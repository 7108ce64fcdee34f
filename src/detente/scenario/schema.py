"""The scenario: actors, issues, and each actor's position and salience per issue.

This is the validated form every reader produces and every model consumes.
Validation happens here, with pydantic, once; models then read plain numpy
arrays through :meth:`Scenario.issue_data`.

Any number may carry evidence, written either beside it::

    capability: 0.3
    evidence: {capability: {source: "SIPRI 2024", date: 2025-01-01}}

or inline, as a mapping with a ``value``::

    capability: {value: 0.3, source: "SIPRI 2024", date: 2025-01-01}

Saliences are stored on 0-1. A file whose saliences go above 1 is read as
0-100 and divided by 100 (or say so with ``salience_scale: 100``); a file
mixing fractions below 1 with saliences above 1 must say which it means.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "Distribution",
    "Evidence",
    "Actor",
    "Issue",
    "Position",
    "Scenario",
    "IssueData",
]


from .numbers import DISTRIBUTION_KEYS, Distribution, Evidence, Strict, WithEvidence, finite, split_number
from .war import WarSpec

#: The most actors, issues or positions a scenario may have. Far above any real negotiation (the
#: shipped data's largest is DEU III, about 10,000 positions) and low enough that a file at the size
#: limit is accepted or rejected in seconds and well under 1 GB (benchmarks/RESULTS.md, "Validating
#: large files"); readers stop counting rows once past it.
MAX_RECORDS = 100_000


class Actor(WithEvidence):
    """A party to the negotiation."""

    _numeric_fields: ClassVar[tuple[str, ...]] = ("capability",)
    name: str = Field(min_length=1)
    description: str = ""
    capability: float = Field(default=1.0, ge=0, le=1e12, description="Power to influence outcomes, >= 0.")


class Issue(WithEvidence):
    """One dimension of the negotiation, on a numeric scale [lower, upper]."""

    _numeric_fields: ClassVar[tuple[str, ...]] = ("lower", "upper", "status_quo", "outcome")
    name: str = Field(min_length=1)
    description: str = ""
    lower: float = Field(default=0.0, ge=-1e12, le=1e12)
    upper: float = Field(default=100.0, ge=-1e12, le=1e12)
    status_quo: float | None = Field(default=None, description="Reference point: what happens if no agreement.")
    outcome: float | None = Field(default=None, description="The observed outcome, if known.")
    outcome_date: str | None = None
    labels: dict[float, str] = Field(default_factory=dict, description="What points of the scale mean.")
    metadata: dict[str, str | int | float | None] = Field(default_factory=dict)

    @field_validator("outcome_date", mode="before")
    @classmethod
    def _date_to_text(cls, value: Any) -> Any:
        return None if value is None else str(value)

    @model_validator(mode="after")
    def _bounds_in_order(self) -> "Issue":
        if not self.lower < self.upper:
            raise PydanticCustomError(
                "scale_order", "lower bound {lower} must be below upper bound {upper}",
                {"lower": self.lower, "upper": self.upper},
            )
        return self


class Position(WithEvidence):
    """Where one actor stands on one issue, and how much it cares."""

    _numeric_fields: ClassVar[tuple[str, ...]] = ("position", "salience")
    actor: str = Field(min_length=1)
    issue: str = Field(min_length=1)
    position: float
    salience: float = Field(ge=0, le=100, description="0-1 (0-100 inputs are divided by 100).")


@dataclass(frozen=True)
class IssueData:
    """One issue as plain arrays, in the scenario's actor order.

    Only the actors with a position on the issue are included.
    """

    issue: str
    actors: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    lower: float
    upper: float
    status_quo: float | None

    @property
    def n(self) -> int:
        return len(self.actors)


class Scenario(Strict):
    """A validated negotiation scenario.

    Build one with :func:`detente.load` (from a file) or
    :func:`~detente.scenario.problems.scenario_from_dict` (from plain data); both report every problem
    at once as a :class:`~detente.errors.ScenarioError`.
    """

    name: str = Field(min_length=1)
    description: str = ""
    source: str = Field(default="", description="Where the scenario's data come from (citation).")
    salience_scale: Literal[1, 100] | None = Field(
        default=None, description="1 (0-1) or 100 (0-100; also written '0-1', '0-100'); detected from the data "
        "when absent, where a mix of both scales is an error.")
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    positions: list[Position] = Field(min_length=1)
    war: "WarSpec | None" = Field(default=None, description="A bargaining-while-fighting game "
                                  "(see detente.scenario.war); optional.")

    @field_validator("salience_scale", mode="before")
    @classmethod
    def _scale_as_range(cls, value: Any) -> Any:
        return {"0-1": 1, "0-100": 100}.get(value.strip(), value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        problems = _consistency_problems(self)
        if problems:
            raise PydanticCustomError(
                "scenario_consistency",
                "{count} consistency problem(s)",
                {"count": len(problems), "problems": problems},
            )
        _normalise_salience(self)
        if self.war is not None:  # again, with saliences on 0-1: the war game reads them
            self.war.attach_issues(self.issues, self.positions)
        return self

    # ------------------------------------------------------------------ access
    @property
    def actor_names(self) -> list[str]:
        return [a.name for a in self.actors]

    @property
    def issue_names(self) -> list[str]:
        return [i.name for i in self.issues]

    def actor(self, name: str) -> Actor:
        for a in self.actors:
            if a.name == name:
                return a
        raise KeyError(f"no actor named {name!r}")

    def issue(self, name: str) -> Issue:
        for i in self.issues:
            if i.name == name:
                return i
        raise KeyError(f"no issue named {name!r}")

    def issue_data(self, issue: str) -> IssueData:
        """The actors, positions, saliences and capabilities on one issue as arrays."""
        spec = self.issue(issue)
        capability = {a.name: a.capability for a in self.actors}
        order = {name: k for k, name in enumerate(self.actor_names)}
        rows = sorted((p for p in self.positions if p.issue == issue), key=lambda p: order[p.actor])
        return IssueData(
            issue=issue,
            actors=tuple(p.actor for p in rows),
            position=np.array([p.position for p in rows], dtype=float),
            salience=np.array([p.salience for p in rows], dtype=float),
            capability=np.array([capability[p.actor] for p in rows], dtype=float),
            lower=spec.lower,
            upper=spec.upper,
            status_quo=spec.status_quo,
        )

    # ------------------------------------------------------------- identity
    def to_dict(self) -> dict[str, Any]:
        """Plain data (the YAML form), without empty defaults; evidence and uncertainty last in each record."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        for key in ("actors", "issues", "positions"):
            data[key] = [_annotations_last(rec) for rec in data[key]]
        return data

    @property
    def uncertain(self) -> bool:
        """True when any number is given as a distribution."""
        return any(rec.uncertainty for rec in (*self.actors, *self.issues, *self.positions))

    def content_hash(self) -> str:
        """sha256 of the canonical JSON form: equal scenarios hash equally."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _annotations_last(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in ("evidence", "uncertainty")} | {
        k: record[k] for k in ("evidence", "uncertainty") if k in record}


# --------------------------------------------------------------------------- checks
def _consistency_problems(sc: Scenario) -> list[tuple[str, str]]:
    """Cross-record checks pydantic's field types cannot express: (field path, message)."""
    problems: list[tuple[str, str]] = []
    problems += _duplicates("actors", [a.name for a in sc.actors], "actor")
    problems += _duplicates("issues", [i.name for i in sc.issues], "issue")
    actors = {a.name for a in sc.actors}
    issues = {i.name: i for i in sc.issues}
    seen: set[tuple[str, str]] = set()
    for k, p in enumerate(sc.positions):
        where = f"positions[{k}]"
        if p.actor not in actors:
            problems.append((f"{where}.actor", f"actor {p.actor!r} is not in the actors list"))
        issue = issues.get(p.issue)
        if issue is None:
            problems.append((f"{where}.issue", f"issue {p.issue!r} is not in the issues list"))
        elif not issue.lower <= p.position <= issue.upper:
            problems.append((f"{where}.position", f"{p.actor}/{p.issue}: position {p.position:g} is "
                             f"outside the issue's scale [{issue.lower:g}, {issue.upper:g}]"))
        if (p.actor, p.issue) in seen:
            problems.append((where, f"second position for actor {p.actor!r} on issue {p.issue!r}"))
        seen.add((p.actor, p.issue))
    with_positions = {p.issue for p in sc.positions}  # once, not per issue: quadratic on large files
    for k, issue in enumerate(sc.issues):
        for field in ("status_quo", "outcome"):
            value = getattr(issue, field)
            if value is not None and not issue.lower <= value <= issue.upper:
                problems.append((f"issues[{k}].{field}", f"{issue.name}: {field} {value:g} is outside "
                                 f"the issue's scale [{issue.lower:g}, {issue.upper:g}]"))
        if issue.name not in with_positions:
            problems.append((f"issues[{k}]", f"issue {issue.name!r} has no positions"))
    problems += _salience_scale_problems(sc)
    if sc.war is not None and not problems:  # the war game reads the issues and positions it is attached to
        problems += [(f"war.{where}", message) for where, message in sc.war.attach_issues(sc.issues, sc.positions)]
    return problems


def _duplicates(field: str, names: list[str], what: str) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for k, name in enumerate(names):
        if name in seen:
            out.append((f"{field}[{k}].name", f"duplicate {what} name {name!r}"))
        seen.add(name)
    return out


def _salience_scale_problems(sc: Scenario) -> list[tuple[str, str]]:
    if sc.salience_scale == 1:
        return [(f"positions[{k}].salience", f"salience {p.salience:g} is above 1, but salience_scale is 1")
                for k, p in enumerate(sc.positions) if p.salience > 1]
    if sc.salience_scale is None:
        return _mixed_scale_problems(sc.positions)
    return []


def _mixed_scale_problems(positions: list[Position]) -> list[tuple[str, str]]:
    """A salience above 1 beside a fraction strictly between 0 and 1, with no ``salience_scale`` to decide.

    Read as 0-100, the fraction (0.8) would become 0.008; read as 0-1, the large one (80) is out of
    range. Either reading silently changes a number, so the file must say which scale it uses.
    """
    high = next((k for k, p in enumerate(positions) if p.salience > 1), None)
    low = next((k for k, p in enumerate(positions) if 0 < p.salience < 1), None)
    if high is None or low is None:
        return []
    a, b = positions[high], positions[low]
    return [(f"positions[{high}].salience",
             f"{a.actor}/{a.issue}: salience {a.salience:g} is on 0-100, but {b.actor}/{b.issue} has "
             f"salience {b.salience:g}, on 0-1: put every salience on one scale, or declare "
             f"salience_scale: 100 (0-100) or salience_scale: 1 (0-1)")]


def _normalise_salience(sc: Scenario) -> None:
    """Bring saliences to 0-1: divide by 100 when the scale is (or looks like) 0-100."""
    scale = sc.salience_scale
    if scale is None:
        scale = 100 if any(p.salience > 1 for p in sc.positions) else 1
    if scale == 100:
        for p in sc.positions:
            p.salience = p.salience / 100.0
            if "salience" in p.uncertainty:
                p.uncertainty["salience"] = p.uncertainty["salience"].divided(100.0)
    sc.salience_scale = 1
