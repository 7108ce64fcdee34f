"""One round of the exchange model compiled with numba: the same arithmetic as :mod:`._trade` and :mod:`._round`.

:mod:`._trade` and :mod:`._round` is the readable reference (one object per exchange, Decide's steps); this
module runs the same round on flat arrays, operation for operation in the same order, so that its
floats, and therefore its exchanges, are identical (tests/models/exchange/test_exchange_kernel.py). Formulas
and their sources are in the reference's docstrings; here only the layout is documented.

Layout. Exchange ``e`` has sides ``k = 0`` (actor i: supplies q, demands p) and ``k = 1`` (actor j:
supplies p, demands q). Side data live in ``sf[e, k, field]`` (floats) and ``si[e, k, field]``
(integers), exchange data in ``ef[e, field]`` and ``ei[e, field]``, with the field numbers below (a
few arrays rather than one per field: numba passes every array to every call). A side's earlier
moves in the round (the reference's ``Side.moves``) are their running sum, minimum, maximum and
count plus the current move ``LAST``. The positions other executed exchanges gave to actors on an
exchange's issues (``Exchange.updates``) are a linked list per exchange and issue slot (0 = p,
1 = q; head and tail in ``si[e, slot, HEAD/TAIL]``), in insertion order, in one growing pool
``(pool_i[n, ENT_ACTOR/ENT_NEXT], pool_f[n], used[0])``. The round's positions and weights are
``r[0] = x``, ``r[1] = w = c s`` (issues x actors) and ``sums[0] = W_d``, ``sums[1] = sum_k x w``.

Compiled with ``cache=True``. numba's cache does not notice when a function compiled into another
module's cached function changes: after editing this file, delete
``src/detente/models/exchange/__pycache__/_*.nb*``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


TINY = 1e-10
EDGE = 1e-9
TIE = 1e-12
TINY_GAIN = 1e-280  # as in ._trade: no 12-digit rounding below it (the scale would overflow)
# side floats sf[e, k, .]
XS, XD, SS, SD, CS, START, MOVE, Y, LAST, HSUM, HMIN, HMAX = range(12)
# side integers si[e, k, .] (HEAD, TAIL indexed by issue slot instead of side)
ACTOR, SUPPLY, DEMAND, HAS_LAST, HCOUNT, HEAD, TAIL = range(7)
# exchange floats ef[e, .] and integers ei[e, .]
RATE, GAIN, EQUAL_GAIN, GAIN_I, GAIN_J, RANK = range(6)
P, Q, VALID = range(3)
ENT_ACTOR, ENT_NEXT = range(2)


@njit(cache=True)
def rank(gain):
    """:func:`._trade.rank`: the gain to 12 significant digits."""
    if not gain > TINY_GAIN or gain == math.inf:
        return gain
    scale = 10.0 ** float(11 - math.floor(math.log10(gain)))
    return math.floor(gain * scale + 0.5) / scale


@njit(cache=True)
def exchange_rate(s_iq, s_ip, s_jq, s_jp, u):
    """:func:`._trade.exchange_rate`; NaN stands for the equal-gain rate."""
    if not (s_ip > 0.0 and s_jp > 0.0):
        return np.nan
    lo, hi = s_iq / s_ip, s_jq / s_jp
    r = lo + u * (hi - lo)
    return r if r > 0.0 and math.isfinite(r) else np.nan


@njit(cache=True)
def count_pairs(x, tradable, forecast):
    """Number of candidate exchanges (:func:`._round.n_pairs`)."""
    n_issues, n_actors = x.shape
    total = 0
    for p in range(n_issues):
        for q in range(p + 1, n_issues):
            g = np.zeros(4, np.int64)
            for a in range(n_actors):
                if tradable[p, a] and tradable[q, a]:
                    g[int(x[p, a] <= forecast[p]) + 2 * int(x[q, a] <= forecast[q])] += 1
            total += g[0] * g[3] + g[1] * g[2]
    return total


# ---------------------------------------------------------------------------- one side


@njit(cache=True)
def _valid_move(sf, si, e, k, move):
    """Side.move_is_valid: non-zero, on 0-100, and in the direction of the side's earlier moves."""
    if abs(move) > 100 or abs(move) <= TINY:
        return False
    if not (-EDGE <= sf[e, k, XS] + move <= 100 + EDGE):
        return False
    last = sf[e, k, LAST]
    if sf[e, k, HSUM] + last > 100 + EDGE:
        return False
    lo, hi = last, last
    if si[e, k, HCOUNT] > 0:
        lo, hi = min(sf[e, k, HMIN], lo), max(sf[e, k, HMAX], hi)
    return (lo < 0 and hi < 0) or (lo > 0 and hi > 0)


