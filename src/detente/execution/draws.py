"""Monte Carlo draws that give the same numbers on any backend and any chunking.

Draw ``k`` of a run with seed ``seed`` and ``n_draws`` draws always gets
:func:`detente.rng.draw_seed` ``(seed, k)``, which is ``child_seeds(seed, n_draws)[k]`` (numpy's
``SeedSequence(seed).spawn(n_draws)[k]``, whose streams are independent),
however draws are grouped into chunks and wherever a chunk runs. So a
serial run, a process-parallel run and a Ray run agree bit for bit, and a
resumed run computes exactly the draws an uninterrupted one would have.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ..rng import draw_seed
from .chunking import default_chunksize

__all__ = ["run_draws", "draw_chunks"]


def _draw_chunk(task: tuple) -> tuple[list[int], list[Any]]:
    fn, draws, seeds, values = task
    if values is None:
        return draws, [fn(seed) for seed in seeds]
    return draws, [fn(seed, value) for seed, value in zip(seeds, values)]


def draw_chunks(draws: list[int], chunksize: int) -> list[list[int]]:
    """``draws`` (ascending) in chunks of consecutive draw numbers, each within one block ``[b c, (b + 1) c)`` of
    ``c = chunksize`` draws.

    For a whole run these are the blocks themselves; for a run resumed after whole blocks were stored, the
    blocks not stored yet, so a resumed run's chunks are the ones an uninterrupted run would have had, and
    each is one ``(start, stop)`` range.
    """
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, got {chunksize}")
    chunks: list[list[int]] = []
    for k in draws:
        if chunks and k == chunks[-1][-1] + 1 and k // chunksize == chunks[-1][0] // chunksize:
            chunks[-1].append(k)
        else:
            chunks.append([k])
    return chunks


def run_draws(fn: Callable[..., Any], seed: int | np.random.SeedSequence, n_draws: int,
              executor=None, chunksize: int | None = None, *, draws: Iterable[int] | None = None,
              progress: Callable[[tuple[list[int], list[Any]]], None] | None = None,
              values: Sequence[Any] | None = None) -> list[Any]:
    """``[fn(draw_seed(seed, k)) for k in draws]`` (with ``values``: ``fn(draw_seed(seed, k), values[k])``), on any
    executor.

    Parameters
    ----------
    fn
        A picklable function of one draw's ``numpy.random.SeedSequence``
        (make a generator with ``numpy.random.default_rng(seed)``). Give it
        fixed data with ``functools.partial``, or as a picklable object with ``__call__``.
    seed
        The run's seed.
    n_draws
        The run's number of draws (fixes the child seeds).
    executor
        A :class:`~detente.execution.LocalExecutor`, :class:`~detente.execution.RayExecutor`
        or anything with ``workers`` and ``map``; default: in this process.
    chunksize
        Draws per task; default about 4 tasks per worker. Chunks are consecutive draws within
        blocks of ``chunksize`` (:func:`draw_chunks`).
    draws
        Which draws to compute (default all, ``range(n_draws)``); e.g. the
        ones a stored run has not finished, to resume it.
    progress
        Called in this process with ``(draw numbers, results)`` of each
        finished chunk, as chunks finish (advance a bar, store the chunk).
    values
        Per-draw inputs, ``n_draws`` of them (e.g. the rows of a sensitivity analysis's sample
        matrix): draw ``k`` is ``fn(seed_k, values[k])``; only the chunk's own values travel with it.

    Returns
    -------
    list
        ``fn``'s results, in the order of ``draws`` (ascending draw number).
    """
    from .local import LocalExecutor

    if n_draws < 0:
        raise ValueError(f"n_draws must be at least 0, got {n_draws}")
    if values is not None and len(values) != n_draws:
        raise ValueError(f"values must hold one entry per draw ({n_draws}), got {len(values)}")
    todo = list(range(n_draws)) if draws is None else sorted({int(k) for k in draws})
    if todo and not (0 <= todo[0] and todo[-1] < n_draws):
        raise ValueError(f"draw numbers must lie in [0, {n_draws}), got {todo[0]}..{todo[-1]}")
    executor = executor if executor is not None else LocalExecutor(1)
    size = chunksize or default_chunksize(len(todo), getattr(executor, "workers", 1))
    tasks = [(fn, chunk, [draw_seed(seed, k) for k in chunk], None if values is None else [values[k] for k in chunk])
             for chunk in draw_chunks(todo, size)]
    chunks = executor.map(_draw_chunk, tasks, chunksize=1, progress=progress)
    return [value for _, values_ in chunks for value in values_]
