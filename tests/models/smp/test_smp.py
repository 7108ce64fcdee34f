"""KTAB's Spatial Model of Politics (detente.models.smp) against closed forms and KTAB's stated laws.

Sources of the expected numbers: the two-actor closed form derived in ``test_two_actors_closed_form`` from
the module docstring's formulas (KTAB's defaults); the victory-probability, Binary and voting laws as KTAB
states them (``kmodel.h``'s ``VPModel`` comment, ``Model::vProb``, ``Model::vote``). The replays of KTAB's own
runs (reference logs and our KTAB build) are in tests/regression/test_smp_ktab.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import detente

REFERENCE = Path(detente.__file__).parent / "data" / "reference" / "ktab"


def _two_actor(cap_a=2.0, cap_b=1.0, salience=1.0):
    return detente.scenario_from_dict({
        "name": "two", "actors": [{"name": "A", "capability": cap_a}, {"name": "B", "capability": cap_b}],
        "issues": [{"name": "x", "lower": 0, "upper": 1}],
        "positions": [{"actor": "A", "issue": "x", "position": 0.0, "salience": salience},
                      {"actor": "B", "issue": "x", "position": 1.0, "salience": salience}]})


def test_two_actors_closed_form():
    """A at 0 (capability 2), B at 1 (capability 1), both with salience 1: they meet at 0.2 in one turn.

    Derivation from the formulas of the module docstring (KTAB's defaults):
    d_AB = 1, so every utility of the other's position is 0 and of one's own 1, whatever R.
    A challenging B: principals' votes 2(1 - 0) and 1(0 - 1), no third party, so P = 2/3 (up to the
    1e-10 guards); with s_B = 1 the gain is 2P - 1 = 1/3 > 0, while B's challenge of A gains
    2/3 - 1 < 0. Bargain (S2P2): weights s^2 p^2 = 4/9 for A and 1/9 for B, so both are offered
    (1/9)/(5/9) = 0.2 (rounded to 1e-4). State-0 outcome probabilities are the capability shares
    2/3 and 1/3, so R_A = 1 and R_B = -1/2 (Mid range). A votes on "bargain vs status quo" with the
    mean utilities 0.8(1 + 0.2) = 0.96 vs (1 + 0)/2, B with 0.2(1 - 0.4) = 0.12 vs 0.5: coalition
    2(0.46) = 0.92 against 0.38, so the bargain (p = 0.92/1.30) beats the status quo for both actors'
    choices, and both move to 0.2. Turn 2: one position, nothing moves; the change ratio is 0 < 0.02,
    so the run stops after turn 2 with the forecast 0.2.
    """
    f = detente.models.get("smp").forecast(_two_actor())["x"]
    assert f.positions[1] == pytest.approx([0.2, 0.2], abs=1e-12)
    assert f.n_rounds == 2 and f.details["converged"]
    assert f.forecast == pytest.approx(0.2, abs=1e-12)
    assert f.details["win_probability"][0]["probabilities"] == pytest.approx({"A": 2 / 3, "B": 1 / 3}, rel=1e-6)
    np.testing.assert_allclose(f.details["big_r"][0], [1.0, -0.5], atol=1e-6)


@pytest.mark.parametrize("model, ratio, expected", [
    (0, 2.0, 2 / 3), (0, 3.0, 3 / 4), (1, 2.0, 4 / 5), (1, 3.0, 9 / 10), (2, 2.0, 16 / 17), (2, 3.0, 81 / 82),
    (3, 2.0, 256 / 257), (3, 3.0, 6561 / 6562)])
def test_victory_probability_laws(model, ratio, expected):
    """KTAB's stated laws (comment on ``VPModel`` in ``kmodel.h``): Linear 2:1 gives 2/3 and 3:1 gives 3/4,
    Square 4/5 and 9/10, Quartic 16/17 and 81/82, Octic 256/257 and 6561/6562."""
    from detente.models.smp._probability import victory_pair

    p1, p2 = victory_pair(model, ratio, 1.0)
    assert p1 == pytest.approx(expected, rel=1e-12) and p1 + p2 == pytest.approx(1.0)


def test_binary_victory_threshold():
    """KTAB's Binary law (``Model::vProb``): certain beyond a 10% advantage, linear in s1/(s1+s2) within
    it, so 11:10 gives (11/21 x 2.1 - 1)/0.1 = 1.0 and equal strengths 1/2."""
    from detente.models.smp._probability import victory_pair

    assert victory_pair(4, 1.2, 1.0)[0] == pytest.approx(1 / (1 + 1e-6))
    assert victory_pair(4, 1.0, 1.0)[0] == pytest.approx(0.5)
    assert victory_pair(4, 1.05, 1.0)[0] == pytest.approx((1.05 / 2.05 * 2.1 - 1) / 0.1)


@pytest.mark.parametrize("rule, expected", [(0, 2.0), (1, 2 * (0.8 * 0.5 + 0.2)), (2, 1.0), (3, 2 * (0.25 + 0.0625)),
                                            (4, 0.25), (5, 2 * 2 * 0.5 / 3)])
def test_voting_rules(rule, expected):
    """``Model::vote`` for weight 2 and a utility gain of 0.5: Binary 2, PropBin 2(0.8 x 0.5 + 0.2),
    Prop 1, PropCbc 2(0.5 x 0.5 + 0.5 x 0.125), Cubic 2 x 0.125, ASymProsp 2/3 of Prop for a gain
    (and all of it for a loss)."""
    from detente.models.smp._probability import vote

    assert vote(rule, 2.0, 0.75, 0.25) == pytest.approx(expected)
    if rule == 5:
        assert vote(rule, 2.0, 0.25, 0.75) == pytest.approx(-1.0)


def test_stochastic_transitions_follow_the_seed():
    """Stochastic transitions (KTAB's ``PRNG::probSel``, here numpy draws): same seed, same run, in this
    process and in another one; and the seed is used (other seeds give other runs)."""
    import subprocess
    import sys

    path = REFERENCE / "dummyData_3Dim.csv"
    sc = detente.load(path)
    model = detente.models.get("smp", state_transition="stochastic")
    a, b = model.forecast(sc, rng=11), model.forecast(sc, rng=11)
    assert all(np.array_equal(x.positions, y.positions) for x, y in zip(a.issues, b.issues))
    assert model.stochastic and not detente.models.get("smp").stochastic
    assert len({tuple(model.forecast(sc, rng=seed).values.values()) for seed in (11, 12, 13)}) > 1
    code = ("import json, detente; sc = detente.load(%r); print(json.dumps(detente.models.get("
            "'smp', state_transition='stochastic').forecast(sc, rng=11).values))" % str(path))
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(other.stdout) == a.values


def test_dimensions_joint_or_separate():
    """``auto`` runs issues jointly only when every actor holds a position on every issue."""
    sc = detente.load(REFERENCE / "dummyData_3Dim.csv")
    joint = detente.models.get("smp").forecast(sc)
    assert joint["Pstn1"].details["dimensions"] == sc.issue_names
    separate = detente.models.get("smp", dimensions="separate").forecast(sc)
    assert separate["Pstn2"].details["dimensions"] == ["Pstn2"]
    data = sc.to_dict()
    data["positions"] = [p for p in data["positions"] if not (p["actor"] == "SActor-00" and p["issue"] == "Pstn3")]
    gappy = detente.scenario_from_dict(data)
    assert detente.models.get("smp").forecast(gappy)["Pstn3"].actors == tuple(sc.actor_names[1:])
    with pytest.raises(ValueError, match="every actor on every issue"):
        detente.models.get("smp", dimensions="joint").forecast(gappy)


@pytest.mark.parametrize("params, message", [
    ({"voting_rule": "majority"}, "voting_rule must be one of Binary, PropBin, Prop"),
    ({"max_turns": 0}, "max_turns"), ({"capability_scale": -1}, "capability_scale"),
    ({"dimensions": "both"}, "dimensions")])
def test_bad_parameters_are_named(params, message):
    with pytest.raises(ValueError, match=message):
        detente.models.get("smp", **params)


def test_too_many_actors_is_refused_before_allocating():
    """n^3 utility estimates per turn: over 500 actors is refused with a message, not an out-of-memory crash."""
    n = 501
    with pytest.raises(ValueError, match="at most 500 actors"):
        detente.models.get("smp").run_arrays(np.zeros((n, 1)), np.ones((n, 1)), np.ones(n))
