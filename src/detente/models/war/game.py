"""The war game of a scenario's ``war:`` section: from data and the node's moves to a solvable game.

:func:`build_game` reads the section's numbers by path (``params``, from
:func:`nominal_params` or :func:`draw_params`), the belligerents' moves at
the node (:class:`NodeMoves`) and the third parties' levers (:class:`Levers`)
and returns a :class:`~.gamedef.Game`; :func:`solve` solves it and
:func:`outcomes` runs it forward. The mechanisms and their sources:

- deals are packages on the Pareto frontier over the scenario's issues
  (:mod:`.frontier`; Achen 2006 linear loss, Raiffa 1982 logrolls);
- the front is a lazy walk on km2 matched to the record's monthly drift and
  sd per support level (:mod:`.front`; Smith & Stam 2004, O17); the stalling
  type's drift has a bonus (its capability), the serious type's cost of war
  is higher (its resolve); B learns from both (Filson & Werner 2002; Powell
  2004);
- the node's round is held for sure; its authority to commit is that of the
  lower of the two delegations (Putnam 1988; Fearon 1997) and a failed round
  costs a side whose leader attended its audience cost (Fearon 1994); later
  rounds come at ``talks.rate`` with ``talks.later_level``'s authority;
- sanctions in force raise A's monthly cost and cost their sender; the
  supporter's level shifts the drift, B's cost and the supporter's cost, and
  moves by its Markov chain;
- an accepted ceasefire pauses the front for ``ceasefire.length`` months at
  ``cost_share`` of the war's costs, after which A's drift moves by the
  rearmament (Lavrov's objection); A may break it at once (``Game.alt``, month 0
  only), paying ``ceasefire.break_cost`` once (Fearon 1994: a public commitment
  broken);
- the eve attack (Schelling 1966, the diplomacy of violence) raises
  B's cost in every month of war from the node on by
  ``eve_attack.cost_b_monthly`` and costs A ``eve_attack.cost_a`` once (B pays
  ``eve_attack_cost_b`` once): its benefit to A comes from months of war, so it
  is worth more to the type expecting a longer war (single crossing);
- a third party's stake in B's survival as a sovereign state
  (``third_parties.<name>.stake_in_b``, default 0; e.g. the US's "minerals
  stake" in the US-Ukraine Reconstruction Investment Fund of 30 April 2025) is
  lost in the endings where B ceases to hold its own (A's full win at the
  front's end, B's capitulation) and kept in a settlement and at the frozen
  line; it changes only the third parties' values, so no belligerent's
  decision, only the levers chosen by those values;
- at the horizon the line freezes: the front's issue at the value the front
  maps to, every other issue at ``war.status_quo``, else the issue's status
  quo, else the midpoint of A's and B's positions (a stated assumption).

Stated decisions where the design is silent: the sanctions chosen at the
node stay in force to the horizon; the stalling type's drift exceeds the
serious type's by ``types.drift_bonus`` and the prior-weighted mean of the
two is the support level's drift (the record's, so the game moves the front
at the node as the record did; with the bonus added on top instead it
would move 358.7 km2 a month vs the record's 318.7); the front
is solved only on the states reachable within the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...scenario.war import LEVELS, SUPPORT_LEVELS, WarSpec
from .forward import Outcomes, outcomes
from .front import step_distribution, window
from .frontier import Frontier, Issues
from .gamedef import Game
from .solution import Solution, SolveCache, solve

__all__ = ["Levers", "NodeMoves", "Game", "Solution", "Outcomes", "build_game", "solve", "outcomes",
           "nominal_params", "draw_params", "frontier_of", "with_months", "pause_share", "SolveCache"]


@dataclass(frozen=True)
class Levers:
    """What third parties chose at the node: the supporter's level and the sanctions in force."""

    support: str = "maintain"
    sanctions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NodeMoves:
    """What the belligerents chose at the node."""

    delegation_a: str = "minister"
    delegation_b: str = "minister"
    eve_attack: bool = False
    ceasefire: bool = False


def nominal_params(spec: WarSpec) -> dict[str, float]:
    """Every number the game reads at its nominal value, by path (war section, then positions)."""
    return {label: num.value for label, num in {**spec.numbers(), **spec.position_numbers()}.items()}


