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
