"""The EUM CSV of expected-utility tutorials and ports: one issue, one row per actor.

Header (case-insensitive): ``actor,capability,position,salience``, as in
``jmckib/bdm-scholz-expected-utility-model``; the header of
``dmasad/BDM_DecisionModel_Replication``, ``stakeholder,resources,position,salience``,
is read too. Saliences may be on 0-1 or 0-100 (normalised by the scenario);
positions on any scale: the issue's scale is the range of the positions
(widened by 1 on both sides if every actor holds the same one). The issue is
named after the file's stem. Line ends may be LF, CRLF or a bare CR (the
dmasad files). Blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..scenario import MAX_RECORDS, Scenario, scenario_from_dict
from .format import Format
from ._table import Cells, header_index, numbered_rows

ALIASES = {"stakeholder": "actor", "resources": "capability"}
REQUIRED = ("actor", "capability", "position", "salience")


def _canonical(header: list[str]) -> list[str]:
    return [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]


def sniff(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    cols = _canonical(first.split(","))
    return sorted(c for c in cols if c) == sorted(REQUIRED)


def read(text: str, file: str) -> Scenario:
    """Parse the EUM CSV into a one-issue scenario."""
    numbered = [(n, r) for n, r in numbered_rows(text, file, max_rows=MAX_RECORDS + 1) if any(r)]
    rows = [r for _, r in numbered]
    header = _canonical(rows[0])
    index = header_index(header, REQUIRED, (), file)
    problems: list[Problem] = []
    actors, positions = [], []
    issue = Path(file).stem or "issue"
    lines: dict[str, str] = {}
    for line, row in numbered[1:]:
        cells = Cells(row, index, file, line, problems)
        if len(row) != len(header):
            cells.problem("-", f"row has {len(row)} cells, expected {len(header)} ({','.join(REQUIRED)})")
            continue
        name = cells.text("actor")
        if not name:
            cells.problem("actor", "expected an actor name, the cell is empty")
        lines[f"actors[{len(actors)}]"] = lines[f"positions[{len(actors)}]"] = f"line {line}"
        actors.append({"name": name, "capability": cells.number("capability")})
        positions.append({"actor": name, "issue": issue, "position": cells.number("position"),
                          "salience": cells.number("salience")})
    if len(rows) < 2:
        problems.append(Problem(file, "", "no actor rows after the header"))
    if problems:
        raise ScenarioError(problems)
    values = [p["position"] for p in positions]
    lower, upper = min(values), max(values)
    if lower == upper:
        lower, upper = lower - 1, upper + 1
    data = {"name": issue, "source": f"EUM CSV {Path(file).name}", "actors": actors,
            "issues": [{"name": issue, "lower": lower, "upper": upper}], "positions": positions}
    return scenario_from_dict(data, file, lines)


def write(scenario: Scenario) -> str:
    """A one-issue scenario as EUM CSV (saliences on 0-1)."""
    if len(scenario.issues) != 1:
        raise ScenarioError.single("<output>", "", f"the EUM CSV holds one issue; this scenario has "
                                   f"{len(scenario.issues)}: save it as YAML or tidy CSV instead")
    data = scenario.issue_data(scenario.issue_names[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REQUIRED)
    for name, c, x, s in zip(data.actors, data.capability, data.position, data.salience):
        writer.writerow([name, repr(float(c)), repr(float(x)), repr(float(s))])
    return out.getvalue()


FORMAT = Format(
    name="eum",
    description="EUM CSV: actor,capability,position,salience (one issue)",
    suffixes=(".csv",),
    sniff=sniff,
    read=read,
    write=write,
)
