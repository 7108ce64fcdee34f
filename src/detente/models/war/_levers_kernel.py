"""Compiled iteration of the third parties' lever equilibrium (:func:`.third_parties.solve_levers`).

The same Gauss-Seidel best responses as the numpy version it replaced (:mod:`.third_parties`, Harsanyi 1973
purification, Selten 1975 agent form), written as loops over the stacked states so that one lever
equilibrium costs well under a millisecond instead of about 6 ms of numpy calls on 33 x 12 arrays. The
arithmetic is numpy's, operation for operation: :func:`.third_parties.contract` sums one lever axis at a
time, the last first, each sum left to right from its first term (numpy's order for axes this short), and
the purified probabilities add the segments' lengths in the order of the sorted cuts; so the results are
bit-identical (``tests/models/war/test_levers_kernel.py`` compares the two on the Istanbul levers).

Array conventions: ``V0[q, s, c]``/``MO[q, s, c]``: lever player ``q``'s zero-cost values / months of war at
state ``s`` for the lever set with flat index ``c`` (C order over the levers' levels); ``probs[i, r, l]``,
``moments[i, r, l]``: lever ``i``'s level ``l`` at stacked row ``r = b S + s`` (start ``b``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["iterate_levers"]


@njit(cache=True, error_model="numpy")
def _contract(A, W, Ls, keep, cur, nxt, out):
    """``contract(A, W, keep)`` for one state: ``A`` (C,) over the lever axes, ``W[i, l]`` lever i's weights;
    lever axes summed from the last to the first but ``keep``; ``out[:L_keep]`` (or ``out[0]``)."""
    n = Ls.shape[0]
    size = A.shape[0]
    for c in range(size):
        cur[c] = A[c]
    for i in range(n - 1, -1, -1):
        if i == keep:
            continue
        L = Ls[i]
        inner = Ls[keep] if keep > i else 1
        outer = size // (L * inner)
        for o in range(outer):
            for q in range(inner):
                acc = cur[(o * L) * inner + q] * W[i, 0]
                for l in range(1, L):
                    acc += cur[(o * L + l) * inner + q] * W[i, l]
                nxt[o * inner + q] = acc
        size = outer * inner
        for c in range(size):
            cur[c] = nxt[c]
    for c in range(size):
        out[c] = cur[c]


@njit(cache=True, error_model="numpy")
def _argmax(ic, sl, mid, L):
    """numpy's argmax of ``ic - sl mid`` (the first maximum; a NaN wins, as in numpy)."""
    best, bv = 0, ic[0] - sl[0] * mid
    for k in range(1, L):
        if np.isnan(bv):
            break
        v = ic[k] - sl[k] * mid
        if np.isnan(v) or v > bv:
            best, bv = k, v
    return best


@njit(cache=True, error_model="numpy")
def _purified(ic, sl, L, p, m, cuts):
    """:func:`.third_parties.purified_probs` for one state: the lines ``ic - sl u`` -> ``p``, ``m`` (L,)."""
    for k in range(L):
        p[k] = 0.0
        m[k] = 0.0
    if L == 2:  # _purified_two: cuts 0, c, 1
        ds = sl[0] - sl[1]
        u = (ic[0] - ic[1]) / (ds if ds != 0 else 1.0)
        c = u if (ds != 0 and u > 0 and u < 1) else 0.0
        b0 = _argmax(ic, sl, 0.5 * (0.0 + c), L)
        b1 = _argmax(ic, sl, 0.5 * (c + 1.0), L)
        l0, l1 = c - 0.0, 1.0 - c
        m0, m1 = 0.5 * (c * c - 0.0 * 0.0), 0.5 * (1.0 * 1.0 - c * c)
        for k in range(2):
            p[k] = l0 * (1.0 if b0 == k else 0.0) + l1 * (1.0 if b1 == k else 0.0)
            m[k] = m0 * (1.0 if b0 == k else 0.0) + m1 * (1.0 if b1 == k else 0.0)
        return
    n = 2
    cuts[0], cuts[1] = 0.0, 1.0
    for a in range(L):
        for b in range(a + 1, L):
            ds = sl[a] - sl[b]
            u = (ic[a] - ic[b]) / (ds if ds != 0 else 1.0)
            cuts[n] = u if (ds != 0 and u > 0 and u < 1) else 0.0
            n += 1
    for i in range(1, n):  # insertion sort (np.sort's result)
        x, j = cuts[i], i - 1
        while j >= 0 and cuts[j] > x:
            cuts[j + 1] = cuts[j]
            j -= 1
        cuts[j + 1] = x
    for g in range(n - 1):
        lo, hi = cuts[g], cuts[g + 1]
        best = _argmax(ic, sl, 0.5 * (lo + hi), L)
        length, mom = hi - lo, 0.5 * (hi * hi - lo * lo)
        for k in range(L):
            p[k] += length * (1.0 if best == k else 0.0)
            m[k] += mom * (1.0 if best == k else 0.0)


