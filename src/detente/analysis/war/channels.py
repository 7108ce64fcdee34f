"""Which channel carries an actor's missed opportunity: an exact Shapley decomposition.

**The generic part** (:func:`shapley`). ``value(off)`` is the missed opportunity computed with the channels in
``off`` switched off. Switching channels off one after another in some order, channel ``c``'s marginal
contribution is how much the missed opportunity falls when ``c`` goes off after the channels before it; its
Shapley value (Shapley 1953, "A value for n-person games", Contributions to the Theory of Games II, pp. 307-317)
is that fall averaged over all ``n!`` orders, computed exactly from the ``2^n`` subsets (each evaluated once,
memoised)::

    phi_c = sum over S subset of N \\ {c} of  |S|! (n - |S| - 1)! / n!  x  [value(S) - value(S + {c})]

With the characteristic function ``g(S) = value(none off) - value(S)`` (``g(empty) = 0``) this is the Shapley
value of ``g``, so efficiency gives ``sum_c phi_c = value(none off) - value(all off)``; symmetry, the null
player and additivity hold as in Shapley (1953). The parts are an attribution of the *interactions* too: when
two channels only matter together, each gets half of what they do jointly.

``value(all off)`` is the **remainder**, reported as its own row, ``"none of these channels"``: the missed
opportunity that is left when no named channel can make the moves differ, i.e. what travels by paths the list
does not name. The rows (contributions plus remainder) add up to the missed opportunity exactly.

A contribution can be negative: switching that channel off *raises* the missed opportunity (the channel is what
makes the observed move look good). The missed opportunity is a maximum over moves, so a zero (the observed move
optimal) can split into parts that cancel. At the Istanbul node's nominal inputs in the default order (levers chosen
after a failed node round) Russia's 0.179 is authority +0.186, signals -0.0001, third
parties -0.0075, battlefield +0.0001, remainder 0: the authority channel carries it.

**The war node's four channels** (:data:`CHANNELS`), switches of the node's equilibrium
(:func:`detente.models.war.node.solve_node`'s ``off``); each holds a channel at its value under the *observed*
moves, as mediation analysis holds a mediator at its value under the reference treatment (Pearl 2001, "Direct
and indirect effects", UAI; the natural direct effect), except ``signals``, held at the prior:

- ``authority``: the node round's authority to commit and audience costs are the observed delegations' whatever
  the delegations (a delegation changes nothing at the table);
- ``signals``: B and the third parties do not update on A's node moves: the belief after every move is the prior;
- ``third_parties``: the levers do not respond to the moves: fixed at their probabilities after the observed move
  (in the default order: the lottery after the observed move and a failed round, for every failed round);
- ``battlefield``: the moves' effects on the war itself (the ceasefire's pause and rearmament, the eve attack's
  costs) are the observed move's for every move.

With all four off every move of A's plays the same game, so A's remainder is 0 up to rounding; a third
party's remainder is the direct effect of its own lever (it still forces it when it deviates).

**Cost** (:func:`channels_of_draw`): ``2^4 = 16`` node solves per draw, all actors at once. The switched games
are a subset of the unswitched ones (the switches re-map the moves the game sees), so one set of game tables
(``tables=``, :func:`tables_for`: the default order's ``FailureTables``) serves all 16: the price is then 16 equilibrium
computations on shared failure games (measured on the Istanbul node at nominal inputs, default order,
under load: the node 6.7 s, the 16 switched solves 4.3 s together). Without shared tables a draw costs one more full node. Either way it is too slow for every
draw of a large run, so the Monte Carlo runs it on a subset: the nominal inputs (one exact decomposition, no
interval) and/or the run's first K draws (an interval over the inputs' ranges from K draws; its mean rows add
up to the mean missed opportunity over those K draws, not over the whole run). More draws narrow the interval
at 16 node solves each; the rows' means converge at the Monte Carlo rate 1/sqrt(K).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import factorial
from typing import Callable, Iterable

import numpy as np

__all__ = ["CHANNELS", "REMAINDER", "Decomposition", "shapley", "channels_for", "channels_of_draw",
           "channels_of_seed", "channels_at", "for_json", "node_solver", "tables_for", "summarise", "frame",
           "rows_of"]

CHANNELS = ("authority", "signals", "third_parties", "battlefield")
#: The remainder's row: the missed opportunity with every named channel switched off.
REMAINDER = "none of these channels"
#: More channels than this would mean 2^n evaluations of the value function (each a solve of the node).
MAX_CHANNELS = 12


@dataclass(frozen=True)
class Decomposition:
    """``contributions[c]`` (Shapley values), ``remainder`` (= ``value(all off)``), ``total`` (= ``value(none
    off)``): ``sum(contributions) + remainder == total`` up to rounding."""

    contributions: dict[str, float]
    remainder: float
    total: float

    def rows(self) -> dict[str, float]:
        """The contributions, then the remainder under :data:`REMAINDER` (they add up to :attr:`total`)."""
        return {**self.contributions, REMAINDER: self.remainder}


def _check(channels: Iterable[str]) -> tuple[str, ...]:
    names = tuple(channels)
    if len(set(names)) != len(names):
        raise ValueError(f"channels: each channel once, got {', '.join(names)}")
    if REMAINDER in names:
        raise ValueError(f"channels: {REMAINDER!r} is the remainder's row, not a channel")
    if len(names) > MAX_CHANNELS:
        raise ValueError(f"channels: at most {MAX_CHANNELS} (2^n evaluations), got {len(names)}")
    return names


def shapley(value: Callable[[frozenset[str]], float], channels: Iterable[str]) -> Decomposition:
    """Exact Shapley decomposition of ``value(frozenset()) - value(all off)`` over ``channels`` (module doc).

    ``value(off)``: the quantity with the channels in ``off`` switched off; called once per subset (2^n).
    """
    names = _check(channels)
    n = len(names)
    memo: dict[frozenset[str], float] = {}

    def v(off: frozenset[str]) -> float:
        if off not in memo:
            memo[off] = float(value(off))
        return memo[off]

    weight = [factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)]
    contributions = {}
    for c in names:
        others = [x for x in names if x != c]
        contributions[c] = sum(weight[k] * (v(frozenset(s)) - v(frozenset(s) | {c}))
                               for k in range(n) for s in combinations(others, k))
    return Decomposition(contributions, v(frozenset(names)), v(frozenset()))


# ----- the war node ---------------------------------------------------------------------------------------

def tables_for(spec, params: dict[str, float], backend: str = "numba"):
    """One set of game tables for every switch-off of a draw, in the node's default order: the
    :class:`~detente.models.war.node_failure.FailureTables` (``node.DEFAULT_ORDER == "after_failure"``: levers
    chosen after a failed node round), else
    the per-lever-set :func:`~detente.models.war.node.shared_tables`. The switched games are a subset."""
    from ...models.war import node

    if node.DEFAULT_ORDER == "after_failure":
        from ...models.war.node_failure import FailureTables

        return FailureTables(spec, params, backend, months_for=node.lever_players_of(spec, params))
    return node.shared_tables(spec, params, backend)


def node_solver(spec, params: dict[str, float], solver: Callable | None = None, refinement: str = "D1",
                backend: str = "numba", tables=None) -> Callable:
    """``off -> NodeSolution`` for one parameter set: ``solver`` (default
    :func:`~detente.models.war.node.solve_node`) with ``off``, on one shared set of game tables
    (:func:`tables_for`) when the solver takes ``tables``."""
    import inspect

    from ...models.war import node

    solver = solver or node.solve_node
    names = inspect.signature(solver).parameters
    if "off" not in names:
        raise RuntimeError("channels: the node's solver has no 'off' switch (models/war/channel_switches.py)")
    kwargs = {}
    if "tables" in names:
        kwargs["tables"] = tables if tables is not None else tables_for(spec, params, backend)
        if "backend" in names:
            kwargs["backend"] = backend

    def solve(off: frozenset[str]):
        return solver(spec, params, refinement=refinement, off=off, **kwargs)

    return solve


def _default_solver(spec, params: dict[str, float], refinement: str, backend: str, tables=None) -> Callable:
    return node_solver(spec, params, None, refinement, backend, tables)


def channels_of_draw(spec, params: dict[str, float], solver: Callable | None = None, refinement: str = "D1",
                     backend: str = "numba", actors: Iterable[str] | None = None,
                     channels: Iterable[str] = CHANNELS, tables=None) -> dict[str, dict[str, float]]:
    """Per actor: ``{channel: contribution, ..., REMAINDER: remainder}`` for one parameter set (one draw).

    The rows of an actor add up to its missed opportunity under the analyst's beliefs
    (:func:`detente.analysis.war.draw.missed_of_solution`). ``solver(off) -> NodeSolution``; default:
    ``node.solve_node(..., off=off)`` on shared game tables (``tables``: the ones the draw's own node was solved
    with, to reuse its game solves). Every actor comes from the same 16 solves.
    """
    from .draw import missed_of_solution

    solve = solver or _default_solver(spec, params, refinement, backend, tables)
    names = tuple(actors) if actors is not None else tuple(spec.moves)
    memo: dict[frozenset[str], dict] = {}

    def missed(off: frozenset[str]) -> dict:
        if off not in memo:
            memo[off] = missed_of_solution(spec, params, solve(off))
        return memo[off]

    return {actor: shapley(lambda off, a=actor: float(missed(off)[a][0]), channels).rows() for actor in names}


def channels_of_seed(spec, seed, refinement: str = "D1", backend: str = "numba", solver: Callable | None = None,
                     attempts: tuple[int, ...] | None = None) -> dict[str, dict[str, float]]:
    """:func:`channels_of_draw` on the Monte Carlo's draw ``seed`` (a ``SeedSequence`` child, as
    :func:`detente.analysis.war.draw.draw_params` takes it): a picklable task for ``run_draws`` on a subset.
    ``attempts[k]``: the redraw draw ``k`` was accepted at (:mod:`.consistency`), so the channels decompose the
    run's own (accepted) draws."""
    from .consistency import redraw_seed
    from .draw import draw_params

    if attempts is not None:
        seed = redraw_seed(seed, attempts[seed.spawn_key[-1]])
    params = draw_params(spec, seed)
    return channels_of_draw(spec, params, solver=node_solver(spec, params, solver, refinement, backend))


