"""``detente validate``, ``convert``, ``formats`` and ``models``: scenario files and what detente can run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .._console import line, out, styled
from .. import io as dio
from .. import models as registry
from ..errors import ScenarioError
from .options import fail, failed, load_scenario

__all__ = ["convert", "list_formats", "list_models", "validate"]


def validate(
    file: Annotated[Path, typer.Argument(help="Scenario file in any supported format.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="Input format (detected if omitted).")] = None,
) -> None:
    """Check a scenario file and list every problem (exit 0 when valid, 2 when not)."""
    sc = load_scenario(file, format)
    n_pos = len(sc.positions)
    out.print(line(styled("valid", "green"), f": {file}: scenario {sc.name!r}, {len(sc.actors)} actors, "
                                            f"{len(sc.issues)} issues, {n_pos} positions"))


def list_models() -> None:
    """List the models with a one-line description and their literature source."""
    table = Table(title="detente models", title_justify="left")
    for col in ("name", "description", "source", "iterative", "stochastic"):
        table.add_column(col)
    for name, cls in registry.available().items():
        table.add_row(name, cls.summary, cls.source, "yes" if cls.iterative else "no",
                      "yes" if cls.stochastic else "no")
    out.print(table)


def convert(
    source: Annotated[Path, typer.Argument(help="Input scenario file.")],
    target: Annotated[Path, typer.Argument(help="Output file; format from its suffix (.yaml, .csv).")],
    input_format: Annotated[Optional[str], typer.Option("--from", help="Input format (detected if omitted).")] = None,
    output_format: Annotated[Optional[str], typer.Option("--to", help="Output format (from the suffix if omitted).")] = None,
) -> None:
    """Convert a scenario between formats (any readable format to YAML or tidy CSV)."""
    sc = load_scenario(source, input_format)
    try:
        dio.save(sc, target, format=output_format)
    except ScenarioError as exc:
        fail(exc)
    except KeyError as exc:
        failed(exc)
    out.print(f"wrote {target} ({len(sc.actors)} actors, {len(sc.issues)} issues)", highlight=False)


def list_formats() -> None:
    """List the file formats detente reads and writes."""
    table = Table(title="scenario formats", title_justify="left")
    for col in ("name", "description", "suffixes", "writes"):
        table.add_column(col)
    for fmt in dio.formats().values():
        table.add_row(fmt.name, fmt.description, " ".join(fmt.suffixes), "yes" if fmt.write else "no")
    out.print(table)
