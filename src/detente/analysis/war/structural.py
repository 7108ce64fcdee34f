"""Structural sensitivity of the war answer: choices of the modeller, not numbers with a range.

The input ranges of the ``war:`` section are drawn in the Monte Carlo; the model also rests on choices that
no data fix and that can move the answer as much as any input (``shared/notes/war2.md``): who proposes in a
round of talks, the horizon, the front's granularity (its step in km2), what a delegation's level can sign and
the equilibrium refinement. Each is varied here one at a time, the others at the scenario's values, on the first
``k`` draws of the run (the same child seeds, so the choice's value is the only difference from the main run's
draws), and each actor's missed opportunity (analyst's beliefs) and P(observed move optimal) are reported per
value tried.

The choices (each tried at the values below; a choice the scenario cannot vary is left out, and said so):

* ``who proposes``: P(A makes the offer in a round), ``talks.proposer_a``: 0 (B always proposes: B screens),
  the scenario's value, 1 (A always proposes). Rubinstein (1982) and Fudenberg, Levine & Tirole (1985)
  show the proposer's identity alone moves the terms; in a one-binding-round form of the game the answer
  went from 0 to 0.16 with it (``shared/notes/war2.md``).
* ``horizon``: months the game runs before the line freezes (12, the scenario's, 60).
* ``front step``: the lazy walk's step ``front.step_km2``: the ends of its range (the feasible range of the
  walk at the maintained support's drift and sd, :func:`detente.models.war.front.feasible_steps`, when the
  scenario gives no range) and the scenario's value.
* ``delegation authority``: P(an agreement at the table binds now) per delegation level,
  ``talks.authority.<level>`` (Putnam 1988; Fearon 1997): the scenario's, one per level (``by level``), or every
  level at the authority of later rounds' level (``talks.later_level``, ``equal``), so a delegation's level
  signals only through the types' choices and the audience costs, not through what it can sign. At Istanbul
  the authority channel carries the answer (:mod:`.channels`); this shows by how much, draw by draw.
* ``refinement``: ``D1`` (Cho & Kreps 1987; Banks & Sobel 1987), the Intuitive Criterion, or none (every
  PBE, the selection rule's first), :data:`detente.models.war.signalling.REFINEMENTS`.
* ``equilibrium selection``: where several PBE survive the refinement, which one the answer reads. The
  model's rule (:func:`detente.models.war.signalling.select`) takes the survivor with the highest ex-ante
  payoff for A (``sender-optimal``; no survivor Pareto-dominates it for A's types); ``lowest`` and
  ``highest`` are the survivors with the lowest and the highest missed opportunity of A (analyst's
  beliefs), every actor's numbers read under that same equilibrium: the answer's range over the rule
  (:meth:`detente.models.war.node.NodeSolution.survivors`). The entry also gives the share of the draws
  where more than one equilibrium survives (``several_equilibria``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from ...scenario.war import LEVELS, WarSpec
from .draw import draw_params, missed_of_solution, survivors_of

__all__ = ["Choice", "NOMINAL_REFINEMENT", "choices", "equal_authority", "structural_task"]

NOMINAL_REFINEMENT = "D1"
#: The equilibrium selection choice's values: the model's rule first (module doc).
SELECTIONS = ("sender-optimal", "lowest", "highest")
#: structural_task's key for the number of equilibria surviving the refinement in its draw.
SURVIVORS = "equilibria surviving"
PROPOSER = "talks.proposer_a"
#: The delegation authority choice's values: the scenario's first (module doc).
AUTHORITY = ("by level", "equal")
STEP = "front.step_km2"


@dataclass(frozen=True)
class Choice:
    """One structural choice: its name, what it sets, the values tried and the scenario's (nominal) value."""

    name: str
    sets: str  # a parameter path, "horizon", "authority", "refinement" or "selection"
    values: tuple
    nominal: Any
    drawn: bool = False  # the parameter has a range the main run draws from: its nominal value is solved too


def _range(spec: WarSpec, path: str) -> tuple[float, float, float] | None:
    num = spec.numbers().get(path)
    if num is None:
        return None
    value = float(num.value)
    if num.distribution is not None:
        from ..sensitivity import distribution_range

        lo, hi = distribution_range(num.distribution)
        return max(lo, num.bounds[0]), value, min(hi, num.bounds[1])
    return None


def _step_values(spec: WarSpec) -> tuple | None:
    got = _range(spec, STEP)
    if got is None and STEP in spec.numbers():
        try:  # the feasible range of the lazy walk at the maintained support's drift and sd (O17)
            from ...models.war.front import feasible_steps

            numbers = spec.numbers()
            m, s = (float(numbers[f"support.levels.maintain.{k}"].value) for k in ("drift", "sd"))
            lo, hi = feasible_steps(m, s)
            got = (lo, float(numbers[STEP].value), hi)
        except (KeyError, ValueError):
            return None
    return None if got is None else tuple(sorted(set(got)))


