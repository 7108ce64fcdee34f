"""``detente merge``: several analysts' versions of one scenario -> one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._console import err, error, number, out
from .options import fail, load_scenario
from ..errors import ScenarioError


def merge(
    files: Annotated[list[Path], typer.Argument(help="Two or more analysts' scenario files (the analyst's name is "
                                                     "the file's name).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Merged scenario file (YAML).")],
    report: Annotated[bool, typer.Option("--report", help="Print where the analysts disagree most.")] = False,
) -> None:
    """Merge analysts' scenarios: each number they differ on becomes a triangular distribution (lowest, median,
    highest) keeping every analyst's value and source; actors or issues only some have are reported."""
    import yaml

    from .._files import write_text_atomic
    from ..draft.merge import analyst_name, merge_scenarios
    from ..io import read_text
    from ..scenario import scenario_from_dict

    if len(files) < 2:
        error("merge needs at least two scenario files")
        raise typer.Exit(2)
    scenarios, raw, taken = {}, {}, set()
    for path in files:
        name = analyst_name(path, taken)
        taken.add(name)
        scenarios[name] = load_scenario(path, None)
        try:
            data = yaml.safe_load(read_text(path))
        except (ScenarioError, yaml.YAMLError):
            data = None
        raw[name] = data if isinstance(data, dict) else {}
    try:
        result = merge_scenarios(scenarios, raw)
        scenario_from_dict(result.data, str(output))  # the merged file must validate before it is written
    except ScenarioError as exc:
        fail(exc)
    text = yaml.safe_dump(result.data, sort_keys=False, allow_unicode=True, width=110)
    write_text_atomic(output, text)
    for line in result.partial:
        err.print(f"only some analysts: {line}", highlight=False, soft_wrap=True)
    err.print(f"wrote {output}: {len(scenarios)} analysts, {len(result.disagreements)} numbers on which they differ "
              "(each now a triangular distribution)", highlight=False)
    if report:
        _print_report(result)


def _print_report(result) -> None:
    from rich.table import Table

    table = Table(title="where the analysts disagree most (spread = (highest - lowest) / the number's scale)")
    for col in ("number", "spread", "low", "median", "high", "values"):
        table.add_column(col)
    for d in result.report_rows():
        values = ", ".join(f"{a} {number(v)}" for a, v in d["values"].items())
        table.add_row(d["where"], f"{d['spread']:.2f}", number(d["low"]), number(d["mode"]), number(d["high"]), values)
    out.print(table)
    if not result.disagreements:
        out.print("the analysts agree on every number", highlight=False)
