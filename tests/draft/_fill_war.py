"""Fill a draft of the seed article from the shipped Istanbul scenario's numbers (tests of the war skeleton)."""

from __future__ import annotations

from typing import Any

#: The drafter's sanction keys -> the shipped scenario's.
SANCTIONS = {"united_states_secondary_sanctions": "us_secondary_sanctions", "european_union_sanctions": "eu_sanctions"}
#: The drafter's issue names -> the shipped scenario's.
ISSUES = {"sanctions": "sanctions relief", "ceasefire": "ceasefire timing", "territory": "territory"}


def _value(node: Any) -> dict:
    if isinstance(node, dict):
        return {k: node[k] for k in ("value", "low", "high") if k in node}
    return {"value": node}


def _shipped(war: dict, path: list[str]) -> Any:
    node: Any = war
    for part in path:
        if isinstance(node, list):
            node = node[int(part)]
        else:
            part = SANCTIONS.get(part, part)
            if part not in node:
                return None
            node = node[part]
    return node


def _fill_war(draft: Any, shipped: dict, path: list[str], missing: list[str]) -> None:
    if isinstance(draft, dict):
        for key, value in draft.items():
            if isinstance(value, dict) and "value" in value and value["value"] is None:
                found = _shipped(shipped, path + [key])
                if found is None:
                    missing.append(".".join(path + [key]))
                else:
                    value.update(_value(found))
            else:
                _fill_war(value, shipped, path + [key], missing)
    elif isinstance(draft, list):
        for k, value in enumerate(draft):
            _fill_war(value, shipped, path + [str(k)], missing)


def fill_from_shipped(doc: dict, shipped: dict) -> list[str]:
    """Fill ``doc`` in place; returns the war paths the shipped scenario has no number for."""
    caps = {a["name"]: a["capability"] for a in shipped["actors"]}
    for actor in doc["actors"]:
        actor["capability"].update(_value(caps[actor["name"]]))  # a ranged capability keeps its range
    held = {(p["actor"], p["issue"]): p for p in shipped["positions"]}
    for p in doc["positions"]:
        src = held[(p["actor"], ISSUES[p["issue"]])]
        for field in ("position", "salience"):
            p[field].update(_value(src[field]))
    for rule in doc["war"].get("rules", []):  # the shipped rule of the same lever (the first: the threat's)
        src = next(r for r in shipped["war"]["rules"] if r["lever"] == SANCTIONS[rule["lever"]])
        rule["credibility"].update(_value(src["credibility"]))
        if isinstance(rule["at_least"], dict):  # a condition naming no move: the shipped signals and count
            rule["signals"], rule["at_least"]["value"] = src["signals"], src["at_least"]
    missing: list[str] = []
    _fill_war(doc["war"], shipped["war"], [], missing)
    return missing
