"""Hostile inputs: files that could crash a reader or have their lines counted wrong, and what must not pass silently.

Each test here failed before the fix: a traceback (RecursionError, ``_csv.Error``) where a clear
ScenarioError naming the file and the line belongs, a line number shifted by blank lines or a
multi-line cell, a repeated YAML key or a mixed salience scale taken without a word.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import detente
from detente.io import _yaml_load
from detente.io.deu3 import COLUMNS
from detente.scenario import MAX_RECORDS

DATA = Path(detente.__file__).parent / "data"


def _problems(path: Path) -> list[str]:
    with pytest.raises(detente.ScenarioError) as info:
        detente.load(path)
    assert all(p.file == str(path) for p in info.value.problems)
    return [str(p) for p in info.value.problems]


# ----------------------------------------------------------------------------- crashes become errors
@pytest.mark.parametrize("text", ["x: " + "[" * 5000 + "]" * 5000,
                                  "name: x\nactors:\n" + "".join("  " * k + "- \n" for k in range(1, 400)),
                                  "actors: " + "- " * 3000 + "x\n"])
def test_deeply_nested_yaml_is_an_error_naming_the_line(tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    problems = _problems(path)
    assert any("line 1" in p or "nested more than" in p for p in problems), problems


def test_deeply_nested_yaml_exits_2_without_traceback(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("name: x\nactors: " + "[" * 20000 + "]" * 20000 + "\n")
    proc = subprocess.run([sys.executable, "-m", "detente", "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr + proc.stdout
    assert str(path) in proc.stderr


def _deu3_row(**cells) -> str:
    return "\t".join(f'"{cells.get(c, "")}"' for c in COLUMNS)


def test_deu3_unterminated_quote_with_a_huge_field_names_the_line(tmp_path):
    header = "\t".join(f'"{c}"' for c in COLUMNS)
    good = _deu3_row(prnrnmc="1", isnrnmc="1", prnr="d05127", isnr="1", pcom="50", scom="50", out="40")
    bad = '"2"\t"2"\t"d05128\t' + "x" * 200_000  # the quote never closes
    path = tmp_path / "deu.tsv"
    path.write_text("\n".join([header, good, "", bad, good]) + "\n")
    problems = _problems(path)
    assert any("line 4" in p and "quote" in p for p in problems), problems


@pytest.mark.parametrize("name, head", [("tidy.csv", "actor,issue,position,salience\nA,x,1,0.5\n"),
                                        ("eum.csv", "actor,capability,position,salience\nA,1,1,0.5\n"),
                                        ("ktab.csv", "s,d,1,1\nActor,Description,Power,Dim0 Position,Dim0 "
                                                     "Salience\nA,a,1,50,50\n")])
def test_csv_readers_report_a_field_over_the_limit(tmp_path, name, head):
    path = tmp_path / name
    path.write_text(head + '\nB,"' + "y" * 200_000 + "\n")
    problems = _problems(path)
    line = head.count("\n") + 2  # after the head and one blank line
    assert any(f"line {line}:" in p and "longer than" in p for p in problems), problems


@pytest.mark.parametrize("suffix", [".yaml", ".csv", ".xml", ".tsv"])
def test_binary_input_is_an_error(tmp_path, suffix):
    path = tmp_path / f"image{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert _problems(path)


# ----------------------------------------------------------------------------- physical line numbers
def test_tidy_csv_reports_the_physical_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('actor,issue,position,salience,actor_description\n\nA,x,10,0.5,"two\nlines"\n\n'
                    "B,x,20,0.5,\nC,x,thirty,0.5,\n")
    problems = _problems(path)
    assert problems == [f"{path}: line 7, column position: expected a number, got 'thirty'"]


def test_tidy_csv_locates_validation_errors_on_the_physical_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('actor,issue,position,salience,actor_description\n\nA,x,10,0.5,"two\nlines"\n\n'
                    "B,x,20,1.5,\n")
    problems = _problems(path)
    assert any(p.startswith(f"{path}: line 6") for p in problems), problems


def test_eum_csv_reports_the_physical_line(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text('actor,capability,position,salience\n\n"A\nB",1,10,0.5\n\nC,x,20,0.5\n')
    assert _problems(path) == [f"{path}: line 6, column capability: expected a number, got 'x'"]


def test_ktab_reports_the_physical_line(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text('s,d,2,1\n\nActor,Description,Power,Dim0 Position,Dim0 Salience\n\nA,"one\ntwo",1,50,50\n'
                    "\nB,b,1,fifty,50\n")
    problems = _problems(path)
    assert any("line 8, column Dim0 Position" in p for p in problems), problems


# ----------------------------------------------------------------------------- not silently accepted
def test_repeated_yaml_key_names_both_lines(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("name: x\nactors:\n  - {name: A, capability: 1}\nissues:\n  - name: i\n    lower: 0\n"
                    "    upper: 10\n    upper: 100\npositions:\n  - {actor: A, issue: i, position: 5, salience: 1}\n")
    assert _problems(path) == [f"{path}: line 8: key 'upper' appears twice in one mapping, on line 7 and on "
                               "line 8; the first value would be lost"]


_MIXED = """name: x
actors: [{name: A}, {name: B}]
issues: [{name: i}]
positions:
  - {actor: A, issue: i, position: 5, salience: 0.8}
  - {actor: B, issue: i, position: 9, salience: 80}
