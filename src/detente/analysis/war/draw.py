"""One Monte Carlo draw of the war answer: the node's equilibrium solved once, every actor's moves valued.

For one draw of the ``war:`` section's uncertain numbers the node's perfect Bayesian equilibrium is solved
once (:func:`detente.models.war.node.solve_node`, a :class:`~detente.models.war.node.NodeSolution`); every
number the answer reports is then read off that solution, with the others' equilibrium responses kept:

* **A's moves** (the informed side, e.g. Russia): the value of each move per A's true type
  (``NodeSolution.values[move][A]``, order ``(serious, stalling)``). Under A's *own* beliefs (it knows its
  type) the missed opportunity is, per type, its best move's value minus the observed move's; under the
  *analyst's* beliefs the values are averaged over the types with the analyst's weight on ``stalling``.
* **Everyone else's moves** are valued with :meth:`NodeSolution.value_of` at a weight on A's stalling type:
  their *own* weight is the equilibrium posterior after A's observed move (they read the same signals as B,
  so they hold B's belief); the analyst's is the same posterior unless the scenario gives
  ``war.types.analyst_stalling`` (the analyst's own view of A's type).
* **P(the observed move is optimal)** in this draw: for A, the analyst's probability of the types for which the
  observed move is a best response (``sum_t P(t) 1[v_obs(t) >= max_m v_m(t) - tol]``; in a mixed equilibrium a
  type's support are all best responses); for the others, 1 when the observed move is a best response at their
  own belief, else 0. Averaged over draws it is the probability under the input ranges and the type, not the
  automatic P(missed > 0) of a maximum that includes the observed move.
* **Levers per move**: P(each third-party lever is applied) after the move (``NodeSolution.levers``; for moves
  of actors other than A, ``NodeSolution.levers_of(changes)`` when the node offers it, else the levers after
  A's observed move).
* **Outcomes** of each counterfactual and of each of A's moves (:meth:`NodeSolution.outcome_of`, mixed over
  the lever lotteries, types weighted by the analyst): P(settled within 6, 12, 24 rounds), A's expected terms
  in a settlement, P(either side quits) and the expected front.
"""

from __future__ import annotations

from itertools import product
from typing import Any, Callable

import numpy as np

from ...scenario.war import WarSpec

__all__ = ["HORIZONS", "TYPES", "alternatives", "analyst_weight", "draw_params", "evaluate_solution",
           "move_label", "observed_label", "selection_row", "survivors_of"]

HORIZONS = (6, 12, 24)
TYPES = ("serious", "stalling")
#: Values closer than this to the best are best responses (utility units: shares of the stake).
TOL = 1e-7


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


def observed_label(spec: WarSpec) -> str:
    """A's observed move as the node labels it."""
    return move_label(alternatives(spec, spec.a)[0])


def draw_params(spec: WarSpec, seed: np.random.SeedSequence) -> dict[str, float]:
    """One draw of every uncertain number (certain ones at their value), by path: the game's own
    :func:`detente.models.war.game.draw_params` (the war section's numbers and the issues' positions)."""
    from ...models.war.game import draw_params as game_draw

    return game_draw(spec, seed)


def analyst_weight(params: dict[str, float], sol, observed: str) -> float:
    """The analyst's P(A is the stalling type): ``war.types.analyst_stalling`` when the scenario gives it,
    else the equilibrium posterior after A's observed move (the belief B and the third parties hold)."""
    given = params.get("types.analyst_stalling")
    return float(given) if given is not None else float(sol.posterior[observed])


def _weights(w: float) -> np.ndarray:
    return np.array([1.0 - w, w])


def _a_values(spec: WarSpec, sol, w_analyst: float) -> dict[str, Any]:
    per_type = np.array([np.asarray(sol.values[move_label(ch)][spec.a], dtype=float)
                         for ch in alternatives(spec, spec.a)])  # (moves, 2)
    best = per_type.max(axis=0)
    optimal = per_type[0] >= best - TOL
    return {"analyst": per_type @ _weights(w_analyst), "own": per_type,
            "optimal": float(_weights(w_analyst) @ optimal)}


