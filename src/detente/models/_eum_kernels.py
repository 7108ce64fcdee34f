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
    a = np.empty((n, n))
    for k in range(n):
        w = c[k] * s[k]
        for j in range(n):
            a[k, j] = w * (abs(x[k] - x[j]) / span) ** r[k]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            pos_ij = 0.0
            pos_ji = 0.0
            for k in range(n):
                d = a[k, j] - a[k, i]
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
def expected_utility(x, s, r, p, span, mu, q):
    """``eu[i, j]``: i's expected utility of challenging j (eqs. 5-7, 15-16, 22-24).

    ``s_j [P_ij U_s + (1 - P_ij) U_f] + (1 - s_j) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T) U_w]``
    with utilities evaluated with i's exponent r_i, and T = 1 when the median
    ``mu`` is closer to i than j is (cases 1 and 3A of Scholz et al., p. 22).
    """
    n = x.shape[0]
    eu = np.zeros((n, n))
    for i in range(n):
        ri = r[i]
        u_sq = 2.0 - 4.0 * 0.5 ** ri
        for j in range(n):
            if i == j:
                continue
            d = abs(x[i] - x[j]) / span
            u_s = 2.0 - 4.0 * (0.5 - 0.5 * d) ** ri
            u_f = 2.0 - 4.0 * (0.5 + 0.5 * d) ** ri
            val = s[j] * (p[i, j] * u_s + (1.0 - p[i, j]) * u_f) + (1.0 - s[j]) * u_s - q * u_sq
            if q < 1.0:
                e = 0.25 * (abs(x[i] - mu) + abs(x[i] - x[j])) / span
                u_b = 2.0 - 4.0 * (0.5 - e) ** ri
                u_w = 2.0 - 4.0 * (0.5 + e) ** ri
                t = 1.0 if abs(x[i] - mu) < abs(x[i] - x[j]) else 0.0
                val -= (1.0 - q) * (t * u_b + (1.0 - t) * u_w)
            eu[i, j] = val
    return eu


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
def choose_offers(x, eu, paper_selection, capitulation, compromise_weighted):
    """Each actor's accepted offer and new position (Scholz et al. section 6, fig. 6).

    For actor i and partner j let ``a = eu[i, j]`` (i's expected utility of
    challenging j) and ``b = eu[j, i]``:

    - ``b > a > 0``: confrontation, i moves to x_j;
    - ``a < 0 < b``, ``|a| < b``: compromise, i moves ``|a / b|`` of the way to
      x_j (eq. 36), or, with ``compromise_weighted``, to
      ``(|a| x_i + |b| x_j) / (|a| + |b|)``;
    - ``a < 0 < b``, ``|a| > b``: capitulation, i moves to x_j (only when
      ``capitulation`` is on);
    - otherwise no offer.

    Selection among several offers: with ``paper_selection`` "move the least
    you can" in the order confrontation, compromise, capitulation (p. 26);
    otherwise the code's rule (see :mod:`detente.models.eum`). Ties go to the
    first partner in input order. Returns new positions, offer kinds and
    partners (-1 for none).
    """
    n = x.shape[0]
    new_x = x.copy()
    kind = np.zeros(n, dtype=np.int64)
    partner = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        best_rank = 99
        best_move = np.inf
        for j in range(n):
            if j == i or x[j] == x[i]:
                continue
            a = eu[i, j]
            b = eu[j, i]
            k = NO_MOVE
            if b > a and a > 0.0:
                k = CONFRONTATION
                target = x[j]
            elif a < 0.0 and b > 0.0 and -a < b:
                k = COMPROMISE
                if compromise_weighted:
                    target = (-a * x[i] + b * x[j]) / (-a + b)
                else:
                    target = x[i] + (x[j] - x[i]) * (-a / b)
            elif capitulation and a < 0.0 and b > 0.0 and -a > b:
                k = CAPITULATION
                target = x[j]
            if k == NO_MOVE:
                continue
            move = abs(target - x[i])
            rank = k if paper_selection else 0
            if rank < best_rank or (rank == best_rank and move < best_move):
                best_rank = rank
                best_move = move
                new_x[i] = target
                kind[i] = k
                partner[i] = j
    return new_x, kind, partner


@njit(cache=True)
def eum_round(x, c, s, span, q, pairwise, paper_selection, capitulation, compromise_weighted):
    """One round: votes and probabilities with r = 1, risk exponents, the same again with r, offers."""
    n = x.shape[0]
    w = c * s
    mu = weighted_median_position(x, w)
    ones = np.ones(n)
    p1 = win_probability(support(x, c, s, ones, span), pairwise)
    r = risk_exponents(expected_utility(x, s, ones, p1, span, mu, q))
    p2 = win_probability(support(x, c, s, r, span), pairwise)
    eu = expected_utility(x, s, r, p2, span, mu, q)
    new_x, kind, partner = choose_offers(x, eu, paper_selection, capitulation, compromise_weighted)
    return new_x, r, kind, partner


@njit(cache=True)
def eum_run(x0, c, s, span, rounds, q, pairwise, paper_selection, capitulation, compromise_weighted):
    """``rounds`` rounds from ``x0``: positions, exponents, offer kinds and partners per round."""
    n = x0.shape[0]
    pos = np.empty((rounds + 1, n))
    risk = np.empty((rounds, n))
    kinds = np.empty((rounds, n), dtype=np.int64)
    partners = np.empty((rounds, n), dtype=np.int64)
    pos[0] = x0
    for t in range(rounds):
        new_x, r, kind, partner = eum_round(pos[t], c, s, span, q, pairwise, paper_selection,
                                            capitulation, compromise_weighted)
        pos[t + 1] = new_x
        risk[t] = r
        kinds[t] = kind
        partners[t] = partner
    return pos, risk, kinds, partners
