"""Did an actor miss an opportunity? Value of each move at a decision node, over the scenario's uncertainty.

For actor ``i`` at the node of a scenario's ``war:`` section, the *missed
opportunity* is its expected discounted utility of its best available move
minus that of the move it made, with the belligerents playing the model's
equilibrium (:mod:`detente.models.war.solver`) and the third parties
following their rules (:mod:`detente.models.war.third_parties`); every other
actor's moves stay as observed. A's type is unknown to the analyst: values
average over it with the analyst's posterior after the observed moves (the
same Bayes update B makes).

Each uncertain number of the section is drawn ``draws`` times (draw ``k``
uses the ``k``-th child of ``SeedSequence(seed)``, so serial, parallel and
Ray runs agree); reported are the mean, a 90% interval (5th-95th
percentiles) and the share of draws in which the missed opportunity is
positive. For each counterfactual of the section (and the observed moves):
the probability of a negotiated settlement within 6, 12 and 24 rounds and
the expected terms (A's share of the stake in a settlement); the same for
each of A's alternative moves. And the *joint* missed opportunity of the
belligerents (:func:`detente.models.war.node.joint_loss`): what the war
costs both from the node, in the draws and for the types for which a
self-enforcing bargaining range existed there (Fearon 1995; Powell 2006).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from itertools import product
from typing import Any, Callable

import numpy as np

from ...execution import run_draws
from ...models.war import node as war_node
from ...scenario.war import WarSpec
from ...scenario import Scenario

__all__ = ["alternatives", "draw_params", "evaluate_draw", "missed_at", "missed_opportunity",
           "MissedOpportunityResult", "break_even", "HORIZONS"]

HORIZONS = (6, 12, 24)


def _spec(scenario: Scenario | WarSpec) -> WarSpec:
    spec = scenario.war if isinstance(scenario, Scenario) else scenario
    if spec is None:
        raise ValueError("the scenario has no war: section (see docs/reference/scenario-format.md)")
    return spec


def alternatives(spec: WarSpec, actor: str) -> list[dict[str, str]]:
    """Every combination of ``actor``'s moves, as ``{"Actor.move": value}`` changes (observed first)."""
    moves = spec.moves.get(actor, {})
    names = list(moves)
    observed = tuple(spec.observed.get(actor, {}).get(m) for m in names)
    combos = sorted(product(*(moves[m] for m in names)), key=lambda c: c != observed)
    return [{f"{actor}.{m}": v for m, v in zip(names, combo)} for combo in combos]


def move_label(changes: dict[str, str]) -> str:
    """``{"Russia.delegation": "leader", ...}`` -> ``"delegation=leader, ..."``."""
    return ", ".join(f"{k.rpartition('.')[2]}={v}" for k, v in changes.items())


def draw_params(spec: WarSpec, seed: np.random.SeedSequence) -> dict[str, float]:
    """One draw of every uncertain number (certain ones at their value), by path.

    The nominal values are :func:`detente.models.war.node.nominal_params`.
    """
    rng = np.random.default_rng(seed)
    return {label: num.draw(rng) for label, num in sorted(spec.numbers().items())}


def evaluate_draw(spec: WarSpec, params: dict[str, float], backend: str = "numba") -> dict[str, Any]:
    """Values of every actor's alternatives and the counterfactuals' outcomes, for one parameter set.

    Returns a dict: ``actors`` (per actor, the value of each alternative, observed first),
    ``outcomes`` (per counterfactual: settlement within 6/12/24 rounds, the curve, terms, A's share,
    B's belief, every actor's value), ``moves`` (A's alternatives: ``settled`` of shape
    ``(alternatives, horizons)`` and ``terms``) and ``joint`` (the joint missed opportunity at the
    observed moves and P(a self-enforcing range), :func:`detente.models.war.node.joint_missed`).
    ``backend="numpy"`` uses the reference solver (slower; the benchmark's baseline).
    """
    cache = war_node.Cache(backend)
    memo: dict[tuple, war_node.NodeValue] = {}

    def value(changes: dict[str, str], outcomes: bool) -> war_node.NodeValue:
        key = (tuple(sorted(changes.items())), outcomes)
        full = (tuple(sorted(changes.items())), True)
        if full in memo:
            return memo[full]
        if key not in memo:
            memo[key] = war_node.evaluate(spec, params, war_node.profile_with(spec, changes), cache,
                                          outcomes=outcomes)
        return memo[key]

    actors = {}
    for actor in spec.moves:
        detail = actor != spec.b  # third parties' values need the forward pass; A's moves report outcomes
        actors[actor] = np.array([value(ch, detail).values[actor] for ch in alternatives(spec, actor)])
    horizons = [h for h in HORIZONS if h <= spec.horizon]
    own = [value(ch, True) for ch in alternatives(spec, spec.a)]
    moves = {"settled": np.array([[v.settled_by[h - 1] for h in horizons] for v in own]).reshape(len(own), -1),
             "terms": np.array([v.terms for v in own])}
    joint, p_range = war_node.joint_missed(spec, params, war_node.profile_with(spec), cache)
    scenarios = {"observed": {}} | {cf.name: cf.set for cf in spec.counterfactuals}
    outcomes = {}
    for name, changes in scenarios.items():
        v = value(changes, True)
        outcomes[name] = {"settled": np.array([v.settled_by[h - 1] for h in horizons]),
                          "curve": np.asarray(v.settled_by, dtype=float),
                          "terms": v.terms, "share": v.share, "belief": v.belief,
                          "values": np.array([v.values[a] for a in spec.moves])}
    return {"actors": actors, "outcomes": outcomes, "moves": moves, "joint": np.array([joint, p_range])}