def channels_at(spec, params: dict[str, float], solver: Callable | None = None, refinement: str = "D1",
                backend: str = "numba") -> dict[str, dict[str, float]]:
    """:func:`channels_of_draw` at one parameter set (e.g. the nominal inputs) with ``solver`` switched."""
    return channels_of_draw(spec, params, solver=node_solver(spec, params, solver, refinement, backend))


def for_json(nominal: dict[str, dict[str, float]] | None, per_draw: list[dict[str, dict[str, float]]]
             ) -> dict[str, dict]:
    """Per actor, the JSON ``channels`` (``actors.<actor>.channels``)::

        {"missed_opportunity": {value, mean, low, high}, "draws": K,
         "rows": [{"channel": c, "value": ..., "mean": ..., "low": ..., "high": ...}, ...,
                  {"channel": "none of these channels", ...}]}

    ``value``: the exact decomposition at the nominal inputs (its rows add up to the nominal missed
    opportunity); ``mean``/``low``/``high``: mean and 5th-95th percentiles over the run's first K (accepted)
    draws (the means add up to the mean missed opportunity over those K draws; the percentiles do not add up);
    None where not computed. Without nominal inputs ``value`` is the mean over the K draws.
    """
    summ = summarise(per_draw) if per_draw else {}
    actors = list(nominal or {}) or list(summ)
    out = {}
    for actor in actors:
        base = (nominal or {}).get(actor)
        rows_k = {r["channel"]: r for r in summ.get(actor, {}).get("rows", [])}
        names = list(base) if base else list(rows_k)
        rows = []
        for c in names:
            k = rows_k.get(c, {})
            rows.append({"channel": c, "value": base[c] if base else k.get("value"), "mean": k.get("value"),
                         "low": k.get("low"), "high": k.get("high")})
        mo = summ.get(actor, {}).get("missed_opportunity", {})
        out[actor] = {"missed_opportunity": {"value": sum(base.values()) if base else mo.get("value"),
                                             "mean": mo.get("value"), "low": mo.get("low"), "high": mo.get("high")},
                      "draws": len(per_draw), "nominal": base is not None, "rows": rows}
    return out


