"""The war game's types fitted to COW durations: two kinds of war from A's two types, by maximum likelihood.

:mod:`.strategic` scores a game whose types differ little (the stalling type's
cost half the serious type's, prior 0.5): its hazard of ending is flat in the
war's age, while COW's falls (O16 in war2.md: two kinds of war, monthly
hazards about 0.3 and 0.03). Here the type gap and the prior are free, and so
is the commitment problem (Powell 2006), because without it the game cannot
make two kinds of war: under complete information a deal always beats
fighting (costs and discounting make war inefficient, Fearon 1995), so once B
has screened the serious type out (Fudenberg, Levine & Tirole 1985) it buys
off the stalling type at the next binding round, and both types end at about
``rate x authority`` a month. With a gain from reneging ``enforce`` (each
side's, beyond its war value, :mod:`detente.models.war.bargaining`) a deal
exists only where the war's inefficiency exceeds it: for the serious type,
whose war is costly, not for the stalling type, whose war is cheap. Serious
types then settle early; the stalling type fights until the front decides
(a lazy walk's first passage, slow) or the line freezes at the horizon.

The game (:func:`detente.models.war.gamedef.make_game`): one issue, a lazy
symmetric front of ``states`` states starting in the middle (a step either way
with probability ``ADVANCE`` a month, as :mod:`.strategic`), authority
``AUTHORITY`` (the scenarios' minister level), discount 0.99 a month for both
sides, B's belief on an 11-point grid (the priors below are grid points).
Free numbers (:data:`GRID`): the monthly chance of a round of talks
``rate``; A's monthly cost of war by type ``cost_serious``, ``cost_stalling``;
B's ``cost_b``; the reneging gain ``enforce`` (both sides'); ``states``; the
prior P(stalling) ``prior``. A war's length is the month it ends by any route,
or the horizon; the pmf mixes the types' with weight ``prior``.

Fit: maximum likelihood over the grid (each point one game solve with the
compiled backend, about 0.01-0.05 s; the prior needs only forward passes), so
a fit is exact on the grid and no finer. Uncertainty: the profile likelihood
(Pawitan 2001, ch. 2; the 95% set is where twice the log-likelihood is within
3.84 of its maximum, chi-square with one degree of freedom), read on the grid,
so a range's ends are grid points. The table of pmfs is computed once per
grid and horizon and kept in memory (:func:`pmf_table`); fitting never runs
at ``detente war`` time: the scenarios carry the fitted numbers
(``scripts/fit_war_types.py`` writes them).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

AUTHORITY = 0.4
ADVANCE = 0.25
DISCOUNT = 0.99
BELIEF_POINTS = 11
NAMES = ("rate", "cost_serious", "cost_stalling", "cost_b", "enforce", "states", "prior")
GRID = {"rate": (0.3, 0.4, 0.5, 0.6, 0.75),
        "cost_serious": (0.005, 0.01, 0.04),
        "cost_stalling": (0.0, 0.002, 0.005),
        "cost_b": (0.0, 0.005, 0.01),
        "enforce": (0.0, 0.1, 0.2, 0.3, 0.4),
        "states": (5, 7, 9, 11),
        "prior": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)}
CHI2_95 = 3.841  # chi-square, one degree of freedom, 95%
_TINY = 1e-12


def type_pmfs(rate, cost_serious, cost_stalling, cost_b, enforce, states, priors, horizon: int,
              backend: str = "numba") -> dict[float, np.ndarray]:
    """``{prior: (2, horizon)}``: ``P(T = t | type)``, rows (serious, stalling), B starting at belief ``prior``."""
    from ...models.war.forward import outcomes
    from ...models.war.gamedef import make_game
    from ...models.war.solution import solve

    game = make_game(horizon=horizon, states=int(states), start=int(states) // 2, advance=ADVANCE, retreat=ADVANCE,
                     cost_a=(cost_serious, cost_stalling), cost_b=cost_b, discount=(DISCOUNT, DISCOUNT),
                     talks=rate, authority=AUTHORITY, enforce=(enforce, enforce), belief_points=BELIEF_POINTS)
    solution = solve(game, backend=backend)
    out = {}
    for prior in priors:
        rows = []
        for weight in (0.0, 1.0):
            ended = np.maximum.accumulate(np.minimum(outcomes(solution, belief=prior, stalling_weight=weight).ended_by,
                                                     1.0))
            ended[-1] = 1.0  # the line freezes at the horizon
            rows.append(np.diff(np.concatenate([[0.0], ended])))
        out[prior] = np.array(rows)
    return out


@dataclass(frozen=True)
class Table:
    """Every grid point (``points[i]`` in the order of :data:`NAMES`) and its duration pmf ``pmfs[i]``."""

    points: np.ndarray
    pmfs: np.ndarray

    def loglik(self, months: np.ndarray) -> np.ndarray:
        """Log-likelihood of whole months of war (>= 1) at every grid point."""
        counts = np.bincount(np.asarray(months, dtype=int) - 1, minlength=self.pmfs.shape[1])
        return np.log(np.maximum(self.pmfs, _TINY)) @ counts


def _freeze(grid: dict) -> tuple:
    return tuple((name, tuple(grid[name])) for name in NAMES)


def pmf_table(horizon: int, grid: dict | None = None) -> Table:
    """The pmf at every point of ``grid`` (default :data:`GRID`), computed once per (horizon, grid)."""
    return _table(int(horizon), _freeze(grid or GRID))


@lru_cache(maxsize=4)
def _table(horizon: int, frozen: tuple) -> Table:
    grid = dict(frozen)
    points, pmfs = [], []
    for rate, cs, cst, cb, e, n in itertools.product(*(grid[k] for k in NAMES[:-1])):
        if cst > cs:
            continue  # the stalling type bears the war more easily (its resolve): not the serious type's mirror
        by_prior = type_pmfs(rate, cs, cst, cb, e, n, grid["prior"], horizon)
        for prior, rows in by_prior.items():
            points.append((rate, cs, cst, cb, e, n, prior))
            pmfs.append((1 - prior) * rows[0] + prior * rows[1])
    return Table(np.array(points, dtype=float), np.maximum(np.array(pmfs), _TINY))


@dataclass(frozen=True)
class TypesFit:
    """The grid point of highest likelihood, its log-likelihood and pmf, and each parameter's 95% profile range."""

    params: dict[str, float]
    loglik: float
    n: int
    pmf_: np.ndarray
    ranges: dict[str, tuple[float, float]]

    def pmf(self, horizon: int) -> np.ndarray:
        out = np.full(horizon, _TINY)
        k = min(horizon, len(self.pmf_))
        out[:k] = self.pmf_[:k]
        return out