@njit(cache=True)
def _append_move(sf, si, e, k, move):
    """Side.moves.append: the current move joins the history, ``move`` becomes current."""
    if si[e, k, HAS_LAST]:
        m = sf[e, k, LAST]
        sf[e, k, HSUM] = sf[e, k, HSUM] + m
        first = si[e, k, HCOUNT] == 0
        sf[e, k, HMIN] = m if first else min(sf[e, k, HMIN], m)
        sf[e, k, HMAX] = m if first else max(sf[e, k, HMAX], m)
        si[e, k, HCOUNT] += 1
    sf[e, k, LAST] = move
    si[e, k, HAS_LAST] = 1


@njit(cache=True)
def _ratio_from_move(sf, si, sums, e, k, move):
    return move * sf[e, k, SS] * sf[e, k, CS] / sums[0, si[e, k, SUPPLY]]


@njit(cache=True)
def _move_from_ratio(sf, si, sums, e, k, ratio):
    return ratio * sums[0, si[e, k, SUPPLY]] / (sf[e, k, CS] * sf[e, k, SS])


@njit(cache=True)
def _other_ratio(sf, ef, e, k, ratio):
    rate = ef[e, RATE]
    if math.isnan(rate):
        return (sf[e, k, SS] + sf[e, 1 - k, SD]) / (sf[e, k, SD] + sf[e, 1 - k, SS]) * ratio
    return ratio / rate if k == 1 else ratio * rate


@njit(cache=True)
def _gain(sf, ef, e, k, own, other):
    """Exchange._gain: the rank gain; sets both partners' gains."""
    dq, dp = (own, other) if k == 0 else (other, own)
    if math.isnan(ef[e, RATE]):
        g = abs(other * sf[e, k, SD] - own * sf[e, k, SS])
        ef[e, GAIN_I] = g
        ef[e, GAIN_J] = g
        return g
    ef[e, GAIN_I] = dp * sf[e, 0, SD] - dq * sf[e, 0, SS]
    ef[e, GAIN_J] = dq * sf[e, 1, SD] - dp * sf[e, 1, SS]
    return min(ef[e, GAIN_I], ef[e, GAIN_J])


@njit(cache=True)
def _nbs(si, r, sums, pool_i, pool_f, e, slot, issue, actor, position, target, shift):
    """Round.nbs (``shift`` False) or Round.shift_to_nbs (True), with the exchange's updates on ``slot``."""
    if not shift:
        total = sums[1, issue]
        n = si[e, slot, HEAD]
        while n >= 0:
            k = pool_i[n, ENT_ACTOR]
            if k != actor:
                total += (pool_f[n] - r[0, issue, k]) * r[1, issue, k]
            n = pool_i[n, ENT_NEXT]
        total += (position - r[0, issue, actor]) * r[1, issue, actor]
        return total / sums[0, issue] if sums[0, issue] else 0.0
    total = sums[1, issue] + (position - r[0, issue, actor]) * r[1, issue, actor]
    n = si[e, slot, HEAD]
    while n >= 0:
        k = pool_i[n, ENT_ACTOR]
        current = position if k == actor else r[0, issue, k]
        total += (pool_f[n] - current) * r[1, issue, k]
        n = pool_i[n, ENT_NEXT]
    return (target * sums[0, issue] - total) / r[1, issue, actor]


# ---------------------------------------------------------------------------- one exchange


@njit(cache=True)
def _set_moves(sf, si, ef, e, dp, dq):
    """Exchange._orient_and_record: signs, moves recorded, voting positions, gain."""
    if sf[e, 0, XS] > sf[e, 1, XD]:
        sf[e, 0, MOVE] = -sf[e, 0, MOVE]
    if sf[e, 1, XS] > sf[e, 0, XD]:
        sf[e, 1, MOVE] = -sf[e, 1, MOVE]
    _append_move(sf, si, e, 0, sf[e, 0, MOVE])
    _append_move(sf, si, e, 1, sf[e, 1, MOVE])
    sf[e, 0, Y] = sf[e, 0, XS] + sf[e, 0, MOVE]
    sf[e, 1, Y] = sf[e, 1, XS] + sf[e, 1, MOVE]
    ef[e, GAIN] = _gain(sf, ef, e, 0, dq, dp)


