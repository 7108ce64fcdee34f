"""What the commands share: option types, loading a scenario, the run store, progress, and printing.

Bad input is reported as one line per problem on stderr with exit status 2 (:func:`fail`), never a traceback;
Ctrl-C during a run is one line and status 130 (:func:`interruptible`).
"""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, NoReturn, Optional

import typer
from rich.table import Table

from .._console import err, error, number, out
from ..errors import ScenarioError
from ..runs.requests import Backend, Execution
from ..scenario import Scenario

__all__ = ["Address", "advancing", "Backend", "NoStore", "OutputFormat", "Params", "StorePath", "TableOrJson", "Workers", "argv",
           "bad_input", "execute", "execution", "executor", "fail", "failed", "interruptible", "load_scenario", "open_store", "parse_params",
           "print_frame", "progress_bar", "recorded", "shipped_or_path", "stored"]

StorePath = Annotated[Optional[Path], typer.Option("--store", help="Run store file (default: $DETENTE_STORE or "
                                                   "~/.local/share/detente/runs.duckdb).")]
NoStore = Annotated[bool, typer.Option("--no-store", help="Do not record this run.")]
Workers = Annotated[Optional[int], typer.Option(help="Worker processes (default: all cores).", min=1)]
Address = Annotated[Optional[str], typer.Option(help="Ray cluster address to join (default: start a local Ray).")]
Params = Annotated[list[str], typer.Option("--param", "-p", metavar="KEY=VALUE", help="Model parameter KEY=VALUE (repeatable).")]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class TableOrJson(str, Enum):
    """``--format`` of the commands whose results are not one table per issue (war, backtest, rex, ...)."""
    table = "table"
    json = "json"


def fail(exc: ScenarioError) -> NoReturn:
    """Each problem of ``exc`` on its own line, then exit 2."""
    for problem in exc.problems:
        error(problem)
    raise typer.Exit(2)


def failed(exc: BaseException) -> NoReturn:
    """``exc``'s message as one line, then exit 2 (a bad option, model or parameter)."""
    error(exc.args[0] if exc.args else exc)
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


def load_scenario(path: Path, fmt: Optional[str] = None, options: dict | None = None) -> Scenario:
    """The scenario in ``path`` (or the shipped file of that name), read and validated once; exit 2 if invalid."""
    from .. import io as dio

    try:
        return dio.load(shipped_or_path(path), format=fmt, **(options or {}))
    except ScenarioError as exc:
        fail(exc)


def parse_params(items: list[str]) -> dict:
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


def open_store(path: Optional[Path], disabled: bool):
    """The run store, or None with --no-store."""
    if disabled:
        return None
    from ..store import Store

    return Store(path)


def argv() -> tuple[str, ...]:
    """The command line, as a run records it."""
    return ("detente", *sys.argv[1:])


def stored(fn, *args, **kwargs):
    """Call a store method; a busy store is a one-line error (exit 2), never a traceback."""
    from ..store import StoreBusyError

    try:
        return fn(*args, **kwargs)
    except StoreBusyError as exc:
        error(exc)
        raise typer.Exit(2)


def recorded(ids: list[str], path) -> None:
    """One line, after the output the user came for, saying where the runs were recorded."""
    if len(ids) == 1:
        err.print(f"recorded run {ids[0]} in {path}")
    else:
        err.print(f"recorded {len(ids)} runs in {path} ({ids[0]} to {ids[-1]}; `detente runs list` shows them)")


def execution(backend: Backend, workers: Optional[int], address: Optional[str] = None) -> Execution:
    """Where draws run, from ``--backend``, ``--workers`` and ``--address`` (local processes, one per core)."""
    return Execution(backend=backend.value, workers=workers, address=address)


def executor(backend: Backend, workers: Optional[int], address: Optional[str]):
    """The executor for ``--backend`` (local processes by default, one per core)."""
    from ..execution import get_executor

    return get_executor(backend.value, workers=workers, address=address)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C during a long run: one line, status 130, no traceback (workers are stopped by the executor)."""
    try:
        yield
    except KeyboardInterrupt:
        err.print("interrupted: the run was stopped; finished chunks are kept in the run store")
        raise typer.Exit(130) from None


def progress_bar(total: int, label: str):
    """A progress bar on stderr (shown from 50 units of work), gone when the run ends."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(label, markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, transient=True, disable=total < 50)


@contextlib.contextmanager
def advancing(total: int, label: str) -> Iterator:
    """``with advancing(total, label) as step:`` a progress bar whose ``step(n)`` moves it ``n`` units."""
    with progress_bar(total, label) as bar:
        task = bar.add_task("work", total=total)
        yield lambda n: bar.advance(task, n)


@contextlib.contextmanager
def bad_input() -> Iterator[None]:
    """``with bad_input():`` a scenario's problems (:func:`fail`) or a bad option, model or parameter
    (:func:`failed`) raised inside are one line each on stderr and exit 2, never a traceback."""
    try:
        yield
    except ScenarioError as exc:
        fail(exc)
    except (KeyError, ValueError, TypeError) as exc:
        failed(exc)


def execute(run, request, run_store, *, total: int, label: str, models: list[str]):
    """``run(request, run_store, step)`` of :mod:`detente.runs`, as every command runs it: the compile note for
    ``models``, a progress bar of ``total`` units titled ``label``, Ctrl-C as exit 130 (:func:`interruptible`)
    and a busy store as exit 2 (:func:`stored`). Returns ``run``'s ``(run_id, result)``."""
    from .._compile import compile_note

    compile_note(models)
    with interruptible(), advancing(total, label) as step:
        return stored(run, request, run_store, step)


def print_frame(frame, title: str) -> None:
    """A data frame as a table on stdout (text columns left, numbers right)."""
    table = Table(title=title, title_justify="left")
    for col in frame.columns:
        table.add_column(str(col), justify="left" if frame[col].dtype == object else "right", overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*[number(v) for v in row])
    out.print(table)

