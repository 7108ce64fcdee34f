"""The missed-opportunity analysis and the Istanbul 2025 scenario.

Expected numbers come from closed forms derived in the docstrings (the missed opportunity of
fighting and its break-even belief, with war as Powell's 2006 costly lottery; Bayes' rule for the
signals) or from the
definitions (a missed opportunity is a maximum minus one of its terms, so it is >= 0; the same seed
gives the same draws anywhere). No value is copied from our output.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import detente
from detente.analysis.war import missed_opportunity as mo
from detente.cli import app
from detente.errors import ScenarioError
from detente.models.war import closed_forms as cf
from detente.models.war import node

ISTANBUL = detente.example("istanbul_2025")


@pytest.fixture(scope="module")
def spec():
    return detente.load(ISTANBUL).war


@pytest.fixture(scope="module")
def result(spec):
    return mo.missed_opportunity(detente.load(ISTANBUL), draws=8, seed=11, break_even_belief=False)


def test_every_number_of_the_war_section_has_a_source(spec):
    """Rule 2 of the project: every number has evidence (a source, or an explicit 'Assumption')."""
    missing = [label for label, num in spec.numbers().items() if not num.source]
    assert not missing


def test_uncertain_numbers_are_drawn_within_their_ranges(spec):
    """Each uniform number's 50 draws lie in [low, high]; the scenario must have some uniform numbers (it has
    ranges in its war section), or the check would pass without checking anything."""
    draws = [mo.draw_params(spec, s) for s in np.random.SeedSequence(3).spawn(50)]
    uniform = [label for label, num in spec.numbers().items()
               if num.distribution is not None and num.distribution.kind == "uniform"]
    assert uniform, "no number of the Istanbul war section is uniform: the range check below checks nothing"
    for label in uniform:
        num = spec.numbers()[label]
        values = [d[label] for d in draws]
        assert min(values) >= num.distribution.low and max(values) <= num.distribution.high


def test_signals_update_ukraines_belief_by_bayes_rule(spec):
    """Prior 0.5 strong; P(aide | strong) = 0.8, P(aide | weak) = 0.3; P(attack | strong) = 0.9, weak 0.5:
    posterior = 0.5*0.8*0.9 / (0.5*0.8*0.9 + 0.5*0.3*0.5) = 0.36/0.435 = 0.827586 (signal_posterior twice)."""
    params = node.nominal_params(spec)
    belief = node.initial_belief(spec, params, node.profile_with(spec))
    assert belief == pytest.approx(0.36 / 0.435)
    assert belief == pytest.approx(cf.signal_posterior(cf.signal_posterior(0.5, 0.8, 0.3), 0.9, 0.5))


def test_missed_opportunity_closed_form_o12():
    """War as a costly lottery (Powell 2006), d = 0.9, cost 1: settling at 0.5 worth 0.5/(1 - 0.9) = 5,
    fighting p/(1 - 0.9) - 1 = 10 p - 1 with p = 0.45 (1 - q) + 0.65 q: the missed opportunity
    of fighting is max(5, W) - W: q = 0.5, p = 0.55, W = 4.5, missed 0.5; q = 0.9, p = 0.63, W = 5.3 > 5,
    missed 0; break-even 10 p - 1 = 5, p = 0.6, q = (0.6 - 0.45)/0.2 = 0.75."""
    assert cf.missed_opportunity_fight(0.5, 0.45, 0.65, 1.0, 0.9, 0.5) == pytest.approx(0.5)
    assert cf.missed_opportunity_fight(0.5, 0.45, 0.65, 1.0, 0.9, 0.9) == pytest.approx(0.0)
    assert cf.break_even_withdrawal_belief(0.5, 0.45, 0.65, 1.0, 0.9) == pytest.approx(0.75)


def test_alternatives_put_the_observed_move_first(spec):
    russia = mo.alternatives(spec, "Russia")
    assert len(russia) == 3 * 2 * 2
    assert russia[0] == {"Russia.delegation": "aide", "Russia.eve_attack": "yes", "Russia.ceasefire": "reject"}


def test_missed_opportunity_summaries_are_ordered(result):
    """(The v1 check that the missed opportunity is >= 0 is gone: a maximum that includes the observed
    move is >= 0 by construction, issue 12.)"""
    for actor in result.spec.moves:
        s = result.summary(actor)["missed_opportunity"]
        assert s["low"] <= s["value"] <= s["high"] and 0 <= s["p_positive"] <= 1


def test_json_contract(result):
    doc = json.loads(json.dumps(result.to_json(), default=float))
    assert set(doc["actors"]) == {"Russia", "Ukraine", "United States", "European Union", "Turkey"}
    for entry in doc["actors"].values():
        assert set(entry["missed_opportunity"]) == {"value", "low", "high", "p_positive"}
    names = [row["counterfactual"] for row in doc["counterfactuals"]]
    assert names == ["observed", "putin_attends", "senior_delegation", "no_eve_attack", "accepts_ceasefire",
                     "us_withdraws", "us_secondary_sanctions"]
    for row in doc["counterfactuals"]:
        assert {"settled_6", "settled_12", "settled_24", "terms"} <= set(row)
        assert row["settled_6"]["value"] <= row["settled_12"]["value"] <= row["settled_24"]["value"]


def test_same_seed_same_numbers_and_serial_equals_parallel(result):
    """Draw k always uses SeedSequence(seed).spawn(n)[k] (detente.rng), so a rerun and a 2-process run agree."""
    from detente.execution import LocalExecutor

    again = mo.missed_opportunity(detente.load(ISTANBUL), draws=8, seed=11, break_even_belief=False,
                                  executor=LocalExecutor(2))
    for actor in result.spec.moves:
        assert np.array_equal(result.values[actor], again.values[actor])


def test_war_command_json_and_exit_codes(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["war", str(ISTANBUL), "--draws", "3", "--seed", "2", "--format", "json",
                              "--no-store", "--workers", "1", "--html", str(tmp_path / "war.html")])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout[res.stdout.index("{"):])
    assert doc["draws"] == 3 and "missed_opportunity" in doc["actors"]["Russia"]
    html = (tmp_path / "war.html").read_text()
    assert "<script src=" not in html and "Plotly" in html


@pytest.mark.parametrize("path,value,message", [
    (("war", "battle", "advance"), 1.5, "war.battle.advance"),
    (("war", "rules", 0, "lever"), "nonsense", "war.rules[0].lever"),
    (("war", "observed", "Russia", "delegation"), "general", "observed.Russia.delegation"),
])
def test_bad_war_section_gives_file_and_field_and_exit_2(tmp_path, path, value, message):
    data = yaml.safe_load(ISTANBUL.read_text())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError) as exc:
        detente.load(bad)
    assert any(message in str(p) for p in exc.value.problems)
    res = CliRunner().invoke(app, ["war", str(bad), "--draws", "2", "--no-store"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output and str(bad) in res.output


def test_scenario_without_a_war_section_is_a_clear_error():
    res = CliRunner().invoke(app, ["war", str(detente.example("ec_car_emissions")), "--no-store"])
    assert res.exit_code == 2 and "no war: section" in res.output


def test_war_section_survives_a_yaml_round_trip(tmp_path):
    """detente.save then detente.load gives the same scenario (same content hash, same draws' ranges)."""
    sc = detente.load(ISTANBUL)
    detente.save(sc, tmp_path / "again.yaml")
    again = detente.load(tmp_path / "again.yaml")
    assert again.content_hash() == sc.content_hash()
    assert {k: v.bounds for k, v in again.war.numbers().items()} == {k: v.bounds for k, v in sc.war.numbers().items()}


def test_belief_grid_is_fine_enough_for_the_answer(spec):
    """Discretisation check (no oracle: a numerical-accuracy bound stated in docs/explanation/war-model.md):
    refining B's belief grid from the shipped 11 points to 161 changes Russia's missed opportunity at the
    nominal inputs by less than 0.005 of the stake (a few per cent of the answer, far inside its 90%
    interval over the scenario's uncertainty)."""
    from detente.analysis.war.missed_opportunity import missed_at

    params = node.nominal_params(spec)
    coarse = missed_at(spec, params, "Russia")
    fine = missed_at(spec.model_copy(update={"belief_points": 161}), params, "Russia")
    assert abs(coarse - fine) < 0.005


def _one_round(talks, p=(0.6,), cost_a=0.1, cost_b=0.15, discount=(0.9, 0.8)):
    from detente.models.war.solver import Game

    G = len(p)
    return Game(length=2, start=1, horizon=1, p_advance=np.array([p, p], dtype=float),
                cost_a=np.full((2, G), cost_a), cost_b=np.full(G, cost_b), discount=discount, talks=talks,
                regime_switch=np.eye(G), prior=1.0, regime0=tuple(np.eye(G)[0]))


@pytest.mark.parametrize("talks", [0.0, 0.3, 1.0])
def test_joint_missed_opportunity_of_a_one_round_war(talks):
    """Closed form (Fearon 1995 with the model's one-round war): front 0..2 from 1, one battle then the
    horizon, A wins with p = 0.6; war values W_A = d_A p - c_A = 0.9*0.6 - 0.1 = 0.44 and
    W_B = d_B (1 - p) - c_B = 0.8*0.4 - 0.15 = 0.17, so a range exists (0.61 < 1). With probability
    ``talks`` the sides settle (complete information: the proposer offers the responder its war value,
    and the split sums to 1), else they fight: V_A + V_B = talks + (1 - talks) 0.61, and the joint
    missed opportunity 1 - V_A - V_B = (1 - talks) 0.39: 0.39 with no talks, 0.273, 0 when they always
    talk (no war under complete information)."""
    cache = node.Cache()
    game = _one_round(talks)
    w_a, w_b = node.war_values(game, cache, belief=1.0)
    assert w_a[:, 0] == pytest.approx([0.44, 0.44]) and w_b[:, 0] == pytest.approx([0.17, 0.17])
    joint, p_range = node.joint_loss(game, cache, belief=1.0, w=1.0)
    assert p_range == 1.0
    assert joint == pytest.approx((1 - talks) * 0.39)


@pytest.mark.parametrize("p_after,has_range", [(0.8, False), (0.6, True)])
def test_joint_missed_opportunity_needs_a_range_that_survives_the_shift_in_power(p_after, has_range):
    """Closed form (Powell 2006, the commitment problem): no discounting, costs 0.1 each, A wins the one
    battle with 0.5 in regime 0 and ``p_after`` in regime 1. In each regime W_A + W_B = 1 - 0.2 < 1, but a
    split both accept whichever regime comes needs x >= max W_A = p_after - 0.1 and 1 - x >= max W_B =
    1 - 0.5 - 0.1, i.e. p_after - 0.5 <= 0.2 (the shift in power no larger than the costs of war). With
    p_after = 0.8 (shift 0.3) there is no self-enforcing range, so the joint missed opportunity is 0;
    with 0.6 (shift 0.1) there is one, and with no talks it is the costs, 0.2."""
    game = _one_round(0.0, p=(0.5, p_after), cost_a=0.1, cost_b=0.1, discount=(1.0, 1.0))
    joint, p_range = node.joint_loss(game, node.Cache(), belief=1.0, w=1.0)
    assert p_range == (1.0 if has_range else 0.0)
    assert joint == pytest.approx(0.2 if has_range else 0.0)


def test_json_reports_russias_moves_and_the_joint_missed_opportunity(result):
    doc = json.loads(json.dumps(result.to_json(), default=float))
    joint = doc["joint_missed_opportunity"]
    assert set(joint) == {"value", "low", "high", "p_range"}
    assert 0 <= joint["low"] <= joint["value"] <= joint["high"] <= 1 and 0 <= joint["p_range"] <= 1
    moves = doc["actors"]["Russia"]["moves"]
    assert len(moves) == 12
    for entry in moves:
        assert entry["settled_6"]["value"] <= entry["settled_12"]["value"] <= entry["settled_24"]["value"]
    # the observed move's outcomes are the observed counterfactual's
    assert moves[0]["settled_12"] == doc["counterfactuals"][0]["settled_12"]


def test_missed_at_agrees_with_the_full_evaluation_for_every_actor(spec):
    """Two paths to one number: missed_at (one actor; the forward pass only for third parties) and
    evaluate_draw (every actor's alternatives) give the same missed opportunity at the nominal inputs,
    and it is >= 0 (a maximum minus one of its terms)."""
    params = node.nominal_params(spec)
    values = mo.evaluate_draw(spec, params)["actors"]
    for actor in spec.moves:
        missed = mo.missed_at(spec, params, actor)
        assert missed == pytest.approx(values[actor].max() - values[actor][0], abs=1e-12) and missed >= 0
