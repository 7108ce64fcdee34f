"""The page's view of each kind of result: tables and Plotly figures as JSON, plus the matching HTML report.

Figures come from :mod:`detente.report.figures` and reports from
:mod:`detente.report.reports`, so the page, the CLI's ``--html`` and a
re-opened run show the same charts. Each ``*_view`` returns
``(payload, report)`` where ``report(path)`` writes the report.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from ..report import figures as figs
from ..report import reports

__all__ = ["comparison_view", "figure_json", "forecast_view", "sensitivity_view", "simulation_view", "table_json"]


def table_json(frame: pd.DataFrame) -> dict[str, Any]:
    """``{"columns": [...], "rows": [[...], ...]}`` with NaN as null."""
    rows = [[None if isinstance(v, float) and not math.isfinite(v) else v for v in row]
            for row in json.loads(frame.to_json(orient="values", double_precision=10))]
    return {"columns": [str(c) for c in frame.columns], "rows": rows}


def figure_json(fig) -> dict[str, Any]:
    """A Plotly figure as ``{"data", "layout"}`` for ``Plotly.newPlot``."""
    return json.loads(fig.to_json())


def _figures(figures) -> list[dict[str, Any]]:
    return [{"title": f.layout.title.text or "", "figure": figure_json(f)} for f in figures]


def _payload(kind: str, scenario: str, run_ids, tables: dict[str, pd.DataFrame], figures) -> dict[str, Any]:
    return {"kind": kind, "scenario": scenario, "run_ids": [r for r in run_ids if r],
            "tables": {k: table_json(v) for k, v in tables.items()}, "figures": _figures(figures)}


def forecast_view(forecasts: list, scenario_name: str, issues: list, run_ids=()):
    """Forecast per issue and model side by side (with the observed outcome), and positions by round."""
    side = pd.DataFrame({"issue": [i.name for i in issues], "scale": [f"{i.lower:g}-{i.upper:g}" for i in issues]})
    for f in forecasts:
        side[f.model] = [f[i.name].forecast for i in issues]
    side["observed"] = [i.outcome for i in issues]
    figures = [figs.forecast_bars(forecasts, issues)]
    figures += [figs.trajectory(i, f"{i.issue}: positions by round ({f.model})")
                for f in forecasts for i in f.issues if i.n_rounds > 0]  # one-shot models have no rounds to draw
    payload = _payload("forecast", scenario_name, run_ids, {"Forecast per issue and model": side}, figures)
    return payload, lambda path: reports.forecast_report(path, forecasts, scenario_name, issues, list(run_ids))


def simulation_view(sim, run_id: str | None = None):
    """Monte Carlo: outcome table, each issue's distribution, and fan charts when positions per round were kept."""
    figures = [figs.outcome_distribution(sim, i) for i in sim.issues]
    figures += [figs.fan_chart(sim, i) for i in sim.issues if sim.has_fan(i)]
    payload = _payload("simulate", sim.scenario, [run_id], {"Outcome per issue": sim.summary()}, figures)
    return payload, lambda path: reports.simulation_report(path, sim, run_id)


def comparison_view(result, scenario_name: str, run_id: str | None = None):
    """Counterfactual: the effect per issue with its 90% interval, and baseline vs shocked bars."""
    payload = _payload("compare", scenario_name, [run_id], {"Effect per issue": result.summary()},
                       [figs.comparison_bars(result)])
    return payload, lambda path: reports.comparison_report(path, result, scenario_name, run_id)


def sensitivity_view(result, scenario_name: str, issues: list[str], top: int = 10, run_id: str | None = None):
    """Sensitivity: per issue, the top factors as a table and as bars."""
    payload = _payload("sensitivity", scenario_name, [run_id], {i: result.top(i, top) for i in issues},
                       [figs.sensitivity_bars(result, i, top) for i in issues])
    return payload, lambda path: reports.sensitivity_report(path, result, scenario_name, issues, top)