def _draw_task(spec: WarSpec, seed: np.random.SeedSequence | None) -> dict[str, Any]:
    return evaluate_draw(spec, draw_params(spec, seed))


def _interval(values: np.ndarray) -> dict[str, float]:
    values = np.asarray(values, dtype=float)
    ok = values[np.isfinite(values)]
    if ok.size == 0:
        return {"value": float("nan"), "low": float("nan"), "high": float("nan")}
    return {"value": float(ok.mean()), "low": float(np.quantile(ok, 0.05)), "high": float(np.quantile(ok, 0.95))}


@dataclass
class MissedOpportunityResult:
    """Per-draw values and their summaries (see :func:`missed_opportunity`)."""

    spec: WarSpec
    draws: int
    seed: int
    moves: dict[str, list[dict[str, str]]]
    values: dict[str, np.ndarray]  # actor -> (draws, alternatives)
    outcomes: dict[str, dict[str, np.ndarray]]  # counterfactual -> settled (draws, H), terms, values (draws, actors)
    nominal: dict[str, Any] = field(default_factory=dict)
    break_even: dict[str, Any] = field(default_factory=dict)
    move_outcomes: dict[str, np.ndarray] = field(default_factory=dict)  # A's moves: settled (draws, moves, H), terms
    joint: np.ndarray | None = None  # (draws, 2): joint missed opportunity, P(self-enforcing range)

    def missed(self, actor: str) -> np.ndarray:
        """Per draw: best alternative's value minus the observed move's (>= 0)."""
        v = self.values[actor]
        return v.max(axis=1) - v[:, 0]

    def summary(self, actor: str) -> dict[str, Any]:
        """``missed_opportunity`` (value, low, high, p_positive), the best move and the value of each move."""
        mo = self.missed(actor)
        best = np.bincount(self.values[actor].argmax(axis=1), minlength=len(self.moves[actor]))
        moves = [{"move": move_label(ch), "observed": k == 0, **_interval(self.values[actor][:, k]),
                  "best_share": float(best[k] / self.draws)} for k, ch in enumerate(self.moves[actor])]
        if actor == self.spec.a and self.move_outcomes:
            settled, terms = self.move_outcomes["settled"], self.move_outcomes["terms"]
            for k, entry in enumerate(moves):
                entry.update({f"settled_{h}": _interval(settled[:, k, i])
                              for i, h in enumerate(HORIZONS[: settled.shape[2]])})
                entry["terms"] = _interval(terms[:, k])
        return {
            "observed_move": move_label(self.moves[actor][0]),
            "missed_opportunity": {**_interval(mo), "p_positive": float((mo > 1e-9).mean())},
            "best_move": move_label(self.moves[actor][int(best.argmax())]),
            "best_move_share": float(best.max() / self.draws),
            "moves": moves,
        }

    def joint_summary(self) -> dict[str, float]:
        """The joint missed opportunity (mean, 90% interval) and the mean P(a self-enforcing range)."""
        if self.joint is None:
            return {}
        return {**_interval(self.joint[:, 0]), "p_range": float(self.joint[:, 1].mean())}

    def counterfactual_table(self) -> list[dict[str, Any]]:
        """Per counterfactual (observed first): settlement probabilities within 6/12/24 rounds and the terms."""
        labels = {"observed": "Observed moves"} | {cf.name: cf.label for cf in self.spec.counterfactuals}
        rows = []
        for name, out in self.outcomes.items():
            row = {"counterfactual": name, "label": labels[name]}
            for k, h in enumerate(HORIZONS[: out["settled"].shape[1]]):
                row[f"settled_{h}"] = _interval(out["settled"][:, k])
            row["terms"] = _interval(out["terms"])
            row["share"] = _interval(out["share"])
            row["values"] = {a: _interval(out["values"][:, i]) for i, a in enumerate(self.spec.moves)}
            rows.append(row)
        return rows

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (docs/reference/json.md, section ``detente war``)."""
        return {"node": self.spec.node, "draws": self.draws, "seed": self.seed,
                "actors": {a: self.summary(a) for a in self.spec.moves},
                "counterfactuals": self.counterfactual_table(),
                "joint_missed_opportunity": self.joint_summary(),
                "break_even": self.break_even}


def missed_opportunity(scenario: Scenario | WarSpec, draws: int = 1000, seed: int = 0, executor=None,
                       progress: Callable[[int], None] | None = None, break_even_belief: bool = True
                       ) -> MissedOpportunityResult:
    """Missed opportunity per actor, and settlement under each counterfactual, over ``draws`` draws.

    Parameters
    ----------
    scenario
        A scenario with a ``war:`` section (or the section itself).
    draws, seed
        Monte Carlo draws of the section's uncertain numbers and the run's seed.
    executor
        From :func:`detente.execution.get_executor` (default: this process).
    progress
        Called with the number of draws finished as chunks finish.
    """
    spec = _spec(scenario)
    fn = partial(_draw_task, spec)
    results = run_draws(fn, seed, draws, executor,
                        progress=(lambda chunk: progress(len(chunk[0]))) if progress else None)
    moves = {a: alternatives(spec, a) for a in spec.moves}
    values = {a: np.stack([r["actors"][a] for r in results]) for a in spec.moves}
    outcomes = {}
    for name in results[0]["outcomes"]:
        rows = [r["outcomes"][name] for r in results]
        outcomes[name] = {"settled": np.stack([r["settled"] for r in rows]),
                          "curve": np.stack([r["curve"] for r in rows]),
                          "terms": np.array([r["terms"] for r in rows]),
                          "share": np.array([r["share"] for r in rows]),
                          "values": np.stack([r["values"] for r in rows])}
    move_outcomes = {key: np.stack([r["moves"][key] for r in results]) for key in ("settled", "terms")}
    result = MissedOpportunityResult(spec, draws, seed, moves, values, outcomes, nominal=_task_nominal(spec),
                                     move_outcomes=move_outcomes, joint=np.stack([r["joint"] for r in results]))
    if break_even_belief:
        result.break_even = break_even(spec)
    return result


def _task_nominal(spec: WarSpec) -> dict[str, Any]:
    """Each actor's missed opportunity at the nominal inputs."""
    out = evaluate_draw(spec, war_node.nominal_params(spec))
    return {a: (out["actors"][a].max() - out["actors"][a][0]) for a in spec.moves}


