"""Votes, coalitions, victory probabilities and outcome probabilities (KTAB's ``kmodel.cpp``).

Compiled with numba (``cache=True``). Every function follows one function of
KTAB's ``KBase::Model`` (``KTAB/kmodel/libsrc/kmodel.cpp``, MIT licence,
copyright KAPSARC, commit ``3b5b063`` of ``lsyaseen/KTAB``), in the same
order of floating-point operations, so that a run with KTAB's default
switches reproduces KTAB's numbers.

Switch codes are KTAB's enum values (see :mod:`._switches`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: ``Model::coalitions``: the strength every coalition starts with, so no ratio is 0/0.
MIN_COALITION = 1e-8


@njit(cache=True)
def vote(rule, weight, u_i, u_j):
    """Actor's vote for option i over option j (``Model::vote``).

    With ``du = u_i - u_j``: Binary ``w clip(du/1e-8, -1, 1)``; PropBin
    ``w (0.8 du + 0.2 bin)``; Prop ``w du`` (KTAB's default); PropCbc
    ``w (0.5 du + 0.5 du^3)``; Cubic ``w du^3``; ASymProsp ``w du`` for losses
    and ``2 w du / 3`` for gains.
    """
    du = u_i - u_j
    r_bin = du / 1e-8
    if r_bin > 1.0:
        r_bin = 1.0
    if r_bin < -1.0:
        r_bin = -1.0
    r_cubic = du * du * du
    if rule == 0:
        return weight * r_bin
    if rule == 1:
        return weight * ((1 - 0.2) * du + 0.2 * r_bin)
    if rule == 2:
        return weight * du
    if rule == 3:
        return weight * ((1 - 0.5) * du + 0.5 * r_cubic)
    if rule == 4:
        return weight * r_cubic
    v = 0.0
    if du < 0.0:
        v = weight * du
    if 0.0 < du:
        v = (2.0 * weight * du) / 3.0
    return v


@njit(cache=True)
def coalitions(weight, util, rule):
    """Coalition strengths ``c[i, j]`` for option i against option j (``Model::coalitions``).

    ``c[i, j] = 1e-8 + sum_k max(v_k(i, j), 0)`` over voters k in order, with
    ``v_k(i, j) = vote(rule, weight[k], util[k, i], util[k, j])``.
    """
    n_act, n_opt = util.shape
    c = np.empty((n_opt, n_opt))
    for i in range(n_opt):
        for j in range(i):
            cij = MIN_COALITION
            cji = MIN_COALITION
            for k in range(n_act):
                v = vote(rule, weight[k], util[k, i], util[k, j])
                if v > 0:
                    cij = cij + v
                if v < 0:
                    cji = cji - v
            c[i, j] = cij
            c[j, i] = cji
        c[i, i] = MIN_COALITION
    return c


@njit(cache=True)
def victory_pair(model, s1, s2):
    """Probability that strength s1 beats s2, and s2 beats s1 (``Model::vProb(VPModel, s1, s2)``).

    Linear ``s1/(s1+s2)`` (default), Square, Quartic and Octic use powers 2,
    4 and 8 of the strengths; Binary gives certainty beyond a 10% advantage
    and interpolates linearly below it.
    """
    if model == 0:
        x1, x2 = s1, s2
    elif model == 1:
        x1, x2 = s1 * s1, s2 * s2
    elif model == 2:
        a, b = s1 * s1, s2 * s2
        x1, x2 = a * a, b * b
    elif model == 3:
        a, b = s1 * s1, s2 * s2
        a, b = a * a, b * b
        x1, x2 = a * a, b * b
    else:
        thresh = 1.10
        if s1 >= thresh * s2:
            x1, x2 = 1.0, 1e-6
        elif s2 >= thresh * s1:
            x1, x2 = 1e-6, 1.0
        else:
            r12 = s1 / (s1 + s2)
            p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
            x1, x2 = p12, 1 - p12
    return x1 / (x1 + x2), x2 / (x1 + x2)


@njit(cache=True)
def victory_matrix(model, c):
    """``pv[i, j]``: probability option i defeats option j (``Model::vProb(VPModel, KMatrix)``)."""
    n = c.shape[0]
    pv = np.empty((n, n))
    for i in range(n):
        for j in range(i):
            p1, p2 = victory_pair(model, c[i, j], c[j, i])
            pv[i, j] = p1
            pv[j, i] = p2
        pv[i, i] = 0.5
    return pv


@njit(cache=True)
def conditional_pce(pv):
    """Conditional outcome probabilities (``Model::condPCE``), KTAB's default.

    ``p_i = prod_j pv[i, j]`` (the chance that i beats every option, the
    diagonal's 1/2 included), normalised to sum to one.
    """
    n = pv.shape[0]
    p = np.empty(n)
    for i in range(n):
        pi = 1.0
        for j in range(n):
            pi = pi * pv[i, j]
        p[i] = pi
    total = 0.0
    for i in range(n):
        total = total + p[i]
    return p / total


@njit(cache=True)
def markov_incentive_pce(c, pv):
    """Markov chain of challenges weighted by incentive (``Model::markovIncentivePCE``).

    Challenge probabilities ``q[i, j] = c[i, j] pv[i, j] / sum_k c[k, j] pv[k, j]``;
    iterate ``p <- (p + q')/2`` from uniform until no entry moves by 1e-8.
    """
    n = c.shape[0]
    inctv = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            inctv[i, j] = c[i, j] * pv[i, j] + (1e-10 if i == j else 0.0)
    chlg = np.empty((n, n))
    for j in range(n):
        s = 0.0
        for k in range(n):
            s = s + inctv[k, j]
        for i in range(n):
            chlg[i, j] = inctv[i, j] / s
    p = np.full(n, 1.0) / n
    q = p.copy()
    ct = np.empty((n, n))
    change = 1.0
    it = 0
    while 1e-8 < change and it < 1000:
        for i in range(n):
            for j in range(n):
                ct[i, j] = p[i] * chlg[j, i]
        change = 0.0
        for i in range(n):
            qi = 0.0
            for j in range(n):
                qi = qi + pv[i, j] * (ct[i, j] + ct[j, i])
            q[i] = qi
            d = abs(q[i] - p[i])
            change = d if d > change else change
        p = (p + q) / 2.0
        it += 1
    return p


@njit(cache=True)
def markov_uniform_pce(pv):
    """Markov chain with uniform challenges (``Model::markovUniformPCE``), tolerance 1e-6."""
    n = pv.shape[0]
    p = np.full(n, 1.0) / n
    q = p.copy()
    change = 1.0
    it = 0
    while 1e-6 < change and it < 1000:
        change = 0.0
        for i in range(n):
            pi = 0.0
            for j in range(n):
                pi = pi + pv[i, j] * (p[i] + p[j])
            q[i] = pi / n
            d = abs(q[i] - p[i])
            change = d if d > change else change
        p = (p + q) / 2.0
        it += 1
    return p


@njit(cache=True)
def outcome_probabilities(weight, util, rule, vp_model, pce_model):
    """Probability that each option is the outcome (``Model::scalarPCE`` / ``probCE2``).

    ``util[k, m]`` is voter k's utility of option m and ``weight[k]`` its
    strength; returns the outcome probability of each option.
    """
    c = coalitions(weight, util, rule)
    pv = victory_matrix(vp_model, c)
    if pce_model == 1:
        return markov_incentive_pce(c, pv)
    if pce_model == 2:
        return markov_uniform_pce(pv)
    return conditional_pce(pv)


@njit(cache=True)
def big_r_from_prob(p, r_range):
    """Risk attitudes from outcome probabilities (``Model::bigRfromProb``).

    Likely winners are risk averse: Min ``(p - pmin)/(pmax - pmin)`` on
    [0, 1]; Mid ``(3p - (pmax + 2 pmin)) / (2 (pmax - pmin))`` on [-1/2, 1]
    (default); Max ``(2p - (pmax + pmin))/(pmax - pmin)`` on [-1, 1]. When
    every option is equally likely (KTAB divides by zero) every R is 0.
    """
    p_min, p_max = 1.0, 0.0
    for x in p:
        p_min = x if x < p_min else p_min
        p_max = x if x > p_max else p_max
    r = np.zeros(p.shape[0])
    if not p_max - p_min > 0.0:
        return r
    for i in range(p.shape[0]):
        if r_range == 0:
            r[i] = (p[i] - p_min) / (p_max - p_min)
        elif r_range == 1:
            r[i] = (3 * p[i] - (p_max + 2 * p_min)) / (2 * (p_max - p_min))
        else:
            r[i] = (2 * p[i] - (p_max + p_min)) / (p_max - p_min)
    return r


@njit(cache=True)
def estimated_r(r_h, r_i, adjust):
    """h's estimate of i's risk attitude (``Model::estNRA``).

    None, 1/3 (default), 1/2, 2/3 or all of the way from h's own R to i's.
    """
    if adjust == 4:
        return r_i
    if adjust == 3:
        return (r_h + (2.0 * r_i)) / 3.0
    if adjust == 2:
        return (r_h + r_i) / 2
    if adjust == 1:
        return ((2.0 * r_h) + r_i) / 3.0
    return r_h
