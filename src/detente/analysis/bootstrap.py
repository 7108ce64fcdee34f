"""Is one model's MAE really lower than another's? A paired, proposal-clustered bootstrap.

Two models forecast the same issues, so their errors are paired; issues of
one proposal are correlated, so the bootstrap resamples whole proposals
(the cluster bootstrap: Davison & Hinkley 1997, *Bootstrap Methods and their
Application*, section 3.8; Cameron, Gelbach & Miller 2008, *Rev. Economics
and Statistics* 90). For each of ``draws`` resamples of the proposals (with
replacement), the difference of mean absolute errors over the issues drawn::

    d* = mean(|e_model|) - mean(|e_baseline|)                              (1)

and the 95% interval is the 2.5% and 97.5% percentiles of ``d*`` (the
percentile interval, Efron & Tibshirani 1993, ch. 13). Draws are seeded
(``SeedSequence(seed)``), so the interval replays exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def paired_difference(forecasts: pd.DataFrame, model: str, baseline: str = "mean", split: str = "test",
                      draws: int = 2000, seed: int = 0) -> dict[str, float]:
    """MAE of ``model`` minus MAE of ``baseline`` on the issues both forecast, with its 95% interval.

    Parameters
    ----------
    forecasts
        :attr:`detente.analysis.backtest.Backtest.forecasts` (columns ``model, issue, prnr, split, error``).
    split
        ``"all"``, ``"train"`` or ``"test"``.
    """
    rows = forecasts if split == "all" else forecasts[forecasts["split"] == split]
    a = rows[rows["model"] == model].set_index("issue")
    b = rows[rows["model"] == baseline].set_index("issue")
    common = a.index.intersection(b.index)
    if not len(common):
        raise ValueError(f"{model!r} and {baseline!r} share no issue in split {split!r}")
    diff = (a.loc[common, "error"] - b.loc[common, "error"]).to_numpy(float)
    groups = a.loc[common, "prnr"].to_numpy(str)
    labels, cluster = np.unique(groups, return_inverse=True)
    sums = np.bincount(cluster, weights=diff)
    sizes = np.bincount(cluster)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    picks = rng.integers(0, len(labels), size=(draws, len(labels)))
    boot = sums[picks].sum(axis=1) / sizes[picks].sum(axis=1)
    low, high = np.percentile(boot, [2.5, 97.5])
    return {"model": model, "baseline": baseline, "split": split, "n": int(len(common)),
            "difference": float(diff.mean()), "low": float(low), "high": float(high)}
