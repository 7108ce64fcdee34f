"""One SMP turn: utilities, challenges, bargains and each actor's choice among its bargains.

Compiled with numba (``cache=True``). Each function follows a function of
KTAB's SMP (``examples/smp/libsrc/smp.cpp`` and ``smpbcn.cpp``, and
``Actor::thirdPartyVoteSU``/``vProbLittle`` in ``KTAB/kmodel/libsrc/kmodel.cpp``;
MIT licence, copyright KAPSARC; ``lsyaseen/KTAB`` commit ``3b5b063``) in the
same order of floating-point operations. Positions and saliences are on
[0, 1]; ``sal_sum[i]`` is actor i's total salience.

Arrays: ``ideal[i, d]`` ideal points and ``pos[i, d]`` positions (the same
under KTAB's identity accommodation matrix, the default), ``sal[i, d]``,
``cap[i]``; ``au[h, i, j]``: h's estimate of i's utility of j's position.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._probability import big_r_from_prob, estimated_r, outcome_probabilities, vote

#: ``SMPState::bestChallenge``: smallest expected gain worth a challenge.
MIN_SIG_EDU = 1e-5
#: ``probEduChlg``: the strength each side of a challenge starts with.
MIN_CHALLENGE_COALITION = 1e-10


@njit(cache=True)
def weighted_distance(ideal, pos, sal):
    """Salience-weighted distance ``sqrt(sum (s_d dx_d)^2 / sum s_d^2)`` (``SMPModel::bvDiff``).

    In [0, 1] for positions on [0, 1]. An actor with no salience at all
    (which KTAB rejects) is at distance 0 from everything.
    """
    ds_sqr = 0.0
    ss_sqr = 0.0
    for d in range(ideal.shape[0]):
        ds = (ideal[d] - pos[d]) * sal[d]
        ds_sqr = ds_sqr + ds * ds
        ss_sqr = ss_sqr + sal[d] * sal[d]
    if ss_sqr <= 0.0:
        return 0.0
    return np.sqrt(ds_sqr / ss_sqr)


@njit(cache=True)
def utility(sd, r):
    """Utility of a position at weighted distance sd, ``(1 - sd)(1 + sd R)`` (``SMPModel::bsUtil``)."""
    if sd <= 1:
        return (1 - sd) * (1 + sd * r)
    return (1 - sd) * (1 + r)


@njit(cache=True)
def state_utilities(ideal, pos, sal, cap, rule, vp_model, pce_model, r_range, r_adjust):
    """Distances, risk attitudes and every actor's utility estimates (``SMPState::setAllAUtil``).

    1. ``vd[i, j]``: distance from i's ideal to j's position.
    2. Risk-neutral utilities ``1 - vd``; capability-weighted votes over all
       positions give outcome probabilities, and from them big R.
    3. ``au[h, i, j] = u(vd[i, j], R_hi)`` with ``R_hi = estNRA(R_h, R_i)``.

    Returns ``(vd, r, au)``.
    """
    n = pos.shape[0]
    vd = np.empty((n, n))
    rn = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            vd[i, j] = weighted_distance(ideal[i], pos[j], sal[i])
            rn[i, j] = utility(vd[i, j], 0.0)
    p = outcome_probabilities(cap, rn, rule, vp_model, pce_model)
    r = big_r_from_prob(p, r_range)
    au = np.empty((n, n, n))
    for h in range(n):
        for i in range(n):
            rhi = estimated_r(r[h], r[i], r_adjust)
            for j in range(n):
                au[h, i, j] = utility(vd[i, j], rhi)
    return vd, r, au


@njit(cache=True)
def third_party_vote(w, rule, commit, p_ik, p_jk, u_ki, u_kj, u_kk):
    """Third party k's vote in i's challenge of j (``Actor::thirdPartyVoteSU``).

    k compares joining i with joining j; what k gets if its side wins or
    loses depends on the commitment rule: NoCommit, SemiCommit (default) or
    FullCommit (KTAB's table of ``u_ik_def_j`` etc.).
    """
    if commit == 2:
        a, b, c, d = u_ki + u_ki + u_ki, u_kj + u_kj + u_kj, u_ki + u_ki + u_ki, u_kj + u_kj + u_kj
    elif commit == 1:
        a, b, c, d = u_ki + u_ki + u_kk, u_kj + u_kj + u_kj, u_ki + u_ki + u_ki, u_kj + u_kj + u_kk
    else:
        a, b, c, d = u_ki + u_ki + u_kk, u_kj + u_kj + u_kk, u_ki + u_ki + u_kk, u_kj + u_kj + u_kk
    u_ik_j = (p_ik * a) + (p_jk * b)
    u_i_jk = (p_ik * c) + (p_jk * d)
    return vote(rule, w, u_ik_j, u_i_jk)


@njit(cache=True)
def challenge(au, h, k, i, j, sal_sum, cap, rule, commit):
    """h's estimate of the chance i beats j, and of k's gain from i challenging j (``SMPState::probEduChlg``).

    i and j vote with weight ``capability x total salience``; each third
    party n first sizes the three-actor contest (``Actor::vProbLittle``),
    then votes by :func:`third_party_vote`. With ``P = c_ij/(c_ij + c_ji)``
    and ``s_j`` j's total salience (its chance of resisting)::

        EU = (1 - s_j) 2u_ki + s_j [P 2u_ki + (1 - P) 2u_kj] - (u_ki + u_kj)

    Returns ``(P, EU)``.
    """
    a = au[h]
    u_ii, u_ij, u_ji, u_jj = a[i, i], a[i, j], a[j, i], a[j, j]
    eu_sq = a[k, i] + a[k, j]
    u_hkij = a[k, i] + a[k, i]
    u_hkji = a[k, j] + a[k, j]
    s_j = sal_sum[j]
    contrib_i = vote(rule, sal_sum[i] * cap[i], u_ii, u_ij)
    contrib_j = vote(rule, s_j * cap[j], u_ji, u_jj)
    c_ij = MIN_CHALLENGE_COALITION
    c_ji = MIN_CHALLENGE_COALITION
    if contrib_i > 0.0:
        c_ij = c_ij + contrib_i
    if contrib_i < 0.0:
        c_ji = c_ji - contrib_i
    if contrib_j > 0.0:
        c_ij = c_ij + contrib_j
    if contrib_j < 0.0:
        c_ji = c_ji - contrib_j
    base_i, base_j = c_ij, c_ji
    for n in range(a.shape[0]):
        if n == i or n == j:
            continue
        w_n = sal_sum[n] * cap[n]
        u_ni, u_nj, u_nn = a[n, i], a[n, j], a[n, n]
        c_n = vote(rule, w_n, u_ni, u_nj)
        c_ni = base_i + c_n if c_n > 0 else base_i
        c_nj = base_j - c_n if c_n < 0 else base_j
        p_in = c_ni / (c_ni + c_nj)
        v = third_party_vote(w_n, rule, commit, p_in, 1.0 - p_in, u_ni, u_nj, u_nn)
        if v > 0:
            c_ij = c_ij + v
        if v < 0:
            c_ji = c_ji - v
    p_ij = c_ij / (c_ij + c_ji)
    p_ji = c_ji / (c_ij + c_ji)
    eu_contest = p_ij * u_hkij + p_ji * u_hkji
    eu_challenge = (1 - s_j) * u_hkij + s_j * eu_contest
    return p_ij, eu_challenge - eu_sq


@njit(cache=True)
def best_targets(au, sal_sum, cap, rule, commit):
    """Each actor's most advantageous target (``SMPState::bestChallengeUtils``, ``bestChallenge``).

    Returns ``target[i]`` (-1 when no challenge gains more than 1e-5; ties go
    to the lower index), ``p[i]`` i's estimate that it beats its target and
    ``gain[i]``.
    """
    n = au.shape[0]
    target = np.full(n, -1)
    p_win = np.zeros(n)
    gain = np.full(n, -1.0)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            pij, edu = challenge(au, i, i, i, j, sal_sum, cap, rule, commit)
            if MIN_SIG_EDU < edu and gain[i] < edu:
                target[i], p_win[i], gain[i] = j, pij, edu
    return target, p_win, gain


@njit(cache=True)
def _round4(x):
    """KTAB's ``round4``: to four decimals on [0, 1] (``(int)(0.5 + 1e4 x) / 1e4``)."""
    return np.floor(0.5 + (x * 10000.0)) / 10000.0


@njit(cache=True)
def interpolate(pos_i, sal_i, p_i, pos_j, sal_j, p_j, rule):
    """The bargain i and j strike (``SMPActor::interpolateBrgn``).

    Per dimension, S1P1 / S2P2 (default) weigh each side by
    ``salience^n x probability^m`` (n = m = 1 or 2) and round to four
    decimals (``interpBrgnSnPm``); S2PMax moves each side toward the other
    by its probability deficit (``interpBrgnS2PMax``). Returns the positions
    offered to i and to j.
    """
    nd = pos_i.shape[0]
    b_i = np.empty(nd)
    b_j = np.empty(nd)
    min_w = 1e-6
    for d in range(nd):
        t_i, s_i, t_j, s_j = pos_i[d], sal_i[d], pos_j[d], sal_j[d]
        if rule == 2:
            di = (p_j - p_i) if p_j > p_i else 0.0
            dj = (p_i - p_j) if p_i > p_j else 0.0
            s_i2, s_j2 = s_i * s_i, s_j * s_j
            dik = (di * s_j2) / ((di * s_j2) + min_w + ((1 - di) * s_i2))
            djk = (dj * s_i2) / ((dj * s_i2) + min_w + ((1 - dj) * s_j2))
            b_i[d] = t_i + dik * (t_j - t_i)
            b_j[d] = t_j + djk * (t_i - t_j)
        else:
            power = 1.0 if rule == 0 else 2.0
            w_i = s_i ** power * p_i ** power
            w_j = s_j ** power * p_j ** power
            b_i[d] = _round4(((w_i + min_w) * t_i + w_j * t_j) / (w_i + min_w + w_j))
            b_j[d] = _round4((w_i * t_i + (min_w + w_j) * t_j) / (w_i + min_w + w_j))
    return b_i, b_j


@njit(cache=True)
def strike_bargains(pos, sal, sal_sum, cap, au, target, p_win, rule, commit, interpolation, model):
    """Bargains struck this turn, in the order of their initiators (``SMPState::doBCN(i)``).

    InitOnlyInterp (default): i's interpolation with its own estimate P of
    beating j. InitRcvrInterp adds j's interpolation, PWCompInterp replaces
    both by their mean weighted by capability x total salience. Returns
    initiator, receiver and the positions offered to each.
    """
    n, nd = pos.shape
    per = 1 if model == 0 else (2 if model == 1 else 1)
    count = 0
    for i in range(n):
        if target[i] >= 0:
            count += per
    init = np.empty(count, dtype=np.int64)
    rcvr = np.empty(count, dtype=np.int64)
    to_init = np.empty((count, nd))
    to_rcvr = np.empty((count, nd))
    m = 0
    for i in range(n):
        j = target[i]
        if j < 0:
            continue
        a_i, a_j = interpolate(pos[i], sal[i], p_win[i], pos[j], sal[j], 1 - p_win[i], interpolation)
        if model != 0:
            # KTAB takes element 1 of j's estimate, the expected gain to i, as "the probability that i
            # defeats j" (smpbcn.cpp, doBCN: pjiJ = get<1>(Vjij)); kept, so results match KTAB's
            p_j = challenge(au, j, i, i, j, sal_sum, cap, rule, commit)[1]
            b_i, b_j = interpolate(pos[i], sal[i], p_j, pos[j], sal[j], 1 - p_j, interpolation)
            if model == 2:
                # KTAB weighs j's offer by i's capability (smpbcn.cpp, doBCN: scj = brgnJIJ->actInit->sCap)
                w_i, w_j = cap[i] * sal_sum[i], cap[i] * sal_sum[j]
                a_i = (w_i * a_i + w_j * b_i) / (w_i + w_j)
                a_j = (w_i * a_j + w_j * b_j) / (w_i + w_j)
        init[m], rcvr[m], to_init[m], to_rcvr[m] = i, j, a_i, a_j
        m += 1
        if model == 1:
            init[m], rcvr[m], to_init[m], to_rcvr[m] = i, j, b_i, b_j
            m += 1
    return init, rcvr, to_init, to_rcvr


@njit(cache=True)
def position_utility(ideal, pos, sal, r):
    """Utility of a position to an actor with risk attitude r (``SMPActor::posUtil``)."""
    return utility(weighted_distance(ideal, pos, sal), r)


@njit(cache=True)
def bargain_utilities(ideal, sal, r, au, b_init, b_rcvr, b_pos_init, b_pos_rcvr):
    """``u[v, m]``: voter v's mean utility over all actors' positions if option m is adopted.

    Column 0 is the status quo; column ``1 + b`` bargain b, where only the
    bargain's two parties move (``SMPState::updateBestBrgnPositions``,
    ``brgnUtil``; each sum in KTAB's order).
    """
    n = ideal.shape[0]
    nb = b_init.shape[0]
    u = np.empty((n, nb + 1))
    for v in range(n):
        total = 0.0
        for k in range(n):
            total = total + au[v, v, k]
        u[v, 0] = total / n
        for b in range(nb):
            ini, rcv = b_init[b], b_rcvr[b]
            total = 0.0
            total = total + position_utility(ideal[v], b_pos_init[b], sal[v], r[v])
            total = total + position_utility(ideal[v], b_pos_rcvr[b], sal[v], r[v])
            for k in range(n):
                if k != ini and k != rcv:
                    total = total + au[v, v, k]
            u[v, 1 + b] = total / n
    return u


@njit(cache=True)
def choose_bargains(ideal, pos, sal, cap, r, au, b_init, b_rcvr, b_pos_init, b_pos_rcvr,
                    rule, vp_model, pce_model, draws):
    """Every actor's new position: the bargain all actors' votes make most likely.

    For actor k the options are its status quo and every bargain it is a
    party to (in order of creation). Capability-weighted votes over the
    options give outcome probabilities; the deterministic transition takes
    the most likely option (first of equals), the stochastic one samples it
    with ``draws[k]`` (KTAB's ``PRNG::probSel``; ``draws`` empty for the
    deterministic rule). Returns the new positions and the chosen bargain
    per actor (-1 for the status quo).
    """
    n = pos.shape[0]
    new_pos = pos.copy()
    chosen = np.full(n, -1)
    nb = b_init.shape[0]
    u_all = bargain_utilities(ideal, sal, r, au, b_init, b_rcvr, b_pos_init, b_pos_rcvr)
    for k in range(n):
        count = 1
        for b in range(nb):
            if b_init[b] == k or b_rcvr[b] == k:
                count += 1
        options = np.full(count, -1)
        m = 1
        for b in range(nb):
            if b_init[b] == k or b_rcvr[b] == k:
                options[m] = b
                m += 1
        if count == 1:
            continue
        u = np.empty((n, count))
        for m in range(count):
            u[:, m] = u_all[:, options[m] + 1]
        p = outcome_probabilities(cap, u, rule, vp_model, pce_model)
        best = 0
        if draws.shape[0] == 0:
            top = -1.0
            for m in range(count):
                if top < abs(p[m]):
                    best, top = m, abs(p[m])
        else:
            best = count - 1
            acc = 0.0
            for m in range(count):
                acc = acc + p[m]
                if draws[k] <= acc:
                    best = m
                    break
        b = options[best]
        chosen[k] = b
        if b >= 0:
            new_pos[k] = b_pos_init[b] if b_init[b] == k else b_pos_rcvr[b]
    return new_pos, chosen


@njit(cache=True)
def win_probabilities(pos, cap, au, order, rule, vp_model, pce_model, pos_tol):
    """Probability that each actor's position is the outcome (``SMPState::pDist(-1)``, ``posProb``).

    Positions closer than ``pos_tol`` (Euclidean, on [0, 1]) are one
    option, represented by the first actor in ``order`` holding it
    (``KBase::ueIndices``); voter i values option u by ``au[i, i, rep(u)]``.
    Returns the probability per actor (that of its option), the option of
    each actor, the representatives and the options' probabilities.
    """
    n = pos.shape[0]
    reps = np.empty(n, dtype=np.int64)
    n_unique = 0
    for a in range(n):
        i = order[a]
        found = False
        for u in range(n_unique):
            if np.sqrt(np.sum((pos[i] - pos[reps[u]]) ** 2)) < pos_tol:
                found = True
                break
        if not found:
            reps[n_unique] = i
            n_unique += 1
    util = np.empty((n, n_unique))
    for i in range(n):
        for u in range(n_unique):
            util[i, u] = au[i, i, reps[u]]
    p = outcome_probabilities(cap, util, rule, vp_model, pce_model)
    prob = np.empty(n)
    option = np.empty(n, dtype=np.int64)
    for i in range(n):
        k = -1
        for u in range(n_unique):
            if np.sqrt(np.sum((pos[i] - pos[reps[u]]) ** 2)) < pos_tol:
                k = u
        option[i] = k
        prob[i] = p[k]
    return prob, option, reps[:n_unique], p
