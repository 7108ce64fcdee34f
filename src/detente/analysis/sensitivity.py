"""Global sensitivity: which actors' positions, saliences and capabilities drive each issue's outcome.

Uses SALib (Herman & Usher 2017, *JOSS* 2(9)):

- ``method="sobol"``: Saltelli's sampling (Saltelli 2002; Saltelli et al.
  2010, *Comput. Phys. Commun.* 181) and Sobol' first-order (S1) and total
  (ST) indices (Sobol' 2001), with bootstrap confidence intervals;
  ``n (d + 2)`` model runs for ``d`` factors.
- ``method="morris"``: elementary effects (Morris 1991, *Technometrics* 33;
  mu* of Campolongo et al. 2007), ``n (d + 1)`` runs; cheaper, for screening.

Factor ranges: a number given as a distribution varies over its range
(uniform and triangular: low-high; normal: mean +/- 2 sd), clipped to its
valid range. A plain number varies by default over position +/- 10% of the
issue's scale, salience +/- 0.2, capability x [0.5, 1.5].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..execution import run_draws
from ..scenario import Distribution, Scenario
from .draws import UncertainInput, uncertain_inputs, with_values
from .simulate import process_model

FIELDS = ("position", "salience", "capability")


@dataclass(frozen=True)
class Factor:
    """One input varied by the analysis, over [low, high]."""

    input: UncertainInput
    low: float
    high: float

    @property
    def label(self) -> str:
        return self.input.label


def factors(scenario: Scenario, fields: tuple[str, ...] = FIELDS, position_share: float = 0.1,
            salience_delta: float = 0.2, capability_factor: float = 0.5) -> list[Factor]:
    """The factors and their ranges (see the module docstring); zero-width ranges are left out."""
    declared = {(u.record, u.index, u.field): u for u in uncertain_inputs(scenario)}
    issues = {i.name: i for i in scenario.issues}
    out = []
    for k, a in enumerate(scenario.actors):
        if "capability" in fields:
            spec = declared.get(("actors", k, "capability"))
            lo, hi = distribution_range(spec.distribution) if spec else (a.capability * (1 - capability_factor),
                                                a.capability * (1 + capability_factor))
            out.append(_factor("actors", k, "capability", f"{a.name}.capability", lo, hi, 0.0, np.inf))
    for k, p in enumerate(scenario.positions):
        issue = issues[p.issue]
        for field in ("position", "salience"):
            if field not in fields:
                continue
            spec = declared.get(("positions", k, field))
            bounds = (issue.lower, issue.upper) if field == "position" else (0.0, 1.0)
            if spec:
                lo, hi = distribution_range(spec.distribution)
            elif field == "position":
                half = position_share * (issue.upper - issue.lower)
                lo, hi = p.position - half, p.position + half
            else:
                lo, hi = p.salience - salience_delta, p.salience + salience_delta
            out.append(_factor("positions", k, field, f"{p.actor}.{p.issue}.{field}", lo, hi, *bounds))
    return [f for f in out if f.high > f.low]


def distribution_range(d: Distribution) -> tuple[float, float]:
    """The range a number given as a distribution varies over: low-high, or mean +/- 2 sd if normal.

    Not yet clipped to the number's valid range. Shared with the war section's
    screening (:func:`detente.analysis.war.sensitivity.uncertain_ranges`).
    """
    return (d.mean - 2 * d.sd, d.mean + 2 * d.sd) if d.kind == "normal" else (d.low, d.high)


def _factor(record, index, field, label, lo, hi, lower, upper) -> Factor:
    lo, hi = max(lo, lower), min(hi, upper)
    return Factor(UncertainInput(record, index, field, label, None, lower, upper), lo, hi)


class SampleForecasts:
    """The forecast per issue for one row of the sample matrix, as a picklable function of the row's seed and
    values; the model is built once per process (:func:`detente.analysis.simulate.process_model`)."""

    def __init__(self, scenario: Scenario, model: str, params: dict[str, Any], inputs: list[UncertainInput]):
        self.scenario, self.model, self.params, self.inputs = scenario, model, dict(params), inputs

    def __call__(self, seed: np.random.SeedSequence, row: np.ndarray) -> list[float]:
        drawn = with_values(self.scenario, self.inputs, row)
        fc = process_model(self.model, self.params).forecast(drawn, rng=np.random.default_rng(seed))
        return [fc[i].forecast for i in self.scenario.issue_names]


@dataclass
class Sensitivity:
    """Indices per issue and factor, in a tidy table (:attr:`indices`)."""

    model: str
    method: str
    seed: int
    n_runs: int
    indices: pd.DataFrame

    def top(self, issue: str, k: int = 10) -> pd.DataFrame:
        key = "ST" if self.method == "sobol" else "mu_star"
        rows = self.indices[self.indices["issue"] == issue]
        return rows.sort_values(key, ascending=False).head(k)

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "method": self.method, "seed": self.seed, "runs": self.n_runs,
                "indices": self.indices.to_dict("records")}

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """The run store's ``indices``: issue, factor, statistic, value. The factors' ranges ``low``/``high`` are
        not indices: a run keeps them once per factor in its ``extra`` (:meth:`factor_ranges`)."""
        tidy = self.indices.drop(columns=["low", "high"]).melt(id_vars=["issue", "factor"], var_name="statistic",
                                                               value_name="value")
        return {"indices": tidy[["issue", "factor", "statistic", "value"]]}

    def factor_ranges(self) -> list[dict]:
        """Each factor's range, ``{"factor", "low", "high"}``, once per factor (the same for every issue), in the
        indices' order: what a run keeps in its ``extra`` as ``ranges``."""
        frame = self.indices[["factor", "low", "high"]].drop_duplicates("factor")
        return [{"factor": str(f), "low": float(lo), "high": float(hi)} for f, lo, hi in frame.itertuples(index=False)]

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame], record: dict[str, Any]) -> "Sensitivity":
        """The result of a stored run: its indices, with the factors' ranges when the run kept them (runs
        recorded before it did re-open without ``low``/``high``); raises ValueError when it kept no indices."""
        tidy = tables.get("indices")
        if tidy is None:
            raise ValueError(f"run {record['run_id']} has no stored indices")
        extra = record["extra"] or {}
        wide = tidy.pivot_table(index=["issue", "factor"], columns="statistic", values="value",
                                sort=False).reset_index()
        wide.columns.name = None
        if extra.get("ranges"):
            ranges = pd.DataFrame(extra["ranges"], columns=["factor", "low", "high"])
            statistics = [c for c in wide.columns if c not in ("issue", "factor")]
            wide = wide.merge(ranges, on="factor", how="left")[["issue", "factor", "low", "high", *statistics]]
        return cls(record["model"], extra.get("method", "sobol"), int(record["seed"] or 0), int(record["draws"] or 0),
                   wide)


