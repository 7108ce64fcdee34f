"""``detente war-history``: the war model checked against the COW wars and the ICB crises.

A thin layer over :func:`detente.runs.run_war_history`: it reads the options, calls the run service (which runs
the history, the track record and the types check asked for, and records the run), prints the calibration
tables (or JSON) and writes the HTML report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import err, error, line, out, styled
from ..errors import ScenarioError
from ..runs.requests import WAR_HISTORY_SEED, WarHistoryRequest
from .options import NoStore, StorePath, TableOrJson, argv, fail, failed, open_store, recorded

__all__ = ["war_history"]

DataFile = Annotated[Optional[Path], typer.Option(help="Use this file instead of the shipped copy.",
                                                  show_default=False)]


def war_history(
    output: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the cross-validation folds, the PIT and the bootstrap.")]
    = WAR_HISTORY_SEED,
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
    from ..runs import run_war_history
    from ..store import StoreBusyError

    request = WarHistoryRequest(cow=cow, majors=majors, icb1=icb1, icb2=icb2, seed=seed, track_record=track_record,
                                types_check=types_check, argv=argv())
    run_store = open_store(store, no_store)
    try:
        run_id, answer = run_war_history(request, run_store)
    except ScenarioError as exc:
        fail(exc)
    except (ValueError, StoreBusyError) as exc:  # the track record cannot be made; a busy store
        failed(exc)
    if output is TableOrJson.json:
        print(json.dumps({**answer.to_json(), "run_id": run_id}, indent=2, default=str))
    else:
        _print(answer.history)
        if answer.track:
            _print_track(answer.track)
        if answer.types:
            _print_types(answer.types)
    if html is not None:
        from ..report.war_history import war_history_parts, write_war_history_report

        try:
            write_war_history_report(html, answer.history, parts=war_history_parts(answer.history, answer.track,
                                                                                   answer.types))
        except OSError as exc:
            error(f"{html}: cannot write the report: {exc.strerror or exc}")
            raise typer.Exit(2)
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        recorded([run_id], run_store.path)


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