def draw_params(spec: WarSpec, seed) -> dict[str, float]:
    """One draw of every number from its range (``seed``: an int or a ``numpy.random.SeedSequence``).

    Numbers are drawn in the sorted order of their paths, one rng call each, each clipped to its valid range.
    The numbers of a coupled group (:meth:`WarSpec.coupled_groups`: the support levels' same-named numbers)
    are one uncertain quantity: the group's first uncertain member in path order is drawn as any other, and
    every other member is its own distribution's inverse CDF at the quantile that draw fell at (comonotone
    coupling, Nelsen 2006's upper Frechet bound); the others' own rng calls are still made and discarded,
    so every number outside the groups, and each group's first member, is drawn as without the coupling.
    """
    rng = np.random.default_rng(seed)
    nums = {**spec.numbers(), **spec.position_numbers()}
    lead: dict[str, str] = {}  # coupled path -> the path whose quantile it takes
    for group in spec.coupled_groups():
        drawn = sorted(p for p in group if p in nums and nums[p].distribution is not None)
        lead.update({p: drawn[0] for p in drawn[1:]})
    out: dict[str, float] = {}
    quantile: dict[str, float] = {}
    for label in sorted(nums):
        out[label], u = nums[label].draw_with_quantile(rng)
        if label in lead:
            out[label] = nums[label].at_quantile(quantile[lead[label]])
        elif u is not None:
            quantile[label] = u
    return out


def _need(params: dict[str, float], path: str) -> float:
    if path not in params:
        raise ValueError(f"war.{path}: the war game needs this number; add it to the war: section")
    return float(params[path])


_FRONTIERS: dict[tuple, tuple] = {}


def frontier_of(spec: WarSpec, params: dict[str, float]) -> Frontier:
    """The A-B frontier with every third party's valuation, from the positions in ``params`` (memoised on
    the positions: the games of one draw share it)."""
    names = spec.position_numbers().keys()
    key = (id(spec), tuple(params.get(k) for k in names))
    hit = _FRONTIERS.get(key)
    if hit is None or hit[0] is not spec:  # the spec kept: an id is unique only while its object lives
        if len(_FRONTIERS) > 256:
            _FRONTIERS.clear()
        hit = _FRONTIERS[key] = (spec, _frontier(spec, params))
    return hit[1]


def _frontier(spec: WarSpec, params: dict[str, float]) -> Frontier:
    table = spec.issues
    positions = {actor: {issue: (_need(params, f"positions.{actor}.{issue}.position"),
                                 _need(params, f"positions.{actor}.{issue}.salience")) for issue in issues}
                 for actor, issues in table.positions.items()}
    issues = Issues(table.names, table.lower, table.upper, positions)
    return Frontier(issues, spec.a, spec.b, tuple(spec.third_parties))


_ENDINGS: dict[tuple, tuple] = {}


def _endings(spec, params, frontier: Frontier, players, share: np.ndarray):
    """Players' values when B / A holds the whole stake (the winner's positions; also what the other's
    capitulation gives) and of the frozen line per state; memoised per draw."""
    extra = tuple(params.get(k) for k in ("front.issue_at_zero", "front.issue_at_full"))
    extra += tuple(params.get(f"status_quo.{n}") for n in spec.issues.names)
    key = (id(frontier), players, share.tobytes(), extra)
    hit = _ENDINGS.get(key)
    if hit is None or hit[0] is not frontier:  # the frontier itself kept: an id is unique while it lives
        if len(_ENDINGS) > 1024:
            _ENDINGS.clear()
        frozen = _frozen(spec, params, frontier, share)
        hit = _ENDINGS[key] = (frontier, frontier.values_of(frontier.ideal(spec.b)),
                               frontier.values_of(frontier.ideal(spec.a)),
                               np.stack([frontier.value(name, frozen) for name in players]))
    return hit[1:]


