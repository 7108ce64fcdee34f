"""Docs that cannot drift: every command, model and format is documented (cf. datasette's test_docs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

import detente
from detente.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _all_docs() -> str:
    return "\n".join(p.read_text() for p in DOCS.rglob("*.md")) + (ROOT / "README.md").read_text()


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    names = []
    for name, cmd in group.commands.items():
        names.append(name)
        names += [f"{name} {sub}" for sub in (getattr(cmd, "commands", {}) or {})]
    return names


@pytest.mark.parametrize("command", _commands())
def test_every_cli_command_has_a_reference_section(command):
    """Regenerate with `python scripts/gen_cli_docs.py` when this fails."""
    assert f"## detente {command}\n" in (DOCS / "reference" / "cli.md").read_text()


@pytest.mark.parametrize("model", sorted(detente.models.available()))
def test_every_model_is_in_the_readme_and_the_api_reference(model):
    assert f"`{model}`" in (ROOT / "README.md").read_text()
    module = detente.models.available()[model].__module__
    assert f"::: {module}" in (DOCS / "reference" / "api.md").read_text()


@pytest.mark.parametrize("fmt", sorted(detente.io.formats()))
def test_every_format_is_in_the_how_to(fmt):
    assert f"| `{fmt}` |" in (DOCS / "how-to" / "convert-formats.md").read_text()


def test_mkdocs_nav_points_at_existing_pages():
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]

    def pages(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, list):
            for item in node:
                yield from pages(item)
        elif isinstance(node, dict):
            for value in node.values():
                yield from pages(value)

    missing = [p for p in pages(nav) if not (DOCS / p).exists()]
    assert not missing


@pytest.mark.parametrize("name", sorted(detente.examples()))
def test_every_shipped_scenario_forecasts_with_every_model(name):
    """Examples are tested code (cf. mesa's test_examples.py)."""
    sc = detente.load(detente.example(name))
    for model in detente.models.available():
        fc = detente.models.get(model).forecast(sc, rng=0)
        assert set(fc.values) == set(sc.issue_names)


def test_the_documentation_builds_strictly(tmp_path):
    """`make docs` runs `mkdocs build --strict`: broken links, nav entries and API references fail it.
    (A lazy import in detente.store once hid `detente.store.Store` from the API reference.)"""
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
