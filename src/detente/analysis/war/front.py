"""The front as a random walk with a settlement hazard: the war model's reduced form for checks against history.

Reduced form used by :mod:`detente.analysis.war.history`. The full strategic
model lives in :mod:`detente.models.war`; its closed forms
(:func:`~detente.models.war.closed_forms.gamblers_ruin`,
:func:`~detente.models.war.closed_forms.settlement_within`) and its simulator
(:func:`~detente.models.war.closed_forms.simulate_wars`) are the oracles this
module is tested against. What is added here is what fitting to history
needs and they do not give: the exact distribution of the war's length round
by round, and the decided-before-settled probabilities in closed form. Following the
"front as a random walk" reading of Smith & Stam (2004, *Bargaining and the
Nature of War*, JCR 48(6)) and the settlement hazard of the bargaining-while-
fighting literature (Filson & Werner 2002; Slantchev 2003):

* the front sits at ``k`` of ``length`` steps; each round (a month) it moves
  one step towards the far end with probability ``p`` and back with ``1 - p``;
  reaching ``length`` is a win for the advancing side, reaching 0 a loss;
* before each battle, the war ends by settlement with probability ``hazard``.

With ``s = 1 - hazard``, a war lasts ``T`` rounds and ends

* by settlement in round ``t`` with probability ``s^(t-1) * hazard * S(t-1)``;
* by decision in round ``t`` with probability ``s^t * a(t)``,

where ``S(t)`` is the probability that the walk alone has not been absorbed
after ``t`` steps and ``a(t) = S(t-1) - S(t)``.
"""

from __future__ import annotations

import numpy as np


def absorption(start: int, length: int, p: float, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-round probabilities that the walk alone is absorbed at ``length`` (win) or at 0 (loss).

    Returns two arrays of shape ``(horizon,)``: entry ``t - 1`` is the
    probability of absorption exactly in round ``t``. Computed by pushing the
    distribution of the front forward one round at a time.
    """
    if not 0 < start < length:
        raise ValueError(f"start must lie strictly between 0 and length={length}, got {start}")
    mass = np.zeros(length + 1)
    mass[start] = 1.0
    win, loss = np.zeros(horizon), np.zeros(horizon)
    for t in range(horizon):
        moved = np.zeros_like(mass)
        moved[2:] += p * mass[1:-1]
        moved[:-2] += (1 - p) * mass[1:-1]
        win[t], loss[t] = moved[length], moved[0]
        moved[0] = moved[length] = 0.0
        mass = moved
    return win, loss


def duration_pmf(length: int, hazards: np.ndarray, horizon: int, p: float = 0.5) -> np.ndarray:
    """Probability that the war lasts exactly ``t`` rounds, ``t = 1..horizon``, for each hazard.

    The front starts in the middle (``length // 2``). Returns shape
    ``(len(hazards), horizon)``; each row sums to one minus the mass beyond
    ``horizon``.
    """
    hazards = np.atleast_1d(np.asarray(hazards, dtype=float))
    win, loss = absorption(length // 2, length, p, horizon)
    absorbed = win + loss
    alive = 1.0 - np.concatenate([[0.0], np.cumsum(absorbed)[:-1]])  # S(t - 1)
    t = np.arange(1, horizon + 1)
    s = (1.0 - hazards)[:, None]
    return s ** (t - 1) * hazards[:, None] * alive + s**t * absorbed


def geometric_pmf(hazard: float, horizon: int) -> np.ndarray:
    """The settlement-only model (no front, ``length`` -> infinity): ``P(T = t) = (1 - h)^(t-1) h``."""
    t = np.arange(1, horizon + 1)
    return (1.0 - hazard) ** (t - 1) * hazard


def decided_probabilities(start: int, length: int, p: np.ndarray, hazard: float) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities that the war is decided for the advancing side, and against it, before any settlement.

    Closed form of ``sum_t s^t a_win(t)`` with ``s = 1 - hazard`` (the
    generating function of the hitting time; Feller 1968, XIV.4): the roots
    of ``p s x^2 - x + q s = 0`` are ``x1,2 = (1 +- sqrt(1 - 4 p q s^2)) / (2 p s)``
    and, with ``k = start`` and ``N = length``,

    ``E[s^T; win] = (x1^k - x2^k) / (x1^N - x2^N)``,
    ``E[s^T; loss] = (x1^N x2^k - x2^N x1^k) / (x1^N - x2^N)``.

    Written with ``x2 / x1 < 1`` factored out so that long fronts do not
    overflow. Needs ``hazard > 0`` (distinct roots); vectorised over ``p``.
    """
    if not 0 < hazard < 1:
        raise ValueError(f"hazard must lie in (0, 1) for the closed form, got {hazard}")
    p = np.asarray(p, dtype=float)
    s = 1.0 - hazard
    q = 1.0 - p
    root = np.sqrt(1.0 - 4.0 * p * q * s * s)
    x1, x2 = (1.0 + root) / (2.0 * p * s), (1.0 - root) / (2.0 * p * s)
    ratio = x2 / x1
    k, n = start, length
    denominator = 1.0 - ratio**n
    win = x1 ** (k - n) * (1.0 - ratio**k) / denominator
    loss = (x2**k - x2**n * x1 ** (k - n)) / denominator
    return win, loss
