"""The HTML reports of each analysis, one function each: the CLI's ``--html`` and the web app write the same file.

Each function takes the analysis' result object and writes one
self-contained page with :func:`~detente.report.html.write_report`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .figures import comparison_bars, fan_chart, forecast_bars, outcome_distribution, sensitivity_bars, trajectory
from .html import write_report

__all__ = ["comparison_report", "forecast_report", "sensitivity_report", "simulation_report"]


def simulation_report(path: str | Path, sim, run_id: str | None = None) -> Path:
    """A Monte Carlo run: the outcome table, each issue's distribution and (when kept) its fan chart."""
    figures = [outcome_distribution(sim, i) for i in sim.issues]
    figures += [fan_chart(sim, i) for i in sim.issues if sim.has_fan(i)]
    return write_report(path, f"{sim.scenario}: Monte Carlo", tables={"Outcome per issue": sim.summary()},
                        figures=figures, meta={"model": sim.model, "draws": f"{sim.n_draws:,}", "seed": str(sim.seed),
                                               "scenario": sim.scenario_hash[:12], "run": run_id or "not stored"})


def sensitivity_report(path: str | Path, result, scenario_name: str, issues: list[str], top: int = 10) -> Path:
    """A sensitivity run: per issue, the ``top`` factors as a table and as bars."""
    return write_report(path, f"{scenario_name}: sensitivity ({result.method})",
                        tables={issue: result.top(issue, top) for issue in issues},
                        figures=[sensitivity_bars(result, issue, top) for issue in issues],
                        meta={"model": result.model, "runs": f"{result.n_runs:,}", "seed": str(result.seed)})


def forecast_report(path: str | Path, forecasts: list, scenario_name: str, issues: list,
                    run_ids: list[str] = ()) -> Path:
    """Forecasts of one scenario by one or more models: the table per issue and model, and each trajectory."""
    summary = pd.concat([f.summary() for f in forecasts], ignore_index=True)
    figures = [forecast_bars(forecasts, issues)] + [trajectory(issue, f"{issue.issue}: positions by round ({f.model})")
                                                    for f in forecasts for issue in f.issues if issue.n_rounds > 0]
    return write_report(path, f"{scenario_name}: forecast", tables={"Forecast per issue and model": summary},
                        figures=figures, meta={"models": ", ".join(f.model for f in forecasts),
                                               "runs": ", ".join(run_ids) or "not stored"})


def comparison_report(path: str | Path, result, scenario_name: str, run_id: str | None = None) -> Path:
    """A counterfactual comparison: the effect table and baseline vs shocked bars with 90% intervals."""
    return write_report(path, f"{scenario_name}: effect of shock {result.shock.name!r}",
                        tables={"Effect per issue": result.summary()}, figures=[comparison_bars(result)],
                        meta={"model": result.model, "draws": f"{result.baseline.shape[0]:,}",
                              "seed": str(result.seed), "run": run_id or "not stored"})
