"""Readers for the Correlates of War (COW) Inter-State War data v4.0 and the COW major-power list (2011).

These are data sets, not scenarios: the readers return validated rows for the
war-history analysis (:mod:`detente.analysis.war.history`), not a
:class:`~detente.scenario.Scenario`, so they are not in the format registry.

The file as found (``data/reference/war/``, see ``ATTRIBUTION.md``) has CRLF
line ends, double-quoted text fields and one row per state taking part in a
war. Codes, as documented for v4.0 (Sarkees & Wayman 2010; the variable list
of the COW Inter-State War data v4.0 as published with the R package
``peacesciencer``, ``cow_war_inter``):

* negative numbers are missing-value codes: ``-8`` not applicable (e.g. no
  second spell of fighting), ``-9`` unknown (e.g. battle deaths);
* ``Side`` is 1 or 2; ``Initiator`` 1 = the state initiated the war, 2 = not;
* ``Outcome``: 1 winner, 2 loser, 3 compromise/tied, 4 transformed into
  another type of war, 5 ongoing (not in v4.0), 6 stalemate, 7 conflict
  continues below the severity of war, 8 changed sides.

Every problem names the file, the line and the column, and says what was
expected; all problems are collected before a :class:`ScenarioError` is raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import Problem, ScenarioError
from ._table import data_rows, numbered_rows, raise_problems

COW_WAR_COLUMNS = (
    "WarNum", "WarName", "WarType", "ccode", "StateName", "Side",
    "StartMonth1", "StartDay1", "StartYear1", "EndMonth1", "EndDay1", "EndYear1",
    "StartMonth2", "StartDay2", "StartYear2", "EndMonth2", "EndDay2", "EndYear2",
    "TransFrom", "WhereFought", "Initiator", "Outcome", "TransTo", "BatDeath", "Version",
)
MAJORS_COLUMNS = ("stateabb", "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version")
NOT_APPLICABLE, UNKNOWN = -8, -9
OUTCOMES = {1: "winner", 2: "loser", 3: "compromise/tied", 4: "transformed into another type of war",
            5: "ongoing", 6: "stalemate", 7: "continues below the severity of war", 8: "changed sides"}
_TEXT = {"WarName", "StateName", "TransFrom"}
_SPELL_PARTS = ("Month", "Day", "Year")


class _CowRow(BaseModel):
    """One participant row as typed cells; the cross-field checks (dates, spells) follow in :func:`_participant`."""

    model_config = ConfigDict(extra="forbid")
    WarNum: int = Field(ge=1)
    WarName: str = Field(min_length=1)
    WarType: Literal[1]
    ccode: int = Field(ge=1, le=999)
    StateName: str = Field(min_length=1)
    Side: Literal[1, 2]
    StartMonth1: int
    StartDay1: int
    StartYear1: int
    EndMonth1: int
    EndDay1: int
    EndYear1: int
    StartMonth2: int
    StartDay2: int
    StartYear2: int
    EndMonth2: int
    EndDay2: int
    EndYear2: int
    TransFrom: str
    WhereFought: int = Field(ge=1)
    Initiator: Literal[1, 2]
    Outcome: Literal[1, 2, 3, 4, 5, 6, 7, 8]
    TransTo: int
    BatDeath: int
    Version: Literal[4]

    @field_validator("BatDeath")
    @classmethod
    def _deaths(cls, value: int) -> int:
        if value < 0 and value != UNKNOWN:
            raise ValueError("expected battle deaths >= 0, or -9 (unknown)")
        return value

    @field_validator("TransTo")
    @classmethod
    def _transformed_to(cls, value: int) -> int:
        if value < 0 and value != NOT_APPLICABLE:
            raise ValueError("expected a war number >= 0, or -8 (not applicable)")
        return value


@dataclass(frozen=True)
class WarParticipant:
    """One state's part in one COW inter-state war.

    ``spells`` holds one or two ``(start, end)`` date pairs (both days
    fighting); ``bat_death`` is None where COW codes it unknown (-9).
    """

    war_num: int
    war_name: str
    ccode: int
    state_name: str
    side: int
    spells: tuple[tuple[date, date], ...]
    initiator: bool
    outcome: int
    where_fought: int
    bat_death: int | None
    line: int

    @property
    def start(self) -> date:
        return self.spells[0][0]

    @property
    def end(self) -> date:
        return self.spells[-1][1]


@dataclass(frozen=True)
class MajorPowerSpell:
    """A state's spell as a major power in the COW state system (start and end inclusive)."""

    stateabb: str
    ccode: int
    start: date
    end: date


