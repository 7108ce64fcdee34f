"""Plotly figures of forecasts and simulations. Each function returns a ``plotly.graph_objects.Figure``."""

from __future__ import annotations

import plotly.graph_objects as go

from ..analysis.simulate import Simulation
from ..models.base import IssueForecast


def trajectory(forecast: IssueForecast, title: str | None = None) -> go.Figure:
    """Each actor's position round by round (line per actor), with the model's per-round series dashed."""
    fig = go.Figure()
    rounds = list(range(forecast.positions.shape[0]))
    for k, actor in enumerate(forecast.actors):
        fig.add_trace(go.Scatter(x=rounds, y=forecast.positions[:, k], mode="lines+markers", name=actor))
    for name, series in forecast.series.items():
        fig.add_trace(go.Scatter(x=rounds, y=series, mode="lines", name=name, line={"dash": "dash", "width": 3}))
    fig.update_layout(title=title or f"{forecast.issue}: positions by round", xaxis_title="round",
                      yaxis_title="position", template="plotly_white")
    return fig


def outcome_distribution(sim: Simulation, issue: str) -> go.Figure:
    """Histogram of the forecast outcome over the draws, with the 5-95% interval marked."""
    j = sim.issues.index(issue)
    values = sim.outcomes[:, j]
    fig = go.Figure(go.Histogram(x=values, nbinsx=40, name="draws", histnorm="probability"))
    row = sim.summary().iloc[j]
    for q in ("q0.05", "q0.5", "q0.95"):
        fig.add_vline(x=row[q], line_dash="dot", annotation_text=q.replace("q", ""), annotation_position="top")
    fig.update_layout(title=f"{issue}: forecast over {sim.n_draws:,} draws ({sim.model})",
                      xaxis_title="outcome", yaxis_title="share of draws", template="plotly_white")
    return fig


def fan_chart(sim: Simulation, issue: str) -> go.Figure:
    """Per actor, the median position by round with its 5-95% and 25-75% bands."""
    fan = sim.fan(issue)
    fig = go.Figure()
    for actor, rows in fan.groupby("actor", sort=False):
        x = rows["round"].tolist()
        fig.add_trace(go.Scatter(x=x + x[::-1], y=rows["q0.95"].tolist() + rows["q0.05"].tolist()[::-1],
                                 fill="toself", opacity=0.15, line={"width": 0}, showlegend=False,
                                 legendgroup=actor, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=x + x[::-1], y=rows["q0.75"].tolist() + rows["q0.25"].tolist()[::-1],
                                 fill="toself", opacity=0.3, line={"width": 0}, showlegend=False,
                                 legendgroup=actor, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=x, y=rows["q0.5"], mode="lines", name=actor, legendgroup=actor))
    fig.update_layout(title=f"{issue}: positions by round (median, 50% and 90% bands)", xaxis_title="round",
                      yaxis_title="position", template="plotly_white")
    return fig


def sensitivity_bars(result, issue: str, top: int = 15) -> go.Figure:
    """Horizontal bars of total (and first-order) Sobol' indices, or Morris mu*, with confidence intervals."""
    rows = result.top(issue, top).iloc[::-1]
    fig = go.Figure()
    if result.method == "sobol":
        fig.add_trace(go.Bar(y=rows["factor"], x=rows["ST"], orientation="h", name="total (ST)",
                             error_x={"type": "data", "array": rows["ST_conf"]}))
        fig.add_trace(go.Bar(y=rows["factor"], x=rows["S1"], orientation="h", name="first order (S1)",
                             error_x={"type": "data", "array": rows["S1_conf"]}))
    else:
        fig.add_trace(go.Bar(y=rows["factor"], x=rows["mu_star"], orientation="h", name="mu*",
                             error_x={"type": "data", "array": rows["mu_star_conf"]}))
    fig.update_layout(title=f"{issue}: what drives the forecast ({result.model}, {result.method})",
                      barmode="group", template="plotly_white", height=200 + 28 * len(rows))
    return fig


def comparison_bars(result) -> go.Figure:
    """Per issue, the mean outcome of the baseline and of the shocked scenario, with 5-95% intervals over the draws."""
    import numpy as np

    fig = go.Figure()
    for series, values in (("baseline", result.baseline), ("shocked", result.shocked)):
        mean = np.nanmean(values, axis=0)
        lo, hi = np.nanquantile(values, [0.05, 0.95], axis=0)
        fig.add_trace(go.Bar(x=result.issues, y=mean, name=series,
                             error_y={"type": "data", "symmetric": False, "array": hi - mean, "arrayminus": mean - lo}))
    fig.update_layout(title=f"effect of shock {result.shock.name!r} ({result.model}, {result.baseline.shape[0]:,} "
                      f"draws; bars: mean, whiskers: 5-95%)", barmode="group", yaxis_title="outcome",
                      template="plotly_white")
    return fig


def forecast_bars(forecasts: list, issues: list) -> go.Figure:
    """Per issue, each model's forecast side by side, with the observed outcome (where known) as a diamond."""
    names = [i.name for i in issues]
    fig = go.Figure([go.Bar(x=names, y=[f[n].forecast for n in names], name=f.model) for f in forecasts])
    observed = [(i.name, i.outcome) for i in issues if i.outcome is not None]
    if observed:
        fig.add_trace(go.Scatter(x=[n for n, _ in observed], y=[v for _, v in observed], mode="markers",
                                 name="observed", marker={"symbol": "diamond", "size": 14, "color": "black"}))
    fig.update_layout(title="Forecast per issue and model", barmode="group", yaxis_title="position on the issue's scale",
                      template="plotly_white")
    return fig
