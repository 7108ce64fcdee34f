"""Write docs/reference/cli.md from the CLI's own help texts (run after changing a command).

tests/test_docs.py fails when the file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "reference" / "cli.md"


def render() -> str:
    from detente.cli import app

    runner = CliRunner()
    parts = ["# Command line\n", "Generated from the commands' help by `scripts/gen_cli_docs.py`.\n"]
    top = runner.invoke(app, ["--help"], terminal_width=100, env={"COLUMNS": "100", "NO_COLOR": "1"})
    parts.append("```text\n" + top.output.rstrip() + "\n```\n")
    for name in _command_names(app):
        result = runner.invoke(app, [*name.split(), "--help"], terminal_width=100,
                               env={"COLUMNS": "100", "NO_COLOR": "1"})
        parts.append(f"## detente {name}\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def _command_names(app) -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, cmd in sorted(group.commands.items()):
        names.append(name)
        for sub in sorted(getattr(cmd, "commands", {}) or {}):
            names.append(f"{name} {sub}")
    return names


if __name__ == "__main__":
    TARGET.write_text(render())
    print(f"wrote {TARGET}", file=sys.stderr)
