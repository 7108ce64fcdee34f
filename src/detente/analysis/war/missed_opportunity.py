"""Did an actor miss an opportunity? The war game's answer at a decision node, over the scenario's uncertainty.

For each actor with moves at the node of a scenario's ``war:`` section the *missed opportunity* is the
expected discounted utility of its best move minus that of the move it made, with every other player's
equilibrium responses kept: the node's perfect Bayesian equilibrium (A's types choose the delegation, the eve
attack and the answer to the ceasefire demand as signals; B and the third parties respond at the posterior,
:func:`detente.models.war.node.solve_node`) is solved once per draw and every value is read off it
(:mod:`.draw`). It is reported under the analyst's beliefs about A's type and under each actor's own (A knows
its type: per type; an equilibrium type never misses an opportunity under its own beliefs unless it left its
equilibrium path), with P(the observed move is optimal), the probability of each third-party lever after each
move, the counterfactuals' settlement and terms, and the structural choices (:mod:`.structural`).

Each uncertain number of the section is drawn ``draws`` times; draw ``k`` uses the ``k``-th child of
``SeedSequence(seed)`` (:func:`detente.execution.run_draws`), so serial, process-parallel and Ray runs agree
bit for bit.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

import numpy as np

from ...execution import run_draws
from ...scenario import Scenario
from ...scenario.war import WarSpec
from .consistency import accepted, month0_by_side, redraw_seed
from .consistency import summary as rejection_summary
from .evidence import evidence
from .draw import (alternatives, analyst_weight, draw_params, evaluate_solution, missed_of_solution, move_label,
                   observed_label)
from .result import MissedOpportunityResult, interval
from .structural import NOMINAL_REFINEMENT, SURVIVORS, choices, structural_task

__all__ = ["alternatives", "break_even", "draw_params", "evaluate_draw", "missed_at", "missed_opportunity",
           "move_label", "nominal_params", "observed_label", "MissedOpportunityResult", "HAZARD",
           "STRUCTURAL_DRAWS"]

#: Draws (the run's first) on which the structural choices are tried: each costs about ten node solves.
STRUCTURAL_DRAWS = 20
#: Draws (the run's first) on which the channels are decomposed besides the nominal inputs: 16 switched node
#: solves each on shared tables (about 4 s on the Istanbul node, 7 Dec 2026), so a few only.
CHANNEL_DRAWS = 5


def _spec(scenario: Scenario | WarSpec) -> WarSpec:
    spec = scenario.war if isinstance(scenario, Scenario) else scenario
    if spec is None:
        raise ValueError("the scenario has no war: section (see docs/reference/scenario-format.md)")
    return spec


def _solver() -> Callable:
    from ...models.war.node import solve_node

    return solve_node


def _stake_km2(spec: WarSpec) -> float | None:
    num = spec.numbers().get("front.area_km2")
    return float(num.value) if num is not None else None


def evaluate_draw(spec: WarSpec, params: dict[str, float], solver: Callable | None = None,
                  refinement: str = NOMINAL_REFINEMENT) -> dict[str, Any]:
    """Solve the node for one parameter set and read the answer's numbers off it (:mod:`.draw`)."""
    solver = solver or _solver()
    return evaluate_solution(spec, params, solver(spec, params, refinement=refinement), _stake_km2(spec))


def _draw_task(spec: WarSpec, solver: Callable, refinement: str, seed: np.random.SeedSequence,
               extras: tuple = ((), 0, 0)) -> dict[str, Any]:
    """One accepted draw (:mod:`.consistency`: redrawn from its own seed while a side capitulates in month 0).
    ``extras = (structural choices, k, k_channels)``: draw ``k' < k`` also tries the choices on its accepted
    draw (``"structural"``, :func:`.structural.structural_task`) and ``k' < k_channels`` decomposes the channels
    (``"channels"``, :func:`.channels.channels_of_seed`), in the same task: one pass of the pool, no phase waits
    for another's last task."""
    observed = observed_label(spec)

    def attempt(s: np.random.SeedSequence):
        params = draw_params(spec, s)
        sol = solver(spec, params, refinement=refinement)
        return (params, sol), month0_by_side(sol, analyst_weight(params, sol, observed))

    (params, sol), used, ok, p, sides = accepted(seed, attempt)
    out = evaluate_solution(spec, params, sol, _stake_km2(spec))
    out.update({"attempt": used, "consistent": ok, "month0": p, "rejected_sides": sides})
    chosen, k_structural, k_channels = extras
    k = seed.spawn_key[-1] if seed.spawn_key else 0
    if k < k_structural:
        out["structural"] = structural_task(spec, solver, list(chosen), redraw_seed(seed, used))
    if k < k_channels:
        from .channels import channels_of_seed

        out["channels"] = channels_of_seed(spec, redraw_seed(seed, used), refinement=refinement, solver=solver)
    return out


