"""Long runs in worker threads, with progress and cancel, so the page stays responsive.

A :class:`Job` wraps one call of a function ``fn(progress) -> (result, report)``:
``result`` is JSON for the page, ``report(path)`` writes the run's HTML
report (the one the CLI's ``--html`` writes). The
function reports work done through ``progress(n)``; a cancelled job's next
``progress`` call raises :class:`Cancelled`, which the analyses' executors
treat like Ctrl-C (queued chunks are dropped, worker processes stopped) and
the run store records as ``interrupted`` (any other error is ``failed``).
The manager keeps the last :data:`KEEP` jobs in memory; results that
matter are in the run store.
"""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import Problem, ScenarioError
from ..runs import Cancelled  # raised inside a job's work once someone asked to cancel it; recorded "interrupted"
from ..store import StoreBusyError
from .errors import problem_json

__all__ = ["Cancelled", "Job", "JobManager", "KEEP"]

KEEP = 200


@dataclass
class Job:
    """One run: its state (``queued``, ``running``, ``done``, ``failed``, ``cancelled``), progress and result."""

    id: str
    kind: str
    total: int
    done: int = 0
    status: str = "queued"
    result: Any = None
    report: Callable[[Any], Any] | None = field(default=None, repr=False)
    problems: list[dict] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    finished: float | None = None
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def progress(self, n: int = 1) -> None:
        """Record ``n`` more units of work; raises :class:`Cancelled` once the job is cancelled."""
        if self._cancel.is_set():
            raise Cancelled()
        with self._lock:
            self.done = min(self.total, self.done + int(n))

    def cancel(self) -> None:
        self._cancel.set()
        if self.status == "queued":
            self.status, self.finished = "cancelled", time.time()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def to_json(self, with_result: bool = True) -> dict[str, Any]:
        out = {"id": self.id, "kind": self.kind, "status": self.status, "done": self.done, "total": self.total,
               "problems": self.problems}
        if with_result and self.status == "done":
            out["result"] = self.result
        return out


class JobManager:
    """Runs jobs on ``workers`` threads (later ones queue) and finds them by id."""

    def __init__(self, workers: int = 1):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="detente-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(self, kind: str, total: int, fn: Callable[[Callable[[int], None]], tuple]) -> Job:
        """Queue ``fn(progress) -> (result, report)``; returns the job at once."""
        job = Job(id=secrets.token_hex(8), kind=kind, total=max(1, int(total)))
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-KEEP]:
                del self._jobs[old]
        self._pool.submit(self._run, job, fn)
        return job

    def list(self) -> list[Job]:
        """The jobs kept, newest first."""
        with self._lock:
            return list(self._jobs.values())[::-1]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        """Cancel every job and wait for the running ones to stop."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _run(job: Job, fn: Callable) -> None:
        if job.cancelled:
            return
        job.status = "running"
        try:
            result, report = fn(job.progress)
        except Cancelled:
            job.status = "cancelled"
        except KeyboardInterrupt:  # an executor that turned our Cancelled into an interrupt
            job.status = "cancelled"
        except ScenarioError as exc:
            job.problems, job.status = [problem_json(p) for p in exc.problems], "failed"
        except StoreBusyError as exc:  # "store is busy: ... try again", as the CLI says it
            job.problems, job.status = [problem_json(Problem("", "", str(exc)))], "failed"
        except (ValueError, KeyError, TypeError) as exc:
            message = str(exc.args[0]) if exc.args else type(exc).__name__
            job.problems, job.status = [problem_json(Problem("", "", message))], "failed"
        except Exception as exc:  # noqa: BLE001 - reported to the page, never a traceback there
            message = f"the run failed: {type(exc).__name__}: {exc}"
            job.problems, job.status = [problem_json(Problem("", "", message))], "failed"
        else:
            if job.cancelled:
                job.status = "cancelled"
            else:
                job.result, job.report, job.done, job.status = result, report, job.total, "done"
        finally:
            job.finished = time.time()
