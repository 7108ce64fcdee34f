"""Checked against history: what the war model predicts from what is known when a war or crisis starts.

Three checks, each out of sample or against an interval (see
``docs/explanation/war-history.md`` for the reading of the results):

1. **Durations** (COW inter-state wars v4.0, 95 wars): the front-and-hazard
   model (:mod:`.front`, fitted by :mod:`.fit`) is fitted on four
   fifths of the wars and scored on the fifth left out, five times over
   (seeded folds). Reported: the randomised PIT of each war's duration under
   the fold's fit and its Kolmogorov-Smirnov test against uniform; predicted
   versus observed share of wars over within 6, 12 and 24 months (Wilson 95%
   intervals); out-of-sample log score against the settlement-only
   (geometric) baseline; quantiles observed (bootstrap 90% intervals) versus
   fitted on all wars. And in time: fitted on the wars begun before 1914,
   scored on those begun since.
2. **Who prevails** (decided wars): the initiator's side's win probability
   implied by the walk, with its step probability linked to the starting
   coalitions' sizes and major powers (COW majors 2011), cross-validated the
   same way; a reliability table, and the Brier score against the base rate
   of the training folds. Also: the model's probability that a war ends by
   settlement before the front decides it, against the share of wars COW
   codes as compromise or stalemate.
3. **Crises** (ICB v14, 487 crises): how often crises with a major power
   among the crisis actors end in an agreement (``forout`` 1 or 2) or in
   reduced tension (``outesr`` 2), against crises without one, with
   intervals. ICB's mediation and great-power-involvement codes (``mediate``,
   ``gpinv``, ...) are not used: we could not read their meaning in the
   codebook (see the explanation page). And the settlement-only model's
   monthly hazard of a crisis ending, with and without a major power.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import kstest

from ...datasets import reference_path
from ...io.cow import read_cow_wars, read_majors
from ...io.icb import read_icb_actors, read_icb_crises
from ...rng import child_seeds
from ..calibration import bootstrap_interval, count_forecast, folds, randomized_pit, reliability_table, wilson_interval
from .cases import actor_table, crisis_table, war_table
from .fit import fit_duration, fit_geometric, fit_mixture, fit_outcome

K_FOLDS = 5
WINDOWS = (6, 12, 24)
QUANTILES = (0.25, 0.5, 0.75, 0.9)
RELIABILITY_BINS = 4  # equal-count bins of the out-of-sample predictions
DEFAULT_SEED = 2026
SPLIT_YEAR = 1914  # the temporal check: fitted on wars begun before, scored on wars begun from this year
# the duration models compared: the front-and-hazard model, its settlement-only baseline, two kinds of war
DURATION_FITS = {"model": fit_duration, "geometric": fit_geometric, "mixture": fit_mixture}


@dataclass(frozen=True)
class WarHistoryInputs:
    """Paths of the four data files (the shipped copies by default)."""

    cow: Path = field(default_factory=lambda: reference_path("war", "Inter-StateWarData_v4.0.csv"))
    majors: Path = field(default_factory=lambda: reference_path("war", "majors2011.csv"))
    icb1: Path = field(default_factory=lambda: reference_path("war", "icb1v14.csv"))
    icb2: Path = field(default_factory=lambda: reference_path("war", "icb2v14.csv"))


@dataclass
class WarHistory:
    """The results: tidy tables plus headline numbers (``summary``), all from one seed."""

    seed: int
    wars: pd.DataFrame
    crises: pd.DataFrame
    duration_windows: pd.DataFrame
    duration_quantiles: pd.DataFrame
    reliability: pd.DataFrame
    crisis_rates: pd.DataFrame
    crisis_hazards: pd.DataFrame
    survival: pd.DataFrame
    pit: np.ndarray
    summary: dict

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables under the captions used by the CLI and the HTML report."""
        return {"Wars over within T months: predicted (out of sample) vs observed": self.duration_windows,
                "Duration quantiles (months): observed vs fitted": self.duration_quantiles,
                "Who prevails: reliability of P(initiator's side wins), out of sample": self.reliability,
                "ICB crises: outcome with and without a major power (Wilson 95%)": self.crisis_rates,
                "ICB crises: monthly hazard of ending (bootstrap 90%)": self.crisis_hazards}

    def to_dict(self) -> dict:
        """JSON-ready form: the summary and every table as a list of records."""
        return {"seed": self.seed, "summary": self.summary,
                "tables": {"duration_windows": _records(self.duration_windows),
                           "duration_quantiles": _records(self.duration_quantiles),
                           "reliability": _records(self.reliability),
                           "crisis_rates": _records(self.crisis_rates),
                           "crisis_hazards": _records(self.crisis_hazards)}}

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """The run store's ``summaries``: the headline numbers (``summary``) under issue ``war-history``."""
        rows = [("war-history", key, float(value)) for key, value in self.summary.items()
                if isinstance(value, (int, float)) and not isinstance(value, bool)]
        return {"summaries": pd.DataFrame(rows, columns=["issue", "statistic", "value"])}

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame], record: dict) -> "WarHistory":
        """A stored run's headline numbers with its seed; the tables are not stored (they are empty here)."""
        rows = tables.get("summaries")
        summary = {} if rows is None else dict(zip(rows["statistic"], rows["value"].astype(float)))
        empty = pd.DataFrame()
        return cls(int(record["seed"] or 0), *[empty] * 8, np.array([]), summary)


