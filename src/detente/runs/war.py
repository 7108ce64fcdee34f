"""A war run: the missed opportunity per actor at the decision node of a scenario's ``war:`` section, and
settlement under each counterfactual (:func:`detente.analysis.war.missed_opportunity.missed_opportunity`)."""

from __future__ import annotations

import threading
from typing import Callable, Optional

from .common import executor, record_result, recording, tracker
from .requests import WarRequest

__all__ = ["plan_war", "run_war"]


def plan_war(request: WarRequest) -> int:
    """Units of progress: the draws. Raises ValueError when the scenario has no ``war:`` section."""
    if request.scenario.war is None:
        raise ValueError(f"{request.source}: war: the scenario has no war: section "
                         "(see docs/reference/scenario-format.md)")
    return request.draws


def run_war(request: WarRequest, store=None, progress: Optional[Callable[[int], None]] = None,
            cancel: Optional[threading.Event] = None):
    """Run the war answer of ``request`` (the run is recorded from its start: ``interrupted`` on Ctrl-C or cancel,
    ``failed`` on an error).

    Returns ``(run_id, result)``: a :class:`~detente.analysis.war.result.MissedOpportunityResult`; the run id is
    None without a store.
    """
    from ..analysis.war.missed_opportunity import missed_opportunity

    plan_war(request)
    sc = request.scenario
    options = {"refinement": request.refinement, "structural_draws": request.structural_draws,
               "channel_draws": request.channel_draws}
    with executor(request.execution) as chosen, \
            recording(store, "war", sc, seed=request.seed, argv=request.argv, model="war", parameters=options,
                      draws=request.draws) as run_id:
        result = missed_opportunity(sc, draws=request.draws, seed=request.seed, executor=chosen,
                                    progress=tracker(progress, cancel), **options)
        record_result(store, run_id, result)
    return run_id, result