#: The bootstrap seed used for a run seeded 0 (any fixed non-zero number would do).
ZERO_SEED_BOOTSTRAP = 0x5EED


def sobol_bootstrap_seed(seed: int) -> int:
    """The seed for SALib's Sobol' bootstrap (its confidence intervals) in a run seeded ``seed``.

    ``SALib.analyze.sobol.analyze`` seeds its resampling only when its ``seed`` is truthy (``if seed:``),
    so a run seeded 0 would draw its confidence intervals from numpy's global state and differ from run to
    run; 0 is therefore mapped to a fixed non-zero seed, every other seed passes unchanged.
    """
    return seed if seed else ZERO_SEED_BOOTSTRAP


def sensitivity(scenario: Scenario, model: str = "eum", *, method: str = "sobol", n: int = 128, seed: int = 0,
                params: dict[str, Any] | None = None, fields: tuple[str, ...] = FIELDS, executor=None,
                progress: Callable[[int], None] | None = None) -> Sensitivity:
    """Sobol' or Morris indices of every factor for every issue's forecast."""
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    if method not in ("sobol", "morris"):
        raise ValueError(f"method must be 'sobol' or 'morris', got {method!r}")
    params = dict(params or {})
    process_model(model, params)  # fail early on a bad model or parameter (the model this process reuses)
    fs = factors(scenario, fields)
    if not fs:
        raise ValueError("no factor to vary: every range is empty")
    problem = {"num_vars": len(fs), "names": [f.label for f in fs], "bounds": [[f.low, f.high] for f in fs]}
    if method == "sobol":
        x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    else:
        x = morris_sample.sample(problem, n, seed=seed)
    inputs = [f.input for f in fs]
    size = max(1, -(-len(x) // max(16, 4 * getattr(executor, "workers", 1))))
    y = np.array(run_draws(SampleForecasts(scenario, model, params, inputs), seed, len(x), executor, size,
                           values=x, progress=(lambda chunk: progress(len(chunk[0]))) if progress else None),
                 dtype=float).reshape(len(x), len(scenario.issue_names))
    rows = []
    for j, issue in enumerate(scenario.issue_names):
        yj = y[:, j]
        if np.ptp(yj) == 0:  # the outcome never moves: every index is zero
            res = {k: np.zeros(len(fs)) for k in ("S1", "S1_conf", "ST", "ST_conf", "mu_star", "mu_star_conf",
                                                  "sigma")}
        elif method == "sobol":
            res = sobol_analyze.analyze(problem, yj, calc_second_order=False, seed=sobol_bootstrap_seed(seed))
        else:
            res = morris_analyze.analyze(problem, x, yj, seed=seed)
        keys = ("S1", "S1_conf", "ST", "ST_conf") if method == "sobol" else ("mu_star", "mu_star_conf", "sigma")
        for k, f in enumerate(fs):
            rows.append({"issue": issue, "factor": f.label, "low": f.low, "high": f.high,
                         **{key: float(res[key][k]) for key in keys}})
    return Sensitivity(model, method, seed, len(x), pd.DataFrame(rows))