def war_history(inputs: WarHistoryInputs | None = None, seed: int = DEFAULT_SEED) -> WarHistory:
    """Run the three checks on the COW and ICB data (see the module docstring)."""
    inputs = inputs or WarHistoryInputs()
    majors = read_majors(inputs.majors)
    wars = war_table(read_cow_wars(inputs.cow), majors)
    actors = read_icb_actors(inputs.icb2)
    crises = crisis_table(read_icb_crises(inputs.icb1), actors, majors)
    crisis_actors = actor_table(actors, majors)
    fold_seed, pit_seed, boot_seed, split_seed = child_seeds(seed, 4)
    fold_of = folds(len(wars), K_FOLDS, np.random.default_rng(fold_seed))
    boot_rng = np.random.default_rng(boot_seed)
    durations = _durations(wars, fold_of, np.random.default_rng(pit_seed), boot_rng)
    prevails = _prevails(wars, fold_of, durations["fold_fits"], durations["full_fit"], boot_rng)
    rates, crisis_summary = _crisis_rates(crises, crisis_actors, boot_rng)
    hazards, hazard_summary = _crisis_hazards(crises, boot_rng)
    temporal = _temporal(wars, np.random.default_rng(split_seed))
    summary = {"wars": int(len(wars)), "crises": int(len(crises)), **durations["summary"], **temporal,
               **prevails["summary"], **crisis_summary, **hazard_summary}
    return WarHistory(seed, wars, crises, durations["windows"], durations["quantiles"], prevails["reliability"],
                      rates, hazards, durations["survival"], durations["pit"], summary)


def _durations(wars: pd.DataFrame, fold_of: np.ndarray, pit_rng, boot_rng) -> dict:
    """Check 1 in folds: each war scored by the fits to the other folds (PIT, log score, windows), and quantiles."""
    months = wars["months"].to_numpy()
    horizon = int(max(months.max(), max(WINDOWS)))
    cdf_below = np.zeros((len(DURATION_FITS), len(months)))
    cdf_at, log_score = np.zeros_like(cdf_below), np.zeros_like(cdf_below)
    within = {name: np.zeros((len(months), len(WINDOWS))) for name in DURATION_FITS}
    fold_fits = []
    for k in range(K_FOLDS):
        train, test = fold_of != k, fold_of == k
        for i, (name, fit) in enumerate(DURATION_FITS.items()):
            fitted = fit(months[train])
            if name == "model":
                fold_fits.append(fitted)
            pmf = fitted.pmf(horizon)
            cdf_below[i, test], cdf_at[i, test], log_score[i, test] = count_forecast(pmf, months[test])
            within[name][test] = np.cumsum(pmf)[np.array(WINDOWS) - 1]
    # the same uniform draws for every model's PIT
    pits = dict(zip(DURATION_FITS, randomized_pit(cdf_below, cdf_at, pit_rng)))
    log_scores = dict(zip(DURATION_FITS, log_score.mean(axis=1)))
    windows = []
    for j, window in enumerate(WINDOWS):
        k, n = int((months <= window).sum()), len(months)
        lo, hi = wilson_interval(k, n)
        predicted = float(within["model"][:, j].mean())
        windows.append({"within_months": window, "predicted": predicted, "observed": k / n, "low": lo, "high": hi,
                        "fits": bool(lo <= predicted <= hi),
                        "two_kinds_of_war": float(within["mixture"][:, j].mean())})
    full, geometric, mixture = (fit(months) for fit in DURATION_FITS.values())
    cdf_full = np.cumsum(full.pmf(horizon * 4))
    quantiles = []
    for q in QUANTILES:
        lo, hi = bootstrap_interval(months, lambda m, q=q: np.quantile(m, q, axis=1), boot_rng)
        fitted = int(np.searchsorted(cdf_full, q) + 1)
        quantiles.append({"quantile": q, "observed": float(np.quantile(months, q)), "low": lo, "high": hi,
                          "fitted": fitted, "fits": bool(lo <= fitted <= hi)})
    t = np.arange(0, int(months.max()) + 1)
    survival = pd.DataFrame({"months": t, "observed": [(months > m).mean() for m in t],
                             "model": 1.0 - np.concatenate([[0.0], cdf_full[: len(t) - 1]]),
                             "geometric": (1.0 - geometric.hazard) ** t,
                             "two_kinds_of_war": 1.0 - np.concatenate([[0.0], np.cumsum(mixture.pmf(len(t)))[:-1]])})
    ks = {name: kstest(pit, "uniform") for name, pit in pits.items()}
    summary = {"duration_length": full.length, "duration_hazard": full.hazard,
               "duration_ks_statistic": float(ks["model"].statistic), "duration_ks_pvalue": float(ks["model"].pvalue),
               "duration_log_score": float(log_scores["model"]),
               "geometric_log_score": float(log_scores["geometric"]),
               "mixture_log_score": float(log_scores["mixture"]),
               "mixture_ks_pvalue": float(ks["mixture"].pvalue),
               "mixture_weight_fast": mixture.weight, "mixture_hazards": list(mixture.hazards),
               # Akaike (1974): 2k - 2 log L on all wars; k = 2 (front, hazard), 1 (hazard), 3 (two kinds)
               "aic_model": 4 - 2 * full.loglik, "aic_geometric": 2 - 2 * geometric.loglik,
               "aic_mixture": 6 - 2 * mixture.loglik,
               "settlement_probability": full.settlement_probability()}
    return {"windows": pd.DataFrame(windows), "quantiles": pd.DataFrame(quantiles), "survival": survival,
            "pit": pits["model"], "summary": summary, "fold_fits": fold_fits, "full_fit": full}


