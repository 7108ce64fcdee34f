"""A stacked forecast fitted on the training split only, grouped cross-validation, and 80% intervals.

Stacking (Wolpert 1992, "Stacked generalization", *Neural Networks* 5;
Breiman 1996, "Stacked regressions", *Machine Learning* 24) combines the
base models' forecasts of an issue, ``f_1 .. f_p``, into

    y_hat = b_0 + sum_j b_j f_j                                          (1)

with the weights fitted to past outcomes. Since the backtest scores mean
absolute error, the weights minimise absolute error, not squared error
(least absolute deviations, the median regression of Koenker & Bassett
1978, *Econometrica* 46), with a ridge penalty ``lam * ||b - b_prior||^2`` (intercept unpenalised),
pulling the weights towards 0 or towards one base model alone (``b_prior``
= weight 1 on the base model with the lowest mean absolute error on the
training issues: the compromise model ``mean``, the baseline of Achen 2006,
unless another base model beats it there), whose family and size are chosen
by grouped cross-validation *within the training issues*:

    min_b  sum_i |y_i - b_0 - f_i . b| + lam ||b - b_prior||^2              (2)

solved by iteratively reweighted least squares (Schlossmacher 1973, *JASA*
68: weights ``1 / max(|r_i|, eps)``). Forecasts are clipped to the 0-100 scale.

No peeking: :meth:`StackedForecast.fit` sees only the rows it is given, and
:func:`add_stacked` gives it only the issues before the split year, for the
weights, for the choice of ``lam`` and for the choice of the prior's model alike
(in the grouped CV, each fold's prior is chosen on the other folds).

Grouped cross-validation: issues of one proposal (``prnr``) share actors,
rapporteurs and often outcomes, so folds are made of whole proposals
(:func:`grouped_folds`); no proposal is in both the fitted and the scored part.

Intervals (80%): split-conformal (Vovk, Gammerman & Shafer 2005; Lei, G'Sell,
Rinaldo, Tibshirani & Wasserman 2018, *JASA* 113, Algorithm 2): with
``n`` calibration residuals ``|y_i - y_hat_i|`` from the training issues,
the half-width is their ``ceil((1 - alpha)(n + 1))``-th smallest value, and
``[y_hat - h, y_hat + h]`` (clipped to the scale) covers a new outcome with
probability at least ``1 - alpha`` when issues are exchangeable. For a base
model the training residuals are its plain errors; for the stacked forecast
they are its out-of-fold errors of the grouped CV within the training
issues (the cross-conformal variant, Vovk 2015, *Ann. Math. Artif. Intell.* 74).
Issues after the split year are not exchangeable with earlier ones, which is
why the out-of-sample coverage is measured, not assumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Ridge penalties tried by the inner grouped cross-validation.
RIDGE_GRID = (0.0, 10.0, 100.0, 1000.0, 10000.0, 1e6)
ALPHA = 0.2
STACKED = "stacked"
BASELINE = "mean"


def grouped_folds(groups: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number of each row: whole groups (proposals) go to one fold, in a seeded random order."""
    unique = np.array(sorted(set(groups)))
    k = max(2, min(k, len(unique)))
    order = np.random.default_rng(np.random.SeedSequence(seed)).permutation(len(unique))
    fold_of = {unique[g]: j % k for j, g in enumerate(order)}
    return np.array([fold_of[g] for g in groups])


def lad_fit(X: np.ndarray, y: np.ndarray, ridge: float = 0.0, iterations: int = 200,
            prior: np.ndarray | None = None) -> np.ndarray:
    """Coefficients ``(b_0, b)`` of eq. (2) by iteratively reweighted least squares; the penalty pulls ``b``
    towards ``prior`` (default 0)."""
    if prior is not None:
        b = lad_fit(X, y - X @ prior, ridge, iterations)
        return np.concatenate([[b[0]], b[1:] + prior])
    A = np.column_stack([np.ones(len(y)), X])
    penalty = np.diag([0.0] + [ridge] * X.shape[1])
    w = np.ones(len(y))
    b = np.zeros(A.shape[1])
    for _ in range(iterations):
        Aw = A * w[:, None]
        b_new = np.linalg.lstsq(A.T @ Aw + penalty, Aw.T @ y, rcond=None)[0]
        if np.allclose(b_new, b, atol=1e-8, rtol=0):
            b = b_new
            break
        b = b_new
        w = 1.0 / np.maximum(np.abs(y - A @ b), 1e-5)
    return b


