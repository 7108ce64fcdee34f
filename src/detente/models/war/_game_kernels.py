"""Numba kernel of the war game's backward induction (:mod:`.bargaining`); the forward pass is in
:mod:`._forward_kernel`. B's offers at a (front, support) state are priced once for every belief
(:func:`b_options`; only B's floor and the screens' weights move with the belief), and the small helpers are
inlined; the arithmetic is the numpy reference's.

The same game and the same arithmetic as the numpy reference, written as loops over (type, front,
support, belief) so that one Istanbul game solves in milliseconds (tests check the two agree).
Only the states a month can reach matter, so month ``t`` is solved on the front states within
``t`` months' reach of the node (the rest keep the terminal values; they are never read). The kernel
releases the GIL (``nogil``), so the independent games of a draw solve on several threads
(:meth:`.solution.SolveCache.prefetch`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..._compile import drop_stale_caches
from ._interp_kernels import grid_weights, interp_point, on_grid, utilities_at
from ._offer_kernel import b_chooses, b_options
from .gamedef import Game, belief_grid, posteriors

drop_stale_caches("models/war/_game_kernels.py")  # a kernel it calls was edited: compile again

TOL = 1e-12


@njit(cache=True, error_model="numpy")
def reach(t, start, S, down, up):
    """The first and last of the ``S`` front states month ``t`` can reach from ``start``."""
    return max(0, start - t * down), min(S - 1, start + t * up)


@njit(cache=True, error_model="numpy")
def _mix(V, W, Vm, Wm, switch, s0, s1):
    """Next month's values given this month's support level: sum_h switch[g, h] V[.., h, ..] (states s0..s1)."""
    P, _, _, G, M = V.shape
    acc = np.empty(M)
    for p in range(P):
        for k in range(2):
            for s in range(s0, s1 + 1):
                for g in range(G):
                    wm = 0.0
                    for j in range(M):
                        acc[j] = 0.0
                    for h in range(G):
                        ph = switch[g, h]
                        if ph == 0.0:
                            continue
                        wm += ph * W[p, k, s, h]
                        for j in range(M):
                            acc[j] += ph * V[p, k, s, h, j]
                    Wm[p, k, s, g] = wm
                    for j in range(M):
                        Vm[p, k, s, g, j] = acc[j]


@njit(cache=True, error_model="numpy")
def _fight(t, Vm, Wm, out, outW, lo, w, offsets, move, cost, disc, s0, s1, bl, bh, S):
    """Values of a month without agreement (cost, front, support, Bayes) for states s0..s1."""
    P, _, _, G, M = Vm.shape
    E = offsets.shape[0]
    acc = np.empty(M)
    for p in range(P):
        d = disc[p]
        for k in range(2):
            for s in range(s0, s1 + 1):
                if (bl and s == 0) or (bh and s == S - 1):
                    continue
                for g in range(G):
                    c = cost[t, p, k, g]
                    accw = 0.0
                    for j in range(M):
                        acc[j] = 0.0
                    for e in range(E):
                        pr = move[t, k, g, e]
                        if pr == 0.0:
                            continue
                        s2 = min(max(s + offsets[e], 0), S - 1)
                        accw += pr * Wm[p, k, s2, g]
                        for j in range(M):
                            l, wt = lo[t, g, e, j], w[t, g, e, j]
                            acc[j] += pr * (Vm[p, k, s2, g, l] * (1 - wt) + Vm[p, k, s2, g, l + 1] * wt)
                    outW[p, k, s, g] = -c + d * accw
                    for j in range(M):
                        out[p, k, s, g, j] = -c + d * acc[j]


@njit(cache=True, error_model="numpy")
def _crossing(ya, k, q, grid, j, up):
    """Belief beyond grid point j where ya[k, :] first reaches q from below; -1 if none."""
    M = grid.shape[0]
    if up:
        for i in range(j, M - 1):
            if ya[k, i] < q and ya[k, i + 1] >= q:
                return grid[i] + (q - ya[k, i]) / (ya[k, i + 1] - ya[k, i]) * (grid[i + 1] - grid[i])
    else:
        for i in range(j, 0, -1):
            if ya[k, i] < q and ya[k, i - 1] >= q:
                return grid[i] + (q - ya[k, i]) / (ya[k, i - 1] - ya[k, i]) * (grid[i - 1] - grid[i])
    return -1.0


@njit(cache=True, error_model="numpy")
def _quit_state(F, Y, ya, qa, qb, grid, quit, post, X):
    """The capitulation stage at one (s, g): F, Y (P, 2, M) -> quit (2, M), post (M,), X (P, 2, M)."""
    P, _, M = F.shape
    q = qa[0]
    for j in range(M):
        post[j] = grid[j]
        for k in range(2):
            quit[k, j] = 0.0
    for j in range(1, M - 1):
        stay0 = ya[0, j] >= q
        stay1 = ya[1, j] >= q
        for k in range(2):
            up = k == 0
            wants = (not stay1 and stay0) if k == 1 else (not stay0 and stay1)
            if not wants:
                continue
            end = M - 1 if up else 0
            o = 1 - k
            if ya[k, end] < q and ya[o, end] >= q:
                quit[k, j] = 1.0
                post[j] = grid[end]
                continue
            ms = _crossing(ya, k, q, grid, j, up)
            if ms >= 0.0 and on_grid(ya[o], grid, ms) >= q:
                mu = grid[j]
                if k == 0:
                    quit[k, j] = 1 - (mu * (1 - ms)) / (ms * (1 - mu))
                else:
                    quit[k, j] = 1 - ((1 - mu) * ms) / ((1 - ms) * mu)
                post[j] = ms
            else:
                quit[k, j] = 1.0
        if not stay0 and not stay1:
            quit[0, j] = 1.0
            quit[1, j] = 1.0
    for j in (0, M - 1):
        for k in range(2):
            quit[k, j] = 1.0 if ya[k, j] < q else 0.0
    for j in range(M):
        lo, w = grid_weights(grid, post[j])
        for p in range(P):
            for k in range(2):
                cont = Y[p, k, lo] * (1 - w) + Y[p, k, lo + 1] * w
                X[p, k, j] = quit[k, j] * qa[p] + (1 - quit[k, j]) * cont


@njit(cache=True, error_model="numpy", nogil=True)
def backward(t_top, V, W, start, down, up, bl, bh, offsets, move, switch, cost, disc, talks, auth, prop, aud, fua,
             fval, quit_a, quit_b, e_a, e_b, grid, lo, w):
    """Backward induction from month ``t_top`` down to 0, given the values ``V`` (P, 2, S, G, M) and war
    values ``W`` (P, 2, S, G) at month ``t_top + 1`` (both overwritten). Returns month 0's values, month
    1's (values and war values, for re-solving month 0 alone) and the policies of months 0..t_top."""
    P, _, S, G, M = V.shape
    T = t_top + 1
    V1, W1 = V.copy(), W.copy()
    F, X, Xf, Vm = np.empty_like(V), np.empty_like(V), np.empty_like(V), V.copy()
    Wn, Wm = W.copy(), W.copy()
    ub_rev, ua_rev = fval[1][::-1].copy(), fua[::-1].copy()
    a_offers = np.zeros((T, 2, S, G, M), dtype=np.bool_)
    x_a = np.full((T, S, G, M), np.nan)
    b_choice = np.full((T, S, G, M), 3, dtype=np.int8)
    x_b = np.full((T, S, G, M), np.nan)
    b_acc = np.zeros((T, 2, S, G, M))
    b_post = np.zeros((T, S, G, M))
    a_quits = np.zeros((T, 2, S, G, M))
    b_quits = np.zeros((T, S, G, M), dtype=np.bool_)
    post_q = np.zeros((T, S, G, M))
    Y, ya = np.empty((P, 2, M)), np.empty((2, M))
    quit, post, Xs = np.empty((2, M)), np.empty(M), np.empty((P, 2, M))
    at, at2, kv, accb = np.empty(P), np.empty(P), np.empty((P, 2)), np.zeros(2)
    need, xp, ubp, atp = np.empty((3, 2)), np.empty(3), np.empty(3), np.empty((3, P))
    xs, ubs, oks, cb, vals = np.empty((2, M)), np.empty((2, M)), np.zeros((2, M), dtype=np.bool_), np.empty(M), \
        np.empty(M)
    semi, rest = np.zeros(2, dtype=np.bool_), np.empty((2, M))
    for t in range(t_top, -1, -1):
        if t == 0 and t_top > 0:
            V1[:], W1[:] = V, W
        s0, s1 = reach(t, start, S, down, up)
        n0, n1 = reach(t + 1, start, S, down, up)
        _mix(V, W, Vm, Wm, switch, n0, n1)
        _fight(t, Vm, Wm, F, Wn, lo, w, offsets, move, cost, disc, s0, s1, bl, bh, S)
        for s in range(s0, s1 + 1):
            if (bl and s == 0) or (bh and s == S - 1):
                continue
            for g in range(G):
                anyq = False
                for j in range(M):  # B quits under its belief
                    mu = grid[j]
                    bq = quit_b[t, 1] > mu * F[1, 1, s, g, j] + (1 - mu) * F[1, 0, s, g, j] + TOL
                    b_quits[t, s, g, j] = bq
                    anyq = anyq or bq
                    for k in range(2):
                        anyq = anyq or F[0, k, s, g, j] + TOL < quit_a[t, 0]
                if not anyq:  # nobody capitulates at any belief: fighting on is the value
                    for j in range(M):
                        post_q[t, s, g, j] = grid[j]
                        for k in range(2):
                            a_quits[t, k, s, g, j] = 0.0
                            for p in range(P):
                                X[p, k, s, g, j] = F[p, k, s, g, j]
                                Xf[p, k, s, g, j] = F[p, k, s, g, j] - (aud[t, p] if p < 2 else 0.0)
                    continue
                for j in range(M):
                    bq = b_quits[t, s, g, j]
                    for p in range(P):
                        for k in range(2):
                            Y[p, k, j] = quit_b[t, p] if bq else F[p, k, s, g, j]
                    for k in range(2):
                        ya[k, j] = Y[0, k, j] + TOL
                _quit_state(F[:, :, s, g, :], Y, ya, quit_a[t], quit_b[t], grid, quit, post, Xs)
                for j in range(M):
                    post_q[t, s, g, j] = post[j]
                    for k in range(2):
                        a_quits[t, k, s, g, j] = quit[k, j]
                        for p in range(P):
                            X[p, k, s, g, j] = Xs[p, k, j]
                            Xf[p, k, s, g, j] = Xs[p, k, j] - (aud[t, p] if p < 2 else 0.0)
        rho, kap, pa = talks[t], auth[t], prop[t]
        for s in range(s0, s1 + 1):
            if (bl and s == 0) or (bh and s == S - 1):
                continue
            for g in range(G):
                b_options(Xf, Wn, s, g, e_a, fua, fval, grid, need, xp, ubp, atp, xs, ubs, oks, cb, rest, semi)
                for j in range(M):
                    mu = grid[j]
                    fb = mu * Wn[1, 1, s, g] + (1 - mu) * Wn[1, 0, s, g] + e_b
                    rb = max(mu * Xf[1, 1, s, g, j] + (1 - mu) * Xf[1, 0, s, g, j], fb)
                    xa = interp_point(rb, ub_rev, ua_rev)
                    x_a[t, s, g, j] = xa
                    feasible = rb <= fval[1, 0] + TOL
                    if feasible and pa > 0.0:
                        utilities_at(xa, fua, fval, at2)
                    c, xb, pb = b_chooses(kv, accb, Xf, Wn, s, g, j, mu, e_b, fua, fval, grid, need, xp, ubp, atp,
                                           xs, ubs, oks, rest, vals, at, semi)
                    b_choice[t, s, g, j], x_b[t, s, g, j], b_post[t, s, g, j] = c, xb, pb
                    b_acc[t, 0, s, g, j], b_acc[t, 1, s, g, j] = accb[0], accb[1]
                    for k in range(2):
                        offers = feasible and xa >= Xf[0, k, s, g, j] - TOL and xa >= Wn[0, k, s, g] + e_a - TOL
                        a_offers[t, k, s, g, j] = offers
                        for p in range(P):
                            va = at2[p] if offers and pa > 0.0 else Xf[p, k, s, g, j]
                            neg = pa * va + (1 - pa) * kv[p, k]
                            V[p, k, s, g, j] = (1 - rho) * X[p, k, s, g, j] + rho * (
                                (1 - kap) * Xf[p, k, s, g, j] + kap * neg)
        W[:] = Wn
    return V, V1, W1, a_offers, x_a, b_choice, x_b, b_acc, a_quits, b_quits, post_q, b_post


