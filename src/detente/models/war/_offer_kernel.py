"""Numba kernel of B's offers in a round of talks (:func:`.bargaining.b_proposes`'s arithmetic): a pool both
types accept, a pure screen one type accepts, a semi-separating screen the screened type accepts with the
probability that puts B's posterior after a refusal on a grid point where that type is indifferent
(Fudenberg & Tirole 1991, sec. 10.2), or no offer. Inlined into :func:`._game_kernels.backward`."""

from __future__ import annotations

import numpy as np
from numba import njit

from ._interp_kernels import interp_point, utilities_at

TOL = 1e-12
NEG = -np.inf


@njit(cache=True, error_model="numpy", inline="always")
def b_options(Xf, Wt, s, g, e_a, fua, fval, grid, need, xp, ubp, atp, xs, ubs, oks, cb, rest, semi):
    """What B's offers at (s, g) share across beliefs (:func:`b_chooses` per belief reads them): the pool's
    per-type prices ``need[c, k]`` and price ``xp[c]`` at mu = 0, inside, at mu = 1 (B's utility ``ubp``,
    everyone's ``atp``; a refused pool is read as the stalling type's inside, the D1 belief, and leaves a
    degenerate belief where it is); per screened type ``k`` and posterior ``i`` after a refusal, the offer
    ``xs[k, i]`` (type k's value of refusing there, at least its floor), B's utility ``ubs``, whether the
    other type refuses and type k does not strictly prefer accepting (``oks``), and B's value after a
    refusal at ``i`` (``cb[i]``) and ``rest[k, i] = (cb[i] - q_i ubs[k, i]) / (1 - q_i)`` (B's value is
    ``s_k ubs + s_o rest``), and whether any semi-separating screen of type ``k`` passes those tests
    (``semi[k]``; most states have none): :func:`.bargaining._screens`' arithmetic."""
    M = grid.shape[0]
    fa0, fa1 = Wt[0, 0, s, g] + e_a, Wt[0, 1, s, g] + e_a
    for c in range(3):
        jr = 0 if c == 0 else M - 1
        need[c, 0] = max(Xf[0, 0, s, g, jr], fa0)
        need[c, 1] = max(Xf[0, 1, s, g, jr], fa1)
        x = need[c, 0] if c == 0 else (need[c, 1] if c == 2 else max(need[c, 0], need[c, 1]))
        xp[c] = max(x, fua[0])
        ubp[c] = interp_point(xp[c], fua, fval[1])
        utilities_at(xp[c], fua, fval, atp[c])
    for i in range(M):
        cb[i] = grid[i] * Xf[1, 1, s, g, i] + (1 - grid[i]) * Xf[1, 0, s, g, i]
    for k in range(2):
        o = 1 - k
        fa_k, fa_o = (fa0, fa1) if k == 0 else (fa1, fa0)
        end = M - 1 if k == 0 else 0
        semi[k] = False
        for i in range(M):
            x = max(max(Xf[0, k, s, g, i], fa_k), fua[0])
            ok = x <= 1.0 + TOL and (Xf[0, o, s, g, i] > x + TOL or x < fa_o - TOL)
            oks[k, i] = ok and (i == end or x <= Xf[0, k, s, g, i] + TOL)
            xs[k, i] = x
            if oks[k, i]:
                ub = interp_point(x, fua, fval[1])
                q = 1.0 - grid[i] if k == 0 else grid[i]
                ubs[k, i] = ub
                rest[k, i] = (cb[i] - q * ub) / (1.0 - q)
                semi[k] = semi[k] or i != end


