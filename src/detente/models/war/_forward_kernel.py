"""Numba kernel of the war game's forward pass (:mod:`.forward`): the same arithmetic as the numpy reference,
as loops over the states each month can reach (tests check the two agree)."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..._compile import drop_stale_caches
from ._game_kernels import reach
from ._interp_kernels import grid_weights, segment

drop_stale_caches("models/war/_forward_kernel.py")  # a kernel it calls was edited: compile again


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


@njit(cache=True, error_model="numpy", inline="always")
def _refused(fail, k, s, g, j, m, post, grid):
    """Mass ``m`` that refused B's offer moves to B's belief after the refusal, ``post`` (a grid point: 1 after a
    refused pool inside, the screen's posterior, the belief itself with no offer or at a degenerate belief),
    split between its grid neighbours as the solver interpolates."""
    if m == 0.0:
        return
    l, w = grid_weights(grid, post)
    fail[k, s, g, l] += m * (1 - w)
    fail[k, s, g, l + 1] += m * w


@njit(cache=True, error_model="numpy")
def forward(mass, T, start, down, up, bl, bh, km2, offsets, move, switch, talks, auth, prop, grid, lo, w, months,
            month0, fua, knots):
    """Forward pass (see :mod:`.forward`); returns the per-month accumulators. ``months``: the policies
    (a_offers, x_a, b_choice, x_b, b_accepted, a_quits, b_quits, post_quit, b_post), month first; ``month0``: the
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
        a_offers, x_a, b_choice, x_b, b_acc, a_quits, b_quits, post_q, b_post = pol
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
                        sb = pb * b_acc[tp, k, s, g, j]  # a semi-separating screen's type accepts with a probability
                        if sb > 0.0:
                            terms += _settle(sb, x_b[tp, s, g, j], settled, k, t, ended, s, pkg, fua, knots)
                        _refused(fail, k, s, g, j, pb - sb, b_post[tp, s, g, j], grid)
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


@njit(cache=True, error_model="numpy")
def _account(mass, ended, front, belief, t, km2, grid, on):
    """Month ``t``'s front moments and belief sums per pass ``b`` (the last axis), wars ended included."""
    _, S, G, M, B = mass.shape
    for s in range(S):
        for b in range(B):
            on[b] = ended[s, b]
        for k in range(2):
            for g in range(G):
                for j in range(M):
                    for b in range(B):
                        m = mass[k, s, g, j, b]
                        on[b] += m
                        belief[t, 0, b] += m * grid[j]
                        belief[t, 1, b] += m
        for b in range(B):
            front[t, 0, b] += on[b] * km2[s]
            front[t, 1, b] += on[b] * km2[s] ** 2


@njit(cache=True, error_model="numpy")
def _issue_values(x, fua, knots, out):
    """Each issue's value at frontier point ``x`` (``np.interp(x, fua, knots[:, i])``) into ``out``."""
    i0, f = segment(x, fua)
    for i in range(knots.shape[1]):
        out[i] = knots[i0, i] + f * (knots[i0 + 1, i] - knots[i0, i])


@njit(cache=True, error_model="numpy")
def _talks(mass, fail, t, tp, pol, rho, prop, s0, s1, settled, terms, pkg, ended, fua, knots, va, vb, grid):
    """Month ``t``'s round of talks for every pass (the last axis): settlements booked, the rest into ``fail``
    (B's belief moved where a refusal reveals a type). ``pol[.][tp]`` is the month's policy for every pass."""
    a_offers, x_a, x_b, b_acc, b_post = pol[0], pol[1], pol[3], pol[4], pol[8]
    _, _, G, M, B = mass.shape
    I = knots.shape[1]
    for k in range(2):
        for s in range(s0, s1 + 1):
            for g in range(G):
                for j in range(M):
                    offer, acc, post = a_offers[tp, k, s, g, j], b_acc[tp, k, s, g, j], b_post[tp, s, g, j]
                    xa, xb, ready_a, ready_b = x_a[tp, s, g, j], x_b[tp, s, g, j], False, False
                    for b in range(B):
                        m = mass[k, s, g, j, b]
                        if m == 0.0:
                            continue
                        talk = m * rho[b]
                        f = m - talk
                        pa = talk * prop[b]
                        if offer:
                            if not ready_a:
                                _issue_values(xa, fua, knots, va)
                                ready_a = True
                            settled[k, t, b] += pa
                            ended[s, b] += pa
                            for i in range(I):
                                pkg[i, b] += pa * va[i]
                            terms[b] += pa * xa
                        else:
                            f += pa
                        pb = talk - pa
                        sb = pb * acc  # a semi-separating screen's type accepts with a probability
                        if sb > 0.0:
                            if not ready_b:
                                _issue_values(xb, fua, knots, vb)
                                ready_b = True
                            settled[k, t, b] += sb
                            ended[s, b] += sb
                            for i in range(I):
                                pkg[i, b] += sb * vb[i]
                            terms[b] += sb * xb
                        rb = pb - sb  # a refusal: B's belief moves to b_post (split between grid neighbours)
                        if rb != 0.0:
                            l, wl = grid_weights(grid, post)
                            fail[k, s, g, l, b] += rb * (1 - wl)
                            fail[k, s, g, l + 1, b] += rb * wl
                        fail[k, s, g, j, b] += f


@njit(cache=True, error_model="numpy")
def _fight(fail, moved, t, tp, pol, s0, s1, S, offsets, move, grid, lo, w, quits, ended):
    """Month ``t`` after the talks: A quits, B updates and may quit, the front moves (into ``moved``)."""
    a_quits, b_quits, post_q = pol[5], pol[6], pol[7]
    _, _, G, M, B = fail.shape
    E = offsets.shape[0]
    for k in range(2):
        for s in range(s0, s1 + 1):
            for g in range(G):
                for j in range(M):
                    aq, ready, l, wt = a_quits[tp, k, s, g, j], False, 0, 0.0
                    for b in range(B):
                        m = fail[k, s, g, j, b]
                        if m == 0.0:
                            continue
                        if not ready:
                            l, wt = grid_weights(grid, post_q[tp, s, g, j])
                            ready = True
                        qa = m * aq
                        quits[0, t, b] += qa
                        ended[s, b] += qa
                        for jj, part in ((l, (m - qa) * (1 - wt)), (l + 1, (m - qa) * wt)):
                            if part == 0.0:
                                continue
                            if b_quits[tp, s, g, jj]:
                                quits[1, t, b] += part
                                ended[s, b] += part
                                continue
                            for e in range(E):
                                pr = move[t, k, g, e]
                                if pr == 0.0:
                                    continue
                                s2 = min(max(s + offsets[e], 0), S - 1)
                                l2, w2 = lo[t, g, e, jj], w[t, g, e, jj]
                                v = part * pr
                                moved[k, s2, g, l2, b] += v * (1 - w2)
                                moved[k, s2, g, l2 + 1, b] += v * w2


@njit(cache=True, error_model="numpy")
def _switch(moved, nxt, n0, n1, switch, bl, bh, t, wins, ended):
    """The supporter's level switches (once per state and belief), then wins at the barriers are booked."""
    _, S, G, M, B = moved.shape
    for k in range(2):
        for s in range(n0, n1 + 1):
            for g in range(G):
                for j in range(M):
                    for b in range(B):
                        m = moved[k, s, g, j, b]
                        if m == 0.0:
                            continue
                        moved[k, s, g, j, b] = 0.0
                        for h in range(G):
                            nxt[k, s, h, j, b] += m * switch[g, h]
    for k in range(2):
        for g in range(G):
            for j in range(M):
                for b in range(B):
                    if bl:
                        wins[1, t, b] += nxt[k, 0, g, j, b]
                        ended[0, b] += nxt[k, 0, g, j, b]
                        nxt[k, 0, g, j, b] = 0.0
                    if bh:
                        wins[0, t, b] += nxt[k, S - 1, g, j, b]
                        ended[S - 1, b] += nxt[k, S - 1, g, j, b]
                        nxt[k, S - 1, g, j, b] = 0.0


@njit(cache=True, error_model="numpy")
def forward_batch(mass, T, start, down, up, bl, bh, km2, offsets, move, switch, talks, auth, prop, rho0, prop0,
                  grid, lo, w, months, month0, fua, knots):
    """Forward passes of games that share months 1..T-1 (policies and arrays) and differ in month 0, one pass
    per slice ``b`` of ``mass`` (2, S, G, M, B): month 0 with pass ``b``'s own round (``month0[.][b]``, its
    ``rho0[b]`` = talks x authority and ``prop0[b]``), later months all passes at once. Each pass's
    accumulators get the same operations in the same order as :func:`forward` on its own (the same numbers);
    the per-cell work of later months (policy reads, belief and issue interpolation) is shared."""
    _, S, G, M, B = mass.shape
    I = knots.shape[1]
    settled, quits, wins = np.zeros((2, T, B)), np.zeros((2, T, B)), np.zeros((2, T, B))
    pkg, terms = np.zeros((I, B)), np.zeros(B)
    ended = np.zeros((S, B))
    front, belief = np.zeros((T + 1, 2, B)), np.zeros((T + 1, 2, B))
    fail, nxt, moved = np.zeros_like(mass), np.zeros_like(mass), np.zeros_like(mass)
    on, va, vb = np.zeros(B), np.zeros(I), np.zeros(I)
    rho, pa = np.empty(B), np.empty(B)
    for t in range(T + 1):
        _account(mass, ended, front, belief, t, km2, grid, on)
        if t == T:
            break
        fail[:] = 0.0
        nxt[:] = 0.0
        s0, s1 = reach(t, start, S, down, up)
        if t == 0:
            for b in range(B):
                sl = slice(b, b + 1)
                _talks(mass[..., sl], fail[..., sl], 0, b, month0, rho0[sl], prop0[sl], s0, s1, settled[..., sl],
                       terms[sl], pkg[:, sl], ended[:, sl], fua, knots, va, vb, grid)
                _fight(fail[..., sl], moved[..., sl], 0, b, month0, s0, s1, S, offsets, move, grid, lo, w,
                       quits[..., sl], ended[:, sl])
        else:
            rho[:] = talks[t] * auth[t]
            pa[:] = prop[t]
            _talks(mass, fail, t, t, months, rho, pa, s0, s1, settled, terms, pkg, ended, fua, knots, va, vb, grid)
            _fight(fail, moved, t, t, months, s0, s1, S, offsets, move, grid, lo, w, quits, ended)
        _switch(moved, nxt, max(s0 - down, 0), min(s1 + up, S - 1), switch, bl, bh, t, wins, ended)
        mass[:] = nxt
    return settled, quits, wins, terms, pkg, front, belief