"""


def test_mixed_salience_scale_is_an_error(tmp_path):
    path = tmp_path / "mixed.yaml"
    path.write_text(_MIXED)
    problems = _problems(path)
    assert len(problems) == 1 and "positions[1].salience" in problems[0]
    assert "B/i: salience 80 is on 0-100, but A/i has salience 0.8, on 0-1" in problems[0]
    assert "salience_scale" in problems[0]


@pytest.mark.parametrize("declared, expected", [("100", [0.008, 0.8]), ("'0-100'", [0.008, 0.8])])
def test_a_declared_scale_settles_it(tmp_path, declared, expected):
    path = tmp_path / "declared.yaml"
    path.write_text(f"salience_scale: {declared}\n" + _MIXED)
    assert [p.salience for p in detente.load(path).positions] == pytest.approx(expected)


def test_declared_0_1_scale_rejects_the_large_salience(tmp_path):
    path = tmp_path / "declared.yaml"
    path.write_text("salience_scale: 0-1\n" + _MIXED)
    assert any("above 1, but salience_scale is 1" in p for p in _problems(path))


def test_one_scale_files_are_unchanged():
    """0-100 files without a declaration still read as 0-100 (Istanbul, EC: no fraction beside them)."""
    for path in (DATA / "scenarios").glob("*.yaml"):
        sc = detente.load(path)
        assert all(0 <= p.salience <= 1 for p in sc.positions)


# ----------------------------------------------------------------------------- large files
def test_csv_past_the_record_limit_is_rejected_before_reading_on(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("actor,issue,position,salience\n" + "A,x,1,0.5\n" * (MAX_RECORDS + 5))
    problems = _problems(path)
    assert any(f"line {MAX_RECORDS + 2}" in p and f"{MAX_RECORDS:,}" in p for p in problems), problems


def test_yaml_past_the_value_limit_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(_yaml_load, "MAX_VALUES", 1000)
    path = tmp_path / "many.yaml"
    path.write_text("name: x\npositions:\n" + "  - {actor: A, issue: x, position: 1, salience: 0.5}\n" * 500)
    assert any("more than 1,000 values" in p for p in _problems(path))


def test_aliases_count_as_what_they_repeat(monkeypatch):
    """An 'exponential entity' file: ten aliases of ten aliases of ... is caught by its expanded size."""
    monkeypatch.setattr(_yaml_load, "MAX_VALUES", 10_000)
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]\n" for k in range(1, 8))
    with pytest.raises(_yaml_load.YamlProblem, match="more than 10,000 values"):
        _yaml_load.load(text)


def test_scenario_past_the_record_limit_is_rejected():
    data = {"name": "x", "actors": [{"name": f"a{k}"} for k in range(MAX_RECORDS + 1)], "issues": [], "positions": []}
    with pytest.raises(detente.ScenarioError, match=f"up to {MAX_RECORDS:,} actors"):
        detente.scenario_from_dict(data)


# ----------------------------------------------------------------------------- the loader agrees with PyYAML
_SHIPPED = sorted(p for p in Path(__file__).resolve().parents[2].rglob("*.y*ml")
                  if ".venv" not in p.parts and "node_modules" not in p.parts)


@pytest.mark.parametrize("path", _SHIPPED, ids=lambda p: p.name)
def test_loader_gives_safe_loads_data(path):
    """Peer: PyYAML's own SafeLoader, on every YAML file in the repository."""
    text = path.read_text(encoding="utf-8")
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:  # a file of the bad-input corpus: ours must refuse it too
        with pytest.raises((yaml.YAMLError, _yaml_load.YamlProblem)):
            _yaml_load.load(text)
        return
    assert _yaml_load.load(text) == expected


def test_loader_resolves_scalars_as_safe_load():
    text = ("[1, 0, 010, -5, +3, 0x1F, 0b101, 1_000, 1.5, .5, 1.5e+3, .inf, -.Inf, 1:30, 12:30:45.5, yes, No, on, "
            "null, ~, '', 2025-01-01, 2001-12-14t21:59:43.10-05:00, abc, 1e5, '1', !!str 5, !!float 3, -0]")
    ours, theirs = _yaml_load.load(text), yaml.safe_load(text)
    assert ours == theirs and [type(v) for v in ours] == [type(v) for v in theirs]
    base = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n"
    assert _yaml_load.load(base) == yaml.safe_load(base)
