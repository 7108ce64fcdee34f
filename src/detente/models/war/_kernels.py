"""Numba kernels of the solver's backward induction and forward pass (the hot loops).

Same game, same arithmetic as the numpy reference in :mod:`.solver` and
:mod:`.paths` (tests check they agree to 1e-12); written as plain loops over
(type, front, regime, belief) so that a solve takes a fraction of a
millisecond and a Monte Carlo over thousands of draws stays within a minute.
"""

from __future__ import annotations

import numpy as np
from numba import njit

NEG = -1e300


@njit(cache=True)
def _interp(values, lo, w):
    return values[lo] * (1.0 - w) + values[lo + 1] * w


@njit(cache=True)
def backward(n, T, p, cost_a, cost_b, d_a, d_b, talks, prop_a, battle, P, grid, up_lo, up_w, dn_lo, dn_w,
             has_outside, w_a, w_b, terminal):
    """Backward induction; returns values ``(T+1, 2, S, G, M)`` and the per-round policy arrays."""
    S, G, M = n + 1, P.shape[0], grid.shape[0]
    VA = np.zeros((T + 1, 2, S, G, M))
    VB = np.zeros((T + 1, 2, S, G, M))
    for k in range(2):
        for s in range(S):
            for g in range(G):
                for j in range(M):
                    if terminal == 0:
                        VA[T, k, s, g, j] = s / n
                        VB[T, k, s, g, j] = 1.0 - s / n
                    elif terminal == 2:
                        VA[T, k, s, g, j] = w_a
                        VB[T, k, s, g, j] = w_b
    if not has_outside:
        w_a, w_b = NEG, NEG
    a_offers = np.zeros((T, 2, S, G, M), dtype=np.bool_)
    x_a = np.zeros((T, S, G, M))
    b_quits = np.zeros((T, S, G, M), dtype=np.bool_)
    b_choice = np.zeros((T, S, G, M), dtype=np.int64)
    x_b = np.full((T, S, G, M), np.nan)
    b_accepted = np.zeros((T, 2, S, G, M), dtype=np.bool_)
    a_quits = np.zeros((T, 2, S, G, M), dtype=np.bool_)
    mixA = np.zeros((2, S, G, M))
    mixB = np.zeros((2, S, G, M))
    rejA = np.zeros((2, S, G, M))
    rejB = np.zeros((2, S, G, M))
    opts = np.zeros(4)
    for t in range(T - 1, -1, -1):
        beta = battle[t]
        for k in range(2):
            for s in range(S):
                for g in range(G):
                    for j in range(M):
                        a = 0.0
                        b = 0.0
                        for h in range(G):
                            a += P[g, h] * VA[t + 1, k, s, h, j]
                            b += P[g, h] * VB[t + 1, k, s, h, j]
                        mixA[k, s, g, j] = a
                        mixB[k, s, g, j] = b
        for k in range(2):
            for s in range(S):
                for g in range(G):
                    pk = p[k, g]
                    qk = 1 - pk
                    c_a = cost_a[k, g]
                    c_b = cost_b[g]
                    for j in range(M):
                        ma = mixA[k, s, g, j]
                        mb = mixB[k, s, g, j]
                        if 0 < s < n:
                            lo, w = up_lo[g, j], up_w[g, j]
                            lo2, w2 = dn_lo[g, j], dn_w[g, j]
                            ca = pk * (mixA[k, s + 1, g, lo] * (1.0 - w) + mixA[k, s + 1, g, lo + 1] * w) + \
                                qk * (mixA[k, s - 1, g, lo2] * (1.0 - w2) + mixA[k, s - 1, g, lo2 + 1] * w2)
                            cb = pk * (mixB[k, s + 1, g, lo] * (1.0 - w) + mixB[k, s + 1, g, lo + 1] * w) + \
                                qk * (mixB[k, s - 1, g, lo2] * (1.0 - w2) + mixB[k, s - 1, g, lo2 + 1] * w2)
                        else:
                            ca = ma
                            cb = mb
                        rejA[k, s, g, j] = beta * (d_a * ca - c_a) + (1 - beta) * d_a * ma
                        rejB[k, s, g, j] = beta * (d_b * cb - c_b) + (1 - beta) * d_b * mb
        pa = prop_a[t]
        for s in range(S):
            for g in range(G):
                if s == 0 or s == n:
                    for j in range(M):
                        for k in range(2):
                            VA[t, k, s, g, j] = 1.0 if s == n else 0.0
                            VB[t, k, s, g, j] = 1.0 if s == 0 else 0.0
                    continue
                # screening offers read the revealed beliefs (grid ends): the same for every j
                # targeting type 0: type 1 revealed if it rejects (mu = 0, j = 0)
                xs0 = max(max(rejA[0, s, g, 0], w_a), 0.0)
                rej1 = max(rejA[1, s, g, 0], w_a) > xs0
                rb1_rev = w_b if w_a > rejA[1, s, g, 0] else rejB[1, s, g, 0]
                # targeting type 1: type 0 revealed if it rejects (mu = 1, j = M - 1)
                xs1 = max(max(rejA[1, s, g, M - 1], w_a), 0.0)
                rej0 = max(rejA[0, s, g, M - 1], w_a) > xs1
                rb0_rev = w_b if w_a > rejA[0, s, g, M - 1] else rejB[0, s, g, M - 1]
                ba1_rev = max(rejA[1, s, g, 0], w_a)
                ba0_rev = max(rejA[0, s, g, M - 1], w_a)
                for j in range(M):
                    mu = grid[j]
                    # A proposes
                    exp_b = mu * rejB[0, s, g, j] + (1 - mu) * rejB[1, s, g, j]
                    quits = w_b > exp_b
                    reserve = max(exp_b, w_b)
                    xa = min(1.0, 1.0 - reserve)  # a share: A cannot demand more than the stake
                    x_a[t, s, g, j] = xa
                    b_quits[t, s, g, j] = quits
                    # B proposes
                    ra0 = max(rejA[0, s, g, j], w_a)
                    ra1 = max(rejA[1, s, g, j], w_a)
                    rb0 = w_b if w_a > rejA[0, s, g, j] else rejB[0, s, g, j]
                    rb1 = w_b if w_a > rejA[1, s, g, j] else rejB[1, s, g, j]
                    # pooling: acceptable to every type B gives positive probability
                    x_pool = max(0.0, ra0 if mu == 1.0 else (ra1 if mu == 0.0 else max(ra0, ra1)))
                    opts[0] = 1.0 - x_pool
                    opts[1] = mu * (1 - xs0) + (1 - mu) * (rb1_rev if rej1 else 1 - xs0)
                    opts[2] = (1 - mu) * (1 - xs1) + mu * (rb0_rev if rej0 else 1 - xs1)
                    opts[3] = mu * rb0 + (1 - mu) * rb1
                    # a screen needs a type to screen out: none when B is sure (Bayes' rule keeps certainty)
                    if mu == 1.0:
                        opts[1] = NEG
                    if mu == 0.0:
                        opts[2] = NEG
                    best = max(max(opts[0], opts[1]), max(opts[2], opts[3]))
                    c = 0
                    while opts[c] < best - 1e-12:
                        c += 1
                    b_choice[t, s, g, j] = c
                    if c == 0:
                        x_b[t, s, g, j] = x_pool
                    elif c == 1:
                        x_b[t, s, g, j] = xs0
                    elif c == 2:
                        x_b[t, s, g, j] = xs1
                    for k in range(2):
                        ra_k = ra0 if k == 0 else ra1
                        rb_k = rb0 if k == 0 else rb1
                        rA = rejA[k, s, g, j]
                        aq = w_a > rA
                        a_quits[t, k, s, g, j] = aq
                        # A proposes
                        if_a = w_a if quits else rA
                        if_b = w_b if quits else rejB[k, s, g, j]
                        offers = xa >= if_a
                        a_offers[t, k, s, g, j] = offers
                        pa_a = xa if offers else if_a
                        pa_b = 1.0 - xa if offers else if_b
                        # B proposes
                        if c == 0:
                            ba, bb, acc = x_pool, 1 - x_pool, True
                        elif c == 1:
                            if k == 1 and rej1:
                                ba = ba1_rev
                                bb = rb1_rev
                                acc = False
                            else:
                                ba, bb, acc = xs0, 1 - xs0, True
                        elif c == 2:
                            if k == 0 and rej0:
                                ba = ba0_rev
                                bb = rb0_rev
                                acc = False
                            else:
                                ba, bb, acc = xs1, 1 - xs1, True
                        else:
                            ba, bb, acc = ra_k, rb_k, False
                        b_accepted[t, k, s, g, j] = acc
                        neg_a = pa * pa_a + (1 - pa) * ba
                        neg_b = pa * pa_b + (1 - pa) * bb
                        VA[t, k, s, g, j] = talks * neg_a + (1 - talks) * rA
                        VB[t, k, s, g, j] = talks * neg_b + (1 - talks) * rejB[k, s, g, j]
    return VA, VB, a_offers, x_a, b_quits, b_choice, x_b, b_accepted, a_quits


