"""The generated page docs/explanation/war-evidence.md carries today's numbers, not typed ones.

Regenerating it takes minutes (the game's durations against COW solve 60 games), so the test checks the
cheap parts: the calibration, support-level, aftermath and sourcing tables are exactly what the modules
give now, and the page's prose about the support levels still holds. When this fails, rerun
`.venv/bin/python scripts/gen_war_evidence_doc.py`.
"""

from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "explanation" / "war-evidence.md"


def _script():
    spec = importlib.util.spec_from_file_location("gen_war_evidence_doc", ROOT / "scripts" / "gen_war_evidence_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cheap_tables_are_todays():
    text, script = PAGE.read_text(), _script()
    for lines in (script.calibration_lines(), script.support_lines(), script.sourcing_lines()):
        for line in lines:
            assert line in text, line


def test_aftermath_table_is_todays():
    text = PAGE.read_text()
    assert all(line in text for line in _script().aftermath_lines())


def test_the_support_level_prose_holds():
    """The page says Russia gained less in the stall than in the window after it, and more than in 2023."""
    from detente.analysis.war import calibration as cal

    by = cal.by_support_level(_script().NODE_2025)
    net = cal.read_front().monthly_net()
    year_2023 = statistics.fmean(v for m, v in net.items() if m.startswith("2023"))
    assert year_2023 < by["withdraw"]["mean_km2"] < cal.observed_window(_script().NODE_2025).mean


def test_the_page_credits_deepstatemap():
    assert "https://deepstatemap.live" in PAGE.read_text()


def test_sanctions_table_is_todays():
    """The sanctions levers' table (cost to A and to the sender, each with its range) is what the shipped scenarios
    give now; every lever of a shipped war scenario is in it."""
    import detente

    text, lines = PAGE.read_text(), _script().sanctions_lines()
    assert all(line in text for line in lines)
    levers = sum(len(detente.load(detente.example(n)).war.sanctions) for n in detente.examples()
                 if detente.load(detente.example(n)).war is not None)
    assert len(lines) == 2 + levers
