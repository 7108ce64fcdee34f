"""The war answer (detente.analysis.war): its JSON shape, its seeds, its structural choices, and the numbers it
derives from a node solution, checked on a stand-in solution whose values are known in closed form
(war_fakes.py: every expected number below is computed there by hand, not copied from our output)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import detente
from detente.analysis.war import missed_opportunity as answer
from detente.analysis.war.draw import alternatives, draw_params
from detente.analysis.war.structural import choices
from detente.rng import child_seeds
from war_fakes import draw_x, fake_solve_node

ISTANBUL = detente.example("istanbul_2025")
V1_KEYS = {"node", "draws", "seed", "actors", "counterfactuals", "joint_missed_opportunity", "break_even"}


@pytest.fixture(scope="module")
def spec():
    return detente.load(ISTANBUL).war


@pytest.fixture(scope="module")
def result(spec):
    return answer.missed_opportunity(spec, draws=6, seed=5, break_even_belief=False, structural_draws=3,
                                     solver=fake_solve_node)


def test_the_json_keeps_v1s_keys_and_adds_the_new_ones(result, spec):
    doc = json.loads(json.dumps(result.to_json(), default=float))
    assert V1_KEYS | {"structural", "beliefs", "levers", "refinement"} <= set(doc)
    assert set(doc["actors"]) == set(spec.moves)
    for actor, entry in doc["actors"].items():
        assert {"observed_move", "missed_opportunity", "missed_opportunity_own", "p_observed_optimal", "best_move",
                "moves"} <= set(entry)
        assert set(entry["missed_opportunity"]) == {"value", "low", "high", "p_positive"}
        assert 0 <= entry["p_observed_optimal"] <= 1
        assert len(entry["moves"]) == len(alternatives(spec, actor)) and entry["moves"][0]["observed"]
        for move in entry["moves"]:
            assert set(move["levers"]) == {"eu_sanctions", "us_secondary_sanctions"}
            assert all(set(v) == {"value", "low", "high"} for v in move["levers"].values())
    own = doc["actors"][spec.a]["missed_opportunity_own"]
    assert set(own) == {"serious", "stalling"}
    for row in doc["counterfactuals"]:
        assert {"settled_6", "settled_12", "settled_24", "terms", "share", "values"} <= set(row)


def test_bayes_rule_gives_the_posterior_and_p_observed_optimal(result, spec):
    """Prior 1/2; the observed move is played by stalling always and by serious half the time:
    P(stalling | observed) = 0.5 / (0.5 + 0.25) = 2/3. It is optimal for stalling (0.6 - 0.002 i falls in i)
    and, when x > 0, not for serious (0.4 + 0.01 i x rises), so P(observed optimal) = 2/3."""
    doc = result.to_json()
    assert doc["beliefs"]["posterior_stalling"]["value"] == pytest.approx(2 / 3)
    xs = [draw_x(draw_params(spec, s)) for s in child_seeds(5, 6)]
    assert all(x > 0 for x in xs)
    assert doc["actors"][spec.a]["p_observed_optimal"] == pytest.approx(2 / 3)


def test_missed_opportunity_under_own_and_analysts_beliefs_by_hand(result, spec):
    """Own beliefs: stalling misses 0; serious misses 0.01 (n-1) x. Analyst (weight 2/3 on stalling): move i is
    worth const + i (x/300 - 2 x 0.002/3), so the best is i = n-1 when x > 0.4 and the miss
    (n-1) max(0, x/300 - 0.004/3)."""
    n = len(alternatives(spec, spec.a))
    xs = np.array([draw_x(draw_params(spec, s)) for s in child_seeds(5, 6)])
    own = result.missed_own(spec.a)
    assert np.allclose(own[:, 1], 0.0)
    assert np.allclose(own[:, 0], 0.01 * (n - 1) * xs)
    assert np.allclose(result.missed(spec.a), (n - 1) * np.maximum(0.0, xs / 300 - 0.004 / 3))


def test_other_actors_are_valued_at_the_posterior_they_hold(result, spec):
    """Move j is worth 0.3 + 0.02 j (2/3 - 1/2): the last move is best, the miss 0.02 (m-1)/6, never optimal."""
    for actor in spec.moves:
        if actor == spec.a:
            continue
        m = len(alternatives(spec, actor))
        assert np.allclose(result.missed(actor), 0.02 * (m - 1) / 6)
        assert result.summary(actor)["p_observed_optimal"] == (1.0 if m == 1 else 0.0)


def test_levers_and_settlement_per_move_are_the_nodes(result, spec):
    """P(us_secondary_sanctions | A's move i) = 0.1 + 0.05 i; P(settled within 12) = 1 - (0.95 - 0.01 i)^12."""
    for i, move in enumerate(result.summary(spec.a)["moves"]):
        assert move["levers"]["us_secondary_sanctions"]["value"] == pytest.approx(0.1 + 0.05 * i)
        assert move["settled_12"]["value"] == pytest.approx(1 - (0.95 - 0.01 * i) ** 12)


def test_serial_and_two_processes_give_identical_numbers(result, spec):
    from detente.execution import LocalExecutor

    again = answer.missed_opportunity(spec, draws=6, seed=5, break_even_belief=False, structural_draws=3,
                                      solver=fake_solve_node, executor=LocalExecutor(2))
    assert json.dumps(again.to_json(), default=float) == json.dumps(result.to_json(), default=float)
    for actor in spec.moves:
        assert np.array_equal(result.values[actor], again.values[actor])


def test_a_structural_entry_per_choice(result, spec):
    entries = {e["choice"]: e for e in result.structural}
    assert list(entries) == [c.name for c in choices(spec)]
    assert {"who proposes", "horizon", "front step", "delegation authority", "refinement"} <= set(entries)
    assert entries["refinement"]["values"] == ["D1", "intuitive", "none"]
    assert entries["delegation authority"]["values"] == ["by level", "equal"]
    step = spec.numbers()["front.step_km2"]  # a range in the scenario: its ends and its value are tried
    assert entries["front step"]["values"] == [step.distribution.low, step.value, step.distribution.high]
    assert entries["front step"]["drawn"]
    for e in entries.values():
        assert e["draws"] == 3 and e["nominal"] in e["values"]
        for actor in spec.moves:  # (the nominal entry equal to the run's own draws held by construction: dropped)
            assert len(e["missed_opportunity"][actor]) == len(e["values"])


def test_equal_authority_gives_every_level_later_rounds_authority(spec):
    from detente.analysis.war.structural import equal_authority

    params = answer.nominal_params(spec)
    later = params[f"talks.authority.{spec.talks.later_level}"]
    equal = equal_authority(spec, params)
    assert {equal[f"talks.authority.{lv}"] for lv in ("leader", "minister", "aide")} == {later}
    assert len({params[f"talks.authority.{lv}"] for lv in ("leader", "minister", "aide")}) == 3  # it changed
    assert {k: v for k, v in equal.items() if "authority" not in k} == {
        k: v for k, v in params.items() if "authority" not in k}


def _frontier(positions):
    from detente.models.war.frontier import Frontier, Issues

    names = tuple(positions["A"])
    return Frontier(Issues(names, (0.0,) * len(names), (1.0,) * len(names), positions), "A", "B")


@pytest.mark.parametrize("gain_b,expected", [(0.0, [0.2, 1.0]), (0.3, [0.0, 0.0])])
def test_joint_missed_opportunity_on_one_issue(gain_b, expected):
    """One issue, A at 1, B at 0: u_A = x, u_B = 1 - x, so any deal sums to 1. With V_A = 0.3, V_B = 0.5 the
    range is u in [0.3, 0.5] and J = 1 - 0.8 = 0.2; if B gains 0.3 by reneging it needs u <= 0.2 < 0.3:
    no self-enforcing range (Powell 2006)."""
    from detente.analysis.war.joint import joint_missed

    f = _frontier({"A": {"x": (1.0, 1.0)}, "B": {"x": (0.0, 1.0)}})
    got = joint_missed(f, np.array([0.3, 0.3]), np.array([0.5, 0.5]), 0.0, gain_b, np.array([0.5, 0.5]))
    assert got == pytest.approx(expected)


def test_joint_missed_opportunity_finds_the_logroll():
    """Two issues, saliences A (0.8, 0.2), B (0.2, 0.8): the frontier's knot gives B issue 2 and A issue 1,
    u_A = u_B = 0.8 (sum 1.6, Raiffa's logroll). With V_A = V_B = 0.5 the range is [0.5, 0.875] (on the
    last segment u_B = 0.8 - 4 (u - 0.8)) and J = 1.6 - 1.0 = 0.6 for the type with these values; the other
    type (V_A = 0.9 > 0.875 at V_B = 0.5) has none, so with weights (0.25, 0.75): J = 0.15, P(range) = 0.25."""
    from detente.analysis.war.joint import joint_missed

    f = _frontier({"A": {"x": (1.0, 0.8), "y": (1.0, 0.2)}, "B": {"x": (0.0, 0.2), "y": (0.0, 0.8)}})
    got = joint_missed(f, np.array([0.5, 0.9]), np.array([0.5, 0.5]), 0.0, 0.0, np.array([0.25, 0.75]))
    assert got == pytest.approx([0.15, 0.25])


def test_the_aftermath_forecast_is_the_mixture_of_the_draws_paths(result):
    """The stand-in's front is 1,000 + 100 t km2 with sd 0 in every draw: the forecast change is 600 km2 at 6
    months and 1,200 at 12, with a band of width 0; the record's change sits beside it (detente.analysis.war.
    aftermath, tested on the record there) and the calibration window is the 12 months before 16 May 2025."""
    doc = result.to_json()
    rows = {r["months"]: r for r in doc["aftermath"]}
    assert set(rows) == {6, 12}
    for h, row in rows.items():
        assert row["value"] == pytest.approx(100 * h) and row["low"] == pytest.approx(row["high"])
        assert row["observed_km2"] is not None and row["error_km2"] == pytest.approx(row["value"] - row["observed_km2"])
    assert doc["calibration"]["front"]["window"] == ["2024-05", "2025-04"]


def test_front_forecast_mixes_the_draws():
    """Two draws with mean changes 100 and 300 and sds 0 and 100: M = 200, V = (0 + 100^2 + 100^2 + 300^2) / 2
    - 200^2 = 15,000, so the band is 200 +- 1.6449 x 122.47."""
    from detente.analysis.war.evidence import front_forecast

    front = np.array([[0.0, 100.0], [0.0, 300.0]])
    sd = np.array([[0.0, 0.0], [0.0, 100.0]])
    got = front_forecast(front, sd, months=(1,))[1]
    assert got["value"] == pytest.approx(200.0)
    assert got["high"] - got["value"] == pytest.approx(1.6448536269514722 * np.sqrt(15000.0))


def test_equilibrium_selection_on_a_node_with_one_equilibrium(result, spec):
    """The stand-in node has one equilibrium (no survivors to list): several_equilibria 0 and A's lowest and
    highest missed opportunity over the survivors are its missed opportunity, draw by draw; the structural
    entry says the same on its draws."""
    doc = json.loads(json.dumps(result.to_json(), default=float))
    sel = doc["equilibrium_selection"]
    missed = doc["actors"][spec.a]["missed_opportunity"]
    assert sel["actor"] == spec.a and sel["rule"] == "sender-optimal" and sel["several_equilibria"] == 0.0
    for end in ("lowest", "highest"):
        assert sel[end]["value"] == pytest.approx(missed["value"], abs=1e-12)
        assert sel[end]["low"] == pytest.approx(missed["low"], abs=1e-12)
    entry = {e["choice"]: e for e in result.structural}["equilibrium selection"]
    assert entry["values"] == ["sender-optimal", "lowest", "highest"] and entry["several_equilibria"] == 0.0
    rule, lowest, highest = entry["missed_opportunity"][spec.a]
    assert rule["value"] == pytest.approx(lowest["value"]) == pytest.approx(highest["value"])