def _temporal(wars: pd.DataFrame, rng) -> dict:
    """Fitted on the wars begun before ``SPLIT_YEAR``, scored on the later ones: log score and PIT/KS."""
    months, later = wars["months"].to_numpy(), (wars["start_year"] >= SPLIT_YEAR).to_numpy()
    horizon = int(months.max())
    scored = [count_forecast(fit(months[~later]).pmf(horizon), months[later]) for fit in DURATION_FITS.values()]
    below, at, log_score = (np.stack(part) for part in zip(*scored))
    pits = randomized_pit(below, at, rng)  # the same uniform draws for every model's PIT
    out = {"temporal_split_year": SPLIT_YEAR, "temporal_train_wars": int((~later).sum()),
           "temporal_test_wars": int(later.sum())}
    for i, name in enumerate(DURATION_FITS):
        out[f"temporal_{name}_log_score"] = float(log_score[i].mean())
        out[f"temporal_{name}_ks_pvalue"] = float(kstest(pits[i], "uniform").pvalue)
    return out


def _features(wars: pd.DataFrame) -> np.ndarray:
    """Rows ``[1, ds, dm]``: initiator's side minus the other, in starting states and major powers."""
    side = wars["initiator_side"].to_numpy(dtype=int)
    states = np.where(side == 1, wars["states_1"] - wars["states_2"], wars["states_2"] - wars["states_1"])
    majors = np.where(side == 1, wars["majors_1"] - wars["majors_2"], wars["majors_2"] - wars["majors_1"])
    return np.column_stack([np.ones(len(wars)), states, majors]).astype(float)


def _prevails(wars: pd.DataFrame, fold_of: np.ndarray, fold_fits: list, full_fit, boot_rng) -> dict:
    decided = (wars["result"] == "decided").to_numpy() & wars["initiator_side"].notna().to_numpy()
    won = (wars["winner_side"] == wars["initiator_side"]).to_numpy()
    x = _features(wars)
    predicted, base = np.full(len(wars), np.nan), np.full(len(wars), np.nan)
    for k in range(K_FOLDS):
        train, test = (fold_of != k), (fold_of == k) & decided
        fit = fit_outcome(x[train & decided], won[train & decided], fold_fits[k])
        predicted[test] = fit.win_probability(x[test])
        base[test] = won[train & decided].mean()
    p, b, y = predicted[decided], base[decided], won[decided].astype(float)
    brier, brier_base = float(np.mean((p - y) ** 2)), float(np.mean((b - y) ** 2))
    paired = np.column_stack([p, b, y])
    lo, hi = bootstrap_interval(paired, lambda r: np.mean((r[..., 0] - r[..., 2]) ** 2 - (r[..., 1] - r[..., 2]) ** 2,
                                                          axis=1), boot_rng)
    full = fit_outcome(x[decided], won[decided], full_fit)
    draws = int((wars["result"] == "draw").sum())
    ended = draws + int(decided.sum())
    d_lo, d_hi = wilson_interval(draws, ended)
    settle = full_fit.settlement_probability()
    summary = {"decided_wars": int(decided.sum()), "initiator_wins": int(won[decided].sum()),
               "brier_model": brier, "brier_base_rate": brier_base, "brier_difference_low": lo,
               "brier_difference_high": hi, "outcome_coefficients": list(full.coefficients),
               "draw_wars": draws, "draw_share": draws / ended, "draw_share_low": d_lo, "draw_share_high": d_hi,
               "settlement_fits": bool(d_lo <= settle <= d_hi)}
    inner = np.quantile(p, np.linspace(0, 1, RELIABILITY_BINS + 1)[1:-1])
    edges = tuple(float(e) for e in np.unique(np.concatenate([[0.0], np.round(inner, 3), [1.0]])))
    return {"reliability": reliability_table(p, y.astype(bool), edges), "summary": summary}