@njit(cache=True, error_model="numpy")
def _agent(i, r, s, Ls, pl, low, high, V0, MO, probs, moments, W, F, V, T, ic, sl, cur, nxt):
    """:func:`.third_parties._agent_lines` for lever ``i`` at row ``r`` (state ``s``): ``ic``, ``sl``."""
    n = Ls.shape[0]
    q, L = pl[i], Ls[i]
    for j in range(n):
        for l in range(Ls[j]):
            W[j, l] = probs[j, r, l]
    _contract(MO[q, s], W, Ls, i, cur, nxt, F)
    _contract(V0[q, s], W, Ls, i, cur, nxt, V)
    for l in range(L):
        ic[l] = V[l] - low[i, l] * F[l]
    for j in range(n):
        if j == i or pl[j] != q:
            continue
        for l in range(Ls[j]):  # the sister agent's expected private cost (_cost_weights)
            W[j, l] = low[j, l] * probs[j, r, l] + (high[j, l] - low[j, l]) * moments[j, r, l]
        _contract(MO[q, s], W, Ls, i, cur, nxt, T)
        for l in range(L):
            ic[l] = ic[l] - T[l]
        for l in range(Ls[j]):
            W[j, l] = probs[j, r, l]
    for l in range(L):
        sl[l] = (high[i, l] - low[i, l]) * F[l]


@njit(cache=True, error_model="numpy")
def iterate_levers(Ls, pl, low, high, free, V0, MO, probs, moments, S, tols, max_iter, damping):
    """:func:`.third_parties._iterate`'s loop on ``probs``/``moments`` (updated in place): Gauss-Seidel best
    responses, plain for 20 steps then damped, each start's block stopping once its largest step is below its
    ``tols`` entry; then the exact moments of the final probabilities. Returns (converged, iterations) per start."""
    n, Lmax, C = Ls.shape[0], probs.shape[2], V0.shape[2]
    B = tols.shape[0]
    active = np.ones(B, dtype=np.bool_)
    converged, its = np.zeros(B, dtype=np.bool_), np.zeros(B, dtype=np.int64)
    W, F, V, T = np.empty((n, Lmax)), np.empty(C), np.empty(C), np.empty(C)
    ic, sl, pn, mn = np.empty(Lmax), np.empty(Lmax), np.empty(Lmax), np.empty(Lmax)
    cur, nxt, cuts = np.empty(C), np.empty(C), np.empty(2 + Lmax * Lmax)
    change = np.zeros(B)
    for it in range(1, max_iter + 1):
        step = 1.0 if it <= 20 else damping
        for b in range(B):
            change[b] = 0.0
        for i in range(n):
            if not free[i]:
                continue
            for b in range(B):
                if not active[b]:
                    continue
                for s in range(S):
                    r = b * S + s
                    _agent(i, r, s, Ls, pl, low, high, V0, MO, probs, moments, W, F, V, T, ic, sl, cur, nxt)
                    _purified(ic, sl, Ls[i], pn, mn, cuts)
                    for l in range(Ls[i]):
                        mixed = (1 - step) * probs[i, r, l] + step * pn[l]
                        d = abs(mixed - probs[i, r, l])
                        if np.isnan(d) or d > change[b]:
                            change[b] = d
                        probs[i, r, l] = mixed
                        moments[i, r, l] = (1 - step) * moments[i, r, l] + step * mn[l]
        anyleft = False
        for b in range(B):
            if active[b]:
                its[b] = it
                if change[b] < tols[b]:
                    converged[b] = True
                    active[b] = False
                else:
                    anyleft = True
        if not anyleft:
            break
    for i in range(n):  # the moments of the final probabilities, exactly (a fixed lever's are zeroed after)
        if free[i]:
            for r in range(B * S):
                _agent(i, r, r % S, Ls, pl, low, high, V0, MO, probs, moments, W, F, V, T, ic, sl, cur, nxt)
                _purified(ic, sl, Ls[i], pn, mn, cuts)
                for l in range(Ls[i]):
                    probs[i, r, l], moments[i, r, l] = pn[l], mn[l]
    for i in range(n):
        if not free[i]:
            for r in range(B * S):
                for l in range(Lmax):
                    moments[i, r, l] = 0.0
    return converged, its
