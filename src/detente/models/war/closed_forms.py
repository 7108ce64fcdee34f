"""Closed-form results of the bargaining-and-war literature.

Each function is one formula from one paper, in that paper's notation where
it has one. Shares are of a stake normalised to 1 and belong to side A
unless said otherwise; "flow" values are per-round payoffs discounted by
``d`` (a stake worth 1 a round is worth ``1 / (1 - d)``).

These are the oracles the solver is tested against and the building blocks
of the historical calibration (:mod:`detente.analysis.war.history`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "fearon_range", "risk_return_offer", "war_value", "powell_war", "ceasefire_viable_margin",
    "rubinstein_share", "rubinstein_outside_option", "two_round_offer", "gamblers_ruin",
    "battle_posterior", "beta_posterior_mean", "signal_posterior", "screening_threshold",
    "settlement_within", "expected_settlement_round", "missed_opportunity_fight",
    "break_even_withdrawal_belief", "simulate_wars",
]


# ----------------------------------------------------------------- Fearon (1995)
def fearon_range(p: float, cost_a: float, cost_b: float) -> tuple[float, float]:
    """The deals both sides prefer to war: A's shares in ``[p - c_A, p + c_B]``.

    Fearon (1995), "Rationalist explanations for war", *International
    Organization* 49(3), p. 387-388: war is a lottery giving A the whole stake
    with probability ``p`` at cost ``c_A`` (B: ``1 - p`` at ``c_B``); A prefers
    ``x`` to war iff ``x >= p - c_A``, B iff ``1 - x >= 1 - p - c_B``.

    Returns
    -------
    (low, high)
        The bargaining range, clipped to [0, 1].
    """
    return max(0.0, p - cost_a), min(1.0, p + cost_b)


def risk_return_offer(p: float, cost_a: float, cost_b_high: float) -> tuple[float, float]:
    """A's optimal take-it-or-leave-it demand when B's cost is uniform on ``[0, c_high]``.

    Fearon (1995), p. 395 (the risk-return trade-off). B accepts a demand
    ``x`` iff ``c_B >= x - p``; with ``y = x - p`` A maximises
    ``(p + y)(1 - y/h) + (p - c_A) y/h``, whose derivative ``1 - (2y + c_A)/h``
    vanishes at ``y* = (h - c_A)/2`` (clipped to ``[0, h]``).

    Returns
    -------
    (offer, p_war)
        A's demand and the probability that B rejects it (war).
    """
    y = min(max((cost_b_high - cost_a) / 2.0, 0.0), cost_b_high)
    return p + y, y / cost_b_high


def war_value(p: float, d: float, cost: float) -> float:
    """Value of war as a costly lottery in flow units: ``p / (1 - d) - cost``.

    Powell (2006), "War as a commitment problem", *International
    Organization* 60(1), p. 180: war ends the game, the winner holds the
    stake (worth ``1/(1-d)``) forever, and the side pays ``cost`` once.
    """
    return p / (1.0 - d) - cost


def powell_war(p_a_now: float, p_a_next: float, d: float, cost_a: float, cost_b: float) -> tuple[bool, float]:
    """Does the declining side A fight now rather than accept the best deal B can promise?

    **Derived** in Powell's (2006) set-up (A proposes each round, war is a
    costly lottery, :func:`war_value`). The most A can get from peace is the
    whole flow today and, from tomorrow on, what is left once B receives its
    war value: ``1/(1-d) - d W_B(t+1)``. A fights iff
    ``W_A(t) > 1/(1-d) - d W_B(t+1)``; since ``W_A(t) = 1/(1-d) - W_B(t) -
    c_A - c_B`` this is ``d W_B(t+1) - W_B(t) > c_A + c_B``.

    Returns
    -------
    (war, shift)
        Whether A fights, and ``d W_B(t+1) - W_B(t)`` (compared with ``c_A + c_B``).
    """
    shift = d * war_value(1 - p_a_next, d, cost_b) - war_value(1 - p_a_now, d, cost_b)
    return shift > cost_a + cost_b, shift


def ceasefire_viable_margin(p_r: float, length: int, cost_r: float, cost_u: float, d: float,
                            rearm_u: float) -> float:
    """``d^L W_U(t+L) - W_U(t) - (c_R + c_U)``: a ceasefire is self-enforcing iff this is <= 0.

    **Derived** from :func:`powell_war` with an ``L``-round pause during which
    Ukraine's win probability rises by ``rearm_u`` a round (Lavrov's
    objection): the most Russia can get from a ceasefire is the whole flow
    during the pause and ``1/(1-d) - W_U(t+L)`` after it, discounted by ``d^L``.
    """
    p_u = 1.0 - p_r
    w_now = war_value(p_u, d, cost_u)
    w_after = war_value(min(1.0, p_u + rearm_u * length), d, cost_u)
    return d ** length * w_after - w_now - (cost_r + cost_u)


# ----------------------------------------------------------- Rubinstein (1982)
def rubinstein_share(d_proposer: float, d_responder: float) -> float:
    """The first proposer's share in the alternating-offers game: ``(1 - d2) / (1 - d1 d2)``.

    Rubinstein (1982), "Perfect equilibrium in a bargaining model",
    *Econometrica* 50(1), Theorem p. 107.
    """
    return (1.0 - d_responder) / (1.0 - d_proposer * d_responder)


def rubinstein_outside_option(d_proposer: float, d_responder: float, outside_responder: float) -> float:
    """The proposer's share when the responder may quit for ``outside_responder`` instead of countering.

    The outside-option principle (Binmore, Shaked & Sutton 1989, *QJE*
    104(4); Muthoo 1999, ch. 5): the option matters only if it beats the
    responder's Rubinstein share, and then the proposer concedes exactly it.
    """
    share = rubinstein_share(d_proposer, d_responder)
    return min(share, 1.0 - outside_responder)


def two_round_offer(p: float, cost_a: float, cost_b: float, d_b: float) -> float:
    """A's first-round demand when B may fight (war as outside option) or counter-offer in a final round.

    **Derived**: in round 2 B proposes and A accepts anything above its war
    value ``p - c_A``, so B's round-2 value is ``1 - p + c_A``, worth
    ``d_B (1 - p + c_A)`` in round 1; fighting gives B ``1 - p - c_B``. A
    demands ``x* = 1 - max(d_B (1 - p + c_A), 1 - p - c_B)``.
    """
    return 1.0 - max(d_b * (1.0 - p + cost_a), 1.0 - p - cost_b)


# ------------------------------------------------- attrition: the front (Smith & Stam 2004)
def gamblers_ruin(start: int, length: int, p: float) -> tuple[float, float]:
    """Probability that a front at ``start`` reaches ``length`` before 0, and the expected rounds.

    The front moves one step up with probability ``p`` a round and one down
    otherwise (Smith & Stam 2004, "Bargaining and the nature of war", *JCR*
    48(6), the war as a random walk between two absorbing barriers). With
    ``q = 1 - p`` and ``r = q/p`` (Feller 1968, ch. XIV, eq. 2.4 and 3.4):

    - ``p = 1/2``: ``P = k/N``, ``E[T] = k (N - k)``;
    - otherwise: ``P = (1 - r^k) / (1 - r^N)``, ``E[T] = k/(q - p) - (N/(q - p)) P``.

    Parameters
    ----------
    start
        The front's position ``k``, ``0 <= k <= N``.
    length
        ``N``, the side advancing with ``p`` wins on reaching it.
    p
        The probability of advancing one step in a round, in (0, 1).
    """
    k, n = int(start), int(length)
    if not 0 <= k <= n or n < 1:
        raise ValueError(f"need 0 <= start <= length and length >= 1, got {start}, {length}")
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must lie in (0, 1), got {p}")
    q = 1.0 - p
    if abs(p - 0.5) < 1e-12:
        return k / n, float(k * (n - k))
    r = q / p
    win = (1.0 - r ** k) / (1.0 - r ** n)
    return win, k / (q - p) - n / (q - p) * win


# ------------------------------------------------ learning (Filson & Werner 2002; Slantchev 2003)
def battle_posterior(prior: float, p_type: float, p_other: float, wins: int, battles: int) -> float:
    """P(type | ``wins`` in ``battles``) when the side wins a battle with ``p_type`` (else ``p_other``).

    Bayes' rule on binomial likelihoods (Filson & Werner 2002, "A bargaining
    model of war and peace", *AJPS* 46(4), eq. 3; Slantchev 2003, "The
    principle of convergence in wartime negotiations", *APSR* 97(4)); the
    binomial coefficient cancels.
    """
    losses = battles - wins
    a = prior * p_type ** wins * (1 - p_type) ** losses
    b = (1 - prior) * p_other ** wins * (1 - p_other) ** losses
    return a / (a + b)


def beta_posterior_mean(alpha: float, beta: float, wins: int, battles: int) -> float:
    """Posterior mean of a Beta(alpha, beta) win probability after ``wins`` in ``battles``: conjugacy."""
    return (alpha + wins) / (alpha + beta + battles)


def signal_posterior(prior: float, p_signal_type: float, p_signal_other: float) -> float:
    """P(type | signal) when the type sends it with ``p_signal_type`` and the other type with ``p_signal_other``."""
    a = prior * p_signal_type
    return a / (a + (1 - prior) * p_signal_other)


def screening_threshold(war_strong: float, war_weak: float, uninformed_war_vs_strong: float) -> float:
    """Belief (that the informed side is weak) above which the uninformed side screens.

    **Derived** (myopic one-round version of Slantchev 2003 / Powell 2004):
    the settling offer concedes the strong type's war value and keeps
    ``1 - w_s``; the screening offer concedes ``w_w``, is accepted by the
    weak type only and leads to war (value ``v``) against the strong one:
    ``mu (1 - w_w) + (1 - mu) v``. Screening pays iff
    ``mu > (1 - w_s - v) / (1 - w_w - v)``.
    """
    return (1.0 - war_strong - uninformed_war_vs_strong) / (1.0 - war_weak - uninformed_war_vs_strong)


# ------------------------------------------------------------- settlement hazard
def settlement_within(hazard: float, rounds: int) -> float:
    """P(settled within ``rounds``) under a constant per-round hazard: ``1 - (1 - h)^T`` (geometric law)."""
    if not 0.0 <= hazard <= 1.0:
        raise ValueError(f"hazard must lie in [0, 1], got {hazard}")
    return 1.0 - (1.0 - hazard) ** rounds


def expected_settlement_round(hazard: float) -> float:
    """Expected rounds to settlement under a constant hazard: ``1 / h`` (geometric mean)."""
    return math.inf if hazard <= 0 else 1.0 / hazard


# -------------------------------------------------------------- missed opportunity
def missed_opportunity_fight(settle_share: float, p_supported: float, p_withdrawn: float, cost: float,
                             d: float, q: float) -> float:
    """Fighting's missed opportunity: ``max(S, W) - W`` with ``S = x/(1-d)`` and ``W`` the war value.

    Russia's war value under belief ``q`` that US support is withdrawn is
    ``W = (q p_w + (1 - q) p_s)/(1 - d) - cost`` (:func:`war_value`); the
    missed opportunity of fighting is the best move's value minus
    fighting's.
    """
    p = q * p_withdrawn + (1 - q) * p_supported
    settle = settle_share / (1.0 - d)
    war = war_value(p, d, cost)
    return max(settle, war) - war


def break_even_withdrawal_belief(settle_share: float, p_supported: float, p_withdrawn: float, cost: float,
                                 d: float) -> float:
    """The belief ``q`` at which fighting and settling are worth the same: ``W(q) = x/(1-d)``, solved for q."""
    p_needed = (settle_share / (1.0 - d) + cost) * (1.0 - d)
    return (p_needed - p_supported) / (p_withdrawn - p_supported)


# ------------------------------------------------------------ simulation for history
def simulate_wars(params: dict, n: int, rng: np.random.Generator) -> "pd.DataFrame":
    """Simulate ``n`` wars of the front-and-hazard model; one row each: duration, winner, settled.

    Each round a settlement happens with probability ``hazard``; otherwise
    the front moves (gambler's ruin, :func:`gamblers_ruin`) until a side
    reaches its barrier or ``max_rounds`` pass (censored: winner ``None``).

    Parameters
    ----------
    params
        ``start``, ``length``, ``p`` (A advances), ``hazard`` (per-round
        settlement probability, default 0) and ``max_rounds`` (default 1000).
    n
        Number of wars.
    rng
        The generator (see :mod:`detente.rng`).

    Returns
    -------
    pandas.DataFrame
        ``duration`` (rounds), ``winner`` ("A", "B", or None if settled or censored),
        ``settled`` (bool).
    """
    import pandas as pd

    start, length, p = int(params["start"]), int(params["length"]), float(params["p"])
    hazard, max_rounds = float(params.get("hazard", 0.0)), int(params.get("max_rounds", 1000))
    front = np.full(n, start, dtype=np.int64)
    duration = np.zeros(n, dtype=np.int64)
    settled = np.zeros(n, dtype=bool)
    active = np.ones(n, dtype=bool)
    for _ in range(max_rounds):
        if not active.any():
            break
        idx = np.flatnonzero(active)
        duration[idx] += 1
        settle_now = rng.random(idx.size) < hazard
        settled[idx[settle_now]] = True
        moving = idx[~settle_now]
        front[moving] += np.where(rng.random(moving.size) < p, 1, -1)
        active[idx[settle_now]] = False
        active[moving[(front[moving] <= 0) | (front[moving] >= length)]] = False
    winner = np.where(settled | active, None, np.where(front >= length, "A", "B"))
    return pd.DataFrame({"duration": duration, "winner": winner, "settled": settled})

