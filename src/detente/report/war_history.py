"""The war-history report: figures of :class:`~detente.analysis.war_history.WarHistory` and the HTML page.

Written with :func:`~detente.report.html.write_report` (plotly.js embedded, opens offline).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from .html import write_report


def survival_figure(result) -> go.Figure:
    """Share of wars still being fought after t months: COW observed, the fitted model and the geometric baseline."""
    s = result.survival
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=s["months"], y=s["observed"], mode="lines", line={"shape": "hv"},
                             name=f"observed (COW, {len(result.wars)} wars)"))
    fig.add_trace(go.Scatter(x=s["months"], y=s["model"], mode="lines",
                             name=f"front {result.summary['duration_length']} steps + hazard "
                                  f"{result.summary['duration_hazard']:.3f}/month"))
    fig.add_trace(go.Scatter(x=s["months"], y=s["geometric"], mode="lines", line={"dash": "dot"},
                             name="settlement hazard only"))
    fig.update_layout(title="War durations: share still fighting after t months", xaxis_title="months",
                      yaxis_title="share of wars", xaxis_type="log", template="plotly_white")
    return fig


def pit_figure(result, bins: int = 10) -> go.Figure:
    """Histogram of the out-of-sample PIT values; flat at 1 when the duration forecasts are calibrated."""
    counts, edges = np.histogram(result.pit, bins=bins, range=(0.0, 1.0))
    density = counts / (len(result.pit) / bins)
    fig = go.Figure(go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=density, width=1 / bins, name="PIT"))
    fig.add_hline(y=1.0, line_dash="dot", annotation_text="calibrated")
    fig.update_layout(title=f"Durations: randomised PIT out of sample (KS p = {result.summary['duration_ks_pvalue']:.4f})",
                      xaxis_title="PIT", yaxis_title="density", template="plotly_white")
    return fig


def reliability_figure(result) -> go.Figure:
    """Predicted vs observed P(initiator's side wins), per bin, with Wilson 95% intervals."""
    r = result.reliability
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"dash": "dot"}, name="perfect calibration"))
    fig.add_trace(go.Scatter(x=r["predicted"], y=r["observed"], mode="markers+text", text=[f"n={n}" for n in r["n"]],
                             textposition="top center", name="decided wars",
                             error_y={"type": "data", "symmetric": False, "array": r["high"] - r["observed"],
                                      "arrayminus": r["observed"] - r["low"]}))
    fig.update_layout(title="Who prevails: reliability out of sample", xaxis_title="predicted",
                      yaxis_title="observed", template="plotly_white", xaxis_range=[0, 1], yaxis_range=[0, 1.05])
    return fig


def crisis_figure(result) -> go.Figure:
    """Shares of ICB crises ending in agreement / reduced tension, and of actors winning, with and without a major power."""
    r = result.crisis_rates
    fig = go.Figure()
    for major, rows in r.groupby("major_power", sort=False):
        fig.add_trace(go.Bar(x=rows["outcome"], y=rows["share"], name="major power" if major else "no major power",
                             error_y={"type": "data", "symmetric": False, "array": rows["high"] - rows["share"],
                                      "arrayminus": rows["share"] - rows["low"]}))
    fig.update_layout(title="ICB: outcomes with and without a major power (Wilson 95%)", barmode="group",
                      yaxis_title="share of crises", template="plotly_white")
    return fig


def write_war_history_report(path: str | Path, result, meta: dict[str, str] | None = None) -> Path:
    """The whole report: headline numbers, the four tables and the four figures."""
    import pandas as pd

    headline = pd.DataFrame([{"quantity": k, "value": v if not isinstance(v, list) else ", ".join(f"{x:.4g}" for x in v)}
                             for k, v in result.summary.items()])
    tables = {"Headline numbers": headline, **result.tables()}
    figures = [survival_figure(result), pit_figure(result), reliability_figure(result), crisis_figure(result)]
    return write_report(path, "The war model checked against history (COW 1823-2003, ICB 1918-2017)",
                        tables=tables, figures=figures, meta={"seed": str(result.seed), **(meta or {})})
