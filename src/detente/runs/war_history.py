"""A war-history run: the war model checked against the COW wars and the ICB crises
(:func:`detente.analysis.war.history.war_history`), with, beside it, the track record at the shipped war
scenarios' past nodes and the two-type war game's out-of-sample check when asked for.

The run has no scenario: its provenance is the four data files' sha256 (:func:`detente.store.file_digests`),
the seed and the package version; the stored tables are the history's (:meth:`WarHistory.to_tables`). The track
record and the types check are shown beside the run, not stored with it.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .common import record_result, recording, tracker
from .requests import WAR_HISTORY_SEED, WarHistoryRequest

__all__ = ["WarHistoryAnswer", "plan_war_history", "run_war_history", "track_record", "types_check"]


@dataclass
class WarHistoryAnswer:
    """What a war-history run gives: the ``history`` (the stored result), and the ``track`` record (a row per
    shipped war scenario, :func:`detente.analysis.war.track_record.track_record_table`) and the ``types`` check
    (:func:`types_check`) when the request asked for them (else None)."""

    history: Any
    track: Optional[list[dict]] = None
    types: Optional[dict] = None

    def to_json(self) -> dict[str, Any]:
        """The history's document, with ``track_record`` (the cases and their mean Brier scores) and
        ``types_check`` when they were asked for (docs/reference/json.md, section ``detente war-history``)."""
        doc = self.history.to_dict()
        if self.track is not None:
            from ..analysis.war.track_record import mean_brier

            doc["track_record"] = {"cases": self.track, "mean_brier": mean_brier(self.track)}
        if self.types is not None:
            doc["types_check"] = self.types
        return doc


def plan_war_history(request: WarHistoryRequest) -> int:
    """Units of progress: the history, then the track record and the types check when asked for."""
    return 1 + int(request.track_record) + int(request.types_check)


def track_record() -> list[dict]:
    """:func:`detente.analysis.war.track_record.track_record_table` (the shipped historical war scenarios); a
    ValueError naming the track record when one of them cannot be solved."""
    from ..analysis.war.track_record import track_record_table
    from ..errors import ScenarioError

    try:
        return track_record_table()
    except (ScenarioError, ValueError) as exc:
        raise ValueError(f"track record: {exc}") from exc


def types_check(seed: int) -> dict:
    """:func:`detente.analysis.war.types_check.types_check` at ``seed``: the committed fit
    (``types_check.shipped_fit``, written with seed 2026 by scripts/fit_war_types.py) at that seed, else a refit
    (minutes); with the ICB check (:func:`detente.analysis.war.icb_check.icb_check`, seconds) under ``icb``."""
    from ..analysis.war.icb_check import icb_check
    from ..analysis.war.types_check import shipped_fit, types_check as check

    shipped = shipped_fit()
    doc = dict(shipped["check"]) if shipped.get("seed", WAR_HISTORY_SEED) == seed else check(seed=seed)
    return {**doc, "icb": icb_check(seed).to_dict("records")}


def run_war_history(request: WarHistoryRequest, store=None, progress: Optional[Callable[[int], None]] = None,
                    cancel: Optional[threading.Event] = None):
    """Run the war history of ``request`` (and the track record and the types check it asks for), then record
    the history (the data files' digests, the seed and the headline numbers) once everything succeeded.

    Returns ``(run_id, answer)``: a :class:`WarHistoryAnswer`; the run id is None without a store. Raises
    :class:`~detente.errors.ScenarioError` on a bad data file, ValueError when the track record or the types
    check cannot be made.
    """
    from ..analysis.war.history import WarHistoryInputs, war_history

    step = tracker(progress, cancel)
    files = {k: getattr(request, k) for k in ("cow", "majors", "icb1", "icb2")}
    inputs = WarHistoryInputs(**{k: v for k, v in files.items() if v is not None})
    answer = WarHistoryAnswer(war_history(inputs, seed=request.seed))
    step(1)
    if request.track_record:
        answer.track = track_record()
        step(1)
    if request.types_check:
        answer.types = types_check(request.seed)
        step(1)
    if store is None:
        return None, answer
    from ..store.provenance import file_digests

    with recording(store, "war-history", None, seed=request.seed, argv=request.argv, model="war",
                   parameters={"seed": request.seed}, inputs=file_digests(dataclasses.asdict(inputs))) as run_id:
        record_result(store, run_id, answer.history)
    return run_id, answer
