"""Runs of the war model (``detente war``) and the DEU III backtest (``detente backtest deu3``) for the page.

As in :mod:`.tasks`: the same analysis functions and the same run-store
records as those commands, figures from :mod:`detente.report.war` and
:mod:`detente.report.backtest`, reports written by their ``write_*_report``.
"""

from __future__ import annotations

from typing import Callable

from ..scenario import scenario_from_dict
from .schemas import RunRequest
from .tasks import ARGV, _executor
from .views import _payload

__all__ = ["backtest_view", "plan_backtest", "plan_war", "run_backtest", "run_war", "war_view"]


def plan_war(req: RunRequest) -> int:
    sc = scenario_from_dict(req.scenario, req.file)
    if getattr(sc, "war", None) is None:
        raise ValueError(f"{req.file}: war: the scenario has no war: section (see docs/reference/scenario-format.md)")
    return req.draws


def run_war(req: RunRequest, store, progress: Callable[[int], None]):
    """Missed opportunity per actor at the war's decision node, and settlement over time per counterfactual."""
    from .. import cli  # noqa: F401 - first: detente.cli registers detente.commands.war as it loads
    from ..analysis.missed_opportunity import missed_opportunity
    from ..commands.war import _draw_rows, _tidy
    from ..report.documents import war_documents

    sc = scenario_from_dict(req.scenario, req.file)
    run_id = None
    if store is not None:
        run_id = store.start_run("war", sc, model="war", parameters={}, seed=req.seed, argv=ARGV, draws=req.draws)
    try:
        with _executor(req) as executor:
            result = missed_opportunity(sc, draws=req.draws, seed=req.seed, executor=executor, progress=progress)
    except BaseException:
        if run_id:
            store.finish_run(run_id, "interrupted")
        raise
    if run_id:
        store.finish_run(run_id, "done", {"summaries": _tidy(result.to_json()), "draws": _draw_rows(result)},
                         documents=war_documents(result))
    return war_view(result, sc, run_id)


def war_view(result, sc, run_id: str | None):
    """``(payload, report)`` of a war result, fresh or re-opened (:class:`~detente.report.documents.StoredWar`)."""
    from ..report import war as figures

    figs = [figures.settlement_curves(result)] + [figures.move_values(result, actor) for actor in result.spec.moves]
    payload = _payload("war", sc.name, [run_id], {"Missed opportunity per actor": figures.summary_frame(result),
                                                   "Settlement and terms per counterfactual":
                                                   figures.counterfactual_frame(result),
                                                   f"Settlement and terms per move of {result.spec.a}":
                                                   figures.moves_frame(result)}, figs)
    meta = {"draws": f"{result.draws:,}", "seed": str(result.seed), "scenario": sc.content_hash()[:12],
            "run": run_id or "not stored"}
    return payload, lambda path: figures.write_war_report(path, result, sc.name, meta)


def _deu3():
    from ..datasets import reference_path

    return reference_path("deu3", "deu3.csv")


def plan_backtest(req: RunRequest) -> int:
    from ..analysis.backtest import model_names

    from ..io import deu3

    return len(model_names(req.models)) * len(deu3.backtest_scenarios(_deu3(), capability=req.capability))


def run_backtest(req: RunRequest, store, progress: Callable[[int], None]):
    """Every chosen model on the DEU III issues: the leaderboard per split, the anchors, and the error plots."""
    from .. import cli  # noqa: F401 - first, as above
    from ..analysis.backtest import model_names
    from ..analysis.backtest import run_backtest as backtest
    from ..commands.backtest import _record
    from ..io import deu3

    names, path = model_names(req.models), _deu3()
    scenarios = deu3.backtest_scenarios(path, capability=req.capability)
    with _executor(req) as executor:
        bt = backtest(scenarios, names, split_year=req.split_year, seed=req.seed, capability=req.capability,
                      executor=executor if req.workers > 1 else None, stack=req.stack, grouping=req.grouping,
                      progress=progress)
    run_id = (_record(bt, path, names, split_year=req.split_year, seed=req.seed, capability=req.capability,
                      grouping=req.grouping, store=store.path, no_store=False) if store else None)
    return backtest_view(bt, run_id, path.name)


def backtest_view(bt, run_id: str | None, data: str):
    """``(payload, report)`` of a backtest over the file named ``data``, fresh or re-opened."""
    from ..report import backtest as figures

    results = bt.table()
    payload = _payload("backtest", "DEU III", [run_id],
                       {"Scores per model and split": results,
                        "Anchors: figures measured elsewhere": figures.anchor_table(results, bt.capability),
                        "Scores per period": bt.by("period")},
                       [figures.error_distribution(bt.forecasts), figures.forecast_vs_outcome(bt.forecasts),
                        figures.error_by_year(bt.forecasts, bt.split_year)])
    return payload, lambda path: figures.write_backtest_report(path, bt, meta={"run": run_id or "not stored",
                                                                               "data": data})
