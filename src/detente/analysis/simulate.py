"""Monte Carlo: how sure is a forecast whose inputs are guesses?

:func:`simulate` draws ``draws`` input sets from a scenario's distributions
(see :mod:`.draws`), runs a model on each, and summarises the outcome per
issue: mean, quantiles and the probability of user-given ranges.

Reproducibility: draw ``k`` uses the child seed
``SeedSequence(seed, spawn_key=(k,))``, which is ``SeedSequence(seed).spawn(n)[k]``
(see :mod:`detente.rng`), for both the input draw and any randomness inside
the model. Results therefore do not depend on how draws are chunked or
which process, or Ray worker, runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from .. import models as registry
from ..scenario import Scenario
from .draws import draw_values, uncertain_inputs, with_values

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def draw_seed(seed: int, k: int) -> np.random.SeedSequence:
    """The seed of draw ``k``: equal to ``SeedSequence(seed).spawn(n)[k]`` for any n > k."""
    return np.random.SeedSequence(seed, spawn_key=(k,))


@dataclass(frozen=True)
class Range:
    """A range of outcomes on one issue, e.g. parsed from ``"territory:0-50"``."""

    issue: str
    low: float
    high: float

    @classmethod
    def parse(cls, text: str) -> "Range":
        match = re.fullmatch(r"\s*(.+?)\s*:\s*(-?[\d.]+(?:e-?\d+)?)\s*-\s*(-?[\d.]+(?:e-?\d+)?)\s*", text)
        if not match:
            raise ValueError(f"range {text!r}: expected ISSUE:LOW-HIGH, e.g. 'territory:0-50'")
        low, high = float(match.group(2)), float(match.group(3))
        if low > high:
            raise ValueError(f"range {text!r}: low {low:g} is above high {high:g}")
        return cls(match.group(1), low, high)

    @property
    def label(self) -> str:
        return f"{self.issue}:{self.low:g}-{self.high:g}"


def run_chunk(task: tuple) -> tuple[int, np.ndarray, list[np.ndarray]]:
    """Run draws ``start..stop-1``; a plain function of plain data, so any process can run it.

    ``task = (scenario_dict, model_name, params, seed, start, stop)``. Returns
    ``(start, outcomes[m, issues], positions per issue [m, rounds + 1, actors])``.
    """
    scenario_dict, model_name, params, seed, start, stop = task
    scenario = Scenario.model_validate(scenario_dict)
    model = registry.get(model_name, **params)
    inputs = uncertain_inputs(scenario)
    outcomes, positions = [], None
    for k in range(start, stop):
        rng = np.random.default_rng(draw_seed(seed, k))
        drawn = with_values(scenario, inputs, draw_values(inputs, rng)) if inputs else scenario
        fc = model.forecast(drawn, rng=rng)
        outcomes.append([f.forecast for f in fc.issues])
        if positions is None:
            positions = [[] for _ in fc.issues]
        for store, f in zip(positions, fc.issues):
            store.append(f.positions)
    return start, np.array(outcomes), [np.array(p) for p in positions]


def chunks(n: int, chunksize: int) -> Iterable[tuple[int, int]]:
    for start in range(0, n, chunksize):
        yield start, min(n, start + chunksize)


@dataclass
class Simulation:
    """The outcome of a Monte Carlo run, one row per draw.

    Attributes
    ----------
    outcomes
        ``(draws, issues)`` forecast per draw and issue.
    positions
        Per issue, ``(draws, rounds + 1, actors)`` positions per round.
    fans
        Per issue, :meth:`fan`'s quantiles as stored with a run (a re-opened run has them, not ``positions``).
    """

    model: str
    parameters: dict[str, Any]
    seed: int
    scenario: str
    scenario_hash: str
    issues: list[str]
    actors: dict[str, tuple[str, ...]]
    inputs: list[str]
    outcomes: np.ndarray
    positions: dict[str, np.ndarray]
    ranges: list[Range] = field(default_factory=list)
    fans: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def n_draws(self) -> int:
        return self.outcomes.shape[0]

    def summary(self) -> pd.DataFrame:
        """Per issue: mean, sd, quantiles, and P(outcome in range) for each range on that issue."""
        rows = []
        for j, issue in enumerate(self.issues):
            values = self.outcomes[:, j]
            row = {"issue": issue, "draws": self.n_draws, "mean": values.mean(), "sd": values.std(ddof=1)
                   if self.n_draws > 1 else 0.0}
            row.update({f"q{q:g}": v for q, v in zip(QUANTILES, np.quantile(values, QUANTILES))})
            for r in self.ranges:
                if r.issue == issue:
                    row[f"P({r.label})"] = float(np.mean((values >= r.low) & (values <= r.high)))
            rows.append(row)
        return pd.DataFrame(rows)

    def to_frame(self) -> pd.DataFrame:
        """Long format: draw, issue, forecast."""
        draws, issues = np.indices(self.outcomes.shape)
        return pd.DataFrame({"draw": draws.ravel(), "issue": np.asarray(self.issues, dtype=object)[issues.ravel()],
                             "forecast": self.outcomes.ravel()})

    def fan(self, issue: str) -> pd.DataFrame:
        """Quantiles of each actor's position per round: round, actor, q0.05 ... q0.95."""
        if issue not in self.positions and issue in self.fans:
            return self.fans[issue].copy()
        if issue not in self.positions:
            raise ValueError("positions per round are not available (a resumed run keeps outcomes only)")
        pos = self.positions[issue]
        qs = np.quantile(pos, QUANTILES, axis=0)  # (q, rounds+1, actors)
        rows = []
        for t in range(pos.shape[1]):
            for a, actor in enumerate(self.actors[issue]):
                rows.append({"round": t, "actor": actor, **{f"q{q:g}": qs[k, t, a] for k, q in enumerate(QUANTILES)}})
        return pd.DataFrame(rows)

    def has_fan(self, issue: str) -> bool:
        """Whether :meth:`fan` can answer for ``issue`` (positions per round kept, or fan quantiles stored)."""
        return issue in self.positions or issue in self.fans

    def to_json(self) -> dict[str, Any]:
        """``{"model", "seed", "draws", "issues": [{"issue", "mean", "sd", "quantiles": {"0.05": x, ...},
        "ranges": {"issue:lo-hi": p}}]}``."""
        summary = self.summary()
        issues = []
        for _, row in summary.iterrows():
            entry = {"issue": row["issue"], "mean": float(row["mean"]), "sd": float(row["sd"]),
                     "quantiles": {f"{q:g}": float(row[f"q{q:g}"]) for q in QUANTILES}}
            ranges = {r.label: float(row[f"P({r.label})"]) for r in self.ranges if r.issue == row["issue"]}
            if ranges:
                entry["ranges"] = ranges
            issues.append(entry)
        return {"model": self.model, "parameters": self.parameters, "seed": self.seed, "draws": self.n_draws,
                "scenario": self.scenario, "scenario_hash": self.scenario_hash, "uncertain_inputs": self.inputs,
                "issues": issues}


