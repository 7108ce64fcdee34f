"""v1 of the third parties (fixed response rules), kept while v1 node.py and its analyses still import it; removed with them.

Third parties' response rules, read from the scenario and applied to the moves at a node.

A rule (:class:`~detente.scenario.war.Rule`) is data: *if* at least
``at_least`` of its signals are observed and all of its requirements hold,
its actor pulls its lever with probability ``credibility``. Which levers end
up pulled is therefore a lottery; :func:`lever_lotteries` lists its outcomes
exactly (every combination of the uncertain rules that apply), so the game is
solved once per outcome and the values are mixed with the outcome's
probability.
"""

from __future__ import annotations

from itertools import product

from ...scenario.war import WarSpec, parse_move

__all__ = ["Profile", "holds", "applicable_rules", "lever_lotteries"]

#: Moves per actor: ``{"Russia": {"delegation": "aide", ...}, ...}``.
Profile = dict[str, dict[str, str]]


def holds(profile: Profile, text: str) -> bool:
    """Does ``Actor.move=value`` hold in the profile?"""
    actor, move, value = parse_move(text)
    return profile.get(actor, {}).get(move) == value


def applicable_rules(spec: WarSpec, profile: Profile, params: dict[str, float]) -> list[tuple[str, float]]:
    """``(lever, credibility)`` of every rule whose condition holds for ``profile``."""
    out = []
    for k, rule in enumerate(spec.rules):
        if not all(holds(profile, r) for r in rule.requires):
            continue
        if sum(holds(profile, s) for s in rule.signals) < rule.at_least:
            continue
        out.append((rule.lever, params[f"rules[{k}].credibility"]))
    return out


def lever_lotteries(spec: WarSpec, profile: Profile, params: dict[str, float]) -> list[tuple[float, frozenset[str]]]:
    """The possible sets of pulled levers with their probabilities (independent rules; they sum to 1).

    Rules certain to fire (credibility 1) or never to fire (0) do not branch.
    """
    rules = applicable_rules(spec, profile, params)
    sure = frozenset(lever for lever, c in rules if c >= 1.0)
    uncertain = [(lever, c) for lever, c in rules if 0.0 < c < 1.0]
    outcomes: dict[frozenset[str], float] = {}
    for fired in product((True, False), repeat=len(uncertain)):
        prob = 1.0
        levers = set(sure)
        for (lever, c), f in zip(uncertain, fired):
            prob *= c if f else 1 - c
            if f:
                levers.add(lever)
        key = frozenset(levers)
        outcomes[key] = outcomes.get(key, 0.0) + prob
    return [(p, k) for k, p in sorted(outcomes.items(), key=lambda kv: sorted(kv[0]))]
