"""``detente war-history``: the war model checked against the COW wars and the ICB crises.

A thin layer over :func:`detente.analysis.war.history.war_history`: it reads
the options, prints the calibration tables (or JSON), writes the HTML report
and records the run in the run store (:func:`detente.runs.common.record_result`).
The run has no scenario: its provenance is the four data files' sha256
(:func:`detente.store.file_digests`), the seed and the package version; its
``summaries`` are the headline numbers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import error, line, styled
from ..cli import TableOrJson, NoStore, StorePath, _argv, _fail, _recorded, _store, _stored, err, out
from ..errors import ScenarioError

DataFile = Annotated[Optional[Path], typer.Option(help="Use this file instead of the shipped copy.",
                                                  show_default=False)]


def war_history(
    output: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the cross-validation folds, the PIT and the bootstrap.")] = 2026,
    cow: DataFile = None,
    majors: DataFile = None,
    icb1: DataFile = None,
    icb2: DataFile = None,
    track_record: Annotated[bool, typer.Option("--track-record/--no-track-record", help="Also solve the shipped "
                                               "war scenarios at their past nodes (istanbul_2022, kaesong_1951, "
                                               "istanbul_2025) and print their forecasts beside what happened "
                                               "(a node solve each, seconds).")] = True,
    types_check: Annotated[bool, typer.Option("--types-check/--no-types-check", help="Also fit the two-type war "
                                              "game to COW durations and score it out of sample beside the "
                                              "baselines (analysis/war/types_check.py; minutes of game solves).")
                           ] = False,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Check the war model against history: war durations and who prevails (COW v4.0), crisis outcomes (ICB v14)."""
    from ..analysis.war.history import WarHistoryInputs, war_history as run

    given = {k: v for k, v in {"cow": cow, "majors": majors, "icb1": icb1, "icb2": icb2}.items() if v is not None}
    inputs = WarHistoryInputs(**given)
    try:
        result = run(inputs, seed=seed)
    except ScenarioError as exc:
        _fail(exc)
    track = _track_record() if track_record else None
    types = _types_check(seed) if types_check else None
    run_store = _store(store, no_store)
    run_id = _record(run_store, inputs, seed, result)
    if output is TableOrJson.json:
        doc = {**result.to_dict(), "run_id": run_id}
        if track is not None:
            from ..analysis.war.track_record import mean_brier

            doc["track_record"] = {"cases": track, "mean_brier": mean_brier(track)}
        if types is not None:
            doc["types_check"] = types
        print(json.dumps(doc, indent=2, default=str))
    else:
        _print(result)
        if track:
            _print_track(track)
        if types:
            _print_types(types)
    if html is not None:
        from ..report.war_history import war_history_parts, write_war_history_report

        try:
            write_war_history_report(html, result, parts=war_history_parts(result, track, types))
        except OSError as exc:
            error(f"{html}: cannot write the report: {exc.strerror or exc}")
            raise typer.Exit(2)
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        _recorded([run_id], run_store.path)


def _track_record() -> list[dict]:
    """:func:`detente.analysis.war.track_record.track_record_table` (the shipped historical war scenarios)."""
    from ..analysis.war.track_record import track_record_table

    try:
        return track_record_table()
    except (ScenarioError, ValueError) as exc:
        error(f"track record: {exc}")
        raise typer.Exit(2)


def _types_check(seed: int) -> dict:
    """Helper B2's :func:`detente.analysis.war.types_check.types_check` with war-history's seed: the committed fit
    (``types_check.shipped_fit``, written with seed 2026 by scripts/fit_war_types.py) at that seed, else a refit
    (minutes); with the ICB check (:func:`detente.analysis.war.icb_check.icb_check`, seconds) under ``icb``."""
    try:
        from ..analysis.war.icb_check import icb_check
        from ..analysis.war.types_check import shipped_fit, types_check
    except ImportError:
        error("--types-check: this build has no detente.analysis.war.types_check")
        raise typer.Exit(2)
    shipped = shipped_fit()
    doc = dict(shipped["check"]) if shipped.get("seed", 2026) == seed else types_check(seed=seed)
    return {**doc, "icb": icb_check(seed).to_dict("records")}