def channels_for(spec, params: dict[str, float], actor: str, solver: Callable | None = None,
                 refinement: str = "D1", backend: str = "numba") -> dict[str, float]:
    """``{channel: contribution, ..., REMAINDER: remainder}`` of ``actor``'s missed opportunity (one draw)."""
    return channels_of_draw(spec, params, solver, refinement, backend, actors=[actor])[actor]


def summarise(per_draw: list[dict[str, dict[str, float]]]) -> dict[str, dict]:
    """The JSON ``channels`` from :func:`channels_of_draw`'s results over K draws, per actor::

        {actor: {"draws": K, "missed_opportunity": {value, low, high},
                 "rows": [{"channel": c, "value": mean, "low": 5th pct, "high": 95th pct}, ...,
                          {"channel": "none of these channels", ...}]}}

    The rows' means add up to the mean missed opportunity over the same K draws (means are linear); the
    intervals (5th-95th percentiles over the draws) do not add up.
    """
    from .result import interval

    if not per_draw:
        return {}
    out = {}
    for actor, first in per_draw[0].items():
        table = np.array([[d[actor][row] for row in first] for d in per_draw], dtype=float)  # (K, rows)
        rows = [{"channel": row, **interval(table[:, j])} for j, row in enumerate(first)]
        out[actor] = {"draws": len(per_draw), "missed_opportunity": interval(table.sum(axis=1)), "rows": rows}
    return out


def rows_of(summary: dict[str, dict], actor: str) -> list[tuple[str, float, float, float]]:
    """``[(channel, value, low, high), ...]`` of one actor (the remainder last), from :func:`summarise`."""
    return [(r["channel"], r["value"], r["low"], r["high"]) for r in summary[actor]["rows"]]


def frame(summary: dict[str, dict], actor: str):
    """A pandas DataFrame with columns ``channel, value, low, high`` of one actor (for report/war.py's chart)."""
    import pandas as pd

    return pd.DataFrame(rows_of(summary, actor), columns=["channel", "value", "low", "high"])
