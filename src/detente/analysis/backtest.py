"""Backtest: every model on every DEU III issue with an outcome, scored against what happened.

:func:`run_backtest` forecasts each issue (one scenario per issue, see
:func:`detente.io.deu3.backtest_scenarios`) with each model, through an
executor when one is given, and returns a :class:`Backtest`: one tidy row per
model and issue (forecast, outcome, absolute error, the issue's proposal,
year, Council formation, procedure and voting rule, split), the failures,
and, when asked, the stacked forecast fitted on the training split only
(:mod:`.stacking`) and the menu forecast (:mod:`.menu`), with their grouped
cross-validation and 80% intervals.

Scores (:func:`metrics`): number of issues ``n``, mean absolute error
``mae``, median absolute error ``median_ae``, and the shares of issues
forecast within 10 and 20 points (``within10``, ``within20``), all on the
0-100 scale. Thomson, Stokman, Achen & König (eds.) (2006), *The European
Union Decides*, ch. 10, score models the same way (mean absolute error
against the outcome); the issues kept are those of the data README's
baselines (351: an outcome and at least 3 actors with position and
salience).

Splits: an issue is ``train`` when its proposal year (from ``prnr``) is before
the split year and ``test`` from it on; ``all`` is both. Per period and per
policy area (Council formation) tables come from :meth:`Backtest.by`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from .. import models as registry
from ..rng import draw_seed
from ..scenario import IssueData, Scenario
from ..tidy import SUMMARY_COLUMNS, document_frame, documents_of, documents_table, frame_document

#: Periods of the per-period table: the treaty eras of the Council's voting weights.
PERIODS = ((1995, 2003, "1995-2003"), (2004, 2013, "2004-2013"), (2014, 2100, "2014-"))
METRICS = ("n", "mae", "median_ae", "within10", "within20")
#: A forecaster is a registered model's name, a ``(name, parameters)`` pair, or a function of one
#: issue's arrays to a number (functions run in this process only: they may not pickle).
Forecaster = str | tuple[str, dict] | Callable[[IssueData], float]


def metrics(errors: Iterable[float]) -> dict[str, float]:
    """``n``, mean and median absolute error, and the shares within 10 and 20 points."""
    e = np.abs(np.asarray(list(errors), dtype=float))
    if not len(e):
        return {"n": 0, "mae": float("nan"), "median_ae": float("nan"), "within10": float("nan"),
                "within20": float("nan")}
    return {"n": int(len(e)), "mae": float(e.mean()), "median_ae": float(np.median(e)),
            "within10": float(np.mean(e <= 10)), "within20": float(np.mean(e <= 20))}


def period_of(year: int) -> str:
    return next(label for low, high, label in PERIODS if low <= year <= high)


def issue_table(scenarios: list[Scenario], split_year: int) -> pd.DataFrame:
    """One row per issue: its name, proposal, year, period, Council formation, procedure, rule, outcome, split."""
    rows = []
    for sc in scenarios:
        issue = sc.issues[0]
        meta = issue.metadata
        year = int(meta.get("year", 0) or 0)
        rows.append({"issue": issue.name, "prnr": meta.get("prnr", issue.name), "year": year,
                     "period": period_of(year) if year else "", "council": meta.get("council", ""),
                     "proc": meta.get("proc", ""), "vote": meta.get("counvte", ""),
                     "status_quo": issue.status_quo, "outcome": issue.outcome,
                     "split": "train" if year < split_year else "test"})
    return pd.DataFrame(rows)


def forecast_chunk(task: tuple) -> tuple[list[tuple[str, float]], list[tuple[str, str]]]:
    """Forecast scenarios with one model; a plain function of plain data, so any worker process can run it.

    ``task = (forecaster, params, seed, [(k, scenario), ...])``; scenario ``k``
    gets :func:`detente.rng.draw_seed` ``(seed, k)``. Returns the forecasts ``[(issue,
    value)]`` and the failures ``[(issue, message)]``: a model that raises on
    a scenario is reported for each of its issues, not allowed to stop the backtest.
    """
    forecaster, params, seed, items = task
    done, failed = [], []
    try:
        model = registry.get(forecaster, **params) if isinstance(forecaster, str) else None
    except Exception as exc:  # noqa: BLE001 - a model that cannot even be built fails on every issue
        return done, [(name, f"{type(exc).__name__}: {exc}") for _, sc in items for name in sc.issue_names]
    for k, sc in items:
        try:
            if model is None:
                values = {name: float(forecaster(sc.issue_data(name))) for name in sc.issue_names}
            else:
                fc = model.forecast(sc, rng=np.random.default_rng(draw_seed(seed, k)))
                values = {f.issue: float(f.forecast) for f in fc.issues}
            bad = [v for v in values.values() if not np.isfinite(v)]
            if bad:
                raise ValueError(f"non-finite forecast {bad[0]}")
            done += list(values.items())
        except Exception as exc:  # noqa: BLE001 - any model error becomes a reported failure
            failed += [(name, f"{type(exc).__name__}: {exc}") for name in sc.issue_names]
    return done, failed


def by_proposal(scenarios: list[Scenario]) -> list[Scenario]:
    """One scenario per proposal (``prnr``) holding all its issues, for models that work across issues.

    Stokman's exchange model trades positions between issues, and the DEU
    studies apply it to the issues of one proposal (Stokman & Thomson 2004,
    *European Union Politics* 5): one issue alone leaves nothing to exchange.
    An actor's capability is taken from the first of the proposal's issues it
    takes part in (with ``capability="votes"`` the period, and so the weights,
    are the proposal's).
    """
    groups: dict[str, list[Scenario]] = {}
    for sc in scenarios:
        groups.setdefault(str(sc.issues[0].metadata.get("prnr", sc.issues[0].name)), []).append(sc)
    out = []
    for prnr, members in groups.items():
        if len(members) == 1:
            out.append(members[0])
            continue
        actors: dict[str, Any] = {}
        for sc in members:
            for a in sc.actors:
                actors.setdefault(a.name, a)
        out.append(Scenario.model_construct(
            name=prnr, description=members[0].description, source=members[0].source, salience_scale=1,
            actors=list(actors.values()), issues=[i for sc in members for i in sc.issues],
            positions=[p for sc in members for p in sc.positions]))
    return out


@dataclass
class Backtest:
    """Forecasts and errors of each model on each issue, and their summaries.

    Attributes
    ----------
    forecasts
        One row per model and issue: ``model, issue, prnr, year, period,
        council, proc, vote, split, forecast, outcome, error`` (absolute), and
        ``low, high`` (80% interval) where the model has intervals.
    failures
        One row per model that failed on some issue: ``model, failed, of,
        message`` (the first error seen).
    split_year, capability, seed, grouping
        How the backtest was run.
    cv
        Grouped cross-validation by proposal of the fitted forecasts: ``model,
        fold, issue, forecast, outcome, error``.
    """

    forecasts: pd.DataFrame
    failures: pd.DataFrame
    split_year: int
    capability: str = "equal"
    seed: int = 0
    grouping: str = "issue"
    cv: pd.DataFrame = field(default_factory=pd.DataFrame)
    fits: dict[str, Any] = field(default_factory=dict)
    data: str = ""  # the data file's name, for the report's header

    @property
    def models(self) -> list[str]:
        return list(dict.fromkeys(self.forecasts["model"]))

    def results(self) -> list[dict[str, Any]]:
        """One entry per model and split (``all``, ``train``, ``test``, and ``cv`` for fitted forecasts)."""
        out = []
        for model in self.models:
            rows = self.forecasts[self.forecasts["model"] == model]
            for split in ("all", "train", "test"):
                part = rows if split == "all" else rows[rows["split"] == split]
                out.append({"model": model, "split": split, **metrics(part["error"]), **_coverage(part)})
            if len(self.cv) and model in set(self.cv["model"]):
                cv = self.cv[self.cv["model"] == model]
                out.append({"model": model, "split": "cv", **metrics(cv["error"]), **_coverage(cv)})
        return out

    def table(self) -> pd.DataFrame:
        """:meth:`results` as a frame."""
        return pd.DataFrame(self.results())

    def by(self, column: str, split: str = "all") -> pd.DataFrame:
        """Scores per model and value of ``column`` (``period``, ``council``, ``year``, ``proc``, ``vote``)."""
        rows = self.forecasts if split == "all" else self.forecasts[self.forecasts["split"] == split]
        out = [{"model": model, column: value, **metrics(part["error"])}
               for (model, value), part in rows.groupby(["model", column], sort=True)]
        return pd.DataFrame(out, columns=["model", column, *METRICS])

    def identical(self) -> list[tuple[str, str]]:
        """Pairs ``(model, earlier model)`` whose forecasts agree on every issue: the later model does not
        apply to these scenarios (e.g. the exchange model on one-issue scenarios is the mean)."""
        wide = self.forecasts.pivot_table(index="issue", columns="model", values="forecast", aggfunc="first")
        pairs, models = [], [m for m in self.models if m in wide]
        for j, m in enumerate(models):
            for k in models[:j]:
                a, b = wide[m], wide[k]
                if a.notna().equals(b.notna()) and np.allclose(a.dropna(), b.dropna(), atol=1e-9):
                    pairs.append((m, k))
                    break
        return pairs

    def versus(self, baseline: str = "mean", split: str = "test") -> list[dict[str, Any]]:
        """Each model's MAE minus the baseline's, with a 95% proposal-clustered bootstrap interval
        (:func:`.bootstrap.paired_difference`, seeded with the backtest's seed)."""
        from .bootstrap import paired_difference

        if baseline not in self.models:
            return []
        return [paired_difference(self.forecasts, m, baseline, split, seed=self.seed)
                for m in self.models if m != baseline]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form: ``{"results": [{"model", "split", "n", "mae", ...}], ...}``."""
        return {"results": _plain(self.results()),
                "by_period": _plain(self.by("period").to_dict("records")),
                "by_council": _plain(self.by("council").to_dict("records")),
                "failures": _plain(self.failures.to_dict("records")),
                "identical": [{"model": m, "same_as": k} for m, k in self.identical()],
                "versus_mean": _plain(self.versus()),
                "split_year": self.split_year, "capability": self.capability, "seed": self.seed,
                "grouping": self.grouping,
                "issues": int(self.forecasts["issue"].nunique()) if len(self.forecasts) else 0}

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """The run store's tables: ``forecasts`` (model, issue, forecast, outcome), ``summaries`` (issue =
        ``model/split``, statistic = each score) and the ``backtest`` document: :meth:`to_json` plus the rows
        the report is made of (forecasts, cross-validated forecasts, failures, fits) and the data file's name."""
        summaries = pd.DataFrame([{"issue": f"{r['model']}/{r['split']}", "statistic": k, "value": float(v)}
                                  for r in self.results() for k, v in r.items()
                                  if k not in ("model", "split") and v is not None], columns=SUMMARY_COLUMNS)
        doc = {**self.to_json(), "forecasts": frame_document(self.forecasts), "cv": frame_document(self.cv),
               "failure_rows": frame_document(self.failures), "fits": self.fits, "data": self.data}
        return {"forecasts": self.forecasts[["model", "issue", "forecast", "outcome"]], "summaries": summaries,
                "documents": documents_table({"backtest": doc})}

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame], record: dict[str, Any]) -> "Backtest | None":
        """The backtest of a stored run, from its ``backtest`` document; None for a run recorded without one."""
        doc = documents_of(tables).get("backtest")
        if doc is None:
            return None
        failures = document_frame(doc["failure_rows"])
        failures = failures.astype({c: "int64" for c in ("failed", "of") if c in failures and len(failures)})
        return cls(forecasts=document_frame(doc["forecasts"]), failures=failures, split_year=int(doc["split_year"]),
                   capability=doc["capability"], seed=int(doc["seed"]), grouping=doc["grouping"],
                   cv=document_frame(doc["cv"]), fits=doc.get("fits") or {}, data=doc["data"])