def initial_values(game: Game, M: int) -> tuple[np.ndarray, np.ndarray]:
    """Values and war values at the horizon: the frozen line, the winner's positions at absorbing ends."""
    V = np.broadcast_to(game.terminal[:, None, :, None], (game.n_players, 2, game.n_states, game.n_support)).copy()
    if game.barrier_low:
        V[:, :, 0] = game.end_low[:, None, None]
    if game.barrier_high:
        V[:, :, -1] = game.end_high[:, None, None]
    return np.ascontiguousarray(np.repeat(V[..., None], M, axis=-1)), V


def solve_numba(game: Game, month1: tuple[np.ndarray, np.ndarray] | None = None):
    """:func:`detente.models.war.bargaining.solve_numpy`, compiled.

    Returns month 0's values, the policies (months 0..T-1, or month 0 alone when ``month1``, the
    values and war values at month 1 of a game that differs from this one only in month 0, is given)
    and month 1's values and war values.
    """
    grid = belief_grid(game)
    lo, w = posteriors(game, grid)
    down, up = max(0, -int(game.offsets.min())), max(0, int(game.offsets.max()))
    c = np.ascontiguousarray
    V, W = initial_values(game, len(grid)) if month1 is None else (month1[0].copy(), month1[1].copy())
    t_top = game.horizon - 1 if month1 is None else 0
    out = backward(t_top, V, W, int(game.start), down, up, bool(game.barrier_low), bool(game.barrier_high),
                   c(game.offsets, dtype=np.int64), c(game.move, dtype=float), c(game.support_switch, dtype=float),
                   c(game.cost, dtype=float), c(game.discount, dtype=float), c(game.talks, dtype=float),
                   c(game.authority, dtype=float), c(game.proposer_a, dtype=float), c(game.audience, dtype=float),
                   c(game.frontier_ua, dtype=float), c(game.frontier_values, dtype=float), c(game.quit_a, dtype=float),
                   c(game.quit_b, dtype=float), float(game.enforce[0]), float(game.enforce[1]), grid,
                   c(lo, dtype=np.int64), c(w, dtype=float))
    names = ("a_offers", "x_a", "b_choice", "x_b", "b_accepted", "a_quits", "b_quits", "post_quit", "b_post")
    V1W1 = month1 if month1 is not None else (out[1], out[2])
    return out[0], dict(zip(names, out[3:])), V1W1
