"""docs/explanation/accuracy.md's leaderboard is the backtest's own output, not typed by hand.

Each table is recomputed with the models it lists (so a model registered later does not make the page
stale until someone regenerates it with ``python scripts/gen_leaderboard.py``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import gen_leaderboard  # noqa: E402

import detente  # noqa: E402


def _block(variant: str) -> str:
    text = gen_leaderboard.TARGET.read_text()
    match = re.search(rf"<!-- leaderboard:{variant}:start -->\n(.*?)\n<!-- leaderboard:{variant}:end -->",
                      text, re.S)
    assert match, f"no leaderboard:{variant} block; run python scripts/gen_leaderboard.py"
    return match.group(1)


@pytest.mark.parametrize("variant", list(gen_leaderboard.VARIANTS))
def test_leaderboard_is_the_backtest_output(variant):
    block = _block(variant)
    listed = re.findall(r"^\| `([^`]+)` \|", block, re.M)
    assert "mean" in listed
    registered = list(detente.models.available())
    base = [m for m in registered if m in listed]  # registry order, as `--models all` runs them
    assert set(base) == set(listed) - {"stacked", "menu"}, "a listed model is no longer registered"
    bt = gen_leaderboard.backtest(variant, models=base)
    assert gen_leaderboard.table(bt) == block, "stale leaderboard: run python scripts/gen_leaderboard.py"
