"""The CLI says what a user needs to know, in the order they need it (issue 14): the table first and one
line on where the runs were recorded; once that a first run compiles; that a Monte Carlo without uncertain
inputs has no spread; what the EU models assume of a scenario without EU institutions."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

import detente
from detente.cli import app

runner = CliRunner()


def _plain(tmp_path, *, actors=("A", "B", "C"), position=None):
    doc = {"name": "plain", "actors": [{"name": a, "capability": 1.0} for a in actors],
           "issues": [{"name": "x", "lower": 0, "upper": 100}],
           "positions": [{"actor": a, "issue": "x", "position": position if position and k == 0 else 20.0 * (k + 1),
                          "salience": 0.5} for k, a in enumerate(actors)]}
    path = tmp_path / "plain.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_forecast_prints_the_table_first_and_one_recorded_line(ec_path, tmp_path):
    """``make demo`` printed ``recorded runs`` and nine run ids before the table."""
    result = runner.invoke(app, ["forecast", str(ec_path), "--model", "all", "--store", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 0, result.output
    text = result.output
    n = len(detente.models.available())
    assert text.index("forecast per issue") < text.index(f"recorded {n} runs")
    recorded = [line for line in text.splitlines() if "recorded" in line]
    assert len(recorded) == 1 and len(re.findall(r"\d{8}-\d{6}", recorded[0])) <= 2, recorded
    assert text.rstrip().splitlines()[-1] == recorded[0]


def test_simulate_prints_the_table_before_the_recorded_line(ec_path, tmp_path):
    result = runner.invoke(app, ["simulate", str(ec_path), "-m", "mean", "--draws", "4", "--workers", "1",
                                 "--store", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 0, result.output
    assert result.output.index("draws (seed 0)") < result.output.index("recorded run")


def test_first_run_says_once_that_it_compiles(tmp_path, monkeypatch):
    """Kernels not yet cached by numba: one note; once numba has cached them, nothing."""
    from detente import _compile

    assert set(_compile.uncompiled(["eum", "mean", "exchange"], package=tmp_path)) == {"eum", "exchange"}
    cache = tmp_path / "models" / "__pycache__"
    cache.mkdir(parents=True)
    (cache / "_eum_kernels.eum_run-254.py311.nbi").write_text("")
    assert _compile.uncompiled(["eum", "mean", "exchange"], package=tmp_path) == ["exchange"]

    monkeypatch.setattr(_compile, "PACKAGE", tmp_path / "empty")
    path = _plain(tmp_path)
    result = runner.invoke(app, ["forecast", str(path), "-m", "eum", "--rounds", "1", "--no-store"])
    assert result.exit_code == 0, result.output
    assert result.output.count("compiling") == 1 and "numba" in result.output
    monkeypatch.setattr(_compile, "PACKAGE", tmp_path)
    result = runner.invoke(app, ["forecast", str(path), "-m", "eum", "--rounds", "1", "--no-store"])
    assert "compiling" not in result.output


def test_every_numba_module_is_known_to_the_compile_note():
    """A module with an @njit kernel that _compile.KERNELS does not list would compile without a word. Kernels
    inlined into their callers (``inline="always"``) compile (and are cached) inside them, never on their own, so
    a module of only those is not listed: numba writes no cache file for it, and the note would never go."""
    from detente import _compile

    package = Path(detente.__file__).parent
    own_kernel = re.compile(r"^@(numba\.)?n?jit(?!.*inline=\"always\")", re.M)
    with_kernels = {str(p.relative_to(package)) for p in package.rglob("*.py")
                    if own_kernel.search(p.read_text(encoding="utf-8"))}
    listed = {k for modules in _compile.KERNELS.values() for k in modules}
    assert with_kernels <= listed, with_kernels - listed
    assert listed <= with_kernels, listed - with_kernels
    assert all((package / k).is_file() for k in listed)


def test_simulate_without_uncertain_inputs_says_so(tmp_path):
    """1,000 identical draws ran without a word."""
    path = _plain(tmp_path)
    result = runner.invoke(app, ["simulate", str(path), "-m", "mean", "--draws", "3", "--workers", "1", "--no-store"])
    assert result.exit_code == 0, result.output
    assert "no uncertain inputs" in result.output and "monte-carlo.md" in result.output


def test_simulate_with_uncertain_inputs_says_nothing_of_it(tmp_path):
    path = _plain(tmp_path, position={"low": 10, "high": 30})
    result = runner.invoke(app, ["simulate", str(path), "-m", "mean", "--draws", "3", "--workers", "1", "--no-store"])
    assert result.exit_code == 0, result.output
    assert "no uncertain inputs" not in result.output


def test_eu_models_say_what_they_assume_outside_the_eu():
    """procedural and compromise on the Istanbul talks: a note says they read the actors as a QMV Council."""
    path = detente.example("istanbul_2025")
    result = runner.invoke(app, ["forecast", str(path), "--model", "all", "--no-store"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("note: procedural, compromise")]
    assert len(notes) == 1 and "Council member" in notes[0]
    result = runner.invoke(app, ["forecast", str(path), "--model", "eum", "--no-store"])
    assert "Council member" not in result.output


def test_eu_models_say_nothing_with_the_eu_institutions(tmp_path):
    path = _plain(tmp_path, actors=("com", "ep", "Germany", "France"))
    result = runner.invoke(app, ["forecast", str(path), "--model", "compromise", "--no-store"])
    assert result.exit_code == 0, result.output
    assert "note" not in result.output


def test_a_kernel_cache_older_than_a_kernel_it_calls_is_dropped(tmp_path):
    """numba's cache checks only the caller's own file, so a caller's cache older than an edited kernel it
    inlines is deleted (and compiled again); a cache newer than its dependencies is kept."""
    from detente import _compile

    war = tmp_path / "models" / "war"
    (war / "__pycache__").mkdir(parents=True)
    for name in ("_game_kernels.py", "_offer_kernel.py", "_interp_kernels.py"):
        (war / name).write_text("")
    cache = war / "__pycache__" / "_game_kernels.backward-300.py311.nbi"
    cache.write_text("")
    os.utime(war / "_offer_kernel.py", (1_000, 1_000))
    os.utime(war / "_interp_kernels.py", (1_000, 1_000))
    os.utime(cache, (2_000, 2_000))
    assert _compile.drop_stale_caches("models/war/_game_kernels.py", tmp_path) == [] and cache.exists()
    os.utime(war / "_offer_kernel.py", (3_000, 3_000))
    assert _compile.drop_stale_caches("models/war/_game_kernels.py", tmp_path) == [cache] and not cache.exists()
