"""The rules back-end on the seed article: the elements a draft holds, each with a verbatim quote.

Expected elements come from reading the seed article (shared/seed/istanbul-2025.txt, copied into
tests/fixtures/draft/): its hand labels are tests/fixtures/draft/istanbul-2025.labels.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.draft.reader import article_from_text, read_article
from detente.draft.rules import extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "draft"


@pytest.fixture(scope="module")
def seed():
    article = read_article(FIXTURES / "istanbul-2025.txt", label="seed", date="2025-05-16")
    return article, extract([article])


def _verbatim(article, element):
    paragraphs = {p.number: p.text for p in article.paragraphs}
    for q in element.evidence:
        assert q.quote in paragraphs[q.paragraph], q.quote
        assert q.quote in article.text


def test_seed_actors(seed):
    article, ex = seed
    assert {a.name for a in ex.actors} == {"Russia", "Ukraine", "United States", "European Union", "Turkey"}
    for a in ex.actors:
        _verbatim(article, a)
    assert next(a for a in ex.actors if a.name == "European Union").kind == "organisation"


def test_seed_delegations_attack_ceasefire(seed):
    article, ex = seed
    assert {(d.actor, d.level) for d in ex.delegations} == {("Russia", "aide"), ("Ukraine", "minister")}
    (attack,) = ex.attacks
    assert (attack.actor, attack.target, attack.size, attack.unit, attack.before_talks) == (
        "Russia", "Ukraine", 145, "drones", True)
    assert any("145 drones" in q.quote for q in attack.evidence)
    stances = {(c.actor, c.stance) for c in ex.ceasefires}
    assert {("Ukraine", "demand"), ("Russia", "reject"), ("European Union", "demand")} <= stances
    assert next(c for c in ex.ceasefires if c.actor == "European Union").days == 30
    for el in [*ex.delegations, attack, *ex.ceasefires]:
        _verbatim(article, el)


def test_seed_both_sanctions_threats_with_conditions(seed):
    article, ex = seed
    levers = {(lv.actor, lv.target): lv for lv in ex.levers}
    assert set(levers) == {("United States", "Russia"), ("European Union", "Russia")}
    assert levers["United States", "Russia"].instrument == "secondary sanctions"
    assert "frustrate the peace process" in levers["United States", "Russia"].condition
    assert levers["European Union", "Russia"].condition == "if Russia did not agree to a 30-day ceasefire"
    for lv in levers.values():
        _verbatim(article, lv)
        assert lv.condition in " ".join(q.quote for q in lv.evidence)


def test_seed_minerals_deal_and_rearmament_argument(seed):
    article, ex = seed
    (deal,) = ex.agreements
    assert deal.name == "minerals deal" and deal.stake == "United States"
    assert set(deal.parties) == {"Ukraine", "United States"}
    (arg,) = ex.arguments
    assert (arg.actor, arg.about, arg.claim) == ("Russia", "Ukraine", "rearm")
    assert "rearm" in arg.evidence[0].quote
    for el in (deal, arg):
        _verbatim(article, el)


def test_rules_are_deterministic(seed):
    article, ex = seed
    assert extract([article]).model_dump() == ex.model_dump()


def test_html_article_is_reduced_to_its_main_text():
    body = "".join(f"<p>{line}</p>" for line in (FIXTURES / "istanbul-2025.txt").read_text().splitlines()[:8])
    html = (f"<html><head><title>x</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
            f"<article>{body}</article><footer>Copyright 2025 Example News</footer></body></html>")
    article = article_from_text(html, "page.html")
    assert "Copyright" not in article.text and "Home" not in article.text
    ex = extract([article])
    assert {"Russia", "Ukraine"} <= {a.name for a in ex.actors}
    assert any(a.size == 145 for a in ex.attacks)
