"""``detente runs list|show|export|delete``: the run store from the command line.

Mounted by :mod:`detente.cli` as ``app.add_typer(runs_app, name="runs")``.
Every command takes ``--store PATH`` (default ``$DETENTE_STORE``, else
``~/.local/share/detente/runs.duckdb``). A bad or ambiguous id, a busy store
or an unreadable file is one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import shlex
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from .._console import error, number, out

# duckdb and pandas (about 45 MB and 0.15 s) are imported by the commands that use them, not when the
# ``detente`` CLI starts: every command mounts this sub-app, most never open the store.

runs_app = typer.Typer(help="List, show, export and delete stored runs.", no_args_is_help=True)

StoreOption = Annotated[Optional[Path], typer.Option("--store", help="Run store file (default: $DETENTE_STORE "
                                                     "or ~/.local/share/detente/runs.duckdb).")]
RunId = Annotated[str, typer.Argument(help="Run id or a unique prefix.")]


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    json = "json"


def _call(fn, *args, **kwargs):
    """Run a store operation; expected failures are one line on stderr and exit 2."""
    import duckdb

    from ..store.connection import StoreBusyError
    from ..store.core import RunNotFound

    try:
        return fn(*args, **kwargs)
    except (RunNotFound, StoreBusyError, FileExistsError, ValueError, duckdb.Error) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        error(message)
        raise typer.Exit(2) from None


def _open(path: Optional[Path]):
    """The run store at ``path`` (default: $DETENTE_STORE, else the user's data folder)."""
    from ..store.core import Store

    return Store(path)


def _numeric(column) -> bool:
    from pandas.api.types import is_numeric_dtype

    return is_numeric_dtype(column)


def _text(value: Any) -> str:
    """A cell: blanks for missing values, seconds for times, JSON for structures, 6 digits for floats (fixed)."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return number(value, digits=6)
    if hasattr(value, "strftime"):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return str(value)


@runs_app.command("list")
def list_runs(store: StoreOption = None) -> None:
    """Every stored run, newest first."""
    st = _open(store)
    frame = _call(st.list_runs)
    table = Table(title=f"{len(frame)} run(s) in {st.path}", title_justify="left")
    columns = ("run_id", "created_at", "status", "command", "model", "seed", "scenario_name", "draws")
    for col in columns:
        table.add_column(col, overflow="fold", justify="right" if col in ("seed", "draws") else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*[_text(getattr(row, col)) for col in columns])
    out.print(table)


@runs_app.command("show")
def show(run_id: RunId, store: StoreOption = None,
         rows: Annotated[int, typer.Option(help="Rows shown per table.")] = 20) -> None:
    """A run's provenance and the first rows of its result tables."""
    st = _open(store)
    record = _call(st.get_run, run_id)
    tables = _call(st.tables, record["run_id"])
    meta = Table(title=f"run {record['run_id']}", title_justify="left", show_header=False)
    meta.add_column("field", style="bold")
    meta.add_column("value", overflow="fold")
    for key, value in record.items():
        if key == "scenario" and value:
            value = f"{len(value['actors'])} actors, {len(value['issues'])} issues (see `runs export`)"
        elif key == "argv":
            value = shlex.join(value or [])
        meta.add_row(key, _text(value))
    out.print(meta)
    if "documents" in tables:  # whole documents (50 kB a model for a backtest) belong in an export, not on the screen
        docs = tables["documents"]
        tables["documents"] = docs.assign(document=[f"{len(t):,} characters of JSON (see `runs export`)"
                                                    for t in docs["document"]])
    for name, frame in tables.items():
        table = Table(title=name, title_justify="left",
                      caption=f"{min(rows, len(frame)):,} of {len(frame):,} rows", caption_justify="left")
        for col in frame.columns:
            table.add_column(str(col), justify="right" if _numeric(frame[col]) else "left")
        for values in frame.head(rows).itertuples(index=False):
            table.add_row(*[_text(v) for v in values])
        out.print(table)


@runs_app.command("export")
def export(run_id: RunId,
           output: Annotated[Path, typer.Option("--output", "-o", help="File (json) or folder (csv, parquet).")],
           format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.json,
           store: StoreOption = None) -> None:
    """Write a run (record and tables) to JSON, or to a folder of CSV or Parquet files."""
    path = _call(_open(store).export, run_id, output, format.value)
    out.print(f"wrote {path}", highlight=False)


@runs_app.command("delete")
def delete(run_id: RunId, store: StoreOption = None) -> None:
    """Remove a run and all its results."""
    full = _call(_open(store).delete, run_id)
    out.print(f"deleted {full}", highlight=False)