def choices(spec: WarSpec) -> list[Choice]:
    """The structural choices this scenario can vary (see the module doc)."""
    from ...models.war.signalling import REFINEMENTS

    out = []
    numbers = spec.numbers()
    if PROPOSER in numbers:
        p = float(numbers[PROPOSER].value)
        out.append(Choice("who proposes", PROPOSER, tuple(sorted({0.0, p, 1.0})), p,
                          drawn=numbers[PROPOSER].distribution is not None))
    out.append(Choice("horizon", "horizon", tuple(sorted({12, spec.horizon, 60})), spec.horizon))
    step = _step_values(spec)
    if step is not None:
        out.append(Choice("front step", STEP, step, float(numbers[STEP].value),
                          drawn=numbers[STEP].distribution is not None))
    if all(f"talks.authority.{level}" in numbers for level in LEVELS):
        out.append(Choice("delegation authority", "authority", AUTHORITY, AUTHORITY[0]))
    out.append(Choice("refinement", "refinement", tuple(REFINEMENTS), NOMINAL_REFINEMENT))
    out.append(Choice("equilibrium selection", "selection", SELECTIONS, SELECTIONS[0]))
    return out


def _apply(spec: WarSpec, params: dict[str, float], choice: Choice, value) -> tuple[WarSpec, dict, str]:
    if choice.sets == "refinement":
        return spec, params, value
    if choice.sets == "horizon":
        return spec.model_copy(update={"horizon": int(value)}), params, NOMINAL_REFINEMENT
    if choice.sets == "authority":
        return spec, equal_authority(spec, params) if value == "equal" else params, NOMINAL_REFINEMENT
    return spec, {**params, choice.sets: float(value)}, NOMINAL_REFINEMENT


def equal_authority(spec: WarSpec, params: dict[str, float]) -> dict[str, float]:
    """``params`` with every delegation level's authority at later rounds' level's (``talks.later_level``)."""
    later = params[f"talks.authority.{spec.talks.later_level}"]
    return {**params, **{f"talks.authority.{level}": later for level in LEVELS}}


def structural_task(spec: WarSpec, solver: Callable, chosen: list[Choice], seed: np.random.SeedSequence
                    ) -> dict[str, np.ndarray]:
    """One draw: for each choice and each non-nominal value, per actor (missed opportunity, P(optimal)).

    Returns ``{choice name: (values, actors, 2)}`` with NaN at the nominal value (the main run's draw fills it)
    unless the choice's parameter is drawn in the main run (then its nominal value is fixed and solved here).
    """
    params = draw_params(spec, seed)
    actors = list(spec.moves)
    out = {}
    shared = None  # the draw's game tables, shared by the choices that only select among its equilibria
    for choice in chosen:
        table = np.full((len(choice.values), len(actors), 2), np.nan)
        if choice.sets in ("refinement", "selection"):
            shared = shared or _refinements_solver(spec, params, solver)
        if choice.sets == "selection":
            out[choice.name], out[SURVIVORS] = _selection(spec, params, shared, actors, table)
            continue
        solve = shared if choice.sets == "refinement" else solver
        for i, value in enumerate(choice.values):
            if value == choice.nominal and not choice.drawn:
                continue
            s, p, refinement = _apply(spec, params, choice, value)
            got = missed_of_solution(s, p, solve(s, p, refinement=refinement))
            table[i] = [got[a] for a in actors]
        out[choice.name] = table
    return out


def _selection(spec: WarSpec, params: dict[str, float], solve: Callable, actors: list[str], table: np.ndarray
               ) -> tuple[np.ndarray, int]:
    """The ``equilibrium selection`` rows of one draw (module doc): NaN for the model's rule (the main run's
    draw fills it), then the survivors with A's lowest and highest missed opportunity; and how many survive.
    A solver whose solution cannot list its survivors (a stand-in) counts as one."""
    found = survivors_of(solve(spec, params, refinement=NOMINAL_REFINEMENT))
    got = [missed_of_solution(spec, params, s) for s in found]
    missed_a = [g[spec.a][0] for g in got]
    for row, pick in ((1, int(np.argmin(missed_a))), (2, int(np.argmax(missed_a)))):
        table[row] = [got[pick][a] for a in actors]
    return table, len(found)


def _refinements_solver(spec: WarSpec, params: dict[str, float], solver: Callable) -> Callable:
    """``solver`` on one set of game tables (:func:`.channels.tables_for`) for every refinement of a draw: a
    refinement only selects among the node's equilibria, so the games are the same (and solved once)."""
    import inspect

    if "tables" not in inspect.signature(solver).parameters:
        return solver
    from .channels import tables_for

    tables = tables_for(spec, params)
    return lambda s, p, refinement: solver(s, p, refinement=refinement, tables=tables)
