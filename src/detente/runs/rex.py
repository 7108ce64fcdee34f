"""A REX run: the exchange model over a grid of capability and salience exponents and seeded draws, recorded
chunk by chunk (every run's forecasts), then the spread per issue."""

from __future__ import annotations

import threading
from typing import Callable, Optional

from .common import executor, record_chunk, record_result, recording, tracker
from .requests import RexRequest

__all__ = ["plan_rex", "run_rex"]


def _grid(request: RexRequest) -> dict:
    return {"power_exponents": list(request.power_exponents), "salience_exponents": list(request.salience_exponents)}


def plan_rex(request: RexRequest) -> int:
    """Runs of the exchange model: grid points x draws."""
    from ..analysis.rex import parameter_grid

    return len(parameter_grid(**_grid(request))) * request.draws


def run_rex(request: RexRequest, store=None, progress: Optional[Callable[[int], None]] = None,
            cancel: Optional[threading.Event] = None):
    """Run REX (the run is recorded from its start: ``interrupted`` on Ctrl-C or cancel, ``failed`` on an error).

    Returns ``(run_id, result)``: a :class:`~detente.analysis.rex.Rex`; the run id is None without a store.
    """
    from ..analysis import rex as analysis

    sc, grid = request.scenario, _grid(request)
    run = {"model": "exchange", "parameters": {"variant": request.variant, "rounds": request.rounds, **grid},
           "draws": plan_rex(request), "extra": {"draws_per_point": request.draws, **grid}}
    with executor(request.execution) as chosen, \
            recording(store, "rex", sc, seed=request.seed, argv=request.argv, **run) as run_id:
        on_result = (lambda rows, chunk: record_chunk(store, run_id, "rex", (rows, chunk), sc)) if run_id else None
        result = analysis.run(sc, variant=request.variant, draws=request.draws, seed=request.seed,
                              rounds=request.rounds, executor=chosen, on_result=on_result,
                              progress=tracker(progress, cancel), **grid)
        record_result(store, run_id, result)
    return run_id, result
