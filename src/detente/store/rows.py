"""The tidy rows the run store takes from each kind of result, and the recorders of runs stored once finished.

The CLI (:mod:`detente.cli`, :mod:`detente.commands`) and the web app
(:mod:`detente.web.tasks`) both build a run's rows here, so a run is stored the
same way whichever of them started it. Each function returns frames with the
columns of a result table (:mod:`detente.store.schema`, without ``run_id``):

==================================  ==================  ==========================================
result                              function            rows
==================================  ==================  ==========================================
a chunk of Monte Carlo draws        simulation_rows     ``draws``: draw, issue, series ``outcome``
a summary per issue (simulate, ...) summary_rows        ``summaries``: issue, statistic, value
baseline vs shocked (compare)       comparison_rows     ``draws``: series ``baseline``/``shocked``
sensitivity indices                 index_rows          ``indices``: issue, factor, statistic, value
a chunk of REX runs                 rex_rows            ``draws``: draw (the run), series ``forecast``
missed opportunity (war)            war_rows            ``summaries`` and ``draws``
a DEU III backtest                  backtest_rows       ``forecasts`` and ``summaries``
war-history calibration             war_history_rows    ``summaries``: the headline numbers
==================================  ==================  ==========================================

:func:`record_sensitivity`, :func:`record_backtest` and :func:`record_war_history`
store a finished run of those commands whole. They raise :class:`~detente.store.StoreBusyError` on a busy
store (the CLI prints it and exits 2; the web shows it as the job's problem).
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np
import pandas as pd

from .core import Store
from .provenance import file_digests

__all__ = ["backtest_rows", "comparison_rows", "factor_ranges", "index_rows", "record_backtest", "record_sensitivity",
           "record_war_history", "rex_rows", "simulation_rows", "summary_rows", "war_history_rows", "war_rows"]

_SUMMARY = ["issue", "statistic", "value"]


def simulation_rows(issues: Sequence[str], chunk: tuple) -> pd.DataFrame:
    """A finished chunk ``(start, outcomes, positions)`` of :func:`detente.analysis.simulate.simulate` as ``draws``.

    Parameters
    ----------
    issues
        The scenario's issue names, in the order of the outcome columns.
    chunk
        ``(start, outcomes, ...)``: the first draw's number and a ``(draws, issues)`` array.

    Returns
    -------
    pandas.DataFrame
        One row per draw and issue: ``draw, issue, series, value`` (series ``outcome``).
    """
    start, outcomes = chunk[0], chunk[1]
    draws, columns = np.indices(outcomes.shape)
    return pd.DataFrame({"draw": (start + draws).ravel(), "issue": np.asarray(issues, dtype=object)[columns.ravel()],
                         "series": "outcome", "value": outcomes.ravel()})


def summary_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A summary with one row per issue and one column per statistic (``Simulation.summary()``,
    ``Comparison.summary()``, ``RexResult.summary()``) as ``summaries``: issue, statistic, value (floats)."""
    return frame.melt(id_vars="issue", var_name="statistic", value_name="value").astype({"value": float})


def comparison_rows(result) -> pd.DataFrame:
    """A comparison's paired draws as ``draws``: draw, issue, series (``baseline`` or ``shocked``), value."""
    frames = []
    for series, values in (("baseline", result.baseline), ("shocked", result.shocked)):
        frame = pd.DataFrame(values, columns=result.issues).rename_axis("draw").reset_index()
        frames.append(frame.melt(id_vars="draw", var_name="issue", value_name="value").assign(series=series))
    return pd.concat(frames)[["draw", "issue", "series", "value"]]


def index_rows(result) -> pd.DataFrame:
    """Sensitivity indices (``result.indices``, one row per issue and factor) as ``indices``:
    issue, factor, statistic, value; the factors' ranges ``low``/``high`` are left out (they are not indices:
    :func:`record_sensitivity` keeps them once per factor, with :func:`factor_ranges`)."""
    tidy = result.indices.drop(columns=["low", "high"]).melt(id_vars=["issue", "factor"], var_name="statistic",
                                                             value_name="value")
    return tidy[["issue", "factor", "statistic", "value"]]


def factor_ranges(result) -> list[dict]:
    """Each factor's range, ``{"factor", "low", "high"}``, once per factor (the same for every issue), in the
    indices' order: what :func:`index_rows` leaves out, kept in the run's ``extra`` as ``ranges``."""
    frame = result.indices[["factor", "low", "high"]].drop_duplicates("factor")
    return [{"factor": str(f), "low": float(lo), "high": float(hi)} for f, lo, hi in frame.itertuples(index=False)]


def record_sensitivity(store: Store, result, scenario, *, parameters: dict, n: int, argv: Sequence[str]) -> str:
    """Store a finished sensitivity analysis (``detente sensitivity``, or the web's) as one run; returns its id.

    Parameters
    ----------
    store
        The run store.
    result
        The :class:`~detente.analysis.sensitivity.Sensitivity` (its model, method, seed and number of runs).
    scenario
        The scenario it varied.
    parameters
        The model's parameters, as the run records them.
    n
        The base sample size (``-n``).
    argv
        The command line (the web's is ``detente serve``).

    Returns
    -------
    str
        The run's id. ``indices`` holds :func:`index_rows`; ``extra`` the method, ``n`` and the factors'
        ranges (:func:`factor_ranges`), so that a re-opened run shows the tables of the fresh one.
    """
    extra = {"method": result.method, "n": n, "ranges": factor_ranges(result)}
    with store.recording("sensitivity", scenario, model=result.model, parameters=dict(parameters), seed=result.seed,
                         argv=list(argv), draws=result.n_runs, extra=extra) as run_id:
        store.finish_run(run_id, "done", {"indices": index_rows(result)})
    return run_id


