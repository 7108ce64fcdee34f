"""What a run request does: validate the body once into a request of :mod:`detente.runs`, call the run service
(the same one the CLI calls, so the run is computed and recorded alike), and lay out the answer.

:func:`prepare` turns a :class:`~detente.web.schemas.RunRequest` into ``(total, work)``: ``total`` the units of
work the job reports (:func:`detente.runs.plan`, which checks the request before any work), ``work(store,
progress)`` the run, returning ``(payload, report)``: ``payload`` is JSON for the page (tables and Plotly
figures, :mod:`detente.web.views`), ``report(path)`` writes the HTML report of :mod:`detente.report.reports`.
"""

from __future__ import annotations

from typing import Callable

from .. import runs
from ..runs.requests import (BacktestRequest, CompareRequest, Execution, ForecastRequest, SensitivityRequest,
                             SimulateRequest, WarRequest)
from ..scenario import scenario_from_dict
from .schemas import RunRequest
from .views import backtest_view, comparison_view, forecast_view, sensitivity_view, simulation_view, war_view

__all__ = ["prepare"]

ARGV = ("detente", "serve")


def _execution(body: RunRequest) -> Execution:
    """The body's backend and workers; in one process, 32 chunks, so that the progress bar moves and Cancel
    answers soon (the numbers do not depend on chunking)."""
    return Execution(backend=body.backend, workers=body.workers, min_chunks=8 if body.workers > 1 else 32)


def _shock(body: RunRequest):
    from ..analysis.shocks import Shock, parse_new_actor

    spec = body.shock
    if spec is None or not (spec.set or spec.drop or spec.add_actors):
        raise ValueError("no shock given: set a value, drop an actor or add one")
    return Shock(name=spec.name, set=spec.set, drop=spec.drop, add_actors=[parse_new_actor(a) for a in spec.add_actors])


def _backtest(body: RunRequest) -> BacktestRequest:
    """A backtest of the shipped DEU III file (read once per process: :func:`detente.runs.backtest.read_issues`)."""
    from ..analysis.backtest import model_names
    from ..runs.backtest import read_issues, shipped_data

    return BacktestRequest(data=shipped_data(), scenarios=read_issues(shipped_data(), body.capability),
                           models=tuple(model_names(body.models)), split_year=body.split_year, seed=body.seed,
                           capability=body.capability, stack=body.stack, grouping=body.grouping,
                           workers=body.workers, argv=ARGV)


def _has_variants(name: str) -> bool:
    from .. import models as registry

    cls = registry.available().get(name)
    return cls is not None and bool(cls.variants)


def _request(body: RunRequest):
    """The run service's request for ``body``, its scenario validated here, once."""
    if body.kind == "backtest":
        return _backtest(body)
    if body.scenario is None:
        raise ValueError(f"a {body.kind} run needs a scenario")
    sc = scenario_from_dict(body.scenario, body.file)
    if body.kind == "war":  # the war answer's own options at their defaults, as `detente war` without them
        return WarRequest(scenario=sc, source=body.file, draws=body.draws, seed=body.seed,
                          execution=Execution(backend=body.backend, workers=body.workers), argv=ARGV)
    if body.kind == "forecast":
        return ForecastRequest(scenario=sc, models=tuple(body.models), params=dict(body.params), rounds=body.rounds,
                               variant=body.variant, seed=body.seed, argv=ARGV)
    # one model: with the body's parameters; several: the first, with its defaults (and the variant if it has any)
    one = len(body.models) == 1
    model = {"scenario": sc, "model": body.models[0], "params": dict(body.params) if one else {},
             "rounds": body.rounds, "variant": body.variant if one or _has_variants(body.models[0]) else None,
             "seed": body.seed, "execution": _execution(body), "argv": ARGV}
    if body.kind == "simulate":
        return SimulateRequest(draws=body.draws, ranges=tuple(body.ranges), **model)
    if body.kind == "compare":
        return CompareRequest(shock=_shock(body), draws=body.draws, **model)
    return SensitivityRequest(method=body.method, n=body.n, **model)


def _view(body: RunRequest, request, run_id, result):
    """The page's payload and report of a finished run."""
    if body.kind == "forecast":
        sc = request.scenario
        return forecast_view(result, sc.name, sc.issues, run_id)
    if body.kind == "simulate":
        return simulation_view(result, run_id)
    if body.kind == "compare":
        return comparison_view(result, request.scenario.name, run_id)
    if body.kind == "war":
        return war_view(result, request.scenario, run_id)
    if body.kind == "sensitivity":
        return sensitivity_view(result, request.scenario.name, request.scenario.issue_names, body.top, run_id)
    return backtest_view(result, run_id, request.data.name)


def prepare(body: RunRequest) -> tuple[int, Callable]:
    """``(total, work)`` for the job of ``body``; raises on bad input (an invalid scenario, a war run without a
    ``war:`` section, an unknown model, a bad parameter, range or shock) before the job is queued."""
    request = _request(body)
    total = runs.plan(request)

    def work(store, progress: Callable[[int], None]):
        run_id, result = runs.run(request, store, progress)
        return _view(body, request, run_id, result)
    return total, work

