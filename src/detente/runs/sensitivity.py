"""A sensitivity run: Sobol' indices or Morris screening of each issue's outcome over the scenario's inputs."""

from __future__ import annotations

import threading
from typing import Callable, Optional

from .common import cached, executor, model_params, record_result, recording, tracker
from .requests import SensitivityRequest

__all__ = ["plan_sensitivity", "run_sensitivity"]


def _params(request: SensitivityRequest) -> dict:
    return cached(request, "params", lambda: model_params(request.model, request.params, request.rounds,
                                                          request.variant))


def plan_sensitivity(request: SensitivityRequest) -> int:
    """Model runs: ``n (d + 2)`` for Sobol', ``n (d + 1)`` for Morris, with ``d`` factors (SALib's designs)."""
    from ..analysis.sensitivity import factors

    _params(request)
    d = len(factors(request.scenario))
    return request.n * (d + 2) if request.method == "sobol" else request.n * (d + 1)


def run_sensitivity(request: SensitivityRequest, store=None, progress: Optional[Callable[[int], None]] = None,
                    cancel: Optional[threading.Event] = None):
    """Run the analysis of ``request`` and record it once finished (the factors' ranges in the run's ``extra``,
    so that a re-opened run shows the tables of the fresh one).

    Returns ``(run_id, result)``: a :class:`~detente.analysis.sensitivity.Sensitivity`; the run id is None
    without a store.
    """
    from ..analysis import sensitivity as analysis

    sc, params = request.scenario, _params(request)
    with executor(request.execution) as chosen:
        result = analysis.sensitivity(sc, request.model, method=request.method, n=request.n, seed=request.seed,
                                      params=params, executor=chosen, progress=tracker(progress, cancel))
    extra = {"method": result.method, "n": request.n, "ranges": result.factor_ranges()}
    with recording(store, "sensitivity", sc, seed=result.seed, argv=request.argv, model=result.model,
                   parameters=params, draws=result.n_runs, extra=extra) as run_id:
        record_result(store, run_id, result)
    return run_id, result
