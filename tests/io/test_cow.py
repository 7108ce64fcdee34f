"""Readers for the COW inter-state war v4.0 and COW majors 2011 files (detente.io.cow).

Expected numbers come from ``shared/data/README.md`` (copy:
``tests/fixtures/reference-data-README.md``; the data README written
when the files were gathered: counts, Outcome code counts, sha256 digests),
and are recomputed here with the ``csv`` module, independently of the readers.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter

import pytest

from detente.datasets import reference_path
from detente.errors import ScenarioError
from detente.io._table import MAX_PROBLEMS
from detente.io.cow import read_cow_wars, read_majors

COW = reference_path("war", "Inter-StateWarData_v4.0.csv")
MAJORS = reference_path("war", "majors2011.csv")
README_DIGESTS = {  # shared/data/README.md, war/ sections
    COW: "c49b832a1a0139cd2601fff8361099c9fcb2642d640bc8ee28a481c16bc676f7",
    MAJORS: "1eab809f54c097de2b6e6a7f4cc939204b7a28a381f17cdc53e23f987c5b7b63",
}


@pytest.mark.parametrize("path, digest", README_DIGESTS.items(), ids=lambda v: getattr(v, "name", "digest"))
def test_vendored_files_match_the_readme_digests(path, digest):
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def _csv_rows(path, encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))[1:]


def test_cow_counts_match_the_readme_and_an_independent_count():
    """README: 337 participant rows, 95 wars; Outcome 1:155, 2:119, 3:4, 4:28, 6:30, 8:1."""
    rows = _csv_rows(COW)
    participants = read_cow_wars(COW)
    assert len(participants) == len(rows) == 337
    assert len({p.war_num for p in participants}) == len({r[0] for r in rows}) == 95
    readme = {1: 155, 2: 119, 3: 4, 4: 28, 6: 30, 8: 1}
    assert Counter(p.outcome for p in participants) == readme == Counter(int(r[21]) for r in rows)


def test_cow_missing_codes_are_read_as_documented():
    """-8 (no second spell) on 318 rows, -9 (unknown) in one BatDeath: counted with csv, README codes."""
    rows = _csv_rows(COW)
    participants = read_cow_wars(COW)
    assert sum(len(p.spells) == 1 for p in participants) == sum(r[12] == "-8" for r in rows) == 318
    assert sum(p.bat_death is None for p in participants) == sum(r[23] == "-9" for r in rows) == 1
    assert sum(p.initiator for p in participants) == 109  # README: Initiator 1 on 109 rows


def test_majors_spells():
    spells = read_majors(MAJORS)
    assert len(spells) == len(_csv_rows(MAJORS)) == 14  # README: 14 rows plus header
    usa = [s for s in spells if s.stateabb == "USA"][0]
    assert (usa.start.isoformat(), usa.end.isoformat()) == ("1898-08-13", "2011-12-31")


def test_line_endings_do_not_change_what_is_read(tmp_path):
    """CRLF vs LF: the same rows."""
    lf = tmp_path / "cow_lf.csv"
    lf.write_bytes(COW.read_bytes().replace(b"\r\n", b"\n"))
    assert [p.spells for p in read_cow_wars(lf)] == [p.spells for p in read_cow_wars(COW)]


def _edited_cow(tmp_path, line: int, column: str, value: str):
    rows = list(csv.reader(COW.read_text().splitlines()))
    rows[line - 1][rows[0].index(column)] = value
    path = tmp_path / "cow_bad.csv"
    with open(path, "w", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return path


@pytest.mark.parametrize("column, value, expected", [
    ("Outcome", "9", "line 5, column Outcome: Input should be 1, 2, 3, 4, 5, 6, 7 or 8, got 9"),
    ("ccode", "Spain", "line 5, column ccode: expected a whole number, got 'Spain'"),
    ("StartMonth1", "13", "line 5, column StartMonth1: expected month 1-12, got 13"),
    ("EndYear1", "-8", "line 5, column EndYear1: expected year 1816-2100, got -8 (a COW missing-value code"),
    ("EndYear1", "1822", "line 5, column EndYear1: spell 1 ends (1822-"),
    ("StartMonth2", "3", "line 5, column StartMonth2: spell 2 is partly coded -8"),
    ("Side", "3", "line 5, column Side: Input should be 1 or 2, got 3"),
    ("BatDeath", "-7", "line 5, column BatDeath: Value error, expected battle deaths >= 0, or -9 (unknown), got -7"),
])
def test_bad_cow_cells_name_file_line_column(tmp_path, column, value, expected):
    path = _edited_cow(tmp_path, 5, column, value)
    with pytest.raises(ScenarioError) as info:
        read_cow_wars(path)
    assert f"{path}: {expected}" in str(info.value)


def test_bad_cow_file_shapes(tmp_path):
    header_only = tmp_path / "header.csv"
    header_only.write_text(COW.read_text().splitlines()[0] + "\n")
    with pytest.raises(ScenarioError, match="no data rows after the header"):
        read_cow_wars(header_only)
    short = tmp_path / "short.csv"
    lines = COW.read_text().splitlines()
    short.write_text("\n".join(lines[:3] + [lines[3].rsplit(",", 1)[0]]) + "\n")
    with pytest.raises(ScenarioError, match=r"line 4: expected 25 fields, found 24"):
        read_cow_wars(short)
    with pytest.raises(ScenarioError, match=r"line 1: expected the header WarNum,WarName"):
        read_cow_wars(MAJORS)
    with pytest.raises(ScenarioError, match="file not found"):
        read_cow_wars(tmp_path / "missing.csv")


def test_cow_reports_a_broken_row_and_bad_cells_together(tmp_path):
    """A row with a missing field does not hide the bad cells of the other rows (shared _table.data_rows)."""
    lines = COW.read_text().splitlines()
    bad = lines[4].split(",")
    bad[2] = "x"  # WarType
    path = tmp_path / "cow_two.csv"
    path.write_text("\n".join(lines[:3] + [lines[3].rsplit(",", 1)[0], ",".join(bad)] + lines[5:]) + "\n")
    with pytest.raises(ScenarioError) as info:
        read_cow_wars(path)
    assert [(p.where, p.message) for p in info.value.problems] == [
        ("line 4", "expected 25 fields, found 24"), ("line 5, column WarType", "expected a whole number, got 'x'")]


def test_cow_stops_at_max_problems(tmp_path):
    """Every row bad: the first MAX_PROBLEMS problems, in line order, and no more."""
    lines = COW.read_text().splitlines()
    cow = tmp_path / "cow_all_bad.csv"
    cow.write_text("\n".join([lines[0]] + [line.replace(",1,", ",x,", 1) for line in lines[1:]]) + "\n")
    with pytest.raises(ScenarioError) as info:
        read_cow_wars(cow)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS
    assert [int(p.where.split()[1].rstrip(",")) for p in problems] == list(range(2, MAX_PROBLEMS + 2))
