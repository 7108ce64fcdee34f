"""Maximum-likelihood fits of the front-and-hazard model (:mod:`.front`) to war durations and outcomes.

Duration model: two parameters, the front's ``length`` (even, the front
starting in the middle, a symmetric walk ``p = 1/2``) and the monthly
settlement ``hazard``, fitted by maximising the likelihood of the observed
months on a grid (``length`` 2..80 in steps of 2, ``hazard`` on a log grid
0.001..0.9). The baseline is the settlement-only model (geometric, one
parameter, MLE ``h = n / sum(t)``).

Benchmark, not the model: two kinds of war, each ending at its own constant
hazard (a two-component geometric mixture, three parameters, fitted by EM;
Dempster, Laird & Rubin 1977). It stands for the incomplete-information
reading of the model, in which wars between sides of different types
(costs, resolve) end at different rates; it shows how much a single hazard
misses.

Outcome model: given a fitted ``length`` and ``hazard``, the initiator's side
advances each month with probability ``p = 1 / (1 + exp(-(b0 + b1 ds + b2 dm)))``
where ``ds`` and ``dm`` are the differences (initiator's side minus the other)
in the number of states and of major powers in the starting coalitions; the
probability that the initiator's side prevails in a war that is decided is
``E[s^T; win] / (E[s^T; win] + E[s^T; loss])`` (closed form in
:func:`.front.decided_probabilities`). Three parameters, fitted by
maximum likelihood (scipy's BFGS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from .front import decided_probabilities, duration_pmf, geometric_pmf

LENGTHS = tuple(range(2, 82, 2))
HAZARDS = tuple(np.geomspace(0.001, 0.9, 90))
_TINY = 1e-300


@dataclass(frozen=True)
class DurationFit:
    """Fitted front length and monthly settlement hazard, with the log-likelihood at the optimum."""

    length: int
    hazard: float
    loglik: float
    n: int

    def pmf(self, horizon: int) -> np.ndarray:
        """``P(T = t)`` for ``t = 1..horizon``."""
        return duration_pmf(self.length, np.array([self.hazard]), horizon)[0]

    def settlement_probability(self) -> float:
        """Probability that the war ends by settlement before the front decides it (symmetric walk)."""
        win, loss = decided_probabilities(self.length // 2, self.length, np.array([0.5]), self.hazard)
        return float(1.0 - win[0] - loss[0])


@dataclass(frozen=True)
class GeometricFit:
    """The settlement-only baseline: ``P(T = t) = (1 - h)^(t - 1) h``."""

    hazard: float
    loglik: float
    n: int

    def pmf(self, horizon: int) -> np.ndarray:
        return geometric_pmf(self.hazard, horizon)


def fit_duration(months: np.ndarray) -> DurationFit:
    """Grid maximum-likelihood fit of ``(length, hazard)`` to whole months of fighting (each >= 1)."""
    months = np.asarray(months, dtype=int)
    if len(months) == 0 or months.min() < 1:
        raise ValueError("months must be a non-empty array of whole months >= 1")
    horizon = int(months.max())
    hazards = np.array(HAZARDS)
    counts = np.bincount(months - 1, minlength=horizon)
    best = (-np.inf, None, None)
    for length in LENGTHS:
        pmf = duration_pmf(length, hazards, horizon)
        loglik = np.log(np.maximum(pmf, _TINY)) @ counts
        j = int(np.argmax(loglik))
        if loglik[j] > best[0]:
            best = (float(loglik[j]), length, float(hazards[j]))
    return DurationFit(length=best[1], hazard=best[2], loglik=best[0], n=len(months))


def fit_geometric(months: np.ndarray) -> GeometricFit:
    """Closed-form MLE of the geometric baseline: ``h = n / sum(t)``."""
    months = np.asarray(months, dtype=int)
    h = len(months) / months.sum()
    loglik = float(np.sum((months - 1) * np.log1p(-h) + np.log(h))) if h < 1 else 0.0
    return GeometricFit(hazard=float(h), loglik=loglik, n=len(months))


@dataclass(frozen=True)
class MixtureFit:
    """Two kinds of war: with probability ``weight`` hazard ``hazards[0]``, else ``hazards[1]``."""

    weight: float
    hazards: tuple[float, float]
    loglik: float
    n: int

    def pmf(self, horizon: int) -> np.ndarray:
        return (self.weight * geometric_pmf(self.hazards[0], horizon)
                + (1 - self.weight) * geometric_pmf(self.hazards[1], horizon))


def fit_mixture(months: np.ndarray, iterations: int = 500) -> MixtureFit:
    """EM for a two-component geometric mixture, started at the fast and slow halves of the data."""
    months = np.asarray(months, dtype=float)
    median = np.median(months)
    short, long_ = months[months <= median], months[months > median]
    weight = len(short) / len(months)
    h = np.array([1 / short.mean(), 1 / long_.mean() if len(long_) else 0.5 / short.mean()])
    for _ in range(iterations):
        dens = np.vstack([(1 - h[j]) ** (months - 1) * h[j] for j in (0, 1)])
        joint = np.vstack([weight * dens[0], (1 - weight) * dens[1]])
        resp = joint[0] / np.maximum(joint.sum(axis=0), _TINY)
        weight = float(resp.mean())
        h = np.clip(np.array([resp.sum() / (resp @ months), (1 - resp).sum() / ((1 - resp) @ months)]), 1e-6, 1.0)
    dens = weight * (1 - h[0]) ** (months - 1) * h[0] + (1 - weight) * (1 - h[1]) ** (months - 1) * h[1]
    if h[0] < h[1]:
        weight, h = 1 - weight, h[::-1]
    return MixtureFit(weight, (float(h[0]), float(h[1])), float(np.log(np.maximum(dens, _TINY)).sum()), len(months))


@dataclass(frozen=True)
class OutcomeFit:
    """Coefficients of the balance-to-step-probability link, with the duration fit they rest on."""

    coefficients: tuple[float, float, float]
    duration: DurationFit
    loglik: float
    n: int

    def win_probability(self, features: np.ndarray) -> np.ndarray:
        """P(initiator's side prevails | the war is decided) for rows ``[1, ds, dm]``."""
        return _win_probability(np.asarray(self.coefficients), features, self.duration)


def fit_outcome(features: np.ndarray, initiator_won: np.ndarray, duration: DurationFit) -> OutcomeFit:
    """Maximum-likelihood fit of the three link coefficients (BFGS from zero)."""
    features = np.asarray(features, dtype=float)
    won = np.asarray(initiator_won, dtype=bool)

    def negative_loglik(beta: np.ndarray) -> float:
        prob = np.clip(_win_probability(beta, features, duration), 1e-12, 1 - 1e-12)
        return -float(np.sum(np.where(won, np.log(prob), np.log1p(-prob))))

    result = minimize(negative_loglik, np.zeros(features.shape[1]), method="BFGS")
    return OutcomeFit(tuple(float(b) for b in result.x), duration, -float(result.fun), len(won))


def _win_probability(beta: np.ndarray, features: np.ndarray, duration: DurationFit) -> np.ndarray:
    step = 1.0 / (1.0 + np.exp(-np.clip(features @ beta, -30, 30)))
    step = np.clip(step, 1e-6, 1 - 1e-6)
    win, loss = decided_probabilities(duration.length // 2, duration.length, step, duration.hazard)
    return win / (win + loss)
