"""The value of war at the node without talks or capitulation (Powell 2006's reneging value), compiled: the
node's rounds read it once per eve attack a draw. The same recursion as :func:`.bargaining.war_values`."""

from __future__ import annotations

import numpy as np
from numba import njit

from .gamedef import Game

__all__ = ["war_values_at_node"]


def war_values_at_node(game: Game) -> np.ndarray:
    """``war_values(game)[0][:, :, game.start]`` (``(P, 2, G)``), computed on the front states each month can
    reach from the node (month ``t``: ``start`` +- ``t`` steps), which are all month 0's value reads; the same
    recursion as :func:`war_values` (belief plays no part, so no belief axis), compiled (a fraction of a
    millisecond; the numpy loop took about 13 ms, and the node's rounds need it once per eve attack a draw)."""
    S, start = game.n_states, int(game.start)
    down, up = max(0, -int(game.offsets.min())), max(0, int(game.offsets.max()))
    V = np.broadcast_to(game.terminal[:, None, :, None], (game.n_players, 2, S, game.n_support)).copy()
    if game.barrier_low:
        V[:, :, 0] = game.end_low[:, None, None]
    if game.barrier_high:
        V[:, :, -1] = game.end_high[:, None, None]
    low, high = (1 if game.barrier_low else 0), (S - 2 if game.barrier_high else S - 1)
    c = np.ascontiguousarray
    _war_recursion(V, start, down, up, low, high, c(game.offsets, dtype=np.int64), c(game.move, dtype=float),
                   c(game.support_switch, dtype=float), c(game.cost, dtype=float), c(game.discount, dtype=float))
    return V[:, :, start]


@njit(cache=True, error_model="numpy")
def _war_recursion(V, start, down, up, low, high, offsets, move, switch, cost, disc):
    """:func:`war_values_at_node`'s months, in place on ``V`` (P, 2, S, G): per month the support chain's mix
    (sum over h of switch[g, h] V[.., h]), then the front's move (sum over the offsets in order), then
    ``-cost + discount x continuation`` (numpy's order of the same sums)."""
    P, _, S, G = V.shape
    mixed = np.empty_like(V)
    for t in range(move.shape[0] - 1, -1, -1):
        s0, s1 = max(low, start - t * down), min(high, start + t * up)
        if s0 > s1:
            continue
        for p in range(P):
            for k in range(2):
                for s in range(max(0, s0 - down), min(S - 1, s1 + up) + 1):  # the states month t's moves read
                    for g in range(G):
                        acc = 0.0
                        for h in range(G):
                            acc += switch[g, h] * V[p, k, s, h]
                        mixed[p, k, s, g] = acc
        for p in range(P):
            for k in range(2):
                for s in range(s0, s1 + 1):
                    for g in range(G):
                        acc = 0.0
                        for e in range(offsets.shape[0]):
                            acc += move[t, k, g, e] * mixed[p, k, min(max(s + offsets[e], 0), S - 1), g]
                        V[p, k, s, g] = -cost[t, p, k, g] + disc[p] * acc
