"""Re-open a stored run: rebuild its result objects from the run store's tidy tables, then view them as new.

The store keeps what each command recorded (see :mod:`detente.store`):
forecasts, positions per round and a model's per-round series; Monte Carlo outcomes per draw and the
fan quantiles of positions per round; baseline and shocked outcomes per
draw; sensitivity indices with the factors' ranges; the result documents of war and backtest runs
(:mod:`detente.report.documents`). Nothing is recomputed. Runs recorded
without a document (by an earlier detente) re-open with their tables only.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.compare import Comparison
from ..analysis.sensitivity import Sensitivity
from ..analysis.shocks import Shock
from ..analysis.simulate import Range, Simulation
from ..models.base import Forecast, IssueForecast
from ..report.documents import StoredWar, stored_backtest, stored_fans
from ..scenario import Scenario
from .views import backtest_view, comparison_view, forecast_view, sensitivity_view, simulation_view, war_view

__all__ = ["restore"]


def _forecast(record: dict, tables: dict[str, pd.DataFrame], sc: Scenario):
    rows, positions = tables.get("forecasts"), tables.get("positions")
    if rows is None or positions is None:
        raise ValueError(f"run {record['run_id']} has no stored forecast")
    issues, series = [], _documents(tables).get("series", {})
    for issue in sc.issue_names:
        pos = positions[positions["issue"] == issue].pivot(index="round", columns="actor", values="position")
        actors = tuple(a for a in sc.actor_names if a in pos.columns)
        value = rows.loc[rows["issue"] == issue, "forecast"]
        issues.append(IssueForecast(issue, float(value.iloc[0]), actors, pos[list(actors)].to_numpy(dtype=float),
                                    {name: np.asarray(v, dtype=float) for name, v in series.get(issue, {}).items()}))
    fc = Forecast(record["model"], record["parameters"] or {}, sc.name, issues,
                  outcomes={i.name: i.outcome for i in sc.issues})
    return forecast_view([fc], sc.name, sc.issues, [record["run_id"]])


def _per_draw(draws: pd.DataFrame, series: str, issues: list[str]) -> np.ndarray:
    rows = draws[draws["series"] == series]
    return rows.pivot(index="draw", columns="issue", values="value").reindex(columns=issues).to_numpy(dtype=float)


def _simulation(record: dict, tables: dict[str, pd.DataFrame], sc: Scenario):
    draws = tables.get("draws")
    if draws is None:
        raise ValueError(f"run {record['run_id']} has no stored draws")
    ranges = [Range.parse(r) for r in (record["extra"] or {}).get("ranges", [])]
    sim = Simulation(model=record["model"], parameters=record["parameters"] or {}, seed=int(record["seed"] or 0),
                     scenario=sc.name, scenario_hash=record["scenario_hash"], issues=sc.issue_names,
                     actors={i: sc.issue_data(i).actors for i in sc.issue_names}, inputs=[],
                     outcomes=_per_draw(draws, "outcome", sc.issue_names), positions={}, ranges=ranges,
                     fans=stored_fans(_documents(tables).get("fan")))
    return simulation_view(sim, record["run_id"])


def _comparison(record: dict, tables: dict[str, pd.DataFrame], sc: Scenario):
    draws = tables.get("draws")
    if draws is None:
        raise ValueError(f"run {record['run_id']} has no stored draws")
    shock = Shock.model_validate((record["extra"] or {}).get("shock") or {})
    result = Comparison(record["model"], int(record["seed"] or 0), shock, sc.issue_names,
                        _per_draw(draws, "baseline", sc.issue_names), _per_draw(draws, "shocked", sc.issue_names))
    return comparison_view(result, sc.name, record["run_id"])


def _sensitivity(record: dict, tables: dict[str, pd.DataFrame], sc: Scenario):
    tidy = tables.get("indices")
    if tidy is None:
        raise ValueError(f"run {record['run_id']} has no stored indices")
    extra = record["extra"] or {}
    wide = tidy.pivot_table(index=["issue", "factor"], columns="statistic", values="value", sort=False).reset_index()
    wide.columns.name = None
    if extra.get("ranges"):  # kept since detente.store.rows.record_sensitivity; runs recorded before re-open without
        ranges = pd.DataFrame(extra["ranges"], columns=["factor", "low", "high"])
        statistics = [c for c in wide.columns if c not in ("issue", "factor")]
        wide = wide.merge(ranges, on="factor", how="left")[["issue", "factor", "low", "high", *statistics]]
    result = Sensitivity(record["model"], extra.get("method", "sobol"), int(record["seed"] or 0),
                         int(record["draws"] or 0), wide)
    return sensitivity_view(result, sc.name, sc.issue_names, 10, record["run_id"])


def _war(record: dict, tables: dict[str, pd.DataFrame], sc: Scenario):
    doc = _documents(tables).get("war")
    if doc is None or sc.war is None:
        return None, None
    return war_view(StoredWar(sc.war, doc), sc, record["run_id"])


def _backtest(record: dict, tables: dict[str, pd.DataFrame], sc: Scenario):
    doc = _documents(tables).get("backtest")
    if doc is None:
        return None, None
    return backtest_view(stored_backtest(doc), record["run_id"], doc["data"])


def _documents(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    frame = tables.get("documents")
    return {} if frame is None else {name: json.loads(text) for name, text in zip(frame["name"], frame["document"])}


_RESTORERS = {"forecast": _forecast, "simulate": _simulation, "compare": _comparison, "sensitivity": _sensitivity,
              "war": _war, "backtest": _backtest}


def restore(record: dict[str, Any], tables: dict[str, pd.DataFrame]):
    """``(payload, report)`` for a stored run, as when it was made; ``(None, None)`` for kinds the page cannot draw,
    for war and backtest runs recorded without their result document, and for war runs of an earlier war game
    (issue 12) whose scenario's war: section the current schema no longer reads."""
    restorer = _RESTORERS.get(record["command"])
    if restorer is None or not record.get("scenario"):
        return None, None
    try:
        sc = Scenario.model_validate(record["scenario"])
    except ValueError:  # pydantic's ValidationError is one
        if record["command"] == "war":  # recorded by an earlier war game whose war: section the current one no
            return None, None           # longer reads: its tables still show, its report says why there is none
        raise
    return restorer(record, tables, sc)
