"""Reader of the front record: the Russian-occupied area of Ukraine by day, month and oblast (DeepStateMap).

Like :mod:`.cow`, this reads a data set, not a scenario: :func:`read_front`
returns a validated :class:`FrontRecord` for the war game's calibration
(:mod:`detente.analysis.war.calibration`) and its check against what followed
a node (:mod:`detente.analysis.war.aftermath`). **Credit DeepStateMap**
(https://deepstatemap.live) in any use of these numbers; the shipped copy, its
method and its checks are in ``data/reference/war/ukraine-front/README.md``.

A record is a folder of four comma-separated files with these exact headers:

* ``occupied_area.csv``: ``date, occupied_km2, source_repo, source_path, source_commit``;
* ``monthly.csv``: ``month, occupied_km2, net_change_km2, n_snapshots``;
* ``occupied_by_oblast.csv``: ``date`` and the areas of the oblasts;
* ``method_changes.csv``: ``date, prev_date, step_km2, note`` (map redrawing, not fighting).

Each row is checked on its own (pydantic: dates, finite areas within Ukraine's
603,550 km2, a 40-digit commit), then the files together: dates strictly
increasing, months consecutive, each month's net change equal to the change of
its level, each month's level the last daily value of that month and its
``n_snapshots`` the count of daily rows, the oblast file on the daily file's
dates. Every problem names the file, the line and the column and says what
was expected; all are collected before one :class:`ScenarioError` is raised.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import Problem, ScenarioError
from ._table import data_rows, raise_problems, read_rows

UKRAINE_KM2 = 603_550.0  # Ukraine's official area (State Statistics Service), the upper bound of any level
FILES = {"daily": "occupied_area.csv", "monthly": "monthly.csv", "by_oblast": "occupied_by_oblast.csv",
         "method_changes": "method_changes.csv"}
OBLASTS = ("donetsk", "luhansk", "zaporizhzhia", "kherson", "four_claimed_oblasts", "crimea", "other_oblasts",
           "outside_outline")
CHANGE_TOLERANCE_KM2 = 0.15  # each level is rounded to 0.1 km2, so a difference of two may be off by 0.1
_Area = Field(ge=0.0, le=UKRAINE_KM2, allow_inf_nan=False)


class FrontDay(BaseModel):
    """One day's occupied area and the archive file it was measured on."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: date
    occupied_km2: float = Field(gt=0.0, le=UKRAINE_KM2, allow_inf_nan=False)
    source_repo: str = Field(pattern=r"^[\w.-]+/[\w.-]+$")
    source_path: str = Field(min_length=1)
    source_commit: str = Field(pattern=r"^[0-9a-f]{40}$")


class FrontMonth(BaseModel):
    """One month's closing level and net change (blank for the first month), with its number of daily rows."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    occupied_km2: float = Field(gt=0.0, le=UKRAINE_KM2, allow_inf_nan=False)
    net_change_km2: float | None = Field(ge=-UKRAINE_KM2, le=UKRAINE_KM2, allow_inf_nan=False)
    n_snapshots: int = Field(ge=1, le=31)


class OblastDay(BaseModel):
    """One day's occupied area split by oblast (see the shipped README for the boundaries' limits)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: date
    donetsk: float = _Area
    luhansk: float = _Area
    zaporizhzhia: float = _Area
    kherson: float = _Area
    four_claimed_oblasts: float = _Area
    crimea: float = _Area
    other_oblasts: float = _Area
    outside_outline: float = _Area