def _other_values(spec: WarSpec, sol, actor: str, w_own: float, w_analyst: float) -> dict[str, Any]:
    alts = alternatives(spec, actor)
    own = np.array([sol.value_of(actor, ch, w_own) for ch in alts], dtype=float)
    analyst = own if w_analyst == w_own else np.array([sol.value_of(actor, ch, w_analyst) for ch in alts],
                                                      dtype=float)
    return {"analyst": analyst, "own": own, "optimal": float(own[0] >= own.max() - TOL)}


def _levers(spec: WarSpec, sol, actor: str, names: list[str], observed: str) -> np.ndarray:
    """(moves, levers): P(lever applied) after each of ``actor``'s moves."""
    alts = alternatives(spec, actor)
    if actor == spec.a:
        rows = [sol.levers[move_label(ch)] for ch in alts]
    elif hasattr(sol, "levers_of"):
        rows = [sol.levers_of(ch) for ch in alts]
    else:
        rows = [sol.levers[observed]] * len(alts)
    return np.array([[float(row.get(n, np.nan)) for n in names] for row in rows])


def _outcome(out, horizons: list[int], stake_km2: float | None) -> dict[str, Any]:
    settled = np.asarray(out.settled_by, dtype=float)
    quit_a = np.asarray(getattr(out, "quit_a_by", np.zeros_like(settled)), dtype=float)
    quit_b = np.asarray(getattr(out, "quit_b_by", np.zeros_like(settled)), dtype=float)
    front = np.asarray(getattr(out, "front_mean_km2", np.full(len(settled) + 1, np.nan)), dtype=float)
    front_sd = np.asarray(getattr(out, "front_sd_km2", np.full(len(settled) + 1, np.nan)), dtype=float)
    share = front[-1] / stake_km2 if stake_km2 else np.nan
    at = [h - 1 for h in horizons]
    return {"settled": settled[at], "curve": settled, "quit_a": quit_a[at], "quit_b": quit_b[at],
            "front": front, "front_sd": front_sd, "terms": float(getattr(out, "terms_a", np.nan)),
            "share": float(share)}


class _Outcomes:
    """``sol.outcome_of`` once per full profile: a counterfactual equal to one of A's moves (e.g. Putin attends,
    the rest as observed) is the same forward pass."""

    def __init__(self, spec: WarSpec, sol, weight: float, horizons: list[int], stake_km2: float | None):
        self.observed = {f"{a}.{m}": v for a, moves in spec.observed.items() for m, v in moves.items()}
        self.sol, self.weight, self.horizons, self.stake, self.memo = sol, weight, horizons, stake_km2, {}

        self.raw: dict[tuple, Any] = {}

    def _key(self, changes: dict[str, str]) -> tuple:
        return tuple(sorted({**self.observed, **changes}.items()))

    def prefetch(self, profiles: list[dict[str, str]]) -> None:
        """Ask for every profile's outcomes at once: the war game's forward passes of games that share months
        1..T-1 then run as one batched pass (:func:`detente.models.war.forward.batched`; the same numbers)."""
        from ...models.war.forward import batched

        with batched():
            for changes in profiles:
                key = self._key(changes)
                if key not in self.raw and key not in self.memo:
                    self.raw[key] = self.sol.outcome_of(changes, self.weight)

    def __call__(self, changes: dict[str, str]) -> dict[str, Any]:
        key = self._key(changes)
        if key not in self.memo:
            raw = self.raw.pop(key, None)
            raw = self.sol.outcome_of(changes, self.weight) if raw is None else raw
            self.memo[key] = _outcome(raw, self.horizons, self.stake)
        return dict(self.memo[key])


def lever_names(sol) -> list[str]:
    """Every lever the node reports, sorted (the same in every draw of a scenario)."""
    return sorted({name for row in sol.levers.values() for name in row})


