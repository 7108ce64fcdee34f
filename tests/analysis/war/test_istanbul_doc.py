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


def _facts_with_fake():
    from war_fakes import fake_solve_node

    sc = detente.load(detente.example("istanbul_2025"))
    return sc, _script().local("istanbul_facts").facts(sc.war, solver=fake_solve_node)


def test_the_disclosures_are_the_models_numbers_and_phrased_by_them():
    """REVIEW2 findings 2-5 and 8, on the closed-form stand-in (war_fakes.py), where every figure is known by hand:
    a settlement hazard 0.05 + 0.01 i after A's move i, so P(settled within 12 | observed) = 1 - 0.95^12; the
    serious type mixes (no pooling, posterior 2/3 after the observed move); the stalling type's observed move is
    its best (0.6 - 0.002 i), the serious type's is not (0.4 + 0.01 i x), so P(observed optimal) = 2/3; and
    P(us_secondary_sanctions) = 0.1 + 0.05 i rises with i, so it is lower after the aide (i = 0) than after a leader."""
    import pandas as pd

    from detente.analysis.war import missed_opportunity as answer
    from war_fakes import fake_solve_node

    sc, facts = _facts_with_fake()
    assert facts["settlement"][0]["settled"] == pytest.approx(1 - 0.95 ** 12)
    assert facts["p_observed_optimal"] == pytest.approx(2 / 3)
    assert facts["signals"]["pool"] is None
    aide, leader = facts["us"]["levers"]["us_secondary_sanctions"]
    assert aide == pytest.approx(0.1) and leader > aide
    result = answer.missed_opportunity(sc, draws=3, seed=1, break_even_belief=False, structural_draws=2,
                                       solver=fake_solve_node)
    draws = _script().local("istanbul_facts").over_draws(result)
    assert draws["pooled"] == 0 and draws["us"]["us_secondary_sanctions"]["reverses"] == 3
    factor = next(iter(sc.war.numbers()))
    sensitivity = pd.DataFrame({"factor": [factor], "mu_star": [0.1], "sigma": [0.0], "mu_star_conf": [0.0],
                                "low": [0.0], "high": [1.0]})
    page = _script().render(sc, result, sensitivity, ["| nominal line |"], facts, draws)
    assert "## What carries the answer" in page
    assert f"| Observed moves | {1 - 0.95 ** 12:.3g} | 0 |" in page
    assert "can signal its type" in page and "signalling channel is inactive" not in page
    assert "property does not hold at the nominal inputs" in page and "reverses in 3" in page
    assert "does not explain why Putin sent an aide" not in page  # the observed move is optimal for one type
    assert "accepted draws are therefore the input ranges conditioned on the history" in page


@pytest.mark.war_node
@pytest.mark.slow
def test_the_disclosures_on_the_page_are_todays():
    """The page's nominal-input disclosures are what istanbul_facts computes from the model today."""
    sc = detente.load(detente.example("istanbul_2025"))
    facts = _script().local("istanbul_facts").facts(sc.war)
    text = PAGE.read_text()
    assert f"missed opportunity is {_script().f(facts['missed'])}." in text
    assert f"| Observed moves | {_script().f(facts['settlement'][0]['settled'])} | 0 |" in text
