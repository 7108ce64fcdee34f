"""``detente backtest deu3``: every model on every DEU III issue with an outcome, scored against the outcomes.

A thin layer over :func:`detente.analysis.backtest.run_backtest`: it parses
the options, prints the scores (table or JSON), records the run in the run
store and writes the HTML report.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import error
from .._compile import compile_note
from ..cli import NoStore, StorePath, TableOrJson, _fail, _recorded, _store, err, out
from ..errors import ScenarioError


class Capability(str, Enum):
    equal = "equal"
    gdp = "gdp"
    votes = "votes"


class Grouping(str, Enum):
    issue = "issue"
    proposal = "proposal"


def parse_split(text: str) -> int:
    """``year:2005`` -> 2005."""
    match = re.fullmatch(r"\s*year\s*:\s*(\d{4})\s*", text)
    if not match:
        raise ValueError(f"--split {text!r}: expected year:YYYY, e.g. year:2005")
    return int(match.group(1))


def _dataset_path(dataset: str) -> Path:
    from ..datasets import reference_path

    if dataset == "deu3":
        return reference_path("deu3", "deu3.csv")
    from ..cli import shipped_or_path

    path = shipped_or_path(Path(dataset))
    if not path.is_file():
        raise ValueError(f"{dataset}: not 'deu3' (the shipped DEU III file) and not a file")
    return path


def backtest(
    dataset: Annotated[str, typer.Argument(help="'deu3' (the shipped DEU III file) or a file in the DEU III format.")],
    models: Annotated[str, typer.Option("--models", help="'all' or comma-separated model names.")] = "all",
    split: Annotated[str, typer.Option("--split", help="year:YYYY: fit before that proposal year, score from it.")]
    = "year:2005",
    seed: Annotated[int, typer.Option(help="Seed of stochastic models and of the cross-validation folds.")] = 0,
    capability: Annotated[Capability, typer.Option(help="Actor capabilities: equal, GDP (row 2) or Council votes.")]
    = Capability.equal,
    output: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
    stack: Annotated[bool, typer.Option("--stack/--no-stack", help="Also fit the learned forecasts "
                                        "(stacked, menu) on the training split, with grouped CV and 80% "
                                        "intervals.")] = True,
    grouping: Annotated[Grouping, typer.Option(help="Scenarios of one issue each, or of all issues of a "
                                               "proposal (for models that work across issues: exchange).")]
    = Grouping.issue,
    workers: Annotated[int, typer.Option(help="Worker processes (1: this process).", min=1)] = 1,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Backtest every model on every DEU III issue with an outcome: MAE, median error, share within 10/20 points."""
    from ..analysis.backtest import model_names
    from ..io import deu3

    try:
        split_year = parse_split(split)
        names = model_names(models)
        path = _dataset_path(dataset)
        scenarios = deu3.backtest_scenarios(path, capability=capability.value)
        if not scenarios:
            raise ValueError(f"{path}: no issue with an outcome and at least 3 actors with position and salience")
    except ScenarioError as exc:
        _fail(exc)
    except ValueError as exc:
        error(exc)
        raise typer.Exit(2)
    compile_note(names)
    bt = _run(scenarios, names, split_year, seed, capability.value, stack, workers, grouping.value)
    run_store = _store(store, no_store)
    run_id = _record(bt, path, names, split_year, seed, capability.value, grouping.value, run_store)
    if output is TableOrJson.json:
        print(json.dumps({**bt.to_json(), "run_id": run_id}, indent=2))
    else:
        _print(bt)
    if html is not None:
        from ..report.backtest import write_backtest_report

        write_backtest_report(html, bt, meta={"run": run_id or "not stored", "data": path.name})
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        _recorded([run_id], run_store.path)


def _run(scenarios, names, split_year, seed, capability, stack, workers, grouping):
    from ..analysis.backtest import run_backtest
    from ..cli import _interruptible, _progress_bar

    executor = None
    if workers > 1:
        from ..execution import get_executor

        executor = get_executor("local", workers=workers)
    total = len(scenarios) * len(names)
    try:
        with _interruptible(), _progress_bar(total, f"backtest: {len(names)} models x {len(scenarios)} issues") as bar:
            task = bar.add_task("issues", total=total)
            return run_backtest(scenarios, names, split_year=split_year, seed=seed, capability=capability,
                                executor=executor, stack=stack, grouping=grouping,
                                progress=lambda n: bar.advance(task, n))
    finally:
        if executor is not None:
            executor.close()


def _record(bt, path: Path, names, split_year, seed, capability, grouping, run_store) -> Optional[str]:
    """Record the backtest (:func:`detente.store.rows.record_backtest`) unless ``run_store`` is None (--no-store)."""
    if run_store is None:
        return None
    from ..cli import _argv, _stored
    from ..io import deu3, read_text
    from ..store.rows import record_backtest

    scenario = deu3.read(read_text(path), str(path))  # the whole file, as the run's provenance
    run_id = _stored(record_backtest, run_store, bt, scenario, names=names, split_year=split_year, seed=seed,
                     capability=capability, grouping=grouping, data=Path(path).name, argv=_argv())
    return run_id


def _print(bt) -> None:
    from rich.table import Table

    table = Table(title=f"DEU III backtest: {bt.forecasts['issue'].nunique()} issues, split {bt.split_year}, "
                        f"capability {bt.capability}, one scenario per {bt.grouping}", title_justify="left")
    for col in ("model", "split", "n", "MAE", "median AE", "within 10", "within 20", "80% coverage"):
        table.add_column(col, justify="left" if col in ("model", "split") else "right")
    for r in bt.results():
        cover = r.get("coverage80")
        table.add_row(r["model"], r["split"], str(r["n"]), f"{r['mae']:.4f}", f"{r['median_ae']:.2f}",
                      f"{r['within10']:.0%}", f"{r['within20']:.0%}", "" if cover is None else f"{cover:.0%}")
    out.print(table)
    for model, same in bt.identical():
        err.print(f"{model}: the same forecast as {same} on every issue (it does not apply to one-issue "
                  "scenarios)", highlight=False, soft_wrap=True)
    for f in bt.failures.to_dict("records"):
        err.print(f"{f['model']}: failed on {f['failed']} of {f['of']} issues ({f['message']})", highlight=False,
                  soft_wrap=True)