@njit(cache=True)
def _bound(sf, si, ef, ei, r, sums, pool_i, pool_f, e, k):
    """Exchange._bound_by_forecast for side ``k``."""
    o = 1 - k
    issue, actor = si[e, k, SUPPLY], si[e, k, ACTOR]
    slot = 0 if issue == ei[e, P] else 1
    before = _nbs(si, r, sums, pool_i, pool_f, e, slot, issue, actor, sf[e, k, XS], 0.0, False)
    after = _nbs(si, r, sums, pool_i, pool_f, e, slot, issue, actor, sf[e, k, Y], 0.0, False)
    target = sf[e, o, XD]
    d0, d1 = target - before, target - after
    d0, d1 = (0.0 if abs(d0) <= EDGE else d0), (0.0 if abs(d1) <= EDGE else d1)
    if (d0 >= 0 and d1 >= 0) or (d0 <= 0 and d1 <= 0):
        return
    delta = abs(_nbs(si, r, sums, pool_i, pool_f, e, slot, issue, actor, sf[e, k, XS], target, True))
    own = _ratio_from_move(sf, si, sums, e, k, delta)
    partner = _other_ratio(sf, ef, e, k, own)
    sf[e, o, MOVE] = abs(_move_from_ratio(sf, si, sums, e, o, partner))
    sf[e, k, MOVE] = delta
    if sf[e, o, XS] > sf[e, k, XD]:
        sf[e, o, MOVE] = -sf[e, o, MOVE]
    if sf[e, k, XS] > sf[e, o, XD]:
        sf[e, k, MOVE] = -sf[e, k, MOVE]
    sf[e, o, LAST], sf[e, k, LAST] = sf[e, o, MOVE], sf[e, k, MOVE]
    sf[e, o, Y], sf[e, k, Y] = sf[e, o, XS] + sf[e, o, MOVE], sf[e, k, XS] + sf[e, k, MOVE]
    ef[e, GAIN] = _gain(sf, ef, e, o, partner, own)
    ei[e, VALID] = _valid_move(sf, si, e, o, sf[e, o, MOVE]) and _valid_move(sf, si, e, k, sf[e, k, MOVE])


@njit(cache=True)
def _calculate(sf, si, ef, ei, r, sums, pool_i, pool_f, e):
    """Exchange.calculate: moves and gain at the exchange's rate, bounded by positions and forecasts."""
    dp = _ratio_from_move(sf, si, sums, e, 1, abs(sf[e, 0, XD] - sf[e, 1, XS]))
    dq = _other_ratio(sf, ef, e, 1, dp)
    sf[e, 0, MOVE], sf[e, 1, MOVE] = _move_from_ratio(sf, si, sums, e, 0, dq), abs(sf[e, 0, XD] - sf[e, 1, XS])
    if abs(sf[e, 0, MOVE]) > abs(sf[e, 1, XD] - sf[e, 0, XS]):
        dq = _ratio_from_move(sf, si, sums, e, 0, abs(sf[e, 1, XD] - sf[e, 0, XS]))
        dp = _other_ratio(sf, ef, e, 0, dq)
        sf[e, 0, MOVE], sf[e, 1, MOVE] = abs(sf[e, 1, XD] - sf[e, 0, XS]), _move_from_ratio(sf, si, sums, e, 1, dp)
    _set_moves(sf, si, ef, e, dp, dq)
    ef[e, EQUAL_GAIN] = ef[e, GAIN]
    ei[e, VALID] = (_valid_move(sf, si, e, 0, sf[e, 0, MOVE]) and _valid_move(sf, si, e, 1, sf[e, 1, MOVE])
                    and ef[e, GAIN] >= TINY)
    if ei[e, VALID]:
        _bound(sf, si, ef, ei, r, sums, pool_i, pool_f, e, 0)
        _bound(sf, si, ef, ei, r, sums, pool_i, pool_f, e, 1)
        ei[e, VALID] = _valid_move(sf, si, e, 0, sf[e, 0, MOVE]) and _valid_move(sf, si, e, 1, sf[e, 1, MOVE])
    ef[e, RANK] = rank(ef[e, GAIN])


@njit(cache=True)
def _record_update(si, pool_i, pool_f, used, e, slot, mover, start, y):
    """Exchange.recalculate's update table: the mover's new position (the nearer to its start wins)."""
    n = si[e, slot, HEAD]
    while n >= 0:
        if pool_i[n, ENT_ACTOR] == mover:
            previous = pool_f[n]
            if start <= previous:
                pool_f[n] = previous if previous < y else y
            else:
                pool_f[n] = previous if previous > y else y
            return
        n = pool_i[n, ENT_NEXT]
    n = used[0]
    used[0] += 1
    pool_i[n, ENT_ACTOR], pool_i[n, ENT_NEXT], pool_f[n] = mover, -1, y
    if si[e, slot, TAIL] >= 0:
        pool_i[si[e, slot, TAIL], ENT_NEXT] = n
    else:
        si[e, slot, HEAD] = n
    si[e, slot, TAIL] = n


@njit(cache=True)
def _matched_supply(sf, si, e, k, d):
    """Side k of ``e`` has the actor and supply issue of a side of ``d``: it takes that side's new position."""
    for kk in range(2):
        if si[e, k, ACTOR] == si[d, kk, ACTOR] and si[e, k, SUPPLY] == si[d, kk, SUPPLY]:
            sf[e, k, XS] = sf[d, kk, Y]
            return True
    return False


