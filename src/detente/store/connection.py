"""Short-lived DuckDB connections that wait politely for another process's write lock.

DuckDB lets one process open a database file for writing at a time (several
may read it together, read-only, when nobody writes); see
https://duckdb.org/docs/current/connect/concurrency. The store therefore
opens a connection per operation and closes it at once, and a process that
finds the file locked (or another of its own threads holding it open in
the other mode) retries with jittered exponential backoff (10 ms
doubling to 200 ms) until ``timeout`` seconds have passed, then raises
:class:`StoreBusyError`.

Within one process, connections to a file are taken one at a time (a lock
per file): DuckDB refuses a read-only and a read-write connection to the
same file at once in one process, and its Python client can fail to find its
DataFrame scan when two threads insert frames concurrently. Store
operations are short, so threads lose nothing by taking turns.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from pathlib import Path
from typing import Iterator

import duckdb

__all__ = ["StoreBusyError", "connect"]


class StoreBusyError(RuntimeError):
    """Another process holds the store's write lock for longer than the timeout."""

    def __init__(self, path: Path):
        super().__init__(f"store is busy: {path} is being written by another detente process; try again")
        self.path = path


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    """Another process holds the file ('Could not set lock on file ...: Conflicting lock is held in ... (PID n)'),
    or another thread of this one has it open in the other mode (read-only vs read-write)."""
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


@contextlib.contextmanager
def connect(path: Path, *, write: bool, timeout: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``path``; with ``write``, one transaction, committed when the block ends.

    Parameters
    ----------
    path
        The database file (must exist when ``write`` is false).
    write
        Open for writing and wrap the block in ``BEGIN`` ... ``COMMIT``; any
        exception (``KeyboardInterrupt`` included) rolls the transaction back.
        Otherwise the file is opened read-only, so readers never block each other.
    timeout
        Seconds to keep retrying while another process holds the lock.

    Raises
    ------
    StoreBusyError
        The lock was still held after ``timeout`` seconds.
    """
    deadline, delay = time.monotonic() + timeout, 0.01
    turn = _file_lock(path)
    if not turn.acquire(timeout=max(timeout, 0.001)):
        raise StoreBusyError(path)
    try:
        with _connection(path, write, deadline, delay) as con:
            yield con
    finally:
        turn.release()


_file_locks: dict[str, threading.RLock] = {}
_file_locks_guard = threading.Lock()


def _file_lock(path: Path) -> threading.RLock:
    with _file_locks_guard:
        return _file_locks.setdefault(os.path.realpath(path), threading.RLock())


@contextlib.contextmanager
def _connection(path: Path, write: bool, deadline: float, delay: float) -> Iterator[duckdb.DuckDBPyConnection]:
    while True:
        try:
            con = duckdb.connect(str(path), read_only=not write)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_conflict(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusyError(path) from None
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 0.2)
    try:
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
