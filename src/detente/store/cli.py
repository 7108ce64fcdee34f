"""``detente runs list|show|export|delete``: the run store from the command line."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import RunNotFound, Store, StoreBusyError

runs_app = typer.Typer(help="List, show, export and delete stored runs.", no_args_is_help=True)
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 200)

StoreOption = Annotated[Optional[Path], typer.Option("--store", help="Run store file (default: $DETENTE_STORE "
                                                     "or ~/.local/share/detente/runs.duckdb).")]


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    json = "json"


def _fail(message: str) -> None:
    err.print(f"[red]error[/red]: {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (RunNotFound, StoreBusyError, FileExistsError, ValueError) as exc:
        _fail(str(exc))


def _text(value) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


@runs_app.command("list")
def list_runs(store: StoreOption = None) -> None:
    """Every stored run, newest first."""
    frame = _call(Store(store).list_runs)
    table = Table(title=f"runs in {Store(store).path}", title_justify="left")
    for col in ("run_id", "created_at", "status", "command", "model", "seed", "scenario_name", "draws"):
        table.add_column(col, overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(row.run_id, f"{row.created_at:%Y-%m-%d %H:%M:%S}", row.status, row.command, row.model,
                      _text(row.seed), row.scenario_name, _text(row.draws))
    out.print(table)


@runs_app.command("show")
def show(run_id: Annotated[str, typer.Argument(help="Run id or a unique prefix.")], store: StoreOption = None,
         rows: Annotated[int, typer.Option(help="Rows shown per table.")] = 20) -> None:
    """A run's provenance and the first rows of its result tables."""
    st = Store(store)
    record = _call(st.get_run, run_id)
    meta = {k: v for k, v in record.items() if k not in ("scenario",)}
    out.print_json(json.dumps(meta, default=str))
    for name, frame in _call(st.tables, run_id).items():
        out.print(f"[bold]{name}[/bold] ({len(frame):,} rows)")
        out.print(frame.head(rows).to_string(index=False))


@runs_app.command("export")
def export(run_id: Annotated[str, typer.Argument(help="Run id or a unique prefix.")],
           output: Annotated[Path, typer.Option("--output", "-o", help="File (json) or folder (csv, parquet).")],
           format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.json,
           store: StoreOption = None) -> None:
    """Write a run (record and tables) to JSON, or to a folder of CSV or Parquet files."""
    path = _call(Store(store).export, run_id, output, format.value)
    out.print(f"wrote {path}", highlight=False)


@runs_app.command("delete")
def delete(run_id: Annotated[str, typer.Argument(help="Run id or a unique prefix.")], store: StoreOption = None) -> None:
    """Remove a run and all its results."""
    full = _call(Store(store).delete, run_id)
    out.print(f"deleted {full}", highlight=False)