def missed_at(spec: WarSpec, params: dict[str, float], actor: str) -> float:
    """``actor``'s missed opportunity for one parameter set: its best move's value minus the observed move's.

    A third party's value needs the forward pass over the lever lotteries
    (``outcomes=True`` in :func:`detente.models.war.node.evaluate`); the
    belligerents' values do not.
    """
    cache = war_node.Cache()
    third = actor not in (spec.a, spec.b)
    vals = [war_node.evaluate(spec, params, war_node.profile_with(spec, ch), cache, outcomes=third).values[actor]
            for ch in alternatives(spec, actor)]
    return max(vals) - vals[0]


def break_even(spec: WarSpec, rounds: int = 12, tol: float = 1e-4) -> dict[str, Any]:
    """A's belief in the supporter's withdrawal at which A's missed opportunity vanishes (nominal inputs).

    The belief is the per-round withdrawal hazard ``h`` (reported also as P(withdrawal within
    ``rounds`` rounds) = ``1 - (1 - h)^rounds``, :func:`~detente.models.war.closed_forms.settlement_within`);
    found by bisection on [0, 0.5] when the missed opportunity changes sign there, else None.
    """
    from ...models.war.closed_forms import settlement_within

    base = war_node.nominal_params(spec)

    def missed(h: float) -> float:
        return missed_at(spec, {**base, "withdrawal_hazard": h}, spec.a)

    lo, hi = 0.0, 0.5
    m_lo, m_hi = missed(lo), missed(hi)
    out: dict[str, Any] = {"actor": spec.a, "belief": "withdrawal_hazard", "nominal": base["withdrawal_hazard"],
                           "missed_at_0": m_lo, "missed_at_0.5": m_hi, "hazard": None, "p_within": None,
                           "rounds": rounds}
    if (m_lo > 1e-9) == (m_hi > 1e-9):
        return out
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if (missed(mid) > 1e-9) == (m_lo > 1e-9):
            lo = mid
        else:
            hi = mid
    out["hazard"] = 0.5 * (lo + hi)
    out["p_within"] = settlement_within(out["hazard"], rounds)
    return out