def _frozen(spec: WarSpec, params: dict[str, float], frontier: Frontier, share: np.ndarray) -> np.ndarray:
    """Scaled packages of the frozen line, one per front state (A's share of the stake): ``(S, I)``."""
    table, iss = spec.issues, frontier.issues
    pa, pb = frontier.prefs[spec.a][0], frontier.prefs[spec.b][0]
    base = np.empty(len(table.names))
    for k, name in enumerate(table.names):
        if f"status_quo.{name}" in params:
            base[k] = iss.scale(k, params[f"status_quo.{name}"])
        elif table.status_quo[k] is not None:
            base[k] = iss.scale(k, table.status_quo[k])
        else:
            base[k] = 0.5 * (pa[k] + pb[k])
    out = np.repeat(base[None, :], len(share), axis=0)
    if spec.front.issue is not None:
        k = table.names.index(spec.front.issue)
        lo, hi = _need(params, "front.issue_at_zero"), _need(params, "front.issue_at_full")
        out[:, k] = iss.scale(k, lo + share * (hi - lo))
    return out


def stakes_in_b(params: dict[str, float], players: tuple[str, ...]) -> np.ndarray:
    """Each player's stake in B's survival ``(P,)``: 0 for A and B, ``third_parties.<q>.stake_in_b`` (default 0)
    for a third party q. Subtracted from the ending where A holds the whole stake (``end_high``, also B's
    capitulation, ``quit_b``): a utility the party holds only while B holds its own."""
    return np.array([0.0, 0.0, *(params.get(f"third_parties.{q}.stake_in_b", 0.0) for q in players[2:])])


def _levels(spec: WarSpec) -> tuple[str, ...]:
    if spec.support is None:
        raise ValueError("war.support: the war game needs the support levels; add them to the war: section")
    return tuple(g for g in SUPPORT_LEVELS if g in spec.support.levels)


_STEPS: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def _steps(spec, params, levels, horizon, moves: NodeMoves, step_km2):
    """Per month, type and support level: the step distribution (offsets, probabilities); memoised on
    the numbers it reads (the games of one draw share it)."""
    L = spec.ceasefire.length if moves.ceasefire else 0
    shift = L * (params.get("ceasefire.rearm_a_km2", 0.0) - params.get("ceasefire.rearm_b_km2", 0.0))
    bonus = _need(params, "types.drift_bonus")
    prior = _need(params, "types.prior_stalling")
    drifts = tuple((_need(params, f"support.levels.{g}.drift"), _need(params, f"support.levels.{g}.sd")) for g in levels)
    key = (L, shift, bonus, prior, drifts, levels, horizon, step_km2)
    if key not in _STEPS:
        if len(_STEPS) > 1024:
            _STEPS.clear()
        _STEPS[key] = _step_table(levels, horizon, L, shift, (-prior * bonus, (1 - prior) * bonus), drifts, step_km2)
    offsets, move = _STEPS[key]
    return offsets, move.copy()


def _step_table(levels, horizon, L, shift, extras, drifts, step_km2):
    """Per type k the level's drift plus ``extras[k]``: the serious type's ``-prior x bonus``, the stalling
    type's ``(1 - prior) x bonus``, so that the prior-weighted mean drift is the level's (the record's)."""
    dists = {}
    for g, (m, sd) in zip(levels, drifts):
        for k, extra in enumerate(extras):
            dists[(k, g)] = step_distribution(m + extra + shift, sd, step_km2)
    offsets = sorted({0, *(o for d in dists.values() for o in d.offsets)})
    move = np.zeros((horizon, 2, len(levels), len(offsets)))
    for (k, g), d in dists.items():
        for o, p in zip(d.offsets, d.probs):
            move[L:, k, levels.index(g), offsets.index(o)] += p
    move[:L, :, :, offsets.index(0)] = 1.0  # the pause: the front does not move
    return np.array(offsets), move


def _support_chain(spec: WarSpec, params, levels, levers: Levers) -> tuple[np.ndarray, np.ndarray]:
    G = len(levels)
    switch = np.zeros((G, G))
    for i, a in enumerate(levels):
        for j, b in enumerate(levels):
            if i != j:
                switch[i, j] = params.get(f"support.transitions.{a}.{b}", 0.0)
        if switch[i].sum() > 1.0:
            raise ValueError(f"war.support.transitions.{a}: the probabilities of leaving {a!r} sum above 1")
        switch[i, i] = 1.0 - switch[i].sum()
    if levers.support not in levels:
        raise ValueError(f"levers.support: {levers.support!r} is not one of war.support.levels ({', '.join(levels)})")
    return switch, np.eye(G)[levels.index(levers.support)]