def read_cow_wars(path: str | Path) -> list[WarParticipant]:
    """Read ``Inter-StateWarData_v4.0.csv``: one validated :class:`WarParticipant` per data row.

    Raises
    ------
    ScenarioError
        With every problem found (file, ``line N, column C``, what was expected).
    """
    file = str(path)
    problems: list[Problem] = []
    out = []
    for line, row in _rows(path, COW_WAR_COLUMNS, problems):
        participant = _participant(row, file, line, problems)
        if participant is not None:
            out.append(participant)
    if not problems:
        _check_wars(out, file, problems)
    raise_problems(problems)
    return out


def read_majors(path: str | Path) -> list[MajorPowerSpell]:
    """Read ``majors2011.csv``: the COW major-power spells, each with valid start and end dates."""
    file = str(path)
    problems: list[Problem] = []
    out = []
    for line, row in _rows(path, MAJORS_COLUMNS, problems):
        cells = dict(zip(MAJORS_COLUMNS, row))
        ints = {}
        for name in MAJORS_COLUMNS[1:]:
            try:
                ints[name] = int(cells[name])
            except ValueError:
                problems.append(Problem(file, f"line {line}, column {name}", f"expected a whole number, got {cells[name]!r}"))
        if len(ints) < len(MAJORS_COLUMNS) - 1:
            continue
        start = _date(ints["styear"], ints["stmonth"], ints["stday"], file, line, "st", problems)
        end = _date(ints["endyear"], ints["endmonth"], ints["endday"], file, line, "end", problems)
        if start and end:
            if end < start:
                problems.append(Problem(file, f"line {line}, column endyear",
                                        f"the spell ends ({end}) before it starts ({start})"))
            else:
                out.append(MajorPowerSpell(cells["stateabb"], ints["ccode"], start, end))
    raise_problems(problems)
    return out


def is_major(spells: list[MajorPowerSpell], ccode: int, on: date) -> bool:
    """Whether the state ``ccode`` was a COW major power on the day ``on``."""
    return any(s.ccode == ccode and s.start <= on <= s.end for s in spells)


