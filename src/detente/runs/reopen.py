"""Re-open a stored run: its record and its result, rebuilt by the result's class from the run store's tables.

Each kind of run (the ``runs`` table's ``command``) has one result class, which wrote the run's tables
(``to_tables()``, through :func:`detente.runs.common.record_result`) and reads them back
(``from_tables(tables, record)``). The map lives here, not in the store, so that the store imports neither
the analyses nor the reports. Nothing is recomputed.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["RESULT_CLASSES", "open_run", "result_class"]

#: Kind of run -> (module, class) of its result.
RESULT_CLASSES = {
    "forecast": ("detente.models.base", "Forecast"),
    "simulate": ("detente.analysis.simulate", "Simulation"),
    "compare": ("detente.analysis.compare", "Comparison"),
    "sensitivity": ("detente.analysis.sensitivity", "Sensitivity"),
    "backtest": ("detente.analysis.backtest", "Backtest"),
    "rex": ("detente.analysis.rex", "Rex"),
    "war": ("detente.analysis.war.result", "MissedOpportunityResult"),
    "war-history": ("detente.analysis.war.history", "WarHistory"),
}

#: Kinds whose result is rebuilt from the stored scenario (a run over data files has none).
_NEEDS_SCENARIO = ("forecast", "simulate", "compare", "sensitivity", "rex", "war")


def result_class(kind: str):
    """The result class of runs of ``kind`` (imported when asked for: the analyses pull in numpy, pandas, numba)."""
    module, name = RESULT_CLASSES[kind]
    return getattr(import_module(module), name)


def open_run(store, run_id: str) -> tuple[dict[str, Any], Any]:
    """``(record, result)`` of the stored run ``run_id`` (an id or a unique prefix).

    ``result`` is what the run's command returned when it ran (a war run's is a
    :class:`~detente.analysis.war.result.StoredWar`), or None for a kind that keeps no result, a run recorded
    without its scenario, and war or backtest runs recorded without their result document (by an earlier
    detente) or whose ``war:`` section the current schema no longer reads. Raises ValueError when a run's
    tables lack what its kind stores (e.g. a forecast without forecasts).
    """
    record = store.get_run(run_id)
    kind = record["command"]
    if kind not in RESULT_CLASSES or (kind in _NEEDS_SCENARIO and not record.get("scenario")):
        return record, None
    return record, result_class(kind).from_tables(store.tables(record["run_id"]), record)
