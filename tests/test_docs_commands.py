"""The README's and the docs' commands and Python snippets run as written (issue 14: four of them failed
with ``file not found``), so the docs cannot drift from the program again.

Every ``bash`` block line that starts with ``detente`` and every page's ``python`` blocks are collected
from README.md and docs/**/*.md (a new page is picked up without touching this file). Markers, HTML
comments on the line just above a block, invisible on the rendered page:

- ``<!-- docs-test: skip (REASON) -->``: the block is not run (a server, a cluster, ids from your store);
  the reason is required;
- ``<!-- docs-test: file NAME -->``: the block is the content of NAME, written before the page's
  commands run (``write-a-scenario.md``'s ``toll.yaml``).

Each command runs in its own temporary folder with a private run store; the folder holds a link to the
repository's ``src`` (so commands that name ``src/detente/data/...`` run as from the repository root)
and the page's ``file`` blocks, so nothing is written into the repository. Every command is parsed
(its options and choices checked by click) and every snippet compiled. The fast ones are run; the slow
ones (Monte Carlo, sensitivity, REX, war, backtests, Ray) are marked ``slow``, run with at most
``--draws 20`` / ``-n 8`` (and ``--workers 1`` unless the command chooses its backend), and only a
sample runs: the first of each command (``simulate``, ``war``, ...) and the first slow Python page in
the docs' order, leaving out backtests and Ray (a minute or more each). ``DETENTE_DOCS_ALL=1`` runs
them all (33 run, 4 skipped with their reasons, 19 min on this 2-core machine, shared, on 2026-12-07).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from detente.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"(?:<!--\s*docs-test:\s*(?P<marker>[^>]*?)\s*-->\s*\n)?```(?P<lang>\w*)[^\n]*\n(?P<body>.*?)```", re.S)
SLOW_COMMANDS = {"simulate", "compare", "sensitivity", "rex", "war", "war-history", "backtest"}
SLOW_PYTHON = ("run_backtest", "simulate(", "rex.run", "run_draws", "war_sensitivity", "missed_opportunity",
               "sensitivity(")
QUICK = {"--draws": 20, "-n": 8}


@dataclass
class Item:
    page: str
    line: int
    kind: str  # "shell" or "python"
    text: str
    files: dict = field(default_factory=dict)
    skip: str = ""
    slow: bool = False
    sampled: bool = True

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def _skip_reason(marker: str | None) -> str:
    match = re.fullmatch(r"skip\s*\((.+)\)", marker or "")
    return match.group(1) if match else ""


def _shell_lines(body: str, first: int):
    """(line number, command) per command: comments dropped, backslash continuations joined."""
    pending, start = "", first
    for k, raw in enumerate(body.splitlines()):
        if not pending:
            start = first + k
        pending += raw.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        words = shlex.split(pending, comments=True)
        if words and words[0] == "detente":
            yield start, shlex.join(words) if ">" not in words else " ".join(words)
        pending = ""


def collect() -> list[Item]:
    items: list[Item] = []
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        page = str(path.relative_to(ROOT))
        files: dict[str, str] = {}
        python: list[tuple[int, str]] = []
        python_skip = ""
        for m in BLOCK.finditer(text):
            marker, lang, body = m.group("marker"), m.group("lang"), m.group("body")
            line = text.count("\n", 0, m.start("body")) + 1
            if marker and marker.startswith("file "):
                files[marker.split(None, 1)[1].strip()] = body
                continue
            skip = _skip_reason(marker)
            if marker and not skip:
                raise AssertionError(f"{page}:{line}: unknown docs-test marker {marker!r} (skip (REASON) or file NAME)")
            if lang in ("bash", "sh", "shell", "console"):
                for n, command in _shell_lines(body, line):
                    items.append(Item(page, n, "shell", command, files, skip))
            elif lang in ("python", "py"):
                python.append((line, body))
                python_skip = python_skip or skip
        if python:
            source = "\n".join(body for _, body in python)
            items.append(Item(page, python[0][0], "python", source, files, python_skip))
    seen: set[str] = set()
    for item in items:
        if item.kind == "shell":
            key = shlex.split(item.text)[1] if len(shlex.split(item.text)) > 1 else ""
            item.slow = key in SLOW_COMMANDS or "--backend" in item.text
        else:
            key = "python"
            item.slow = any(call in item.text for call in SLOW_PYTHON)
        item.sampled = not item.slow or (key not in seen and not _expensive(item))
        if item.slow and item.sampled and not item.skip:
            seen.add(key)
    return items


def _expensive(item: Item) -> bool:
    """A minute or more each (measured: backtests 25-110 s, a local Ray 30-100 s): never in the default sample.

    tests/cli/test_backtest_cli.py and the ray-marked tests run those paths; DETENTE_DOCS_ALL=1 runs these.
    """
    return any(word in item.text for word in ("backtest", "--backend ray", "run_backtest"))


ITEMS = collect()


def _params():
    for item in ITEMS:
        marks = [pytest.mark.slow] if item.slow else []
        if "--backend ray" in item.text:
            marks.append(pytest.mark.ray)
        yield pytest.param(item, id=item.id, marks=marks)


def _quick(words: list[str]) -> list[str]:
    """Smaller sizes, same command: --draws and -n capped; one process unless a backend is chosen."""
    out = list(words)
    for k, word in enumerate(out[:-1]):
        if word in QUICK and out[k + 1].replace("_", "").isdigit():
            out[k + 1] = str(min(int(out[k + 1].replace("_", "")), QUICK[word]))
    if out and out[0] in ("simulate", "compare", "sensitivity", "rex", "war") and "--backend" not in out \
            and "--workers" not in out:
        out += ["--workers", "1"]
    return out


def _quick_python(source: str) -> str:
    return re.sub(r"\b(n_draws|draws)=([\d_]+)", lambda m: f"{m.group(1)}={min(int(m.group(2).replace('_', '')), 20)}",
                  source)


def _parse(words: list[str]) -> None:
    """Let click resolve the command and check every option and argument, without running it."""
    command = typer.main.get_command(app)
    ctx = command.make_context("detente", list(words))
    while hasattr(command, "resolve_command"):
        rest = [*_protected(ctx), *ctx.args]
        if not rest:
            break
        name, command, rest = command.resolve_command(ctx, rest)
        ctx = command.make_context(name, rest, parent=ctx)


def _protected(ctx) -> list[str]:
    """A group's subcommand name, which click keeps apart from the other arguments (its name varies)."""
    for attribute in ("_protected_args", "protected_args"):
        value = getattr(ctx, attribute, None)
        if value:
            return list(value)
    return []


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "src").symlink_to(ROOT / "src", target_is_directory=True)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("DETENTE_STORE", str(tmp_path / "runs.duckdb"))
    return folder