class MethodChange(BaseModel):
    """A day-to-day step that comes from redrawing the map, not from fighting."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: date
    prev_date: date
    step_km2: float = Field(ge=-UKRAINE_KM2, le=UKRAINE_KM2, allow_inf_nan=False)
    note: str = Field(min_length=1)


COLUMNS = {key: tuple(model.model_fields) for key, model in
           (("daily", FrontDay), ("monthly", FrontMonth), ("by_oblast", OblastDay), ("method_changes", MethodChange))}


@dataclass(frozen=True)
class FrontRecord:
    """The validated record: daily, monthly, by-oblast rows and the map-method steps, each in date order."""

    daily: tuple[FrontDay, ...]
    monthly: tuple[FrontMonth, ...]
    by_oblast: tuple[OblastDay, ...]
    method_changes: tuple[MethodChange, ...]
    folder: str = ""

    @property
    def first_date(self) -> date:
        return self.daily[0].date

    @property
    def last_date(self) -> date:
        return self.daily[-1].date

    def level_on(self, day: date) -> tuple[date, float]:
        """The last daily row on or before ``day``: its date and occupied km2 (``ValueError`` before the first)."""
        before = [d for d in self.daily if d.date <= day]
        if not before:
            raise ValueError(f"the front record starts on {self.first_date}, after {day}")
        return before[-1].date, before[-1].occupied_km2

    def until(self, day: date) -> "FrontRecord":
        """The record as it stood on ``day``: daily rows up to it, only the months complete by then.

        A month counts once its last calendar day is on or before ``day``
        (its closing level is known only then). This is how analyses at a
        decision node avoid using anything recorded after it.
        """
        complete = [m for m in self.monthly if _month_end(m.month) <= day]
        return replace(self, daily=tuple(d for d in self.daily if d.date <= day), monthly=tuple(complete),
                       by_oblast=tuple(d for d in self.by_oblast if d.date <= day),
                       method_changes=tuple(c for c in self.method_changes if c.date <= day))

    def monthly_net(self, adjusted: bool = True) -> dict[str, float]:
        """Each month's net change in km2 (+ = a net gain for the advancing side), first month left out.

        With ``adjusted`` the map-method steps (``method_changes.csv``) that
        fall in a month are taken out of it, as the shipped README advises for
        calibration (e.g. 2023-06: -312.0 -> -185.0).
        """
        out = {m.month: m.net_change_km2 for m in self.monthly if m.net_change_km2 is not None}
        if adjusted:
            for c in self.method_changes:
                key = c.date.strftime("%Y-%m")
                if key in out:
                    out[key] -= c.step_km2
        return out


def _month_end(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:])
    nxt = date(year + mon // 12, mon % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def default_folder() -> Path:
    """The shipped copy: ``data/reference/war/ukraine-front/``."""
    from ..datasets import reference_path

    return reference_path("war", "ukraine-front")


def read_front(folder: str | Path | None = None) -> FrontRecord:
    """Read and check a front record folder (the shipped one when ``folder`` is None).

    Raises
    ------
    ScenarioError
        With every problem found (file, ``line N, column C``, what was expected).
    """
    if folder is None:
        return _shipped()
    return _read(Path(folder))


@functools.lru_cache(maxsize=1)
def _shipped() -> FrontRecord:
    return _read(default_folder())


def _read(folder: Path) -> FrontRecord:
    if not folder.is_dir():
        raise ScenarioError.single(folder, "", "expected a folder holding " + ", ".join(FILES.values()))
    problems: list[Problem] = []
    parts = {key: _read_file(folder / name, key, problems) for key, name in FILES.items()}
    if not problems:
        _check_order(folder, parts, problems)
    if not problems:
        _check_together(folder, parts, problems)
    raise_problems(problems)
    return FrontRecord(*(tuple(parts[k]) for k in FILES), folder=str(folder))


def _read_file(path: Path, key: str, problems: list[Problem]) -> list:
    """The rows of one file as validated models; each bad cell recorded with its line and column."""
    from . import read_text  # the shared file-level checks: missing, empty, not UTF-8, BOM

    file, columns = str(path), COLUMNS[key]
    rows = read_rows(read_text(path), file)
    header = [h.strip().lower() for h in rows[0]]
    if tuple(header) != columns:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        detail = "; ".join(x for x in (f"missing {', '.join(missing)}" if missing else "",
                                        f"unexpected {', '.join(extra)}" if extra else "") if x)
        raise ScenarioError.single(file, "line 1", f"expected the header {','.join(columns)}"
                                   + (f" ({detail})" if detail else " in that order"))
    model = {"daily": FrontDay, "monthly": FrontMonth, "by_oblast": OblastDay, "method_changes": MethodChange}[key]
    out = []
    for line, row in data_rows(rows, file, problems):
        cells = {c: (v if v != "" else None) for c, v in zip(columns, row)}
        try:
            out.append(model.model_validate(cells))
        except ValidationError as exc:
            for e in exc.errors():
                column = e["loc"][0] if e["loc"] else ""
                problems.append(Problem(file, f"line {line}, column {column}", f"{e['msg']}, got {e['input']!r}"))
    return out


def _check_order(folder: Path, parts: dict[str, list], problems: list[Problem]) -> None:
    """Dates strictly increasing in each file; months consecutive; only the first month's change blank."""
    for key in ("daily", "by_oblast", "method_changes"):
        rows = parts[key]
        for k in range(1, len(rows)):
            if rows[k].date <= rows[k - 1].date:
                problems.append(Problem(str(folder / FILES[key]), f"line {k + 2}, column date",
                                        f"dates must increase: {rows[k].date} follows {rows[k - 1].date}"))
    for k, change in enumerate(parts["method_changes"]):
        if change.prev_date >= change.date:
            problems.append(Problem(str(folder / FILES["method_changes"]), f"line {k + 2}, column prev_date",
                                    f"expected a date before {change.date}, got {change.prev_date}"))
    months, file = parts["monthly"], str(folder / FILES["monthly"])
    for k, m in enumerate(months):
        where = f"line {k + 2}"
        if k and _month_end(months[k - 1].month).toordinal() + 1 != _month_end(m.month).replace(day=1).toordinal():
            problems.append(Problem(file, f"{where}, column month",
                                    f"months must follow one another: {m.month} follows {months[k - 1].month}"))
        elif k and m.net_change_km2 is None:
            problems.append(Problem(file, f"{where}, column net_change_km2", "expected a number, the cell is empty"))
        elif k and abs(m.net_change_km2 - (m.occupied_km2 - months[k - 1].occupied_km2)) > CHANGE_TOLERANCE_KM2:
            problems.append(Problem(file, f"{where}, column net_change_km2", f"expected the change of occupied_km2 "
                                    f"from the previous month, {m.occupied_km2 - months[k - 1].occupied_km2:.1f}, "
                                    f"got {m.net_change_km2}"))