def _crisis_rates(crises: pd.DataFrame, actors: pd.DataFrame, boot_rng) -> tuple[pd.DataFrame, dict]:
    rows, summary = [], {}
    cases = (("agreement", crises, "major_power_actor", "crises with a major power among the actors"),
             ("tension_reduced", crises, "major_power_actor", "crises with a major power among the actors"),
             ("victory", actors, "major_power", "crisis actors that are major powers"))
    for outcome, frame, flag_column, label in cases:
        known = frame[frame[outcome].notna()]
        groups = {}
        for flag in (True, False):
            y = known.loc[known[flag_column] == flag, outcome].astype(bool).to_numpy()
            lo, hi = wilson_interval(int(y.sum()), len(y))
            groups[flag] = y
            group = label if flag else label.replace("with a", "without a").replace("that are", "that are not")
            rows.append({"outcome": outcome, "group": group, "major_power": flag, "n": len(y),
                         "share": float(y.mean()), "low": lo, "high": hi})
        both = np.concatenate([groups[True], groups[False]]).astype(float)
        is_major = np.concatenate([np.ones(len(groups[True])), np.zeros(len(groups[False]))])
        lo, hi = bootstrap_interval(np.column_stack([both, is_major]), _share_difference, boot_rng)
        summary[f"{outcome}_difference"] = float(groups[True].mean() - groups[False].mean())
        summary[f"{outcome}_difference_low"], summary[f"{outcome}_difference_high"] = lo, hi
    return pd.DataFrame(rows), summary


def _crisis_hazards(crises: pd.DataFrame, boot_rng) -> tuple[pd.DataFrame, dict]:
    """The settlement-only model's hazard for crises, ``h = n / sum(months)`` (its MLE), by major-power participation.

    The model's third parties act on this parameter; here great powers are parties to the crisis.
    """
    known = crises[crises["months"].notna()]
    rows, samples = [], {}
    for flag, label in ((True, "major power among the actors"), (False, "no major power among the actors")):
        months = known.loc[known["major_power_actor"] == flag, "months"].to_numpy(dtype=float)
        lo, hi = bootstrap_interval(months, lambda m: m.shape[1] / m.sum(axis=1), boot_rng)
        samples[flag] = months
        rows.append({"crises": label, "major_power": flag, "n": len(months), "mean_months": float(months.mean()),
                     "hazard": len(months) / months.sum(), "low": lo, "high": hi})
    ratio = rows[0]["hazard"] / rows[1]["hazard"]
    both = np.column_stack([np.concatenate([samples[True], samples[False]]),
                            np.concatenate([np.ones(len(samples[True])), np.zeros(len(samples[False]))])])
    lo, hi = bootstrap_interval(both, _hazard_ratio, boot_rng)
    return pd.DataFrame(rows), {"crisis_hazard_ratio": float(ratio), "crisis_hazard_ratio_low": lo,
                                "crisis_hazard_ratio_high": hi}


def _hazard_ratio(rows: np.ndarray) -> np.ndarray:
    """Per resample (``(draws, n, 2)``: months, major flag): hazard with a major power over hazard without."""
    months, major = rows[..., 0], rows[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (major.sum(axis=1) / (months * major).sum(axis=1)) / \
                ((1 - major).sum(axis=1) / (months * (1 - major)).sum(axis=1))
    return np.nan_to_num(ratio, nan=1.0)


def _share_difference(rows: np.ndarray) -> np.ndarray:
    """Per resample (rows shaped ``(draws, n, 2)``: outcome, major flag): share among majors minus among the rest."""
    y, major = rows[..., 0], rows[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = (y * major).sum(axis=1) / major.sum(axis=1) - (y * (1 - major)).sum(axis=1) / (1 - major).sum(axis=1)
    return np.nan_to_num(diff)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in frame.to_dict("records")]
