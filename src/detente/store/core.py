"""The :class:`Store`: record runs with their provenance and results, and read them back."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, ContextManager, Iterator, Mapping

import duckdb
import numpy as np
import pandas as pd

from .. import __version__
from ..tidy import documents_table
from . import lease
from .connection import connect
from .provenance import (default_path, file_digests, inputs_hash, new_run_id, seed_columns,
                         to_json, utcnow)
from .schema import JSON_COLUMNS, MIGRATIONS, RESULT_TABLES, STATUSES, TABLES

__all__ = ["Store", "RunNotFound", "default_path", "new_run_id", "file_digests", "recording"]


class RunNotFound(KeyError):
    """No run, or more than one, matches the given id or prefix."""

    def __str__(self) -> str:
        return self.args[0]


class Store:
    """A run store in one DuckDB file (see :mod:`detente.store` for the tables).

    Parameters
    ----------
    path
        The file, created with its tables on first use; default :func:`default_path`
        (``$DETENTE_STORE`` or ``~/.local/share/detente/runs.duckdb``).
    timeout
        Seconds to keep retrying while another process writes, before
        :class:`~detente.store.StoreBusyError`.

    Notes
    -----
    Every method opens its own connection and closes it before returning, so
    a ``Store`` holds no lock between calls and is cheap to create. Methods
    taking a ``run_id`` accept any unique prefix of it.
    """

    def __init__(self, path: str | Path | None = None, timeout: float = 10.0):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.timeout = timeout
        self._ready = False
        self._columns: dict[str, list[str]] = {}

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # ------------------------------------------------------------ connections
    @contextlib.contextmanager
    def _write(self):
        """One write transaction; creates or updates the tables on the first use."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.path, write=True, timeout=self.timeout) as con:
            if not self._ready:
                for ddl in TABLES.values():
                    con.execute(ddl)
                for step in MIGRATIONS:
                    step(con) if callable(step) else con.execute(step)
            yield con
        self._ready = True

    @contextlib.contextmanager
    def _read(self):
        if not self._ready:
            with self._write():
                pass
        with connect(self.path, write=False, timeout=self.timeout) as con:
            yield con

    def _table_columns(self, con, table: str) -> list[str]:
        if table not in self._columns:
            self._columns[table] = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        return self._columns[table]

    def _insert(self, con, table: str, run_id: str, frame: pd.DataFrame) -> None:
        if table not in RESULT_TABLES:
            raise ValueError(f"unknown result table {table!r}; tables: {', '.join(RESULT_TABLES)}")
        columns = [c for c in self._table_columns(con, table) if c != "run_id"]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"rows for table {table!r} lack column(s) {', '.join(missing)}")
        if not len(frame):
            return
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.register("_rows", frame[columns])
        try:
            con.execute(f"INSERT INTO {table} (run_id, {quoted}) SELECT ?, {quoted} FROM _rows", [run_id])
        finally:
            con.unregister("_rows")

    @staticmethod
    def _resolve(con, run_id: str, path: Path) -> str:
        prefix = str(run_id).strip()
        if not prefix:
            raise RunNotFound("give a run id (or a unique prefix of one); `detente runs list` shows them")
        ids = [r[0] for r in con.execute("SELECT run_id FROM runs WHERE starts_with(run_id, ?) LIMIT 2",
                                         [prefix]).fetchall()]
        if not ids:
            raise RunNotFound(f"no run with id {prefix!r} in {path}")
        if len(ids) > 1:
            raise RunNotFound(f"more than one run starts with {prefix!r}; give more of the id")
        return ids[0]

    # ------------------------------------------------------------ writing
    def _run_row(self, command: str, scenario, *, model: str | None, parameters: Mapping | None, seed: Any,
                 argv: list[str] | None, draws: int | None, chunksize: int | None, extra: Mapping | None,
                 status: str, inputs: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
        seed_text, entropy = seed_columns(seed)
        now = utcnow()
        if scenario is not None:
            described = {"scenario_hash": scenario.content_hash(), "scenario_name": scenario.name,
                         "scenario": to_json(scenario.to_dict())}
        elif inputs:  # a run over data files: their digests stand for the scenario (kept whole in extra)
            described = {"scenario_hash": inputs_hash(inputs),
                         "scenario_name": ", ".join(Path(e["path"]).name for _, e in sorted(inputs.items())),
                         "scenario": None}
        else:
            raise ValueError("a run needs a scenario, or the digests of its data files (inputs=file_digests(...))")
        if inputs:
            extra = {**(extra or {}), "inputs": {k: dict(v) for k, v in inputs.items()}}
        return {"run_id": new_run_id(), "created_at": now, "finished_at": None if status == "running" else now,
                "status": status, "command": command, "model": model, "parameters": to_json(parameters or {}),
                "seed": seed_text, "seed_entropy": entropy, "package_version": __version__, **described,
                "argv": to_json(list(argv or [])), "draws": draws, "chunksize": chunksize, "extra": to_json(extra or {})}

    @staticmethod
    def _insert_run(con, row: dict[str, Any]) -> None:
        con.execute(f"INSERT INTO runs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))

    def start_run(self, command: str, scenario, *, model: str | None = None, parameters: Mapping | None = None,
                  seed: Any = None, argv: list[str] | None = None, draws: int | None = None,
                  chunksize: int | None = None, extra: Mapping | None = None,
                  inputs: Mapping[str, Mapping[str, str]] | None = None) -> str:
        """Record a new run with status ``running``; results follow with :meth:`append_draws` or :meth:`add_results`.

        Parameters
        ----------
        command
            What produced the run: ``"simulate"``, ``"compare"``, ...
        scenario
            The :class:`~detente.scenario.Scenario`; stored whole, with its content hash. None for a run
            over data files (``inputs``), e.g. ``war-history``.
        inputs
            :func:`file_digests` of the data files the run read: kept in ``extra["inputs"]``; without a
            scenario, ``scenario_hash`` is the sha256 of their digests and ``scenario_name`` their names.
        model, parameters
            The model's name and full parameters.
        seed
            An int (or a ``numpy.random.SeedSequence``); stored as text with its entropy.
        argv
            The command line, if any.
        draws, chunksize
            Planned draws and draws per chunk, for Monte Carlo runs.
        extra
            Anything else the command needs to describe or resume the run (JSON-serialisable).

        Returns
        -------
        str
            The new run's id.
        """
        row = self._run_row(command, scenario, model=model, parameters=parameters, seed=seed, argv=argv,
                            draws=draws, chunksize=chunksize, extra=extra, status="running", inputs=inputs)
        with self._write() as con:
            self._insert_run(con, row)
        lease.claim(self.path, row["run_id"])  # this process computes it until finish_run (see .lease)
        return row["run_id"]

    def claim(self, run_id: str) -> str:
        """Claim a stored run for this process (to resume it); returns the full id.

        Raises :class:`~detente.store.lease.RunBusyError` if another process computes or resumes it.
        Released by :meth:`finish_run` (or when the process ends, however it ends).
        """
        run_id = self.resolve(run_id)
        lease.claim(self.path, run_id)
        return run_id

    def add_results(self, run_id: str, tables: Mapping[str, pd.DataFrame],
                    chunk: tuple[int, int] | None = None) -> None:
        """Append rows to result tables, and mark ``chunk = (start, stop)`` done, in one transaction.

        ``tables`` maps table names (``draws``, ``summaries``, ...) to frames
        with that table's columns (``run_id`` is added). Either everything is
        stored or, if the process dies first, nothing.
        """
        try:
            with self._write() as con:
                run_id = self._resolve(con, run_id, self.path)
                for table, frame in tables.items():
                    self._insert(con, table, run_id, frame)
                if chunk is not None:
                    con.execute("INSERT INTO chunks VALUES (?, ?, ?)", [run_id, int(chunk[0]), int(chunk[1])])
        except duckdb.ConstraintException:  # the chunk is stored already: nothing of this call was kept
            raise lease.RunBusyError(self.path, run_id, f" (chunk {chunk[0]}-{chunk[1]} is stored already)") from None

    def append_draws(self, run_id: str, frame: pd.DataFrame, chunk: tuple[int, int] | None = None) -> None:
        """Append one chunk of Monte Carlo rows (columns ``draw, issue, value``; ``series`` optional) atomically.

        Call once per finished chunk: each call is one transaction, so a run
        killed part-way keeps exactly the chunks whose calls returned.
        ``chunk = (start, stop)`` also records the chunk in ``chunks``
        (what ``simulate --resume`` skips); ``series`` defaults to ``"outcome"``.
        """
        if "series" not in frame.columns:
            frame = frame.assign(series="outcome")
        self.add_results(run_id, {"draws": frame}, chunk=chunk)

    def finish_run(self, run_id: str, status: str = "done", tables: Mapping[str, pd.DataFrame] | None = None,
                   documents: Mapping[str, Any] | None = None) -> None:
        """Write final result tables and set the run's status and ``finished_at``, in one transaction.

        ``documents`` maps names to JSON-serialisable result documents (numpy values allowed, NaN kept):
        what a re-opened run needs besides its tidy rows (a result's ``to_tables()`` gives them as the
        ``documents`` table instead, :mod:`detente.tidy`); read back with
        :meth:`documents`. Written in the same transaction as the tables.
        """
        if status not in STATUSES[1:]:
            raise ValueError(f"a finished run's status is one of {', '.join(STATUSES[1:])}, got {status!r}")
        tables = dict(tables or {})
        if documents:
            tables["documents"] = documents_table(documents)
        with self._write() as con:
            run_id = self._resolve(con, run_id, self.path)
            for table, frame in tables.items():
                self._insert(con, table, run_id, frame)
            con.execute("UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ?", [status, utcnow(), run_id])
        lease.release(self.path, run_id)

    @contextlib.contextmanager
    def recording(self, command: str, scenario, *, interrupts: tuple[type[BaseException], ...] = (),
                  **run: Any) -> Iterator[str]:
        """``with store.recording("simulate", sc, model="eum", ...) as run_id:`` ... a run that always ends.

        The run is started on entry (keywords as :meth:`start_run`). The block
        records results as they come (:meth:`add_results`) and ends with its final
        tables and documents (:meth:`finish_run`). A run the block left ``running``
        is marked ``done`` on a normal exit, ``interrupted`` on ``KeyboardInterrupt``
        or one of ``interrupts`` (e.g. the web's job-cancel exception), and
        ``failed`` on any other exception, which is re-raised. Only a killed
        process leaves it ``running``.
        """
        run_id = self.start_run(command, scenario, **run)
        try:
            yield run_id
        except BaseException as exc:
            stopped = isinstance(exc, (KeyboardInterrupt, *interrupts))
            with contextlib.suppress(Exception):
                self._end_if_running(run_id, "interrupted" if stopped else "failed")
            raise
        self._end_if_running(run_id, "done")

    def _end_if_running(self, run_id: str, status: str) -> None:
        with self._write() as con:
            con.execute("UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ? AND status = 'running'",
                        [status, utcnow(), run_id])
        lease.release(self.path, run_id)

    def record_forecast(self, forecast, scenario, command: str = "forecast", argv: list[str] | None = None,
                        seed: Any = None) -> str:
        """Store a finished forecast (its tables, ``forecast.to_tables()``: forecasts per issue, positions per
        round, and the per-round series some models report, such as the EUM's median and mean, as the
        ``series`` document) as one run, in one transaction; returns its id."""
        row = self._run_row(command, scenario, model=forecast.model, parameters=forecast.parameters, seed=seed,
                            argv=argv, draws=None, chunksize=None, extra=None, status="done")
        tables = forecast.to_tables()
        with self._write() as con:
            self._insert_run(con, row)
            for table, frame in tables.items():
                self._insert(con, table, row["run_id"], frame)
        return row["run_id"]

    def delete(self, run_id: str) -> str:
        """Remove the run and all its rows, in one transaction; returns the full id."""
        with self._write() as con:
            run_id = self._resolve(con, run_id, self.path)
            for table in (*RESULT_TABLES, "chunks", "runs"):
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
        return run_id

    # ------------------------------------------------------------ reading
    def resolve(self, run_id: str) -> str:
        """The full id of the one run whose id starts with ``run_id``."""
        with self._read() as con:
            return self._resolve(con, run_id, self.path)

    def list_runs(self) -> pd.DataFrame:
        """One row per run, newest first (the scenario and parameters are left to :meth:`get_run`)."""
        with self._read() as con:
            return con.execute("SELECT run_id, created_at, finished_at, status, command, model, seed, scenario_name, "
                               "scenario_hash, package_version, draws FROM runs "
                               "ORDER BY created_at DESC, run_id DESC").df()

    def get_run(self, run_id: str) -> dict[str, Any]:
        """The run's record: every ``runs`` column, JSON columns decoded (``scenario`` is ``Scenario.to_dict()``)."""
        with self._read() as con:
            run_id = self._resolve(con, run_id, self.path)
            row = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).fetchone()
            names = [d[0] for d in con.description]
        record = dict(zip(names, row))
        for key in JSON_COLUMNS:
            record[key] = json.loads(record[key]) if record.get(key) else None
        return record

    def tables(self, run_id: str) -> dict[str, pd.DataFrame]:
        """The run's non-empty tables (results, and ``chunks`` for Monte Carlo runs) as DataFrames."""
        out = {}
        with self._read() as con:
            run_id = self._resolve(con, run_id, self.path)
            for table in (*RESULT_TABLES, "chunks"):
                frame = con.execute(f"SELECT * EXCLUDE (run_id) FROM {table} WHERE run_id = ? ORDER BY ALL",
                                    [run_id]).df()
                if len(frame):
                    out[table] = frame
        return out

    def documents(self, run_id: str) -> dict[str, Any]:
        """The run's result documents by name, decoded (empty for runs recorded without any)."""
        with self._read() as con:
            run_id = self._resolve(con, run_id, self.path)
            rows = con.execute("SELECT name, document FROM documents WHERE run_id = ? ORDER BY name", [run_id]).fetchall()
        return {name: json.loads(text) for name, text in rows}

    def completed_chunks(self, run_id: str) -> list[tuple[int, int]]:
        """The ``(start, stop)`` chunks committed so far, in order."""
        with self._read() as con:
            run_id = self._resolve(con, run_id, self.path)
            rows = con.execute("SELECT start, stop FROM chunks WHERE run_id = ? ORDER BY start", [run_id]).fetchall()
        return [(int(a), int(b)) for a, b in rows]

    def completed_draws(self, run_id: str) -> np.ndarray:
        """The draw numbers with stored rows, sorted: what a resumed run need not compute again."""
        with self._read() as con:
            run_id = self._resolve(con, run_id, self.path)
            rows = con.execute("SELECT DISTINCT draw FROM draws WHERE run_id = ? ORDER BY draw", [run_id]).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def export(self, run_id: str, path: str | Path, format: str = "json") -> Path:
        """Write the run to ``path`` atomically (see :func:`detente.store.export.export_run`)."""
        from .export import export_run

        return export_run(self.get_run(run_id), self.tables(run_id), Path(path), format)


def recording(store: Store | None, command: str, scenario, **run: Any) -> ContextManager[str | None]:
    """:meth:`Store.recording` in ``store``; without a store (``--no-store``), a block that records nothing.

    ``with recording(store, "war", sc, model="war", seed=0) as run_id:`` gives the
    new run's id, or None without a store, so one block serves both.
    """
    return contextlib.nullcontext() if store is None else store.recording(command, scenario, **run)
