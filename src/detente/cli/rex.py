"""``detente rex FILE``: the exchange model over a grid of exponents and random draws, with the spread per issue.

A thin layer over :func:`detente.analysis.rex.run`: it parses the options, runs the grid through
the chosen executor with a progress bar, records the run in the run store (every run's forecasts
in ``draws``, the spread per issue in ``summaries``) and prints the spread (table or JSON).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .._compile import compile_note
from .._console import error
from ..cli import Address, Backend, NoStore, StorePath, TableOrJson, Workers, _fail, _load, _recorded, _store
from ..errors import ScenarioError


class Variant(str, Enum):
    random_rate = "random-rate"
    equal_gain = "equal-gain"


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
    variant: Annotated[Variant, typer.Option(help="Exchange rate: random between the break-even rates, "
                                             "or equal gain.")] = Variant.random_rate,
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
    from ..cli import _executor, _print_frame
    from ..store import StoreBusyError

    try:
        sc = _load(file, None)
        grid = {"power_exponents": parse_exponents(power_exponents, "--power-exponents"),
                "salience_exponents": parse_exponents(salience_exponents, "--salience-exponents")}
        executor = _executor(backend, workers, address)
        compile_note(["exchange"])
        result, run_id, where = _run(sc, variant.value, grid, draws, seed, rounds, executor, store, no_store)
    except ScenarioError as exc:
        _fail(exc)
    except (KeyError, ValueError, TypeError, StoreBusyError) as exc:  # a busy store: the run could not start
        error(exc.args[0] if exc.args else exc)
        raise typer.Exit(2)
    if output is TableOrJson.json:
        print(json.dumps({**result.to_json(), "run_id": run_id}, indent=2))
    else:
        _print_frame(result.summary(), f"{sc.name}: exchange model ({result.variant}), {result.n_runs:,} runs "
                                       f"({len(result.grid)} grid points x {draws} draws, seed {seed})")
    if run_id:
        _recorded([run_id], where)


def _run(sc, variant, grid, draws, seed, rounds, executor, store, no_store):
    """Run REX with a progress bar, recording it (chunk by chunk) unless ``no_store``; the run's id and store."""
    from ..analysis import rex as analysis
    from ..cli import _argv, _interruptible, _progress_bar, _stored
    from ..store import recording
    from ..store.rows import rex_rows, summary_rows

    n_runs = len(analysis.parameter_grid(**grid)) * draws
    run_store = _store(store, no_store)
    run = {"model": "exchange", "parameters": {"variant": variant, "rounds": rounds, **grid}, "seed": seed,
           "argv": _argv(), "draws": n_runs, "extra": {"draws_per_point": draws, **grid}}
    try:  # Ctrl-C: the recording marks the run "interrupted", then _interruptible exits 130
        with _interruptible(), recording(run_store, "rex", sc, **run) as run_id:
            def record(rows, chunk):
                _stored(run_store.add_results, run_id, {"draws": rex_rows(rows)}, chunk=chunk)

            with _progress_bar(n_runs, f"rex: {n_runs:,} runs") as bar:
                task = bar.add_task("runs", total=n_runs)
                result = analysis.run(sc, variant=variant, draws=draws, seed=seed, rounds=rounds, executor=executor,
                                      on_result=record if run_id else None, progress=lambda n: bar.advance(task, n),
                                      **grid)
            if run_id:
                _stored(run_store.finish_run, run_id, "done", {"summaries": summary_rows(result.summary())})
    finally:
        executor.close()
    return result, run_id, getattr(run_store, "path", None)
