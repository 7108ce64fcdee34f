"""From what a back-end extracted to a draft document: a scenario with every unknown number marked.

The scenario part (actors, issues, positions) is detente's own format; a number the article does not
give is written ``{value: null, source: <article, paragraph>, note: 'quote: "..."'}``, so that filling
``value`` leaves a number with its evidence. ``evidence`` maps each element to its quotes; the
``war_draft`` record (:mod:`.war_draft`) says what the text reports about the war, and the ``war:``
section built from it (:mod:`.war_section`) is in the war model's schema with every number unfilled.
"""

from __future__ import annotations

from typing import Any

from .elements import Extraction, Quote
from .gazetteer import gazetteer
from .reader import Article
from .text import dates
from .war_draft import WarDraft
from .war_section import sanction_key, war_evidence, war_section

__all__ = ["build_document", "unfilled", "needs_value", "DRAFT_KEYS"]

#: Top-level keys a draft has beside the scenario's own.
DRAFT_KEYS = ("draft", "evidence", "war_draft", "unfilled")


def needs_value(q: Quote, date: str | None = None) -> dict[str, Any]:
    """An unfilled number, citing the quote that introduced the element it belongs to."""
    out: dict[str, Any] = {"value": None, "source": f"{q.article}, paragraph {q.paragraph}"}
    if date:
        out["date"] = date
    out["note"] = f'quote: "{q.quote}"'
    return out


def _ev(quotes: list[Quote]) -> list[dict]:
    return [q.model_dump() for q in quotes]


def _positions(ex: Extraction) -> list[tuple[str, str, Quote]]:
    """(actor, issue, quote) for each actor named in a sentence that names the issue."""
    gaz = gazetteer()
    actors = {a.name for a in ex.actors}
    out = []
    for issue in ex.issues:
        seen = set()
        for q in issue.evidence:
            for m in gaz.mentions(q.quote):
                if m.actor in actors and m.actor not in seen:
                    seen.add(m.actor)
                    out.append((m.actor, issue.name, q))
        if not seen:  # the issue is named without an actor: every actor gets a position to fill
            out += [(a.name, issue.name, issue.evidence[0]) for a in ex.actors]
    order = {a.name: k for k, a in enumerate(ex.actors)}
    return sorted(out, key=lambda t: ([i.name for i in ex.issues].index(t[1]), order[t[0]]))


def _sides(ex: Extraction) -> tuple[str | None, str | None]:
    """The belligerents: an attack's two sides, else two delegations, else two parties answering a ceasefire
    ("Israel and Hamas agreed to a ceasefire"), else the two most-quoted states (the draft's ``war:`` section
    is written only when both sides have a move, :func:`.war_section.war_section`)."""
    for attack in ex.attacks:
        if attack.target:
            return attack.actor, attack.target
    for found in ([d.actor for d in ex.delegations], [c.actor for c in ex.ceasefires if c.stance != "demand"]):
        two = list(dict.fromkeys(found))
        if len(two) >= 2:
            return two[0], two[1]
    states = sorted((a for a in ex.actors if a.kind == "state"), key=lambda a: -len(a.evidence))
    names = [a.name for a in states[:2]] + [None, None]
    return names[0], names[1]


def war_skeleton(ex: Extraction, date: str | None) -> WarDraft:
    """The ``war_draft`` sub-document from the extracted moves, levers, agreements and arguments."""
    a, b = _sides(ex)
    moves = [{"actor": d.actor, "move": "delegation", "value": d.level, "evidence": _ev(d.evidence)}
             for d in ex.delegations]
    for at in ex.attacks:
        if at.actor in (a, b) and at.before_talks:
            param = "eve_attack_cost_b"
            moves.append({"actor": at.actor, "move": "eve_attack", "value": "yes", "size": at.size, "unit": at.unit,
                          "effect": {"parameter": param, "how": "set"}, "evidence": _ev(at.evidence)})
    moves += [{"actor": c.actor, "move": "ceasefire", "value": c.stance, "days": c.days, "evidence": _ev(c.evidence)}
              for c in ex.ceasefires]
    levers = []
    for lv in ex.levers:
        if lv.actor in (a, b):
            continue
        param = f"sanctions.{sanction_key(lv.actor, lv.instrument)}.cost_a"
        signals = [f"{lv.target}.ceasefire=reject"] if lv.condition and "ceasefire" in lv.condition.lower() else []
        levers.append({"actor": lv.actor, "instrument": lv.instrument, "target": lv.target, "condition": lv.condition,
                       "signals": signals, "effect": {"parameter": param, "how": "add"}, "evidence": _ev(lv.evidence)})
    agreements = [{"name": g.name, "parties": g.parties, "stake": g.stake,
                   "effect": ({"parameter": "support.transitions.maintain.withdraw", "how": "set"}
                              if g.stake else None),
                   "evidence": _ev(g.evidence)} for g in ex.agreements]
    arguments = [{"actor": r.actor, "about": r.about, "claim": r.claim,
                  "effect": {"parameter": "ceasefire.rearm_b_km2" if r.about == b else "ceasefire.rearm_a_km2",
                             "how": "set"},
                  "evidence": _ev(r.evidence)} for r in ex.arguments]
    return WarDraft.model_validate({"a": a, "b": b, "moves": moves, "levers": levers, "agreements": agreements,
                                    "arguments": arguments})


