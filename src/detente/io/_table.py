"""Helpers shared by the CSV-like readers: rows, header checks, field counts and typed cells."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator

from ..errors import Problem, ScenarioError
from ..scenario import MAX_RECORDS

_OTHER_SEPARATORS = {";": "semicolon", "\t": "tab", "|": "pipe"}
MAX_FIELD = csv.field_size_limit()  # the csv module's limit on one field (131,072 characters)
MAX_PROBLEMS = 50  # a reader that collects problems row by row stops here: enough to fix a file by


def read_rows(text: str, file: str, delimiter: str = ",") -> list[list[str]]:
    """Rows of a delimited text, cells stripped of surrounding spaces."""
    return [row for _, row in numbered_rows(text, file, delimiter)]


def numbered_rows(text: str, file: str, delimiter: str = ",", *, skipinitialspace: bool = True,
                  max_rows: int | None = None) -> list[tuple[int, list[str]]]:
    """``(physical line, cells)`` of each record, cells stripped; blank lines are kept as empty rows.

    The line is where the record starts in the file, so blank lines and quoted
    cells spanning several lines do not shift it. A record the ``csv`` module
    cannot read (a field over :data:`MAX_FIELD` characters, as an unterminated
    quote produces) is a :class:`ScenarioError` naming its line; so is a file
    of more than ``max_rows`` records (counted before reading further).
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=skipinitialspace)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            out.append((start, [cell.strip() for cell in row]))
            if max_rows is not None and len(out) > max_rows:
                raise ScenarioError.single(file, f"line {start}", f"the file has more than {max_rows:,} rows; "
                                           f"detente reads scenarios of up to {MAX_RECORDS:,} positions")
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ScenarioError.single(file, f"line {start}", _csv_problem(exc)) from None
    return out


def _csv_problem(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return (f"a field is longer than {MAX_FIELD:,} characters; is a quote left open? (a quoted field "
                "runs on, across lines, to its closing quote)")
    return f"not valid CSV: {exc}"


def data_rows(rows: list[list[str]], file: str, problems: list[Problem], why: str = "",
              lines: list[int] | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each data row (after the header) with as many fields as the header.

    Blank rows are skipped. A row with another number of fields is recorded
    in ``problems`` (``why`` is added to the message) and skipped. Stops once
    :data:`MAX_PROBLEMS` problems are recorded; raises a
    :class:`ScenarioError` if there is no data row at all. Line numbers are
    ``lines`` (the physical lines of :func:`numbered_rows`), else the rows' positions.
    """
    width, seen = len(rows[0]), False
    lines = lines or list(range(1, len(rows) + 1))
    for line, row in zip(lines[1:], rows[1:]):
        if len(problems) >= MAX_PROBLEMS:
            return
        if not any(row):
            continue
        seen = True
        if len(row) != width:
            problems.append(Problem(file, f"line {line}", f"expected {width} fields, found {len(row)}{why}"))
            continue
        yield line, row
    if not seen:
        raise ScenarioError.single(file, "", "no data rows after the header")


def raise_problems(problems: list[Problem]) -> None:
    """Raise the first :data:`MAX_PROBLEMS` problems as one :class:`ScenarioError`, if there are any."""
    if problems:
        raise ScenarioError(problems[:MAX_PROBLEMS])


def header_index(header: list[str], required: tuple[str, ...], optional: tuple[str, ...] | None,
                 file: str, delimiter: str = ",") -> dict[str, int]:
    """Map lower-cased column names to positions; every missing required column is a problem.

    ``optional`` lists the other known columns (any other column is a
    problem), or is None when a file may carry columns the reader does not use.
    """
    names = [h.strip().lower() for h in header]
    if len(names) == 1 and delimiter == ",":
        for sep, word in _OTHER_SEPARATORS.items():
            if sep in header[0]:
                raise ScenarioError.single(file, "line 1", f"the header has one column and contains {word}s; "
                                           f"expected comma-separated columns {','.join(required)}")
    missing = [c for c in required if c not in names]
    if missing:
        raise ScenarioError.single(file, "line 1", f"missing column(s) {', '.join(missing)}; expected a header "
                                   f"with {','.join(required)} (found: {','.join(names)})")
    known = set(required) | set(optional or ())
    unknown = [n for n in names if n and n not in known] if optional is not None else []
    if unknown:
        raise ScenarioError.single(file, "line 1", f"unknown column(s) {', '.join(unknown)}; "
                                   f"known columns: {', '.join(required + optional)}")
    dupes = sorted({n for n in names if n and names.count(n) > 1})
    if dupes:
        raise ScenarioError.single(file, "line 1", f"column(s) {', '.join(dupes)} appear more than once")
    return {n: k for k, n in enumerate(names) if n}


class Cells:
    """Typed access to one row, collecting problems instead of stopping at the first."""

    def __init__(self, row: list[str], index: dict[str, int], file: str, line: int, problems: list[Problem]):
        self.row, self.index, self.file, self.line, self.problems = row, index, file, line, problems

    def text(self, column: str, default: str = "") -> str:
        k = self.index.get(column)
        return self.row[k] if k is not None and k < len(self.row) else default

    def number(self, column: str, required: bool = True) -> float | None:
        """A finite float, or None (blank, and not required); records a problem otherwise."""
        raw = self.text(column)
        if raw == "":
            if required:
                self.problem(column, "expected a number, the cell is empty")
            return None
        try:
            value = float(raw)
        except ValueError:
            self.problem(column, f"expected a number, got {raw!r}")
            return None
        if not math.isfinite(value):
            self.problem(column, f"expected a finite number, got {raw!r}")
            return None
        return value

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, f"line {self.line}, column {column}", message))
