"""``detente rex FILE``: the exchange model over a grid of exponents and random draws, with the spread per issue.

A thin layer over :func:`detente.runs.run_rex`: it parses the options, loads the scenario once, runs the grid
with a progress bar (the run service records every run's forecasts in ``draws``, chunk by chunk, and the
spread per issue in ``summaries``) and prints the spread (table or JSON).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..runs.requests import ExchangeRate, RexRequest
from .options import Address, Backend, NoStore, StorePath, TableOrJson, Workers, argv, bad_input, execute, \
    execution, load_scenario, open_store, print_frame, recorded

__all__ = ["parse_exponents", "rex"]


def parse_exponents(text: str, option: str) -> list[float]:
    """``"0.5,1,2"`` -> ``[0.5, 1.0, 2.0]``; a clear error otherwise."""
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise ValueError(f"{option} {text!r}: expected comma-separated numbers, e.g. 0.5,1,2") from None
    if not values:
        raise ValueError(f"{option} {text!r}: give at least one number, e.g. 1")
    return values


def rex(
    file: Annotated[Path, typer.Argument(help="Scenario file in any supported format.")],
    variant: Annotated[ExchangeRate, typer.Option(help="Exchange rate: random between the break-even rates, "
                                                  "or equal gain.")] = ExchangeRate.random_rate,
    draws: Annotated[int, typer.Option(help="Seeded runs per grid point.", min=1)] = 20,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives identical numbers on any backend.")] = 0,
    power_exponents: Annotated[str, typer.Option("--power-exponents", help="Grid of capability exponents a "
                                                 "(weight c^a s^b), comma-separated.")] = "0.5,1,2",
    salience_exponents: Annotated[str, typer.Option("--salience-exponents", help="Grid of salience exponents b, "
                                                    "comma-separated.")] = "1",
    rounds: Annotated[int, typer.Option(help="Rounds per run.", min=0)] = 10,
    backend: Annotated[Backend, typer.Option(help="Where runs go: local processes or Ray.")] = Backend.local,
    workers: Workers = None,
    address: Address = None,
    output: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """REX: run the exchange model over a grid of power/salience exponents and seeded draws; spread per issue."""
    from ..runs import plan_rex, run_rex

    with bad_input():
        sc = load_scenario(file, None)
        request = RexRequest(scenario=sc, variant=variant.value,
                             power_exponents=tuple(parse_exponents(power_exponents, "--power-exponents")),
                             salience_exponents=tuple(parse_exponents(salience_exponents, "--salience-exponents")),
                             draws=draws, seed=seed, rounds=rounds, execution=execution(backend, workers, address),
                             argv=argv())
        n_runs = plan_rex(request)
        run_store = open_store(store, no_store)
        run_id, result = execute(run_rex, request, run_store, total=n_runs, label=f"rex: {n_runs:,} runs",
                                 models=["exchange"])
    if output is TableOrJson.json:
        print(json.dumps({**result.to_json(), "run_id": run_id}, indent=2))
    else:
        print_frame(result.summary(), f"{sc.name}: exchange model ({result.variant}), {result.n_runs:,} runs "
                                      f"({len(result.grid)} grid points x {draws} draws, seed {seed})")
    if run_id:
        recorded([run_id], run_store.path)
