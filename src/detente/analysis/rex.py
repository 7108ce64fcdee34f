"""REX: repeat the exchange model over a parameter grid and random draws, and report the spread.

Stokman's exchange model has free parameters the papers do not pin down: the exponents of
capability and salience in an actor's weight ``c^a s^b`` (Stokman & Van Oosten 1994 use
``a = b = 1``), and, in the random-rate variant, the exchange rates themselves, drawn between the
partners' break-even rates (Stokman, Van Assen, Van der Knoop & Van Oosten 2000). REX ("repeated
exchange") runs the model for every grid point ``(a, b)`` and ``draws`` seeds each, and summarises
how far the forecasts spread per issue; a forecast that moves little over the grid and the draws
is one the model is sure of.

Reproducibility: run ``k`` (grid point ``k // draws``, draw ``k % draws``) uses the child seed
:func:`detente.rng.draw_seed` ``(seed, k)``, which is ``SeedSequence(seed).spawn(n)[k]``, through
:func:`detente.execution.run_draws`, so serial, process-parallel and Ray runs give the same numbers.

>>> import detente                                                        # doctest: +SKIP
>>> from detente.analysis import rex
>>> result = rex.run(detente.load("cop21.csv"), draws=20, seed=1)
>>> result.frame.head()    # run, power_exponent, salience_exponent, draw, issue, forecast
>>> result.summary()       # per issue: mean, sd, min, quantiles, max, spread
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from ..models.exchange import ExchangeModel
from ..execution import run_draws
from ..scenario import Scenario
from ..tidy import per_draw, summary_rows

QUANTILES = (0.05, 0.5, 0.95)
COLUMNS = ["run", "power_exponent", "salience_exponent", "draw", "issue", "forecast"]


def parameter_grid(power_exponents: Sequence[float], salience_exponents: Sequence[float]) -> list[tuple[float, float]]:
    """Every ``(power_exponent, salience_exponent)`` pair, power exponent varying slowest."""
    grid = [(float(a), float(b)) for a, b in product(power_exponents, salience_exponents)]
    if not grid:
        raise ValueError("the parameter grid is empty: give at least one power and one salience exponent")
    return grid


class RexRuns:
    """One REX run as a picklable function of its seed and its grid point ``(a, b)``: the forecast per issue.

    ``compiled`` is passed on to :meth:`~detente.models.exchange.ExchangeModel.forecast`: True when a chunk
    holds several runs (they repay loading numba), None to let the model choose.
    """

    def __init__(self, scenario: Scenario, variant: str, rounds: int, compiled: bool | None = None):
        self.scenario, self.variant, self.rounds, self.compiled = scenario, variant, rounds, compiled

    def __call__(self, seed: np.random.SeedSequence, point: tuple[float, float]) -> list[float]:
        a, b = point
        model = ExchangeModel(rounds=self.rounds, variant=self.variant, power_exponent=a, salience_exponent=b)
        fc = model.forecast(self.scenario, rng=np.random.default_rng(seed), compiled=self.compiled)
        return [f.forecast for f in fc.issues]


@dataclass
class Rex:
    """The forecasts of every REX run: ``frame`` has one row per run and issue (see :data:`COLUMNS`)."""

    scenario: str
    scenario_hash: str
    variant: str
    rounds: int
    seed: int
    draws: int
    grid: list[tuple[float, float]]
    frame: pd.DataFrame

    @property
    def n_runs(self) -> int:
        return len(self.grid) * self.draws

    def summary(self) -> pd.DataFrame:
        """Per issue over all runs: mean, sd, min, q0.05, q0.5, q0.95, max and spread (max - min)."""
        return _spread(self.frame, ["issue"])

    def by_parameters(self) -> pd.DataFrame:
        """Per grid point and issue: the same statistics over that point's draws."""
        return _spread(self.frame, ["power_exponent", "salience_exponent", "issue"])

    def to_json(self) -> dict[str, Any]:
        """``{"model", "variant", "rounds", "seed", "draws", "grid", "runs", "scenario", "scenario_hash",
        "issues": [{"issue", "mean", "sd", "min", "max", "spread", "quantiles": {"0.05": x, ...}}]}``."""
        issues = []
        for row in self.summary().to_dict("records"):
            issues.append({"issue": row["issue"], **{k: float(row[k]) for k in ("mean", "sd", "min", "max", "spread")},
                           "quantiles": {f"{q:g}": float(row[f"q{q:g}"]) for q in QUANTILES}})
        return {"model": "exchange", "variant": self.variant, "rounds": self.rounds, "seed": self.seed,
                "draws": self.draws, "grid": [{"power_exponent": a, "salience_exponent": b} for a, b in self.grid],
                "runs": self.n_runs, "scenario": self.scenario, "scenario_hash": self.scenario_hash,
                "issues": issues}

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """The run store's tables: ``draws`` (each run's forecast, :meth:`chunk_table`) and ``summaries``
        (:meth:`summary`, tidy)."""
        return {"draws": self.chunk_table(self.frame), "summaries": summary_rows(self.summary())}

    @staticmethod
    def chunk_table(rows: pd.DataFrame) -> pd.DataFrame:
        """REX rows (``run, issue, forecast, ...``) as ``draws``: each run's forecast is a draw's value (series
        ``forecast``); what a run records as each chunk finishes."""
        frame = rows.rename(columns={"run": "draw", "forecast": "value"})[["draw", "issue", "value"]]
        return frame.assign(series="forecast")

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame], record: dict[str, Any]) -> "Rex":
        """The REX result of a stored run: each run's forecast (``draws``) on the grid of the record's ``extra``;
        raises ValueError when the run kept no draws."""
        draws = tables.get("draws")
        if draws is None:
            raise ValueError(f"run {record['run_id']} has no stored draws")
        sc, extra, params = Scenario.model_validate(record["scenario"]), record["extra"] or {}, record["parameters"]
        grid = parameter_grid(extra["power_exponents"], extra["salience_exponents"])
        per_point = int(extra["draws_per_point"])
        frame = chunk_rows(sc, grid, per_point, (0, per_draw(draws, "forecast", sc.issue_names).tolist()))
        return cls(sc.name, record["scenario_hash"], params["variant"], int(params["rounds"]), int(record["seed"] or 0),
                   per_point, grid, frame)


