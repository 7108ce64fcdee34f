"""``detente war FILE``: did an actor miss an opportunity at a decision node of a war?

A thin layer over :func:`detente.runs.run_war`: it parses the options, loads the scenario once, runs the war
answer with a progress bar (the run service checks the scenario's ``war:`` section and records the run) and
prints the answer (tables or JSON) and the HTML report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import err, out
from ..runs.requests import WAR_DEFAULTS, Refinement, WarRequest
from .options import Address, Backend, NoStore, StorePath, TableOrJson, Workers, argv, bad_input, execute, execution, \
    load_scenario, open_store, print_frame, recorded

__all__ = ["war"]


def war(
    file: Annotated[Path, typer.Argument(help="Scenario file with a war: section.")],
    draws: Annotated[int, typer.Option(help="Monte Carlo draws of the section's uncertain numbers; more draws "
                                       "narrow the intervals (on the shipped scenario a draw is about 2.5 s of CPU, "
                                       "its redraws included, 7 s more on the --structural-draws; the default "
                                       "runs in about 2 minutes on 2 cores).",
                                       min=1)] = WAR_DEFAULTS["draws"],
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives identical numbers anywhere.")] = 0,
    output: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
    refinement: Annotated[Refinement, typer.Option(help="The node's equilibrium refinement: D1 (Cho & Kreps "
                                                       "1987), the Intuitive Criterion, or none.")]
    = Refinement(WAR_DEFAULTS["refinement"]),
    structural_draws: Annotated[int, typer.Option("--structural-draws", min=0, help="Draws (the run's first) on "
                                                  "which the structural choices are tried; 0: none.")]
    = WAR_DEFAULTS["structural_draws"],
    channel_draws: Annotated[int, typer.Option("--channel-draws", min=0, help="Draws (the run's first) on which "
                                               "the missed opportunity is split by channel besides the nominal "
                                               "inputs (16 node solves each, ~4 s); 0: nominal only.")]
    = WAR_DEFAULTS["channel_draws"],
    backend: Annotated[Backend, typer.Option(help="Where draws run: local processes or Ray.")] = Backend.local,
    workers: Workers = None,
    address: Address = None,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Missed opportunity per actor at the war's decision node, and settlement under each counterfactual."""
    from ..runs import plan_war, run_war

    sc = load_scenario(file, None)
    request = WarRequest(scenario=sc, source=str(file), draws=draws, seed=seed, refinement=refinement.value,
                         structural_draws=structural_draws, channel_draws=channel_draws,
                         execution=execution(backend, workers, address), argv=argv())
    with bad_input():
        total = plan_war(request)  # no war: section -> exit 2 before the store is opened
        run_store = open_store(store, no_store)
        # a run that cannot finish is marked, never left "running": Ctrl-C "interrupted" (then exit 130), else "failed"
        run_id, result = execute(run_war, request, run_store, total=total, label=f"war: {total:,} draws",
                                 models=["war"])
    if output is TableOrJson.json:
        print(json.dumps(_finite({**result.to_json(), "run_id": run_id}), indent=2, default=_plain))
    else:
        _print(result, sc.name)
    if html is not None:
        from ..report.war import war_meta, write_war_report

        write_war_report(html, result, sc.name, war_meta(result, sc, run_id))
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        recorded([run_id], run_store.path)


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

    print_frame(summary_frame(result), f"{name}: missed opportunity at {result.spec.node} ({result.draws:,} "
                 f"draws, seed {result.seed}, refinement {result.refinement}); mean and 90% interval under the "
                 f"analyst's beliefs, P(observed move optimal), and under the actor's own beliefs")
    print_frame(counterfactual_frame(result), "settlement probability and terms per counterfactual")
    print_frame(moves_frame(result), f"each of {result.spec.a}'s moves: value, settlement probability and terms")
    levers = levers_frame(result)
    if len(levers):
        print_frame(levers, "P(each third-party lever is applied) after each move (the third parties' "
                     "equilibrium response)")
    structural = structural_frame(result)
    if len(structural):
        print_frame(structural, "structural choices, each tried alone: missed opportunity (analyst's beliefs) "
                     "under each value")
    from ..report.war_channels import channels_frame, rejection_frame

    channels = channels_frame(result)
    if len(channels):
        print_frame(channels, "the missed opportunity by channel: exact Shapley split at the nominal inputs (rows "
                     "add up to the total), mean and 90% interval over the run's first draws")
    rejected = rejection_frame(result)
    if len(rejected):
        print_frame(rejected, "draws inconsistent with the history before the node (a side capitulates at once), "
                     "redrawn from their own seed")
    record = evidence_frame(result)
    if len(record):
        print_frame(record, "the model beside the record (DeepStateMap, deepstatemap.live): the front before the "
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