@pytest.mark.parametrize("item", list(_params()))
def test_docs_command_runs_as_written(item: Item, workdir):
    if item.skip:
        pytest.skip(f"{item.id}: {item.skip}")
    for name, content in item.files.items():
        (workdir / name).write_text(content, encoding="utf-8")
    run_all = os.environ.get("DETENTE_DOCS_ALL") == "1"
    if item.kind == "python":
        compile(item.text, item.id, "exec")
        if not (item.sampled or run_all):
            pytest.skip(f"{item.id}: compiled; a slow page not in the sample (DETENTE_DOCS_ALL=1 runs it)")
        script = workdir / "snippet.py"
        script.write_text(_quick_python(item.text), encoding="utf-8")
        proc = subprocess.run([sys.executable, str(script)], cwd=workdir, capture_output=True, text=True,
                              timeout=600, env={**os.environ, "MPLBACKEND": "Agg"})
        assert proc.returncode == 0, f"{item.id}:\n{item.text}\n{proc.stderr[-3000:]}"
        return
    words = shlex.split(item.text)[1:]
    target = None
    if ">" in words:
        k = words.index(">")
        words, target = words[:k], words[k + 1]
    _parse(words)
    if not (item.sampled or run_all):
        pytest.skip(f"{item.id}: parsed; a slow command not in the sample (DETENTE_DOCS_ALL=1 runs it)")
    result = CliRunner().invoke(app, _quick(words))
    assert result.exit_code == 0, f"{item.id}: detente {' '.join(words)}\n{result.output[-3000:]}\n{result.exception!r}"
    assert "Traceback" not in result.output
    if target:
        (workdir / target).write_text(result.stdout, encoding="utf-8")


def test_the_docs_have_commands_and_snippets_to_check():
    """The extraction finds what the pages hold (a broken pattern would pass every page vacuously)."""
    shells = [i for i in ITEMS if i.kind == "shell"]
    assert len(shells) >= 40 and sum(i.kind == "python" for i in ITEMS) >= 8
    assert any(i.text.startswith("detente convert cop21.csv cop21.yaml") for i in shells)
    assert all(i.skip for i in shells if " serve" in i.text)
    assert all(i.files == {"toll.yaml": i.files.get("toll.yaml")} for i in ITEMS
               if i.page.endswith("write-a-scenario.md"))


def test_the_repository_has_the_licence_pyproject_declares():
    """pyproject.toml says MIT; there was no LICENSE file."""
    import tomllib

    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "2026 detente developers" in text


def test_example_names_every_shipped_file():
    """detente.example covers every shipped scenario and reference file, by name (the docs use the names)."""
    import detente

    data = Path(detente.__file__).parent / "data"
    for path in data.rglob("*"):
        if path.is_file() and path.name != "ATTRIBUTION.md" and "__pycache__" not in path.parts:
            assert detente.example(path.name) == path
    assert detente.example("istanbul_2025") == data / "scenarios" / "istanbul_2025.yaml"
    assert detente.example("decide/cop21.csv") == data / "reference" / "decide" / "cop21.csv"
    with pytest.raises(KeyError, match="istanbul_2025"):
        detente.example("nope.yaml")
