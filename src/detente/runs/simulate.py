"""A simulate run: Monte Carlo over the scenario's distributions, recorded chunk by chunk so that a stopped
run can be finished (``detente simulate --resume``) exactly as an uninterrupted one would have."""

from __future__ import annotations

import contextlib
import threading
from typing import Callable, Optional

from .common import cached, chunksize, executor, model_params, record_chunk, record_result, recording, tracker
from .requests import Execution, Resume, SimulateRequest

__all__ = ["plan_simulate", "resume_request", "run_simulate"]


def _params(request: SimulateRequest) -> dict:
    return cached(request, "params", lambda: model_params(request.model, request.params, request.rounds,
                                                          request.variant))


def plan_simulate(request: SimulateRequest) -> int:
    """Draws still to run; checks the model, its parameters and the ranges first (KeyError, ValueError)."""
    from ..analysis.simulate import Range

    if request.resume is None:
        _params(request)
        issues = request.scenario.issue_names
        unknown = [r.issue for r in map(Range.parse, request.ranges) if r.issue not in issues]
        if unknown:
            raise ValueError(f"range for unknown issue(s) {', '.join(unknown)}; issues: {', '.join(issues)}")
    done = request.resume.done if request.resume else ()
    return request.draws - sum(b - a for a, b in done)


def resume_request(store, run_id: str, execution: Execution = Execution()) -> SimulateRequest:
    """The request that finishes the stopped simulate run ``run_id`` (an id or a unique prefix) with its stored
    scenario, model, parameters, seed, draws, chunk size and ranges, skipping the chunks it recorded.

    Claims the run for this process (a second resume raises the store's busy error); raises ValueError for a
    run of another command or one already finished.
    """
    from ..scenario import Scenario

    record = store.get_run(run_id)
    if record["command"] != "simulate":
        raise ValueError(f"run {record['run_id']} is a {record['command']} run; only simulate runs can be resumed")
    if record["status"] == "done":
        raise ValueError(f"run {record['run_id']} has already finished")
    store.claim(record["run_id"])  # one resume at a time
    if store.get_run(record["run_id"])["status"] == "done":  # finished while we waited for the claim
        raise ValueError(f"run {record['run_id']} has already finished")
    sc = Scenario.model_validate(record["scenario"])
    done = store.completed_chunks(record["run_id"])
    resume = Resume(record["run_id"], tuple(done), tuple(_finished_chunks(store, record["run_id"], sc, done)),
                    int(record["chunksize"]))
    return SimulateRequest(scenario=sc, model=record["model"], params=dict(record["parameters"] or {}),
                           draws=int(record["draws"]), seed=int(record["seed"]),
                           ranges=tuple((record["extra"] or {}).get("ranges", [])), execution=execution,
                           resume=resume)


def _finished_chunks(store, run_id: str, sc, done) -> list[tuple]:
    """The recorded chunks' outcomes, ``(start, outcomes, None)``, as :func:`detente.analysis.simulate.simulate`
    takes them back (:meth:`~detente.analysis.simulate.Simulation.stored_chunks`)."""
    from ..analysis.simulate import Simulation

    return Simulation.stored_chunks(store.tables(run_id).get("draws"), sc.issue_names, done)


def run_simulate(request: SimulateRequest, store=None, progress: Optional[Callable[[int], None]] = None,
                 cancel: Optional[threading.Event] = None):
    """Run the Monte Carlo of ``request`` (recording each chunk, then the summary and the fan quantiles).

    Returns ``(run_id, simulation)``: a :class:`~detente.analysis.simulate.Simulation`; the run id is None
    without a store.
    """
    from ..analysis import simulate as analysis

    sc, resume = request.scenario, request.resume
    params = dict(request.params) if resume else _params(request)
    with executor(request.execution) as chosen:
        size = resume.chunksize if resume else chunksize(request.draws, chosen, request.execution)
        run = (contextlib.nullcontext(resume.run_id) if resume and store is not None else
               recording(store, "simulate", sc, seed=request.seed, argv=request.argv, model=request.model,
                         parameters=params, draws=request.draws, chunksize=size,
                         extra={"ranges": list(request.ranges)}))
        with run as run_id:
            on_result = (lambda chunk: record_chunk(store, run_id, "simulate", chunk, sc)) if run_id else None
            sim = analysis.simulate(sc, request.model, draws=request.draws, seed=request.seed, params=params,
                                    ranges=list(request.ranges), executor=chosen, chunksize=size,
                                    skip=resume.done if resume else (), previous=resume.previous if resume else (),
                                    on_result=on_result, progress=tracker(progress, cancel))
            record_result(store, run_id, sim)
    return run_id, sim
