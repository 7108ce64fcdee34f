"""A compare run: baseline vs shocked scenario on common random draws, the shock's effect per issue."""

from __future__ import annotations

import threading
from typing import Callable, Optional

from .common import cached, chunksize, executor, model_params, record_result, recording, tracker
from .requests import CompareRequest

__all__ = ["plan_compare", "run_compare"]


def _params(request: CompareRequest) -> dict:
    return cached(request, "params", lambda: model_params(request.model, request.params, request.rounds,
                                                          request.variant))


def plan_compare(request: CompareRequest) -> int:
    """Paired draws to run; checks the model, its parameters and that the shock fits the scenario first."""
    _params(request)
    request.shock.apply(request.scenario)  # as compare() itself does first: a shock that does not fit fails now
    return request.draws


def run_compare(request: CompareRequest, store=None, progress: Optional[Callable[[int], None]] = None,
                cancel: Optional[threading.Event] = None):
    """Run the comparison of ``request`` and record it once finished.

    Returns ``(run_id, comparison)``: a :class:`~detente.analysis.compare.Comparison`; the run id is None
    without a store.
    """
    from ..analysis import compare as analysis

    sc, params = request.scenario, _params(request)
    with executor(request.execution) as chosen:
        result = analysis.compare(sc, request.shock, request.model, draws=request.draws, seed=request.seed,
                                  params=params, executor=chosen,
                                  chunksize=chunksize(request.draws, chosen, request.execution),
                                  progress=tracker(progress, cancel))
    with recording(store, "compare", sc, seed=request.seed, argv=request.argv, model=request.model,
                   parameters=params, draws=request.draws, extra={"shock": request.shock.model_dump()}) as run_id:
        record_result(store, run_id, result)
    return run_id, result