def _costs(spec, params, levels, horizon, players, moves: NodeMoves, levers: Levers) -> np.ndarray:
    P, G = len(players), len(levels)
    cost = np.zeros((horizon, P, 2, G))
    sanctions = sum(_need(params, f"sanctions.{name}.cost_a") for name in sorted(levers.sanctions))
    for k, kind in enumerate(("serious", "stalling")):
        cost[:, 0, k, :] = _need(params, f"types.cost_a.{kind}") + sanctions
    for gi, g in enumerate(levels):
        cost[:, 1, :, gi] = _need(params, f"support.levels.{g}.cost_b")
    for q, name in enumerate(players[2:], start=2):
        cost[:, q] += _need(params, f"third_parties.{name}.war_cost")
        cost[:, q] += sum(_need(params, f"sanctions.{s}.sender_cost") for s in sorted(levers.sanctions)
                          if spec.sanctions[s].by == name)
        if name == spec.supporter:
            for gi, g in enumerate(levels):
                cost[:, q, :, gi] += _need(params, f"support.levels.{g}.cost_supporter")
    if moves.eve_attack:  # the attack demonstrates the will to keep striking (Schelling 1966)
        cost[:, 1] += params.get("eve_attack.cost_b_monthly", 0.0)
    return cost * pause_share(spec, params, moves)[:, None, None, None]


def pause_share(spec: WarSpec, params: dict[str, float], moves: NodeMoves) -> np.ndarray:
    """``(T,)``: the share of a month's running costs the game charges in month t: ``ceasefire.cost_share``
    in the months of an accepted pause, 1 otherwise (:func:`_costs` scales every player's cost by it, the
    levers' running costs included)."""
    share = np.ones(spec.horizon)
    if moves.ceasefire:
        share[: spec.ceasefire.length] = params.get("ceasefire.cost_share", 1.0)
    return share


def talk_terms(spec: WarSpec, params, horizon: int, moves: NodeMoves):
    """Per month of ``horizon``: P(a round of talks), its authority to commit, P(A proposes) and both sides'
    audience costs (month 0: the node's round, held for sure, with the lower delegation's authority and the
    attending levels' audience costs; Putnam 1988, Fearon 1994, 1997)."""
    for level in (moves.delegation_a, moves.delegation_b):
        if level not in LEVELS:
            raise ValueError(f"delegation {level!r} is not one of {', '.join(LEVELS)}")
    lowest = max(moves.delegation_a, moves.delegation_b, key=LEVELS.index)
    talks = np.full(horizon, _need(params, "talks.rate"))
    talks[0] = 1.0  # the node's round is held
    authority = np.full(horizon, _need(params, f"talks.authority.{spec.talks.later_level}"))
    authority[0] = _need(params, f"talks.authority.{lowest}")
    audience = np.zeros((horizon, 2))
    audience[0] = [params.get(f"talks.audience_cost.{lvl}", 0.0) for lvl in (moves.delegation_a, moves.delegation_b)]
    return talks, authority, np.full(horizon, _need(params, "talks.proposer_a")), audience


