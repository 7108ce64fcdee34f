"""The parts and HTML reports of each analysis: the CLI's ``--html`` and the web app show the same parts.

Each ``*_parts`` function takes the analysis' result object and returns its
:data:`~detente.report.html.Part` list, tables first, then figures, in the
order the report and the web page show them. Each ``*_report`` function
writes one self-contained page of those parts with
:func:`~detente.report.html.write_report`; given ``parts`` already made
(the web app makes them once per job, for its page and for the report), it
writes those.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._console import number
from .figures import comparison_bars, fan_chart, forecast_bars, outcome_distribution, sensitivity_bars, trajectory
from .html import Part, figure_parts, write_report

__all__ = ["comparison_parts", "comparison_report", "forecast_parts", "forecast_report", "forecast_table",
           "sensitivity_parts", "sensitivity_report", "simulation_parts", "simulation_report"]


def simulation_parts(sim) -> list[Part]:
    """A Monte Carlo run: the outcome table, each issue's distribution and (when kept) its fan chart."""
    figures = [outcome_distribution(sim, i) for i in sim.issues]
    figures += [fan_chart(sim, i) for i in sim.issues if sim.has_fan(i)]
    return [("Outcome per issue", sim.summary()), *figure_parts(figures)]


def simulation_report(path: str | Path, sim, run_id: str | None = None, parts: list[Part] | None = None) -> Path:
    """The report of :func:`simulation_parts`."""
    return write_report(path, f"{sim.scenario}: Monte Carlo", parts if parts is not None else simulation_parts(sim),
                        meta={"model": sim.model, "draws": f"{sim.n_draws:,}", "seed": str(sim.seed),
                              "scenario": sim.scenario_hash[:12], "run": run_id or "not stored"})


def sensitivity_parts(result, issues: list[str], top: int = 10) -> list[Part]:
    """A sensitivity run: per issue, the ``top`` factors as a table (under the issue's name), then as bars."""
    return [*((issue, result.top(issue, top)) for issue in issues),
            *figure_parts(sensitivity_bars(result, issue, top) for issue in issues)]


def sensitivity_report(path: str | Path, result, scenario_name: str, issues: list[str], top: int = 10,
                       parts: list[Part] | None = None) -> Path:
    """The report of :func:`sensitivity_parts`."""
    return write_report(path, f"{scenario_name}: sensitivity ({result.method})",
                        parts if parts is not None else sensitivity_parts(result, issues, top),
                        meta={"model": result.model, "runs": f"{result.n_runs:,}", "seed": str(result.seed)})


def forecast_table(forecasts: list, issues: list) -> pd.DataFrame:
    """One row per issue: its scale, each model's forecast side by side, and the observed outcome."""
    side = pd.DataFrame({"issue": [i.name for i in issues], "scale": [f"{number(i.lower)}-{number(i.upper)}" for i in issues]})
    for f in forecasts:
        side[f.model] = [f[i.name].forecast for i in issues]
    side["observed"] = [i.outcome for i in issues]
    return side


def forecast_parts(forecasts: list, issues: list) -> list[Part]:
    """Forecasts of one scenario's ``issues`` by one or more models: the forecasts side by side, each model's
    rounds and last-round statistics, the bars per issue and model, and each trajectory (one-shot models have
    no rounds to draw)."""
    details = pd.concat([f.summary() for f in forecasts], ignore_index=True)
    figures = [forecast_bars(forecasts, issues)]
    figures += [trajectory(issue, f"{issue.issue}: positions by round ({f.model})")
                for f in forecasts for issue in f.issues if issue.n_rounds > 0]
    return [("Forecast per issue and model", forecast_table(forecasts, issues)),
            ("Rounds and last-round statistics per model and issue", details), *figure_parts(figures)]


def forecast_report(path: str | Path, forecasts: list, scenario_name: str, issues: list,
                    run_ids: list[str] = (), parts: list[Part] | None = None) -> Path:
    """The report of :func:`forecast_parts`."""
    return write_report(path, f"{scenario_name}: forecast",
                        parts if parts is not None else forecast_parts(forecasts, issues),
                        meta={"models": ", ".join(f.model for f in forecasts),
                              "runs": ", ".join(run_ids) or "not stored"})


def comparison_parts(result) -> list[Part]:
    """A counterfactual comparison: the effect table and baseline vs shocked bars with 90% intervals."""
    return [("Effect per issue", result.summary()), *figure_parts([comparison_bars(result)])]


def comparison_report(path: str | Path, result, scenario_name: str, run_id: str | None = None,
                      parts: list[Part] | None = None) -> Path:
    """The report of :func:`comparison_parts`."""
    return write_report(path, f"{scenario_name}: effect of shock {result.shock.name!r}",
                        parts if parts is not None else comparison_parts(result),
                        meta={"model": result.model, "draws": f"{result.baseline.shape[0]:,}",
                              "seed": str(result.seed), "run": run_id or "not stored"})
