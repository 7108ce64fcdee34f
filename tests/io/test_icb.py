"""Readers for the ICB v14 crisis and actor files (detente.io.icb).

Expected numbers come from ``shared/data/README.md`` (copy:
``tests/fixtures/reference-data-README.md``; the data README written
when the files were gathered: counts, sha256 digests), and are recomputed
here with the ``csv`` module, independently of the readers.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter

import pytest

from detente.datasets import reference_path
from detente.errors import ScenarioError
from detente.io._table import MAX_PROBLEMS
from detente.io.icb import read_icb_actors, read_icb_crises

ICB1 = reference_path("war", "icb1v14.csv")
ICB2 = reference_path("war", "icb2v14.csv")
README_DIGESTS = {  # shared/data/README.md, war/ sections
    ICB1: "f0115d16b6ca8266a471cf53c8db54de32a64ba8e5855d727a51ee699014db1f",
    ICB2: "ccffd1fa3bbe8be1394e7e5199c78b161fdc498f0ea7d4faebe0634b621be5ba",
}


@pytest.mark.parametrize("path, digest", README_DIGESTS.items(), ids=lambda v: getattr(v, "name", "digest"))
def test_vendored_files_match_the_readme_digests(path, digest):
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def _csv_rows(path, encoding="utf-8-sig"):
    with open(path, newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))[1:]


def test_icb_counts_bom_and_the_blank_crisis_474():
    """README: 487 crises, 1,078 actor rows, 95 columns each, a byte-order mark, crisis 474 blank."""
    crises, actors = read_icb_crises(ICB1), read_icb_actors(ICB2)
    assert len(crises) == len(_csv_rows(ICB1, "utf-8-sig")) == 487
    assert len(actors) == len(_csv_rows(ICB2, "utf-8-sig")) == 1078
    assert list(crises.columns[:2]) == ["icb1", "crisno"] and list(actors.columns[:2]) == ["icb2", "crisno"]
    blank = crises[crises["crisno"] == 474].iloc[0]
    assert blank["crisname"] == "HOUTHI REBELLION" and blank[["yrtrig", "forout", "outesr"]].isna().all()
    counted = Counter(r[52] for r in _csv_rows(ICB1, "utf-8-sig"))  # column 53 is forout
    assert crises["forout"].value_counts().to_dict() == {int(k): v for k, v in counted.items() if k}


def test_byte_order_mark_and_final_newline_do_not_change_what_is_read(tmp_path):
    """No final newline vs one, BOM vs none: the same rows."""
    plain = tmp_path / "icb1.csv"
    plain.write_bytes(ICB1.read_bytes().removeprefix(b"\xef\xbb\xbf") + b"\n")
    assert read_icb_crises(plain).drop(columns="line").equals(read_icb_crises(ICB1).drop(columns="line"))


def test_bad_icb_files(tmp_path):
    lines = ICB1.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[9].split(",")
    cells[52] = "two"
    bad = tmp_path / "icb1_bad.csv"
    bad.write_text("\n".join(lines[:9] + [",".join(cells)] + lines[10:]))
    with pytest.raises(ScenarioError, match=r"icb1_bad.csv: line 10, column forout: expected a whole number or blank, got 'two'"):
        read_icb_crises(bad)
    comma = tmp_path / "icb1_comma.csv"
    name = lines[4].split(",")[2]  # a crisis name with a comma in it, as an unquoted file would carry it
    comma.write_text("\n".join(lines[:4] + [lines[4].replace(name, name + ", PHASE 2", 1)] + lines[5:]))
    with pytest.raises(ScenarioError, match=r"line 5: expected 95 fields, found 96"):
        read_icb_crises(comma)
    with pytest.raises(ScenarioError, match=r"line 1: expected an ICB icb1 file whose first column is 'icb1', found 'icb2'"):
        read_icb_crises(ICB2)
    no_forout = tmp_path / "icb1_no_forout.csv"
    no_forout.write_text("\n".join([lines[0].replace(",forout,", ",form,")] + lines[1:]))
    with pytest.raises(ScenarioError, match=r"line 1: missing column\(s\) forout"):
        read_icb_crises(no_forout)


def test_icb_stops_at_max_problems(tmp_path):
    """Every row bad: the first MAX_PROBLEMS problems, in line order, and no more."""
    icb_lines = ICB1.read_text(encoding="utf-8-sig").splitlines()
    icb = tmp_path / "icb1_all_bad.csv"
    icb.write_text("\n".join([icb_lines[0]] + [line + ",1" for line in icb_lines[1:]]))
    with pytest.raises(ScenarioError) as info:
        read_icb_crises(icb)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS
    assert [int(p.where.split()[1].rstrip(",")) for p in problems] == list(range(2, MAX_PROBLEMS + 2))


def test_icb_header_checks(tmp_path):
    """A column named twice, and blank lines, in an ICB file: the shared header check and row reader."""
    lines = ICB1.read_text(encoding="utf-8-sig").splitlines()
    twice = tmp_path / "icb1_twice.csv"
    twice.write_text("\n".join([lines[0] + ",yrtrig"] + [line + ",1" for line in lines[1:]]))
    with pytest.raises(ScenarioError, match=r"icb1_twice.csv: line 1: column\(s\) yrtrig appear more than once"):
        read_icb_crises(twice)
    gaps = tmp_path / "icb1_gaps.csv"
    gaps.write_text("\n".join(lines[:5] + ["", "  ", ",,,"] + lines[5:]))
    read = read_icb_crises(gaps)
    assert read.drop(columns="line").equals(read_icb_crises(ICB1).drop(columns="line"))
    assert read["line"].iloc[4] == 9  # line numbers count the blank lines
