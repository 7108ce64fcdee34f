"""The war game's own durations scored against the COW wars, out of sample, with ``detente war-history``'s scores.

``detente war-history`` scores a reduced form (a front walk plus a settlement
hazard, :mod:`.front`). Here the strategic model itself is scored: the war game
(:mod:`detente.models.war`) on a generic war, one issue and a symmetric lazy front (a step
either way with probability ``ADVANCE`` a month, else still: a walk that always moves
could end a war only every other month) starting in the middle (:func:`detente.models.war.gamedef.make_game`),
both sides' types as in the shipped scenarios (the stalling type's cost half the
serious type's, prior 0.5), authority ``AUTHORITY`` (the scenarios' minister level),
monthly discount 0.99. Its free numbers are what no source gives, so they are fitted here:

* ``rate``, the monthly chance of a round of talks,
* ``cost``, a month of war's cost to each side in stake units, and
* ``states``, the front's granularity (as the reduced form's front length).

A war's length in the game is the month it ends by any route (a settlement,
either side quitting, the front reaching an end), or the horizon, where the line
freezes; ``pmf[t - 1] = P(T = t)`` (COW's ``months``: days of fighting / 30.4375
rounded up, :mod:`.cases`). Each grid point's pmf is computed once; a fit is the
grid point of highest likelihood on the training wars (a grid, not a search:
each point is a full backward induction).

Scored exactly as ``detente war-history`` scores its models, with its folds and
seeds (:func:`detente.analysis.war.history.war_history`): five seeded folds and
the temporal split (fitted on wars begun before 1914, scored on the rest);
randomised PIT with Kolmogorov-Smirnov against uniform, and the mean log score
beside the hazard-only (geometric) baseline and the two kinds of war. Also the
fitted game's P(a war aged 39 months ends within 12 more), beside O16's
mixture (``shared/notes/war2.md``).

This game's types are fixed and differ little, so its hazard is flat in the war's
age where COW's falls; :mod:`.types_fit` frees the type gap, the prior and the
commitment problem, and :mod:`.types_check` scores that game the same way (it
matches the two kinds of war out of sample; the scenarios' fitted numbers come
from it).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.stats import kstest

from ...datasets import reference_path
from ...io.cow import read_cow_wars, read_majors
from ...rng import child_seeds
from ..calibration import count_forecast, folds, randomized_pit
from .cases import war_table
from .fit import fit_geometric, fit_mixture
from .history import DEFAULT_SEED, K_FOLDS, SPLIT_YEAR

STATES = (11, 21, 41)
AUTHORITY = 0.4
DISCOUNT = 0.99
BELIEF_POINTS = 5
ADVANCE = 0.25  # a lazy symmetric walk (O17's form): a step either way a quarter of the months, still half
RATES = (0.01, 0.03, 0.1, 0.3)
COSTS = (0.0, 0.0003, 0.001, 0.004, 0.015)
_TINY = 1e-12


def duration_pmf(rate: float, cost: float, horizon: int, states: int = 11) -> np.ndarray:
    """``P(T = t)``, ``t = 1..horizon``, of the generic war (module docstring); the rest of the mass is at ``horizon``."""
    from ...models.war.forward import outcomes
    from ...models.war.gamedef import make_game
    from ...models.war.solution import solve

    game = make_game(horizon=horizon, states=states, start=states // 2, advance=ADVANCE, retreat=ADVANCE,
                     cost_a=(cost, cost / 2),
                     cost_b=cost, discount=(DISCOUNT, DISCOUNT), talks=rate, authority=AUTHORITY,
                     belief_points=BELIEF_POINTS)
    out = outcomes(solve(game, backend="numpy"), belief=0.5, stalling_weight=0.5)
    ended = np.minimum(out.settled_by + out.quit_a_by + out.quit_b_by + out.won_a_by + out.won_b_by, 1.0)
    ended = np.maximum.accumulate(ended)
    ended[-1] = 1.0  # the line freezes at the horizon
    return np.maximum(np.diff(np.concatenate([[0.0], ended])), _TINY)


@dataclass(frozen=True)
class GameFit:
    """The grid point that fits the training wars best."""

    rate: float
    cost: float
    states: int
    loglik: float
    n: int
    pmf_: np.ndarray

    def pmf(self, horizon: int) -> np.ndarray:
        out = np.full(horizon, _TINY)
        k = min(horizon, len(self.pmf_))
        out[:k] = self.pmf_[:k]
        return out


def pmf_table(horizon: int, rates=RATES, costs=COSTS, states=STATES) -> dict[tuple, np.ndarray]:
    """Every grid point's duration pmf, keyed ``(rate, cost, states)`` (one game solve each)."""
    return {(r, c, n): duration_pmf(r, c, horizon, n) for r, c, n in itertools.product(rates, costs, states)}