def _check_together(folder: Path, parts: dict[str, list], problems: list[Problem]) -> None:
    """Each month's level is its last daily value and its n_snapshots the count of its days; oblasts on the same dates."""
    by_month: dict[str, list[FrontDay]] = {}
    for d in parts["daily"]:
        by_month.setdefault(d.date.strftime("%Y-%m"), []).append(d)
    file = str(folder / FILES["monthly"])
    for k, m in enumerate(parts["monthly"]):
        days = by_month.get(m.month)
        if not days:
            problems.append(Problem(file, f"line {k + 2}, column month", f"no row of {FILES['daily']} in {m.month}"))
            continue
        if abs(days[-1].occupied_km2 - m.occupied_km2) > 0.05:
            problems.append(Problem(file, f"line {k + 2}, column occupied_km2", f"expected the last daily value of "
                                    f"the month ({days[-1].date}: {days[-1].occupied_km2}), got {m.occupied_km2}"))
        if len(days) != m.n_snapshots:
            problems.append(Problem(file, f"line {k + 2}, column n_snapshots",
                                    f"expected {len(days)} (the month's rows in {FILES['daily']}), got {m.n_snapshots}"))
    daily_dates = [d.date for d in parts["daily"]]
    oblast_dates = [d.date for d in parts["by_oblast"]]
    if oblast_dates != daily_dates:
        extra = sorted(set(oblast_dates) - set(daily_dates))
        lacking = sorted(set(daily_dates) - set(oblast_dates))
        problems.append(Problem(str(folder / FILES["by_oblast"]), "column date", "expected the dates of "
                                f"{FILES['daily']}; " + "; ".join(x for x in (
                                    f"not there: {', '.join(map(str, extra[:5]))}" if extra else "",
                                    f"missing: {', '.join(map(str, lacking[:5]))}" if lacking else "") if x)))