def _coverage(rows: pd.DataFrame) -> dict[str, float]:
    if "low" not in rows or rows["low"].isna().all():
        return {}
    inside = (rows["outcome"] >= rows["low"] - 1e-9) & (rows["outcome"] <= rows["high"] + 1e-9)
    return {"coverage80": float(inside.mean()), "interval_width": float((rows["high"] - rows["low"]).mean())}


def _plain(records: list[dict]) -> list[dict]:
    """JSON-safe values: numpy scalars to Python, NaN to None."""
    def value(v):
        if isinstance(v, (np.integer,)):
            return int(v)
        if isinstance(v, (float, np.floating)):
            return None if not np.isfinite(v) else float(v)
        return v
    return [{k: value(v) for k, v in rec.items()} for rec in records]


def model_names(spec: str | Iterable[str] | None) -> list[str]:
    """``"all"`` (or None) -> every registered model; ``"a,b"`` -> those, checked against the registry."""
    known = list(registry.available())
    if spec is None or spec == "all":
        return known
    names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise ValueError(f"unknown model(s) {', '.join(unknown) or '(none given)'}; available: {', '.join(known)}")
    return names


def run_backtest(scenarios: list[Scenario], models: str | Iterable[str] | Mapping[str, Forecaster] | None = "all", *,
                 split_year: int = 2005, seed: int = 0, capability: str = "equal", executor=None,
                 stack: bool = False, folds: int = 5, grouping: str = "issue",
                 progress: Callable[[int], None] | None = None) -> Backtest:
    """Forecast every issue with every model and score against the outcomes.

    Parameters
    ----------
    scenarios
        One scenario per issue, each with an outcome (e.g. ``deu3.backtest_scenarios(path)``).
    models
        ``"all"``, a comma-separated string or list of registered names, or a
        mapping from a label to a :data:`Forecaster` (a registered name, a
        ``(name, parameters)`` pair, or a function ``IssueData -> float``).
    split_year
        Issues whose proposal year is before it are ``train``, the rest ``test``.
    seed
        Seed of stochastic models (issue ``k`` gets :func:`detente.rng.draw_seed` ``(seed, k)``) and of the CV folds.
    executor
        A :mod:`detente.execution` executor; default: this process.
    stack
        Also fit the two learned forecasts on the training split: the stacked
        forecast (:func:`.stacking.add_stacked`) and the menu forecast
        (:func:`.menu.add_menu`).
    grouping
        ``"issue"``: each model sees one issue at a time (the data README's
        baselines); ``"proposal"``: all issues of a proposal together
        (:func:`by_proposal`), so that models working across issues (the
        exchange model, multi-dimensional SMP) can; per-issue models give the same
        forecasts either way.
    progress
        Called with the number of issues finished, as chunks finish.
    """
    if isinstance(models, Mapping):
        spec = dict(models)
    else:
        spec = {name: name for name in model_names(models)}
    if grouping not in ("issue", "proposal"):
        raise ValueError(f"grouping must be 'issue' or 'proposal', got {grouping!r}")
    issues = issue_table(scenarios, split_year)
    labelled = _tasks(spec, by_proposal(scenarios) if grouping == "proposal" else scenarios, seed, executor)
    labels, tasks = [label for label, _ in labelled], [task for _, task in labelled]
    if executor is None:
        results = []
        for task in tasks:
            results.append(forecast_chunk(task))
            if progress:
                progress(sum(len(sc.issues) for _, sc in task[3]))
    else:
        results = executor.map(forecast_chunk, tasks, chunksize=1,
                               progress=(lambda r: progress(len(r[0]) + len(r[1]))) if progress else None)
    frames, failures = [], []
    for label, (done, failed) in zip(labels, results):
        frames.append(pd.DataFrame(done, columns=["issue", "forecast"]).assign(model=label))
        failures += [(label, k, msg) for k, msg in failed]
    forecasts = _join(pd.concat(frames, ignore_index=True), issues, list(spec))
    bt = Backtest(forecasts, _failure_table(failures, len(scenarios)), split_year, capability, seed, grouping)
    if stack:
        from .menu import add_menu
        from .stacking import add_stacked

        add_stacked(bt, folds=folds, seed=seed)
        add_menu(bt, held_positions(scenarios), folds=folds, seed=seed)
    return bt


