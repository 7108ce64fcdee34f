"""What a run request does: call the same analyses as the CLI, record the run as the CLI does, and lay out the answer.

Each ``run_<kind>(request, store, progress)`` returns ``(payload, report)``:
``payload`` is JSON for the page (tables and Plotly figures made by
:mod:`detente.report.figures`), ``report(path)`` writes the HTML report of
:mod:`detente.report.reports`. No number is computed here: forecasts come
from :func:`detente.models.get`, the rest from :mod:`detente.analysis`.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable

from ..analysis.sensitivity import factors
from ..models import build_model
from ..scenario import Scenario, scenario_from_dict
from .jobs import Cancelled
from .schemas import RunRequest
from .views import comparison_view, forecast_view, sensitivity_view, simulation_view

__all__ = ["RUNNERS", "plan"]

ARGV = ["detente", "serve"]


def _scenario(req: RunRequest) -> Scenario:
    return scenario_from_dict(req.scenario, req.file)


def _model(req: RunRequest, name: str):
    """The model ``name`` with the request's parameters (given one model only), ``rounds`` and ``variant``
    (for the models that have them), as ``detente forecast --param --rounds --variant`` builds it."""
    params = dict(req.params) if len(req.models) == 1 else {}
    return build_model(name, params, rounds=req.rounds, variant=req.variant, several=len(req.models) > 1)


def _params(req: RunRequest, name: str) -> dict[str, Any]:
    """The full parameters of :func:`_model`: what the analyses take and the store records."""
    return _model(req, name).get_params()


def plan(req: RunRequest) -> int:
    """Units of work the run reports through ``progress`` (models, draws or model runs); checks the inputs first."""
    from .tasks_more import plan_backtest, plan_war

    if req.kind == "backtest":
        return plan_backtest(req)
    if req.scenario is None:
        raise ValueError(f"a {req.kind} run needs a scenario")
    if req.kind == "war":
        return plan_war(req)
    sc = _scenario(req)
    for name in req.models:
        _params(req, name)
    if req.kind == "forecast":
        return len(req.models)
    if req.kind == "compare":
        _shock(req).apply(sc)  # as compare() itself does first: a shock that does not fit fails now
    if req.kind == "simulate":
        from ..analysis.simulate import Range

        unknown = [r.issue for r in map(Range.parse, req.ranges) if r.issue not in sc.issue_names]
        if unknown:
            raise ValueError(f"range for unknown issue(s) {', '.join(unknown)}; issues: {', '.join(sc.issue_names)}")
    if req.kind == "sensitivity":
        d = len(factors(sc))
        return req.n * (d + 2) if req.method == "sobol" else req.n * (d + 1)
    return req.draws


@contextlib.contextmanager
def _executor(req: RunRequest):
    from ..execution import get_executor

    executor = get_executor(req.backend, workers=req.workers)
    try:
        yield executor
    finally:
        with contextlib.suppress(Exception):
            executor.close()


def _chunksize(req: RunRequest, executor) -> int:
    """Draws per task: the CLI's choice on several workers; in one process, 32 steps, so that the progress bar
    moves and Cancel answers soon (the numbers do not depend on chunking: see :mod:`detente.analysis.simulate`)."""
    from ..analysis.simulate import default_chunksize

    return default_chunksize(req.draws, executor, min_chunks=8 if req.workers > 1 else 32)


def run_forecast(req: RunRequest, store, progress: Callable[[int], None]):
    """Every chosen model on the scenario: the table per issue and model, and each actor's positions by round."""
    sc = _scenario(req)
    forecasts = []
    for name in req.models:
        forecasts.append(_model(req, name).forecast(sc, rng=req.seed))
        progress(1)
    ids = [store.record_forecast(f, sc, argv=ARGV, seed=req.seed) for f in forecasts] if store else []
    return forecast_view(forecasts, sc.name, sc.issues, ids)


