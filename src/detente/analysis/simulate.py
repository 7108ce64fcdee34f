"""Monte Carlo: how sure is a forecast whose inputs are guesses?

:func:`simulate` draws ``draws`` input sets from a scenario's distributions
(see :mod:`.draws`), runs a model on each, and summarises the outcome per
issue: mean, quantiles and the probability of user-given ranges.

Reproducibility: the draws run through :func:`detente.execution.run_draws`, so draw ``k`` uses the child
seed :func:`detente.rng.draw_seed` ``(seed, k)``, which is ``SeedSequence(seed).spawn(n)[k]``, for both the
input draw and any randomness inside the model. Results therefore do not depend on how draws are chunked
or which process, or Ray worker, runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from .. import models as registry
from ..execution import run_draws
from ..scenario import Scenario
from ..tidy import (document_frame, documents_of, documents_table, draws_table, frame_document, per_draw,
                    summary_rows)
from .draws import draw_values, uncertain_inputs, with_values

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
_BUILT: dict[tuple[str, str], Any] = {}  # models this process has built, by name and parameters


def process_model(name: str, params: dict[str, Any], built: Any = None):
    """The registered model ``name`` with ``params``, built once per process and reused by every later draw
    and chunk there (a model keeps no state from one forecast to the next). ``built``: a model the caller
    already built with these parameters (the run service, checking them), kept instead of building another."""
    key = (name, repr(sorted(params.items())))
    if key not in _BUILT:
        if len(_BUILT) >= 16:
            _BUILT.clear()
        _BUILT[key] = built if built is not None else registry.get(name, **params)
    return _BUILT[key]


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


class ModelDraws:
    """One Monte Carlo draw of a model on a scenario, as a picklable function of the draw's seed.

    ``ModelDraws(scenario, model, params)(seed)`` draws the scenario's uncertain inputs from
    ``numpy.random.default_rng(seed)`` and forecasts with the same generator (so the model's own
    randomness is the draw's too): ``(forecast per issue, positions per round per issue)``. The model
    is built once per process (:func:`process_model`), the list of uncertain inputs on the first draw;
    neither is pickled with the draws.
    """

    def __init__(self, scenario: Scenario, model: str, params: dict[str, Any]):
        self.scenario, self.model, self.params = scenario, model, dict(params)
        self._built: tuple | None = None

    def __getstate__(self) -> tuple:
        return self.scenario, self.model, self.params

    def __setstate__(self, state: tuple) -> None:
        self.__init__(*state)

    def built(self) -> tuple:
        """The model and the scenario's uncertain inputs, built once per process."""
        if self._built is None:
            self._built = process_model(self.model, self.params), uncertain_inputs(self.scenario)
        return self._built

    def drawn(self, rng: np.random.Generator) -> Scenario:
        """The scenario with its uncertain inputs drawn from ``rng`` (the scenario itself if it has none)."""
        inputs = self.built()[1]
        return with_values(self.scenario, inputs, draw_values(inputs, rng)) if inputs else self.scenario

    def __call__(self, seed: np.random.SeedSequence) -> tuple[list[float], list[np.ndarray]]:
        rng = np.random.default_rng(seed)
        fc = self.built()[0].forecast(self.drawn(rng), rng=rng)
        return [f.forecast for f in fc.issues], [f.positions for f in fc.issues]


def _chunk_result(chunk: tuple[list[int], list[tuple]]) -> tuple[int, np.ndarray, list[np.ndarray]]:
    """A finished chunk of consecutive draws as the run store takes it: ``(start, outcomes[m, issues],
    positions per issue [m, rounds + 1, actors])``."""
    draws, values = chunk
    outcomes = np.array([v[0] for v in values])
    positions = [np.array(p) for p in zip(*(v[1] for v in values))]
    return draws[0], outcomes, positions


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

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """The run store's tables: ``draws`` (series ``outcome``), ``summaries`` (:meth:`summary`, tidy) and the
        ``fan`` document (per issue, :meth:`fan`'s quantiles) when positions per round were kept."""
        tables = {"draws": draws_table(self.outcomes, self.issues, "outcome"),
                  "summaries": summary_rows(self.summary())}
        fans = {issue: frame_document(self.fan(issue)) for issue in self.issues if issue in self.positions}
        if fans:
            tables["documents"] = documents_table({"fan": fans})
        return tables

    @staticmethod
    def chunk_table(issues: list[str], chunk: tuple) -> pd.DataFrame:
        """A finished chunk ``(start, outcomes, positions)`` of :func:`simulate` as ``draws`` rows (series
        ``outcome``): what a run records as each chunk finishes, so that ``--resume`` can skip it."""
        return draws_table(chunk[1], issues, "outcome", start=chunk[0])

    @staticmethod
    def stored_chunks(draws: pd.DataFrame, issues: list[str], done) -> list[tuple]:
        """The recorded chunks ``done`` (``(start, stop)`` pairs) of a stored run's ``draws``, as ``(start, outcomes,
        None)``: what :func:`simulate` takes back as ``previous`` when it finishes a stopped run."""
        previous = []
        for start, stop in done:
            rows = draws[(draws["draw"] >= start) & (draws["draw"] < stop)]
            previous.append((start, per_draw(rows, "outcome", issues), None))
        return previous

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame], record: dict[str, Any]) -> "Simulation":
        """The simulation of a stored run: its outcomes per draw, ranges and fan quantiles (positions per round
        are not stored); raises ValueError when the run kept no draws."""
        draws = tables.get("draws")
        if draws is None:
            raise ValueError(f"run {record['run_id']} has no stored draws")
        sc = Scenario.model_validate(record["scenario"])
        fans = {issue: document_frame(doc) for issue, doc in (documents_of(tables).get("fan") or {}).items()}
        return cls(model=record["model"], parameters=record["parameters"] or {}, seed=int(record["seed"] or 0),
                   scenario=sc.name, scenario_hash=record["scenario_hash"], issues=sc.issue_names,
                   actors={i: sc.issue_data(i).actors for i in sc.issue_names}, inputs=[],
                   outcomes=per_draw(draws, "outcome", sc.issue_names), positions={},
                   ranges=[Range.parse(r) for r in (record["extra"] or {}).get("ranges", [])], fans=fans)


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
    fc_params = process_model(model, params).get_params()  # fail early on a bad model or parameter
    chunksize = chunksize or default_chunksize(draws, executor)
    stored = {k for a, b in skip for k in range(a, b)}
    todo = [k for k in range(draws) if k not in stored]

    def finished(chunk):
        result = _chunk_result(chunk)
        if on_result:
            on_result(result)
        if progress:
            progress(len(chunk[0]))

    values = run_draws(ModelDraws(scenario, model, params), seed, draws, executor, chunksize, draws=todo,
                       progress=finished) if todo else []
    rows = {start + i: row for start, chunk, _ in previous for i, row in enumerate(chunk)}
    rows.update((k, v[0]) for k, v in zip(todo, values))
    outcomes = np.array([rows[k] for k in sorted(rows)], dtype=float).reshape(len(rows), len(scenario.issue_names))
    positions = ({issue: np.array([v[1][j] for v in values]) for j, issue in enumerate(scenario.issue_names)}
                 if not stored else {})
    return Simulation(
        model=model, parameters=fc_params, seed=seed, scenario=scenario.name,
        scenario_hash=scenario.content_hash(), issues=scenario.issue_names,
        actors={i: scenario.issue_data(i).actors for i in scenario.issue_names},
        inputs=[u.label for u in uncertain_inputs(scenario)], outcomes=outcomes, positions=positions,
        ranges=ranges)


def default_chunksize(n: int, executor, min_chunks: int = 8) -> int:
    """:func:`detente.execution.default_chunksize` for ``executor``'s workers, with at least ``min_chunks``
    chunks (by default 8: checkpoints for --resume)."""
    from ..execution.chunking import default_chunksize as chunksize

    return chunksize(n, getattr(executor, "workers", 1) if executor is not None else 1, min_chunks)
