"""Validation at the boundary: every problem is reported, with its place and what was expected."""

from __future__ import annotations

import pytest

import detente
from detente import ScenarioError


def _base():
    return {
        "name": "t",
        "actors": [{"name": "A", "capability": 1}, {"name": "B", "capability": 2}],
        "issues": [{"name": "x", "lower": 0, "upper": 10}],
        "positions": [{"actor": "A", "issue": "x", "position": 2, "salience": 0.5},
                      {"actor": "B", "issue": "x", "position": 8, "salience": 1.0}],
    }


def _problems(data):
    with pytest.raises(ScenarioError) as info:
        detente.scenario_from_dict(data, "f.yaml")
    return [str(p) for p in info.value.problems]


def test_valid_scenario_reads():
    sc = detente.scenario_from_dict(_base())
    d = sc.issue_data("x")
    assert d.actors == ("A", "B") and list(d.position) == [2, 8] and list(d.capability) == [1, 2]


def test_unknown_field_is_named():
    data = _base()
    data["actors"][0]["power"] = 3
    assert _problems(data) == ["f.yaml: actors[0].power: A: unknown field (not part of the scenario format)"]


def test_missing_actor_negative_capability_outside_scale_and_duplicates_all_reported():
    data = _base()
    data["actors"].append({"name": "A", "capability": -1})
    data["positions"].append({"actor": "Z", "issue": "x", "position": 11, "salience": 0.5})
    problems = _problems(data)
    assert any("actors[2].capability" in p and "greater than or equal to 0" in p for p in problems)
    data["actors"][2]["capability"] = 1
    problems = _problems(data)
    assert "f.yaml: actors[2].name: duplicate actor name 'A'" in problems
    assert "f.yaml: positions[2].actor: actor 'Z' is not in the actors list" in problems
    assert any("positions[2].position" in p and "outside the issue's scale [0, 10]" in p for p in problems)


def test_salience_on_0_100_is_normalised():
    data = _base()
    data["positions"][0]["salience"] = 50
    data["positions"][1]["salience"] = 100
    sc = detente.scenario_from_dict(data)
    assert [p.salience for p in sc.positions] == [0.5, 1.0]


def test_salience_above_100_rejected():
    data = _base()
    data["positions"][0]["salience"] = 150
    assert any("positions[0].salience" in p and "less than or equal to 100" in p for p in _problems(data))


def test_declared_scale_1_rejects_salience_above_1():
    data = _base()
    data["salience_scale"] = 1
    data["positions"][0]["salience"] = 50
    assert "f.yaml: positions[0].salience: salience 50 is above 1, but salience_scale is 1" in _problems(data)


def test_nan_and_infinite_numbers_rejected():
    data = _base()
    data["positions"][0]["position"] = float("nan")
    data["actors"][1]["capability"] = float("inf")
    problems = _problems(data)
    assert any("positions[0].position" in p for p in problems)
    assert any("actors[1].capability" in p for p in problems)


def test_inline_evidence_is_split_from_the_value():
    data = _base()
    data["actors"][0]["capability"] = {"value": 3, "source": "SIPRI 2024", "date": "2025-01-01"}
    sc = detente.scenario_from_dict(data)
    assert sc.actor("A").capability == 3
    assert sc.actor("A").evidence["capability"].source == "SIPRI 2024"


def test_evidence_for_unknown_number_rejected():
    data = _base()
    data["actors"][0]["evidence"] = {"colour": {"source": "x"}}
    assert any("evidence or a distribution given for colour" in p for p in _problems(data))


def test_scale_bounds_in_order():
    data = _base()
    data["issues"][0]["lower"] = 10
    assert any("lower bound 10.0 must be below upper bound 10.0" in p for p in _problems(data))


def test_issue_without_positions_rejected():
    data = _base()
    data["issues"].append({"name": "y"})
    assert "f.yaml: issues[1]: issue 'y' has no positions" in _problems(data)


def test_content_hash_ignores_nothing_and_is_stable():
    a = detente.scenario_from_dict(_base())
    b = detente.scenario_from_dict(_base())
    assert a.content_hash() == b.content_hash()
    data = _base()
    data["positions"][0]["position"] = 3
    assert detente.scenario_from_dict(data).content_hash() != a.content_hash()


def test_yaml_and_csv_round_trip(tmp_path, ec_path):
    sc = detente.load(ec_path)
    for suffix in (".yaml", ".csv"):
        out = detente.save(sc, tmp_path / f"ec{suffix}")
        back = detente.load(out)
        assert back.issue_data("years").position.tolist() == sc.issue_data("years").position.tolist()
        assert [a.capability for a in back.actors] == [a.capability for a in sc.actors]
    again = detente.load(tmp_path / "ec.yaml")
    assert again.content_hash() == sc.content_hash()


def test_numbers_given_as_distributions():
    """A number as a distribution: {mean, sd} normal, {low, high} uniform, {triangular: [low, mode, high]}."""
    data = _base()
    data["actors"][0]["capability"] = {"low": 1, "high": 3, "source": "expert range"}
    data["positions"][0]["position"] = {"mean": 3, "sd": 1}
    data["positions"][1]["salience"] = {"triangular": [40, 60, 70]}
    data["salience_scale"] = "0-100"  # beside the other position's 0.5, 60 alone would be a mixed scale
    sc = detente.scenario_from_dict(data)
    assert sc.uncertain
    assert sc.actor("A").capability == 2 and sc.actor("A").uncertainty["capability"].kind == "uniform"
    assert sc.actor("A").evidence["capability"].source == "expert range"
    assert sc.positions[0].position == 3 and sc.positions[0].uncertainty["position"].sd == 1
    # 0-100 saliences are normalised, distribution included
    tri = sc.positions[1].uncertainty["salience"]
    assert (tri.low, tri.mode, tri.high) == (0.4, 0.6, 0.7) and sc.positions[1].salience == 0.6
    back = detente.scenario_from_dict(sc.to_dict())
    assert back.content_hash() == sc.content_hash()


@pytest.mark.parametrize("spec, fragment", [
    ({"mean": 3, "sd": -1}, "greater than 0"),
    ({"low": 5, "high": 1}, "low 5.0 must be below high 1.0"),
    ({"triangular": [1, 9, 5]}, "mode 9.0 must lie within [low, high]"),
    ({"triangular": 4}, "needs mode, high"),
    ({"mean": 3, "sd": 1, "shape": 2}, "shape"),
])
def test_bad_distributions_named(spec, fragment):
    data = _base()
    data["positions"][0]["position"] = spec
    problems = _problems(data)
    assert any("positions[0]" in p and fragment in p for p in problems), problems
