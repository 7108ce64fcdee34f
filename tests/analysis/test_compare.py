"""Counterfactuals on common random numbers, against exact differences."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.analysis.compare import compare
from detente.analysis.shocks import Shock, parse_new_actor
from analysis_helpers import linear_scenario as _linear


def test_null_shock_has_exactly_zero_effect():
    c = compare(_linear(), Shock(), "eum", draws=50, seed=3)
    np.testing.assert_array_equal(c.difference, 0.0)


def test_linear_shock_effect_is_exact_in_every_draw():
    """Weighted mean: moving B (weight 1.0 of 2.5) by +10 moves the outcome by exactly 4 in every draw,
    although A's position is drawn at random (common random numbers)."""
    c = compare(_linear(), Shock(set=["B.x.position+=10"]), "mean", draws=200, seed=3)
    np.testing.assert_allclose(c.difference, 4.0, atol=1e-12)
    row = c.summary().iloc[0]
    assert row["low90"] == pytest.approx(4.0) and row["high90"] == pytest.approx(4.0) and row["p_increase"] == 1


def test_setting_an_uncertain_value_removes_its_spread():
    c = compare(_linear(), Shock(set=["A.x.position=40"]), "mean", draws=200, seed=3)
    assert np.ptp(c.shocked) == pytest.approx(0.0, abs=1e-12)
    assert c.shocked[0, 0] == pytest.approx(0.2 * 40 + 52)


def test_drop_and_add_actors():
    """Weights c*s: A 0.5 at 40, B 1.0 at 50, new D 2*0.5 = 1.0 at 10: mean (20 + 50 + 10)/2.5 = 32."""
    sc = _linear(uncertain=False)
    shocked = Shock(drop=["C"], add_actors=[parse_new_actor("D,capability=2,x=10@0.5")]).apply(sc)
    assert shocked.actor_names == ["A", "B", "D"]
    assert detente.models.get("mean").forecast(shocked).values["x"] == pytest.approx(32.0)


@pytest.mark.parametrize("change, message", [
    ("Z.capability*=2", "no actor named 'Z'"),
    ("A.y.position=1", "known actor and issue"),
    ("A.x.colour=1", "last part must be one of"),
    ("A.capability", "expected PATH=VALUE"),
])
def test_bad_shocks_are_clear_errors(change, message):
    with pytest.raises(ValueError, match=message):
        Shock(set=[change]).apply(_linear())


def test_shock_that_breaks_the_scenario_is_reported():
    with pytest.raises(detente.ScenarioError, match="outside the issue's scale"):
        Shock(set=["A.x.position=500"]).apply(_linear(uncertain=False))


def test_actor_names_with_dots_resolve():
    sc = detente.scenario_from_dict({"name": "t", "actors": [{"name": "U.S."}, {"name": "EU"}],
                                     "issues": [{"name": "x"}],
                                     "positions": [{"actor": "U.S.", "issue": "x", "position": 10, "salience": 1},
                                                   {"actor": "EU", "issue": "x", "position": 30, "salience": 1}]})
    assert Shock(set=["U.S..x.position=20"]).apply(sc).issue_data("x").position.tolist() == [20, 30]
