"""``detente war``: did an actor miss an opportunity at a decision node of a war? (issue 6)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..cli import Backend, NoStore, StorePath, TableOrJson, Workers, _argv, _executor, _fail, _interruptible, \
    _load, _print_frame, _progress_bar, _recorded, _store, _stored, err, out
from .._compile import compile_note
from .._console import error
from ..errors import ScenarioError


class Refinement(str, Enum):
    """The node's equilibrium refinement (:data:`detente.models.war.signalling.REFINEMENTS`)."""

    D1 = "D1"
    intuitive = "intuitive"
    none = "none"


def war(
    file: Annotated[Path, typer.Argument(help="Scenario file with a war: section.")],
    draws: Annotated[int, typer.Option(help="Monte Carlo draws of the section's uncertain numbers; more draws "
                                       "narrow the intervals (on the shipped scenario a draw is about 2 s of CPU, "
                                       "6 s more on the --structural-draws; the default runs in about 2 minutes "
                                       "on 2 cores).",
                                       min=1)] = 20,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives identical numbers anywhere.")] = 0,
    output: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
    refinement: Annotated[Refinement, typer.Option(help="The node's equilibrium refinement: D1 (Cho & Kreps "
                                                       "1987), the Intuitive Criterion, or none.")] = Refinement.D1,
    structural_draws: Annotated[int, typer.Option("--structural-draws", min=0, help="Draws (the run's first) on "
                                                  "which the structural choices are tried; 0: none.")] = 20,
    channel_draws: Annotated[int, typer.Option("--channel-draws", min=0, help="Draws (the run's first) on which "
                                               "the missed opportunity is split by channel besides the nominal "
                                               "inputs (16 node solves each, ~4 s); 0: nominal only.")] = 5,
    backend: Annotated[Backend, typer.Option(help="Where draws run: local processes or Ray.")] = Backend.local,
    workers: Workers = None,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Missed opportunity per actor at the war's decision node, and settlement under each counterfactual."""
    from ..analysis.war.missed_opportunity import missed_opportunity
    from ..store import StoreBusyError, recording

    sc = _load(file, None)
    if sc.war is None:
        error(f"{file}: war: the scenario has no war: section (see docs/reference/scenario-format.md)")
        raise typer.Exit(2)
    run_store = _store(store, no_store)
    executor = None
    try:
        executor = _executor(backend, workers, None)
        compile_note(["war"])
        # a run that cannot finish is marked, never left "running": Ctrl-C "interrupted" (then exit 130), else "failed"
        with _interruptible(), recording(run_store, "war", sc, model="war", seed=seed,
                                         parameters={"refinement": refinement.value,
                                                     "structural_draws": structural_draws,
                                                     "channel_draws": channel_draws}, argv=_argv(),
                                         draws=draws) as run_id:
            with _progress_bar(draws, f"war: {draws:,} draws") as bar:
                task = bar.add_task("draws", total=draws)
                result = missed_opportunity(sc, draws=draws, seed=seed, executor=executor,
                                            progress=lambda n: bar.advance(task, n), refinement=refinement.value,
                                            structural_draws=structural_draws, channel_draws=channel_draws)
            if run_id:
                from ..runs.common import record_result  # pandas: only when a run is recorded

                _stored(record_result, run_store, run_id, result)
    except ScenarioError as exc:
        _fail(exc)
    except (KeyError, ValueError, TypeError, StoreBusyError) as exc:  # a busy store: the run could not start
        error(exc.args[0] if exc.args else exc)
        raise typer.Exit(2)
    finally:
        if executor is not None:  # the pool goes before the interpreter does (no 'Exception ignored' at exit)
            executor.close()
    doc = result.to_json()
    if output is TableOrJson.json:
        print(json.dumps(_finite({**doc, "run_id": run_id}), indent=2, default=_plain))
    else:
        _print(result, sc.name)
    if html is not None:
        from ..report.war import war_meta, write_war_report

        write_war_report(html, result, sc.name, war_meta(result, sc, run_id))
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        _recorded([run_id], run_store.path)


def _finite(value):
    """NaN (e.g. the terms when no settlement happens) as JSON null."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    return value


def _plain(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _print(result, name: str) -> None:
    from ..report.war import counterfactual_frame, evidence_frame, levers_frame, moves_frame, structural_frame, \
        summary_frame

    _print_frame(summary_frame(result), f"{name}: missed opportunity at {result.spec.node} ({result.draws:,} "
                 f"draws, seed {result.seed}, refinement {result.refinement}); mean and 90% interval under the "
                 f"analyst's beliefs, P(observed move optimal), and under the actor's own beliefs")
    _print_frame(counterfactual_frame(result), "settlement probability and terms per counterfactual")
    _print_frame(moves_frame(result), f"each of {result.spec.a}'s moves: value, settlement probability and terms")
    levers = levers_frame(result)
    if len(levers):
        _print_frame(levers, "P(each third-party lever is applied) after each move (the third parties' "
                     "equilibrium response)")
    structural = structural_frame(result)
    if len(structural):
        _print_frame(structural, "structural choices, each tried alone: missed opportunity (analyst's beliefs) "
                     "under each value")
    from ..report.war_channels import channels_frame, rejection_frame

    channels = channels_frame(result)
    if len(channels):
        _print_frame(channels, "the missed opportunity by channel: exact Shapley split at the nominal inputs (rows "
                     "add up to the total), mean and 90% interval over the run's first draws")
    rejected = rejection_frame(result)
    if len(rejected):
        _print_frame(rejected, "draws inconsistent with the history before the node (a side capitulates at once), "
                     "redrawn from their own seed")
    record = evidence_frame(result)
    if len(record):
        _print_frame(record, "the model beside the record (DeepStateMap, deepstatemap.live): the front before the "
                     "node, and what followed it")
    joint = result.joint_summary()
    if joint:
        out.print(f"joint missed opportunity of {result.spec.a} and {result.spec.b} (what the war costs both from "
                  f"the node, where a self-enforcing bargaining range existed): {joint['value']:.3g} of the stake "
                  f"(90% interval {joint['low']:.3g} to {joint['high']:.3g}); P(range) = {joint['p_range']:.3g}",
                  highlight=False)
    be = result.break_even
    if be:
        if be.get("hazard") is None:
            out.print(f"break-even: {be['actor']}'s missed opportunity keeps its sign for any monthly hazard of "
                      f"withdrawal of US support in [0, 0.5] (at 0: {be['missed_at_0']:.3g}, at 0.5: "
                      f"{be['missed_at_0.5']:.3g})", highlight=False)
        else:
            out.print(f"break-even: {be['actor']}'s missed opportunity vanishes at a withdrawal hazard of "
                      f"{be['hazard']:.3g} a round (P(withdrawal within {be['rounds']}) = {be['p_within']:.3g})",
                      highlight=False)
