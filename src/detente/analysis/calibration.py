"""Calibration tools: binomial intervals, bootstrap intervals, randomised PIT, reliability tables, folds.

Every random step takes a ``numpy.random.Generator`` (see :mod:`detente.rng`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # the standard normal's 97.5% quantile


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) score interval for a binomial proportion.

    ``(p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)`` with
    ``p = successes / n`` (Wilson, JASA 22, 1927; Agresti & Coull, *Am. Stat.* 52, 1998).
    """
    if n <= 0:
        return math.nan, math.nan
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in [0, n={n}], got {successes}")
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    low = 0.0 if successes == 0 else max(0.0, (centre - half) / denominator)  # exact 0 and 1 at the ends,
    high = 1.0 if successes == n else min(1.0, (centre + half) / denominator)  # not rounding errors
    return low, high


def bootstrap_interval(values: np.ndarray, statistic, rng: np.random.Generator, draws: int = 2000,
                       level: float = 0.90) -> tuple[float, float]:
    """Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13) of ``statistic`` over the rows of ``values``.

    ``statistic`` is vectorised: it gets the resamples stacked, shape
    ``(draws, n, ...)``, and returns one value per resample, shape ``(draws,)``.
    """
    values = np.asarray(values)
    index = rng.integers(0, len(values), size=(draws, len(values)))
    stats = np.asarray(statistic(values[index]))
    tail = (1 - level) / 2
    return float(np.quantile(stats, tail)), float(np.quantile(stats, 1 - tail))


def randomized_pit(cdf_below: np.ndarray, cdf_at: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Randomised probability integral transform for counts: ``F(y-1) + V (F(y) - F(y-1))``, ``V ~ U(0, 1)``.

    Uniform on (0, 1) when the forecasts are calibrated (Brockwell 2007;
    Czado, Gneiting & Held 2009, *Biometrics* 65). One ``V`` per case (the
    last axis), shared by the rows of any leading axis: stack several models'
    forecasts of the same cases, shape ``(models, cases)``, and their PITs
    differ only through the forecasts.
    """
    cdf_below, cdf_at = np.asarray(cdf_below), np.asarray(cdf_at)
    return cdf_below + rng.uniform(size=cdf_at.shape[-1]) * (cdf_at - cdf_below)


def count_forecast(pmf: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``F(y - 1)``, ``F(y)`` and the log score ``log P(Y = y)`` of counts ``y >= 1`` under ``pmf``.

    ``pmf[t - 1] = P(Y = t)`` for ``t = 1..len(pmf)``; ``F`` is its CDF, so
    ``F(0) = 0``. The first two are the ends of :func:`randomized_pit`; the
    log score is the logarithmic scoring rule (Good 1952; Gneiting & Raftery
    2007, *JASA* 102), higher is better.
    """
    y = np.asarray(y, dtype=int)
    cdf = np.cumsum(pmf)
    return np.where(y > 1, cdf[np.maximum(y - 2, 0)], 0.0), cdf[y - 1], np.log(pmf[y - 1])


def folds(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """Fold number (0..k-1) of each of ``n`` cases, balanced and shuffled."""
    return rng.permutation(np.arange(n) % k)


def reliability_table(predicted: np.ndarray, observed: np.ndarray, edges: tuple[float, ...]) -> pd.DataFrame:
    """Predicted versus observed frequency per bin of predicted probability, with Wilson 95% intervals.

    ``fits`` says whether the bin's mean predicted probability lies inside
    the observed frequency's interval.
    """
    predicted, observed = np.asarray(predicted, float), np.asarray(observed, bool)
    rows = []
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (predicted >= low) & ((predicted < high) | (high >= 1.0) & (predicted <= high))
        n = int(inside.sum())
        if n == 0:
            continue
        k = int(observed[inside].sum())
        lo, hi = wilson_interval(k, n)
        mean = float(predicted[inside].mean())
        rows.append({"bin": f"{low:.2f}-{high:.2f}", "n": n, "predicted": mean, "observed": k / n,
                     "low": lo, "high": hi, "fits": bool(lo <= mean <= hi)})
    return pd.DataFrame(rows)
