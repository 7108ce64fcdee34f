"""The two-type war game (:mod:`.types_fit`) scored out of sample against COW, beside ``detente war-history``'s baselines.

Three out-of-sample checks, each fitting the game, the hazard-only (geometric)
baseline and the two-kinds-of-war mixture (:mod:`.fit`) on the same training
wars and scoring all three on the same held-out wars, with the scores
``detente war-history`` reports (:mod:`.history`): the mean log score (Good
1952) and the Kolmogorov-Smirnov p-value of the randomised PIT against uniform
(Czado, Gneiting & Held 2009), with the same seeds:

* ``cv``: war-history's five seeded folds;
* ``temporal``: fitted on wars begun before 1914, scored on the rest (war-history's split);
* ``ended``: fitted on the wars whose last day of fighting is before
  ``END_YEAR`` (1945: 56 of 95 wars), scored on the 39 that ended from then,
  with the durations *conditioned on the war's age*: for each age ``a`` in
  :data:`AGES`, the held-out wars still going at ``a`` months and the share of
  them over within 12 more, observed (Wilson 95%) and forecast by each model,
  ``P(T <= a + 12 | T > a)``.

The game's fit on all 95 wars, with its 95% profile-likelihood ranges, is
what the scenarios carry; the one on the wars ended before a node is what a
historical node may use (:func:`fit_before`).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from scipy.stats import kstest

from ...datasets import reference_path
from ...io.cow import read_cow_wars, read_majors
from ...rng import child_seeds
from ..calibration import count_forecast, folds, randomized_pit, wilson_interval
from .cases import war_table
from .fit import fit_geometric, fit_mixture
from .history import DEFAULT_SEED, K_FOLDS, SPLIT_YEAR
from .types_fit import Table, fit_types, p_end_within, pmf_table

END_YEAR = 1945
AGES = (0, 6, 12, 24, 36)


def cow_wars() -> pd.DataFrame:
    """COW's wars (:func:`.cases.war_table`) with ``end``: the last day any participant fought."""
    participants = read_cow_wars(reference_path("war", "Inter-StateWarData_v4.0.csv"))
    ended: dict[int, date] = {}
    for p in participants:
        ended[p.war_num] = max(ended.get(p.war_num, p.end), p.end)
    wars = war_table(participants, read_majors(reference_path("war", "majors2011.csv")))
    return wars.assign(end=[ended[n] for n in wars["war_num"]])


def _models(table: Table) -> dict:
    return {"game": lambda m: fit_types(m, table), "geometric": fit_geometric, "mixture": fit_mixture}


def _score(fitted: list, months: np.ndarray, horizon: int, rng) -> dict:
    """Log score and KS p-value of each fitted model on ``months`` (one PIT draw shared by the models)."""
    below, at, logs = (np.stack(part) for part in zip(*(count_forecast(f.pmf(horizon), months) for f in fitted)))
    pits = randomized_pit(below, at, rng)
    return {"log_score": logs.mean(axis=1), "ks_pvalue": [kstest(p, "uniform").pvalue for p in pits]}


def _by_model(names, scores: dict, prefix: str) -> dict:
    return {f"{prefix}{name}_{key}": float(scores[key][i]) for i, name in enumerate(names) for key in scores}


def _cv(months: np.ndarray, table: Table, seed: int, horizon: int) -> dict:
    fold_seed, pit_seed, _, _ = child_seeds(seed, 4)  # war-history's streams
    fold_of = folds(len(months), K_FOLDS, np.random.default_rng(fold_seed))
    models = _models(table)
    below, at, logs = (np.zeros((len(models), len(months))) for _ in range(3))
    for k in range(K_FOLDS):
        train, test = fold_of != k, fold_of == k
        for i, fit in enumerate(models.values()):
            below[i, test], at[i, test], logs[i, test] = count_forecast(fit(months[train]).pmf(horizon), months[test])
    pits = randomized_pit(below, at, np.random.default_rng(pit_seed))
    return _by_model(models, {"log_score": logs.mean(axis=1),
                              "ks_pvalue": [kstest(p, "uniform").pvalue for p in pits]}, "cv_")


