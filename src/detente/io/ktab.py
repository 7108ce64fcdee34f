"""KTAB's Spatial Model of Politics (SMP) scenario CSV.

Layout (KAPSARC's KTAB, ``examples/smp/doc``; MIT licence, see
``data/reference/ktab/LICENSE-KTAB-MIT.txt``):

1. ``scenario name, description, number of actors, number of dimensions``
   (some files add a ``0`` and empty padding fields);
2. header ``Actor, Description, Power|Influence, <pos 1>, <sal 1>, <pos 2>, <sal 2>, ...``;
3. one row per actor: id, description, power, then a position and a salience
   per dimension, both on 0-100.

Fields may be padded with spaces; the trailing comma is optional; line ends LF
or CRLF. Each dimension becomes an issue on 0-100, named after its position
column without the word "Position" (``Dim0 Position`` -> ``Dim0``). Power
becomes capability; saliences are divided by 100 (KTAB does the same).
"""

from __future__ import annotations

from ..errors import Problem, ScenarioError
from ..scenario import MAX_RECORDS, Scenario, scenario_from_dict
from .format import Format
from ._table import numbered_rows


def _trimmed(row: list[str]) -> list[str]:
    row = list(row)
    while row and row[-1] == "":
        row.pop()
    return row


def sniff(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()][:2]
    if len(lines) < 2:
        return False
    head = [c.strip().lower() for c in lines[1].split(",")]
    return head[:2] == ["actor", "description"] and len(head) > 2 and head[2] in ("power", "influence")


def _issue_name(column: str) -> str:
    name = column.strip()
    for suffix in (" Position", " position"):
        if name.endswith(suffix):
            return name[: -len(suffix)].strip()
    return name


def read(text: str, file: str) -> Scenario:
    """Parse a KTAB SMP CSV into a scenario with one issue per dimension."""
    numbered = [(n, _trimmed(r)) for n, r in numbered_rows(text, file, max_rows=MAX_RECORDS + 2)]
    numbered = [(n, r) for n, r in numbered if r]
    rows = [r for _, r in numbered]
    problems: list[Problem] = []
    if len(rows) < 3:
        raise ScenarioError.single(file, "", "expected a scenario line, a header line and actor rows")
    (first_line, first), (header_line, header), body = numbered[0], numbered[1], numbered[2:]
    try:
        n_actors, n_dims = int(first[2]), int(first[3])
    except (IndexError, ValueError):
        raise ScenarioError.single(file, f"line {first_line}", "expected 'name, description, number of actors, number of "
                                   f"dimensions', got {','.join(first)!r}") from None
    if len(header) != 3 + 2 * n_dims:
        raise ScenarioError.single(file, f"line {header_line}", f"header has {len(header)} columns; {n_dims} dimension(s) need "
                                   f"{3 + 2 * n_dims} (actor, description, power, then position and salience each)")
    issues = [_issue_name(header[3 + 2 * d]) for d in range(n_dims)]
    if len(set(issues)) != len(issues):
        issues = [f"{name} {d + 1}" for d, name in enumerate(issues)]
    if len(body) != n_actors:
        problems.append(Problem(file, f"line {first_line}", f"says {n_actors} actors, but the file has {len(body)} actor rows"))
    actors, positions, lines = [], [], {}
    for line, row in body:
        if len(row) != len(header):
            problems.append(Problem(file, f"line {line}", f"row has {len(row)} fields, the header {len(header)}"))
            continue
        values = []
        for col, raw in zip(header[2:], row[2:]):
            try:
                values.append(float(raw))
            except ValueError:
                problems.append(Problem(file, f"line {line}, column {col.strip()}", f"expected a number, got {raw!r}"))
        if len(values) != len(header) - 2:
            continue
        lines[f"actors[{len(actors)}]"] = f"line {line}"
        lines |= {f"positions[{len(positions) + d}]": f"line {line}" for d in range(len(issues))}
        actors.append({"name": row[0], "description": row[1], "capability": values[0]})
        for d, issue in enumerate(issues):
            positions.append({"actor": row[0], "issue": issue, "position": values[1 + 2 * d],
                              "salience": values[2 + 2 * d]})
    if problems:
        raise ScenarioError(problems)
    data = {"name": first[0], "description": first[1], "source": "KTAB SMP scenario (KAPSARC, MIT licence)",
            "salience_scale": 100, "actors": actors, "issues": [{"name": i} for i in issues], "positions": positions}
    return scenario_from_dict(data, file, lines)


FORMAT = Format(
    name="ktab",
    description="KTAB SMP scenario CSV (name line, header, actor rows; dimensions -> issues)",
    suffixes=(".csv",),
    sniff=sniff,
    read=read,
)
