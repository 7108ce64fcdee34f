"""``detente compare FILE``: baseline vs shocked scenario on the same random draws, the shock's effect per issue.

Parses the shock (``--shock FILE``, ``--set``, ``--drop``, ``--add-actor``), loads the scenario once, calls
:func:`detente.runs.run_compare` with a progress bar and prints the effect with its 90% interval.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import write_data
from ..runs.requests import CompareRequest
from .options import Address, Backend, NoStore, OutputFormat, Params, StorePath, Workers, argv, bad_input, execute, \
    execution, load_scenario, open_store, parse_params, print_frame, recorded

__all__ = ["compare"]


def compare(
    file: Annotated[Path, typer.Argument(help="Baseline scenario file.")],
    shock: Annotated[Optional[Path], typer.Option("--shock", help="Shock file (YAML: set, drop, add_actors).")] = None,
    sets: Annotated[list[str], typer.Option("--set", metavar="PATH=V", help="PATH=V, PATH*=F or PATH+=D, e.g. Russia.capability*=0.5.")] = [],
    drops: Annotated[list[str], typer.Option("--drop", metavar="ACTOR", help="Actor to remove (repeatable).")] = [],
    adds: Annotated[list[str], typer.Option("--add-actor", metavar="SPEC", help="NAME,capability=C,ISSUE=POSITION@SALIENCE,...")] = [],
    model: Annotated[str, typer.Option("--model", "-m", help="Model name.")] = "eum",
    draws: Annotated[int, typer.Option(help="Common random draws.", min=1)] = 1000,
    seed: Annotated[int, typer.Option(help="Seed.")] = 0,
    backend: Annotated[Backend, typer.Option(help="Where draws run.")] = Backend.local,
    workers: Workers = None,
    address: Address = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    param: Params = [],
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Baseline vs shocked scenario on the same random draws: the shock's effect with its 90% interval."""
    from ..analysis.shocks import Shock, load_shock, parse_new_actor
    from ..runs import plan_compare, run_compare

    sc = load_scenario(file, None)
    with bad_input():
        base = load_shock(shock) if shock else Shock(name="command line")
        extra = Shock(name=base.name, set=base.set + sets, drop=base.drop + drops,
                      add_actors=base.add_actors + [parse_new_actor(a) for a in adds])
        if not (extra.set or extra.drop or extra.add_actors):
            raise ValueError("no shock given: use --shock FILE, --set, --drop or --add-actor")
        request = CompareRequest(scenario=sc, shock=extra, model=model, params=parse_params(param), draws=draws,
                                 seed=seed, execution=execution(backend, workers, address), argv=argv())
        plan_compare(request)
        run_store = open_store(store, no_store)
        run_id, result = execute(run_compare, request, run_store, total=draws,
                                 label=f"{model}: {draws:,} paired draws", models=[model])
    if output is OutputFormat.json:
        print(json.dumps(result.to_json(), indent=2))
    elif output is OutputFormat.csv:
        write_data(result.summary().to_csv(index=False))
    else:
        print_frame(result.summary(), f"{sc.name}: effect of shock {extra.name!r} ({model}, {draws:,} draws)")
    if run_id:
        recorded([run_id], run_store.path)