def _split(months: np.ndarray, train: np.ndarray, table: Table, rng, horizon: int, prefix: str) -> tuple[dict, list]:
    models = _models(table)
    fitted = [fit(months[train]) for fit in models.values()]
    out = _by_model(models, _score(fitted, months[~train], horizon, rng), prefix)
    out.update({f"{prefix}train_wars": int(train.sum()), f"{prefix}test_wars": int((~train).sum())})
    return out, fitted


def age_table(fitted: list, names, months: np.ndarray, horizon: int, ages=AGES, within: int = 12) -> pd.DataFrame:
    """Per age: held-out wars still going, the share over within ``within`` more months (Wilson 95%), forecasts."""
    rows = []
    for age in ages:
        alive = months > age
        n, k = int(alive.sum()), int((alive & (months <= age + within)).sum())
        if n == 0:
            continue
        low, high = wilson_interval(k, n)
        row = {"age_months": age, "wars_going": n, "observed": k / n, "observed_low": low, "observed_high": high}
        row.update({name: p_end_within(f.pmf(horizon), age, within) for name, f in zip(names, fitted)})
        rows.append(row)
    return pd.DataFrame(rows)


def types_check(seed: int = DEFAULT_SEED, table: Table | None = None, end_year: int = END_YEAR,
                wars: pd.DataFrame | None = None) -> dict:
    """The game with free types against COW, out of sample, beside the baselines (module docstring).

    ``wars``: :func:`cow_wars` by default (tests pass altered copies: the held-out wars' months must not move
    ``ended_fit``, the fit on the wars ended before ``end_year``).
    """
    wars = cow_wars() if wars is None else wars
    months = wars["months"].to_numpy()
    horizon = int(months.max()) + 1
    table = table if table is not None else pmf_table(horizon)
    _, _, _, split_seed = child_seeds(seed, 4)
    out = {"wars": int(len(months)), "grid_points": int(len(table.points)), **_cv(months, table, seed, horizon)}
    temporal, _ = _split(months, (wars["start_year"] < SPLIT_YEAR).to_numpy(), table,
                         np.random.default_rng(split_seed), horizon, "temporal_")
    ended = np.array([d.year < end_year for d in wars["end"]])
    by_end, fitted = _split(months, ended, table, np.random.default_rng([seed, end_year]), horizon, "ended_")
    full = fit_types(months, table)
    out.update(temporal, **by_end, end_year=end_year, temporal_split_year=SPLIT_YEAR,
               ended_fit=fitted[0].params,
               ages=age_table(fitted, _models(table), months[~ended], horizon).to_dict("records"),
               fit=full.params, ranges={k: list(v) for k, v in full.ranges.items()}, loglik=full.loglik,
               aic=2 * len(full.params) - 2 * full.loglik,
               p_end_within_12_at_39=p_end_within(full.pmf(horizon), 39))
    return out


def fit_before(node: date, table: Table | None = None):
    """The game fitted on the COW wars whose last day of fighting is before ``node`` (what was known at a node)."""
    wars = cow_wars()
    months = wars.loc[[d < node for d in wars["end"]], "months"].to_numpy()
    if len(months) < 10:
        raise ValueError(f"only {len(months)} COW wars ended before {node}: too few to fit the war game's types")
    horizon = int(wars["months"].max()) + 1
    return fit_types(months, table if table is not None else pmf_table(horizon))


def shipped_fit() -> dict:
    """The committed result of ``scripts/fit_war_types.py`` (``data/fits/war_types.json``): ``check`` (what
    :func:`types_check` returns, seed 2026), ``grid`` and per scenario its age targets and matched talks rate.
    Reading it costs nothing; :func:`types_check` refits (minutes)."""
    import json

    from ...datasets import FITS

    return json.loads((FITS / "war_types.json").read_text())
