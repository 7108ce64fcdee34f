"""Compiled inner loops of the expected-utility model (see :mod:`.eum`).

Every function works on one issue: ``x`` positions, ``c`` capabilities,
``s`` saliences (0-1), ``r`` risk exponents, ``span`` the fixed distance
normaliser D. Equation numbers refer to Scholz, Calbert & Smith (2011),
"Unravelling Bueno De Mesquita's group decision model", *Journal of
Theoretical Politics* 23(4) (ICAART 2011 version, pp. 18-30).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# offer kinds, as stored in the per-round record
NO_MOVE, CONFRONTATION, COMPROMISE, CAPITULATION = 0, 1, 2, 3


@njit(cache=True)
def support(x, c, s, r, span):
    """Positive votes for i over j: ``support[i, j] = sum_k max(v_k(i, j), 0)``.

    Actor k's vote for x_i over x_j is
    ``v_k = c_k s_k [(|x_k - x_j|/D)**r_k - (|x_k - x_i|/D)**r_k]``
    (eqs. 30-31, with each voter's own risk exponent). Since
    ``v_k(i, j) = -v_k(j, i)``, ``support[i, j] + support[j, i]`` is the sum of
    ``|v_k(i, j)|``.
    """
    n = x.shape[0]
    a = np.empty((n, n))  # a[j, k]: voter k's weighted loss at x_j (row j contiguous over voters)
    for k in range(n):
        w = c[k] * s[k]
        rk = r[k]
        for j in range(n):
            d = abs(x[k] - x[j]) / span
            a[j, k] = w * (d if rk == 1.0 else d ** rk)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            pos_ij = 0.0
            pos_ji = 0.0
            for k in range(n):
                d = a[j, k] - a[i, k]
                if d > 0.0:
                    pos_ij += d
                else:
                    pos_ji -= d
            out[i, j] = pos_ij
            out[j, i] = pos_ji
    return out


@njit(cache=True)
def win_probability(sup, pairwise):
    """P[i, j], probability that i prevails over j.

    ``pairwise=True`` (the paper's text, eq. 30): normalise by the votes on
    that pair, so ``P[i, j] + P[j, i] = 1``. ``pairwise=False`` (Scholz et
    al.'s code): normalise by the sum of ``|votes|`` over all voters and all
    ordered pairs (each unordered pair counted twice), one constant per
    round. ``P[i, j] = 0`` when no voter prefers i to j.
    """
    n = sup.shape[0]
    p = np.zeros((n, n))
    if pairwise:
        for i in range(n):
            for j in range(n):
                tot = sup[i, j] + sup[j, i]
                if tot > 0.0:
                    p[i, j] = sup[i, j] / tot
    else:
        tot = 0.0
        for i in range(n):
            for j in range(n):
                tot += sup[i, j]
        tot *= 2.0  # |v_k(i, j)| = |v_k(j, i)|: both orders of every pair are in the sum
        if tot > 0.0:
            for i in range(n):
                for j in range(n):
                    p[i, j] = sup[i, j] / tot
    return p


@njit(cache=True)
def weighted_median_position(x, w):
    """The actor position minimising ``sum_k w_k |x_k - y|`` (the pairwise-vote winner, App. step 3).

    Ties go to the first actor in input order.
    """
    n = x.shape[0]
    best = 0
    best_loss = 0.0
    for j in range(n):
        loss = 0.0
        for k in range(n):
            loss += w[k] * abs(x[k] - x[j])
        if j == 0 or loss < best_loss - 1e-12 * max(1.0, abs(best_loss)):
            best_loss = loss
            best = j
    return x[best]


@njit(cache=True)
def _no_challenge_term(x_c, x_t, r, span, mu, q):
    """``(1 - Q)[T U_b + (1 - T) U_w]`` for the challenger at ``x_c`` (zero when Q = 1)."""
    if q >= 1.0:
        return 0.0
    e = 0.25 * (abs(x_c - mu) + abs(x_c - x_t)) / span
    u_b = 2.0 - 4.0 * (0.5 - e) ** r
    u_w = 2.0 - 4.0 * (0.5 + e) ** r
    t = 1.0 if abs(x_c - mu) < abs(x_c - x_t) else 0.0
    return (1.0 - q) * (t * u_b + (1.0 - t) * u_w)


@njit(cache=True)
def expected_utility(x, s, r, p, span, mu, q, with_seen=True):
    """``own[i, j]``: i's expected utility of challenging j, with i's exponent r_i (E^i(U_ij)).

    ``s_j [P_ij U_s + (1 - P_ij) U_f] + (1 - s_j) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T) U_w]``
    (eqs. 5-7, 15-16, 22-24): j resists with probability s_j (its salience), and
    i then prevails with probability P_ij. T = 1 when the median ``mu`` is closer
    to the challenger than the target is (cases 1 and 3A of Scholz et al., p. 22).

    ``seen[i, j]``: i's estimate of j's expected utility of challenging i,
    also with i's exponent (E^i(U_ji): the perception Bueno de Mesquita's
    offers are built on). Both share U_s and U_f, which depend only on the
    distance and r_i, so each is computed once. ``with_seen=False`` skips ``seen`` (the risk pass needs
    only ``own``).
    """
    n = x.shape[0]
    own = np.zeros((n, n))
    seen = np.zeros((n, n))
    for i in range(n):
        ri = r[i]
        linear = ri == 1.0
        u_sq = 2.0 - 4.0 * (0.5 if linear else 0.5 ** ri)
        for j in range(n):
            if i == j:
                continue
            d = abs(x[i] - x[j]) / span
            if linear:
                u_s = 2.0 - 4.0 * (0.5 - 0.5 * d)
                u_f = 2.0 - 4.0 * (0.5 + 0.5 * d)
            else:
                u_s = 2.0 - 4.0 * (0.5 - 0.5 * d) ** ri
                u_f = 2.0 - 4.0 * (0.5 + 0.5 * d) ** ri
            pij = p[i, j]
            own[i, j] = (s[j] * (pij * u_s + (1.0 - pij) * u_f) + (1.0 - s[j]) * u_s - q * u_sq
                         - _no_challenge_term(x[i], x[j], ri, span, mu, q))
            if with_seen:
                pji = p[j, i]
                seen[i, j] = (s[i] * (pji * u_s + (1.0 - pji) * u_f) + (1.0 - s[i]) * u_s - q * u_sq
                              - _no_challenge_term(x[j], x[i], ri, span, mu, q))
    return own, seen


@njit(cache=True)
def risk_exponents(eu):
    """r_i from security levels (eqs. 32-34): ``S_i = sum_{j != i} eu[j, i]``.

    ``R_i = (2 S_i - S_max - S_min)/(S_max - S_min)``, ``r_i = (1 - R_i/3)/(1 + R_i/3)``;
    all r = 1 when every S is equal.
    """
    n = eu.shape[0]
    sec = np.zeros(n)
    for i in range(n):
        for j in range(n):
            if j != i:
                sec[i] += eu[j, i]
    hi, lo = sec.max(), sec.min()
    r = np.ones(n)
    if hi > lo:
        for i in range(n):
            big_r = (2.0 * sec[i] - hi - lo) / (hi - lo)
            r[i] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
    return r


@njit(cache=True)
def choose_offers(x, own, seen, paper_selection, capitulation):
    """Each actor's accepted offer and new position (Scholz et al. section 6, fig. 6).

    For actor i and partner j let ``a = own[i, j]`` (i's expected utility of
    challenging j) and ``b = seen[i, j]`` (i's estimate of j's expected
    utility of challenging i):

    - ``b > a > 0``: confrontation, i moves to x_j;
    - ``a < 0 < b``, ``|a| < b``: compromise, i moves ``|a / b|`` of the way
      to x_j (eq. 36);
    - ``a < 0 < b``, ``|a| > b``: capitulation, i moves to x_j (only when
      ``capitulation`` is on);
    - otherwise no offer.

    Selection: confrontations first, then compromises, then capitulations.
    Within a kind, the offer that moves i least, except for compromises
    when ``paper_selection`` is off (Scholz et al.'s code): then the
    compromise with the smallest ``(|a| x_i + |b| x_j) / (|a| + |b|)``.
    Ties go to the first partner in input order. Returns new positions,
    offer kinds and partners (-1 for none).
    """
    n = x.shape[0]
    new_x = x.copy()
    kind = np.zeros(n, dtype=np.int64)
    partner = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        best_rank = 99
        best_key = np.inf
        for j in range(n):
            if j == i or x[j] == x[i]:
                continue
            a = own[i, j]
            b = seen[i, j]
            k = NO_MOVE
            target = x[i]
            if b > a and a > 0.0:
                k = CONFRONTATION
                target = x[j]
            elif a < 0.0 and b > 0.0 and -a < b:
                k = COMPROMISE
                target = x[i] + (x[j] - x[i]) * (-a / b)
            elif capitulation and a < 0.0 and b > 0.0 and -a > b:
                k = CAPITULATION
                target = x[j]
            if k == NO_MOVE:
                continue
            if k == COMPROMISE and not paper_selection:
                key = (-a * x[i] + b * x[j]) / (-a + b)
            else:
                key = abs(target - x[i])
            if k < best_rank or (k == best_rank and key < best_key):
                best_rank = k
                best_key = key
                new_x[i] = target
                kind[i] = k
                partner[i] = j
    return new_x, kind, partner


@njit(cache=True)
def eum_round(x, c, s, span, q, pairwise, paper_selection, capitulation):
    """One round: votes and probabilities with r = 1, risk exponents, the same again with r, offers."""
    n = x.shape[0]
    w = c * s
    mu = weighted_median_position(x, w)
    ones = np.ones(n)
    p1 = win_probability(support(x, c, s, ones, span), pairwise)
    r = risk_exponents(expected_utility(x, s, ones, p1, span, mu, q, False)[0])
    p2 = win_probability(support(x, c, s, r, span), pairwise)
    own, seen = expected_utility(x, s, r, p2, span, mu, q)
    new_x, kind, partner = choose_offers(x, own, seen, paper_selection, capitulation)
    return new_x, r, kind, partner


@njit(cache=True)
def eum_run(x0, c, s, span, rounds, q, pairwise, paper_selection, capitulation):
    """``rounds`` rounds from ``x0``: positions, exponents, offer kinds and partners per round."""
    n = x0.shape[0]
    pos = np.empty((rounds + 1, n))
    risk = np.empty((rounds, n))
    kinds = np.empty((rounds, n), dtype=np.int64)
    partners = np.empty((rounds, n), dtype=np.int64)
    pos[0] = x0
    for t in range(rounds):
        new_x, r, kind, partner = eum_round(pos[t], c, s, span, q, pairwise, paper_selection, capitulation)
        pos[t + 1] = new_x
        risk[t] = r
        kinds[t] = kind
        partners[t] = partner
    return pos, risk, kinds, partners
