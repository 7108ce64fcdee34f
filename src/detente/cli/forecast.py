"""``detente forecast FILE``: each issue of a scenario forecast by one model or all of them.

Parses the options, loads the scenario once, calls :func:`detente.runs.run_forecast` (which records
one run per model) and prints the forecasts (table, JSON or CSV), the positions by round with
``--history``, and what a model assumes about a scenario it was not made for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .._compile import compile_note
from .._console import note, number, out, styled, write_data
from .. import models as registry
from ..errors import CostError
from ..runs.requests import ForecastRequest
from ..scenario import Scenario
from .options import NoStore, OutputFormat, Params, StorePath, argv, failed, load_scenario, open_store, \
    parse_params, recorded, stored

__all__ = ["forecast"]


def forecast(
    file: Annotated[Path, typer.Argument(help="Scenario file in any supported format.")],
    model: Annotated[str, typer.Option("--model", "-m", help="Model name (see `detente models`) or 'all'.")] = "eum",
    rounds: Annotated[Optional[int], typer.Option(help="Rounds for iterative models.", min=0)] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    history: Annotated[bool, typer.Option("--history", help="Show positions round by round.")] = False,
    seed: Annotated[int, typer.Option(help="Seed for stochastic models: the same seed gives the same "
                                           "forecast on every run.")] = 0,
    variant: Annotated[Optional[str], typer.Option(help="Model variant, for models that have them "
                                                   "(exchange: equal-gain or random-rate).")] = None,
    param: Params = [],
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="Input format (detected if omitted).")] = None,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Forecast each issue of a scenario with one model or all of them (each recorded in the run store)."""
    from ..runs import plan_forecast, run_forecast

    sc = load_scenario(file, input_format)
    names = list(registry.available()) if model == "all" else [model]
    request = ForecastRequest(scenario=sc, models=tuple(names), params=parse_params(param), rounds=rounds,
                              variant=variant, seed=seed, argv=argv(), variant_option="--variant")
    try:
        plan_forecast(request)
    except (KeyError, ValueError, TypeError) as exc:
        failed(exc)
    compile_note(names)
    run_store = open_store(store, no_store)
    try:
        ids, forecasts = stored(run_forecast, request, run_store)
    except CostError as exc:  # a run of hours refused with its reason and cost
        failed(exc)
    if output is OutputFormat.json:
        docs = [f.to_json(history=True) for f in forecasts]
        print(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2))
    elif output is OutputFormat.csv:
        frame = (_history_frame(forecasts) if history else _summary_frame(forecasts))
        write_data(frame.to_csv(index=False))
    else:
        _print_table(sc, forecasts)
        if history:
            for f in forecasts:
                _print_history(f)
    _caveats(sc, names)
    if ids:
        recorded(ids, run_store.path)


def _caveats(sc: Scenario, names) -> None:
    """What a model assumes about a scenario it was not made for (e.g. the EU models on a non-EU scenario)."""
    said: dict[str, list[str]] = {}
    for name in names:
        cls = registry.available().get(name)
        text = cls.caveat(sc) if cls is not None else None
        if text:
            said.setdefault(text, []).append(name)
    for text, models in said.items():
        note(f"{', '.join(models)}: {text}")


def _summary_frame(forecasts):
    import pandas as pd
    return pd.concat([f.summary() for f in forecasts], ignore_index=True)


def _history_frame(forecasts):
    import pandas as pd
    return pd.concat([f.to_frame() for f in forecasts], ignore_index=True)


def _print_table(sc: Scenario, forecasts) -> None:
    table = Table(title=f"{sc.name}: forecast per issue", title_justify="left")
    table.add_column("issue")
    table.add_column("scale", justify="right")
    for f in forecasts:
        table.add_column(f.model, justify="right")
    has_outcome = any(i.outcome is not None for i in sc.issues)
    if has_outcome:
        table.add_column("observed", justify="right")
    for issue in sc.issues:
        row = [issue.name, f"{number(issue.lower)}-{number(issue.upper)}"]
        row += [number(f[issue.name].forecast) for f in forecasts]
        if has_outcome:
            row.append(number(issue.outcome))
        table.add_row(*row)
    out.print(table)


def _print_exchanges(fc, limit: int = 40) -> None:
    """The exchanges an exchange-model forecast executed, round by round (first ``limit``)."""
    seen = {}
    for f in fc.issues:
        for e in f.details.get("exchanges", []):
            seen[(e["round"], e["order"])] = e
    if not seen:
        return
    table = Table(title=f"{fc.model}: exchanges executed ({len(seen)}; first {min(limit, len(seen))} shown)",
                  title_justify="left")
    for col in ("round", "#", "actor", "moves on", "from", "to", "partner", "moves on ", "from ", "to ", "gain"):
        table.add_column(col, justify="right" if col.strip() in ("round", "#", "from", "to", "gain") else "left")
    for (t, k), e in sorted(seen.items())[:limit]:
        i, j = e["i"], e["j"]
        table.add_row(str(t), str(k + 1), i["actor"], i["supply"], number(i["from"]), number(i["to"]), j["actor"],
                      j["supply"], number(j["from"]), number(j["to"]), number(e["gain"]))
    out.print(table)


def _print_history(fc) -> None:
    _print_exchanges(fc)
    for f in fc.issues:
        table = Table(title=f"{fc.model}: {f.issue}, positions by round", title_justify="left")
        table.add_column("actor")
        for t in range(f.positions.shape[0]):
            table.add_column(str(t), justify="right")
        for k, actor in enumerate(f.actors):
            table.add_row(actor, *[number(v) for v in f.positions[:, k]])
        for name, series in f.series.items():
            table.add_row(styled(name, "bold"), *[number(v) for v in series])
        out.print(table)
