"""Write a stored run to JSON, CSV or Parquet, atomically.

Layout
------
``json``
    One file: ``{"run": {...the runs record...}, "tables": {"forecasts": [{...}, ...], ...}}``.
``csv``, ``parquet``
    A folder holding ``run.json`` (the record) and one file per table
    (``forecasts.csv``, ``positions.csv``, ``draws.csv``, ...).

Everything is first written under a temporary name beside the target and
then renamed into place with :func:`os.replace`, so a reader (or a crash)
never sees a half-written export. An existing target is never overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .._files import temporary_folder

__all__ = ["FORMATS", "export_run"]

FORMATS = ("json", "csv", "parquet")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: NaN and NA become null, timestamps ISO text."""
    return json.loads(frame.to_json(orient="records", date_format="iso", double_precision=15))


def _write_table(frame: pd.DataFrame, path: Path, format: str) -> None:
    if format == "csv":
        frame.to_csv(path, index=False)
        return
    con = duckdb.connect()  # in memory: DuckDB writes Parquet without pyarrow
    try:
        con.register("_frame", frame)
        target = path.as_posix().replace("'", "''")
        con.execute(f"COPY _frame TO '{target}' (FORMAT parquet)")
    finally:
        con.close()


def export_run(record: dict[str, Any], tables: dict[str, pd.DataFrame], target: Path, format: str = "json") -> Path:
    """Write one run's record and tables to ``target`` (a file for json, a folder for csv and parquet).

    Parameters
    ----------
    record
        The run's record, as :meth:`Store.get_run` returns it.
    tables
        Its tables, as :meth:`Store.tables` returns them.
    target
        Where to write; must not exist yet.
    format
        ``"json"``, ``"csv"`` or ``"parquet"``.

    Returns
    -------
    Path
        ``target``.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    target = Path(target).expanduser()
    if target.exists():
        raise FileExistsError(f"{target} exists; choose another name or remove it first")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_folder(target)  # a 0755 folder under umask 022, not mkdtemp's 0700
    try:
        meta = json.dumps(record, default=str, indent=1)
        if format == "json":
            doc = {"run": json.loads(meta), "tables": {name: _records(frame) for name, frame in tables.items()}}
            (tmp / "run.json").write_text(json.dumps(doc, indent=1, allow_nan=False))
            os.replace(tmp / "run.json", target)
        else:
            (tmp / "run.json").write_text(meta)
            for name, frame in tables.items():
                _write_table(frame, tmp / f"{name}.{format}", format)
            os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
