"""detente's tidy CSV: one row per actor x issue.

Required columns: ``actor, issue, position, salience``. Optional:
``capability`` (per actor; must be the same on all of an actor's rows),
``lower, upper, status_quo, outcome, outcome_date`` (per issue, likewise),
``actor_description, issue_description``, and evidence for any of
capability, position or salience as ``<field>_source``, ``<field>_date``,
``<field>_note``. The scenario's ``name``, ``description`` and ``source`` are the
columns ``scenario, scenario_description, scenario_source`` (the same on every
row); without a ``scenario`` column the name is the file's stem.

:func:`write` writes every column, so a scenario written and read back is the
same scenario (``tests/io/test_tidy_round_trip.py``), as long as it holds only
what a table of actor x issue rows can: plain numbers (a distribution is
written as the value ``forecast`` uses), no issue labels or metadata, no
``war:`` section. YAML keeps all of those.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..scenario import MAX_RECORDS, Scenario, scenario_from_dict
from .format import Format
from ._table import Cells, header_index, numbered_rows

REQUIRED = ("actor", "issue", "position", "salience")
_ACTOR_NUMBERS = ("capability",)
_ISSUE_NUMBERS = ("lower", "upper", "status_quo", "outcome")
_EVIDENCE_FIELDS = ("capability", "position", "salience")
_SCENARIO_COLUMNS = ("scenario", "scenario_description", "scenario_source")
OPTIONAL = (
    _ACTOR_NUMBERS + _ISSUE_NUMBERS
    + ("outcome_date", "actor_description", "issue_description")
    + _SCENARIO_COLUMNS
    + tuple(f"{f}_{part}" for f in _EVIDENCE_FIELDS for part in ("source", "date", "note"))
)


def sniff(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].lower().replace(" ", "")
    cols = first.split(",")
    return all(c in cols for c in REQUIRED)


def read(text: str, file: str) -> Scenario:
    """Parse the tidy CSV into a scenario (actors and issues in order of first appearance)."""
    numbered = [(n, r) for n, r in numbered_rows(text, file, max_rows=MAX_RECORDS + 1) if any(r)]
    rows = [r for _, r in numbered]
    index = header_index(rows[0], REQUIRED, OPTIONAL, file)
    problems: list[Problem] = []
    actors: dict[str, dict] = {}
    issues: dict[str, dict] = {}
    positions: list[dict] = []
    about: dict[str, dict] = {}  # the scenario's name, description and source, the same on every row
    lines: dict[str, str] = {}
    first_line: dict[tuple[str, str], int] = {}
    for line, row in numbered[1:]:
        cells = Cells(row, index, file, line, problems)
        if len(row) > len(rows[0]):
            cells.problem("-", f"row has {len(row)} cells, the header has {len(rows[0])}")
            continue
        actor, issue = cells.text("actor"), cells.text("issue")
        if not actor:
            cells.problem("actor", "expected an actor name, the cell is empty")
        if not issue:
            cells.problem("issue", "expected an issue name, the cell is empty")
        record = {"actor": actor, "issue": issue,
                  "position": cells.number("position"), "salience": cells.number("salience")}
        evidence = _evidence(cells)
        if evidence:
            record["evidence"] = evidence
        lines[f"positions[{len(positions)}]"] = f"line {line}"
        first_line.setdefault(("actors", actor), line)
        first_line.setdefault(("issues", issue), line)
        positions.append(record)
        a = {"name": actor, "description": cells.text("actor_description")}
        if "capability" in index:
            a["capability"] = cells.number("capability")
            if "capability" in evidence:
                a["evidence"] = {"capability": record["evidence"].pop("capability")}
        _merge(actors, actor, a, cells)
        i = {"name": issue, "description": cells.text("issue_description")}
        for col in _ISSUE_NUMBERS:
            if col in index:
                i[col] = cells.number(col, required=col in ("lower", "upper"))
        if cells.text("outcome_date"):
            i["outcome_date"] = cells.text("outcome_date")
        _merge(issues, issue, {k: v for k, v in i.items() if v is not None}, cells)
        _merge(about, "the scenario", {c: cells.text(c) for c in _SCENARIO_COLUMNS}, cells)
    if len(rows) < 2:
        problems.append(Problem(file, "", "no data rows after the header"))
    if problems:
        raise ScenarioError(problems)
    scenario = about.get("the scenario", {})
    data = {"name": scenario.get("scenario") or Path(file).stem, "actors": list(actors.values()),
            "issues": list(issues.values()), "positions": positions,
            **{key: scenario[f"scenario_{key}"] for key in ("description", "source") if scenario.get(f"scenario_{key}")}}
    for kind, records in (("actors", actors), ("issues", issues)):
        for k, name in enumerate(records):
            lines[f"{kind}[{k}]"] = f"line {first_line[(kind, name)]}"
    return scenario_from_dict(data, file, lines)


def _evidence(cells: Cells) -> dict:
    out = {}
    for field in _EVIDENCE_FIELDS:
        source = cells.text(f"{field}_source")
        if source:
            ev = {"source": source}
            for part in ("date", "note"):
                if cells.text(f"{field}_{part}"):
                    ev[part] = cells.text(f"{field}_{part}")
            out[field] = ev
    return out


def _merge(records: dict[str, dict], key: str, record: dict, cells: Cells) -> None:
    """Keep the first record for ``key``; a later row that disagrees is a problem."""
    if not key:
        return
    first = records.setdefault(key, record)
    for field, value in record.items():
        if field in ("name", "evidence") or value in (None, ""):
            continue
        if first.get(field) in (None, ""):
            first[field] = value
        elif first[field] != value:
            cells.problem(field, f"{key!r} has {field} {first[field]!r} on an earlier row and {value!r} here")


def write(scenario: Scenario) -> str:
    """The scenario as tidy CSV, every optional column present."""
    columns = ("actor", "issue", "position", "salience", "capability", "lower", "upper", "status_quo",
               "outcome", "outcome_date", "actor_description", "issue_description",
               "capability_source", "capability_date", "capability_note",
               "position_source", "position_date", "position_note",
               "salience_source", "salience_date", "salience_note",
               "scenario", "scenario_description", "scenario_source")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    actors = {a.name: a for a in scenario.actors}
    issues = {i.name: i for i in scenario.issues}
    for p in scenario.positions:
        a, i = actors[p.actor], issues[p.issue]
        ev = {**{f"capability_{k}": v for k, v in _ev(a.evidence.get("capability")).items()},
              **{f"position_{k}": v for k, v in _ev(p.evidence.get("position")).items()},
              **{f"salience_{k}": v for k, v in _ev(p.evidence.get("salience")).items()}}
        values = {"actor": p.actor, "issue": p.issue, "position": p.position, "salience": p.salience,
                  "capability": a.capability, "lower": i.lower, "upper": i.upper,
                  "status_quo": i.status_quo, "outcome": i.outcome, "outcome_date": i.outcome_date,
                  "actor_description": a.description, "issue_description": i.description, **ev,
                  "scenario": scenario.name, "scenario_description": scenario.description,
                  "scenario_source": scenario.source}
        writer.writerow(["" if values.get(c) is None else _fmt(values.get(c, "")) for c in columns])
    return out.getvalue()


def _ev(evidence) -> dict:
    return {} if evidence is None else evidence.model_dump(exclude_none=True)


def _fmt(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)


FORMAT = Format(
    name="csv",
    description="detente tidy CSV: actor,issue,position,salience[,capability,lower,upper,...]",
    suffixes=(".csv",),
    sniff=sniff,
    read=read,
    write=write,
)
