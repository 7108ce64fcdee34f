"""Self-contained HTML reports: plotly.js is embedded from the installed package, so a report opens offline.

A report is a title, a line of facts about the run (``meta``) and its *parts*: ``(title, table or figure)``
pairs in the order they are shown. Each kind of result has one function that makes its parts
(``forecast_parts``, ``war_parts``, ...); the HTML report and the web app's page both show those parts, so a
result looks the same in both.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Iterable, Union

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from .. import __version__
from .._console import number
from .._files import write_text_atomic

__all__ = ["Part", "figure_parts", "part_titles", "write_report"]

#: One piece of a report: a table under its caption, or a figure under the title in its layout.
Part = tuple[str, Union[pd.DataFrame, go.Figure]]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { padding: .3rem .7rem; border-bottom: 1px solid #ddd; }
th { text-align: left; } td { text-align: right; } td:first-child { text-align: left; }
.meta { color: #666; font-size: .9rem; }
"""


def figure_parts(figures: Iterable[go.Figure]) -> list[Part]:
    """Figures as parts, each under the title of its layout."""
    return [(fig.layout.title.text or "", fig) for fig in figures]


def part_titles(parts: Iterable[Part]) -> list[str]:
    """The titles of the parts, in order (what the tests compare between the page and the report)."""
    return [title for title, _ in parts]


def _html(title: str, part) -> str:
    if isinstance(part, pd.DataFrame):
        return (f"<h2>{html.escape(title)}</h2>"
                + part.to_html(index=False, float_format=number, border=0))
    return part.to_html(full_html=False, include_plotlyjs=False)


def write_report(path: str | Path, title: str, parts: Iterable[Part] = (), *,
                 tables: dict[str, pd.DataFrame] | None = None, figures: list[go.Figure] | None = None,
                 meta: dict[str, str] | None = None) -> Path:
    """Write one HTML file with the parts in order (then any ``tables`` and ``figures`` given apart);
    atomic (a partial file never appears)."""
    parts = [*parts, *(tables or {}).items(), *figure_parts(figures or [])]
    meta = {"detente": __version__, **(meta or {})}
    body = [f"<h1>{html.escape(title)}</h1>",
            '<p class="meta">' + " &middot; ".join(f"{html.escape(k)}: {html.escape(str(v))}"
                                                 for k, v in meta.items()) + "</p>"]
    body += [_html(caption, part) for caption, part in parts]
    document = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                f"<style>{_STYLE}</style><script type='text/javascript'>{get_plotlyjs()}</script></head>"
                f"<body>{''.join(body)}</body></html>")
    return write_text_atomic(path, document)
