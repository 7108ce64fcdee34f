"""What a run keeps besides its tidy tables, so that a re-opened run draws the charts and report of a fresh one.

A run's *documents* (the run store's ``documents`` table, :meth:`detente.store.Store.finish_run`):

- ``war``: the result document ``detente war --format json`` prints (``MissedOpportunityResult.to_json()``),
  plus ``settlement``, the mean and 90% band of P(settled within t rounds) per counterfactual
  (:func:`detente.report.war.settlement_bands`).
- ``backtest``: what ``detente backtest --format json`` prints (``Backtest.to_json()``), plus the forecast per
  model and issue with its split, period, error and interval (``forecasts``) and the cross-validated ones
  (``cv``): the rows the report's scores and figures are made of; and the data file's name (``data``).
- ``fan``: per issue, a Monte Carlo run's quantiles of each actor's position per round (``Simulation.fan``);
  the positions themselves are not stored.

``*_documents(result)`` builds them for ``finish_run(..., documents=...)``; ``stored_*`` reads them back into
objects that :mod:`detente.report.war`, :mod:`detente.report.backtest` and :mod:`detente.report.reports` take as
they take a fresh result. Nothing is recomputed from the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["StoredWar", "backtest_documents", "simulation_documents", "stored_backtest", "stored_fans",
           "war_documents"]


def _frame(frame: pd.DataFrame) -> dict[str, Any]:
    return {"columns": [str(c) for c in frame.columns], "data": frame.to_numpy(dtype=object).tolist()}


def _unframe(doc: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(doc["data"], columns=doc["columns"]).infer_objects()


def war_documents(result) -> dict[str, Any]:
    """``{"war": ...}`` of a :class:`~detente.analysis.war.missed_opportunity.MissedOpportunityResult`."""
    from .war import settlement_bands

    return {"war": {**result.to_json(), "settlement": settlement_bands(result)}}


@dataclass
class StoredWar:
    """A re-opened ``detente war`` run: its stored document behind the interface the war report reads.

    ``spec`` is the stored scenario's ``war:`` section; its actors are put back in the document's order
    (the run store keeps the scenario with sorted keys).
    """

    spec: Any
    doc: dict[str, Any]

    def __post_init__(self):
        order = [a for a in self.doc["actors"] if a in self.spec.moves]
        order += [a for a in self.spec.moves if a not in order]
        self.spec = self.spec.model_copy(update={"moves": {a: self.spec.moves[a] for a in order}})

    @property
    def draws(self) -> int:
        return int(self.doc["draws"])

    @property
    def seed(self) -> int:
        return int(self.doc["seed"])

    @property
    def bands(self) -> dict[str, dict[str, list[float]]]:
        return self.doc["settlement"]

    @property
    def break_even(self) -> dict[str, Any]:
        return self.doc["break_even"]

    @property
    def structural(self) -> list[dict[str, Any]]:
        return self.doc.get("structural") or []  # runs stored before the war game's v2 have none

    @property
    def lever_names(self) -> list[str]:
        return self.doc.get("levers") or []

    @property
    def refinement(self) -> str | None:
        return self.doc.get("refinement")  # None: a run of the first war game

    @property
    def calibration(self) -> dict[str, Any]:
        return self.doc.get("calibration") or {}

    @property
    def aftermath(self) -> list[dict[str, Any]] | None:
        return self.doc.get("aftermath")

    @property
    def draws_rejected(self) -> dict[str, Any]:
        return self.doc.get("draws_rejected") or {}  # runs stored before the month-0 rejection have none

    def summary(self, actor: str) -> dict[str, Any]:
        return self.doc["actors"][actor]

    def counterfactual_table(self) -> list[dict[str, Any]]:
        return self.doc["counterfactuals"]

    def joint_summary(self) -> dict[str, float]:
        return self.doc["joint_missed_opportunity"]

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.doc.items() if k != "settlement"}


def backtest_documents(bt, data: str) -> dict[str, Any]:
    """``{"backtest": ...}`` of a :class:`~detente.analysis.backtest.Backtest` over the file named ``data``."""
    return {"backtest": {**bt.to_json(), "forecasts": _frame(bt.forecasts), "cv": _frame(bt.cv),
                         "failure_rows": _frame(bt.failures), "fits": bt.fits, "data": data}}


def stored_backtest(doc: dict[str, Any]):
    """The :class:`~detente.analysis.backtest.Backtest` of a stored ``backtest`` document."""
    from ..analysis.backtest import Backtest

    failures = _unframe(doc["failure_rows"])
    return Backtest(forecasts=_unframe(doc["forecasts"]), failures=failures.astype(
        {c: "int64" for c in ("failed", "of") if c in failures and len(failures)}), split_year=int(doc["split_year"]),
        capability=doc["capability"], seed=int(doc["seed"]), grouping=doc["grouping"], cv=_unframe(doc["cv"]),
        fits=doc.get("fits") or {})


def simulation_documents(sim) -> dict[str, Any]:
    """``{"fan": {issue: quantiles}}`` of a :class:`~detente.analysis.simulate.Simulation` that kept its
    positions per round (none for one that did not, e.g. a resumed run)."""
    fans = {issue: _frame(sim.fan(issue)) for issue in sim.issues if issue in sim.positions}
    return {"fan": fans} if fans else {}


def stored_fans(doc: dict[str, Any] | None) -> dict[str, pd.DataFrame]:
    """Per issue, the fan quantiles of a stored ``fan`` document (``Simulation.fans``)."""
    return {issue: _unframe(frame) for issue, frame in (doc or {}).items()}
