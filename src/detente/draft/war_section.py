"""The ``war:`` section of a draft: a skeleton in the war model's schema (:mod:`detente.scenario.war`).

Built from the ``war_draft`` record (what the article says about the node, :mod:`.war_draft`): the sides
(A, whose moves at the node are observed and whose type is private, is the attacker, else the first
delegation; B the other), the node, the move sets and the observed moves (delegation levels, the eve
attack, the ceasefire answer), each third party's sanction with the condition the text gives (a
``rules`` entry whose ``lever`` is the sanction), the supporter whose stake an agreement changes, the
attack's costs (``eve_attack_cost_b``, ``eve_attack``), A's cost of breaking an accepted ceasefire
(``ceasefire.break_cost``), and the rearmament argument (``ceasefire.rearm_*_km2``,
``enforcement.gain_*``). Every number the game reads is written
``{value: null, source, date, note: 'quote: "..."'}`` citing the quote that introduced its element
(for the node's own numbers, the quote that introduced the node: A's delegation, else the attack),
so :func:`detente.draft.build.unfilled` lists it and ``detente validate`` exits 2 until it is
filled. Nothing the text does not say is filled in: only structure (move sets, ``later_level``) and
what the text gives (a ceasefire's days as months) is written.
"""

from __future__ import annotations

import re
from typing import Any, Callable

__all__ = ["war_section", "war_evidence", "sanction_key", "plain_fields"]

_LEVELS = ["leader", "minister", "aide"]
Number = Callable[[dict], dict]  # a quote (article, paragraph, quote) -> an unfilled number citing it