def _print_types(types: dict) -> None:
    from ..report.war_history import types_check_frames

    for caption, frame in types_check_frames(types):
        _table(caption, frame)


def _table(caption: str, frame) -> None:
    from rich.table import Table

    table = Table(title=caption, title_justify="left")
    for column in frame.columns:
        table.add_column(str(column), justify="right" if frame[column].dtype.kind in "if" else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*("" if v is None or v != v else f"{v:.3g}" if isinstance(v, float) else str(v) for v in row))
    out.print(table)


def _print_track(track: list[dict]) -> None:
    from rich.table import Table

    from ..analysis.war.track_record import mean_brier, track_record_frame

    b = mean_brier(track)
    frame = track_record_frame(track)
    table = Table(title=f"Track record at past nodes: the war answer's forecast (nominal inputs, data up to the node) "
                        f"beside what happened and the COW baseline conditioned on age; mean Brier: model "
                        f"{b['model']:.3f}, baseline {b['baseline']:.3f} ({b['cases']} cases)", title_justify="left")
    for column in frame.columns:
        table.add_column(str(column), justify="right" if frame[column].dtype.kind in "if" else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*("" if v is None or v != v else f"{v:.3g}" if isinstance(v, float) else str(v) for v in row))
    out.print(table)


def _record(run_store, inputs, seed: int, result) -> str | None:
    """Store the finished run (the data files' digests, the seed and the headline numbers); its id, or None with
    --no-store."""
    if run_store is None:
        return None
    import dataclasses

    from ..runs.common import record_result
    from ..store.provenance import file_digests

    def record() -> str:
        digests = file_digests(dataclasses.asdict(inputs))
        with run_store.recording("war-history", None, model="war", parameters={"seed": seed}, seed=seed,
                                 argv=list(_argv()), inputs=digests) as run_id:
            record_result(run_store, run_id, result)
        return run_id

    return _stored(record)


def _print(result) -> None:
    from rich.table import Table

    s = result.summary
    out.print(line(styled("War durations", "bold"), f" ({s['wars']} COW wars, 5-fold cross-validation): front "
              f"{s['duration_length']} steps, settlement hazard {s['duration_hazard']:.3f} a month; out-of-sample "
              f"PIT vs uniform: KS {s['duration_ks_statistic']:.3f}, p = {s['duration_ks_pvalue']:.4f}; log score "
              f"{s['duration_log_score']:.3f} (hazard only: {s['geometric_log_score']:.3f})"))
    out.print(line(styled("In time", "bold"), f" (fitted on {s['temporal_train_wars']} wars begun before "
              f"{s['temporal_split_year']}, scored on {s['temporal_test_wars']}): log score "
              f"{s['temporal_model_log_score']:.3f}, KS p = {s['temporal_model_ks_pvalue']:.3f}; two kinds of war "
              f"{s['temporal_mixture_log_score']:.3f}, KS p = {s['temporal_mixture_ks_pvalue']:.3f}"))
    out.print(line(styled("Who prevails", "bold"), f" ({s['decided_wars']} decided wars, initiator's side won "
              f"{s['initiator_wins']}): Brier {s['brier_model']:.3f} vs base rate {s['brier_base_rate']:.3f} "
              f"(difference 90% interval {s['brier_difference_low']:+.3f} to {s['brier_difference_high']:+.3f}); "
              f"P(settled before decided) {s['settlement_probability']:.3f} vs COW draws "
              f"{s['draw_share']:.3f} [{s['draw_share_low']:.3f}, {s['draw_share_high']:.3f}]"))
    for caption, frame in result.tables().items():
        table = Table(title=caption, title_justify="left")
        for column in frame.columns:
            table.add_column(str(column), justify="right" if frame[column].dtype.kind in "if" else "left")
        for row in frame.itertuples(index=False):
            table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
        out.print(table)
