"""A tidy CSV reads back as the scenario it was written from (docs/how-to/write-a-scenario.md says so):
the scenario's name, description and source included (the name is not the file's stem)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import detente
from detente.errors import ScenarioError
from detente.scenario import scenario_from_dict

DOC = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "write-a-scenario.md"


def _round_trip(sc, tmp_path, name="back.csv"):
    path = detente.save(sc, tmp_path / name)
    return detente.load(path)


def test_the_how_tos_example_reads_back_unchanged(tmp_path):
    """The page's own YAML, written as tidy CSV and read back: the same scenario, field for field."""
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    (tmp_path / "toll.yaml").write_text(block, encoding="utf-8")
    sc = detente.load(tmp_path / "toll.yaml")
    back = _round_trip(sc, tmp_path, "toll.csv")
    assert back.model_dump() == sc.model_dump()
    assert back.name == "Toll decision" and back.source == "Interviews with the parties, March 2024"


def test_everything_a_table_holds_reads_back(tmp_path):
    sc = scenario_from_dict({
        "name": "Name, with a comma and \"quotes\"", "description": "two\nlines", "source": "Field notes 2025",
        "actors": [{"name": "A", "description": "first", "capability": {"value": 0.25, "source": "s1",
                                                                          "date": "2025-01-02", "note": "n"}},
                   {"name": "B", "capability": 1 / 3}, {"name": "C", "capability": 1.0}],
        "issues": [{"name": "x", "description": "an issue", "lower": -5, "upper": 5, "status_quo": 0.1,
                    "outcome": 1.5, "outcome_date": "2025-06-01"},
                   {"name": "y", "lower": 0, "upper": 100}],
        "positions": [{"actor": a, "issue": i, "position": {"value": p, "source": f"src {a}{i}"},
                       "salience": {"value": 0.1 + k / 10, "source": "sal", "note": "guess"}}
                      for k, (a, i, p) in enumerate([("A", "x", -1.0), ("B", "x", 2.0), ("C", "x", 0.3),
                                                     ("A", "y", 10.0), ("C", "y", 99.5)])]})
    back = _round_trip(sc, tmp_path)
    assert back.model_dump() == sc.model_dump()


def test_a_file_without_the_scenario_columns_is_named_after_its_stem(tmp_path):
    path = tmp_path / "old-style.csv"
    path.write_text("actor,issue,position,salience\nA,x,10,0.5\nB,x,20,0.5\nC,x,30,0.5\n")
    sc = detente.load(path)
    assert sc.name == "old-style" and sc.source == ""


def test_differing_scenario_names_are_an_error_naming_the_line(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("actor,issue,position,salience,scenario\nA,x,10,0.5,One\nB,x,20,0.5,Two\nC,x,30,0.5,One\n")
    with pytest.raises(ScenarioError) as info:
        detente.load(path)
    text = str(info.value)
    assert "line 3" in text and "scenario" in text and "'One'" in text and "'Two'" in text
