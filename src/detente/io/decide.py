"""Decide's record format (the input of the Decide exchange-model tool).

One record per line, the first field a tag:

- ``#A`` actor: id, display name, comment;
- ``#P`` issue: id, name, description;
- ``#M`` a point of an issue's scale: issue id, value, optional description
  (kept as the issue's ``labels``); the issue's bounds are its lowest and
  highest ``#M`` values, 0-100 when it has none (Decide's documented default);
- ``#D`` actor-issue data: actor id, issue id, position, salience (0-1),
  power. Power becomes the actor's capability and must be the same on all of
  its rows;
- ``#O`` (title) and ``#/`` (comment) lines are ignored.

Two dialects occur in Decide's own files and both are read: *quoted*
(tab-separated, every text field in single quotes, e.g. ``'#A'``) and *plain*
(no quotes; tab- or semicolon-separated, trailing empty fields optional).
Attribution of the example files: see ``data/reference/ATTRIBUTION.md``
(Decide, Stokman & Van Oosten 1994).
"""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..scenario import Scenario, scenario_from_dict
from .format import Format

TAGS = {"#A": 1, "#P": 1, "#M": 2, "#D": 5}  # minimum fields after the tag (trailing empty ones dropped)


def sniff(text: str) -> bool:
    for line in text.split("\n"):
        if line.strip():
            return _unquote(line.replace(";", "\t").split("\t")[0]) in (*TAGS, "#O", "#/")
    return False


def _unquote(field: str) -> str:
    field = field.strip()
    if len(field) >= 2 and field[0] == field[-1] == "'":
        return field[1:-1]
    return field


def _fields(line: str, delimiter: str) -> list[str]:
    parts = [_unquote(f) for f in line.split(delimiter)]
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def _delimiter(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return "\t" if "\t" in line else ";"
    return "\t"


def read(text: str, file: str) -> Scenario:
    """Parse a Decide file into a scenario (issue ids become issue names)."""
    delimiter = _delimiter(text)
    problems: list[Problem] = []
    actors: dict[str, dict] = {}
    issues: dict[str, dict] = {}
    scale: dict[str, list[tuple[float, str]]] = {}
    rows: list[tuple[int, list[str]]] = []
    power: dict[str, tuple[float, int]] = {}

    def problem(line: int, message: str) -> None:
        problems.append(Problem(file, f"line {line}", message))

    def number(line: int, tag: str, what: str, raw: str) -> float | None:
        try:
            value = float(raw)
        except ValueError:
            problem(line, f"{tag} record: {what} must be a number, got {raw!r}")
            return None
        if not math.isfinite(value):
            problem(line, f"{tag} record: {what} must be a finite number, got {raw!r}")
            return None
        return value

    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        fields = _fields(raw, delimiter)
        tag, rest = fields[0], fields[1:]
        if tag in ("#O", "#/"):
            continue
        if tag not in TAGS:
            problem(line, f"unknown record {tag!r}; expected #A, #P, #M, #D (or #O, #/)")
            continue
        if len(rest) < TAGS[tag]:
            problem(line, f"{tag} record has {len(rest)} field(s) after the tag, expected {TAGS[tag]}")
            continue
        if tag == "#A":
            if rest[0] in actors:
                problem(line, f"#A record: actor {rest[0]!r} declared twice")
            actors[rest[0]] = {"name": rest[0], "description": rest[2] if len(rest) > 2 else ""}
        elif tag == "#P":
            if rest[0] in issues:
                problem(line, f"#P record: issue {rest[0]!r} declared twice")
            desc = next((d for d in rest[2:0:-1] if d and d != rest[0]), "")
            issues[rest[0]] = {"name": rest[0], "description": desc}
        elif tag == "#M":
            value = number(line, tag, "scale value", rest[1])
            if value is not None:
                scale.setdefault(rest[0], []).append((value, rest[2] if len(rest) > 2 else ""))
        else:
            rows.append((line, rest))
    positions = []
    for line, (actor, issue, pos, sal, pw) in ((ln, r[:5]) for ln, r in rows):
        if actor not in actors:
            problem(line, f"#D record: actor {actor!r} has no #A record")
        if issue not in issues:
            problem(line, f"#D record: issue {issue!r} has no #P record")
        values = [number(line, "#D", what, raw) for what, raw in
                  (("position", pos), ("salience", sal), ("power", pw))]
        if None in values:
            continue
        position, salience, pw_value = values
        if not 0 <= salience <= 1:
            problem(line, f"#D record: salience {salience:g} of {actor}/{issue} must be within 0-1")
        if pw_value < 0:
            problem(line, f"#D record: power {pw_value:g} of {actor} must be >= 0")
        seen = power.setdefault(actor, (pw_value, line))
        if seen[0] != pw_value:
            problem(line, f"#D record: power {pw_value:g} of {actor} differs from {seen[0]:g} on line {seen[1]}")
        positions.append({"actor": actor, "issue": issue, "position": position, "salience": salience, "_line": line})
    for name, points in scale.items():
        if name not in issues:
            problems.append(Problem(file, "", f"#M record for issue {name!r}, which has no #P record"))
    if not rows:
        problems.append(Problem(file, "", "no #D records (actor positions) found"))
    for name, issue in issues.items():
        points = scale.get(name, [])
        if points:
            values = [v for v, _ in points]
            issue["lower"], issue["upper"] = min(values), max(values)
            labels = {v: d for v, d in points if d}
            if labels:
                issue["labels"] = labels
    for p in positions:
        line = p.pop("_line")
        issue = issues.get(p["issue"])
        lower, upper = (issue.get("lower", 0.0), issue.get("upper", 100.0)) if issue else (-math.inf, math.inf)
        if not lower <= p["position"] <= upper:
            problem(line, f"#D record: position {p['position']:g} of {p['actor']}/{p['issue']} is outside the "
                          f"issue's scale [{lower:g}, {upper:g}] (from its #M records, or 0-100 without them)")
    if problems:
        raise ScenarioError(sorted(problems, key=lambda pr: int(pr.where.split()[-1]) if pr.where else 0))
    for name, actor in actors.items():
        if name in power:
            actor["capability"] = power[name][0]
    data = {"name": Path(file).stem, "source": f"Decide file {Path(file).name}", "salience_scale": 1,
            "actors": list(actors.values()), "issues": list(issues.values()), "positions": positions}
    return scenario_from_dict(data, file)


FORMAT = Format(
    name="decide",
    description="Decide records #A/#P/#M/#D (quoted or plain, tab or semicolon)",
    suffixes=(".txt", ".csv"),
    sniff=sniff,
    read=read,
)
