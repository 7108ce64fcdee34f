"""Bayesian third parties (detente.models.war.third_parties) against closed forms worked out by hand.

Purification (Harsanyi 1973): with a private cost uniform on [lo, hi], P(lever) = P(cost < benefit)
= (benefit - lo) / (hi - lo) on [lo, hi], linear in the benefit; the upper envelope of three ordered
levels; a two-player fixed point solved by hand (two linear equations).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

import detente
from detente.models.war.game import nominal_params
from detente.models.war.third_parties import Lever, levers_of, purified_probs, solve_levers, support_lever_name

ISTANBUL = "src/detente/data/scenarios/istanbul_2025.yaml"


@given(st.floats(-0.1, 0.2), st.floats(0.0, 0.05), st.floats(0.001, 0.1))
def test_binary_lever_probability_is_linear_in_the_benefit(benefit, lo, width):
    """P(on) = P(c < b) for c ~ U[lo, hi] is clip((b - lo) / (hi - lo), 0, 1); the first moment of u over
    the 'on' interval [0, P] is P^2 / 2."""
    hi = lo + width
    probs, moments = purified_probs(np.array([0.0, benefit - lo]), np.array([0.0, hi - lo]))
    expect = min(max((benefit - lo) / (hi - lo), 0.0), 1.0)
    assert probs[1] == pytest.approx(expect, abs=1e-12)
    assert probs.sum() == pytest.approx(1.0)
    assert moments[1] == pytest.approx(expect ** 2 / 2, abs=1e-12)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("lo, hi, after_aide", [(0.0, 0.0, 1.0), (0.0, 0.5, 0.454545), (0.1, 0.3, 0.636364)])
def test_o15_the_third_party_reads_the_delegation_by_bayes_rule(backend, lo, hi, after_aide):
    """O15 (war2.md) through the lever solver: prior stalling 0.5; aide sent with probability 0.8 (stalling) /
    0.3 (serious), leader 0.05 / 0.30, so P(stalling | aide) = 0.4 / 0.55 = 0.727273 and P(stalling | leader)
    = 0.025 / 0.175 = 0.142857; sanctions pay the US mu - 0.5 a month of war (worth it iff P(stalling) >= 0.5).
    With no private cost (lo = hi = 0) it sanctions after the aide and not after the leader (O15's answer);
    with a private cost c ~ U[lo, hi] (Harsanyi 1973) P(sanctions | aide) = (0.227273 - lo) / (hi - lo),
    (0.227273 - 0) / 0.5 = 0.454545 and (0.227273 - 0.1) / 0.2 = 0.636364, and P(sanctions | leader) = 0."""
    from detente.models.war.signalling import posterior

    strategy = np.array([[0.30, 0.40, 0.30], [0.05, 0.15, 0.80]])  # rows serious, stalling; leader, minister, aide
    post = posterior(0.5, strategy)
    mu = np.array([post[2], post[0]])  # the states: after the aide, after the leader
    assert mu == pytest.approx([0.727273, 0.142857], abs=1e-6)
    lever = Lever("us_secondary_sanctions", "United States", ("off", "on"), np.array([0.0, lo]), np.array([0.0, hi]),
                  np.zeros(2))
    values = {"United States": np.stack([np.zeros(2), mu - 0.5], axis=1)}  # (states, off / on)
    sol = solve_levers((lever,), values, {"United States": np.ones((2, 2))}, backend=backend)
    assert sol.converged and sol.unique
    assert sol.probs[0][:, 1] == pytest.approx([after_aide, 0.0], abs=1e-6)


def test_three_ordered_levels():
    """Support levels worth V = (0, 0.5, 0.8) less a cost u x (0, 1, 2) (u ~ U[0, 1]): increase beats
    maintain iff u < 0.3, maintain beats withdraw iff u < 0.5, so P = (0.5, 0.2, 0.3). With V = (0, 0.2,
    1.0) maintain is never best (increase beats withdraw iff u < 0.5): P = (0.5, 0, 0.5)."""
    p, _ = purified_probs(np.array([0.0, 0.5, 0.8]), np.array([0.0, 1.0, 2.0]))
    assert p == pytest.approx([0.5, 0.2, 0.3])
    p, _ = purified_probs(np.array([0.0, 0.2, 1.0]), np.array([0.0, 1.0, 2.0]))
    assert p == pytest.approx([0.5, 0.0, 0.5])


def lever(name, player, lo, hi, charged=0.0):
    return Lever(name, player, ("off", "on"), np.array([0.0, lo]), np.array([0.0, hi]), np.array([0.0, charged]))


def test_one_lever_adds_back_the_charged_cost():
    """Values 1.0 (off) and 1.2 (on, after the game charged 0.01 a month over F = 10 months): V_on(0) = 1.3,
    a benefit of 0.3 / 10 = 0.03 a month; with the private cost U[0, 0.05], P(on) = 0.6 and the expected
    private cost paid is 10 x int_0^0.6 0.05 u du = 0.09, so the player's value is 0.4 x 1.0 + 0.6 x 1.3 - 0.09."""
    lv = (lever("s", "US", 0.0, 0.05, charged=0.01),)
    sol = solve_levers(lv, {"US": np.array([[1.0, 1.2]])}, {"US": np.array([[10.0, 10.0]])})
    assert sol.converged
    assert sol.probs[0][0] == pytest.approx([0.4, 0.6])
    assert sol.player_values["US"][0] == pytest.approx(0.4 + 0.6 * 1.3 - 0.09)


def test_two_players_fixed_point():
    """The US's sanctions are worth 0.02 + 0.02 q a month (q = P(EU sanctions)), the EU's 0.01 + 0.02 p;
    both private costs U[0, 0.05], F = 1. Best responses p = 0.4 + 0.4 q, q = 0.2 + 0.4 p give p = 4/7,
    q = 3/7 (solved by hand)."""
    lv = (lever("us", "US", 0.0, 0.05), lever("eu", "EU", 0.0, 0.05))
    us = np.zeros((1, 2, 2))
    eu = np.zeros((1, 2, 2))
    for a in (0, 1):
        for b in (0, 1):
            us[0, a, b] = a * (0.02 + 0.02 * b)
            eu[0, a, b] = b * (0.01 + 0.02 * a)
    ones = np.ones((1, 2, 2))
    sol = solve_levers(lv, {"US": us, "EU": eu}, {"US": ones, "EU": ones})
    assert sol.converged
    assert sol.probs[0][0, 1] == pytest.approx(4 / 7, abs=1e-9)
    assert sol.probs[1][0, 1] == pytest.approx(3 / 7, abs=1e-9)
    forced = solve_levers(lv, {"US": us, "EU": eu}, {"US": ones, "EU": ones}, fixed={0: 1})
    assert forced.probs[1][0, 1] == pytest.approx(0.6)  # the EU's best response to p = 1: (0.01 + 0.02) / 0.05


def test_istanbul_levers():
    """The shipped scenario's levers: each sanction by its sender (range of sender_cost) and the US's aid."""
    spec = detente.load(ISTANBUL).war
    levers = levers_of(spec, nominal_params(spec))
    names = [lv.name for lv in levers]
    assert names == ["eu_sanctions", "us_secondary_sanctions", support_lever_name(spec)]
    assert support_lever_name(spec) == "us_support"
    us = levers[1]
    assert us.player == "United States" and us.levels == ("off", "on")
    num = spec.sanctions["us_secondary_sanctions"].sender_cost
    assert (us.low[1], us.high[1]) == (num.distribution.low, num.distribution.high)


def test_private_spread_is_its_own_input():
    """R10: with ``sender_cost_private_spread`` in the inputs, the private cost is uniform on the drawn
    cost +- that spread (here 0.003 +- 0.002: [0.001, 0.005]); without it, the number's range ([0, 0.010])."""
    spec = detente.load(ISTANBUL).war
    params = nominal_params(spec)
    us = levers_of(spec, {**params, "sanctions.us_secondary_sanctions.sender_cost_private_spread": 0.002})[1]
    assert (us.low[1], us.high[1]) == pytest.approx((0.001, 0.005))
    assert (levers_of(spec, params)[1].low[1], levers_of(spec, params)[1].high[1]) == (0.0, 0.010)


def test_coordination_has_two_fixed_points():
    """Each sender gains 0.04 a month from sanctioning only if the other does (benefit 0.04 q - 0.01, cost
    U[0, 0.005]): 'both on' and 'both off' are both fixed points, so the three starts disagree (unique is
    False) and the uniform start's is returned."""
    lv = (lever("us", "US", 0.0, 0.005), lever("eu", "EU", 0.0, 0.005))
    us, eu = np.zeros((1, 2, 2)), np.zeros((1, 2, 2))
    for a in (0, 1):
        for b in (0, 1):
            us[0, a, b] = a * (0.04 * b - 0.01)
            eu[0, a, b] = b * (0.04 * a - 0.01)
    ones = np.ones((1, 2, 2))
    sol = solve_levers(lv, {"US": us, "EU": eu}, {"US": ones, "EU": ones})
    assert not sol.unique
    one = solve_levers(lv[:1], {"US": us[:, :, 1]}, {"US": ones[:, :, 1]})
    assert one.unique and one.probs[0][0, 1] == pytest.approx(1.0)  # 0.03 > any cost in [0, 0.005]
