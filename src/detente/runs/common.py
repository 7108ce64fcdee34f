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
    parameter, before any work."""
    return build_model(name, params, rounds=rounds, variant=variant, option=option).get_params()


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
    from ..store import rows

    if kind == "simulate":
        store.add_results(run_id, {"draws": rows.simulation_rows(scenario.issue_names, chunk)},
                          chunk=(chunk[0], chunk[0] + len(chunk[1])))
    elif kind == "rex":
        frame, span = chunk
        store.add_results(run_id, {"draws": rows.rex_rows(frame)}, chunk=span)
    else:
        raise ValueError(f"no chunks of draws in a {kind} run")


def record_result(store, run_id: Optional[str], result, **context: Any) -> None:
    """Store ``result``'s tables (and the documents a re-opened run's charts need) and mark the run ``done``.

    ``result`` is a forecast, a simulation, a comparison, a sensitivity result, a backtest or a REX result;
    ``context`` gives what a table needs besides the result (a backtest's data file name, ``data``).
    """
    if store is None or run_id is None:
        return
    tables, documents = _tables(result, **context)
    store.finish_run(run_id, "done", tables, documents=documents)


def _tables(result, **context: Any) -> tuple[dict, Optional[dict]]:
    """The store's tables and documents of ``result`` (by its kind)."""
    from ..store import rows

    kind = type(result).__name__
    if kind == "Forecast":
        return _forecast_tables(result)
    if kind == "Simulation":
        from ..report.documents import simulation_documents  # the fan quantiles, for a re-opened run's fan charts

        return {"summaries": rows.summary_rows(result.summary())}, simulation_documents(result)
    if kind == "Comparison":
        return {"summaries": rows.summary_rows(result.summary()), "draws": rows.comparison_rows(result)}, None
    if kind == "Sensitivity":
        return {"indices": rows.index_rows(result)}, None
    if kind == "Backtest":
        from ..report.documents import backtest_documents  # what a re-opened run's report is made of

        return rows.backtest_rows(result), backtest_documents(result, context["data"])
    if kind == "Rex":
        return {"summaries": rows.summary_rows(result.summary())}, None
    raise TypeError(f"no run-store tables for a {kind}")


def _forecast_tables(forecast) -> tuple[dict, Optional[dict]]:
    """A forecast's ``forecasts`` (one row per issue), ``positions`` (by round) and the per-round ``series``
    some models report (the EUM's median and mean) as a document."""
    import pandas as pd

    summary = pd.DataFrame([{"model": forecast.model, "issue": f.issue, "forecast": f.forecast,
                             "outcome": forecast.outcomes.get(f.issue)} for f in forecast.issues],
                           columns=["model", "issue", "forecast", "outcome"])
    series = {f.issue: {name: list(values) for name, values in f.series.items()} for f in forecast.issues if f.series}
    return ({"forecasts": summary.astype({"outcome": float}), "positions": forecast.to_frame()},
            {"series": series} if series else None)
