"""The node's channel switches (``solve_node(off=...)``, issue 13's decomposition) on test_node.py's closed-form
O14 node (:class:`O14Tables`: O14 of notes/war2.md; prior P(stalling) = 0.6; P(US sanctions) = the posterior),
and the Shapley decomposition (analysis/war/channels.py) through them, against numbers computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from detente.analysis.war.channels import CHANNELS, REMAINDER, channels_of_draw
from detente.models.war.game import nominal_params
from detente.models.war.node import solve_node
from test_node import AIDE, LEADER, O14Tables, spec  # noqa: F401  (spec: the Istanbul scenario fixture)

PRIOR = 0.6


@pytest.fixture(scope="module")
def o14(spec):
    # the running costs the hand computations use (0.003 a month each), pinned so that the shipped
    # scenario's numbers can move without changing this closed-form game (S2-B1)
    params = {**nominal_params(spec), "types.prior_stalling": PRIOR, "support.levels.maintain.cost_supporter": 0.003,
              "sanctions.us_secondary_sanctions.sender_cost": 0.003}
    return params, lambda off: solve_node(spec, params, tables=O14Tables(params), off=frozenset(off))


def test_nothing_off_is_the_node(o14):
    _, solve = o14
    on, none = solve(()), solve(frozenset())
    assert none.strategy == on.strategy and none.posterior == on.posterior and none.levers == on.levers


def test_authority_off_a_delegation_changes_nothing_at_the_table(o14):
    """O14's delegation values (Putin attending: 0.12 x 0.833333 - 0.05 = 0.05 to the serious type) come
    from the game of each delegation pair; with authority off every pair is the observed aide/minister."""
    _, solve = o14
    assert solve(()).value_of("Russia", {"Russia.delegation": "leader"}, 0.0) == pytest.approx(0.05)
    off = solve({"authority"})
    assert off.value_of("Russia", {"Russia.delegation": "leader"}, 0.0) == pytest.approx(0.0, abs=1e-12)
    assert off.value_of("Ukraine", {"Ukraine.delegation": "leader"}, 0.3) == pytest.approx(0.0, abs=1e-12)


def test_signals_off_everyone_stays_at_the_prior(o14):
    """At the prior 0.6 Ukraine's leader is worth 0.4 x 0.5 - 0.6 x 0.5 = -0.1 < 0 (minister): it never
    engages, so both types send the aide (Putin costs 0.05 / 0.10, nothing gained); P(US sanctions) = 0.6."""
    _, solve = o14
    sol = solve({"signals"})
    assert list(sol.posterior.values()) == [pytest.approx(PRIOR)] * 12
    assert sol.response_b[LEADER] == "minister"
    assert sol.strategy == {"serious": {AIDE: 1.0}, "stalling": {AIDE: 1.0}}
    assert sol.levers[LEADER]["us_secondary_sanctions"] == pytest.approx(PRIOR)
    assert sol.value_of("Russia", {"Russia.delegation": "leader"}, 1.0) == pytest.approx(-0.1)


def test_third_parties_off_levers_as_after_the_observed_move(o14):
    """After the observed aide P(stalling) = 1: the US sanctions for sure and withdraws aid; with the third
    parties off that holds after Putin's attendance too (0.5 when they respond). A forced lever stays forced."""
    _, solve = o14
    on, off = solve(()), solve({"third_parties"})
    assert on.levers[LEADER]["us_secondary_sanctions"] == pytest.approx(0.5)
    assert off.levers[LEADER]["us_secondary_sanctions"] == pytest.approx(1.0)
    assert off.levers[LEADER]["us_support=withdraw"] == pytest.approx(1.0)
    assert off.strategy == on.strategy  # O14's Russia does not care about the levers
    assert off.levers_of({"United States.sanctions": "none"}, "United States")["us_secondary_sanctions"] == 0.0


def test_battlefield_off_the_ceasefire_is_fought_as_rejected(o14):
    """O14 makes accepting the ceasefire cost Russia 0.5 in the war; with the battlefield off it is the
    observed rejection's war."""
    _, solve = o14
    accept = {"Russia.ceasefire": "accept"}
    assert solve(()).value_of("Russia", accept, 0.0) == pytest.approx(-0.5)
    off = solve({"battlefield"})
    assert off.value_of("Russia", accept, 0.0) == pytest.approx(off.value_of("Russia", {}, 0.0), abs=1e-12)


def test_all_off_every_move_alike_and_bad_names(o14):
    _, solve = o14
    sol = solve(CHANNELS)
    values = np.array([v["Russia"] for v in sol.values.values()])
    assert np.ptp(values, axis=0) == pytest.approx([0.0, 0.0], abs=1e-12)
    with pytest.raises(ValueError, match="unknown channel"):
        solve({"beliefs"})


def test_us_missed_opportunity_by_channel(spec, o14):
    """By hand from O14: the US's best alternative (withdraw aid, sanction) beats its observed one (maintain,
    none) by 0.1 w, w = the analyst's P(stalling) = the posterior after the observed aide: 1 in the PBE (only
    the stalling type sends it), the prior 0.6 with the signals off, and 0.6 with the authority off (the three
    delegations are then one message, pooled on). Either switch alone removes 0.04, so each gets 0.02
    (Shapley's symmetry); the remainder is 0.1 x 0.6 = 0.06. Russia's observed aide is a best response of
    the stalling type in every switched game: nothing to split."""
    params, solve = o14
    out = channels_of_draw(spec, params, solver=solve)
    us = out["United States"]
    assert us == pytest.approx({"authority": 0.02, "signals": 0.02, "third_parties": 0.0, "battlefield": 0.0,
                                REMAINDER: 0.06}, abs=1e-9)
    assert out["Russia"] == pytest.approx(dict.fromkeys([*CHANNELS, REMAINDER], 0.0), abs=1e-9)
