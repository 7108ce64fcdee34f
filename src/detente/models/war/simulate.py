"""Sample wars from a solved game: one path per war, following the equilibrium round by round.

The Monte Carlo counterpart of :func:`detente.models.war.paths.forward`: the
same policies, with B's belief moved to a neighbouring grid point at random
with the interpolation weights (so path frequencies converge to the forward
pass's probabilities). For the historical calibration and for checking the
forward pass by simulation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .solver import Solution, interpolation

__all__ = ["simulate_game"]


def simulate_game(solution: Solution, n: int, rng: np.random.Generator, true_type: float | None = None,
                  belief: float | None = None, regime0=None, start: int | None = None) -> pd.DataFrame:
    """``n`` wars of the solved game; columns ``duration`` (rounds), ``winner`` ("A", "B" or None),
    ``settled`` (bool), ``quit`` (bool), ``terms`` (A's share if settled, else NaN).

    Wars still on at the horizon have ``winner`` None and ``duration`` equal to the horizon.
    """
    g, grid = solution.game, solution.grid
    pol = solution.policy
    T, N, M = g.horizon, g.length, len(grid)
    P = np.asarray(g.regime_switch, dtype=float)
    p = np.asarray(g.p_advance, dtype=float)
    up_lo, up_w, dn_lo, dn_w = solution.interp or interpolation(g, grid)
    battle, prop_a = g.per_round(g.battle), g.per_round(g.proposer_a)
    pk = g.prior if true_type is None else true_type
    mu = g.prior if belief is None else belief
    k = np.where(rng.random(n) < pk, 0, 1)
    s = np.full(n, g.start if start is None else start)
    w0 = np.asarray(g.regime0 if regime0 is None else regime0, dtype=float)
    reg = rng.choice(len(w0), size=n, p=w0 / w0.sum())
    lo = min(max(int(np.searchsorted(grid, mu, side="right") - 1), 0), M - 2)
    j = lo + (rng.random(n) < (mu - grid[lo]) / (grid[lo + 1] - grid[lo]))
    duration = np.full(n, T)
    winner = np.full(n, None, dtype=object)
    settled = np.zeros(n, dtype=bool)
    quit = np.zeros(n, dtype=bool)
    terms = np.full(n, np.nan)
    on = np.ones(n, dtype=bool)
    for t in range(T):
        i = np.flatnonzero(on)
        if i.size == 0:
            break
        ki, si, gi, ji = k[i], s[i], reg[i], j[i]
        talk = rng.random(i.size) < g.talks
        a_prop = rng.random(i.size) < prop_a[t]
        a_side = talk & a_prop
        off = pol["a_offers"][t, ki, si, gi, ji]
        end_a = a_side & off
        quit_a = a_side & ~off & pol["b_quits"][t, si, gi, ji]
        b_side = talk & ~a_prop
        acc = pol["b_accepted"][t, ki, si, gi, ji]
        end_b = b_side & acc
        choice = pol["b_choice"][t, si, gi, ji]
        screened = b_side & ~acc & ((choice == 1) | (choice == 2))
        j[i[screened]] = np.where(ki[screened] == 0, M - 1, 0)
        ji = j[i]
        quit_b = b_side & ~acc & pol["a_quits"][t, ki, si, gi, ji]
        done = end_a | end_b | quit_a | quit_b
        terms[i[end_a]] = pol["x_a"][t, si[end_a], gi[end_a], ji[end_a]]
        terms[i[end_b]] = pol["x_b"][t, si[end_b], gi[end_b], ji[end_b]]
        settled[i[end_a | end_b]] = True
        quit[i[quit_a | quit_b]] = True
        duration[i[done]] = t + 1
        on[i[done]] = False
        f = i[~done]
        kf, gf, jf = k[f], reg[f], j[f]
        fights = rng.random(f.size) < battle[t]
        won = rng.random(f.size) < p[kf, gf]
        up = fights & won
        dn = fights & ~won
        new_j = jf.copy()
        new_j[up] = up_lo[gf[up], jf[up]] + (rng.random(up.sum()) < up_w[gf[up], jf[up]])
        new_j[dn] = dn_lo[gf[dn], jf[dn]] + (rng.random(dn.sum()) < dn_w[gf[dn], jf[dn]])
        j[f] = new_j
        s[f] += np.where(up, 1, np.where(dn, -1, 0))
        cum = np.cumsum(P[gf], axis=1)
        reg[f] = (rng.random(f.size)[:, None] > cum).sum(axis=1)
        for side, at in (("A", N), ("B", 0)):
            hit = f[s[f] == at]
            winner[hit] = side
            duration[hit] = t + 1
            on[hit] = False
    return pd.DataFrame({"duration": duration, "winner": winner, "settled": settled, "quit": quit, "terms": terms})