def held_positions(scenarios: list[Scenario]) -> dict[str, np.ndarray]:
    """Each issue's positions, as the models see them (actors with a position and a salience)."""
    return {issue: sc.issue_data(issue).position for sc in scenarios for issue in sc.issue_names}


def _tasks(spec: dict[str, Forecaster], scenarios: list[Scenario], seed: int, executor) -> list[tuple[str, tuple]]:
    """``(label, task)`` per model and chunk of issues (about 4 chunks per worker, one chunk serially)."""
    from ..execution.chunking import default_chunksize, split

    workers = getattr(executor, "workers", 1) if executor is not None else 1
    per = default_chunksize(len(scenarios), workers) if workers > 1 else max(1, len(scenarios))
    chunks = split(list(enumerate(scenarios)), per)
    return [(label, (forecaster, params, seed, items))
            for label, (forecaster, params) in ((k, f if isinstance(f, tuple) else (f, {})) for k, f in spec.items())
            for _, items in chunks]


def _join(forecasts: pd.DataFrame, issues: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    frame = forecasts.merge(issues, on="issue")
    frame["error"] = (frame["forecast"] - frame["outcome"]).abs()
    frame["model"] = pd.Categorical(frame["model"], categories=order, ordered=True)
    frame = frame.sort_values(["model", "year", "issue"], kind="stable").reset_index(drop=True)
    frame["model"] = frame["model"].astype(str)
    return frame[["model", "issue", "prnr", "year", "period", "council", "proc", "vote", "split", "status_quo",
                  "forecast", "outcome", "error"]]


def _failure_table(failures: list[tuple[str, str, str]], total: int) -> pd.DataFrame:
    rows = {}
    for label, _, msg in failures:
        entry = rows.setdefault(label, {"model": label, "failed": 0, "of": total, "message": msg})
        entry["failed"] += 1
    return pd.DataFrame(list(rows.values()), columns=["model", "failed", "of", "message"])
