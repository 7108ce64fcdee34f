"""Figures and the HTML report of a backtest (plotly, embedded offline by :func:`write_report`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .html import Part, figure_parts, write_report

__all__ = ["ANCHORS", "ANCHOR_NOTES", "anchor_table", "backtest_parts", "error_by_year", "error_distribution",
           "forecast_vs_outcome", "write_backtest_report"]

#: Figures measured elsewhere (shared/data/README.md, a peer's backtest) that the report cites beside ours as anchors.
ANCHORS = (
    {"figure": "salience-weighted mean, 351 issues", "published": 23.6411, "model": "mean", "capability": "equal",
     "split": "all", "source": "shared/data/README.md, 'Baselines measured here' (a)"},
    {"figure": "salience-weighted mean, 140 issues from 2005", "published": 23.7567, "model": "mean",
     "capability": "equal", "split": "test", "source": "shared/data/README.md, time split"},
    {"figure": "capability x salience mean (Council votes), 351 issues", "published": 22.99, "model": "mean",
     "capability": "votes", "split": "all", "source": "hamzagul07/schelling, BACKTEST.md (commit 6e1b0b7)"},
    {"figure": "expected-utility reconstructions, 351 issues", "published": "26.83-27.94", "model": "eum",
     "capability": "votes", "split": "all", "source": "hamzagul07/schelling, BACKTEST.md (commit 6e1b0b7)"},
)

#: Why our figures may differ from the anchors (shown under the anchor table).
ANCHOR_NOTES = (
    "Council votes: detente takes the treaty period from the proposal year in prnr; schelling takes the "
    "treaty in force at the decision date. With the period from the final act's year (finact), the backtest "
    "gives 23.00, schelling's 22.99 (tests/analysis/test_backtest.py); detente keeps the proposal year "
    "because the finact dates are unreliable.",
    "Expected utility: schelling's figures come from its own challenge solver (risk on/off, Q = 0.5/1, an "
    "rp-anchored variant with Q tuned split-sample); detente's eum follows Scholz, Calbert & Smith (2011) "
    "and does not use the reference point, so the two are reconstructions of the same paper, not the same code.",
)


def anchor_table(results: pd.DataFrame, capability: str) -> pd.DataFrame:
    """The anchors with this run's figure beside each (blank when the run used other capabilities)."""
    rows = []
    for a in ANCHORS:
        ours = results[(results["model"] == a["model"]) & (results["split"] == a["split"])]["mae"]
        value = float(ours.iloc[0]) if a["capability"] == capability and len(ours) else None
        rows.append({"figure": a["figure"], "published": a["published"],
                     "this run": "" if value is None else f"{value:.4f}",
                     "needs": f"--capability {a['capability']}", "source": a["source"]})
    return pd.DataFrame(rows)


def error_distribution(forecasts: pd.DataFrame) -> go.Figure:
    """Absolute error per model (box plot over issues)."""
    fig = go.Figure()
    for model, rows in forecasts.groupby("model", sort=False):
        fig.add_trace(go.Box(y=rows["error"], name=model, boxmean=True))
    fig.update_layout(title="Absolute error per issue, by model (0-100 scale)", yaxis_title="|forecast - outcome|",
                      template="plotly_white", showlegend=False)
    return fig


def forecast_vs_outcome(forecasts: pd.DataFrame) -> go.Figure:
    """Forecast against observed outcome, one trace per model (click the legend to compare)."""
    fig = go.Figure()
    for k, (model, rows) in enumerate(forecasts.groupby("model", sort=False)):
        fig.add_trace(go.Scatter(x=rows["outcome"], y=rows["forecast"], mode="markers", name=model,
                                 text=rows["issue"], visible=True if k == 0 else "legendonly", opacity=0.6))
    fig.add_trace(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", name="forecast = outcome",
                             line={"dash": "dot", "color": "#888"}))
    fig.update_layout(title="Forecast vs observed outcome", xaxis_title="observed outcome",
                      yaxis_title="forecast", template="plotly_white")
    return fig


def error_by_year(forecasts: pd.DataFrame, split_year: int) -> go.Figure:
    """Mean absolute error per proposal year and model, with the split year marked."""
    fig = go.Figure()
    for model, rows in forecasts.groupby("model", sort=False):
        per = rows.groupby("year")["error"].mean()
        fig.add_trace(go.Scatter(x=per.index, y=per.values, mode="lines+markers", name=model))
    fig.add_vline(x=split_year - 0.5, line_dash="dash", annotation_text=f"split {split_year}")
    fig.update_layout(title="Mean absolute error by proposal year", xaxis_title="proposal year (from prnr)",
                      yaxis_title="MAE", template="plotly_white")
    return fig


def backtest_parts(bt) -> list[Part]:
    """A backtest, fresh or re-opened: scores, anchors and why they may differ, the paired comparison with the
    mean, failures (when any), scores per period and per Council formation; then the three figures."""
    results = bt.table()
    parts = [("Scores per model and split", results),
             ("Anchors: figures measured elsewhere", anchor_table(results, bt.capability)),
             ("Why the anchors may differ", pd.DataFrame({"note": list(ANCHOR_NOTES)}))]
    versus = pd.DataFrame(bt.versus())
    if len(versus):
        parts.append((f"MAE minus the mean's, from {bt.split_year} (95% proposal-clustered bootstrap)", versus))
    if len(bt.failures):
        parts.append(("Models that failed on some issues", bt.failures))
    parts += [("Scores per period", bt.by("period")), ("Scores per Council formation", bt.by("council"))]
    return parts + figure_parts([error_distribution(bt.forecasts), forecast_vs_outcome(bt.forecasts),
                                 error_by_year(bt.forecasts, bt.split_year)])


def write_backtest_report(path: str | Path, bt, meta: dict[str, str] | None = None,
                          parts: list[Part] | None = None) -> Path:
    """One self-contained HTML file of :func:`backtest_parts`."""
    meta = {"issues": str(bt.forecasts["issue"].nunique()), "split year": str(bt.split_year),
            "capability": bt.capability, "seed": str(bt.seed), **(meta or {})}
    return write_report(path, "DEU III backtest", parts if parts is not None else backtest_parts(bt), meta=meta)
