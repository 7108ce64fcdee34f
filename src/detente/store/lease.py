"""One writer per run: a run being computed (or resumed) is claimed by one process at a time.

Without a claim, two ``detente simulate --resume ID`` started together would both read the same finished
chunks, both compute the rest and both store it, duplicating the run's chunks, draws and summaries.
A claim is an exclusive ``flock`` on a small file beside the store,
``.<store file name>.<run id>.lock``: the operating system drops it when the process ends, however it
ends (``kill -9`` included), so a killed run can be resumed at once and a crashed claimant never
leaves a stale lock. A second claim of a claimed run fails at once with :class:`RunBusyError`.
The ``chunks`` table's unique key (:data:`.schema.MIGRATIONS`) is the second line of defence.

Where ``fcntl`` is missing (Windows) claims are not enforced; the unique key still is.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
from pathlib import Path

from .connection import StoreBusyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

__all__ = ["RunBusyError", "claim", "release", "lock_path"]

_held: dict[str, int] = {}  # lock file -> open descriptor holding the flock
_guard = threading.Lock()


class RunBusyError(StoreBusyError):
    """Another process is computing or resuming this run."""

    def __init__(self, path: Path, run_id: str, detail: str = ""):
        RuntimeError.__init__(self, f"run {run_id} is being computed by another detente process{detail}; "
                                    "wait for it to finish (or stop it), then resume again if it did not finish")
        self.path, self.run_id = path, run_id


def lock_path(store: Path, run_id: str) -> Path:
    return store.parent / f".{store.name}.{run_id}.lock"


def claim(store: Path, run_id: str) -> None:
    """Claim ``run_id`` for this process until :func:`release` or the process ends.

    Raises
    ------
    RunBusyError
        Another process (or another claim in this one) holds it.
    """
    if fcntl is None:  # pragma: no cover
        return
    path = lock_path(store, run_id)
    with _guard:
        if str(path) in _held:
            raise RunBusyError(store, run_id, " (this process already holds it)")
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise RunBusyError(store, run_id, _holder(path)) from None
            if _same_file(fd, path):  # not unlinked by a releasing holder between our open and our lock
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _held[str(path)] = fd


def release(store: Path, run_id: str) -> None:
    """Give up the claim on ``run_id`` (nothing happens if this process does not hold it)."""
    path = lock_path(store, run_id)
    with _guard:
        fd = _held.pop(str(path), None)
        if fd is None:
            return
        try:
            os.unlink(path)  # while still locked, so that no other process can hold a lock on a removed file
        except FileNotFoundError:
            pass
        os.close(fd)


@atexit.register
def _release_all() -> None:
    """At a normal exit, remove the lock files of the claims still held (a killed process leaves its file,
    unlocked: the next claim takes it over)."""
    for path in list(_held):
        with _guard:
            fd = _held.pop(path, None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)
            os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
