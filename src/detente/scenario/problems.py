"""The scenario's boundary: plain data (YAML, JSON, rows of a table) in, a validated :class:`Scenario` or
every problem found out, each naming the file, the record or line, the field and what was expected.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import Problem, ScenarioError
from .schema import MAX_RECORDS, Scenario

__all__ = ["scenario_from_dict", "problems_from_validation", "located", "field_path", "record_label"]


def scenario_from_dict(data: Any, file: str = "<input>", locations: dict[str, str] | None = None) -> Scenario:
    """Validate plain data (as read from YAML or JSON) into a :class:`Scenario`.

    ``locations`` maps record paths (``"positions[3]"``) to places in the file
    (``"line 5"``), so that readers of row-based formats report lines.

    Raises
    ------
    ScenarioError
        With one :class:`~detente.errors.Problem` per thing wrong.
    """
    if not isinstance(data, dict):
        raise ScenarioError.single(file, "", f"expected a mapping with name, actors, issues and positions, "
                                   f"got {type(data).__name__}")
    for key in ("actors", "issues", "positions"):
        if isinstance(data.get(key), list) and len(data[key]) > MAX_RECORDS:
            raise ScenarioError.single(file, key, f"{len(data[key]):,} {key}; detente reads scenarios of up to "
                                       f"{MAX_RECORDS:,} {key} (the models' cost grows with the square of them)")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, file, data)
        raise ScenarioError([located(p, locations) for p in problems] if locations else problems) from None


def located(problem: Problem, locations: dict[str, str]) -> Problem:
    """``positions[3].salience`` -> ``line 5, field salience`` when positions[3] came from line 5."""
    record, dot, rest = problem.where.partition("].")
    key = record + "]" if dot else problem.where
    if key in locations:
        where = locations[key] + (f", field {rest}" if dot else "")
        return Problem(problem.file, where, problem.message)
    return problem


def problems_from_validation(exc: ValidationError, file: str, data: Any = None) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` lines with readable field paths."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        if err["type"] == "scenario_consistency":
            problems += [Problem(file, where, msg) for where, msg in err["ctx"]["problems"]]
            continue
        if err["type"] == "war_consistency":  # detente.scenario.war: paths inside the war section
            prefix = field_path(err["loc"])
            problems += [Problem(file, f"{prefix}.{where}", msg) for where, msg in err["ctx"]["problems"]]
            continue
        where = field_path(err["loc"])
        label = record_label(data, err["loc"])
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field (not part of the scenario format)"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif "input" in err and err["type"] not in ("missing",) and not isinstance(err["input"], (dict, list)):
            message = f"{message} (got {err['input']!r})"
        problems.append(Problem(file, where, f"{label}{message}"))
    return problems


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def record_label(data: Any, loc: tuple[Any, ...]) -> str:
    """'Germany/emissions: ' for a positions[k] error, 'Germany: ' for an actors[k] one."""
    if not isinstance(data, dict) or len(loc) < 2 or not isinstance(loc[1], int):
        return ""
    records = data.get(loc[0])
    if not isinstance(records, list) or loc[1] >= len(records) or not isinstance(records[loc[1]], dict):
        return ""
    rec = records[loc[1]]
    if loc[0] == "positions" and "actor" in rec and "issue" in rec:
        return f"{rec['actor']}/{rec['issue']}: "
    if "name" in rec:
        return f"{rec['name']}: "
    return ""
