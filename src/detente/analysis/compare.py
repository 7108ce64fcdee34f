"""Counterfactual comparison with common random numbers.

:func:`compare` runs a model on the baseline scenario and on the shocked one
over the *same* Monte Carlo draws: draw ``k`` of the baseline is drawn
first, then the shock is applied to it, so the difference per draw isolates
the shock's effect (common random numbers; e.g. Law, *Simulation Modeling
and Analysis*, 5th ed., section 11.2). Reported per issue: mean difference,
its 90% interval (5% and 95% quantiles of the per-draw differences), and the
probability that the shock raises the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..execution import run_draws
from ..scenario import Scenario
from ..tidy import draws_table, per_draw, summary_rows
from .shocks import Shock
from .simulate import ModelDraws, default_chunksize, process_model


class CompareDraws(ModelDraws):
    """One draw of baseline and shocked scenario on common random numbers, as a picklable function of the
    draw's seed: ``(baseline per issue, shocked per issue)``, NaN where the shock dropped an issue."""

    def __init__(self, scenario: Scenario, shock: Shock, model: str, params: dict[str, Any]):
        super().__init__(scenario, model, params)
        self.shock = shock

    def __getstate__(self) -> tuple:
        return self.scenario, self.shock, self.model, self.params

    def __call__(self, seed: np.random.SeedSequence) -> tuple[list[float], list[float]]:
        rng = np.random.default_rng(seed)
        model, issues = self.built()[0], self.scenario.issue_names
        drawn = self.drawn(rng)
        state = rng.bit_generator.state
        a = model.forecast(drawn, rng=rng).values
        rng.bit_generator.state = state  # the model's own randomness is common too
        b = model.forecast(self.shock.apply(drawn), rng=rng).values
        return [a[i] for i in issues], [b.get(i, np.nan) for i in issues]


@dataclass
class Comparison:
    """Baseline and shocked outcomes over the same draws: ``(draws, issues)`` each."""

    model: str
    seed: int
    shock: Shock
    issues: list[str]
    baseline: np.ndarray
    shocked: np.ndarray

    @property
    def difference(self) -> np.ndarray:
        return self.shocked - self.baseline

    def summary(self) -> pd.DataFrame:
        rows = []
        for j, issue in enumerate(self.issues):
            d = self.difference[:, j]
            lo, hi = np.quantile(d, [0.05, 0.95])
            rows.append({"issue": issue, "baseline": self.baseline[:, j].mean(), "shocked": self.shocked[:, j].mean(),
                         "difference": d.mean(), "low90": lo, "high90": hi, "p_increase": float(np.mean(d > 0)),
                         "p_decrease": float(np.mean(d < 0))})
        return pd.DataFrame(rows)

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "seed": self.seed, "draws": int(self.baseline.shape[0]),
                "shock": self.shock.model_dump(),
                "issues": [{k: (float(v) if not isinstance(v, str) else v) for k, v in row.items()}
                           for row in self.summary().to_dict("records")]}

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """The run store's tables: ``summaries`` (:meth:`summary`, tidy) and the paired ``draws`` (series
        ``baseline`` and ``shocked``)."""
        draws = pd.concat([draws_table(self.baseline, self.issues, "baseline"),
                           draws_table(self.shocked, self.issues, "shocked")], ignore_index=True)
        return {"summaries": summary_rows(self.summary()), "draws": draws}

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame], record: dict[str, Any]) -> "Comparison":
        """The comparison of a stored run (the shock is in the record's ``extra``); raises ValueError when the run
        kept no draws."""
        draws = tables.get("draws")
        if draws is None:
            raise ValueError(f"run {record['run_id']} has no stored draws")
        issues = Scenario.model_validate(record["scenario"]).issue_names
        shock = Shock.model_validate((record["extra"] or {}).get("shock") or {})
        return cls(record["model"], int(record["seed"] or 0), shock, issues, per_draw(draws, "baseline", issues),
                   per_draw(draws, "shocked", issues))


def compare(scenario: Scenario, shock: Shock, model: str = "eum", *, draws: int = 1000, seed: int = 0,
            params: dict[str, Any] | None = None, executor=None, chunksize: int | None = None,
            progress: Callable[[int], None] | None = None) -> Comparison:
    """Baseline vs shocked scenario on common random numbers (see the module docstring)."""
    params = dict(params or {})
    process_model(model, params)  # fail early on a bad model or parameter (the model this process reuses)
    shock.apply(scenario)  # fail early, before any work, if the shock does not fit the scenario
    values = run_draws(CompareDraws(scenario, shock, model, params), seed, draws, executor,
                       chunksize or default_chunksize(draws, executor),
                       progress=(lambda chunk: progress(len(chunk[0]))) if progress else None)
    n = len(scenario.issue_names)
    return Comparison(model, seed, shock, scenario.issue_names,
                      np.array([v[0] for v in values], dtype=float).reshape(draws, n),
                      np.array([v[1] for v in values], dtype=float).reshape(draws, n))

