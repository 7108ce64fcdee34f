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

from .. import models as registry
from ..scenario import Scenario
from .draws import draw_values, uncertain_inputs, with_values
from .shocks import Shock
from .simulate import _map, chunks, default_chunksize, draw_seed


def compare_chunk(task: tuple) -> tuple[int, np.ndarray, np.ndarray]:
    """Draws ``start..stop-1`` of baseline and shocked scenario: ``(start, base[m, issues], shocked[m, issues])``."""
    scenario_dict, shock_dict, model_name, params, seed, start, stop = task
    scenario = Scenario.model_validate(scenario_dict)
    shock = Shock.model_validate(shock_dict)
    model = registry.get(model_name, **params)
    inputs = uncertain_inputs(scenario)
    issues = scenario.issue_names
    base, shocked = [], []
    for k in range(start, stop):
        rng = np.random.default_rng(draw_seed(seed, k))
        drawn = with_values(scenario, inputs, draw_values(inputs, rng)) if inputs else scenario
        state = rng.bit_generator.state
        a = model.forecast(drawn, rng=rng).values
        rng.bit_generator.state = state  # the model's own randomness is common too
        b = model.forecast(shock.apply(drawn), rng=rng).values
        base.append([a[i] for i in issues])
        shocked.append([b.get(i, np.nan) for i in issues])
    return start, np.array(base), np.array(shocked)


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


def compare(scenario: Scenario, shock: Shock, model: str = "eum", *, draws: int = 1000, seed: int = 0,
            params: dict[str, Any] | None = None, executor=None, chunksize: int | None = None,
            progress: Callable[[int], None] | None = None) -> Comparison:
    """Baseline vs shocked scenario on common random numbers (see the module docstring)."""
    params = dict(params or {})
    registry.get(model, **params)
    shock.apply(scenario)  # fail early, before any work, if the shock does not fit the scenario
    chunksize = chunksize or default_chunksize(draws, executor)
    payload = scenario.model_dump(mode="json")
    tasks = [(payload, shock.model_dump(), model, params, seed, a, b) for a, b in chunks(draws, chunksize)]
    results = sorted(_map(executor, compare_chunk, tasks, progress), key=lambda r: r[0])
    return Comparison(model, seed, shock, scenario.issue_names,
                      np.concatenate([r[1] for r in results]), np.concatenate([r[2] for r in results]))

