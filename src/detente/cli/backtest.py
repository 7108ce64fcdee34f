"""``detente backtest deu3``: every model on every DEU III issue with an outcome, scored against the outcomes.

A thin layer over :func:`detente.runs.run_backtest`: it parses the options, reads the data file's issues
once, runs the backtest with a progress bar, prints the scores (table or JSON) and writes the HTML report
(the run service records the run).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._compile import compile_note
from .._console import err, error, out
from ..errors import ScenarioError
from ..runs.requests import BACKTEST_DEFAULTS, BacktestRequest, Capability, Grouping
from .options import NoStore, StorePath, TableOrJson, advancing, argv, fail, interruptible, open_store, recorded, \
    shipped_or_path, stored

__all__ = ["backtest", "parse_split"]


def parse_split(text: str) -> int:
    """``year:2005`` -> 2005."""
    match = re.fullmatch(r"\s*year\s*:\s*(\d{4})\s*", text)
    if not match:
        raise ValueError(f"--split {text!r}: expected year:YYYY, e.g. year:2005")
    return int(match.group(1))


def _dataset_path(dataset: str) -> Path:
    from ..runs.backtest import shipped_data

    if dataset == "deu3":
        return shipped_data()
    path = shipped_or_path(Path(dataset))
    if not path.is_file():
        raise ValueError(f"{dataset}: not 'deu3' (the shipped DEU III file) and not a file")
    return path


def backtest(
    dataset: Annotated[str, typer.Argument(help="'deu3' (the shipped DEU III file) or a file in the DEU III format.")],
    models: Annotated[str, typer.Option("--models", help="'all' or comma-separated model names.")] = "all",
    split: Annotated[str, typer.Option("--split", help="year:YYYY: fit before that proposal year, score from it.")]
    = f"year:{BACKTEST_DEFAULTS['split_year']}",
    seed: Annotated[int, typer.Option(help="Seed of stochastic models and of the cross-validation folds.")] = 0,
    capability: Annotated[Capability, typer.Option(help="Actor capabilities: equal, GDP (row 2) or Council votes.")]
    = Capability.equal,
    output: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report.")] = None,
    stack: Annotated[bool, typer.Option("--stack/--no-stack", help="Also fit the learned forecasts "
                                        "(stacked, menu) on the training split, with grouped CV and 80% "
                                        "intervals.")] = BACKTEST_DEFAULTS["stack"],
    grouping: Annotated[Grouping, typer.Option(help="Scenarios of one issue each, or of all issues of a "
                                               "proposal (for models that work across issues: exchange).")]
    = Grouping.issue,
    workers: Annotated[int, typer.Option(help="Worker processes (1: this process).", min=1)] = 1,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Backtest every model on every DEU III issue with an outcome: MAE, median error, share within 10/20 points."""
    from ..analysis.backtest import model_names
    from ..runs import plan_backtest, run_backtest
    from ..runs.backtest import read_issues

    try:
        split_year = parse_split(split)
        names = model_names(models)
        path = _dataset_path(dataset)
        scenarios = read_issues(path, capability.value)
        if not scenarios:
            raise ValueError(f"{path}: no issue with an outcome and at least 3 actors with position and salience")
    except ScenarioError as exc:
        fail(exc)
    except ValueError as exc:
        error(exc)
        raise typer.Exit(2)
    request = BacktestRequest(data=path, scenarios=scenarios, models=tuple(names), split_year=split_year, seed=seed,
                              capability=capability.value, stack=stack, grouping=grouping.value, workers=workers,
                              argv=argv())
    compile_note(names)
    total = plan_backtest(request)
    run_store = open_store(store, no_store)
    with interruptible(), advancing(total, f"backtest: {len(names)} models x {len(scenarios)} issues") as step:
        run_id, bt = stored(run_backtest, request, run_store, step)
    if output is TableOrJson.json:
        print(json.dumps({**bt.to_json(), "run_id": run_id}, indent=2))
    else:
        _print(bt)
    if html is not None:
        from ..report.backtest import write_backtest_report

        write_backtest_report(html, bt, meta={"run": run_id or "not stored", "data": path.name})
        err.print(f"wrote {html}", highlight=False)
    if run_id:
        recorded([run_id], run_store.path)


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
