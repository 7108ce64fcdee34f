"""The run store: every forecast, simulation, comparison and sensitivity run, with its provenance.

An embedded DuckDB file (default ``~/.local/share/detente/runs.duckdb``; set
``DETENTE_STORE`` or pass a path). Each run records its id, time, command,
model and parameters, seed, detente version, the scenario's content hash and
the scenario itself, and its results in tidy tables (see :mod:`.schema`).

Safety:

- Every write is one transaction on a short-lived connection: a process killed
  mid-run (even by SIGKILL) leaves the file readable, keeps every committed run
  and every committed chunk of its own run (the run stays ``running``, and
  ``detente simulate --resume ID`` finishes it).
- DuckDB allows one writing process at a time. A process that finds the file
  locked retries for ``timeout`` seconds, then raises :class:`StoreBusyError`
  ("store is busy") instead of waiting forever or corrupting anything.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd

from .. import __version__
from .schema import RESULT_TABLES, TABLES

__all__ = ["Store", "StoreBusyError", "RunNotFound", "default_path"]


class StoreBusyError(RuntimeError):
    """Another process holds the store's write lock for longer than the timeout."""


class RunNotFound(KeyError):
    """No run (or more than one) matches the given id or prefix."""

    def __str__(self) -> str:
        return self.args[0]


def default_path() -> Path:
    """``$DETENTE_STORE``, else ``~/.local/share/detente/runs.duckdb``."""
    env = os.environ.get("DETENTE_STORE")
    return Path(env) if env else Path.home() / ".local" / "share" / "detente" / "runs.duckdb"


def new_run_id() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