def _spread(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=False)["forecast"]
    out = grouped.agg(runs="size", mean="mean", sd=lambda v: v.std(ddof=1) if len(v) > 1 else 0.0, min="min")
    for q in QUANTILES:
        out[f"q{q:g}"] = grouped.quantile(q)
    out["max"] = grouped.max()
    out["spread"] = out["max"] - out["min"]
    return out.reset_index()


def chunk_rows(scenario: Scenario, grid, draws: int, result: tuple[int, list[list[float]]]) -> pd.DataFrame:
    """A finished chunk as rows of :attr:`Rex.frame`."""
    start, forecasts = result
    rows = []
    for n, values in enumerate(forecasts):
        k = start + n
        a, b = grid[k // draws]
        rows += [(k, a, b, k % draws, issue, value) for issue, value in zip(scenario.issue_names, values)]
    return pd.DataFrame(rows, columns=COLUMNS)


def run(scenario: Scenario, *, variant: str = "random-rate", power_exponents: Sequence[float] = (1.0,),
        salience_exponents: Sequence[float] = (1.0,), draws: int = 20, seed: int = 0, rounds: int = 10,
        executor=None, chunksize: int | None = None, progress: Callable[[int], None] | None = None,
        on_result: Callable[[pd.DataFrame, tuple[int, int]], None] | None = None) -> Rex:
    """Run the exchange model ``draws`` times at every grid point.

    Parameters
    ----------
    variant
        ``"random-rate"`` (draws change the exchange rates and tie-breaks) or ``"equal-gain"``
        (draws change tie-breaks only).
    power_exponents, salience_exponents
        The grid: an actor's weight is ``c^a s^b`` (:class:`~detente.models.exchange.ExchangeModel`).
    executor
        Anything with ``map(fn, tasks, progress=...)`` (see :mod:`detente.execution`); ``None`` runs here.
        Run ``k`` gets the seed :func:`detente.rng.draw_seed` ``(seed, k)`` through
        :func:`detente.execution.run_draws`, so any executor and chunking give the same forecasts.
    progress
        Called with the number of runs each finished chunk did.
    on_result
        Called with each finished chunk's rows and its ``(start, stop)`` (the run store writes them).
    """
    from .simulate import default_chunksize

    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    grid = parameter_grid(power_exponents, salience_exponents)
    for a, b in grid:  # fail early, in this process, on a bad variant or exponent
        ExchangeModel(rounds=rounds, variant=variant, power_exponent=a, salience_exponent=b)
    n_runs = len(grid) * draws
    size = chunksize or default_chunksize(n_runs, executor)
    runs = RexRuns(scenario, variant, rounds, compiled=True if size > 1 else None)
    points = [grid[k // draws] for k in range(n_runs)]  # run k: draw k % draws at grid point k // draws

    parts: dict[int, pd.DataFrame] = {}  # each chunk's rows, built once, by first run

    def finished(chunk):
        result = (chunk[0][0], chunk[1])
        parts[result[0]] = rows = chunk_rows(scenario, grid, draws, result)
        if on_result:
            on_result(rows, (result[0], result[0] + len(result[1])))
        if progress:
            progress(len(result[1]))

    run_draws(runs, seed, n_runs, executor, size, progress=finished, values=points)
    frame = pd.concat([parts[start] for start in sorted(parts)], ignore_index=True)
    return Rex(scenario.name, scenario.content_hash(), variant, rounds, seed, draws, grid, frame)
