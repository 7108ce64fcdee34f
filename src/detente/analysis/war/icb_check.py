"""Who prevails and how crises end, forecast out of sample against ICB v14, each beside its base rate.

``detente war-history`` shows ICB's outcome shares with and without a major
power (:mod:`.history`, check 3): a description. Here the same reading is a
forecast scored out of sample. The war model's reading is that capability
and great-power weight move outcomes: a side with more of it prevails more
often (the front's drift, :mod:`.fit`'s outcome link) and third parties with
a stake make settlement likelier (:mod:`detente.models.war.third_parties`).
Its forecast of an ICB case is the training cases' share of the outcome among
cases with the same major-power flag (the maximum-likelihood Bernoulli per
group); the base rate is the training cases' share overall, ignoring the flag.
Both are scored on the held-out cases with the Brier score (Brier 1950) and
the log score (Good 1952), and the model's skill is ``1 - Brier / Brier of the
base rate`` (positive: it beats the base rate).

Outcomes (codes in :mod:`.cases`): an actor's ``victory`` (``outcom`` 1, against
compromise, stalemate, defeat) given that the actor is a COW major power; a
crisis's ``agreement`` (``forout`` 1 or 2) and ``tension_reduced`` (``outesr``
2) given a major power among its actors. Splits: war-history's five seeded
folds (by crisis, so an actor's rows in one crisis stay together), and in time
(fitted on crises triggered before :data:`SPLIT_YEAR`, scored on the rest).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...rng import child_seeds
from ..calibration import folds
from .cases import actor_table, crisis_table
from .history import DEFAULT_SEED, K_FOLDS, WarHistoryInputs

SPLIT_YEAR = 1970  # ICB v14 runs 1918-2015: about half its crises begin before 1970
_EPS = 1e-6
OUTCOMES = (("victory", "actors", "major_power", "an actor prevails (victory), given it is a major power"),
            ("agreement", "crises", "major_power_actor", "a crisis ends in an agreement, given a major-power actor"),
            ("tension_reduced", "crises", "major_power_actor", "tension falls after it, given a major-power actor"))


def icb_frames(inputs: WarHistoryInputs | None = None) -> dict[str, pd.DataFrame]:
    """ICB's crisis table and actor table (:mod:`.cases`), the actors with their crisis's trigger year."""
    from ...io.cow import read_majors
    from ...io.icb import read_icb_actors, read_icb_crises

    inputs = inputs or WarHistoryInputs()
    majors = read_majors(inputs.majors)
    actors_raw = read_icb_actors(inputs.icb2)
    crises = crisis_table(read_icb_crises(inputs.icb1), actors_raw, majors)
    actors = actor_table(actors_raw, majors).merge(crises[["crisno", "trigger_year"]], on="crisno", how="left")
    return {"crises": crises, "actors": actors}


def _forecast(train_y, train_flag, test_flag) -> tuple[np.ndarray, np.ndarray]:
    """The model's (share per flag group) and the base rate's (share overall) forecasts for the test cases."""
    base = np.full(len(test_flag), train_y.mean())
    by_group = {flag: train_y[train_flag == flag].mean() if (train_flag == flag).any() else train_y.mean()
                for flag in (True, False)}
    return np.array([by_group[bool(f)] for f in test_flag]), base


def _scores(p: np.ndarray, y: np.ndarray) -> dict:
    p = np.clip(p, _EPS, 1 - _EPS)
    return {"brier": float(np.mean((p - y) ** 2)), "log_score": float(np.mean(np.where(y, np.log(p), np.log1p(-p))))}


def _row(outcome, label, split, y, model, base) -> dict:
    m, b = _scores(model, y), _scores(base, y)
    return {"outcome": outcome, "question": label, "split": split, "cases": int(len(y)), "observed": float(y.mean()),
            "model_brier": m["brier"], "base_rate_brier": b["brier"], "skill": 1 - m["brier"] / b["brier"],
            "model_log_score": m["log_score"], "base_rate_log_score": b["log_score"]}


def icb_check(seed: int = DEFAULT_SEED, frames: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per outcome and split: held-out cases, observed share, the model's and the base rate's scores."""
    frames = frames or icb_frames()
    fold_seed = child_seeds(seed, 4)[0]
    crisis_ids = frames["crises"]["crisno"].to_numpy()
    fold_of_crisis = dict(zip(crisis_ids, folds(len(crisis_ids), K_FOLDS, np.random.default_rng(fold_seed))))
    rows = []
    for outcome, frame_name, flag_column, label in OUTCOMES:
        frame = frames[frame_name]
        frame = frame[frame[outcome].notna()]
        y, flag = frame[outcome].astype(bool).to_numpy(), frame[flag_column].astype(bool).to_numpy()
        fold_of = frame["crisno"].map(fold_of_crisis).to_numpy()
        model, base = np.zeros(len(y)), np.zeros(len(y))
        for k in range(K_FOLDS):
            test = fold_of == k
            model[test], base[test] = _forecast(y[~test], flag[~test], flag[test])
        rows.append(_row(outcome, label, "5 folds", y, model, base))
        later = frame["trigger_year"].to_numpy() >= SPLIT_YEAR
        model_t, base_t = _forecast(y[~later], flag[~later], flag[later])
        rows.append(_row(outcome, label, f"fitted before {SPLIT_YEAR}, scored after", y[later], model_t, base_t))
    return pd.DataFrame(rows)
