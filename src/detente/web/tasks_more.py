"""Runs of the war model (``detente war``) for the page, until the war run joins :mod:`detente.runs`.

As in :mod:`.tasks`: the same analysis functions and the same run-store
records as that command (:func:`detente.runs.common.record_result`), laid out by
:func:`.views.war_view` (as re-opened runs are).
"""

from __future__ import annotations

from typing import Callable

from ..scenario import scenario_from_dict
from .schemas import RunRequest
from .tasks import _executor, _recording
from .views import war_view

__all__ = ["plan_war", "run_war"]


def plan_war(req: RunRequest) -> int:
    sc = scenario_from_dict(req.scenario, req.file)
    if getattr(sc, "war", None) is None:
        raise ValueError(f"{req.file}: war: the scenario has no war: section (see docs/reference/scenario-format.md)")
    return req.draws


def run_war(req: RunRequest, store, progress: Callable[[int], None]):
    """Missed opportunity per actor at the war's decision node, and settlement over time per counterfactual."""
    from ..analysis.war.missed_opportunity import missed_opportunity
    from ..runs.common import record_result

    sc = scenario_from_dict(req.scenario, req.file)
    with _recording(store, "war", sc, req.seed, model="war", parameters={}, draws=req.draws) as run_id:
        with _executor(req) as executor:
            result = missed_opportunity(sc, draws=req.draws, seed=req.seed, executor=executor, progress=progress)
        record_result(store, run_id, result)
    return war_view(result, sc, run_id)

