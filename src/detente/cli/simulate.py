"""``detente simulate FILE``: Monte Carlo over the scenario's distributions, with ``--resume`` for a stopped run.

Parses the options, loads the scenario once (or takes the stopped run's, :func:`detente.runs.resume_request`),
calls :func:`detente.runs.run_simulate` with a progress bar and prints the summary per issue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import err, note, write_data
from ..runs.requests import SimulateRequest
from ..scenario import Scenario
from .options import Address, Backend, NoStore, OutputFormat, Params, StorePath, Workers, argv, bad_input, execute, \
    execution, load_scenario, open_store, parse_params, print_frame, recorded, stored

__all__ = ["simulate"]


def simulate(
    file: Annotated[Optional[Path], typer.Argument(help="Scenario file; numbers given as distributions are drawn. "
                                                   "Not needed with --resume.")] = None,
    model: Annotated[str, typer.Option("--model", "-m", help="Model name (see `detente models`).")] = "eum",
    draws: Annotated[int, typer.Option(help="Number of input sets to draw.", min=1)] = 1000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives identical numbers anywhere.")] = 0,
    rounds: Annotated[Optional[int], typer.Option(help="Rounds for iterative models.", min=0)] = None,
    ranges: Annotated[list[str], typer.Option("--range", metavar="ISSUE:LOW-HIGH", help="ISSUE:LOW-HIGH; report P(outcome in range).")] = [],
    backend: Annotated[Backend, typer.Option(help="Where draws run: local processes or Ray.")] = Backend.local,
    workers: Workers = None,
    address: Address = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
    param: Params = [],
    resume: Annotated[Optional[str], typer.Option("--resume", help="Finish an interrupted run (id or prefix) "
                                                  "with its stored scenario, model, seed and draws.")] = None,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Monte Carlo: draw input sets from the scenario's distributions and summarise the outcomes."""
    from ..analysis.simulate import Range
    from ..runs import plan_simulate, resume_request, run_simulate

    run_store = open_store(store, no_store)
    with bad_input():
        where = execution(backend, workers, address)
        if resume:
            if run_store is None:
                raise ValueError("--resume needs the run store (drop --no-store)")
            request = stored(resume_request, run_store, resume, where)
            done = sum(b - a for a, b in request.resume.done)
            err.print(f"resuming run {request.resume.run_id}: {done:,} of {request.draws:,} draws already done",
                      highlight=False)
        else:
            if file is None:
                raise ValueError("give a scenario FILE (or --resume ID)")
            sc = load_scenario(file, None)
            [Range.parse(r) for r in ranges]
            request = SimulateRequest(scenario=sc, model=model, params=parse_params(param), rounds=rounds,
                                      draws=draws, seed=seed, ranges=tuple(ranges), execution=where, argv=argv())
        todo = plan_simulate(request)
        _no_uncertainty_note(request.scenario, request.draws)
        run_id, sim = execute(run_simulate, request, run_store, total=todo,
                              label=f"{request.model}: {todo:,} draws", models=[request.model])
    sc = request.scenario
    if output is OutputFormat.json:
        print(json.dumps({**sim.to_json(), "run_id": run_id}, indent=2))
    elif output is OutputFormat.csv:
        write_data(sim.summary().to_csv(index=False))
    else:
        print_frame(sim.summary(), f"{sc.name}: {request.model} over {sim.n_draws:,} draws (seed {request.seed}), "
                                   f"{len(sim.inputs)} uncertain inputs")
    if html is not None:
        from ..report.reports import simulation_report

        simulation_report(html, sim, run_id)  # the web app's report of the same run is this file
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        recorded([run_id], run_store.path)


def _no_uncertainty_note(sc: Scenario, draws: int) -> None:
    """A Monte Carlo of a scenario with no distribution in it draws the same inputs every time: say so."""
    from ..analysis.draws import uncertain_inputs

    if draws > 1 and not uncertain_inputs(sc):
        note(f"{sc.name!r} has no uncertain inputs, so all {draws:,} draws are the same scenario and the "
             "outcome has no spread; give the numbers you are unsure of as ranges, e.g. capability: "
             "{low: 0.6, high: 0.9} or position: {mean: 80, sd: 10} (docs/how-to/monte-carlo.md)")
