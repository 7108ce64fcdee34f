"""The ``detente`` command: a thin shell over the run service (:mod:`detente.runs`) and the Python API.

Each command (one module each, beside :mod:`.options`, the option types and helpers they share) parses
its arguments, loads the scenario once, calls the run service or the same functions a Python user would,
and prints. Bad input is reported as one line per problem on stderr with exit status 2, never a traceback.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from .._console import out
from .._help import tidy_help
from .backtest import backtest
from .compare import compare
from .draft import draft
from .files import convert, list_formats, list_models, validate
from .forecast import forecast
from .merge import merge
from .rex import rex
from .runs import runs_app
from .sensitivity import sensitivity
from .serve import serve
from .simulate import simulate
from .war import war
from .war_history import war_history

__all__ = ["app", "main"]

tidy_help()  # flags without "<bool>", arguments as FILE in the usage line
app = typer.Typer(
    name="detente",
    help="Forecast and stress-test multi-party negotiations with established models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(runs_app, name="runs")
for _name, _command in [("validate", validate), ("forecast", forecast), ("simulate", simulate),
                        ("compare", compare), ("sensitivity", sensitivity), ("models", list_models),
                        ("convert", convert), ("formats", list_formats), ("backtest", backtest), ("serve", serve),
                        ("war-history", war_history), ("war", war), ("rex", rex), ("draft", draft),
                        ("merge", merge)]:
    app.command(_name)(_command)


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
