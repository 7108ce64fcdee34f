"""``detente sensitivity FILE``: which actors' positions, saliences and capabilities drive each issue's outcome.

Loads the scenario once, calls :func:`detente.runs.run_sensitivity` (Sobol' or Morris, SALib) with a progress
bar and prints the top factors per issue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import err, write_data
from ..runs.requests import Method, SensitivityRequest
from .options import Address, Backend, NoStore, OutputFormat, Params, StorePath, Workers, argv, bad_input, execute, \
    execution, load_scenario, open_store, parse_params, print_frame, recorded

__all__ = ["sensitivity"]


def sensitivity(
    file: Annotated[Path, typer.Argument(help="Scenario file.")],
    model: Annotated[str, typer.Option("--model", "-m", help="Model name.")] = "eum",
    method: Annotated[Method, typer.Option(help="Sobol' indices or Morris screening (SALib).")] = Method.sobol,
    n: Annotated[int, typer.Option("-n", help="Base sample size (runs: n(d+2) Sobol', n(d+1) Morris).", min=4)] = 128,
    seed: Annotated[int, typer.Option(help="Seed.")] = 0,
    top: Annotated[int, typer.Option(help="Factors shown per issue.", min=1)] = 10,
    backend: Annotated[Backend, typer.Option(help="Where runs go.")] = Backend.local,
    workers: Workers = None,
    address: Address = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write an HTML report with bar charts.")] = None,
    param: Params = [],
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Which actors' positions, saliences and capabilities drive each issue's outcome."""
    from ..runs import plan_sensitivity, run_sensitivity

    sc = load_scenario(file, None)
    request = SensitivityRequest(scenario=sc, model=model, params=parse_params(param), method=method.value, n=n,
                                 seed=seed, execution=execution(backend, workers, address), argv=argv())
    with bad_input():
        runs = plan_sensitivity(request)
        run_store = open_store(store, no_store)
        run_id, result = execute(run_sensitivity, request, run_store, total=runs,
                                 label=f"{model}: {method.value}, {runs:,} runs", models=[model])
    if output is OutputFormat.json:
        print(json.dumps(result.to_json(), indent=2))
    elif output is OutputFormat.csv:
        write_data(result.indices.to_csv(index=False))
    else:
        for issue in sc.issue_names:
            print_frame(result.top(issue, top), f"{sc.name}, {issue}: {method.value} indices ({model})")
    if html is not None:
        from ..report.reports import sensitivity_report

        sensitivity_report(html, result, sc.name, sc.issue_names, top)
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        recorded([run_id], run_store.path)
