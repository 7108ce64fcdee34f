"""Figures (Plotly) and self-contained HTML reports (plotly.js embedded, no CDN)."""

from .figures import fan_chart, outcome_distribution, sensitivity_bars, trajectory
from .html import Part, write_report

__all__ = ["Part", "fan_chart", "outcome_distribution", "sensitivity_bars", "trajectory", "write_report"]
