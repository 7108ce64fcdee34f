"""What the exchange model reads from a scenario and writes back: arrays on the 0-100 scale, actor weights, and
each executed exchange in the issues' own scales."""

from __future__ import annotations

import numpy as np

from ...scenario import Scenario


def effective_capability(c: np.ndarray, s: np.ndarray, a: float, b: float) -> np.ndarray:
    """``c^a s^(b-1)``, so that the core's weight ``c s`` is ``c^a s^b``; exactly ``c`` when a = b = 1."""
    if a == 1.0 and b == 1.0:
        return c
    with np.errstate(divide="ignore", invalid="ignore"):
        out = c ** a * s ** (b - 1.0)
    return np.where(s > 0, out, 0.0)


def scenario_arrays(scenario: Scenario):
    """Positions on 0-100, saliences and capabilities as (issues, actors) arrays; NaN where an actor is absent."""
    n_i, n_a = len(scenario.issues), len(scenario.actors)
    issue_index = {name: k for k, name in enumerate(scenario.issue_names)}
    actor_index = {name: k for k, name in enumerate(scenario.actor_names)}
    x, s = np.full((n_i, n_a), np.nan), np.full((n_i, n_a), np.nan)
    c = np.tile(np.array([a.capability for a in scenario.actors], float), (n_i, 1))
    lower = np.array([i.lower for i in scenario.issues])
    width = np.array([i.upper - i.lower for i in scenario.issues])
    for p in scenario.positions:
        d, a = issue_index[p.issue], actor_index[p.actor]
        x[d, a] = (p.position - lower[d]) * 100.0 / width[d]
        s[d, a] = p.salience
    return x, s, c, lower, width


def exchange_record(round_: int, order: int, e, names: list, issues: list, lower: list, scale: list) -> dict:
    """One executed exchange in the issue's own scale (``scale``: issue widths / 100)."""

    def side(v):
        d = v.supply
        return {"actor": names[v.actor], "supply": issues[d], "demand": issues[v.demand],
                "from": float(v.x_supply * scale[d] + lower[d]), "to": float(v.y * scale[d] + lower[d])}

    return {"round": round_, "order": order, "gain": float(e.gain), "unbounded_gain": float(e.equal_gain),
            "gain_i": float(e.gain_i), "gain_j": float(e.gain_j),
            "issues": (issues[e.p], issues[e.q]),
            "i": side(e.i), "j": side(e.j)}
