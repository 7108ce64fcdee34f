"""Read back what an HTML report shows, to compare it with the web page's view of the same result."""

from __future__ import annotations

import html
import json
import re

_PART = re.compile(r"<h2>(.*?)</h2>|Plotly\.newPlot\(\s*\"[^\"]*\",\s*", flags=re.S)


def report_parts(text: str) -> list[tuple[str, object]]:
    """The report's parts in document order: ``(caption, "table")`` for each table, ``(title, {"data",
    "layout"})`` for each figure (the JSON handed to ``Plotly.newPlot``)."""
    decoder, parts = json.JSONDecoder(), []
    for match in _PART.finditer(text):
        if match.group(1) is not None:
            parts.append((html.unescape(match.group(1)), "table"))
            continue
        data, end = decoder.raw_decode(text, match.end())
        layout, _ = decoder.raw_decode(text, re.compile(r"\s*,\s*").match(text, end).end())
        parts.append(((layout.get("title") or {}).get("text") or "", {"data": data, "layout": layout}))
    return parts


def report_titles(text: str) -> list[str]:
    """The captions of the report's tables and the titles of its figures, in document order."""
    return [title for title, _ in report_parts(text)]


def view_titles(view: dict) -> list[str]:
    """The same for the web page's view: its tables' captions, then its figures' titles (the page's order)."""
    return list(view["tables"]) + [f["title"] for f in view["figures"]]
