"""One executor interface, two backends: local processes (default) and Ray.

>>> from detente.execution import get_executor, run_draws
>>> executor = get_executor("local", workers=2)          # or get_executor("ray")
>>> executor.map(abs, [-1, -2, 3])                        # doctest: +SKIP
[1, 2, 3]

Interface
---------
An executor has ``workers`` and ``map(fn, tasks, *, chunksize=None,
progress=None)``, which returns ``[fn(t) for t in tasks]`` in task order.
``fn`` and the tasks must be picklable (module-level functions of plain
data, or ``functools.partial`` of them). Tasks are grouped into chunks,
about 4 per worker by default (see :mod:`.chunking`, which explains why this
keeps scheduling far below 10% of the compute). ``progress``, if given, is
called in the calling process with each task's result as its chunk
finishes: wire a progress bar, or write finished work to the run store.

Backends
--------
:class:`LocalExecutor`
    ``workers`` processes (default: every CPU) started by fork server or
    spawn; ``workers=1`` runs in the calling process with no pool.
:class:`RayExecutor`
    A local Ray (started with ``workers`` CPUs, no dashboard) or the cluster
    at ``address``; needs ``pip install 'detente[ray]'``.

Reproducibility: :func:`run_draws` gives draw ``k`` the ``k``-th child seed
of the run's seed, so serial, process-parallel and Ray runs agree bit for bit.

Ctrl-C: a ``KeyboardInterrupt`` during ``map`` cancels the chunks not yet
started, stops the workers (local workers ignore SIGINT themselves and are
terminated by the parent; Ray tasks are cancelled), and propagates, so the
caller can mark its run interrupted; nothing half-done is returned.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Protocol, runtime_checkable

from .chunking import TASKS_PER_WORKER, default_chunksize
from .draws import run_draws
from .local import LocalExecutor, SerialExecutor, available_cpus

__all__ = ["Executor", "LocalExecutor", "SerialExecutor", "RayExecutor", "get_executor", "run_draws",
           "default_chunksize", "available_cpus", "TASKS_PER_WORKER"]


@runtime_checkable
class Executor(Protocol):
    """What :func:`get_executor` returns and the analyses accept."""

    workers: int

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any], *, chunksize: int | None = None,
            progress: Callable[[Any], None] | None = None) -> list[Any]: ...

    def close(self) -> None: ...


def get_executor(backend: str = "local", workers: int | None = None, address: str | None = None) -> Executor:
    """An executor by name.

    Parameters
    ----------
    backend
        ``"local"`` (processes on this machine) or ``"ray"``.
    workers
        Workers (default: every CPU; for Ray, every CPU of the cluster).
        ``local`` with 1 worker runs in the calling process.
    address
        For ``ray``: a cluster to join instead of starting a local Ray.
    """
    if backend == "local":
        if address:
            raise ValueError("--address is for the ray backend; the local backend runs on this machine")
        return LocalExecutor(workers)
    if backend == "ray":
        from .ray_backend import RayExecutor

        return RayExecutor(address=address, workers=workers)
    raise ValueError(f"backend must be 'local' or 'ray', got {backend!r}")


def __getattr__(name: str):
    if name == "RayExecutor":  # imported on demand: Ray is optional and slow to import
        from .ray_backend import RayExecutor

        return RayExecutor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