@njit(cache=True, error_model="numpy", inline="always")
def screen_best(k, j, mu, fb, grid, ubs, oks, rest, vals, semi):
    """B's best screen of type ``k`` at belief ``mu`` (grid point ``j``): (value, posterior index, P(accept | k))
    over the pure screen and the semi-separating ones (:func:`.bargaining._screens`; ties: the pure screen,
    then the posterior nearest to it; ``semi``: whether any semi-separating one can pass)."""
    M = grid.shape[0]
    end = M - 1 if k == 0 else 0
    s_k = 1.0 - mu if k == 0 else mu
    s_o = 1.0 - s_k
    top = NEG
    for n in range(M if semi else 1):
        i = M - 1 - n if k == 0 else n
        vals[i] = NEG
        if i == end:
            allowed = s_k < 1.0
        else:
            allowed = (i > j if k == 0 else i < j) and mu > 0.0 and mu < 1.0
        if not (allowed and oks[k, i] and ubs[k, i] >= fb - TOL):
            continue
        vals[i] = s_k * ubs[k, i] + s_o * rest[k, i]
        top = max(top, vals[i])
    best = end
    for n in range(M if semi else 1):
        i = M - 1 - n if k == 0 else n
        if vals[i] >= top - TOL:
            best = i
            break
    q = 1.0 - grid[best] if k == 0 else grid[best]
    sigma = (s_k - q * s_o / (1.0 - q)) / s_k if s_k > 0.0 else 1.0
    return top, best, sigma


@njit(cache=True, error_model="numpy", inline="always")
def b_chooses(k_val, acc, Xf, Wt, s, g, j, mu, e_b, fua, fval, grid, need, xp, ubp, atp, xs, ubs, oks, rest,
               vals, at, semi):
    """B's offer (pool, screen of either type, pure or semi-separating, or none; Fudenberg, Levine & Tirole 1985;
    Fudenberg & Tirole 1991, sec. 10.2) at belief ``mu`` (grid point ``j``), from :func:`b_options`' shared
    parts: the values per type into ``k_val`` (P, 2) and P(each type accepts) into ``acc`` (the numpy
    reference's arithmetic); returns (choice, offer, B's belief after a refusal)."""
    P, M = Xf.shape[0], grid.shape[0]
    fb = mu * Wt[1, 1, s, g] + (1 - mu) * Wt[1, 0, s, g] + e_b
    c = 0 if mu == 0.0 else (2 if mu == 1.0 else 1)
    jr = j if c != 1 else M - 1  # a refused pool: the D1 belief inside, the belief itself where degenerate
    x_pool, ub_pool = xp[c], ubp[c]
    pool = ub_pool if (x_pool <= 1.0 + TOL and ub_pool >= fb - TOL) else NEG
    # a screen's deal reveals the type that took it: B's floor is its war value against that type (numpy's)
    o0, i0, sg0 = screen_best(0, j, mu, Wt[1, 0, s, g] + e_b, grid, ubs, oks, rest, vals, semi[0])
    o1, i1, sg1 = screen_best(1, j, mu, Wt[1, 1, s, g] + e_b, grid, ubs, oks, rest, vals, semi[1])
    none = mu * Xf[1, 1, s, g, j] + (1 - mu) * Xf[1, 0, s, g, j]
    top = max(max(pool, o0), max(o1, none))
    inner = mu > 0.0 and mu < 1.0
    if inner and o0 >= top - TOL:
        choice = 1
    elif inner and o1 >= top - TOL:
        choice = 2
    elif pool >= top - TOL:
        choice = 0
    elif o0 >= top - TOL:
        choice = 1
    elif o1 >= top - TOL:
        choice = 2
    else:
        choice = 3
    if choice == 0:
        x_b, post = x_pool, grid[jr]
    elif choice == 3:
        x_b, post = np.nan, grid[j]
    else:
        t = choice - 1
        ib, sigma = (i0, sg0) if t == 0 else (i1, sg1)
        x_b, post = xs[t, ib], grid[ib]
        utilities_at(x_b, fua, fval, at)
    for k in range(2):
        if choice == 0:
            acc[k] = 1.0 if x_pool >= need[c, k] - TOL else 0.0
            for p in range(P):
                k_val[p, k] = atp[c, p] if acc[k] > 0.0 else Xf[p, k, s, g, jr]
        elif choice == 3:
            acc[k] = 0.0
            for p in range(P):
                k_val[p, k] = Xf[p, k, s, g, j]
        elif k == choice - 1:  # the screened type accepts with sigma, indifferent where sigma < 1
            acc[k] = sigma
            for p in range(P):
                k_val[p, k] = sigma * at[p] + (1 - sigma) * Xf[p, k, s, g, ib]
        else:
            acc[k] = 0.0
            for p in range(P):
                k_val[p, k] = Xf[p, k, s, g, ib]
    return choice, x_b, post