def build_document(ex: Extraction, articles: list[Article], backend: str = "rules",
                   dropped: list[dict] | None = None) -> dict[str, Any]:
    """The draft document (plain data, in the order it is written)."""
    date = articles[0].date if articles else None
    labels = ", ".join(a.label for a in articles)
    actors = [{"name": a.name, "capability": needs_value(a.evidence[0], date)} for a in ex.actors]
    issues = [{"name": i.name, "description": "Define the scale: what 0 and 100 mean on this issue.",
               "lower": 0, "upper": 100} for i in ex.issues]
    positions = [{"actor": actor, "issue": issue, "position": needs_value(q, date), "salience": needs_value(q, date)}
                 for actor, issue, q in _positions(ex)]
    evidence = {f"actor {a.name}": _ev(a.evidence) for a in ex.actors}
    evidence |= {f"issue {i.name}": _ev(i.evidence) for i in ex.issues}
    war = _prune(war_skeleton(ex, date).model_dump())
    node_date = date or next((d for a in articles for d in dates(a.text)), None)
    section = war_section(war, lambda q: needs_value(Quote(**q), date), node_date,
                          {p["actor"] for p in positions}, [i.name for i in ex.issues])
    if section is not None:
        evidence |= war_evidence(war, section)
        positions += _side_positions(ex, section, positions, date)
    draft = {"backend": backend,
             "articles": [{"label": a.label, **({"date": a.date} if a.date else {}), "words": a.words,
                           **({"dates_in_text": dates(a.text)} if dates(a.text) else {}),
                           "sha256": a.sha256} for a in articles],
             "note": "Fill every 'value: null' (detente validate lists them), then use the file as a scenario."}
    if dropped:
        draft["dropped"] = dropped
    doc = {"draft": draft, "name": f"Draft from {labels}", "source": labels + (f" ({date})" if date else ""),
           "actors": actors, "issues": issues, "positions": positions,
           **({"war": section} if section is not None else {}), "war_draft": war, "evidence": evidence}
    doc["unfilled"] = unfilled(doc)
    return doc


def _side_positions(ex: Extraction, war: dict, positions: list[dict], date: str | None) -> list[dict]:
    """Positions to fill for a side the front's issue's sentences do not name: the war game values a settlement
    with both sides' positions on that issue (the seed names Ukraine, not Russia, beside "territory")."""
    issue = war["front"]["issue"]
    if not isinstance(issue, str):
        return []
    q = next(i.evidence[0] for i in ex.issues if i.name == issue)
    held = {(p["actor"], p["issue"]) for p in positions}
    return [{"actor": side, "issue": issue, "position": needs_value(q, date), "salience": needs_value(q, date)}
            for side in (war["a"], war["b"]) if (side, issue) not in held]


def _prune(data: Any) -> Any:
    """Drop ``None`` fields, except a number's ``value: null`` (which marks it unfilled)."""
    if isinstance(data, dict):
        number = "source" in data and "value" in data
        return {k: _prune(v) for k, v in data.items() if v is not None or (number and k == "value")}
    if isinstance(data, list):
        return [_prune(v) for v in data]
    return data


def unfilled(data: Any, path: str = "") -> list[dict[str, str]]:
    """``{"path", "quote"}`` for every ``value: null`` in the document (its scenario and war_draft parts)."""
    out: list[dict[str, str]] = []
    if isinstance(data, dict):
        if "value" in data and data["value"] is None and ("source" in data or "note" in data):
            note = str(data.get("note") or "")
            quote = note[len('quote: "'):-1] if note.startswith('quote: "') and note.endswith('"') else note
            return [{"path": path, "quote": quote}]
        for key, value in data.items():
            if path == "" and key in ("draft", "evidence", "unfilled"):
                continue
            out += unfilled(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            out += unfilled(value, f"{path}[{k}]")
    return out