def _chunksize(draws: int, executor, heavy: int) -> int | None:
    """Draws per task: the executor's default, but at most ``heavy`` / workers when the first ``heavy`` draws
    carry the structural choices (several node solves each), so their tasks do not finish last."""
    from ...execution.chunking import default_chunksize

    workers = getattr(executor, "workers", 1) if executor is not None else 1
    if heavy <= 0 or workers <= 1:
        return None
    return max(1, min(default_chunksize(draws, workers), heavy // workers))


def _stack(results: list[dict], spec: WarSpec) -> dict[str, Any]:
    actors = list(spec.moves)
    out = {"values": {a: np.stack([r["actors"][a]["analyst"] for r in results]) for a in actors},
           "own": {a: np.stack([r["actors"][a]["own"] for r in results]) for a in actors},
           "optimal": {a: np.array([r["actors"][a]["optimal"] for r in results]) for a in actors},
           "levers": {a: np.stack([r["actors"][a]["levers"] for r in results]) for a in actors},
           "weights": np.stack([r["weights"] for r in results]),
           "strategy": np.stack([r["strategy"] for r in results]),
           "joint": np.stack([r["joint"] for r in results]),
           "selection": np.stack([r["selection"] for r in results]),
           "move_outcomes": {k: np.stack([r["moves"][k] for r in results]) for k in ("settled", "terms")}}
    outcomes = {}
    for name in results[0]["outcomes"]:
        rows = [r["outcomes"][name] for r in results]
        outcomes[name] = {k: np.stack([np.asarray(r[k]) for r in rows]) for k in rows[0]}
    out["outcomes"] = outcomes
    return out


def _structural(spec: WarSpec, chosen: list, k: int, main: dict[str, Any], got: list[dict]) -> list[dict[str, Any]]:
    """Each structural choice tried on the run's first ``k`` draws (``got``, :func:`_draw_task`'s
    ``"structural"``); the nominal value's are the main run's."""
    if k <= 0 or not chosen:
        return []
    actors = list(spec.moves)
    nominal = np.stack([[(main["values"][a][d].max() - main["values"][a][d][0], main["optimal"][a][d])
                         for a in actors] for d in range(k)])  # (k, actors, 2)
    out = []
    for choice in chosen:
        table = np.stack([g[choice.name] for g in got])  # (k, values, actors, 2)
        if not choice.drawn:
            table[:, choice.values.index(choice.nominal)] = nominal
        entry = {"choice": choice.name, "sets": choice.sets, "values": list(choice.values),
                 "nominal": choice.nominal, "drawn": choice.drawn, "draws": k,
                 "missed_opportunity": {a: [interval(table[:, v, j, 0]) for v in range(len(choice.values))]
                                        for j, a in enumerate(actors)},
                 "p_observed_optimal": {a: [float(table[:, v, j, 1].mean()) for v in range(len(choice.values))]
                                        for j, a in enumerate(actors)}}
        if choice.sets == "selection":  # the share of the draws where the refinement leaves several PBE
            entry["several_equilibria"] = float(np.mean([g.get(SURVIVORS, 1) > 1 for g in got]))
        out.append(entry)
    return out


def missed_opportunity(scenario: Scenario | WarSpec, draws: int = 1000, seed: int = 0, executor=None,
                       progress: Callable[[int], None] | None = None, break_even_belief: bool = True,
                       structural_draws: int = STRUCTURAL_DRAWS, refinement: str = NOMINAL_REFINEMENT,
                       solver: Callable | None = None, channel_draws: int = CHANNEL_DRAWS,
                       channels_nominal: bool = True) -> MissedOpportunityResult:
    """The war answer over ``draws`` draws (see the module doc).

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
    break_even_belief
        Also find the break-even withdrawal hazard of the supporter (:func:`break_even`, nominal inputs).
    structural_draws
        The structural choices are tried on the run's first ``min(draws, structural_draws)`` draws (0: none).
    refinement
        The node's equilibrium refinement (``"D1"``, ``"intuitive"`` or ``"none"``).
    solver
        ``solve_node(spec, params, refinement=...) -> NodeSolution``; default
        :func:`detente.models.war.node.solve_node` (tests pass a stand-in).
    channel_draws, channels_nominal
        The channels (:mod:`.channels`) are decomposed at the nominal inputs (``channels_nominal``) and on the
        run's first ``min(draws, channel_draws)`` draws (16 switched node solves each); neither: no channels.
    """
    spec = _spec(scenario)
    solver = solver or _solver()
    chosen = choices(spec) if refinement == NOMINAL_REFINEMENT else []
    k_structural = max(0, min(draws, structural_draws)) if chosen else 0
    k_channels = max(0, min(draws, channel_draws))
    task = partial(_draw_task, spec, solver, refinement, extras=(tuple(chosen), k_structural, k_channels))
    results = run_draws(task, seed, draws, executor, chunksize=_chunksize(draws, executor, k_structural),
                        progress=(lambda chunk: progress(len(chunk[0]))) if progress else None)
    s = _stack(results, spec)
    attempts = tuple(int(r["attempt"]) for r in results)
    result = MissedOpportunityResult(
        spec, draws, seed, {a: alternatives(spec, a) for a in spec.moves}, s["values"], s["outcomes"],
        own=s["own"], optimal=s["optimal"], levers=s["levers"], lever_names=list(results[0]["levers"]),
        weights=s["weights"], strategy=s["strategy"], move_outcomes=s["move_outcomes"], joint=s["joint"],
        refinement=refinement, selection=s["selection"])
    found = evidence(spec, s["outcomes"]["observed"])
    result.calibration, result.aftermath = found["calibration"], found["aftermath"]
    result.draws_rejected = {**rejection_summary(list(attempts), [bool(r["consistent"]) for r in results],
                                                 sides=[r["rejected_sides"] for r in results], names=(spec.a, spec.b)),
                             "p_month0": interval([r["month0"] for r in results])}
    if refinement == NOMINAL_REFINEMENT:
        result.structural = _structural(spec, chosen, k_structural, s,
                                        [r["structural"] for r in results[:k_structural]])
    result.channels = _channels(spec, solver, refinement, [r["channels"] for r in results[:k_channels]],
                                channels_nominal)
    if break_even_belief:
        result.break_even = break_even(spec, solver)
    return result


def _channels(spec: WarSpec, solver: Callable, refinement: str, per_draw: list[dict], nominal: bool
              ) -> dict[str, Any]:
    """The channels (:func:`.channels.for_json`) at the nominal inputs and on the run's first draws
    (``per_draw``, :func:`_draw_task`'s ``"channels"``)."""
    from .channels import channels_at, for_json

    if not per_draw and not nominal:
        return {}
    at_nominal = channels_at(spec, nominal_params(spec), solver, refinement) if nominal else None
    return for_json(at_nominal, per_draw)


def missed_at(spec: WarSpec, params: dict[str, float], actor: str, solver: Callable | None = None) -> float:
    """``actor``'s missed opportunity (analyst's beliefs) for one parameter set."""
    solver = solver or _solver()
    return float(missed_of_solution(spec, params, solver(spec, params, refinement=NOMINAL_REFINEMENT))[actor][0])


#: The supporter's monthly hazard of withdrawing from the level it holds at the node (the belief the seed's
#: "Russia can outlast Ukraine if US support is withdrawn" is about).
HAZARD = "support.transitions.maintain.withdraw"


def _hazard_path(spec: WarSpec) -> str | None:
    return HAZARD if HAZARD in spec.numbers() else None


def nominal_params(spec: WarSpec) -> dict[str, float]:
    """Every number the game reads at its value, by path (:func:`detente.models.war.game.nominal_params`)."""
    from ...models.war.game import nominal_params as game_nominal

    return game_nominal(spec)


def break_even(spec: WarSpec, solver: Callable | None = None, rounds: int = 12, tol: float = 1e-3
               ) -> dict[str, Any]:
    """A's belief in the supporter's withdrawal at which A's missed opportunity vanishes (nominal inputs).

    The belief is the per-round withdrawal hazard ``h`` of the supporter's support (reported also as
    P(withdrawal within ``rounds`` rounds) = ``1 - (1 - h)^rounds``); found by bisection on [0, 0.5] when the
    missed opportunity changes sign there, else ``hazard`` is None. {} when the section has no such hazard.
    """
    path = _hazard_path(spec)
    if path is None:
        return {}
    solver = solver or _solver()
    base = nominal_params(spec)

    def missed(h: float) -> float:
        return missed_at(spec, {**base, path: h}, spec.a, solver)

    lo, hi = 0.0, 0.5
    m_lo, m_hi = missed(lo), missed(hi)
    out: dict[str, Any] = {"actor": spec.a, "belief": path, "nominal": base[path], "missed_at_0": m_lo,
                           "missed_at_0.5": m_hi, "hazard": None, "p_within": None, "rounds": rounds}
    if (m_lo > 1e-9) == (m_hi > 1e-9):
        return out
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if (missed(mid) > 1e-9) == (m_lo > 1e-9):
            lo = mid
        else:
            hi = mid
    out["hazard"] = 0.5 * (lo + hi)
    out["p_within"] = 1.0 - (1.0 - out["hazard"]) ** rounds
    return out
