"""The ``detente`` command: a thin layer over the Python API.

Each command parses its arguments, calls the same functions a Python user
would (:func:`detente.load`, :func:`detente.models.get`, ...), and prints.
Bad input is reported as one line per problem on stderr with exit status 2,
never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import contextlib
import typer
from rich.table import Table

from .. import __version__
from .._compile import compile_note
from .._console import err, error, line, note, number, out, styled, write_data
from .._help import tidy_help
from .. import io as dio
from .. import models as registry
from ..errors import CostError, ScenarioError
from ..models import build_model
from ..scenario import Scenario

app = typer.Typer(
    name="detente",
    help="Forecast and stress-test multi-party negotiations with established models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
tidy_help()  # flags without "<bool>", arguments as FILE in the usage line

from .runs import runs_app  # noqa: E402

app.add_typer(runs_app, name="runs")

StorePath = Annotated[Optional[Path], typer.Option("--store", help="Run store file (default: $DETENTE_STORE or "
                                                   "~/.local/share/detente/runs.duckdb).")]
NoStore = Annotated[bool, typer.Option("--no-store", help="Do not record this run.")]
Workers = Annotated[Optional[int], typer.Option(help="Worker processes (default: all cores).", min=1)]
Address = Annotated[Optional[str], typer.Option(help="Ray cluster address to join (default: start a local Ray).")]
Params = Annotated[list[str], typer.Option("--param", "-p", metavar="KEY=VALUE", help="Model parameter KEY=VALUE (repeatable).")]


def _store(path: Optional[Path], disabled: bool):
    """The run store, or None with --no-store."""
    if disabled:
        return None
    from ..store import Store

    return Store(path)


def _argv() -> list[str]:
    return ["detente", *sys.argv[1:]]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class TableOrJson(str, Enum):
    """``--format`` of the commands whose results are not one table per issue (war, backtest, rex, ...)."""
    table = "table"
    json = "json"


def _fail(exc: ScenarioError) -> None:
    for problem in exc.problems:
        error(problem)
    raise typer.Exit(2)


def shipped_or_path(path: Path) -> Path:
    """``path``, or the shipped file of that name (:func:`detente.example`) when no such file is here.

    So the docs' ``detente forecast istanbul_2025.yaml`` and ``detente convert cop21.csv cop21.yaml``
    run from any folder; a file of the same name in the current folder always wins.
    """
    if path.exists() or path.is_absolute():
        return path
    from .. import example

    try:
        return example(path.as_posix())
    except KeyError:
        return path


def _load(path: Path, fmt: Optional[str], options: dict | None = None) -> Scenario:
    try:
        return dio.load(shipped_or_path(path), format=fmt, **(options or {}))
    except ScenarioError as exc:
        _fail(exc)
        raise  # unreachable


def _parse_params(items: list[str]) -> dict:
    """``--param key=value`` pairs; values parsed as JSON when they can be (numbers, booleans)."""
    params = {}
    for item in items:
        if "=" not in item:
            error(f"--param {item!r}: expected KEY=VALUE")
            raise typer.Exit(2)
        key, value = item.split("=", 1)
        try:
            params[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            params[key.strip()] = value
    return params


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Scenario file in any supported format.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="Input format (detected if omitted).")] = None,
) -> None:
    """Check a scenario file and list every problem (exit 0 when valid, 2 when not)."""
    sc = _load(file, format)
    n_pos = len(sc.positions)
    out.print(line(styled("valid", "green"), f": {file}: scenario {sc.name!r}, {len(sc.actors)} actors, "
                                            f"{len(sc.issues)} issues, {n_pos} positions"))


@app.command()
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
    sc = _load(file, input_format)
    names = list(registry.available()) if model == "all" else [model]
    params = _parse_params(param)
    built = []
    for name in names:
        try:
            built.append(build_model(name, params if model != "all" else {}, rounds=rounds, variant=variant,
                                     several=model == "all", option="--variant"))
        except (KeyError, ValueError, TypeError) as exc:
            error(exc.args[0] if exc.args else exc)
            raise typer.Exit(2)
    compile_note(names)
    try:
        forecasts = [m.forecast(sc, rng=seed) for m in built]
    except CostError as exc:  # a run of hours refused with its reason and cost (issue 14)
        error(exc)
        raise typer.Exit(2)
    run_store = _store(store, no_store)
    ids = [] if run_store is None else [_stored(run_store.record_forecast, f, sc, argv=_argv(), seed=seed)
                                        for f in forecasts]
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
        _recorded(ids, run_store.path)


def _recorded(ids: list[str], path) -> None:
    """One line, after the output the user came for, saying where the runs were recorded."""
    if len(ids) == 1:
        err.print(f"recorded run {ids[0]} in {path}")
    else:
        err.print(f"recorded {len(ids)} runs in {path} ({ids[0]} to {ids[-1]}; `detente runs list` shows them)")


def _caveats(sc: Scenario, names) -> None:
    """What a model assumes about a scenario it was not made for (e.g. the EU models on a non-EU scenario)."""
    said: dict[str, list[str]] = {}
    for name in names:
        caveat = getattr(registry.available().get(name), "caveat", None)
        text = caveat(sc) if caveat else None
        if text:
            said.setdefault(text, []).append(name)
    for text, models in said.items():
        note(f"{', '.join(models)}: {text}")


def _stored(fn, *args, **kwargs):
    """Call a store method; a busy store is a one-line error (exit 2), never a traceback."""
    from ..store import StoreBusyError

    try:
        return fn(*args, **kwargs)
    except StoreBusyError as exc:
        error(exc)
        raise typer.Exit(2)


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


class Backend(str, Enum):
    local = "local"
    ray = "ray"


def _executor(backend: Backend, workers: Optional[int], address: Optional[str]):
    """The executor for ``--backend`` (local processes by default, one per core)."""
    from ..execution import get_executor

    return get_executor(backend.value, workers=workers, address=address)


@contextlib.contextmanager
def _interruptible():
    """Ctrl-C during a long run: one line, status 130, no traceback (workers are stopped by the executor)."""
    try:
        yield
    except KeyboardInterrupt:
        err.print("interrupted: the run was stopped; finished chunks are kept in the run store")
        raise typer.Exit(130) from None


def _progress_bar(total: int, label: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(label, markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, transient=True, disable=total < 50)


@app.command()
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
    from ..analysis.simulate import Range, default_chunksize
    from ..analysis.simulate import simulate as run_simulation
    from ..store.rows import simulation_rows, summary_rows

    run_store = _store(store, no_store)
    try:
        executor = _executor(backend, workers, address)
        if resume:
            if run_store is None:
                raise ValueError("--resume needs the run store (drop --no-store)")
            sc, model, params, seed, draws, chunksize, ranges, run_id, done, previous = _resume(run_store, resume)
        else:
            if file is None:
                raise ValueError("give a scenario FILE (or --resume ID)")
            sc = _load(file, None)
            params = _parse_params(param)
            params = registry.get(model, **registry.with_rounds(model, params, rounds)).get_params()
            [Range.parse(r) for r in ranges]
            chunksize, done, previous, run_id = default_chunksize(draws, executor), [], [], None
            if run_store is not None:
                run_id = _stored(run_store.start_run, "simulate", sc, model=model, parameters=params, seed=seed,
                                 argv=_argv(), draws=draws, chunksize=chunksize, extra={"ranges": list(ranges)})
        record = (lambda r: _stored(run_store.add_results, run_id, {"draws": simulation_rows(sc.issue_names, r)},
                                    chunk=(r[0], r[0] + len(r[1])))) if run_id else None
        todo = draws - sum(b - a for a, b in done)
        _no_uncertainty_note(sc, draws)
        compile_note([model])
        with _interruptible(), _progress_bar(todo, f"{model}: {todo:,} draws") as bar:
            task = bar.add_task("draws", total=todo)
            sim = run_simulation(sc, model, draws=draws, seed=seed, params=params, ranges=ranges,
                                 executor=executor, chunksize=chunksize, skip=done, previous=previous,
                                 on_result=record, progress=lambda n: bar.advance(task, n))
    except ScenarioError as exc:
        _fail(exc)
    except (KeyError, ValueError, TypeError) as exc:
        error(exc.args[0] if exc.args else exc)
        raise typer.Exit(2)
    if run_id:
        from ..report.documents import simulation_documents  # the fan quantiles, for a re-opened run's fan charts

        _stored(run_store.finish_run, run_id, "done", {"summaries": summary_rows(sim.summary())},
                documents=simulation_documents(sim))
    if output is OutputFormat.json:
        print(json.dumps({**sim.to_json(), "run_id": run_id}, indent=2))
    elif output is OutputFormat.csv:
        write_data(sim.summary().to_csv(index=False))
    else:
        _print_frame(sim.summary(), f"{sc.name}: {model} over {sim.n_draws:,} draws (seed {seed}), "
                                    f"{len(sim.inputs)} uncertain inputs")
    if html is not None:
        from ..report.reports import simulation_report

        simulation_report(html, sim, run_id)  # the web app's report of the same run is this file
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        _recorded([run_id], run_store.path)


def _no_uncertainty_note(sc: Scenario, draws: int) -> None:
    """A Monte Carlo of a scenario with no distribution in it draws the same inputs every time: say so."""
    from ..analysis.draws import uncertain_inputs

    if draws > 1 and not uncertain_inputs(sc):
        note(f"{sc.name!r} has no uncertain inputs, so all {draws:,} draws are the same scenario and the "
             "outcome has no spread; give the numbers you are unsure of as ranges, e.g. capability: "
             "{low: 0.6, high: 0.9} or position: {mean: 80, sd: 10} (docs/how-to/monte-carlo.md)")


def _resume(run_store, run_id: str):
    """Everything a stopped simulate run needs to finish exactly as an uninterrupted run would."""
    import numpy as np

    record = run_store.get_run(run_id)
    if record["command"] != "simulate":
        raise ValueError(f"run {record['run_id']} is a {record['command']} run; only simulate runs can be resumed")
    if record["status"] == "done":
        raise ValueError(f"run {record['run_id']} has already finished")
    _stored(run_store.claim, record["run_id"])  # one resume at a time: a second one exits 2 (issue 14)
    if run_store.get_run(record["run_id"])["status"] == "done":  # finished while we waited for the claim
        raise ValueError(f"run {record['run_id']} has already finished")
    sc = Scenario.model_validate(record["scenario"])
    done = run_store.completed_chunks(record["run_id"])
    draws_frame = run_store.tables(record["run_id"]).get("draws")
    previous = []
    for start, stop in done:
        rows = draws_frame[(draws_frame["draw"] >= start) & (draws_frame["draw"] < stop)]
        table = rows.pivot(index="draw", columns="issue", values="value")[sc.issue_names]
        previous.append((start, table.to_numpy(dtype=float), None))
    ranges = (record["extra"] or {}).get("ranges", [])
    err.print(f"resuming run {record['run_id']}: {sum(b - a for a, b in done):,} of {int(record['draws']):,} "
              f"draws already done", highlight=False)
    return (sc, record["model"], record["parameters"], int(record["seed"]), int(record["draws"]),
            int(record["chunksize"]), ranges, record["run_id"], done, previous)


@app.command()
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
    from ..analysis.compare import compare as run_compare
    from ..analysis.shocks import Shock, load_shock, parse_new_actor
    from ..store.rows import comparison_rows, summary_rows

    sc = _load(file, None)
    try:
        base = load_shock(shock) if shock else Shock(name="command line")
        extra = Shock(name=base.name, set=base.set + sets, drop=base.drop + drops,
                      add_actors=base.add_actors + [parse_new_actor(a) for a in adds])
        if not (extra.set or extra.drop or extra.add_actors):
            raise ValueError("no shock given: use --shock FILE, --set, --drop or --add-actor")
        executor = _executor(backend, workers, address)
        compile_note([model])
        with _interruptible(), _progress_bar(draws, f"{model}: {draws:,} paired draws") as bar:
            task = bar.add_task("draws", total=draws)
            result = run_compare(sc, extra, model, draws=draws, seed=seed, params=_parse_params(param),
                                 executor=executor, progress=lambda n: bar.advance(task, n))
    except ScenarioError as exc:
        _fail(exc)
    except (KeyError, ValueError, TypeError) as exc:
        error(exc.args[0] if exc.args else exc)
        raise typer.Exit(2)
    run_store = _store(store, no_store)
    if run_store is not None:
        run_id = _stored(run_store.start_run, "compare", sc, model=model, parameters=_parse_params(param), seed=seed,
                         argv=_argv(), draws=draws, extra={"shock": extra.model_dump()})
        _stored(run_store.finish_run, run_id, "done", {"summaries": summary_rows(result.summary()),
                                                        "draws": comparison_rows(result)})
    if output is OutputFormat.json:
        print(json.dumps(result.to_json(), indent=2))
    elif output is OutputFormat.csv:
        write_data(result.summary().to_csv(index=False))
    else:
        _print_frame(result.summary(), f"{sc.name}: effect of shock {extra.name!r} ({model}, {draws:,} draws)")
    if run_store is not None:
        _recorded([run_id], run_store.path)


class Method(str, Enum):
    sobol = "sobol"
    morris = "morris"


@app.command()
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
    from ..analysis.sensitivity import factors
    from ..analysis.sensitivity import sensitivity as run_sensitivity
    from ..store.rows import record_sensitivity

    sc = _load(file, None)
    d = len(factors(sc))
    runs = n * (d + 2) if method is Method.sobol else n * (d + 1)
    try:
        executor = _executor(backend, workers, address)
        compile_note([model])
        with _interruptible(), _progress_bar(runs, f"{model}: {method.value}, {runs:,} runs") as bar:
            task = bar.add_task("runs", total=runs)
            result = run_sensitivity(sc, model, method=method.value, n=n, seed=seed, params=_parse_params(param),
                                     executor=executor, progress=lambda k: bar.advance(task, k))
    except (KeyError, ValueError, TypeError) as exc:
        error(exc.args[0] if exc.args else exc)
        raise typer.Exit(2)
    run_store = _store(store, no_store)
    if run_store is not None:
        run_id = _stored(record_sensitivity, run_store, result, sc, parameters=_parse_params(param), n=n,
                         argv=_argv())
    if output is OutputFormat.json:
        print(json.dumps(result.to_json(), indent=2))
    elif output is OutputFormat.csv:
        write_data(result.indices.to_csv(index=False))
    else:
        for issue in sc.issue_names:
            _print_frame(result.top(issue, top), f"{sc.name}, {issue}: {method.value} indices ({model})")
    if html is not None:
        from ..report.reports import sensitivity_report

        sensitivity_report(html, result, sc.name, sc.issue_names, top)
        err.print(f"wrote {html}", highlight=False)
    if run_store is not None:
        _recorded([run_id], run_store.path)


def _print_frame(frame, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for col in frame.columns:
        table.add_column(str(col), justify="left" if frame[col].dtype == object else "right", overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*[number(v) for v in row])
    out.print(table)


@app.command(name="models")
def list_models() -> None:
    """List the models with a one-line description and their literature source."""
    table = Table(title="detente models", title_justify="left")
    for col in ("name", "description", "source", "iterative", "stochastic"):
        table.add_column(col)
    for name, cls in registry.available().items():
        table.add_row(name, cls.summary, cls.source, "yes" if cls.iterative else "no",
                      "yes" if cls.stochastic else "no")
    out.print(table)


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Input scenario file.")],
    target: Annotated[Path, typer.Argument(help="Output file; format from its suffix (.yaml, .csv).")],
    input_format: Annotated[Optional[str], typer.Option("--from", help="Input format (detected if omitted).")] = None,
    output_format: Annotated[Optional[str], typer.Option("--to", help="Output format (from the suffix if omitted).")] = None,
) -> None:
    """Convert a scenario between formats (any readable format to YAML or tidy CSV)."""
    sc = _load(source, input_format)
    try:
        dio.save(sc, target, format=output_format)
    except ScenarioError as exc:
        _fail(exc)
    except KeyError as exc:
        error(exc.args[0])
        raise typer.Exit(2)
    out.print(f"wrote {target} ({len(sc.actors)} actors, {len(sc.issues)} issues)", highlight=False)


@app.command(name="formats")
def list_formats() -> None:
    """List the file formats detente reads and writes."""
    table = Table(title="scenario formats", title_justify="left")
    for col in ("name", "description", "suffixes", "writes"):
        table.add_column(col)
    for fmt in dio.formats().values():
        table.add_row(fmt.name, fmt.description, " ".join(fmt.suffixes), "yes" if fmt.write else "no")
    out.print(table)


def _version(value: bool) -> None:
    if value:
        out.print(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Forecast and stress-test multi-party negotiations."""


def main() -> None:
    """Entry point of the ``detente`` script."""
    app()


from .backtest import backtest as _backtest_cmd  # noqa: E402

app.command("backtest")(_backtest_cmd)

from .serve import serve as _serve_cmd  # noqa: E402

app.command("serve")(_serve_cmd)

from ..commands.war_history import war_history as _war_history_cmd  # noqa: E402

app.command("war-history")(_war_history_cmd)

from ..commands.war import war as _war_cmd  # noqa: E402

app.command("war")(_war_cmd)

from .rex import rex as _rex_cmd  # noqa: E402

app.command("rex")(_rex_cmd)

from .draft import draft as _draft_cmd  # noqa: E402

app.command("draft")(_draft_cmd)

from .merge import merge as _merge_cmd  # noqa: E402

app.command("merge")(_merge_cmd)
