"""docs/explanation/drafting.md carries the figures a fresh scoring run gives (regenerate with
``python scripts/gen_drafting_docs.py``); the expected counts are the hand labels in tests/fixtures/draft/."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from detente.draft.score import score_files

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_drafting_docs", ROOT / "scripts" / "gen_drafting_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_drafting_page_matches_a_fresh_run():
    assert (ROOT / "docs" / "explanation" / "drafting.md").read_text() == _generator().render()


def test_seed_article_is_read_completely_and_labels_are_counted():
    totals, per = score_files(ROOT / "tests" / "fixtures" / "draft")
    seed = per["istanbul-2025.txt"]
    assert all(s.matched == s.labelled == s.extracted for s in seed.values())
    assert len(per) >= 4  # the seed and at least three other articles
    assert sum(s.labelled for s in totals.values()) == 66  # the hand labels, counted
    held, per_held = score_files(ROOT / "tests" / "fixtures" / "draft" / "heldout")
    assert len(per_held) == 3 and sum(s.labelled for s in held.values()) == 31
    assert held["actors"].recall == 1.0 and held["actors"].precision == 14 / 15  # Belarus from "OSCE Minsk Group"
