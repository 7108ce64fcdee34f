"""One executor interface, two backends: local processes (default) and Ray.

An executor has ``workers`` and ``map(fn, tasks, progress=None)``, which runs
``fn`` on every task and returns the results in task order; ``progress`` (if
given) is called in the calling process with each result as it completes
(used for progress bars and to write finished chunks to the run store).
``fn`` and the tasks must be picklable: plain module-level functions of plain
data, as in :mod:`detente.analysis`.

Chunking is the caller's job: the analyses group draws into about
``4 x workers`` tasks, so each task runs long enough that scheduling overhead
(about 1 ms a task locally, a few ms on Ray) stays far below 10% of compute,
while leaving enough tasks to balance the load.

Ctrl-C: a ``KeyboardInterrupt`` during ``map`` cancels the tasks not yet
started, stops the workers and is re-raised; nothing half-done is returned.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Protocol, Sequence

from .local import LocalExecutor, SerialExecutor

__all__ = ["Executor", "LocalExecutor", "SerialExecutor", "RayExecutor", "get_executor", "tasks_per_worker"]

tasks_per_worker = 4


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any],
            progress: Callable[[Any], None] | None = None) -> list[Any]: ...


def get_executor(backend: str = "local", workers: int | None = None, address: str | None = None) -> Executor:
    """``"local"`` (processes; one worker runs in-process) or ``"ray"`` (a local Ray, or ``address``)."""
    if backend == "local":
        workers = workers or os.cpu_count() or 1
        return SerialExecutor() if workers == 1 else LocalExecutor(workers)
    if backend == "ray":
        from .ray_backend import RayExecutor

        return RayExecutor(workers=workers, address=address)
    raise ValueError(f"backend must be 'local' or 'ray', got {backend!r}")


def __getattr__(name: str):
    if name == "RayExecutor":
        from .ray_backend import RayExecutor

        return RayExecutor
    raise AttributeError(name)