def sanction_key(actor: str, instrument: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", f"{actor} {instrument}".lower()).strip("_")


def _moves_of(wd: dict, actor: str, move: str) -> list[dict]:
    return [m for m in wd.get("moves", []) if m["actor"] == actor and m["move"] == move]


def _node_quote(wd: dict) -> dict | None:
    a = wd.get("a")
    for move in ("delegation", "eve_attack", "ceasefire"):
        found = _moves_of(wd, a, move)
        if found:
            return found[0]["evidence"][0]
    for element in wd.get("moves", []) + wd.get("levers", []):
        return element["evidence"][0]
    return None


def _supporter(wd: dict, third: list[str]) -> str | None:
    """The third party an agreement gives a stake in B's cause (the minerals deal: the US), else none."""
    for g in wd.get("agreements", []):
        if g.get("stake") in third and wd.get("b") in g.get("parties", []):
            return g["stake"]
    return None


def _sanction_moves(lever: dict) -> tuple[list[str], str]:
    """(the sanctions move set, the observed value): a threat with a condition is 'conditional'."""
    if "secondary" in lever["instrument"].lower():
        return ["none", "secondary"], "none"
    return ["conditional", "immediate", "none"], "conditional" if lever.get("condition") else "none"


def war_section(wd: dict, n: Number, date: str | None, with_positions: set[str], issues: list[str]) -> dict | None:
    """The ``war:`` skeleton (plain data) from the ``war_draft`` record; ``None`` without two sides."""
    a, b = wd.get("a"), wd.get("b")
    q0 = _node_quote(wd)
    acting = {m["actor"] for m in wd.get("moves", [])}
    if not a or not b or q0 is None or not {a, b} <= acting:  # sides the text shows no move of: no node
        return None
    levers = [lv for lv in wd.get("levers", []) if lv["actor"] not in (a, b)]
    third = [x for x in dict.fromkeys([lv["actor"] for lv in levers] + sorted(with_positions - {a, b}))
             if x in with_positions]
    supporter = _supporter(wd, third)
    qa = _moves_of(wd, a, "delegation")[0]["evidence"][0] if _moves_of(wd, a, "delegation") else q0
    qb = _moves_of(wd, b, "delegation")[0]["evidence"][0] if _moves_of(wd, b, "delegation") else q0
    issue = next((i for i in issues if "territor" in i.lower()), None) or n(q0)  # the issue the front decides
    war: dict[str, Any] = {"node": f"Talks between {a} and {b}" + (f", {date}" if date else ""), "a": a, "b": b,
                           "supporter": supporter or n(q0)}  # no stake in the text: the analyst names B's supporter
    war["front"] = {"issue": issue, **{k: n(q0) for k in ("area_km2", "occupied_km2", "step_km2", "issue_at_zero",
                                                          "issue_at_full")}}
    war["discount"] = {a: n(qa), b: n(qb)}
    war["talks"] = {"proposer_a": n(q0), "rate": n(q0), "authority": {lvl: n(qa) for lvl in _LEVELS},
                    "later_level": "minister", "audience_cost": {lvl: n(qa) for lvl in _LEVELS}}
    war["types"] = {"prior_stalling": n(qa), "cost_a": {"serious": n(qa), "stalling": n(qa)}, "drift_bonus": n(qa)}
    war.update(_ceasefire(wd, n, a, b, q0))
    attacks = _moves_of(wd, a, "eve_attack")
    war["eve_attack_cost_b"] = n(attacks[0]["evidence"][-1] if attacks else q0)
    if attacks:  # the attack's consequences (its monthly cost to B, its one-off cost to A)
        war["eve_attack"] = {"cost_b_monthly": n(attacks[0]["evidence"][-1]), "cost_a": n(attacks[0]["evidence"][-1])}
    war["support"] = _support(wd, n, supporter, q0)
    war["sanctions"] = {sanction_key(lv["actor"], lv["instrument"]): {"by": lv["actor"], "cost_a": n(lv["evidence"][0]),
                                                              "sender_cost": n(lv["evidence"][0])}
                        for lv in levers if lv["actor"] in third}
    war["levers"] = {k: [{"parameter": "cost_a", "add": n(next(lv for lv in levers if sanction_key(lv["actor"],
                                                                lv["instrument"]) == k)["evidence"][0])}]
                     for k in war["sanctions"]}
    war["rules"] = [{"actor": lv["actor"], "description": lv.get("condition") or lv["instrument"],
                     "lever": sanction_key(lv["actor"], lv["instrument"]), "signals": lv.get("signals", []),
                     # a condition naming no move ("if Russia was trying to frustrate the peace process"): the
                     # analyst says which moves meet it (signals) and how many (at_least)
                     "at_least": 1 if lv.get("signals") else n(lv["evidence"][0]), "credibility": n(lv["evidence"][0])}
                    for lv in levers if lv["actor"] in third]
    war["third_parties"] = {x: {"war_cost": n(q0), "discount": n(q0)} for x in third}
    war["moves"], war["observed"] = _moves(wd, a, b, levers, third, supporter)
    return war


def _ceasefire(wd: dict, n: Number, a: str, b: str, q0: dict) -> dict:
    """``ceasefire`` (its length in months from the text's days, else to fill) and ``enforcement``."""
    days = next((m["days"] for m in wd.get("moves", []) if m["move"] == "ceasefire" and m.get("days")), None)
    answer = (_moves_of(wd, a, "ceasefire") or [{"evidence": [q0]}])[0]["evidence"][0]
    rearm = {r.get("about"): r["evidence"][0] for r in wd.get("arguments", []) if r.get("claim") == "rearm"}
    length: Any = max(1, round(days / 30)) if days else n(answer)
    out = {"ceasefire": {"length": length, "rearm_a_km2": n(rearm.get(a, answer)),
                         "rearm_b_km2": n(rearm.get(b, answer)), "cost_share": n(answer)},
           "enforcement": {"gain_a": n(rearm.get(a, q0)), "gain_b": n(rearm.get(b, q0))}}
    if _moves_of(wd, a, "ceasefire"):  # A answered a ceasefire: its cost of breaking one it accepted
        out["ceasefire"]["break_cost"] = n(answer)
    return out


def _support(wd: dict, n: Number, supporter: str | None, q0: dict) -> dict:
    """The supporter's levels (maintain, withdraw) and the monthly hazard the agreement's stake changes."""
    deal = next((g["evidence"][0] for g in wd.get("agreements", []) if g.get("stake") == supporter), q0)
    level = {k: n(q0) for k in ("drift", "sd", "cost_b", "cost_supporter")}
    return {"levels": {"maintain": level, "withdraw": {k: n(q0) for k in level}},
            "transitions": {"maintain": {"withdraw": n(deal)}, "withdraw": {"maintain": n(deal)}}}


def _moves(wd: dict, a: str, b: str, levers: list[dict], third: list[str], supporter: str | None):
    """(``moves``, ``observed``): A's delegation, eve attack and ceasefire answer, B's delegation, the levers."""
    moves: dict[str, dict[str, list[str]]] = {a: {"delegation": list(_LEVELS)}, b: {"delegation": list(_LEVELS)}}
    observed: dict[str, dict[str, str]] = {a: {}, b: {}}
    for side in (a, b):
        found = _moves_of(wd, side, "delegation")
        if found:
            observed[side]["delegation"] = found[0]["value"]
    if _moves_of(wd, a, "eve_attack"):
        moves[a]["eve_attack"], observed[a]["eve_attack"] = ["yes", "no"], "yes"
    answers = [m["value"] for m in _moves_of(wd, a, "ceasefire") if m["value"] in ("accept", "reject")]
    if answers:
        moves[a]["ceasefire"], observed[a]["ceasefire"] = ["accept", "reject"], answers[0]
    if supporter:
        moves.setdefault(supporter, {})["support"] = ["maintain", "withdraw"]
        observed.setdefault(supporter, {})["support"] = "maintain"
    for lv in levers:
        if lv["actor"] in third:
            values, seen = _sanction_moves(lv)
            moves.setdefault(lv["actor"], {})["sanctions"] = values
            observed.setdefault(lv["actor"], {})["sanctions"] = seen
    return moves, {k: v for k, v in observed.items() if v}


def war_evidence(wd: dict, war: dict) -> dict[str, list[dict]]:
    """Evidence of the ``war:`` section's elements, keyed ``war <path>`` (the section itself holds no quotes)."""
    out: dict[str, list[dict]] = {}
    for m in wd.get("moves", []):
        if war["observed"].get(m["actor"], {}).get(m["move"]) is not None:
            out.setdefault(f"war observed.{m['actor']}.{m['move']}", []).extend(m["evidence"])
    for k, rule in enumerate(war["rules"]):
        lv = next(lv for lv in wd.get("levers", []) if sanction_key(lv["actor"], lv["instrument"]) == rule["lever"])
        out[f"war rules[{k}]"] = out[f"war sanctions.{rule['lever']}"] = lv["evidence"]
    for g in wd.get("agreements", []):
        if isinstance(war["supporter"], str) and g.get("stake") == war["supporter"]:
            out[f"war support.transitions ({g['name']})"] = g["evidence"]
    days = [m for m in wd.get("moves", []) if m["move"] == "ceasefire" and m.get("days")]
    if days and not isinstance(war["ceasefire"]["length"], dict):
        out[f"war ceasefire.length ({days[0]['days']:g} days)"] = days[0]["evidence"]
    for r in wd.get("arguments", []):
        out[f"war ceasefire.rearm ({r['actor']}: {r.get('about')} would rearm)"] = r["evidence"]
    return out


def _plain(node: Any) -> Any:
    return node["value"] if isinstance(node, dict) and "value" in node else node


def plain_fields(war: dict) -> dict:
    """``war`` with the fields the schema takes plain but a draft may leave ``{value: null, source, note}``
    (``supporter``, ``front.issue``, ``ceasefire.length``, ``rules[k].at_least``) as their plain values."""
    war = dict(war)
    if "supporter" in war:
        war["supporter"] = _plain(war["supporter"])
    for part, field in (("front", "issue"), ("ceasefire", "length")):
        if isinstance(war.get(part), dict) and field in war[part]:
            war[part] = {**war[part], field: _plain(war[part][field])}
    if isinstance(war.get("rules"), list):
        war["rules"] = [{**r, "at_least": _plain(r["at_least"])} if isinstance(r, dict) and "at_least" in r else r
                        for r in war["rules"]]
    return war