def _recording(store, command: str, sc: Scenario, seed: int, **run):
    """The run in the store as the block runs (:func:`detente.store.recording`; nothing without a store):
    ``done`` when it ends, ``interrupted`` when the job is cancelled, ``failed`` on any other error."""
    from ..store import recording

    return recording(store, command, sc, seed=seed, argv=ARGV, interrupts=(Cancelled,), **run)


def run_simulate(req: RunRequest, store, progress: Callable[[int], None]):
    """Monte Carlo over the scenario's distributions: outcome table, distributions and fan charts."""
    from ..analysis.simulate import simulate
    from ..report.documents import simulation_documents
    from ..store.rows import simulation_rows, summary_rows

    sc, model = _scenario(req), req.models[0]
    params = _params(req, model)
    with _executor(req) as executor:
        chunksize = _chunksize(req, executor)
        with _recording(store, "simulate", sc, req.seed, model=model, parameters=params, draws=req.draws,
                        chunksize=chunksize, extra={"ranges": list(req.ranges)}) as run_id:
            record = (lambda r: store.add_results(run_id, {"draws": simulation_rows(sc.issue_names, r)},
                                                  chunk=(r[0], r[0] + len(r[1])))) if run_id else None
            sim = simulate(sc, model, draws=req.draws, seed=req.seed, params=params, ranges=req.ranges,
                           executor=executor, chunksize=chunksize, on_result=record, progress=progress)
            if run_id:
                store.finish_run(run_id, "done", {"summaries": summary_rows(sim.summary())},
                                 documents=simulation_documents(sim))
    return simulation_view(sim, run_id)


def _shock(req: RunRequest):
    from ..analysis.shocks import Shock, parse_new_actor

    spec = req.shock
    if spec is None or not (spec.set or spec.drop or spec.add_actors):
        raise ValueError("no shock given: set a value, drop an actor or add one")
    return Shock(name=spec.name, set=spec.set, drop=spec.drop, add_actors=[parse_new_actor(a) for a in spec.add_actors])


def run_compare(req: RunRequest, store, progress: Callable[[int], None]):
    """Baseline vs shocked on common random numbers: the effect per issue with its 90% interval."""
    from ..analysis.compare import compare
    from ..store.rows import comparison_rows, summary_rows

    sc, model, shock = _scenario(req), req.models[0], _shock(req)
    params = _params(req, model)
    with _executor(req) as executor:
        result = compare(sc, shock, model, draws=req.draws, seed=req.seed, params=params, executor=executor,
                         chunksize=_chunksize(req, executor), progress=progress)
    with _recording(store, "compare", sc, req.seed, model=model, parameters=params, draws=req.draws,
                    extra={"shock": shock.model_dump()}) as run_id:
        if run_id:
            store.finish_run(run_id, "done", {"summaries": summary_rows(result.summary()),
                                              "draws": comparison_rows(result)})
    return comparison_view(result, sc.name, run_id)


def run_sensitivity(req: RunRequest, store, progress: Callable[[int], None]):
    """Sobol' or Morris indices per issue: the top factors as a table and as bars."""
    from ..analysis.sensitivity import sensitivity
    from ..store.rows import record_sensitivity

    sc, model = _scenario(req), req.models[0]
    params = _params(req, model)
    with _executor(req) as executor:
        result = sensitivity(sc, model, method=req.method, n=req.n, seed=req.seed, params=params,
                             executor=executor, progress=progress)
    run_id = record_sensitivity(store, result, sc, parameters=params, n=req.n, argv=ARGV) if store else None
    return sensitivity_view(result, sc.name, sc.issue_names, req.top, run_id)


def _more(name: str):
    def run(req: RunRequest, store, progress: Callable[[int], None]):
        from . import tasks_more

        return getattr(tasks_more, name)(req, store, progress)
    return run


RUNNERS = {"forecast": run_forecast, "simulate": run_simulate, "compare": run_compare,
           "sensitivity": run_sensitivity, "war": _more("run_war"), "backtest": _more("run_backtest")}