def rex_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """A chunk of REX rows (``run, issue, forecast, ...``) as ``draws``: each run's forecast is a draw's value
    (series ``forecast``)."""
    frame = rows.rename(columns={"run": "draw", "forecast": "value"})[["draw", "issue", "value"]]
    return frame.assign(series="forecast")


def war_rows(result) -> dict[str, pd.DataFrame]:
    """A missed-opportunity result (``detente war``) as ``summaries`` and ``draws``.

    ``summaries``: issue = an actor, a counterfactual or ``joint``; statistic = the
    summary's key (``missed_opportunity.value``, ``p_observed_optimal``,
    ``missed_opportunity_own.stalling.value``, ...). ``draws``: each actor's missed
    opportunity per draw (series ``missed_opportunity``). The whole document (levers
    per move, structural choices) is the run's ``war`` document (:mod:`detente.report.documents`).
    """
    doc = result.to_json()
    rows = []
    for actor, s in doc["actors"].items():
        rows += [(actor, f"missed_opportunity.{k}", v) for k, v in s["missed_opportunity"].items()]
        if s.get("p_observed_optimal") is not None:
            rows.append((actor, "p_observed_optimal", s["p_observed_optimal"]))
        own = s.get("missed_opportunity_own") or {}
        for typ, entry in ({"": own} if "value" in own else own).items():  # per type for A, who knows its type
            prefix = f"missed_opportunity_own{'.' + typ if typ else ''}"
            rows += [(actor, f"{prefix}.{k}", v) for k, v in entry.items()]
    for cf in doc["counterfactuals"]:
        for key, value in cf.items():
            if isinstance(value, dict) and "value" in value:
                rows.append((cf["counterfactual"], key, value["value"]))
    rows += [("joint", f"joint_missed_opportunity.{k}", v) for k, v in doc["joint_missed_opportunity"].items()]
    draws = []
    for actor in result.spec.moves:
        mo = result.missed(actor)
        draws.append(pd.DataFrame({"draw": np.arange(len(mo)), "issue": actor, "series": "missed_opportunity",
                                   "value": mo}))
    return {"summaries": pd.DataFrame(rows, columns=_SUMMARY).astype({"value": float}),
            "draws": pd.concat(draws, ignore_index=True)}


def backtest_rows(bt) -> dict[str, pd.DataFrame]:
    """A :class:`~detente.analysis.backtest.Backtest` as ``forecasts`` (model, issue, forecast, outcome per issue)
    and ``summaries`` (issue = ``model/split``, statistic = each score, e.g. ``mae``)."""
    summaries = pd.DataFrame([{"issue": f"{r['model']}/{r['split']}", "statistic": k, "value": float(v)}
                              for r in bt.results() for k, v in r.items()
                              if k not in ("model", "split") and v is not None], columns=_SUMMARY)
    return {"forecasts": bt.forecasts[["model", "issue", "forecast", "outcome"]], "summaries": summaries}


def war_history_rows(result) -> dict[str, pd.DataFrame]:
    """A war-history result's headline numbers (``result.summary``) as ``summaries`` (issue ``war-history``)."""
    numbers = [(key, float(value)) for key, value in result.summary.items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)]
    return {"summaries": pd.DataFrame([("war-history", key, value) for key, value in numbers], columns=_SUMMARY)}


def record_backtest(store: Store, bt, scenario, *, names: Sequence[str], split_year: int, seed: int,
                    capability: str, grouping: str, data: str, argv: Sequence[str]) -> str:
    """Store a finished backtest as one ``backtest`` run; returns its id.

    Parameters
    ----------
    store
        The run store.
    bt
        The :class:`~detente.analysis.backtest.Backtest`.
    scenario
        The data file read as one scenario (``detente.io.deu3.read``): the run's provenance.
    names, split_year, seed, capability, grouping
        How the backtest was run (its ``parameters``; the failures and fits go to ``extra``).
    data
        The data file's name, kept in the ``backtest`` document for the re-opened report.
    argv
        The command line (the web's is ``detente serve``).
    """
    from ..report.documents import backtest_documents  # what a re-opened run's report is made of

    parameters = {"models": list(names), "split_year": split_year, "capability": capability, "grouping": grouping}
    extra = {"failures": bt.failures.to_dict("records"), "fits": bt.fits}
    with store.recording("backtest", scenario, model=",".join(bt.models), parameters=parameters, seed=seed,
                         argv=list(argv), extra=extra) as run_id:
        store.finish_run(run_id, "done", backtest_rows(bt), documents=backtest_documents(bt, data))
    return run_id


def record_war_history(store: Store, inputs, seed: int, result, argv: Sequence[str]) -> str:
    """Store a finished ``war-history`` run: the data files' digests (``inputs``, a
    :class:`~detente.analysis.war.history.WarHistoryInputs`), the seed and the headline numbers; returns its id."""
    digests = file_digests({k: v for k, v in dataclasses.asdict(inputs).items()})
    with store.recording("war-history", None, model="war", parameters={"seed": seed}, seed=seed, argv=list(argv),
                         inputs=digests) as run_id:
        store.finish_run(run_id, "done", war_history_rows(result))
    return run_id