@njit(cache=True)
def _settle(prop, x, settled, t, u_settle, disc_t, ideals):
    """Book a settlement of probability ``prop`` at A's share ``x``; returns ``prop * x`` for the terms."""
    settled[t] += prop
    for q in range(ideals.shape[0]):
        u_settle[q] += prop * disc_t[q] * (1 - abs(x - ideals[q]))
    return prop * x


@njit(cache=True)
def forward(n, T, p, talks, prop_a, battle, P, up_lo, up_w, dn_lo, dn_w, a_offers, x_a, b_quits, b_choice, x_b,
            b_accepted, a_quits, mass0, ideals, tp_disc):
    """Forward pass; returns settled, a_wins, b_wins, quit per round, the settled-terms sum, the
    frozen front distribution, and per third party the discounted utility of settlements."""
    S, G, M = n + 1, P.shape[0], mass0.shape[3]
    mass = mass0.copy()
    fight = np.zeros_like(mass)
    nxt = np.zeros_like(mass)
    settled = np.zeros(T)
    a_wins = np.zeros(T)
    b_wins = np.zeros(T)
    quit = np.zeros(T)
    terms = 0.0
    n_tp = ideals.shape[0]
    u_settle = np.zeros(n_tp)
    disc_t = np.ones(n_tp)
    for t in range(T):
        pa = prop_a[t]
        fight[:] = 0.0
        for q in range(n_tp):
            disc_t[q] = tp_disc[q] ** t
        for k in range(2):
            for s in range(S):
                for g in range(G):
                    for j in range(M):
                        m = mass[k, s, g, j]
                        if m == 0.0:
                            continue
                        talk = m * talks
                        f = m - talk
                        # A proposes
                        prop = talk * pa
                        if a_offers[t, k, s, g, j]:
                            terms += _settle(prop, x_a[t, s, g, j], settled, t, u_settle, disc_t, ideals)
                        elif b_quits[t, s, g, j]:
                            quit[t] += prop
                        else:
                            f += prop
                        # B proposes
                        prop = talk - prop
                        c = b_choice[t, s, g, j]
                        if b_accepted[t, k, s, g, j]:
                            terms += _settle(prop, x_b[t, s, g, j], settled, t, u_settle, disc_t, ideals)
                        elif c == 1 or c == 2:
                            jr = M - 1 if k == 0 else 0
                            if a_quits[t, k, s, g, jr]:
                                quit[t] += prop
                            else:
                                fight[k, s, g, jr] += prop
                        elif a_quits[t, k, s, g, j]:
                            quit[t] += prop
                        else:
                            f += prop
                        fight[k, s, g, j] += f
        beta = battle[t]
        nb = 1 - beta
        nxt[:] = 0.0
        for k in range(2):
            for s in range(S):
                for g in range(G):
                    pk = p[k, g]
                    qk = 1 - pk
                    for j in range(M):
                        m = fight[k, s, g, j]
                        if m == 0.0:
                            continue
                        stay = nb * m
                        bm = beta * m
                        up = bm * pk
                        dn = bm * qk
                        lo_u, w_u = up_lo[g, j], up_w[g, j]
                        lo_d, w_d = dn_lo[g, j], dn_w[g, j]
                        u0, u1 = up * (1 - w_u), up * w_u
                        d0, d1 = dn * (1 - w_d), dn * w_d
                        # each write below hits its own cell, so their order within a state is free;
                        # a zero transition adds exactly 0.0 to a non-negative mass, so it is skipped
                        for h in range(G):
                            ph = P[g, h]
                            if ph == 0.0:
                                continue
                            nxt[k, s, h, j] += stay * ph
                            nxt[k, s + 1, h, lo_u] += u0 * ph
                            nxt[k, s + 1, h, lo_u + 1] += u1 * ph
                            nxt[k, s - 1, h, lo_d] += d0 * ph
                            nxt[k, s - 1, h, lo_d + 1] += d1 * ph
        for k in range(2):
            for g in range(G):
                for j in range(M):
                    a_wins[t] += nxt[k, n, g, j]
                    b_wins[t] += nxt[k, 0, g, j]
                    nxt[k, n, g, j] = 0.0
                    nxt[k, 0, g, j] = 0.0
        mass[:] = nxt
    frozen = np.zeros(S)
    for k in range(2):
        for s in range(S):
            for g in range(G):
                for j in range(M):
                    frozen[s] += mass[k, s, g, j]
    return settled, a_wins, b_wins, quit, terms, frozen, u_settle
