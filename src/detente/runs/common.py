"""What every kind of run shares: the executor, chunk sizes, the model's parameters, progress with cancel,
and recording in the run store.

A run records its result through :func:`record_result` (and chunks of draws, as they finish, through
:func:`record_chunk`): the one place that turns a result into the store's tables, so a run is stored
the same way whichever shell started it.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Callable, ContextManager, Iterator, Optional

from ..models import build_model
from .requests import Execution

__all__ = ["Cancelled", "cached", "executor", "chunksize", "model_params", "record_chunk", "record_result", "recording",
           "tracker"]


class Cancelled(Exception):
    """Raised inside a run when its ``cancel`` event is set (the web's Cancel button); recorded ``interrupted``."""


def tracker(progress: Optional[Callable[[int], None]], cancel: Optional[threading.Event]) -> Callable[[int], None]:
    """``progress`` that first raises :class:`Cancelled` once ``cancel`` is set (the executors stop their workers
    on it as on Ctrl-C)."""
    def step(n: int = 1) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if progress is not None:
            progress(n)
    return step


@contextlib.contextmanager
def executor(execution: Execution) -> Iterator[Any]:
    """The executor for ``execution`` (:func:`detente.execution.get_executor`), closed when the block ends."""
    from ..execution import get_executor

    chosen = get_executor(execution.backend, workers=execution.workers, address=execution.address)
    try:
        yield chosen
    finally:
        with contextlib.suppress(Exception):
            chosen.close()


def chunksize(draws: int, chosen, execution: Execution) -> int:
    """Draws per task on ``chosen``'s workers, with at least ``execution.min_chunks`` chunks."""
    from ..execution.chunking import default_chunksize

    return default_chunksize(draws, getattr(chosen, "workers", 1), execution.min_chunks)


def model_params(name: str, params: dict[str, Any], rounds: Optional[int] = None, variant: Optional[str] = None,
                 option: str = "variant") -> dict[str, Any]:
    """The model's full parameters (``get_params()``) as ``params``, ``rounds`` and ``variant`` give them: what
    an analysis takes and the store records. Raises KeyError, ValueError or TypeError on a bad model or
    parameter, before any work. The model built to check them is the one this process's draws then use
    (:func:`detente.analysis.simulate.process_model`): a model is built once per worker."""
    from ..analysis.simulate import process_model

    model = build_model(name, params, rounds=rounds, variant=variant, option=option)
    full = model.get_params()
    process_model(name, full, built=model)
    return full


def cached(request, key: str, make: Callable[[], Any]) -> Any:
    """``make()`` once per request: what :func:`detente.runs.plan` built (models, their parameters) the run reuses."""
    if key not in request.built:
        request.built[key] = make()
    return request.built[key]


def recording(store, command: str, scenario, *, seed: Any, argv, **run: Any) -> ContextManager[Optional[str]]:
    """The run in ``store`` while the block runs (nothing, and run id None, without a store): ``done`` when it
    ends, ``interrupted`` on Ctrl-C or :class:`Cancelled`, ``failed`` on any other error (re-raised)."""
    if store is None:
        return contextlib.nullcontext()
    return store.recording(command, scenario, seed=seed, argv=list(argv), interrupts=(Cancelled,), **run)


def record_chunk(store, run_id: Optional[str], kind: str, chunk, scenario) -> None:
    """A finished chunk of draws of a ``simulate`` (``(start, outcomes, positions)``) or ``rex`` run
    (``(rows, (start, stop))``) in the store's ``draws`` (``--resume`` skips the chunks recorded)."""
    if store is None or run_id is None:
        return
    if kind == "simulate":
        from ..analysis.simulate import Simulation

        store.add_results(run_id, {"draws": Simulation.chunk_table(scenario.issue_names, chunk)},
                          chunk=(chunk[0], chunk[0] + len(chunk[1])))
    elif kind == "rex":
        from ..analysis.rex import Rex

        frame, span = chunk
        store.add_results(run_id, {"draws": Rex.chunk_table(frame)}, chunk=span)
    else:
        raise ValueError(f"no chunks of draws in a {kind} run")


def record_result(store, run_id: Optional[str], result) -> None:
    """Store ``result``'s tables (``result.to_tables()``, its documents among them) and mark the run ``done``.

    ``result`` is any run's result: a forecast, a simulation, a comparison, a sensitivity result, a backtest,
    a REX result, a war answer or a war history. A run that recorded its draws chunk by chunk as they
    finished (:func:`record_chunk`) does not write them again.
    """
    if store is None or run_id is None:
        return
    tables = result.to_tables()
    if "draws" in tables and store.completed_chunks(run_id):
        del tables["draws"]
    store.finish_run(run_id, "done", tables)
