"""The compiled round: execute the formed exchanges by decreasing gain (:func:`._round.execute`).

Works on the arrays of :mod:`._kernel` (field numbers there). :func:`run_round` is the
drop-in for :func:`._round.run_round` without a ``tie_break`` hook: the same voting and
start positions and the same executed exchanges from the same generator state.

numba caches :func:`execute` with the kernel functions and constants it uses compiled in, keyed on
this file only: after editing :mod:`._kernel`, delete
``src/detente/models/exchange/__pycache__/_*.nb*`` (tests/models/exchange/test_exchange_kernel.py fails
on a stale cache whose results differ from the reference).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._kernel import (ACTOR, DEMAND, EQUAL_GAIN, GAIN, GAIN_I, GAIN_J, P, Q, RANK, SS, START, SUPPLY,
                      TIE, VALID, XS, Y, count_pairs, form, recalculate)
from ._round import round_positions
from ._trade import Round


@njit(cache=True)
def _before(rank, a, pos_a, b, pos_b):
    """``a`` sorts before ``b`` in a stable sort by decreasing rank (list positions ``pos_a``, ``pos_b``)."""
    return rank[a] > rank[b] or (rank[a] == rank[b] and pos_a < pos_b)


@njit(cache=True)
def _stable_sort(pending, moved, rank):
    """``pending`` stably sorted by decreasing rank, knowing that the entries not ``moved`` are in order.

    The reference sorts its whole list before every pick; between two picks only the exchanges that
    were recalculated (and the one put back at the end) can be out of order, so sorting those few
    and merging them with the rest gives the same list in linear time."""
    n = pending.shape[0]
    fixed, loose = np.empty(n, np.int64), np.empty(n, np.int64)  # positions in pending
    n_fixed = n_loose = 0
    for t in range(n):
        if moved[t]:
            loose[n_loose] = t
            n_loose += 1
        else:
            fixed[n_fixed] = t
            n_fixed += 1
    if n_loose > 64:  # a full sort (the first pick of a round)
        order = np.argsort(-rank[pending], kind="mergesort")
        return pending[order]
    for a in range(1, n_loose):  # insertion sort of the few moved ones
        t = loose[a]
        b = a - 1
        while b >= 0 and _before(rank, pending[t], t, pending[loose[b]], loose[b]):
            loose[b + 1] = loose[b]
            b -= 1
        loose[b + 1] = t
    out = np.empty(n, np.int64)
    a = b = 0
    for m in range(n):
        if b >= n_loose or (a < n_fixed and _before(rank, pending[fixed[a]], fixed[a], pending[loose[b]], loose[b])):
            out[m] = pending[fixed[a]]
            a += 1
        else:
            out[m] = pending[loose[b]]
            b += 1
    return out


@njit(cache=True)
def _touches(si, e, d):
    """``e`` shares an actor and its supply or demand issue with ``d`` (only those can change when d executes)."""
    for k in range(2):
        for kk in range(2):
            if si[e, k, ACTOR] == si[d, kk, ACTOR] and (si[e, k, SUPPLY] == si[d, kk, SUPPLY]
                                                       or si[e, k, DEMAND] == si[d, kk, DEMAND]):
                return True
    return False


@njit(cache=True)
def execute(sf, si, ef, ei, r, sums, rng):
    """:func:`._round.execute` with the seeded coin: the executed exchanges, in order."""
    n = ei.shape[0]
    pool_i, pool_f, used = np.empty((64, 2), np.int64), np.empty(64), np.zeros(1, np.int64)
    pending, done, n_done = np.arange(n), np.empty(n + 16, np.int64), 0
    moved = np.ones(n, np.bool_)
    rank = ef[:, RANK]
    while pending.shape[0] > 0:
        ordered = _stable_sort(pending, moved, rank)
        n_pend, best = ordered.shape[0], ordered[0]
        nxt, moved = np.empty(n_pend, np.int64), np.zeros(n_pend, np.bool_)
        if n_pend > 1 and abs(ef[best, GAIN] - ef[ordered[1], GAIN]) <= TIE * max(1.0, abs(ef[best, GAIN])):
            runner_up = ordered[1]
            if rng.random() >= 0.5:  # the runner-up executes; the first goes to the end
                nxt[:n_pend - 2] = ordered[2:]
                nxt[n_pend - 2] = best
                m, best = n_pend - 1, runner_up
            else:                    # the first executes; the runner-up stays first and goes to the end again
                nxt[:n_pend - 1] = ordered[1:]
                nxt[n_pend - 1] = runner_up
                m = n_pend
            moved[m - 1] = True
        else:
            nxt[:n_pend - 1] = ordered[1:]
            m = n_pend - 1
        if not ei[best, VALID]:
            pending, moved = nxt[:m], moved[:m]
            continue
        if used[0] + 2 * m > pool_f.shape[0]:  # room for every update this pick can record
            size = max(2 * pool_f.shape[0], used[0] + 2 * m)
            more_i, more_f = np.empty((size, 2), np.int64), np.empty(size)
            more_i[:used[0]], more_f[:used[0]] = pool_i[:used[0]], pool_f[:used[0]]
            pool_i, pool_f = more_i, more_f
        kept = 0
        for t in range(m):
            e = nxt[t]
            if ei[e, VALID]:
                changed = _touches(si, e, best) and recalculate(sf, si, ef, ei, r, sums, pool_i, pool_f, used,
                                                                e, best)
                if ei[e, VALID]:
                    nxt[kept], moved[kept] = e, moved[t] or changed
                    kept += 1
        pending, moved = nxt[:kept], moved[:kept]
        if n_done == done.shape[0]:
            more = np.empty(2 * n_done, np.int64)
            more[:n_done] = done
            done = more
        done[n_done] = best
        n_done += 1
    return done[:n_done]


class _Side:
    """One side of an executed exchange, with the attributes :func:`._inputs.exchange_record` reads."""

    __slots__ = ("actor", "supply", "demand", "x_supply", "y", "start", "s_supply")

    def __init__(self, sf, si, k: int):
        ints, floats = si[k], sf[k]
        self.actor, self.supply, self.demand = ints[ACTOR], ints[SUPPLY], ints[DEMAND]
        self.x_supply, self.y, self.start, self.s_supply = floats[XS], floats[Y], floats[START], floats[SS]


class Executed:
    """An executed exchange as the compiled round leaves it (the reference ``Exchange``'s attributes)."""

    __slots__ = ("i", "j", "p", "q", "gain", "equal_gain", "gain_i", "gain_j")

    def __init__(self, sf: list, si: list, ef: list, ei: list):
        self.i, self.j, self.p, self.q = _Side(sf, si, 0), _Side(sf, si, 1), ei[P], ei[Q]
        self.gain, self.equal_gain, self.gain_i, self.gain_j = ef[GAIN], ef[EQUAL_GAIN], ef[GAIN_I], ef[GAIN_J]


def run_round(x: np.ndarray, s: np.ndarray, c: np.ndarray, rng: np.random.Generator,
              salience_weight: float = 0.4, fixed_weight: float = 0.1, random_rate: bool = False):
    """:func:`._round.run_round`, compiled: (voting positions, next start positions, executed
    exchanges), identical to the reference's from the same ``rng`` state."""
    state = Round(x, s, c)
    draws = rng.random(count_pairs(x, state.tradable, state.forecast)) if random_rate else np.empty(0)
    arrays = form(x, state.tradable, state.w, state.weight, state.weighted, state.forecast,
                  np.ascontiguousarray(s, dtype=float), np.ascontiguousarray(c, dtype=float), draws)
    done = execute(*arrays, rng)
    sf, si, ef, ei = (a[done].tolist() for a in arrays[:4])
    executed = [Executed(*row) for row in zip(sf, si, ef, ei)]
    return (*round_positions(x, executed, salience_weight, fixed_weight), executed)
