"""Runs of the war model (``detente war``) and the DEU III backtest (``detente backtest deu3``) for the page.

As in :mod:`.tasks`: the same analysis functions and the same run-store
records as those commands (:mod:`detente.store.rows`), laid out by
:func:`.views.war_view` and :func:`.views.backtest_view` (as re-opened runs are).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

from ..scenario import scenario_from_dict
from .schemas import RunRequest
from .tasks import ARGV, _executor, _recording
from .views import backtest_view, war_view

__all__ = ["plan_backtest", "plan_war", "run_backtest", "run_war"]


def plan_war(req: RunRequest) -> int:
    sc = scenario_from_dict(req.scenario, req.file)
    if getattr(sc, "war", None) is None:
        raise ValueError(f"{req.file}: war: the scenario has no war: section (see docs/reference/scenario-format.md)")
    return req.draws


def run_war(req: RunRequest, store, progress: Callable[[int], None]):
    """Missed opportunity per actor at the war's decision node, and settlement over time per counterfactual."""
    from ..analysis.war.missed_opportunity import missed_opportunity
    from ..report.documents import war_documents
    from ..store.rows import war_rows

    sc = scenario_from_dict(req.scenario, req.file)
    with _recording(store, "war", sc, req.seed, model="war", parameters={}, draws=req.draws) as run_id:
        with _executor(req) as executor:
            result = missed_opportunity(sc, draws=req.draws, seed=req.seed, executor=executor, progress=progress)
        if run_id:
            store.finish_run(run_id, "done", war_rows(result), documents=war_documents(result))
    return war_view(result, sc, run_id)


def _deu3() -> Path:
    from ..datasets import reference_path

    return reference_path("deu3", "deu3.csv")


@functools.lru_cache(maxsize=None)
def _deu3_issues(capability: str) -> tuple:
    """The shipped DEU III issues a backtest runs on, with ``capability``: read once per process (the package's
    files do not change while it runs), so that a job's plan and run, and later jobs, share one reading."""
    from ..io import deu3

    return tuple(deu3.backtest_scenarios(_deu3(), capability=capability))


@functools.lru_cache(maxsize=1)
def _deu3_whole():
    """The shipped DEU III file as one scenario: a backtest run's provenance in the store (read once per process)."""
    from ..io import deu3, read_text

    path = _deu3()
    return deu3.read(read_text(path), str(path))


def plan_backtest(req: RunRequest) -> int:
    from ..analysis.backtest import model_names

    return len(model_names(req.models)) * len(_deu3_issues(req.capability))


def run_backtest(req: RunRequest, store, progress: Callable[[int], None]):
    """Every chosen model on the DEU III issues: the leaderboard per split, the anchors, and the error plots."""
    from ..analysis.backtest import model_names
    from ..analysis.backtest import run_backtest as backtest
    from ..store.rows import record_backtest

    names, path = model_names(req.models), _deu3()
    with _executor(req) as executor:
        bt = backtest(list(_deu3_issues(req.capability)), names, split_year=req.split_year, seed=req.seed,
                      capability=req.capability, executor=executor if req.workers > 1 else None, stack=req.stack,
                      grouping=req.grouping, progress=progress)
    run_id = None
    if store is not None:
        run_id = record_backtest(store, bt, _deu3_whole(), names=names, split_year=req.split_year, seed=req.seed,
                                 capability=req.capability, grouping=req.grouping, data=path.name, argv=ARGV)
    return backtest_view(bt, run_id, path.name)
