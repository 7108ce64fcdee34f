"""The bad-input corpus (tests/data/bad/): every malformed file gets a clear error naming the file and the
place, exit status 2, no traceback, and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import detente

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
EXPECTED = dict(line.split("\t", 1) for line in (BAD / "EXPECTED.tsv").read_text().splitlines() if line.strip())


def test_corpus_is_complete():
    files = {p.name for p in BAD.iterdir() if p.name != "EXPECTED.tsv"}
    assert files == set(EXPECTED) and len(files) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_raises_with_file_place_and_message(name):
    path = BAD / name
    with pytest.raises(detente.ScenarioError) as info:
        detente.load(path)
    problems = info.value.problems
    assert all(p.file == str(path) for p in problems)
    assert any(EXPECTED[name] in str(p) for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_validate_exits_2_with_one_line_per_problem(name):
    path = BAD / name
    proc = subprocess.run([sys.executable, "-m", "detente", "validate", str(path)], capture_output=True,
                          text=True, env={"COLUMNS": "1000", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert lines and all(line.startswith(f"error: {path}") for line in lines), lines
    assert any(EXPECTED[name] in line for line in lines)


@pytest.mark.parametrize("name", ["text_in_number.csv", "yaml_syntax.yaml", "decide_planted_errors.csv"])
def test_convert_writes_nothing_on_bad_input(name, tmp_path):
    target = tmp_path / "out.yaml"
    proc = subprocess.run([sys.executable, "-m", "detente", "convert", str(BAD / name), str(target)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and not any(tmp_path.iterdir())