def simulate(scenario: Scenario, model: str = "eum", *, draws: int = 1000, seed: int = 0,
             params: dict[str, Any] | None = None, ranges: Iterable[Range | str] = (),
             executor=None, chunksize: int | None = None,
             progress: Callable[[int], None] | None = None, on_result: Callable | None = None,
             skip: Iterable[tuple[int, int]] = (), previous: Iterable[tuple] = ()) -> Simulation:
    """Run ``model`` on ``draws`` input sets drawn from the scenario's distributions.

    Parameters
    ----------
    executor
        Anything with ``map(fn, tasks)`` returning results in order (see
        :mod:`detente.execution`); ``None`` runs in this process.
    chunksize
        Draws per task; by default about 4 tasks per worker and at least 8.
    progress
        Called with the number of draws just finished.
    on_result
        Called with each finished chunk ``(start, outcomes, positions)`` (the run store writes it).
    skip, previous
        For resuming: ``(start, stop)`` chunks already done, and their results, which are not rerun.
    """
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    params = dict(params or {})
    ranges = [r if isinstance(r, Range) else Range.parse(r) for r in ranges]
    unknown = [r.issue for r in ranges if r.issue not in scenario.issue_names]
    if unknown:
        raise ValueError(f"range for unknown issue(s) {', '.join(unknown)}; issues: {', '.join(scenario.issue_names)}")
    registry.get(model, **params)  # fail early on a bad model or parameter
    chunksize = chunksize or default_chunksize(draws, executor)
    payload = scenario.model_dump(mode="json")
    done = set(skip)
    tasks = [(payload, model, params, seed, a, b) for a, b in chunks(draws, chunksize) if (a, b) not in done]
    results = list(previous) + _map(executor, run_chunk, tasks, progress, on_result)
    results.sort(key=lambda r: r[0])
    outcomes = np.concatenate([r[1] for r in results])
    positions = ({issue: np.concatenate([r[2][j] for r in results]) for j, issue in enumerate(scenario.issue_names)}
                 if all(r[2] is not None for r in results) else {})
    fc_params = registry.get(model, **params).get_params()
    return Simulation(
        model=model, parameters=fc_params, seed=seed, scenario=scenario.name,
        scenario_hash=scenario.content_hash(), issues=scenario.issue_names,
        actors={i: scenario.issue_data(i).actors for i in scenario.issue_names},
        inputs=[u.label for u in uncertain_inputs(scenario)], outcomes=outcomes, positions=positions,
        ranges=ranges)


def _map(executor, fn, tasks, progress=None, on_result=None):
    """Run ``fn`` on every task through ``executor`` (in-process when None); results in task order.

    ``progress(n)`` gets the number of rows each finished task produced; ``on_result(result)`` the
    result itself, in completion order, in this process (the run store writes chunks from it).
    """
    from ..execution import SerialExecutor

    def finished(result):
        if on_result:
            on_result(result)
        if progress:
            progress(len(result[1]))

    return (executor or SerialExecutor()).map(fn, tasks, progress=finished)


def default_chunksize(n: int, executor, min_chunks: int = 8) -> int:
    """:func:`detente.execution.default_chunksize` for ``executor``'s workers, with at least ``min_chunks``
    chunks (by default 8: checkpoints for --resume)."""
    from ..execution.chunking import default_chunksize as chunksize

    return chunksize(n, getattr(executor, "workers", 1) if executor is not None else 1, min_chunks)
