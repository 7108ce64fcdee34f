"""The generated write-up docs/explanation/istanbul-2025.md carries the model's numbers, not typed ones.

Regenerating the whole page takes about a minute (Monte Carlo and Morris screening), so the test
checks what is cheap and decisive: the page was generated from the shipped scenario as it is now
(its content hash), and its nominal-input table is exactly what the model gives today. When this
fails, rerun `.venv/bin/python scripts/gen_istanbul_doc.py`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import detente

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "explanation" / "istanbul-2025.md"


def _script():
    spec = importlib.util.spec_from_file_location("gen_istanbul_doc", ROOT / "scripts" / "gen_istanbul_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_page_is_generated_from_the_current_scenario():
    sc = detente.load(detente.example("istanbul_2025"))
    assert f"content hash `{sc.content_hash()[:12]}`" in PAGE.read_text()


@pytest.mark.war_node
@pytest.mark.slow
def test_nominal_numbers_are_the_models():
    sc = detente.load(detente.example("istanbul_2025"))
    text = PAGE.read_text()
    script = _script()
    for line in script.nominal_lines(sc.war):
        assert line in text


def test_the_page_says_what_the_numbers_support():
    """Rendered from the closed-form stand-in node (war_fakes.py): there the serious type's own-belief miss is
    0.01 (n - 1) x > 0, so the page must not claim that every type played a best response."""
    import pandas as pd

    from detente.analysis.war import missed_opportunity as answer
    from war_fakes import fake_solve_node

    sc = detente.load(detente.example("istanbul_2025"))
    result = answer.missed_opportunity(sc, draws=3, seed=1, break_even_belief=False, structural_draws=2,
                                       solver=fake_solve_node)
    factor = next(iter(sc.war.numbers()))
    sensitivity = pd.DataFrame({"factor": [factor], "mu_star": [0.1], "sigma": [0.0], "mu_star_conf": [0.0],
                                "low": [0.0], "high": [1.0]})
    page = _script().render(sc, result, sensitivity, ["| nominal line |"])
    for heading in ("## The answer", "## Every actor", "## What Russia's moves did to the third parties' levers",
                    "## Choices of the modeller", "## What drives the answer", "## Which channel carries the answer"):
        assert heading in page
    # the stand-in's split is 0.4 / 0.3 / 0.2 / 0.1 of the total (war_fakes.CHANNEL_WEIGHTS): no channel carries
    # more than half, so the page must not name one as carrying the answer
    assert "No single channel carries more than half" in page and "carries 40%" not in page
    assert "draws tried (0%)" in page
    assert "Each type played a best response" not in page
    assert "not a best response of the serious type" in page