def conformal_quantile(scores: np.ndarray, alpha: float = ALPHA) -> float:
    """The ``ceil((1 - alpha)(n + 1))``-th smallest of ``n`` conformity scores (infinite when n is too small)."""
    r = np.sort(np.asarray(scores, dtype=float))
    rank = math.ceil((1 - alpha) * (len(r) + 1))
    return float(r[rank - 1]) if rank <= len(r) else float("inf")


def conformal_halfwidth(residuals: np.ndarray, alpha: float = ALPHA) -> float:
    """:func:`conformal_quantile` of the absolute residuals: the half-width of a split-conformal interval."""
    return conformal_quantile(np.abs(np.asarray(residuals, dtype=float)), alpha)


@dataclass
class StackedForecast:
    """Eq. (1)-(2), with the penalty chosen by grouped CV on the rows given to :meth:`fit` only.

    The penalty pulls the weights towards 0 (``shrink="zero"``) or, when a
    ``prior`` is given, towards it (``shrink="baseline"``: weight 1 on one
    base model, so a large penalty gives that model plus an intercept). Both families and every ``lam`` of :data:`RIDGE_GRID` are
    candidates; the inner grouped CV picks one.
    """

    folds: int = 5
    seed: int = 0
    prior: np.ndarray | None = None
    lower: float = 0.0
    upper: float = 100.0
    ridge: float = field(default=float("nan"), init=False)
    shrink: str = field(default="zero", init=False)
    coef: np.ndarray = field(default=None, init=False, repr=False)
    halfwidth: float = field(default=float("nan"), init=False)
    cv_mae: dict = field(default_factory=dict, init=False)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.clip(self.coef[0] + X @ self.coef[1:], self.lower, self.upper)

    def candidates(self) -> list[tuple[str, float]]:
        families = ["zero"] + (["baseline"] if self.prior is not None else [])
        return [(f, lam) for f in families for lam in RIDGE_GRID]

    def fit(self, X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> "StackedForecast":
        fold = grouped_folds(groups, self.folds, self.seed)
        oof = {c: self._out_of_fold(X, y, fold, c) for c in self.candidates()}
        self.cv_mae = {f"{f}:{lam:g}": float(np.mean(np.abs(p - y))) for (f, lam), p in oof.items()}
        best = min(oof, key=lambda c: (round(self.cv_mae[f"{c[0]}:{c[1]:g}"], 9), c[0] != "baseline", -c[1]))
        self.shrink, self.ridge = best
        self.coef = self._fit(X, y, best)
        self.halfwidth = conformal_halfwidth(oof[best] - y)
        return self

    def _fit(self, X, y, candidate) -> np.ndarray:
        family, lam = candidate
        return lad_fit(X, y, lam, prior=self.prior if family == "baseline" else None)

    def _out_of_fold(self, X, y, fold, candidate) -> np.ndarray:
        pred = np.empty(len(y))
        for j in np.unique(fold):
            test = fold == j
            b = self._fit(X[~test], y[~test], candidate)
            pred[test] = np.clip(b[0] + X[test] @ b[1:], self.lower, self.upper)
        return pred


def feature_models(bt) -> list[str]:
    """Base models (not fitted forecasts) with a forecast on every issue (models that failed anywhere are left out), by name, without
    duplicates: a model whose forecasts equal an earlier one's on every issue (the exchange model on
    one-issue scenarios is the mean) adds nothing but a singular design."""
    n = bt.forecasts["issue"].nunique()
    counts = bt.forecasts.groupby("model", sort=False)["issue"].nunique()
    complete = [m for m in bt.models if m not in bt.fits and m != STACKED and counts.get(m, 0) == n]
    if not complete:
        return []
    wide = bt.forecasts[bt.forecasts["model"].isin(complete)].pivot(index="issue", columns="model", values="forecast")
    kept: list[str] = []
    for m in sorted(complete, key=lambda m: (m != BASELINE, m)):  # the baseline is kept over its duplicates
        if not any(np.allclose(wide[m], wide[k], atol=1e-9) for k in kept):
            kept.append(m)
    return sorted(kept)  # by name: the registry's order depends on which module was imported first


def wide_features(bt, features: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = bt.forecasts[bt.forecasts["model"].isin(features)]
    X = rows.pivot(index="issue", columns="model", values="forecast")[features]
    meta = rows.drop_duplicates("issue").set_index("issue").loc[X.index]
    return X, meta


def add_stacked(bt, folds: int = 5, seed: int = 0) -> None:
    """Fit on the training split, forecast every issue, add intervals to every model, and run grouped CV."""
    features = feature_models(bt)
    if not features:
        return
    X, meta = wide_features(bt, features)
    y = meta["outcome"].to_numpy(float)
    groups = meta["prnr"].to_numpy(str)
    train = (meta["split"] == "train").to_numpy()
    if train.sum() < 2 * folds:
        return
    anchor = best_on(X.to_numpy()[train], y[train], features)
    prior = baseline_prior(features, anchor)
    model = StackedForecast(folds=folds, seed=seed, prior=prior).fit(X.to_numpy()[train], y[train], groups[train])
    rows = meta.reset_index()[["issue", "prnr", "year", "period", "council", "proc", "vote", "split",
                               "status_quo", "outcome"]]
    rows.insert(0, "model", STACKED)
    rows["forecast"] = model.predict(X.to_numpy())
    rows["error"] = (rows["forecast"] - rows["outcome"]).abs()
    _add_intervals(rows, model.halfwidth)
    base = bt.forecasts.assign(low=np.nan, high=np.nan)
    for name, part in base.groupby("model", sort=False):
        part = part.copy()
        cal = part[part["split"] == "train"]
        h = conformal_halfwidth(cal["error"]) if len(cal) else float("inf")
        _add_intervals(part, h)
        base.loc[part.index, ["low", "high"]] = part[["low", "high"]]
    bt.forecasts = pd.concat([base, rows[base.columns]], ignore_index=True)
    bt.cv = grouped_cv(X.to_numpy(), y, groups, meta.index.to_numpy(), folds, seed, features)
    bt.fits[STACKED] = {"features": features, "coef": [float(c) for c in model.coef], "ridge": model.ridge,
                        "shrink": model.shrink, "anchor": anchor,
                        "halfwidth": model.halfwidth, "inner_cv_mae": model.cv_mae,
                        "train_issues": int(train.sum())}


def best_on(X: np.ndarray, y: np.ndarray, features: list[str]) -> str | None:
    """The base model with the lowest mean absolute error on the rows given (ties: ``mean``, then by name)."""
    if not features:
        return None
    mae = np.mean(np.abs(X - y[:, None]), axis=0)
    return min(features, key=lambda f: (round(float(mae[features.index(f)]), 9), f != BASELINE, f))


def baseline_prior(features: list[str], anchor: str | None = BASELINE) -> np.ndarray | None:
    """Weight 1 on ``anchor`` (by default the compromise model ``mean``, Achen 2006's baseline), 0 on the others."""
    return np.array([1.0 if f == anchor else 0.0 for f in features]) if anchor in features else None


def _add_intervals(rows: pd.DataFrame, h: float) -> None:
    rows["low"] = np.clip(rows["forecast"] - h, 0.0, 100.0)
    rows["high"] = np.clip(rows["forecast"] + h, 0.0, 100.0)


def grouped_cv(X: np.ndarray, y: np.ndarray, groups: np.ndarray, issues: np.ndarray, folds: int,
               seed: int, features: list[str] | None = None) -> pd.DataFrame:
    """Each fold forecast, with its 80% interval, by a :class:`StackedForecast` fitted (and tuned, prior's model
    and interval half-width included) on the other folds only."""
    fold = grouped_folds(groups, folds, seed)
    parts = []
    for j in np.unique(fold):
        test = fold == j
        prior = baseline_prior(features, best_on(X[~test], y[~test], features)) if features else None
        model = StackedForecast(folds=folds, seed=seed, prior=prior).fit(X[~test], y[~test], groups[~test])
        pred = model.predict(X[test])
        part = pd.DataFrame({"model": STACKED, "fold": j, "issue": issues[test], "prnr": groups[test],
                             "forecast": pred, "outcome": y[test], "error": np.abs(pred - y[test])})
        _add_intervals(part, model.halfwidth)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
