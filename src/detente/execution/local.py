"""Run tasks in this process or in a pool of local processes."""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Callable, Sequence


class SerialExecutor:
    """Everything in the calling process, in order."""

    workers = 1

    def map(self, fn: Callable, tasks: Sequence[Any], progress: Callable[[Any], None] | None = None) -> list[Any]:
        out = []
        for task in tasks:
            out.append(fn(task))
            if progress:
                progress(out[-1])
        return out


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which cancels the run and stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalExecutor:
    """A pool of ``workers`` processes (``concurrent.futures``), started per ``map`` call.

    Uses the ``fork`` start method where available (fast start; detente holds no
    threads or locks a child could inherit), ``spawn`` elsewhere.
    """

    def __init__(self, workers: int):
        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        self.workers = workers

    def map(self, fn: Callable, tasks: Sequence[Any], progress: Callable[[Any], None] | None = None) -> list[Any]:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(max_workers=min(self.workers, max(1, len(tasks))),
                                   mp_context=multiprocessing.get_context(method), initializer=_ignore_sigint)
        try:
            futures = {pool.submit(fn, task): k for k, task in enumerate(tasks)}
            results: list[Any] = [None] * len(tasks)
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    results[futures[future]] = future.result()
                    if progress:
                        progress(results[futures[future]])
            return results
        except BaseException:
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
