"""``detente draft`` and ``detente validate`` on drafts: output forms, unfilled numbers, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from detente.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "draft"
SEED = FIXTURES / "istanbul-2025.txt"
runner = CliRunner()


def _fill(node, key=""):
    """Every value: null set to 0.5 (a valid capability, salience, share or factor), a war rule's at_least to 1."""
    if isinstance(node, dict):
        if "value" in node and node["value"] is None and "source" in node:
            node["value"] = 1 if key == "at_least" else 0.5
        for k, v in node.items():
            _fill(v, k)
    elif isinstance(node, list):
        for v in node:
            _fill(v)


def test_draft_yaml_then_validate_lists_unfilled_numbers_until_filled(tmp_path):
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["draft", str(SEED), "--source", "seed", "--date", "2025-05-16", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    assert data["actors"][0]["capability"]["value"] is None
    assert data["war"]["rules"][0]["credibility"]["value"] is None
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 2
    assert "actors[0].capability: needs a value" in result.output
    assert "war.rules[0].credibility: needs a value" in result.output
    assert 'quote: "' in result.output
    _fill(data)
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    plain = tmp_path / "scenario.yaml"
    assert runner.invoke(app, ["convert", str(out), str(plain)]).exit_code == 0
    assert "draft" not in yaml.safe_load(plain.read_text())


def test_draft_json_has_unfilled_and_evidence_with_quotes(tmp_path):
    out = tmp_path / "draft.json"
    result = runner.invoke(app, ["draft", str(SEED), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    text = SEED.read_text()
    assert doc["unfilled"] and all(set(u) == {"path", "quote"} for u in doc["unfilled"])
    assert all(u["quote"] in text for u in doc["unfilled"])
    assert {"actor Russia", "issue ceasefire"} <= set(doc["evidence"])
    for quotes in doc["evidence"].values():
        assert all(q["quote"] in text for q in quotes)
    attack = next(m for m in doc["war_draft"]["moves"] if m["move"] == "eve_attack")
    assert attack["size"] == 145 and all(q["quote"] in text for q in attack["evidence"])


def test_draft_reads_standard_input(tmp_path):
    out = tmp_path / "d.yaml"
    result = runner.invoke(app, ["draft", "-", "-o", str(out)], input=SEED.read_text())
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["draft"]["articles"][0]["label"] == "stdin"


def _big(path: Path) -> Path:
    with path.open("wb") as handle:  # a sparse 50 MB file: nothing is really written
        handle.truncate(50 * 1024 * 1024)
    return path


@pytest.mark.parametrize("name, make, message", [
    ("empty.txt", lambda p: p.write_text("  \n"), "empty"),
    ("binary.bin", lambda p: p.write_bytes(bytes(range(256)) * 10), "binary file"),
    ("huge.txt", _big, "an article is at most"),
    ("recipe.txt", lambda p: p.write_text("Whisk two eggs with sugar until pale, then fold in the flour and bake "
                                          "the cake for forty minutes in a warm oven. Serve it with cream."),
     "no actors"),
    ("french.txt", lambda p: p.write_text("La Russie et l'Ukraine se sont rencontrées à Istanbul pour des "
                                          "pourparlers directs, mais le président russe n'est pas venu et les "
                                          "négociations ont été brèves selon les diplomates présents sur place."),
     "does not look like English"),
    ("latin1.txt", lambda p: p.write_bytes("Négociations à Genève".encode("latin-1")), "not UTF-8"),
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, name, make, message):
    path = tmp_path / name
    make(path)
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["draft", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert name in result.output
    assert not out.exists()


def test_bad_date_and_missing_llm_options_exit_2(tmp_path):
    out = tmp_path / "d.yaml"
    assert runner.invoke(app, ["draft", str(SEED), "--date", "16/05/2025", "-o", str(out)]).exit_code == 2
    assert runner.invoke(app, ["draft", str(SEED), "--backend", "llm", "-o", str(out)]).exit_code == 2
    assert not out.exists()
