"""Run tasks on Ray: a local Ray by default, or an existing cluster at ``address``.

Ray is optional (``pip install 'detente[ray]'``). Results equal the local
backends' because tasks carry their own seeds (see :func:`~detente.execution.run_draws`).
Functions are sent with cloudpickle: functions of installed packages by
name, functions of a ``__main__`` script by value.
"""

from __future__ import annotations

import itertools
import os
import sys
from typing import Any, Callable, Iterable

from .chunking import default_chunksize, run_chunk, split

__all__ = ["RayExecutor"]


class RayExecutor:
    """Run tasks as Ray tasks, at most ``workers`` chunks at a time.

    Parameters
    ----------
    address
        A cluster to join (``"ray://head:10001"``, ``"auto"``); default: start
        a local Ray with ``workers`` CPUs and no dashboard (about 3 s), whose
        workers get this process's ``sys.path`` (so they import what it can).
    workers
        Chunks run at once (and CPUs of a local Ray); default all the cluster's CPUs.
    **init_options
        Passed on to ``ray.init`` when this executor starts Ray.

    Notes
    -----
    If Ray is already initialised in this process, it is used as it is.
    :meth:`close` shuts Ray down only if this executor started it. A
    ``KeyboardInterrupt`` (or a failed task) during :meth:`map` cancels the
    chunks still pending (``ray.cancel(force=True)``) and propagates.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, **init_options: Any):
        try:
            import ray
        except ImportError:  # pragma: no cover - depends on the installation
            raise ValueError("the Ray backend needs Ray: pip install 'detente[ray]'") from None
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            options = {"log_to_driver": False, "configure_logging": False, **init_options}
            if address:
                ray.init(address=address, **options)
            else:
                if "job_config" not in options:  # workers import what this process can, as local workers do
                    from ray.job_config import JobConfig

                    paths = [os.path.abspath(p) for p in sys.path if p and os.path.exists(p)]
                    options["job_config"] = JobConfig(code_search_path=paths)
                ray.init(num_cpus=workers, include_dashboard=False, **options)
            self._started = True
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._remote = ray.remote(num_cpus=1)(run_chunk)

    def __repr__(self) -> str:
        return f"RayExecutor(workers={self.workers})"

    def __enter__(self) -> "RayExecutor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any], *, chunksize: int | None = None,
            progress: Callable[[Any], None] | None = None) -> list[Any]:
        """``[fn(t) for t in tasks]``, computed in chunks on Ray, in task order (see :meth:`LocalExecutor.map`)."""
        ray = self._ray
        tasks = list(tasks)
        if not tasks:
            return []
        chunks = iter(split(tasks, chunksize or default_chunksize(len(tasks), self.workers)))
        fn_ref = ray.put(fn)
        results: list[Any] = [None] * len(tasks)
        pending: dict[Any, int] = {}

        def submit(chunk: tuple[int, list[Any]]) -> None:
            start, items = chunk
            pending[self._remote.remote(fn_ref, items)] = start

        try:
            for chunk in itertools.islice(chunks, self.workers):
                submit(chunk)
            while pending:
                (ref,), _ = ray.wait(list(pending), num_returns=1)
                start, values = pending.pop(ref), ray.get(ref)
                results[start:start + len(values)] = values
                following = next(chunks, None)
                if following is not None:
                    submit(following)
                if progress:
                    for value in values:
                        progress(value)
        except BaseException:
            for ref in pending:
                ray.cancel(ref, force=True)
            raise
        return results

    def close(self) -> None:
        """Shut Ray down if this executor started it."""
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
        self._started = False

    def shutdown(self) -> None:
        """Shut Ray down, whoever started it."""
        self._ray.shutdown()
        self._started = False