def fit_types(months: np.ndarray, table: Table) -> TypesFit:
    """Maximum likelihood over the grid on ``months`` only (module docstring), with profile ranges."""
    months = np.asarray(months, dtype=int)
    if len(months) == 0 or months.min() < 1:
        raise ValueError("months must be a non-empty array of whole months >= 1")
    ll = table.loglik(months)
    best = int(np.argmax(ll))
    ranges = {name: profile_range(table.points[:, j], ll) for j, name in enumerate(NAMES)}
    params = {name: float(table.points[best, j]) for j, name in enumerate(NAMES)}
    return TypesFit(params, float(ll[best]), len(months), table.pmfs[best], ranges)


def profile(values: np.ndarray, loglik: np.ndarray) -> dict[float, float]:
    """The profile log-likelihood: for each value of one parameter, the best over all the others."""
    return {float(v): float(loglik[values == v].max()) for v in np.unique(values)}


def profile_range(values: np.ndarray, loglik: np.ndarray, threshold: float = CHI2_95) -> tuple[float, float]:
    """The grid values whose profile log-likelihood is within ``threshold / 2`` of the maximum (95% by default)."""
    prof = profile(values, loglik)
    top = max(prof.values())
    kept = [v for v, ll in prof.items() if 2 * (top - ll) <= threshold]
    return (min(kept), max(kept))


def p_end_within(pmf: np.ndarray, age: int, months: int = 12) -> float:
    """P(T <= age + months | T > age) under ``pmf`` (``pmf[t - 1] = P(T = t)``)."""
    cdf = np.cumsum(pmf)
    alive = 1.0 - (cdf[age - 1] if age > 0 else 0.0)
    if alive <= 0:
        return 1.0
    return float((cdf[min(age + months, len(pmf)) - 1] - (cdf[age - 1] if age > 0 else 0.0)) / alive)


def stalling_posterior(params: dict[str, float], age: int, horizon: int) -> float:
    """P(stalling | the war has lasted ``age`` months) in the fitted game, by Bayes' rule on each type's survival.

    ``prior x S_stalling(age) / (prior x S_stalling(age) + (1 - prior) x S_serious(age))``, with ``S_k`` the
    type's probability of fighting beyond ``age`` months (O16's conditioning on age, with the game's types as
    the two kinds of war).
    """
    prior = params["prior"]
    rows = type_pmfs(params["rate"], params["cost_serious"], params["cost_stalling"], params["cost_b"],
                     params["enforce"], params["states"], (prior,), horizon)[prior]
    alive = 1.0 - rows[:, :age].sum(axis=1)
    num = prior * alive[1]
    return float(num / (num + (1 - prior) * alive[0]))
