"""``detente draft`` writes a ``war:`` section in the war model's schema: the seed article gives
the shipped Istanbul scenario's structure, every number unfilled and cited, and once the numbers are filled
from the shipped scenario (src/detente/data/scenarios/istanbul_2025.yaml) the draft validates and solves.

Expected structure comes from reading the seed article (tests/fixtures/draft/istanbul-2025.txt, a copy of
shared/seed/istanbul-2025.txt): Russia sent an aide (Medinsky) and attacked with 145 drones before the
talks, Lavrov rejected the ceasefire; Ukraine sent its Defence and Foreign Ministers; the EU threatened
sanctions unless Russia agreed to a 30-day ceasefire; the US weighed secondary sanctions; the minerals deal
gives the US a stake. The shipped scenario encodes the same node by hand (its war: observed and moves).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from detente.cli import app
from detente.draft import draft
from detente.draft.reader import read_article

from _fill_war import fill_from_shipped  # tests/draft/_fill_war.py (pytest puts this folder on sys.path)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "draft" / "istanbul-2025.txt"
SHIPPED = ROOT / "src" / "detente" / "data" / "scenarios" / "istanbul_2025.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def doc():
    return draft([read_article(SEED, label="seed", date="2025-05-16")])


def test_seed_war_section_has_the_shipped_node_structure(doc):
    war, shipped = doc["war"], yaml.safe_load(SHIPPED.read_text())["war"]
    assert (war["a"], war["b"], war["supporter"]) == (shipped["a"], shipped["b"], shipped["supporter"])
    assert war["node"].endswith("2025-05-16")
    for side in ("Russia", "Ukraine"):  # A's three moves, B's delegation: as the shipped scenario's
        assert war["observed"][side] == shipped["observed"][side]
        assert war["moves"][side] == shipped["moves"][side]
    assert war["observed"]["United States"] == shipped["observed"]["United States"]
    assert war["observed"]["European Union"] == shipped["observed"]["European Union"]
    assert {s["by"] for s in war["sanctions"].values()} == {"United States", "European Union"}
    eu = next(r for r in war["rules"] if r["actor"] == "European Union")
    assert eu["signals"] == ["Russia.ceasefire=reject"] and "30-day ceasefire" in eu["description"]
    us = next(r for r in war["rules"] if r["actor"] == "United States")  # "frustrate the peace process": no move
    assert us["signals"] == [] and us["at_least"]["value"] is None and "frustrate" in us["description"]
    assert war["ceasefire"]["length"] == 1  # the text's 30 days
    assert war["front"]["issue"] == "territory"


def test_every_war_number_is_unfilled_and_cites_a_verbatim_quote(doc):
    text = SEED.read_text()
    war_paths = {u["path"]: u["quote"] for u in doc["unfilled"] if u["path"].startswith("war.")}
    for path in ("war.eve_attack_cost_b", "war.eve_attack.cost_b_monthly", "war.eve_attack.cost_a"):
        assert "145 drones" in war_paths[path]
    assert "Lavrov" in war_paths["war.ceasefire.break_cost"]  # Russia's answer to the ceasefire
    assert "minerals deal" in war_paths["war.support.transitions.maintain.withdraw"]
    assert "rearm" in war_paths["war.ceasefire.rearm_b_km2"] and "rearm" in war_paths["war.enforcement.gain_b"]
    assert all(q in text for q in war_paths.values())
    keys = [k for k in doc["evidence"] if k.startswith("war ")]
    assert "war observed.Russia.eve_attack" in keys and "war ceasefire.length (30 days)" in keys
    assert all(q["quote"] in text for k in keys for q in doc["evidence"][k])
    assert "credibility" not in doc["war_draft"]["levers"][0]  # numbers live in war: only, listed once


def test_validate_lists_war_numbers_until_filled_then_the_draft_validates(doc, tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 2
    assert "war.front.area_km2: needs a value" in result.output
    assert "war.rules[1].credibility: needs a value" in result.output
    filled = json.loads(json.dumps(doc))
    assert fill_from_shipped(filled, yaml.safe_load(SHIPPED.read_text())) == []
    out.write_text(yaml.safe_dump(filled, sort_keys=False, allow_unicode=True))
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output


@pytest.mark.war_node
def test_filled_seed_draft_solves_with_detente_war(doc, tmp_path):
    """The filled draft runs through the real war node (one draw, no structural draws: about 6 s CPU)."""
    filled = json.loads(json.dumps(doc))
    fill_from_shipped(filled, yaml.safe_load(SHIPPED.read_text()))
    out = tmp_path / "filled.yaml"
    out.write_text(yaml.safe_dump(filled, sort_keys=False, allow_unicode=True))
    result = runner.invoke(app, ["war", str(out), "--draws", "1", "--structural-draws", "0", "--workers", "1",
                                 "--no-store", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Russia" in result.output and "delegation=aide" in result.output


def test_the_how_to_counts_the_seed_drafts_empty_numbers(doc):
    """docs/how-to/draft-a-scenario.md quotes the seed draft's counts (its commands are not run by the docs test)."""
    page = (ROOT / "docs" / "how-to" / "draft-a-scenario.md").read_text()
    war = sum(u["path"].startswith("war.") for u in doc["unfilled"])
    assert f"{len(doc['unfilled'])} numbers need a value" in page
    assert f"Of the seed draft's {len(doc['unfilled'])} empty numbers, {war} are the war's." in page


def _fill_all(node, names, path=""):
    """Every value: null set: names from ``names`` by path, numbers 1 (a valid length) or 0.5."""
    if isinstance(node, dict):
        if "value" in node and node["value"] is None and "source" in node:
            node["value"] = names.get(path, 1 if path.endswith("ceasefire.length") else 0.5)
            return
        for k, v in node.items():
            _fill_all(v, names, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for k, v in enumerate(node):
            _fill_all(v, names, f"{path}[{k}]")


def test_names_the_text_does_not_give_are_unfilled_too(tmp_path):
    """The Riyadh article (tests/fixtures/draft/heldout) has the attack and the sides but no agreement giving a
    third party a stake and no territory issue: the supporter and the front's issue are to fill, then plain."""
    doc = draft([read_article(ROOT / "tests" / "fixtures" / "draft" / "heldout" / "riyadh-2025.txt")])
    paths = {u["path"] for u in doc["unfilled"]}
    assert {"war.supporter", "war.front.issue"} <= paths
    _fill_all(doc, {"war.supporter": "European Union", "war.front.issue": "ceasefire"})
    out = tmp_path / "riyadh.yaml"
    out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output


def test_no_war_section_when_the_text_shows_no_move_of_one_side():
    """The grain deal article: only Ukraine's delegation is a move at the node; Russia has none."""
    doc = draft([read_article(ROOT / "tests" / "fixtures" / "draft" / "grain-2022.txt")])
    assert "war" not in doc and doc["war_draft"]["a"] == "Russia"
