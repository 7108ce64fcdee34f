"""Run tasks in this process, or in a pool of local worker processes.

Workers are started with the ``forkserver`` method where the platform has
it (Linux, macOS) and ``spawn`` elsewhere, never plain ``fork``: a forked
child inherits the parent's threads' locks (numba's, Ray's, a progress
bar's) in whatever state they were, which can deadlock. The fork server
starts once per parent process with detente's modules already imported, so
later workers start in a fraction of a second; each worker loads the
compiled numba kernels from numba's on-disk cache on first use.

Functions and tasks are sent by pickle, so ``fn`` must be importable by name
in a fresh interpreter: a function of an installed package (e.g.
``detente.analysis.simulate.ModelDraws``), a ``functools.partial`` of one, or
a function of a script guarded by ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Callable, Iterable, Iterator

from ._lifetime import forget, track, worker_init
from .chunking import default_chunksize, run_chunk, split

__all__ = ["LocalExecutor", "SerialExecutor", "available_cpus"]

#: Imported once by the fork server, so that workers start with them loaded. The exchange round
#: brings numba's modules (0.08 s once in the fork server; each REX worker then uses 0.1 s less CPU
#: and peaks 18 MB lower, benchmarks/RESULTS.md "Exchange model vs Decide").
PRELOAD = ["detente.execution.chunking", "detente.analysis.simulate", "detente.models.eum",
           "detente.analysis.rex", "detente.models.exchange._compiled"]


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _default_start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class LocalExecutor:
    """Run tasks on ``workers`` local processes; with one worker, in this process.

    Parameters
    ----------
    workers
        Worker processes; default :func:`available_cpus`. ``1`` runs every
        task in the calling process, in order, with no pool.
    start_method
        ``"forkserver"`` (default where available) or ``"spawn"``.

    Notes
    -----
    The pool starts on the first :meth:`map` and is reused by later calls;
    :meth:`close` (or leaving a ``with`` block, or the end of the program,
    before Python's own exit hooks: see :mod:`._lifetime`) stops it. Workers
    exit by themselves when this process dies, even by ``kill -9``. If ``map`` is interrupted (Ctrl-C) or a task fails, tasks not
    yet started are cancelled, the workers are terminated, and the exception
    propagates; the next ``map`` starts a fresh pool.
    """

    def __init__(self, workers: int | None = None, *, start_method: str | None = None):
        workers = available_cpus() if workers is None else int(workers)
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.start_method = start_method or _default_start_method()
        self._pool: ProcessPoolExecutor | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(workers={self.workers})"

    def __enter__(self) -> "LocalExecutor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any], *, chunksize: int | None = None,
            progress: Callable[[Any], None] | None = None) -> list[Any]:
        """``[fn(t) for t in tasks]``, computed in chunks on the workers, in task order.

        Parameters
        ----------
        fn, tasks
            A picklable function of one argument, and its arguments.
        chunksize
            Tasks per chunk; default about 4 chunks per worker (see :mod:`.chunking`).
        progress
            Called in this process with each task's result, in the order chunks finish.
        """
        tasks = list(tasks)
        if self.workers == 1:
            results = []
            for task in tasks:
                results.append(fn(task))
                if progress:
                    progress(results[-1])
            return results
        if not tasks:
            return []
        chunks = split(tasks, chunksize or default_chunksize(len(tasks), self.workers))
        results: list[Any] = [None] * len(tasks)
        try:
            pool = self._ensure_pool()
            futures = {pool.submit(run_chunk, fn, items): start for start, items in chunks}
            for future in as_completed(futures):
                start, values = futures[future], future.result()
                results[start:start + len(values)] = values
                if progress:
                    for value in values:
                        progress(value)
        except BaseException:
            self._terminate()
            raise
        return results

    def close(self) -> None:
        """Stop the worker processes (after their current tasks); a later :meth:`map` starts new ones."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            forget(pool)

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context(self.start_method)
            if self.start_method == "forkserver":
                context.set_forkserver_preload(PRELOAD)
                with _sigint(signal.SIG_IGN):
                    _start_fork_server()
            pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=worker_init,
                                       initargs=(os.getpid(),))  # workers exit when this process does
            track(pool)
            interrupted = []
            with _sigint(lambda *_: interrupted.append(True)):
                _launch_workers(pool)
            self._pool = pool
            if interrupted:  # Ctrl-C while the workers started: every one is recorded, so it can be stopped
                raise KeyboardInterrupt
        return self._pool

    def _terminate(self) -> None:
        """Cancel queued chunks and kill the workers now (Ctrl-C, a failed task)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        manager = getattr(pool, "_executor_manager_thread", None)
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)
        if manager is not None:
            manager.join(timeout=5)
        forget(pool)


@contextlib.contextmanager
def _sigint(handler) -> Iterator[None]:
    """Run the block with ``handler`` for SIGINT (in the main thread; elsewhere Ctrl-C never arrives)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_fork_server() -> None:
    """Start the fork server while SIGINT is ignored, so that its workers ignore Ctrl-C from birth.

    CPython's fork server gives each child the SIGINT handler it was started with, and a Python
    started with SIGINT ignored keeps it ignored. Otherwise a Ctrl-C to the terminal's process group
    in the moments between a worker's fork and its initializer killed the worker with a traceback.
    """
    from multiprocessing import forkserver

    forkserver.ensure_running()


def _launch_workers(pool: ProcessPoolExecutor) -> None:
    """Start all of ``pool``'s workers now, so that each is recorded before a Ctrl-C can arrive.

    CPython's pool otherwise starts a worker at a ``submit`` and records it a moment later; a
    KeyboardInterrupt in between left a worker that :meth:`LocalExecutor._terminate` could not see,
    running after the command had exited. ``_launch_processes`` is the pool's own method for starting
    every worker at once (CPython 3.9+); without it the pool starts them as before.
    """
    launch = getattr(pool, "_launch_processes", None)
    if launch is not None and getattr(pool, "_executor_manager_thread", None) is None:
        launch()


class SerialExecutor(LocalExecutor):
    """Every task in the calling process, in order: ``LocalExecutor(workers=1)``."""

    def __init__(self) -> None:
        super().__init__(1)
