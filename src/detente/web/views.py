"""The page's view of each kind of result: its report's parts as JSON, plus the matching HTML report.

The parts (tables and Plotly figures, in order) come from the report's
``*_parts`` functions (:mod:`detente.report.reports`, :mod:`detente.report.war`,
:mod:`detente.report.backtest`), so the page, the CLI's ``--html`` and a
re-opened run show the same tables and charts in the same order. Each
``*_view`` makes the parts once and returns ``(payload, report)``, where
``report(path)`` writes those same parts as the HTML report.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from ..report import reports
from ..report.html import Part

__all__ = ["backtest_view", "comparison_view", "figure_json", "forecast_view", "parts_payload", "sensitivity_view",
           "simulation_view", "stored_view", "table_json", "war_view"]


def table_json(frame: pd.DataFrame) -> dict[str, Any]:
    """``{"columns": [...], "rows": [[...], ...]}`` with NaN as null."""
    rows = [[None if isinstance(v, float) and not math.isfinite(v) else v for v in row]
            for row in json.loads(frame.to_json(orient="values", double_precision=10))]
    return {"columns": [str(c) for c in frame.columns], "rows": rows}


def figure_json(fig) -> dict[str, Any]:
    """A Plotly figure as ``{"data", "layout"}`` for ``Plotly.newPlot``."""
    return json.loads(fig.to_json())


def _payload(kind: str, scenario: str, run_ids, tables: dict[str, pd.DataFrame], figures) -> dict[str, Any]:
    return {"kind": kind, "scenario": scenario, "run_ids": [r for r in run_ids if r],
            "tables": {k: table_json(v) for k, v in tables.items()},
            "figures": [{"title": f.layout.title.text or "", "figure": figure_json(f)} for f in figures]}


def parts_payload(kind: str, scenario: str, run_ids, parts: list[Part]) -> dict[str, Any]:
    """The page's JSON of a report's parts: ``tables`` by caption and ``figures`` (each with its title), each in
    the parts' order (the page shows the tables, then the figures, as the report does)."""
    tables = {title: part for title, part in parts if isinstance(part, pd.DataFrame)}
    return _payload(kind, scenario, run_ids, tables, [part for _, part in parts if not isinstance(part, pd.DataFrame)])


def forecast_view(forecasts: list, scenario_name: str, issues: list, run_ids=()):
    """Forecasts side by side (with the observed outcome), each model's rounds, and positions by round."""
    parts = reports.forecast_parts(forecasts, issues)
    return (parts_payload("forecast", scenario_name, run_ids, parts),
            lambda path: reports.forecast_report(path, forecasts, scenario_name, issues, list(run_ids), parts))


def simulation_view(sim, run_id: str | None = None):
    """Monte Carlo: outcome table, each issue's distribution, and fan charts when positions per round were kept."""
    parts = reports.simulation_parts(sim)
    return (parts_payload("simulate", sim.scenario, [run_id], parts),
            lambda path: reports.simulation_report(path, sim, run_id, parts))


def comparison_view(result, scenario_name: str, run_id: str | None = None):
    """Counterfactual: the effect per issue with its 90% interval, and baseline vs shocked bars."""
    parts = reports.comparison_parts(result)
    return (parts_payload("compare", scenario_name, [run_id], parts),
            lambda path: reports.comparison_report(path, result, scenario_name, run_id, parts))


def sensitivity_view(result, scenario_name: str, issues: list[str], top: int = 10, run_id: str | None = None):
    """Sensitivity: per issue, the top factors as a table and as bars."""
    parts = reports.sensitivity_parts(result, issues, top)
    return (parts_payload("sensitivity", scenario_name, [run_id], parts),
            lambda path: reports.sensitivity_report(path, result, scenario_name, issues, top, parts))


def war_view(result, sc, run_id: str | None):
    """War: missed opportunity, settlement and terms; settlement over time and the value of each move. ``result``
    is fresh or re-opened (:class:`~detente.analysis.war.result.StoredWar`)."""
    from ..report import war

    parts = war.war_parts(result)
    meta = war.war_meta(result, sc, run_id)
    return (parts_payload("war", sc.name, [run_id], parts),
            lambda path: war.write_war_report(path, result, sc.name, meta, parts))


def backtest_view(bt, run_id: str | None, data: str):
    """Backtest over the file named ``data``, fresh or re-opened: the leaderboard, anchors and error plots."""
    from ..report import backtest

    parts = backtest.backtest_parts(bt)
    return (parts_payload("backtest", "DEU III", [run_id], parts),
            lambda path: backtest.write_backtest_report(path, bt, {"run": run_id or "not stored", "data": data},
                                                        parts))


def stored_view(record: dict[str, Any], result):
    """``(payload, report)`` of a re-opened run (:func:`detente.runs.open_run`'s record and result), as the
    page showed it when it was made; ``(None, None)`` for a kind the page does not draw and for a run
    re-opened without a result."""
    if result is None:
        return None, None
    kind, run_id, scenario = record["command"], record["run_id"], record.get("scenario") or {}
    issues = [issue["name"] for issue in scenario.get("issues", [])]
    if kind == "forecast":
        return forecast_view([result], result.scenario, result.source.issues, [run_id])
    if kind == "simulate":
        return simulation_view(result, run_id)
    if kind == "compare":
        return comparison_view(result, scenario["name"], run_id)
    if kind == "sensitivity":
        return sensitivity_view(result, scenario["name"], issues, 10, run_id)
    if kind == "war":
        return war_view(result, result.scenario, run_id)
    if kind == "backtest":
        return backtest_view(result, run_id, result.data)
    return None, None