@njit(cache=True)
def recalculate(sf, si, ef, ei, r, sums, pool_i, pool_f, used, e, d):
    """Exchange.recalculate: take over what executed exchange ``d`` changed, and recompute; True if it did."""
    matched_i = _matched_supply(sf, si, e, 0, d)
    matched_j = _matched_supply(sf, si, e, 1, d)
    changed = matched_i or matched_j
    if changed:  # the reference appends the partner's move, then drops the last move of both sides
        si[e, 0, HAS_LAST] = matched_i
        si[e, 1, HAS_LAST] = matched_j
    for kk_m in range(2):
        kk_d = 1 - kk_m
        issue, demander = si[d, kk_d, DEMAND], si[d, kk_d, ACTOR]
        if (si[e, 1, ACTOR] == demander and si[e, 1, DEMAND] == issue) or \
           (si[e, 0, ACTOR] == demander and si[e, 0, DEMAND] == issue):
            slot = 0 if issue == ei[e, P] else 1
            _record_update(si, pool_i, pool_f, used, e, slot, si[d, kk_m, ACTOR], sf[d, kk_m, START], sf[d, kk_m, Y])
            if not changed:
                si[e, 0, HAS_LAST] = 0
                si[e, 1, HAS_LAST] = 0
                changed = True
    if changed:
        _calculate(sf, si, ef, ei, r, sums, pool_i, pool_f, e)
    return changed


@njit(cache=True)
def form(x, tradable, w, weight, weighted, forecast, s, c, draws):
    """Every candidate exchange of the round, formed and calculated in :func:`._round.pairs`' order.

    Returns ``(sf, si, ef, ei, r, sums)``."""
    n = count_pairs(x, tradable, forecast)
    sf, si, ef, ei = np.zeros((n, 2, 12)), np.zeros((n, 2, 7), np.int64), np.zeros((n, 6)), np.zeros((n, 3), np.int64)
    si[:, :, HEAD], si[:, :, TAIL] = -1, -1
    r, sums = np.empty((2,) + x.shape), np.empty((2, x.shape[0]))
    r[0], r[1], sums[0], sums[1] = x, w, weight, weighted
    pool_i, pool_f = np.empty((0, 2), np.int64), np.empty(0)  # no updates while forming
    n_issues, n_actors = x.shape
    members, size = np.zeros((4, n_actors), np.int64), np.zeros(4, np.int64)
    e = 0
    for p in range(n_issues):
        for q in range(p + 1, n_issues):
            size[:] = 0
            for a in range(n_actors):
                if tradable[p, a] and tradable[q, a]:
                    g = int(x[p, a] <= forecast[p]) + 2 * int(x[q, a] <= forecast[q])
                    members[g, size[g]] = a
                    size[g] += 1
            for g in range(2):  # groups (0, 3) and (1, 2)
                h = 3 - g
                for ia in range(size[g]):
                    for ib in range(size[h]):
                        _form(sf, si, ef, ei, r, sums, pool_i, pool_f, e, members[g, ia], members[h, ib], p, q, s, c,
                              draws[e] if draws.shape[0] else np.nan)
                        e += 1
    return sf, si, ef, ei, r, sums


@njit(cache=True)
def _form(sf, si, ef, ei, r, sums, pool_i, pool_f, e, a, b, p, q, s, c, u):
    """Exchange.__init__: the actor caring relatively more about p demands p and supplies q."""
    if _divide(s[p, a], s[q, a]) < _divide(s[p, b], s[q, b]):
        a, b = b, a
    ei[e, P], ei[e, Q] = p, q
    _side(sf, si, e, 0, a, q, p, r[0], s, c)
    _side(sf, si, e, 1, b, p, q, r[0], s, c)
    ef[e, RATE] = np.nan if math.isnan(u) else exchange_rate(sf[e, 0, SS], sf[e, 0, SD], sf[e, 1, SD], sf[e, 1, SS], u)
    _calculate(sf, si, ef, ei, r, sums, pool_i, pool_f, e)


@njit(cache=True)
def _side(sf, si, e, k, actor, supply, demand, x, s, c):
    si[e, k, ACTOR], si[e, k, SUPPLY], si[e, k, DEMAND] = actor, supply, demand
    sf[e, k, XS], sf[e, k, XD] = x[supply, actor], x[demand, actor]
    sf[e, k, SS], sf[e, k, SD], sf[e, k, CS] = s[supply, actor], s[demand, actor], c[supply, actor]
    sf[e, k, START] = sf[e, k, XS]


@njit(cache=True)
def _divide(a, b):
    """``a / b`` as numpy divides floats (inf or NaN for b = 0), as the reference's orientation test does."""
    if b == 0.0:
        return np.nan if a == 0.0 or math.isnan(a) else (np.inf if a > 0 else -np.inf)
    return a / b