class Store:
    """A run store in one DuckDB file.

    Parameters
    ----------
    path
        The file (created with its tables on first use); default :func:`default_path`.
    timeout
        Seconds to keep retrying while another process writes, before :class:`StoreBusyError`.
    """

    def __init__(self, path: str | Path | None = None, timeout: float = 10.0):
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout

    # -------------------------------------------------------------- connections
    @contextlib.contextmanager
    def _connect(self, write: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline, delay = time.monotonic() + self.timeout, 0.01
        while True:
            try:
                con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    if "lock" in str(exc).lower():
                        raise StoreBusyError(f"store is busy: {self.path} is being written by another detente "
                                             f"process; try again when it has finished") from None
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
        try:
            for ddl in TABLES.values():
                con.execute(ddl)
            if write:
                con.execute("BEGIN TRANSACTION")
            yield con
            if write:
                con.execute("COMMIT")
        except BaseException:
            if write:
                with contextlib.suppress(Exception):
                    con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    @staticmethod
    def _insert(con, table: str, frame: pd.DataFrame) -> None:
        if len(frame):
            con.register("_frame", frame)
            con.execute(f"INSERT INTO {table} SELECT * FROM _frame")
            con.unregister("_frame")

    # -------------------------------------------------------------- writing
    def start_run(self, command: str, scenario, *, model: str, parameters: dict, seed: Any = None,
                  argv: list[str] | None = None, draws: int | None = None, chunksize: int | None = None,
                  extra: dict | None = None, status: str = "running") -> str:
        """Record a new run (status ``running``) and return its id."""
        run_id = new_run_id()
        row = {"run_id": run_id, "created_at": datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None),
               "finished_at": None, "status": status, "command": command, "model": model,
               "parameters": json.dumps(parameters, default=str, sort_keys=True),
               "seed": None if seed is None else str(seed), "package_version": __version__,
               "scenario_hash": scenario.content_hash(), "scenario_name": scenario.name,
               "scenario": json.dumps(scenario.model_dump(mode="json")), "argv": json.dumps(argv or []),
               "draws": draws, "chunksize": chunksize, "extra": json.dumps(extra or {}, default=str)}
        with self._connect() as con:
            con.execute(f"INSERT INTO runs VALUES ({', '.join('?' * len(row))})", list(row.values()))
        return run_id

    def add_results(self, run_id: str, tables: dict[str, pd.DataFrame], chunk: tuple[int, int] | None = None) -> None:
        """Append tidy result rows (``run_id`` is added), and mark ``chunk`` done, in one transaction."""
        with self._connect() as con:
            for table, frame in tables.items():
                if table not in RESULT_TABLES:
                    raise ValueError(f"unknown result table {table!r}")
                self._insert(con, table, frame.assign(run_id=run_id)[_columns(con, table)])
            if chunk is not None:
                con.execute("INSERT INTO chunks VALUES (?, ?, ?)", [run_id, *chunk])

    def finish_run(self, run_id: str, status: str = "done", tables: dict[str, pd.DataFrame] | None = None) -> None:
        """Write final tables and mark the run finished, in one transaction."""
        with self._connect() as con:
            for table, frame in (tables or {}).items():
                self._insert(con, table, frame.assign(run_id=run_id)[_columns(con, table)])
            con.execute("UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ?",
                        [status, datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None), run_id])

    def record_forecast(self, forecast, scenario, argv: list[str] | None = None, seed: Any = None) -> str:
        """A finished ``forecast`` run with its forecasts and positions per round."""
        run_id = self.start_run("forecast", scenario, model=forecast.model, parameters=forecast.parameters,
                                seed=seed, argv=argv)
        summary = pd.DataFrame([{"model": forecast.model, "issue": f.issue, "forecast": f.forecast,
                                 "outcome": forecast.outcomes.get(f.issue)} for f in forecast.issues])
        self.finish_run(run_id, "done", {"forecasts": summary, "positions": forecast.to_frame()})
        return run_id

    # -------------------------------------------------------------- reading
    def resolve(self, run_id: str) -> str:
        """The full id of the one run whose id starts with ``run_id``."""
        with self._connect(write=False) as con:
            ids = [r[0] for r in con.execute("SELECT run_id FROM runs WHERE starts_with(run_id, ?)",
                                             [run_id]).fetchall()]
        if len(ids) != 1:
            raise RunNotFound(f"no run with id {run_id!r} in {self.path}" if not ids else
                              f"{len(ids)} runs start with {run_id!r}; give more of the id")
        return ids[0]

    def list_runs(self) -> pd.DataFrame:
        """One row per run, newest first (without the stored scenario)."""
        with self._connect(write=False) as con:
            return con.execute("SELECT run_id, created_at, status, command, model, seed, scenario_name, "
                               "scenario_hash, package_version, draws FROM runs ORDER BY run_id DESC").df()

    def get_run(self, run_id: str) -> dict[str, Any]:
        """The run's record, with parameters, scenario, argv and extra decoded."""
        run_id = self.resolve(run_id)
        with self._connect(write=False) as con:
            frame = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).df()
        rec = frame.iloc[0].to_dict()
        for key in ("parameters", "scenario", "argv", "extra"):
            rec[key] = json.loads(rec[key]) if rec[key] else None
        return rec

    def tables(self, run_id: str) -> dict[str, pd.DataFrame]:
        """The run's non-empty result tables as DataFrames."""
        run_id = self.resolve(run_id)
        out = {}
        with self._connect(write=False) as con:
            for table in (*RESULT_TABLES, "chunks"):
                frame = con.execute(f"SELECT * FROM {table} WHERE run_id = ? ORDER BY ALL", [run_id]).df()
                if len(frame):
                    out[table] = frame.drop(columns="run_id")
        return out

    def completed_chunks(self, run_id: str) -> list[tuple[int, int]]:
        with self._connect(write=False) as con:
            return [tuple(r) for r in con.execute("SELECT start, stop FROM chunks WHERE run_id = ? ORDER BY start",
                                                  [self.resolve(run_id)]).fetchall()]

    def delete(self, run_id: str) -> str:
        """Remove the run and all its rows; returns the full id."""
        run_id = self.resolve(run_id)
        with self._connect() as con:
            for table in (*RESULT_TABLES, "chunks", "runs"):
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
        return run_id

    def export(self, run_id: str, target: str | Path, format: str = "json") -> Path:
        """Write the run to ``target`` atomically.

        ``json``: one file with the run record and every table. ``csv`` and
        ``parquet``: a folder with ``run.json`` and one file per table.
        """
        if format not in ("json", "csv", "parquet"):
            raise ValueError(f"format must be json, csv or parquet, got {format!r}")
        record, tables = self.get_run(run_id), self.tables(run_id)
        target = Path(target)
        if target.exists():
            raise FileExistsError(f"{target} exists; choose another name or remove it")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
        try:
            if format == "json":
                doc = {"run": record, "tables": {k: v.to_dict("records") for k, v in tables.items()}}
                (tmp / "run.json").write_text(json.dumps(doc, default=str, indent=1))
                os.replace(tmp / "run.json", target)
            else:
                (tmp / "run.json").write_text(json.dumps(record, default=str, indent=1))
                for name, frame in tables.items():
                    _write_table(frame, tmp / f"{name}.{format}", format)
                os.replace(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return target


def _columns(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def _write_table(frame: pd.DataFrame, path: Path, format: str) -> None:
    if format == "csv":
        frame.to_csv(path, index=False)
        return
    con = duckdb.connect()  # in-memory: DuckDB writes Parquet without pyarrow
    try:
        con.register("_frame", frame)
        con.execute(f"COPY _frame TO '{path.as_posix()}' (FORMAT parquet)")
    finally:
        con.close()