def fit_game(months: np.ndarray, table: dict[tuple, np.ndarray]) -> GameFit:
    """Maximum likelihood over the grid: the point whose pmf gives ``months`` the highest log likelihood."""
    months = np.asarray(months, dtype=int)
    best = max(table.items(), key=lambda item: np.log(item[1][months - 1]).sum())
    (rate, cost, states), pmf = best
    return GameFit(rate, cost, states, float(np.log(pmf[months - 1]).sum()), len(months), pmf)


def p_end_within(pmf: np.ndarray, age: int, months: int = 12) -> float:
    """P(T <= age + months | T > age) under ``pmf``."""
    cdf = np.cumsum(pmf)
    alive = 1.0 - cdf[age - 1]
    return float((cdf[min(age + months, len(pmf)) - 1] - cdf[age - 1]) / alive) if alive > 0 else 1.0


def strategic_check(seed: int = DEFAULT_SEED, table: dict | None = None) -> dict:
    """The game's durations against COW: cross-validated and temporal scores beside the baselines'."""
    wars = war_table(read_cow_wars(reference_path("war", "Inter-StateWarData_v4.0.csv")),
                     read_majors(reference_path("war", "majors2011.csv")))
    months = wars["months"].to_numpy()
    horizon = int(months.max()) + 1
    table = table if table is not None else pmf_table(horizon)
    fold_seed, pit_seed, _, split_seed = child_seeds(seed, 4)  # the same streams as war_history
    fold_of = folds(len(months), K_FOLDS, np.random.default_rng(fold_seed))
    fits = {"game": lambda m: fit_game(m, table), "geometric": fit_geometric, "mixture": fit_mixture}
    below, at, logs = (np.zeros((len(fits), len(months))) for _ in range(3))
    chosen = []
    for k in range(K_FOLDS):
        train, test = fold_of != k, fold_of == k
        for i, fit in enumerate(fits.values()):
            fitted = fit(months[train])
            if i == 0:
                chosen.append((fitted.rate, fitted.cost, fitted.states))
            below[i, test], at[i, test], logs[i, test] = count_forecast(fitted.pmf(horizon), months[test])
    pits = randomized_pit(below, at, np.random.default_rng(pit_seed))
    out = {"wars": int(len(months)), "grid_rates": sorted({k[0] for k in table}),
           "grid_costs": sorted({k[1] for k in table}), "grid_states": sorted({k[2] for k in table}),
           "fold_fits": chosen}
    for i, name in enumerate(fits):
        out[f"{name}_log_score"] = float(logs[i].mean())
        out[f"{name}_ks_pvalue"] = float(kstest(pits[i], "uniform").pvalue)
    out["game_ks_statistic"] = float(kstest(pits[0], "uniform").statistic)
    later = (wars["start_year"] >= SPLIT_YEAR).to_numpy()
    scored = [count_forecast(fit(months[~later]).pmf(horizon), months[later]) for fit in fits.values()]
    tb, ta, tl = (np.stack(part) for part in zip(*scored))
    tpits = randomized_pit(tb, ta, np.random.default_rng(split_seed))
    for i, name in enumerate(fits):
        out[f"temporal_{name}_log_score"] = float(tl[i].mean())
        out[f"temporal_{name}_ks_pvalue"] = float(kstest(tpits[i], "uniform").pvalue)
    full = fit_game(months, table)
    # Akaike (1974) as war-history: k = 3 (rate, cost, states) on all wars
    out.update(rate=full.rate, cost=full.cost, states=full.states, aic_game=6 - 2 * full.loglik,
               p_end_within_12_at_39=p_end_within(full.pmf(horizon), 39))
    return out
