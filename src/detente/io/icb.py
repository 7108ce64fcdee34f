"""Readers for the International Crisis Behavior (ICB) data, version 14: system level (icb1) and actor level (icb2).

Like :mod:`.cow`, these read data sets for the war-history analysis, not
scenarios. The files as found (``data/reference/war/``, see ``ATTRIBUTION.md``)
are comma-separated with LF line ends, a UTF-8 byte-order mark, no final
newline and no quoting; every row has 95 fields; codes are integers and a
blank cell is missing (crisis 474, the Houthi rebellion, has its dates and
most codes blank). Some integer codes are negative by design (``powdis``, a
power discrepancy) or ``-99`` in a few date columns, so the reader checks the
form of each cell, not its meaning. Rows are read as CSV (:mod:`._table`, shared with
the other CSV readers), so a quoted cell would be read whole.

What the codes mean is in the ICB codebook (Brecher, Wilkenfeld, Beardsley,
James & Quinn, *International Crisis Behavior Data Codebook*); the analysis
uses only the codes whose meaning it could confirm (see
``docs/explanation/war-history.md``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import Problem, ScenarioError
from ._table import data_rows, header_index, numbered_rows, raise_problems

TEXT_COLUMNS = {"icb1": ("icb1", "crisname"), "icb2": ("icb2", "actor", "crisname")}
REQUIRED = {
    "icb1": ("icb1", "crisno", "crisname", "yrtrig", "motrig", "datrig", "yrterm", "moterm", "daterm",
             "forout", "outesr"),
    "icb2": ("icb2", "crisno", "cracno", "cracid", "actor", "systrgyr", "systrgmo", "systrgda", "crisname",
             "outcom"),
}
IDENTIFIERS = {"icb1": ("crisno",), "icb2": ("crisno", "cracno", "cracid")}
MONTHS = ("motrig", "moterm", "systrgmo")
# Day cells hold 1-31 but also 66, 77 and 88, codes whose meaning we could not confirm from the
# codebook: the reader keeps them as they are and the analysis does not use ICB days.
_UNQUOTED = " (ICB files are not quoted: a comma inside a name breaks the row)"


def read_icb_crises(path: str | Path) -> pd.DataFrame:
    """Read ``icb1v14.csv``: one row per international crisis (codes as nullable integers, blank = missing)."""
    return _read(path, "icb1")


def read_icb_actors(path: str | Path) -> pd.DataFrame:
    """Read ``icb2v14.csv``: one row per crisis actor (codes as nullable integers, blank = missing)."""
    return _read(path, "icb2")


def _read(path: str | Path, level: str) -> pd.DataFrame:
    """The rows of an ICB file of ``level`` (``icb1`` or ``icb2``) as a frame, with each row's ``line``."""
    from . import read_text  # file-level checks: missing, empty, not UTF-8; strips the byte-order mark

    file = str(path)
    lines, rows = zip(*numbered_rows(read_text(path), file))
    header = [h.lower() for h in rows[0]]
    if header[:1] != [level]:
        found = header[0] if header else ""
        raise ScenarioError.single(file, "line 1", f"expected an ICB {level} file whose first column is {level!r}, "
                                   f"found {found!r}")
    header_index(header, REQUIRED[level], None, file)  # the required columns, each once
    problems: list[Problem] = []
    records = [_record(header, cells, level, file, line, problems)
               for line, cells in data_rows(list(rows), file, problems, _UNQUOTED, list(lines))]
    raise_problems(problems)
    frame = pd.DataFrame.from_records(records, columns=header + ["line"])
    for column in header:
        if column not in TEXT_COLUMNS[level]:
            frame[column] = frame[column].astype("Int64")
    return frame


def _record(header: list[str], cells: list[str], level: str, file: str, line: int,
            problems: list[Problem]) -> list:
    """One row's cells (text, whole number or None for blank) followed by its line; problems are recorded."""
    out: list = []
    for column, raw in zip(header, cells):
        if column in TEXT_COLUMNS[level]:
            if column in REQUIRED[level] and not raw:
                problems.append(Problem(file, f"line {line}, column {column}", "expected text, the cell is empty"))
            out.append(raw)
            continue
        if raw == "":
            if column in IDENTIFIERS[level]:
                problems.append(Problem(file, f"line {line}, column {column}",
                                        "expected a whole-number identifier, the cell is empty"))
            out.append(None)
            continue
        try:
            value = int(raw)
        except ValueError:
            problems.append(Problem(file, f"line {line}, column {column}", f"expected a whole number or blank, got {raw!r}"))
            out.append(None)
            continue
        _check_range(column, value, file, line, problems)
        out.append(value)
    out.append(line)
    return out


def _check_range(column: str, value: int, file: str, line: int, problems: list[Problem]) -> None:
    """Identifiers are positive and months 1-12; other codes are kept as they are (see the module docstring)."""
    if column in IDENTIFIERS["icb2"] and value < 1:
        problems.append(Problem(file, f"line {line}, column {column}", f"expected a positive identifier, got {value}"))
    elif column in MONTHS and not 1 <= value <= 12:
        problems.append(Problem(file, f"line {line}, column {column}", f"expected a month 1-12 or blank, got {value}"))