def build_game(spec: WarSpec, params: dict[str, float], moves: NodeMoves = NodeMoves(),
               levers: Levers = Levers(), alt: Game | None = None, months_for: tuple[str, ...] = ()) -> Game:
    """The game at the node after ``moves`` and ``levers`` (see the module docstring).

    ``alt``: with a ceasefire, the game without it (same moves otherwise), if already built.
    ``months_for``: third parties whose expected discounted months of war (at their own discount) the
    solution should also give, as players ``"months:<name>"`` (:func:`with_months`).
    """
    frontier = frontier_of(spec, params)
    players = (spec.a, spec.b, *spec.third_parties)
    levels, T = _levels(spec), spec.horizon
    unknown = sorted(set(levers.sanctions) - set(spec.sanctions))
    if unknown:
        raise ValueError(f"levers.sanctions: {', '.join(unknown)} not among war.sanctions ({', '.join(spec.sanctions)})")
    area = _need(params, "front.area_km2")
    n = max(2, int(round(area / _need(params, "front.step_km2"))))
    step = area / n
    offsets, move = _steps(spec, params, levels, T, moves, step)
    start = int(round(min(max(_need(params, "front.occupied_km2"), 0.0), area) / step))
    lo, hi = window(start, n, T, -int(offsets.min()), int(offsets.max()))
    km2 = np.arange(lo, hi + 1) * step
    switch, support0 = _support_chain(spec, params, levels, levers)
    talks, authority, proposer_a, audience = talk_terms(spec, params, T, moves)
    end_low, end_high, terminal = _endings(spec, params, frontier, players, km2 / area)
    end_high = end_high - stakes_in_b(params, players)
    discount = [params[f"discount.{spec.a}"], params[f"discount.{spec.b}"],
                *(params[f"third_parties.{q}.discount"] for q in players[2:])]
    game = Game(
        horizon=T, start=start - lo, km2=km2, barrier_low=lo == 0, barrier_high=hi == n, offsets=offsets,
        move=move, support_switch=switch, support0=support0,
        cost=_costs(spec, params, levels, T, players, moves, levers), discount=np.array(discount),
        talks=talks, authority=authority, proposer_a=proposer_a, audience=audience,
        frontier_ua=frontier.ua, frontier_values=frontier.players_at_knots(),
        end_low=end_low, end_high=end_high, terminal=terminal,
        quit_a=np.tile(end_low, (T, 1)), quit_b=np.tile(end_high, (T, 1)),
        enforce=(params.get("enforcement.gain_a", 0.0), params.get("enforcement.gain_b", 0.0)),
        prior=_need(params, "types.prior_stalling"), belief_points=spec.belief_points, players=players,
        support_names=levels, eve_cost_b=params["eve_attack_cost_b"] if moves.eve_attack else 0.0,
        eve_cost_a=params.get("eve_attack.cost_a", 0.0) if moves.eve_attack else 0.0,
        break_cost_a=params.get("ceasefire.break_cost", 0.0) if moves.ceasefire else 0.0, frontier=frontier)
    if moves.ceasefire:
        no_pause = NodeMoves(moves.delegation_a, moves.delegation_b, moves.eve_attack, False)
        if alt is None:
            alt = build_game(spec, params, no_pause, levers)
        game = game.with_(alt=alt)
    return with_months(game, months_for, [params[f"third_parties.{q}.discount"] for q in months_for],
                       pause_share(spec, params, moves)).check()


def with_months(game: Game, names: tuple[str, ...], discounts, share: np.ndarray | None = None) -> Game:
    """``game`` with a pseudo-player ``"months:<name>"`` per name: worth nothing at any ending, it gains
    ``share[t]`` for each month t of war (its "cost" is ``-share[t]``) discounted at ``discounts``, so its
    value is the expected discounted number of months the war goes on from the node along the equilibrium,
    each weighted by the share of a month's running costs the game charges in it: what a monthly running
    cost, e.g. of a lever, multiplies in this game (Players' decisions do not read it). ``share``
    (:func:`pause_share`): ``ceasefire.cost_share`` in the months of an accepted pause, where
    :func:`_costs` charges every cost at that share, 1 otherwise (the default); so a lever's drawn cost,
    charged in the game's values, is exactly ``cost x months`` and :mod:`.third_parties` can add it back.
    The alternative (``alt``: the game without the pause, A's break) counts every month in full."""
    if not names or any(f"months:{n}" in game.players for n in names):
        return game
    Q, T = len(names), game.horizon
    share = np.ones(T) if share is None else np.asarray(share, float)
    cost = np.concatenate([game.cost, np.broadcast_to(-share[:, None, None, None], (T, Q, 2, game.n_support))],
                          axis=1)
    zeros = lambda shape: np.zeros(shape)  # noqa: E731
    alt = with_months(game.alt, names, discounts) if game.alt is not None else None
    return game.with_(
        players=(*game.players, *(f"months:{n}" for n in names)), cost=cost,
        discount=np.concatenate([game.discount, np.asarray(discounts, float)]),
        frontier_values=np.concatenate([game.frontier_values, zeros((Q, len(game.frontier_ua)))]),
        end_low=np.concatenate([game.end_low, zeros(Q)]), end_high=np.concatenate([game.end_high, zeros(Q)]),
        terminal=np.concatenate([game.terminal, zeros((Q, game.n_states))]),
        quit_a=np.concatenate([game.quit_a, zeros((T, Q))], axis=1),
        quit_b=np.concatenate([game.quit_b, zeros((T, Q))], axis=1), alt=alt)
