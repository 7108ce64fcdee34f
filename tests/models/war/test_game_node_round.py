"""The node in the lead's order (review R3): node round, then levers after a failure, then the war.

Reference: the whole game solved by backward induction (:func:`solve`, checked against the papers in
test_game_exact.py). With the levers held fixed, the node's round on :func:`failure_tables` must give
the whole game's value table exactly (month 0's round is the same stage, only split in two).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import detente
from detente.models.war.game import Levers, NodeMoves, SolveCache, build_game, nominal_params
from detente.models.war.node_round import failure_tables, node_round

SCENARIO = Path(detente.__file__).parent / "data" / "scenarios" / "istanbul_2025.yaml"
MONTHS = ("United States", "European Union")


@pytest.fixture(scope="module")
def spec():
    return detente.load(SCENARIO).war


@pytest.mark.parametrize("moves, levers", [
    (NodeMoves("aide", "minister", True, False), Levers()),
    (NodeMoves("leader", "leader", False, False), Levers("withdraw", frozenset({"us_secondary_sanctions"}))),
    (NodeMoves("minister", "aide", True, False), Levers("increase", frozenset({"eu_sanctions"}))),
])
def test_node_round_on_failure_tables_is_the_whole_game(spec, moves, levers):
    params, cache = nominal_params(spec), SolveCache()
    game = build_game(spec, params, moves, levers, months_for=MONTHS)
    whole = cache.solve(game).value_table()
    grid, after = failure_tables(spec, params, moves, levers, months_for=MONTHS, cache=cache)
    node = node_round(spec, params, moves, after, game=game)
    assert set(node.values) == set(whole)
    for player, table in whole.items():
        assert np.allclose(node.values[player], table, atol=1e-12, rtol=0), player
    assert np.allclose(node.fail.sum(-1) + node.settle, 1.0)


def test_failure_branches_follow_authority(spec):
    """A round with authority kappa fails at least with 1 - kappa (Putnam 1988): the aide's 0.1 gives
    P(fail) >= 0.9, a leaders' round (0.9) >= 0.1; the failure tables of every delegation pair are one
    solve (the round's authority and audience costs are month 0's only)."""
    params, cache = nominal_params(spec), SolveCache()
    grid, after = failure_tables(spec, params, NodeMoves("aide", "minister", True, False), Levers(), cache=cache)
    failure_tables(spec, params, NodeMoves("leader", "leader", True, False), Levers(), cache=cache)
    assert cache.full_solves == 1
    for a, kappa in (("aide", params["talks.authority.aide"]), ("leader", params["talks.authority.leader"])):
        node = node_round(spec, params, NodeMoves(a, "leader", True, False), after)
        assert (node.fail.sum(-1) >= 1 - kappa - 1e-12).all()
        assert node.fail[..., 0].sum() > 0


def test_node_round_with_a_semi_separating_offer(spec):
    """A node round whose best offer of B is semi-separating (Fudenberg & Tirole 1991, sec. 10.2), on a
    continuation made for it (ministers: no audience cost; reneging gains 0, so the floors are the no-talks
    war values, below every offer here). After a failed round the serious type's value is 0.2 where B believes
    P(stalling) <= 0.6 (B would screen it) and 0.6 above, the stalling type's 0.8 everywhere, B's its utility
    at 0.8 less 0.05. At B's belief 0.3 a pool must pay 0.8 (below B's floor), the pure screen pays the
    serious type 0.6 (its value when revealed, B's belief 1): B's 0.7 u_B(0.6) + 0.3 c. The semi-separating
    screen offers 0.2, the serious type's value of refusing at posterior 0.6, and the serious type accepts
    with the probability that puts B's posterior after a refusal there: 1 - 0.3 / 0.6 = 0.5 of all A,
    sigma = 0.5 / 0.7 = 5/7 of the serious type; B's 0.5 u_B(0.2) + 0.5 c is the best. Checked: the offer,
    sigma, the failure branch of the refusal and that its belief is Bayes' rule on the branch's masses."""
    params = {**nominal_params(spec), "enforcement.gain_a": 0.0, "enforcement.gain_b": 0.0}
    moves = NodeMoves("minister", "minister", False, False)
    game = build_game(spec, params, moves, Levers())
    grid = np.linspace(0, 1, spec.belief_points)
    ub = lambda x: float(np.interp(x, game.frontier_ua, game.frontier_values[1]))  # noqa: E731
    after = {p: np.zeros((2, len(grid))) for p in game.players}
    after[game.players[0]][0] = np.where(grid <= 0.6 + 1e-9, 0.2, 0.6)
    after[game.players[0]][1] = 0.8
    after[game.players[1]][:] = ub(0.8) - 0.05
    node = node_round(spec, params, moves, after, game=game)
    j = 3  # B's belief 0.3
    assert node.b_choice[j] == 1 and node.post_index[j] == 6
    assert node.offer_b[j] == pytest.approx(0.2, abs=1e-12)
    assert node.accept_b[:, j] == pytest.approx([5 / 7, 0.0], abs=1e-12)
    kappa, pa = params["talks.authority.minister"], params["talks.proposer_a"]
    assert node.fail[:, j, 3] == pytest.approx([kappa * (1 - pa) * 2 / 7, kappa * (1 - pa)], abs=1e-12)
    refused = node.fail[:, j, 3] * np.array([1 - grid[j], grid[j]])
    assert refused[1] / refused.sum() == pytest.approx(grid[6], abs=1e-12)  # Bayes' rule on the branch
    assert np.allclose(node.fail.sum(-1) + node.settle, 1.0)
    # the serious type is indifferent: B's offer leaves it its value of refusing, whatever A's own offer does
    b_part = 0.5 * ub(0.2) + 0.5 * (ub(0.8) - 0.05)
    assert b_part > 0.7 * ub(0.6) + 0.3 * (ub(0.8) - 0.05)
