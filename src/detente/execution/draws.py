"""Monte Carlo draws that give the same numbers on any backend and any chunking.

Draw ``k`` of a run with seed ``seed`` and ``n_draws`` draws always gets
``detente.rng.child_seeds(seed, n_draws)[k]`` (numpy's
``SeedSequence(seed).spawn(n_draws)[k]``, whose streams are independent),
however draws are grouped into chunks and wherever a chunk runs. So a
serial run, a process-parallel run and a Ray run agree bit for bit, and a
resumed run computes exactly the draws an uninterrupted one would have.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np

from ..rng import child_seeds
from .chunking import default_chunksize, split

__all__ = ["run_draws"]


def _draw_chunk(task: tuple) -> tuple[list[int], list[Any]]:
    fn, draws, seeds = task
    return draws, [fn(seed) for seed in seeds]


def run_draws(fn: Callable[[np.random.SeedSequence], Any], seed: int | np.random.SeedSequence, n_draws: int,
              executor=None, chunksize: int | None = None, *, draws: Iterable[int] | None = None,
              progress: Callable[[tuple[list[int], list[Any]]], None] | None = None) -> list[Any]:
    """``[fn(child_seeds(seed, n_draws)[k]) for k in draws]``, on any executor.

    Parameters
    ----------
    fn
        A picklable function of one draw's ``numpy.random.SeedSequence``
        (make a generator with ``numpy.random.default_rng(seed)``). Give it
        fixed data with ``functools.partial``.
    seed
        The run's seed.
    n_draws
        The run's number of draws (fixes the child seeds).
    executor
        A :class:`~detente.execution.LocalExecutor`, :class:`~detente.execution.RayExecutor`
        or anything with ``workers`` and ``map``; default: in this process.
    chunksize
        Draws per task; default about 4 tasks per worker.
    draws
        Which draws to compute (default all, ``range(n_draws)``); e.g. the
        ones a stored run has not finished, to resume it.
    progress
        Called in this process with ``(draw numbers, results)`` of each
        finished chunk, as chunks finish (advance a bar, store the chunk).

    Returns
    -------
    list
        ``fn``'s results, in the order of ``draws`` (ascending draw number).
    """
    from .local import LocalExecutor

    if n_draws < 0:
        raise ValueError(f"n_draws must be at least 0, got {n_draws}")
    seeds = child_seeds(seed, n_draws)
    todo = list(range(n_draws)) if draws is None else sorted({int(k) for k in draws})
    if todo and not (0 <= todo[0] and todo[-1] < n_draws):
        raise ValueError(f"draw numbers must lie in [0, {n_draws}), got {todo[0]}..{todo[-1]}")
    executor = executor if executor is not None else LocalExecutor(1)
    size = chunksize or default_chunksize(len(todo), getattr(executor, "workers", 1))
    tasks = [(fn, chunk, [seeds[k] for k in chunk]) for _, chunk in split(todo, size)]
    chunks = executor.map(_draw_chunk, tasks, chunksize=1, progress=progress)
    return [value for _, values in chunks for value in values]
