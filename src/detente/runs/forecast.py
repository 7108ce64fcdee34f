"""A forecast run: each chosen model on one scenario, each model's forecast recorded as one run."""

from __future__ import annotations

import threading
from typing import Callable, Optional

from ..models import build_model
from .common import cached, record_result, recording, tracker
from .requests import ForecastRequest

__all__ = ["plan_forecast", "run_forecast"]


def _models(request: ForecastRequest) -> list:
    """The models of the request, each built once: the request's parameters go to a lone model; several models
    run with their defaults (``--model all``), a variant going to those that have one."""
    several = len(request.models) > 1
    params = {} if several else dict(request.params)
    return cached(request, "models", lambda: [build_model(name, params, rounds=request.rounds, variant=request.variant,
                                                          several=several, option=request.variant_option)
                                              for name in request.models])


def plan_forecast(request: ForecastRequest) -> int:
    """Units of progress (one per model); raises KeyError, ValueError or TypeError on a bad model or parameter."""
    _models(request)
    return len(request.models)


def run_forecast(request: ForecastRequest, store=None, progress: Optional[Callable[[int], None]] = None,
                 cancel: Optional[threading.Event] = None) -> tuple[list[str], list]:
    """Forecast the scenario with every model of the request.

    Returns
    -------
    (run_ids, forecasts)
        One :class:`~detente.models.base.Forecast` per model, in the request's order, and the ids of their
        stored runs (empty without a store). A model that cannot run (e.g. a
        :class:`~detente.errors.CostError`) raises before anything is recorded.
    """
    step = tracker(progress, cancel)
    sc = request.scenario
    forecasts = []
    for model in _models(request):
        forecasts.append(model.forecast(sc, rng=request.seed))
        step(1)
    ids = []
    for fc in forecasts:
        with recording(store, "forecast", sc, seed=request.seed, argv=request.argv, model=fc.model,
                       parameters=fc.parameters) as run_id:
            record_result(store, run_id, fc)
        if run_id:
            ids.append(run_id)
    return ids, forecasts
