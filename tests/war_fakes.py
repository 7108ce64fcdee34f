"""A stand-in for detente.models.war.node.solve_node whose answer is known in closed form.

It honours the NodeSolution contract of /work/coord/WAR-DESIGN.md (strategy, posterior, levers, values,
value_of, outcome_of) with values chosen so that every number the analysis derives can be computed by hand:

* A's moves, in the analysis' order (observed first) i = 0..n-1, are worth, per type,
  serious: 0.4 + 0.01 i x, stalling: 0.6 - 0.002 i, where x in [0, 1) is a number of the draw
  (:func:`draw_x`, the fractional part of 1000 x the sum of the draw's parameters).
* Strategy: stalling plays i = 0; serious plays i = 0 and i = n-1 with probability 1/2 each. With the prior
  P(stalling) = 1/2, Bayes' rule gives P(stalling | i = 0) = 0.5 / (0.5 + 0.25) = 2/3.
* Everyone else's move j (its own alternatives, observed first) is worth 0.3 + 0.02 j (w - 1/2) at the
  weight w on A's stalling type.
* After A's move i, P(us_secondary_sanctions) = 0.1 + 0.05 i and P(eu_sanctions) = 0.5.
* Channel switches (``off``, :mod:`detente.analysis.war.channels`): every move-dependent part of every value
  above is multiplied by the sum of :data:`CHANNEL_WEIGHTS` of the channels left on, so each actor's missed
  opportunity is linear in it and channel c's Shapley value is ``CHANNEL_WEIGHTS[c]`` x the missed opportunity
  (Shapley 1953: additivity and the null player), the remainder 0.
* Outcomes: a constant settlement hazard 0.05 + 0.01 i a month from A's move i, nobody quits, terms 0.5,
  the front at 1,000 km2 + 100 km2 a month.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.analysis.war.draw import alternatives, move_label

PRIOR = 0.5
CHANNEL_WEIGHTS = {"authority": 0.4, "signals": 0.3, "third_parties": 0.2, "battlefield": 0.1}


def draw_x(params: dict[str, float]) -> float:
    return float((1000 * sum(params.values())) % 1.0)


@dataclass
class FakeOutcomes:
    settled_by: np.ndarray
    quit_a_by: np.ndarray
    quit_b_by: np.ndarray
    terms_a: float
    front_mean_km2: np.ndarray
    front_sd_km2: np.ndarray
    package: dict = field(default_factory=dict)


@dataclass
class FakeNodeSolution:
    spec: object
    params: dict
    refinement: str
    strategy: dict = field(default_factory=dict)
    posterior: dict = field(default_factory=dict)
    levers: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    scale: float = 1.0

    def _index(self, actor: str, changes: dict) -> int:
        alts = alternatives(self.spec, actor)
        mine = {k: v for k, v in changes.items() if k.startswith(actor + ".")}
        if not mine:
            return 0
        merged = {**alts[0], **mine}
        return next(i for i, ch in enumerate(alts) if ch == merged)

    def value_of(self, actor: str, changes: dict, type_weight: float) -> float:
        if actor == self.spec.a:
            v = self.values[move_label(alternatives(self.spec, actor)[self._index(actor, changes)])][actor]
            return float((1 - type_weight) * v[0] + type_weight * v[1])
        return 0.3 + 0.02 * self._index(actor, changes) * (type_weight - 0.5) * self.scale

    def outcome_of(self, changes: dict, type_weight: float) -> FakeOutcomes:
        i = self._index(self.spec.a, changes)
        t = np.arange(1, self.spec.horizon + 1)
        h = 0.05 + 0.01 * i
        return FakeOutcomes(settled_by=1 - (1 - h) ** t, quit_a_by=np.zeros(len(t)), quit_b_by=np.zeros(len(t)),
                            terms_a=0.5, front_mean_km2=1000.0 + 100.0 * np.arange(len(t) + 1),
                            front_sd_km2=np.zeros(len(t) + 1))


def fake_solve_node(spec, params, refinement: str = "D1", backend: str = "numba",
                    off: frozenset = frozenset()) -> FakeNodeSolution:
    scale = sum(w for c, w in CHANNEL_WEIGHTS.items() if c not in off) if off else 1.0
    sol = FakeNodeSolution(spec, dict(params), refinement, scale=scale)
    labels = [move_label(ch) for ch in alternatives(spec, spec.a)]
    n, x = len(labels), draw_x(params)
    players = list(spec.moves)
    for i, label in enumerate(labels):
        a = np.array([0.4 + 0.01 * i * x * scale, 0.6 - 0.002 * i * scale])
        sol.values[label] = {p: (a if p == spec.a else np.array([0.3, 0.3])) for p in players}
        sol.levers[label] = {"us_secondary_sanctions": 0.1 + 0.05 * i, "eu_sanctions": 0.5}
    sol.strategy = {"serious": {labels[0]: 0.5, labels[-1]: 0.5}, "stalling": {labels[0]: 1.0}}
    for label in labels:
        s, w = sol.strategy["stalling"].get(label, 0.0), sol.strategy["serious"].get(label, 0.0)
        sol.posterior[label] = PRIOR * s / (PRIOR * s + (1 - PRIOR) * w) if s + w > 0 else 0.5
    return sol