def evaluate_solution(spec: WarSpec, params: dict[str, float], sol, stake_km2: float | None = None
                      ) -> dict[str, Any]:
    """Everything one draw contributes to the answer, from one :class:`NodeSolution` (see the module doc).

    Returns ``actors`` (per actor: ``analyst`` values per move, ``own`` values (per type for A), ``optimal``,
    ``levers`` (moves, levers)), ``weights`` (the analyst's and the others' P(stalling)), ``outcomes`` per
    counterfactual (observed first) and ``moves`` (A's moves' outcomes), and ``strategy`` (A's equilibrium
    strategy, (2, moves)).
    """
    observed = observed_label(spec)
    w_an = analyst_weight(params, sol, observed)
    w_own = float(sol.posterior[observed])
    names = lever_names(sol)
    actors = {}
    for actor in spec.moves:
        entry = (_a_values(spec, sol, w_an) if actor == spec.a else _other_values(spec, sol, actor, w_own, w_an))
        entry["levers"] = _levers(spec, sol, actor, names, observed)
        actors[actor] = entry
    horizons = [h for h in HORIZONS if h <= spec.horizon]
    scenarios = {"observed": {}} | {cf.name: cf.set for cf in spec.counterfactuals}
    outcome = _Outcomes(spec, sol, w_an, horizons, stake_km2)
    outcome.prefetch([*scenarios.values(), *alternatives(spec, spec.a)])
    outcomes = {}
    for name, changes in scenarios.items():
        out = outcome(changes)
        out["values"] = np.array([sol.value_of(a, changes, w_an) for a in spec.moves])
        outcomes[name] = out
    a_moves = [outcome(ch) for ch in alternatives(spec, spec.a)]
    labels = [move_label(ch) for ch in alternatives(spec, spec.a)]
    strategy = np.array([[sol.strategy[t].get(lab, 0.0) for lab in labels] for t in TYPES])
    return {"actors": actors, "weights": np.array([w_an, w_own]), "outcomes": outcomes,
            "moves": {"settled": np.array([m["settled"] for m in a_moves]),
                      "terms": np.array([m["terms"] for m in a_moves])},
            "strategy": strategy, "levers": names, "joint": _joint(spec, params, sol, observed, w_an),
            "selection": selection_row(spec, params, sol)}


def selection_row(spec: WarSpec, params: dict[str, float], sol) -> np.ndarray:
    """(equilibria surviving the refinement, A's lowest and highest missed opportunity over them, analyst's
    beliefs): the answer's range over the selection rule (:meth:`detente.models.war.node.NodeSolution.
    survivors`). A solution that cannot list its survivors (a stand-in) counts as the only one."""
    observed = observed_label(spec)
    found = survivors_of(sol)
    missed = []
    for s in found:
        analyst = _a_values(spec, s, analyst_weight(params, s, observed))["analyst"]
        missed.append(analyst.max() - analyst[0])
    return np.array([len(found), min(missed), max(missed)])


def survivors_of(sol) -> list:
    """``sol`` under each equilibrium that survives its refinement (:meth:`detente.models.war.node.NodeSolution.
    survivors`); a solution that cannot list them (a stand-in) is the only one."""
    return sol.survivors() if hasattr(sol, "survivors") else [sol]


def _joint(spec: WarSpec, params: dict[str, float], sol, observed: str, w: float) -> np.ndarray:
    """(joint missed opportunity, P(a self-enforcing range)) after the observed moves (:mod:`.joint`)."""
    from ...models.war.game import frontier_of
    from .joint import joint_missed

    values = sol.values[observed]
    return joint_missed(frontier_of(spec, params), values[spec.a], values[spec.b],
                        params.get("enforcement.gain_a", 0.0), params.get("enforcement.gain_b", 0.0), _weights(w))


def missed_of_solution(spec: WarSpec, params: dict[str, float], sol) -> dict[str, np.ndarray]:
    """Per actor: (missed opportunity under the analyst's beliefs, P(observed optimal)) of one solution; the
    lighter evaluation the structural choices use (no outcomes, no levers)."""
    observed = observed_label(spec)
    w_an = analyst_weight(params, sol, observed)
    w_own = float(sol.posterior[observed])
    out = {}
    for actor in spec.moves:
        e = _a_values(spec, sol, w_an) if actor == spec.a else _other_values(spec, sol, actor, w_own, w_an)
        out[actor] = np.array([e["analyst"].max() - e["analyst"][0], e["optimal"]])
    return out


def solve_and_evaluate(spec: WarSpec, solver: Callable, refinement: str, params: dict[str, float],
                       stake_km2: float | None = None) -> dict[str, Any]:
    """Solve the node for ``params`` with ``solver`` and evaluate it (:func:`evaluate_solution`)."""
    return evaluate_solution(spec, params, solver(spec, params, refinement=refinement), stake_km2)
