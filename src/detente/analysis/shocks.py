"""Counterfactual shocks: what if an actor had taken another position, lost half its power, or left?

A shock is a list of changes applied to a scenario:

- ``set``: ``"Russia.territory.position=70"``, ``"Russia.capability*=0.5"``,
  ``"Russia.territory.salience+=0.1"``, ``"territory.status_quo=20"``;
- ``drop``: actors to remove (with their positions);
- ``add_actors``: ``{name, capability, positions: {issue: {position, salience}}}``.

Written in YAML (``detente compare FILE --shock shock.yaml``)::

    name: Russia halves its demands
    set: ["Russia.territory.position=50", "Russia.capability*=0.8"]
    drop: [Turkey]
    add_actors:
      - {name: China, capability: 0.3, positions: {territory: {position: 40, salience: 0.5}}}

or with the CLI's ``--set``, ``--drop`` and ``--add-actor`` options. A
shock is applied to each Monte Carlo draw of the baseline (common random
numbers): a ``set`` replaces the drawn value, ``*=`` and ``+=`` change it.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ScenarioError
from ..scenario import Scenario, problems_from_validation, scenario_from_dict

_SET = re.compile(r"^(?P<path>.+?)\s*(?P<op>\*=|\+=|=)\s*(?P<value>[-+0-9.eE]+)$")
_FIELDS = {"capability": "actors", "position": "positions", "salience": "positions",
           "status_quo": "issues", "lower": "issues", "upper": "issues"}


class NewActor(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    capability: float = Field(default=1.0, ge=0)
    positions: dict[str, dict[str, float]] = Field(default_factory=dict)


class Shock(BaseModel):
    """A named set of changes to a scenario."""

    model_config = ConfigDict(extra="forbid")
    name: str = "shock"
    description: str = ""
    set: list[str] = Field(default_factory=list)
    drop: list[str] = Field(default_factory=list)
    add_actors: list[NewActor] = Field(default_factory=list)

    def apply(self, scenario: Scenario) -> Scenario:
        """The shocked scenario (validated again: a shock cannot produce an invalid scenario)."""
        data = scenario.to_dict()
        for change in self.set:
            _apply_set(data, scenario, change)
        unknown = [a for a in self.drop if a not in scenario.actor_names]
        if unknown:
            raise ValueError(f"drop: no actor named {', '.join(map(repr, unknown))}")
        data["actors"] = [a for a in data["actors"] if a["name"] not in self.drop]
        data["positions"] = [p for p in data["positions"] if p["actor"] not in self.drop]
        for new in self.add_actors:
            data["actors"].append({"name": new.name, "capability": new.capability})
            for issue, spec in new.positions.items():
                data["positions"].append({"actor": new.name, "issue": issue, **spec})
        return scenario_from_dict(data, f"shock {self.name!r}")


def _apply_set(data: dict, scenario: Scenario, change: str) -> None:
    match = _SET.match(change.strip())
    if not match:
        raise ValueError(f"set {change!r}: expected PATH=VALUE, PATH*=FACTOR or PATH+=DELTA, "
                         f"e.g. 'Russia.territory.position=70'")
    path, op, value = match["path"], match["op"], float(match["value"])
    target, field = _resolve(path, scenario)
    record = _find(data, target)
    old = record.get(field, 1.0 if field == "capability" else None)
    if op != "=" and old is None:
        raise ValueError(f"set {change!r}: {path} has no value to change")
    record[field] = value if op == "=" else old * value if op == "*=" else old + value
    record.get("uncertainty", {}).pop(field, None)  # the shock fixes the value: drop the distribution
    if "uncertainty" in record and not record["uncertainty"]:
        del record["uncertainty"]


def _resolve(path: str, scenario: Scenario) -> tuple[tuple, str]:
    """``(("actors", name) | ("positions", actor, issue) | ("issues", name), field)`` for a dotted path."""
    head, _, field = path.rpartition(".")
    if field not in _FIELDS or not head:
        raise ValueError(f"path {path!r}: the last part must be one of {', '.join(_FIELDS)}")
    kind = _FIELDS[field]
    if kind == "actors":
        if head not in scenario.actor_names:
            raise ValueError(f"path {path!r}: no actor named {head!r}")
        return ("actors", head), field
    if kind == "issues":
        if head not in scenario.issue_names:
            raise ValueError(f"path {path!r}: no issue named {head!r}")
        return ("issues", head), field
    for actor in sorted(scenario.actor_names, key=len, reverse=True):  # names may contain dots
        if head.startswith(actor + ".") and head[len(actor) + 1:] in scenario.issue_names:
            return ("positions", actor, head[len(actor) + 1:]), field
    raise ValueError(f"path {path!r}: expected ACTOR.ISSUE.{field} with a known actor and issue")


def _find(data: dict, target: tuple) -> dict[str, Any]:
    if target[0] == "positions":
        for p in data["positions"]:
            if p["actor"] == target[1] and p["issue"] == target[2]:
                return p
        raise ValueError(f"{target[1]} has no position on {target[2]}")
    for rec in data[target[0]]:
        if rec["name"] == target[1]:
            return rec
    raise AssertionError("unreachable: names were resolved against the scenario")


def parse_new_actor(text: str) -> NewActor:
    """``"China,capability=0.3,territory=40@0.5"``: name, then capability and ISSUE=POSITION@SALIENCE items."""
    name, *items = [t.strip() for t in text.split(",")]
    spec: dict[str, Any] = {"name": name, "positions": {}}
    for item in items:
        key, _, value = item.partition("=")
        try:
            if key == "capability":
                spec["capability"] = float(value)
            else:
                position, _, salience = value.partition("@")
                spec["positions"][key] = {"position": float(position), "salience": float(salience or 1.0)}
        except ValueError:
            raise ValueError(f"--add-actor {text!r}: expected NAME,capability=C,ISSUE=POSITION@SALIENCE,...") from None
    return NewActor(**spec)


def load_shock(path, file: str | None = None) -> Shock:
    """Read a shock file (YAML); problems as a ScenarioError naming the file and field."""
    from ..io import read_text
    from ..io.yaml_format import parse  # deep nesting, repeated keys, size: errors naming the line

    file = file or str(path)
    data = parse(read_text(path), file)
    try:
        return Shock.model_validate(data if isinstance(data, dict) else {"__root__": data})
    except ValidationError as exc:
        raise ScenarioError(problems_from_validation(exc, file)) from None
