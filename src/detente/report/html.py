"""Self-contained HTML reports: plotly.js is embedded from the installed package, so a report opens offline."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from .. import __version__
from .._files import write_text_atomic

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { padding: .3rem .7rem; border-bottom: 1px solid #ddd; }
th { text-align: left; } td { text-align: right; } td:first-child { text-align: left; }
.meta { color: #666; font-size: .9rem; }
"""


def write_report(path: str | Path, title: str, *, tables: dict[str, pd.DataFrame] | None = None,
                 figures: list[go.Figure] | None = None, meta: dict[str, str] | None = None) -> Path:
    """Write one HTML file with the tables and figures; atomic (a partial file never appears)."""
    parts = [f"<h1>{html.escape(title)}</h1>"]
    meta = {"detente": __version__, **(meta or {})}
    parts.append('<p class="meta">' + " &middot; ".join(f"{html.escape(k)}: {html.escape(str(v))}"
                                                        for k, v in meta.items()) + "</p>")
    for caption, frame in (tables or {}).items():
        parts.append(f"<h2>{html.escape(caption)}</h2>")
        parts.append(frame.to_html(index=False, float_format=lambda v: f"{v:.4g}", border=0))
    for fig in figures or []:
        parts.append(fig.to_html(full_html=False, include_plotlyjs=False))
    document = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                f"<style>{_STYLE}</style><script type='text/javascript'>{get_plotlyjs()}</script></head>"
                f"<body>{''.join(parts)}</body></html>")
    return write_text_atomic(path, document)
