"""The menu forecast: the outcome is one of the options on the table, the likeliest near the compromise.

On DEU III, 63% of the outcomes sit exactly on a position some actor held
(an issue has 3.5 distinct positions on average), and most of the others
split the difference between two neighbouring positions: the experts who
coded the data defined each issue by the options on the table, and the
Council, the Commission and the Parliament mostly chose one of them. A point
forecast between the options, like the weighted mean (the compromise model
of Achen 2006), is then rarely right; one that picks the option a compromise
points to often is, and under absolute error the best point forecast of an
outcome with distribution ``F`` is its median (not its mean).

The menu of an issue is its distinct positions ``x_1 < ... < x_J`` and (with
``midpoints``) the midpoints of neighbours, ``(x_j + x_{j+1}) / 2``. Given an
anchor ``a`` (a base model's forecast: the compromise), a conditional logit
(McFadden 1974, "Conditional logit analysis of qualitative choice behavior",
in Zarembka (ed.), *Frontiers in Econometrics*) gives each option ``k`` the
utility

    u_k = beta_d |x_k - a| / R + beta_m [k is a midpoint]                  (1)

(``R`` the length of the scale) and one more alternative, "none of these",
the utility ``alpha``; with ``p = softmax(u_1, .., u_K, alpha)`` the outcome is

    y = x_k with probability p_k,  else  y ~ Laplace(a, b) on the scale     (2)

(the Laplace density truncated to the scale). The four parameters
``beta_d, beta_m, alpha, log b`` maximise the likelihood of the training
outcomes (an outcome within ``TOLERANCE`` of an option counts as that
option: DEU records whole points); the forecast is the median of (2), and
the 80% interval a central range of (2) as wide as conformal calibration on
out-of-fold outcomes asks (see :meth:`MenuForecast.fit`).

Which base model is the anchor (the compromise ``mean``, or the base model
with the lowest error on the training issues) and whether midpoints are on
the menu are chosen, as the stacked forecast's penalty is
(:mod:`.stacking`), by grouped cross-validation by proposal *within the
training issues*. Nothing from the scored issues is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from .stacking import BASELINE, best_on, conformal_quantile, feature_models, grouped_folds, wide_features

MENU = "menu"
#: An outcome this close to an option (in scale points) is that option.
TOLERANCE = 0.5
_LOG_SCALE = (np.log(0.1), np.log(1000.0))


def _held(theta: np.ndarray) -> np.ndarray:
    return np.concatenate([theta[:3], np.clip(theta[3:], *_LOG_SCALE)])


@dataclass(frozen=True)
class Menu:
    """The options of ``n`` issues, padded to a common width ``K``.

    Attributes
    ----------
    points
        ``(n, K)``: each issue's options in increasing order, padded with NaN.
    midpoint
        ``(n, K)``: whether an option is a midpoint between two held positions.
    """

    points: np.ndarray
    midpoint: np.ndarray

    @property
    def valid(self) -> np.ndarray:
        return ~np.isnan(self.points)

    def take(self, rows: np.ndarray) -> "Menu":
        return Menu(self.points[rows], self.midpoint[rows])


def menu_of(positions: list[np.ndarray], midpoints: bool = True) -> Menu:
    """The menu of each issue: its distinct positions and, with ``midpoints``, the midpoints of neighbours."""
    rows = []
    for held in positions:
        x = np.unique(np.asarray(held, dtype=float))
        mids = (x[:-1] + x[1:]) / 2 if midpoints else np.empty(0)
        points = np.concatenate([x, mids])
        order = np.argsort(points, kind="stable")
        rows.append((points[order], np.concatenate([np.zeros(len(x), bool), np.ones(len(mids), bool)])[order]))
    width = max((len(p) for p, _ in rows), default=0)
    points = np.full((len(rows), width), np.nan)
    midpoint = np.zeros((len(rows), width), bool)
    for i, (p, m) in enumerate(rows):
        points[i, :len(p)], midpoint[i, :len(m)] = p, m
    return Menu(points, midpoint)


def _laplace_cdf(x: np.ndarray, a: np.ndarray, b: float) -> np.ndarray:
    z = (x - a) / b
    return np.where(z < 0, 0.5 * np.exp(np.minimum(z, 0)), 1 - 0.5 * np.exp(-np.maximum(z, 0)))


def _laplace_inverse(u: np.ndarray, a: np.ndarray, b: float) -> np.ndarray:
    u = np.clip(u, 1e-300, 1 - 1e-16)
    return np.where(u < 0.5, a + b * np.log(2 * u), a - b * np.log(2 * (1 - u)))


@dataclass(frozen=True)
class _Observed:
    """What the likelihood of (2) needs from the data, computed once per fit."""

    distance: np.ndarray   # (n, K) |x_k - a| / R, 0 where padded
    midpoint: np.ndarray   # (n, K) 0/1
    valid: np.ndarray      # (n, K)
    nearest: np.ndarray    # (n,) the option nearest the outcome
    hit: np.ndarray        # (n,) whether the outcome is that option
    residual: np.ndarray   # (n,) |y - a|
    to_lower: np.ndarray   # (n,) lower - a
    to_upper: np.ndarray   # (n,) upper - a


@dataclass
class MenuModel:
    """Eq. (1)-(2) with fitted ``theta = (beta_d, beta_m, alpha, log b)``, on the scale ``[lower, upper]``."""

    lower: float = 0.0
    upper: float = 100.0
    theta: np.ndarray = field(default=None, repr=False)

    def utilities(self, menu: Menu, anchor: np.ndarray, theta: np.ndarray | None = None) -> np.ndarray:
        """``(n, K + 1)``: eq. (1) for each option (``-inf`` where padded), and ``alpha`` in the last column."""
        beta_d, beta_m, alpha, _ = self.theta if theta is None else theta
        u = beta_d * np.abs(menu.points - anchor[:, None]) / (self.upper - self.lower) + beta_m * menu.midpoint
        return np.column_stack([np.where(menu.valid, u, -np.inf), np.full(len(anchor), alpha)])

    def probabilities(self, menu: Menu, anchor: np.ndarray) -> np.ndarray:
        """``(n, K + 1)``: each option's probability, and in the last column that of "none of these"."""
        return _softmax(self.utilities(menu, anchor))

    def observe(self, menu: Menu, anchor: np.ndarray, y: np.ndarray) -> _Observed:
        gap = np.where(menu.valid, np.abs(menu.points - y[:, None]), np.inf)
        nearest = np.argmin(gap, axis=1)
        return _Observed(np.where(menu.valid, np.abs(menu.points - anchor[:, None]), 0.0) / (self.upper - self.lower),
                         menu.midpoint.astype(float), menu.valid, nearest,
                         gap[np.arange(len(y)), nearest] < TOLERANCE, np.abs(y - anchor),
                         self.lower - anchor, self.upper - anchor)

    def log_likelihood(self, theta: np.ndarray, data: _Observed) -> tuple[float, np.ndarray]:
        """The log-likelihood of (2) and its gradient in ``theta``."""
        beta_d, beta_m, alpha, log_b = theta
        b = float(np.exp(log_b))
        u = np.where(data.valid, beta_d * data.distance + beta_m * data.midpoint, -np.inf)
        full = np.column_stack([u, np.full(len(u), alpha)])
        top = full.max(axis=1)
        lse = top + np.log(np.exp(full - top[:, None]).sum(axis=1))
        p = np.exp(full - lse[:, None])
        rows, hit = np.arange(len(u)), data.hit
        e_lower, e_upper = np.exp(-np.abs(data.to_lower) / b), np.exp(-np.abs(data.to_upper) / b)
        mass = (np.where(data.to_upper >= 0, 1 - 0.5 * e_upper, 0.5 * e_upper)
                - np.where(data.to_lower >= 0, 1 - 0.5 * e_lower, 0.5 * e_lower))
        log_density = -data.residual / b - np.log(2 * b) - np.log(mass)
        ll = np.where(hit, u[rows, data.nearest], alpha + log_density) - lse
        options = p[:, :-1]
        gradient = np.array([
            np.sum(data.distance[rows, data.nearest][hit]) - np.sum(options * data.distance),
            np.sum(data.midpoint[rows, data.nearest][hit]) - np.sum(options * data.midpoint),
            np.sum(~hit) - np.sum(p[:, -1]),
            np.sum((data.residual / b - 1 + 0.5 * (e_upper * data.to_upper - e_lower * data.to_lower) / (b * mass))[~hit]),
        ])
        return float(np.sum(ll)), gradient

    def fit(self, menu: Menu, anchor: np.ndarray, y: np.ndarray) -> "MenuModel":
        """Maximum likelihood by BFGS (Nocedal & Wright 2006, *Numerical Optimization*, alg. 6.1) with the
        analytic gradient, from no preference and ``b = 15``; ``log b`` is held to ``[log 0.1, log 1000]``."""
        data = self.observe(menu, anchor, y)

        def objective(t):
            value, gradient = self.log_likelihood(_held(t), data)
            if _held(t)[3] != t[3]:
                gradient[3] = 0.0
            return -value, -gradient

        start = np.array([0.0, 0.0, 0.0, np.log(15.0)])
        self.theta = _held(minimize(objective, start, jac=True, method="BFGS", options={"gtol": 1e-6}).x)
        return self

    def _continuous(self, anchor: np.ndarray):
        """The truncated Laplace part of (2): its CDF and quantile function (vectorised over issues)."""
        b = float(np.exp(self.theta[3]))
        lo = _laplace_cdf(np.full_like(anchor, self.lower), anchor, b)[:, None]
        hi = _laplace_cdf(np.full_like(anchor, self.upper), anchor, b)[:, None]
        a = anchor[:, None]
        return (lambda t: (_laplace_cdf(t, a, b) - lo) / (hi - lo),
                lambda c: _laplace_inverse(lo + np.clip(c, 0.0, 1.0) * (hi - lo), a, b))

    def cdf(self, menu: Menu, anchor: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``F(y-)`` and ``F(y)`` of (2) for each issue (an option within ``TOLERANCE`` of ``y`` counts as at ``y``)."""
        p = self.probabilities(menu, anchor)
        continuous = p[:, -1] * self._continuous(anchor)[0](y[:, None])[:, 0]
        points = np.where(menu.valid, menu.points, np.inf)
        below = continuous + np.sum(p[:, :-1] * (points < y[:, None] - TOLERANCE), axis=1)
        upto = continuous + np.sum(p[:, :-1] * (points < y[:, None] + TOLERANCE), axis=1)
        return below, upto

    def quantile(self, menu: Menu, anchor: np.ndarray, q: float) -> np.ndarray:
        """The ``q``-quantile of (2), ``inf {t : F(t) >= q}``, for each issue, exactly.

        It is the first option whose cumulative mass reaches ``q``, or, if
        earlier, the point between two options (or an option and an end of the
        scale) where the continuous part carries ``F`` to ``q``.
        """
        p = self.probabilities(menu, anchor)
        options, none = p[:, :-1], p[:, -1:]
        cdf, inverse = self._continuous(anchor)
        n = len(anchor)
        x = np.where(menu.valid, menu.points, self.upper)
        through = np.cumsum(options, axis=1)
        at_option = np.where(through + none * cdf(x) >= q - 1e-12, x, np.inf).min(axis=1)
        left = np.column_stack([np.full(n, self.lower), x])
        right = np.column_stack([x, np.full(n, self.upper)])
        share = (q - np.column_stack([np.zeros(n), through])) / np.maximum(none, 1e-300)
        inside = (share >= cdf(left) - 1e-12) & (share <= cdf(right) + 1e-12)
        crossing = np.where(inside, np.clip(inverse(share), left, right), np.inf).min(axis=1)
        return np.clip(np.minimum(at_option, crossing), self.lower, self.upper)

    def median(self, menu: Menu, anchor: np.ndarray) -> np.ndarray:
        """The point forecast: the median of (2), which minimises the expected absolute error."""
        return self.quantile(menu, anchor, 0.5)


def _softmax(u: np.ndarray) -> np.ndarray:
    e = np.exp(u - u.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class MenuForecast:
    """The menu model with its anchor and menu chosen by grouped CV on the rows given to :meth:`fit` only.

    ``X`` holds the base models' forecasts (columns ``features``), ``positions``
    each issue's held positions.
    """

    features: list[str]
    folds: int = 5
    seed: int = 0
    lower: float = 0.0
    upper: float = 100.0
    anchor: str = field(default=None, init=False)
    midpoints: bool = field(default=True, init=False)
    model: MenuModel = field(default=None, init=False, repr=False)
    reach: float = field(default=float("nan"), init=False)
    cv_mae: dict = field(default_factory=dict, init=False)

    def candidates(self, X: np.ndarray, y: np.ndarray) -> list[tuple[str, bool]]:
        anchors = list(dict.fromkeys(a for a in (BASELINE, best_on(X, y, self.features)) if a in self.features))
        return [(a, m) for a in anchors for m in (True, False)]

    def fit(self, X: np.ndarray, positions: list[np.ndarray], y: np.ndarray, groups: np.ndarray) -> "MenuForecast":
        """Choose the anchor and menu by grouped CV, refit on all rows given, and calibrate the 80% interval.

        The interval is the central range ``[Q_i(1/2 - r), Q_i(1/2 + r)]`` of
        each issue's distribution (2), with ``r`` set by distributional
        conformal prediction (Chernozhukov, Wüthrich & Zhu 2021, *PNAS* 118,
        e2107794118): the split-conformal quantile (Lei et al. 2018,
        Algorithm 2) of the out-of-fold scores
        ``max(1/2 - F_i(y_i), F_i(y_i-) - 1/2)``, the smallest ``r`` whose
        range holds ``y_i`` (``F_i(y-)`` is the mass below ``y``: an outcome on
        an option is inside as soon as the range reaches the option). The
        plain 10%-90% range would cover 92% of the training outcomes, since
        the options' point masses sit on its ends.
        """
        fold = grouped_folds(groups, self.folds, self.seed)
        oof = {c: self._out_of_fold(X, positions, y, fold, c) for c in self.candidates(X, y)}
        mae = {c: float(np.mean(np.abs(median - y))) for c, (median, _) in oof.items()}
        self.cv_mae = {f"{a}{'+midpoints' if m else ''}": value for (a, m), value in mae.items()}
        best = min(mae, key=lambda c: (round(mae[c], 9), c[0] != BASELINE, c[0], not c[1]))
        self.anchor, self.midpoints = best
        self.model = MenuModel(self.lower, self.upper).fit(menu_of(positions, best[1]),
                                                           X[:, self.features.index(best[0])], y)
        self.reach = min(conformal_quantile(oof[best][1]), 0.5)
        return self

    def predict(self, X: np.ndarray, positions: list[np.ndarray]) -> np.ndarray:
        return self.model.median(menu_of(positions, self.midpoints), X[:, self.features.index(self.anchor)])

    def interval(self, X: np.ndarray, positions: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The calibrated 80% interval of each issue."""
        menu, anchor = menu_of(positions, self.midpoints), X[:, self.features.index(self.anchor)]
        return (self.model.quantile(menu, anchor, 0.5 - self.reach),
                self.model.quantile(menu, anchor, 0.5 + self.reach))

    def _out_of_fold(self, X, positions, y, fold, candidate) -> tuple[np.ndarray, np.ndarray]:
        """Out-of-fold medians and conformity scores ``max(1/2 - F(y), F(y-) - 1/2)``."""
        anchor, midpoints = candidate
        menu, a = menu_of(positions, midpoints), X[:, self.features.index(anchor)]
        median, score = np.empty(len(y)), np.empty(len(y))
        for j in np.unique(fold):
            test = fold == j
            model = MenuModel(self.lower, self.upper).fit(menu.take(~test), a[~test], y[~test])
            median[test] = model.median(menu.take(test), a[test])
            below, upto = model.cdf(menu.take(test), a[test], y[test])
            score[test] = np.maximum(0.5 - upto, below - 0.5)
        return median, score


def add_menu(bt, positions: dict[str, np.ndarray], folds: int = 5, seed: int = 0) -> None:
    """Fit the menu forecast on the training split, forecast every issue, and run grouped CV over all issues.

    ``positions``: each issue's held positions (the actors' positions the models saw).
    """
    features = feature_models(bt)
    if not features:
        return
    X, meta = wide_features(bt, features)
    held = [positions[issue] for issue in X.index]
    y = meta["outcome"].to_numpy(float)
    groups = meta["prnr"].to_numpy(str)
    train = (meta["split"] == "train").to_numpy()
    if train.sum() < 2 * folds:
        return
    Xa = X.to_numpy()
    model = MenuForecast(features, folds=folds, seed=seed).fit(
        Xa[train], [held[i] for i in np.flatnonzero(train)], y[train], groups[train])
    rows = meta.reset_index()[["issue", "prnr", "year", "period", "council", "proc", "vote", "split",
                               "status_quo", "outcome"]]
    rows.insert(0, "model", MENU)
    rows["forecast"] = model.predict(Xa, held)
    rows["error"] = (rows["forecast"] - rows["outcome"]).abs()
    rows["low"], rows["high"] = model.interval(Xa, held)
    bt.forecasts = pd.concat([bt.forecasts, rows[bt.forecasts.columns]], ignore_index=True)
    bt.cv = pd.concat([bt.cv, grouped_cv(Xa, held, y, groups, meta.index.to_numpy(), features, folds, seed)],
                      ignore_index=True)
    bt.fits[MENU] = {"anchor": model.anchor, "midpoints": model.midpoints,
                     "theta": {"beta_distance": float(model.model.theta[0]),
                               "beta_midpoint": float(model.model.theta[1]),
                               "alpha_none": float(model.model.theta[2]),
                               "laplace_scale": float(np.exp(model.model.theta[3]))},
                     "interval_reach": model.reach, "inner_cv_mae": model.cv_mae,
                     "train_issues": int(train.sum())}


def grouped_cv(X: np.ndarray, positions: list[np.ndarray], y: np.ndarray, groups: np.ndarray, issues: np.ndarray,
               features: list[str], folds: int, seed: int) -> pd.DataFrame:
    """Each fold forecast, with its 80% interval, by a :class:`MenuForecast` fitted and tuned (interval
    included) on the other folds only."""
    fold = grouped_folds(groups, folds, seed)
    parts = []
    for j in np.unique(fold):
        test = fold == j
        fit_rows = np.flatnonzero(~test)
        model = MenuForecast(features, folds=folds, seed=seed).fit(
            X[~test], [positions[i] for i in fit_rows], y[~test], groups[~test])
        held = [positions[i] for i in np.flatnonzero(test)]
        pred = model.predict(X[test], held)
        low, high = model.interval(X[test], held)
        parts.append(pd.DataFrame({"model": MENU, "fold": j, "issue": issues[test], "prnr": groups[test],
                                   "forecast": pred, "outcome": y[test], "error": np.abs(pred - y[test]),
                                   "low": low, "high": high}))
    return pd.concat(parts, ignore_index=True)
