"""The tidy tables results are stored as, and the small conversions every result's ``to_tables`` and
``from_tables`` share.

A result's ``to_tables()`` gives frames with the columns of the run store's tables (:mod:`detente.store.schema`,
without ``run_id``): ``forecasts``, ``positions``, ``draws`` (draw, issue, series, value), ``summaries``
(issue, statistic, value), ``indices`` (issue, factor, statistic, value) and ``documents`` (name, document:
JSON text of what a re-opened result needs besides its rows). ``from_tables(tables, record)`` reads the same
frames back (as :meth:`detente.store.Store.tables` returns them) with the run's record.

Only numpy, pandas and json: the store, the analyses and the models all import it.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["SUMMARY_COLUMNS", "document_frame", "documents_of", "documents_table", "draws_table", "frame_document",
           "per_draw", "plain", "summary_rows", "wide_summary"]

#: Columns of the ``summaries`` table.
SUMMARY_COLUMNS = ["issue", "statistic", "value"]


def plain(value: Any) -> Any:
    """numpy scalars and arrays as Python numbers and lists (the JSON encoder's ``default`` for documents)."""
    if isinstance(value, (np.generic, np.ndarray)):
        return value.tolist()
    raise TypeError(f"a result document holds a {type(value).__name__}, which is not JSON")


def documents_table(documents: Mapping[str, Any]) -> pd.DataFrame:
    """Rows of the ``documents`` table: each document as JSON text (numpy values allowed, NaN kept)."""
    return pd.DataFrame({"name": list(documents),
                         "document": [json.dumps(d, default=plain) for d in documents.values()]})


def documents_of(tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """The documents of a run's tables by name, decoded (empty when it has none)."""
    frame = tables.get("documents")
    return {} if frame is None else {name: json.loads(text) for name, text in zip(frame["name"], frame["document"])}


def frame_document(frame: pd.DataFrame) -> dict[str, Any]:
    """A frame inside a document: ``{"columns": [...], "data": [[...], ...]}``."""
    return {"columns": [str(c) for c in frame.columns], "data": frame.to_numpy(dtype=object).tolist()}


def document_frame(doc: Mapping[str, Any]) -> pd.DataFrame:
    """The frame of :func:`frame_document`, dtypes inferred again."""
    return pd.DataFrame(doc["data"], columns=doc["columns"]).infer_objects()


def summary_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A summary with one row per issue and one column per statistic as ``summaries``: issue, statistic,
    value (floats)."""
    return frame.melt(id_vars="issue", var_name="statistic", value_name="value").astype({"value": float})


def wide_summary(tidy: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`summary_rows`: one row per issue, one column per statistic, in stored order."""
    wide = tidy.pivot_table(index="issue", columns="statistic", values="value", sort=False).reset_index()
    wide.columns.name = None
    return wide


def draws_table(values: np.ndarray, issues: Sequence[str], series: str, start: int = 0) -> pd.DataFrame:
    """A ``(draws, issues)`` array as ``draws`` rows: draw (from ``start``), issue, series, value."""
    values = np.asarray(values, dtype=float).reshape(-1, len(issues))
    draws, columns = np.indices(values.shape)
    return pd.DataFrame({"draw": (start + draws).ravel(), "issue": np.asarray(issues, dtype=object)[columns.ravel()],
                         "series": series, "value": values.ravel()})


def per_draw(draws: pd.DataFrame, series: str, issues: Sequence[str]) -> np.ndarray:
    """The ``draws`` rows of one series as a ``(draws, issues)`` array, issues in the given order."""
    rows = draws[draws["series"] == series]
    return rows.pivot(index="draw", columns="issue", values="value").reindex(columns=list(issues)).to_numpy(dtype=float)
