"""The compiled kernels agree with the numpy reference (detente.models.war._game_kernels vs bargaining/forward).

The reference is the readable statement of the game; the kernel must give the same numbers on every
state it solves (the states reachable from the node by each month) and the same forward pass.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import detente
from detente.models.war.forward import outcomes
from detente.models.war.game import Levers, NodeMoves, build_game, draw_params
from detente.models.war.gamedef import make_game
from detente.models.war.solution import solve


def _reachable(game, t):
    down, up = max(0, -int(game.offsets.min())), max(0, int(game.offsets.max()))
    lo, hi = max(0, game.start - t * down), min(game.n_states - 1, game.start + t * up)
    keep = np.zeros(game.n_states, dtype=bool)
    keep[lo:hi + 1] = True
    if game.barrier_low:
        keep[0] = False
    if game.barrier_high:
        keep[-1] = False
    return keep


def _agree(game):
    ref, fast = solve(game, "numpy"), solve(game, "numba")
    assert np.allclose(ref.value0[:, :, game.start], fast.value0[:, :, game.start], atol=1e-12, rtol=0)
    for name, arr in ref.policy.items():
        for t in range(game.horizon):
            keep = _reachable(game, t)
            a, b = arr[t][..., keep, :, :], fast.policy[name][t][..., keep, :, :]
            assert np.allclose(np.nan_to_num(a, nan=-9.0), np.nan_to_num(b, nan=-9.0), atol=1e-12), (name, t)
    for belief, weight in ((0.3, 0.3), (0.8, 0.5)):
        o1, o2 = outcomes(ref, belief, weight), outcomes(fast, belief, weight)
        for field in ("settled_by", "quit_a_by", "quit_b_by", "won_a_by", "won_b_by", "front_mean_km2",
                      "settled_by_type", "belief_mean"):
            assert np.allclose(getattr(o1, field), getattr(o2, field), atol=1e-10, equal_nan=True), field
        # an sd is the square root of a difference of sums: 1e-15 of rounding becomes 3e-8
        assert np.allclose(o1.front_sd_km2, o2.front_sd_km2, atol=1e-6 * max(1.0, game.km2[-1]))
        assert o1.terms_a == pytest.approx(o2.terms_a, abs=1e-10, nan_ok=True)
        assert o1.package == pytest.approx(o2.package, abs=1e-8, nan_ok=True)


@pytest.mark.parametrize("seed", range(6))
def test_kernel_agrees_on_random_toy_games(seed):
    rng = np.random.default_rng(seed)
    a0 = rng.uniform(0.2, 0.6)
    game = make_game(8, 11, 5, advance=(a0, a0 + rng.uniform(0, 0.3)), retreat=(rng.uniform(0, 0.1),) * 2,
                     cost_a=(rng.uniform(0.01, 0.08), rng.uniform(0, 0.02)), cost_b=rng.uniform(0, 0.06),
                     discount=(0.95, 0.97), talks=rng.uniform(0.2, 1), authority=rng.uniform(0.3, 1),
                     proposer_a=rng.uniform(0, 1), enforce=(rng.uniform(0, 0.03), rng.uniform(0, 0.03)),
                     belief_points=11)
    _agree(game)


@pytest.fixture(scope="module")
def spec():
    return detente.load(Path(detente.__file__).parent / "data" / "scenarios" / "istanbul_2025.yaml").war


@pytest.mark.parametrize("seed, moves, levers", [
    (0, NodeMoves("aide", "minister", True, False), Levers()),
    (1, NodeMoves("leader", "leader", False, True), Levers("withdraw", frozenset({"eu_sanctions"}))),
    (2, NodeMoves("minister", "minister", True, False), Levers("increase", frozenset({"us_secondary_sanctions"}))),
])
def test_kernel_agrees_on_istanbul_draws(spec, seed, moves, levers):
    game = build_game(spec, draw_params(spec, seed), moves, levers)
    _agree(game)
    if game.alt is not None:
        _agree(game.alt)


def test_cache_reuses_later_months_exactly(spec):
    """The 72 games of the node (3 authority levels x ceasefire x 12 lever sets) from 8 full solves, with
    the values and outcomes a fresh solve gives."""
    from detente.models.war.solution import SolveCache

    params = draw_params(spec, 3)
    cache = SolveCache()
    levels = ("leader", "minister", "aide")
    games = [build_game(spec, params, NodeMoves(level, "minister", True, cf), Levers(support, frozenset(sanctions)))
             for level in levels for cf in (False, True) for support in ("withdraw", "maintain", "increase")
             for sanctions in ((), ("eu_sanctions",), ("us_secondary_sanctions",),
                               ("eu_sanctions", "us_secondary_sanctions"))]
    sols = [cache.solve(g) for g in games]
    assert cache.full_solves == 8
    for k in (0, 13, 40, 71):
        fresh = solve(games[k])
        for name, v in fresh.values(0.6).items():
            assert np.allclose(v, sols[k].values(0.6)[name], atol=1e-12), name
        assert np.allclose(outcomes(fresh, 0.6, 0.5).settled_by, outcomes(sols[k], 0.6, 0.5).settled_by, atol=1e-12)