def _rows(path: str | Path, columns: tuple[str, ...], problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each data row, after checking the header (exactly ``columns``, in order).

    A row with the wrong number of fields is recorded in ``problems`` and
    skipped (:func:`._table.data_rows`).
    """
    from . import read_text  # the shared file-level checks: missing, empty, not UTF-8, BOM

    file = str(path)
    lines, rows = zip(*numbered_rows(read_text(path), file))
    header = rows[0]
    if tuple(header) != columns:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        detail = (f"missing {', '.join(missing)}" if missing else "") + ("; " if missing and extra else "") + \
                 (f"unexpected {', '.join(extra)}" if extra else "")
        raise ScenarioError.single(file, "line 1", f"expected the header {','.join(columns)}"
                                   + (f" ({detail})" if detail else " in that order"))
    return data_rows(list(rows), file, problems, lines=list(lines))


def _participant(row: list[str], file: str, line: int, problems: list[Problem]) -> WarParticipant | None:
    """One row as a :class:`WarParticipant`, or None with its problems recorded (whole numbers, codes, spells)."""
    cells: dict[str, object] = {}
    bad = False
    for name, raw in zip(COW_WAR_COLUMNS, row):
        if name in _TEXT:
            cells[name] = raw
            continue
        try:
            cells[name] = int(raw)
        except ValueError:
            problems.append(Problem(file, f"line {line}, column {name}", f"expected a whole number, got {raw!r}"))
            bad = True
    if bad:
        return None
    try:
        r = _CowRow.model_validate(cells)
    except ValidationError as exc:
        for e in exc.errors():
            column = e["loc"][0] if e["loc"] else ""
            problems.append(Problem(file, f"line {line}, column {column}", f"{e['msg']}, got {e['input']!r}"))
        return None
    spells = _spells(r, file, line, problems)
    if spells is None:
        return None
    return WarParticipant(r.WarNum, r.WarName, r.ccode, r.StateName, r.Side, spells, r.Initiator == 1,
                          r.Outcome, r.WhereFought, None if r.BatDeath == UNKNOWN else r.BatDeath, line)


def _spells(r: _CowRow, file: str, line: int, problems: list[Problem]) -> tuple | None:
    """The one or two spells of fighting; spell 2 is either wholly -8 (none) or a full pair of dates."""
    n_before = len(problems)
    first = _spell(r, 1, file, line, problems)
    second_raw = [getattr(r, f"{edge}{part}2") for edge in ("Start", "End") for part in _SPELL_PARTS]
    if all(v == NOT_APPLICABLE for v in second_raw):
        second = None
    elif any(v == NOT_APPLICABLE for v in second_raw):
        problems.append(Problem(file, f"line {line}, column StartMonth2", "spell 2 is partly coded -8 (not applicable): "
                                "expected all six spell-2 cells -8, or a full start and end date"))
        return None
    else:
        second = _spell(r, 2, file, line, problems)
    if len(problems) > n_before or first is None:
        return None
    if second is None:
        return (first,)
    if second[0] < first[1]:
        problems.append(Problem(file, f"line {line}, column StartYear2",
                                f"spell 2 starts ({second[0]}) before spell 1 ends ({first[1]})"))
        return None
    return (first, second)


def _spell(r: _CowRow, k: int, file: str, line: int, problems: list[Problem]) -> tuple[date, date] | None:
    """Spell ``k``'s start and end dates (the end not before the start), or None with the problem recorded."""
    start = _date(*(getattr(r, f"Start{p}{k}") for p in ("Year", "Month", "Day")), file, line, f"Start@{k}", problems)
    end = _date(*(getattr(r, f"End{p}{k}") for p in ("Year", "Month", "Day")), file, line, f"End@{k}", problems)
    if start is None or end is None:
        return None
    if end < start:
        problems.append(Problem(file, f"line {line}, column EndYear{k}", f"spell {k} ends ({end}) before it starts ({start})"))
        return None
    return start, end


def _date(year: int, month: int, day: int, file: str, line: int, prefix: str,
          problems: list[Problem]) -> date | None:
    """A calendar date; an unknown day (-9) is read as the 15th, any other missing code is a problem.

    ``prefix`` names the columns: ``Start@1`` -> ``StartYear1``...; ``st`` -> ``styear``...
    """
    def column(part: str) -> str:
        if "@" in prefix:
            edge, k = prefix.split("@")
            return f"{edge}{part}{k}"
        return f"{prefix}{part.lower()}"

    if day == UNKNOWN:
        day = 15
    for part, value, low, high in (("Year", year, 1816, 2100), ("Month", month, 1, 12), ("Day", day, 1, 31)):
        if not low <= value <= high:
            what = " (a COW missing-value code; a date is needed here)" if value in (NOT_APPLICABLE, UNKNOWN) else ""
            problems.append(Problem(file, f"line {line}, column {column(part)}",
                                    f"expected {part.lower()} {low}-{high}, got {value}{what}"))
            return None
    try:
        return date(year, month, day)
    except ValueError as exc:
        problems.append(Problem(file, f"line {line}, column {column('Day')}", f"not a calendar date: {exc}"))
        return None


def _check_wars(participants: list[WarParticipant], file: str, problems: list[Problem]) -> None:
    """Each war has one name and states on both sides."""
    by_war: dict[int, list[WarParticipant]] = {}
    for p in participants:
        by_war.setdefault(p.war_num, []).append(p)
    for num, rows in by_war.items():
        names = {p.war_name for p in rows}
        if len(names) > 1:
            problems.append(Problem(file, f"line {rows[0].line}, column WarName",
                                    f"war {num} has more than one name: {', '.join(sorted(names))}"))
        if {p.side for p in rows} != {1, 2}:
            problems.append(Problem(file, f"line {rows[0].line}, column Side",
                                    f"war {num} has participants on one side only; expected states on sides 1 and 2"))
