"""Numba kernel of the war game's forward pass (:mod:`.forward`): the same arithmetic as the numpy reference,
as loops over the states each month can reach (tests check the two agree)."""

from __future__ import annotations

import numpy as np
from numba import njit

from ._game_kernels import grid_weights, reach, segment


@njit(cache=True, error_model="numpy")
def _settle(amount, x, settled, k, t, ended, s, pkg, fua, knots):
    """Book a settlement of ``amount`` at frontier point ``x``; returns ``amount * x`` for the terms.
    Each issue's value at ``x`` is ``np.interp(x, fua, knots[:, i])``, the knot segment found once."""
    settled[k, t] += amount
    ended[s] += amount
    i0, f = segment(x, fua)
    for i in range(knots.shape[1]):
        pkg[i] += amount * (knots[i0, i] + f * (knots[i0 + 1, i] - knots[i0, i]))
    return amount * x


@njit(cache=True, error_model="numpy")
def forward(mass, T, start, down, up, bl, bh, km2, offsets, move, switch, talks, auth, prop, grid, lo, w, months,
            month0, fua, knots):
    """Forward pass (see :mod:`.forward`); returns the per-month accumulators. ``months``: the policies
    (a_offers, x_a, b_choice, x_b, b_accepted, a_quits, b_quits, post_quit), month first; ``month0``: the
    same for month 0 alone (index 0), which month 0 reads (a solution re-solved for its own month 0)."""
    _, S, G, M = mass.shape
    E, I = offsets.shape[0], knots.shape[1]
    settled, quits, wins = np.zeros((2, T)), np.zeros((2, T)), np.zeros((2, T))
    pkg, terms = np.zeros(I), 0.0
    ended = np.zeros(S)
    front, belief = np.zeros((T + 1, 2)), np.zeros((T + 1, 2))
    fail, nxt, moved = np.zeros_like(mass), np.zeros_like(mass), np.zeros_like(mass)
    for t in range(T + 1):
        for s in range(S):
            on = ended[s]
            for k in range(2):
                for g in range(G):
                    for j in range(M):
                        on += mass[k, s, g, j]
                        belief[t, 0] += mass[k, s, g, j] * grid[j]
                        belief[t, 1] += mass[k, s, g, j]
            front[t, 0] += on * km2[s]
            front[t, 1] += on * km2[s] ** 2
        if t == T:
            break
        pol = month0 if t == 0 else months
        a_offers, x_a, b_choice, x_b, b_acc, a_quits, b_quits, post_q = pol
        tp = 0 if t == 0 else t
        fail[:] = 0.0
        rho = talks[t] * auth[t]
        s0, s1 = reach(t, start, S, down, up)
        for k in range(2):
            for s in range(s0, s1 + 1):
                for g in range(G):
                    for j in range(M):
                        m = mass[k, s, g, j]
                        if m == 0.0:
                            continue
                        talk = m * rho
                        f = m - talk
                        pa = talk * prop[t]
                        if a_offers[tp, k, s, g, j]:
                            terms += _settle(pa, x_a[tp, s, g, j], settled, k, t, ended, s, pkg, fua, knots)
                        else:
                            f += pa
                        pb = talk - pa
                        c = b_choice[tp, s, g, j]
                        if b_acc[tp, k, s, g, j]:
                            terms += _settle(pb, x_b[tp, s, g, j], settled, k, t, ended, s, pkg, fua, knots)
                        elif c == 1 or c == 2:  # screened out: B's belief jumps to the rejecting type
                            fail[k, s, g, M - 1 if k == 1 else 0] += pb
                        elif c == 0:  # a pool refused: taken for the stalling type (D1)
                            fail[k, s, g, M - 1] += pb
                        else:
                            f += pb
                        fail[k, s, g, j] += f
        nxt[:] = 0.0
        for k in range(2):
            for s in range(s0, s1 + 1):
                for g in range(G):
                    for j in range(M):
                        m = fail[k, s, g, j]
                        if m == 0.0:
                            continue
                        qa = m * a_quits[tp, k, s, g, j]
                        quits[0, t] += qa
                        ended[s] += qa
                        l, wt = grid_weights(grid, post_q[tp, s, g, j])
                        for jj, part in ((l, (m - qa) * (1 - wt)), (l + 1, (m - qa) * wt)):
                            if part == 0.0:
                                continue
                            if b_quits[tp, s, g, jj]:
                                quits[1, t] += part
                                ended[s] += part
                                continue
                            for e in range(E):
                                pr = move[t, k, g, e]
                                if pr == 0.0:
                                    continue
                                s2 = min(max(s + offsets[e], 0), S - 1)
                                l2, w2 = lo[t, g, e, jj], w[t, g, e, jj]
                                v = part * pr
                                moved[k, s2, g, l2] += v * (1 - w2)
                                moved[k, s2, g, l2 + 1] += v * w2
        # the supporter's level switches after the front moved: once per (state, belief), not per source cell
        n0, n1 = max(s0 - down, 0), min(s1 + up, S - 1)
        for k in range(2):
            for s in range(n0, n1 + 1):
                for g in range(G):
                    for j in range(M):
                        m = moved[k, s, g, j]
                        if m == 0.0:
                            continue
                        moved[k, s, g, j] = 0.0
                        for h in range(G):
                            nxt[k, s, h, j] += m * switch[g, h]
        for k in range(2):
            for g in range(G):
                for j in range(M):
                    if bl:
                        wins[1, t] += nxt[k, 0, g, j]
                        ended[0] += nxt[k, 0, g, j]
                        nxt[k, 0, g, j] = 0.0
                    if bh:
                        wins[0, t] += nxt[k, S - 1, g, j]
                        ended[S - 1] += nxt[k, S - 1, g, j]
                        nxt[k, S - 1, g, j] = 0.0
        mass[:] = nxt
    return settled, quits, wins, terms, pkg, front, belief
