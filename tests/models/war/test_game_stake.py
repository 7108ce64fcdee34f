"""A third party's stake in B's survival (``third_parties.<q>.stake_in_b``; issue 12's "minerals stake").

The stake is lost in the endings where B ceases to hold its own (A's full win at the front's end, B's
capitulation) and kept in a settlement and at a frozen line. Expected numbers come from closed forms of
one-month games written out by hand in each test (not from the solver), and from the scenario's own
numbers for the Istanbul accounting.
"""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.models.war.game import Levers, NodeMoves, build_game, nominal_params, solve, stakes_in_b
from detente.models.war.gamedef import make_game

ISTANBUL = "src/detente/data/scenarios/istanbul_2025.yaml"
US = "United States"


def _with_third_party(game, *, value_a_wins: float, value_b_wins: float, value_frozen: float, war_cost: float,
                      discount: float, stake: float):
    """``game`` (two players) plus a third party "US" valuing A's ideal at ``value_a_wins``, B's at
    ``value_b_wins`` and the frozen line at ``value_frozen``, with its stake in B lowering the ending where A
    holds the whole stake (and B's capitulation) exactly as build_game does (:func:`stakes_in_b`)."""
    players = ("A", "B", "US")
    lost = stakes_in_b({"third_parties.US.stake_in_b": stake}, players)
    T, S = game.horizon, game.n_states
    cost = np.concatenate([game.cost, np.full((T, 1, 2, game.n_support), war_cost)], axis=1)
    end_high = np.append(game.end_high, value_a_wins) - lost
    end_low = np.append(game.end_low, value_b_wins)
    return game.with_(
        players=players, cost=cost, discount=np.append(game.discount, discount),
        frontier_values=np.vstack([game.frontier_values, [value_b_wins, value_a_wins]]),
        end_low=end_low, end_high=end_high, terminal=np.vstack([game.terminal, np.full(S, value_frozen)]),
        quit_a=np.tile(end_low, (T, 1)), quit_b=np.tile(end_high, (T, 1))).check()


@pytest.mark.parametrize("backend", ["numpy", "numba"])
@pytest.mark.parametrize("stake", [0.0, 0.15, 0.4])
def test_one_month_of_war_the_stake_weighs_by_the_chance_a_wins_outright(backend, stake):
    """One month, no talks, three front states (A's total loss, the node, A's total win), B fights on
    (no cost of war, so capitulating never beats it). By hand, the third party's value at the node is
    -c + d x [a (u_A_wins - stake) + r u_B_wins + (1 - a - r) u_frozen]: with a = 0.3, r = 0.2, c = 0.01,
    d = 0.98, u = (0.55, 0.30, 0.45): -0.01 + 0.98 x (0.165 + 0.06 + 0.225) - 0.294 x stake
    = 0.431 - 0.294 x stake, for both of A's types and every belief."""
    game = make_game(1, 3, 1, advance=0.3, retreat=0.2, cost_a=(0.0, 0.0), cost_b=0.0, talks=0.0)
    game = _with_third_party(game, value_a_wins=0.55, value_b_wins=0.30, value_frozen=0.45, war_cost=0.01,
                             discount=0.98, stake=stake)
    sol = solve(game, backend=backend)
    expected = -0.01 + 0.98 * (0.3 * (0.55 - stake) + 0.2 * 0.30 + 0.5 * 0.45)
    assert expected == pytest.approx(0.431 - 0.294 * stake)
    for belief in (0.0, 0.5, 1.0):
        assert sol.values(belief)["US"] == pytest.approx([expected, expected], abs=1e-12)


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_b_capitulating_at_once_costs_the_third_party_its_whole_stake(backend):
    """B's cost of a month (2.0) exceeds anything fighting can win (its utilities are in [0, 1]), so B
    capitulates in month 0 (A's positions in full, B's value 0 > 0 - 2 + ...): the third party's value is
    its utility of A's ideal package minus its stake, 0.55 - 0.15 = 0.40, with no month of war paid."""
    game = make_game(1, 3, 1, advance=0.3, retreat=0.2, cost_a=(0.0, 0.0), cost_b=2.0, talks=0.0)
    game = _with_third_party(game, value_a_wins=0.55, value_b_wins=0.30, value_frozen=0.45, war_cost=0.01,
                             discount=0.98, stake=0.15)
    vals = solve(game, backend=backend).values(0.5)
    assert vals["B"] == pytest.approx([0.0, 0.0], abs=1e-12)
    assert vals["US"] == pytest.approx([0.40, 0.40], abs=1e-12)


def test_a_settlement_keeps_the_stake():
    """One month, one binding round, B proposes (proposer_a = 0): B offers A its war value and A accepts,
    so the war ends in a settlement and the stake stays whole; the third party's value is its utility of
    the package, the same at stake 0 and 0.3 (the linear frontier from (u_B_wins) at x = 0 to
    (u_A_wins) at x = 1: A's war value is 0.3 x 1 + 0.5 x 0.5 + 0.2 x 0 = 0.55 with no cost, so the
    package is x = 0.55 and the third party's utility 0.30 + 0.55 x 0.25 = 0.4375)."""
    vals = []
    for stake in (0.0, 0.3):
        game = make_game(1, 3, 1, advance=0.3, retreat=0.2, cost_a=(0.0, 0.0), cost_b=0.05, talks=1.0,
                         authority=1.0, proposer_a=0.0)
        game = _with_third_party(game, value_a_wins=0.55, value_b_wins=0.30, value_frozen=0.45, war_cost=0.01,
                                 discount=0.98, stake=stake)
        vals.append(solve(game, backend="numpy").values(0.5)["US"])
    assert vals[0] == pytest.approx([0.4375, 0.4375], abs=1e-9)
    assert vals[1] == pytest.approx(vals[0], abs=1e-12)


def test_istanbul_stake_lowers_only_the_us_ending_where_russia_holds_the_whole_stake():
    """build_game on the shipped scenario: the US's value of Russia's full win and of Ukraine's
    capitulation falls by exactly its stake_in_b (the scenario's 0.15, the minerals agreement of 30 April
    2025); nobody else's endings move, and settlements (the frontier) and the frozen line are untouched."""
    spec = detente.load(ISTANBUL).war
    params = nominal_params(spec)
    assert params[f"third_parties.{US}.stake_in_b"] == pytest.approx(0.15)
    moves, levers = NodeMoves("aide", "minister", True, False), Levers("maintain")
    with_stake = build_game(spec, params, moves, levers)
    without = build_game(spec, {**params, f"third_parties.{US}.stake_in_b": 0.0}, moves, levers)
    q = with_stake.players.index(US)
    drop = np.zeros(with_stake.n_players)
    drop[q] = 0.15
    assert without.end_high - with_stake.end_high == pytest.approx(drop, abs=1e-15)
    assert without.quit_b - with_stake.quit_b == pytest.approx(np.tile(drop, (with_stake.horizon, 1)), abs=1e-15)
    for name in ("end_low", "quit_a", "terminal", "frontier_values"):
        assert np.array_equal(getattr(with_stake, name), getattr(without, name)), name
