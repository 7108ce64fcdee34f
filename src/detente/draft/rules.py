"""The rules back-end: offline and deterministic (same articles, same draft, on any machine).

Sentence by sentence, the gazetteer finds the actors and :mod:`.patterns` the elements; elements the
text states more than once (the same attack in two sentences) are merged, keeping every quote.
"""

from __future__ import annotations

from .elements import ActorEl, Ceasefire, Extraction, IssueEl, Quote
from .gazetteer import gazetteer
from .patterns import ISSUE_PATTERNS, agreements, arguments, attacks, ceasefires, delegations, levers, quote_of
from .reader import Article
from .text import sentences

__all__ = ["extract"]

#: At most this many quotes are kept per element (the first ones in the text).
MAX_QUOTES = 5


def _merge(elements: list, key) -> list:
    """One element per key: the first one, with the later ones' quotes and any field it lacked."""
    kept: dict = {}
    for el in elements:
        k = key(el)
        if k not in kept:
            kept[k] = el
            continue
        first = kept[k]
        quotes = first.evidence + [q for q in el.evidence if q not in first.evidence]
        update = {"evidence": quotes[:MAX_QUOTES]}
        for name, value in el:
            if name != "evidence" and getattr(first, name) in (None, False) and value not in (None, False):
                update[name] = value
        if getattr(el, "instrument", "") == "secondary sanctions":
            update["instrument"] = el.instrument
        kept[k] = first.model_copy(update=update)
    return list(kept.values())


def extract(articles: list[Article]) -> Extraction:
    """Every element the patterns find in the articles, merged."""
    gaz = gazetteer()
    actor_quotes: dict[str, list[Quote]] = {}
    issue_quotes: dict[str, list[Quote]] = {}
    found: dict[str, list] = {k: [] for k in ("delegations", "attacks", "ceasefires", "levers", "agreements",
                                               "arguments")}
    for article in articles:
        for s in sentences(article):
            mentions = gaz.mentions(s.text)
            for m in mentions:
                actor_quotes.setdefault(m.actor, []).append(quote_of(s))
            for name, rx in ISSUE_PATTERNS.items():
                if rx.search(s.text):
                    issue_quotes.setdefault(name, []).append(quote_of(s))
            if not mentions:
                continue
            found["delegations"] += delegations(s, mentions)
            found["attacks"] += attacks(s, mentions)
            found["ceasefires"] += ceasefires(s, mentions)
            found["levers"] += levers(s, mentions)
            found["agreements"] += agreements(s, mentions)
            found["arguments"] += arguments(s, mentions)
    found["ceasefires"] += _demands_in_conditions(found["levers"])
    actors = [ActorEl(name=a, kind=gaz.kind(a), evidence=_unique(q)[:MAX_QUOTES]) for a, q in actor_quotes.items()]
    issues = [IssueEl(name=i, evidence=_unique(q)[:MAX_QUOTES]) for i, q in issue_quotes.items()]
    return Extraction(
        actors=actors, issues=issues,
        delegations=_merge(found["delegations"], lambda e: e.actor),
        attacks=_merge(found["attacks"], lambda e: (e.actor, e.target)),
        ceasefires=_merge(found["ceasefires"], lambda e: (e.actor, e.stance)),
        levers=_merge(found["levers"], lambda e: (e.actor, e.target)),
        agreements=_merge(found["agreements"], lambda e: e.name.lower()),
        arguments=_merge(found["arguments"], lambda e: (e.actor, e.about)),
    )


def _unique(quotes: list[Quote]) -> list[Quote]:
    out: list[Quote] = []
    for q in quotes:
        if q not in out:
            out.append(q)
    return out


def _demands_in_conditions(found_levers) -> list[Ceasefire]:
    """A threat conditioned on a ceasefire (``sanctions if Russia did not agree to a 30-day ceasefire``) is a
    demand for that ceasefire by the side that threatens."""
    from .patterns import _CEASEFIRE, _days

    out = []
    for lever in found_levers:
        if lever.condition and _CEASEFIRE.search(lever.condition):
            out.append(Ceasefire(actor=lever.actor, stance="demand", days=_days(lever.condition),
                                 evidence=lever.evidence))
    return out
