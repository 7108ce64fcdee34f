"""The node's order of play: the node's round, then the levers after a failed round, then the war.

At the node (t = 0) the belligerents' delegations meet for one round of talks (authority of the lower
delegation, audience costs, B's offers, A's answer: month 0 of :mod:`.bargaining`). If the round fails,
the third parties observe A's moves and the failure, update to B's belief after it (a screening offer
rejected reveals the type that rejects it, a semi-separating one moves it to the offer's posterior; a
failure for lack of authority or an offer refused by both reveals nothing) and choose their levers, which
are in force from then on: the rest of month 0 (capitulation stage, the month's costs, the front's move,
Bayes) and months 1..T (their senders' costs charged per month in force). Sanctions as a response to
obstruction: Trump's threat as the seed states it ("if he thought it was blocking the process"), hence
levers chosen after the failure.

The split:

- :func:`failure_tables`: every player's value from the moment the node's round has failed, per A's
  type and B's belief then, with ``levers`` in force: one backward induction of the game whose month-0
  round cannot bind (authority 0, no audience cost), which :class:`SolveCache` solves once per (ceasefire,
  eve attack, sanction set) and shares across support levels (the support level is the game's ``support0``);
- :mod:`.node_failure` mixes those tables over the levers' lottery at each belief (the purified third parties);
- :func:`node_round`: the node's round itself on that mixed continuation, for any delegations: values
  at the node per type and B's belief after A's move, and where the round fails, with which belief.
  Month 0's round of :mod:`.bargaining` on one state (numpy, about a millisecond).

A ceasefire accepted at the node: the failure game is the ceasefire game, and its keep/break choice
(:meth:`Solution.breakdown`) is made after the failed round at the belief after it (stated order:
round, levers, then keep or break). One-off costs of the node's moves (the eve attack's) are not in the
failure tables; :func:`node_round` charges them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...scenario.war import LEVELS, WarSpec
from ._war_values_kernel import war_values_at_node
from .bargaining import TOL, a_proposes, b_proposes
from .game import Levers, NodeMoves, SolveCache, build_game
from .gamedef import Game, belief_grid
from .solution import Solution

__all__ = ["failure_game", "failure_solution", "failure_tables", "node_round", "node_rounds", "NodeRound",
           "branch_lotteries"]

#: the failure branches of :attr:`NodeRound.fail`: B's belief after the failed round (the last: after a refused
#: semi-separating screen, at :attr:`NodeRound.post_index`)
BRANCHES = ("unchanged", "serious", "stalling", "semi-separating")


def branch_lotteries(p: np.ndarray, post_index: np.ndarray) -> np.ndarray:
    """(M, L) -> (M, 4, L): a lottery given per grid belief, read at each failure branch's belief
    (:data:`BRANCHES`: unchanged, the grid point; 0; 1; the grid point ``post_index`` after a refused
    semi-separating screen)."""
    return np.stack([p, np.broadcast_to(p[0], p.shape), np.broadcast_to(p[-1], p.shape), p[post_index]], axis=1)


def failure_game(spec: WarSpec, params: dict[str, float], moves: NodeMoves, levers: Levers,
                 months_for: tuple[str, ...] = (), base: Game | None = None) -> Game:
    """The game from the failed node round on: ``build_game`` with month 0's round unable to bind.

    Delegations do not matter after the round (they set only month 0's authority and audience costs), so
    every delegation pair gives the same game; the one-off eve-attack cost is left to :func:`node_round`.
    ``base``: the built game (any delegations) if at hand, to skip building.
    """
    game = base if base is not None else build_game(spec, params, moves, levers, months_for=months_for)
    return _no_round(game)


def _no_round(game: Game) -> Game:
    authority, audience = game.authority.copy(), game.audience.copy()
    authority[0], audience[0] = 0.0, 0.0
    alt = _no_round(game.alt) if game.alt is not None else None
    return game.with_(authority=authority, audience=audience, eve_cost_b=0.0, eve_cost_a=0.0, alt=alt)


def failure_solution(spec: WarSpec, params: dict[str, float], moves: NodeMoves, levers: Levers,
                     months_for: tuple[str, ...] = (), cache: SolveCache | None = None) -> Solution:
    """The solved failure game (for :meth:`Solution.breakdown`, :func:`~.forward.outcomes` after a failure)."""
    game = failure_game(spec, params, moves, levers, months_for)
    return (cache or SolveCache()).solve(game)


def failure_tables(spec: WarSpec, params: dict[str, float], moves: NodeMoves, levers: Levers,
                   months_for: tuple[str, ...] = (), cache: SolveCache | None = None
                   ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``(grid, {player: (2, M)})``: values from the failed node round on, per A's type and B's belief.

    ``moves``: only ``eve_attack`` and ``ceasefire`` matter. ``months_for``: third parties whose expected
    discounted months of war from the failure are added as ``"months:<name>"``. Pass one ``cache`` for a
    draw: the games then cost one backward induction per (ceasefire, eve attack, sanction set).
    """
    sol = failure_solution(spec, params, moves, levers, months_for, cache)
    return np.asarray(sol.grid, float), sol.value_table()


@dataclass(frozen=True)
class NodeRound:
    """The node's round on a given continuation.

    ``values``: player -> ``(2, M)`` at the node per A's type and B's belief after A's move (one-off
    costs of the moves charged). ``fail``: ``(2, M, 4)``: P(the round fails and B's belief after it is
    unchanged / 0 (serious revealed) / 1 (stalling revealed) / the grid point ``post_index`` (a refused
    semi-separating screen, :func:`.bargaining.b_proposes`)), per type and belief. ``settle``: ``(2, M)``
    P(a deal at the node). ``offer_b``: B's offer (A's utility; NaN if none) and ``b_choice`` (0 pool,
    1 screen keeping the serious type, 2 the stalling type, 3 nothing acceptable), per belief;
    ``accept_b`` ``(2, M)``: P(each type accepts B's offer); ``post_index`` ``(M,)``: the grid index of B's
    belief after a refusal of B's offer.
    """

    grid: np.ndarray
    values: dict[str, np.ndarray]
    fail: np.ndarray
    settle: np.ndarray
    offer_b: np.ndarray
    b_choice: np.ndarray
    accept_b: np.ndarray | None = None
    post_index: np.ndarray | None = None


_FLOORS: dict[tuple, tuple] = {}


def _floors(game: Game) -> np.ndarray:
    """``(P, 2, 1, 1)``: the no-talks war values at the node (the reneging floor's base, Powell 2006)."""
    arrays = (game.cost, game.move, game.support0, game.terminal, game.end_low, game.end_high, game.discount,
              game.offsets, game.support_switch)
    key = (id(game.frontier), int(game.start), bool(game.barrier_low), bool(game.barrier_high),
           *(np.asarray(a).tobytes() for a in arrays))
    hit = _FLOORS.get(key)
    if hit is None or hit[0] is not game.frontier:  # the frontier kept: an id is unique only while it lives
        if len(_FLOORS) > 256:
            _FLOORS.clear()
        W = war_values_at_node(game.with_(alt=None))
        hit = _FLOORS[key] = (game.frontier, np.einsum("g,pkg->pk", game.support0, W)[:, :, None, None])
    return hit[1]


def node_round(spec: WarSpec, params: dict[str, float], moves: NodeMoves, continuation: dict[str, np.ndarray],
               game: Game | None = None) -> NodeRound:
    """Month 0's round of :mod:`.bargaining` at the node, on ``continuation`` (player -> ``(2, M)``: the
    value after a failed round, e.g. :func:`failure_tables` mixed over the levers' lottery).

    Authority ``talks.authority[lower delegation]`` (Putnam 1988; Fearon 1997), audience cost
    ``talks.audience_cost[level]`` to a side whose round fails (Fearon 1994), A's offer with probability
    ``talks.proposer_a``, else B screens (Fudenberg, Levine & Tirole 1985); the reneging floors are the
    no-talks war values of ``game`` (default: the game of ``moves`` with no levers) plus
    ``enforcement.gain_*`` (Powell 2006). Players missing from ``continuation`` are not allowed.
    """
    pair = (moves.delegation_a, moves.delegation_b)
    return node_rounds(spec, params, moves.eve_attack, [pair], continuation, game)[pair]


def node_rounds(spec: WarSpec, params: dict[str, float], eve_attack: bool, pairs: list[tuple[str, str]],
                continuation: dict[str, np.ndarray], game: Game | None = None) -> dict[tuple[str, str], NodeRound]:
    """:func:`node_round` for several delegation pairs ``(A's level, B's level)`` on one continuation: the
    pairs stacked along the front-state axis of month 0's round (every state's round is its own), so each
    pair's numbers are what :func:`node_round` alone gives."""
    if game is None:
        game = build_game(spec, params, NodeMoves("minister", "minister", eve_attack, False), Levers())
    players = game.players
    names = [p for p in continuation if p not in players and not p.startswith("months:")]
    if names or any(p not in continuation for p in players):
        raise ValueError(f"node_round: continuation must give every player of the game ({', '.join(players)})")
    names = [*players, *(p for p in continuation if p.startswith("months:"))]
    X = np.stack([np.asarray(continuation[p], float) for p in names])[:, :, None, None, :]
    M = X.shape[-1]
    grid = np.linspace(0.0, 1.0, M)
    if len(grid) != len(belief_grid(game)):
        raise ValueError(f"node_round: continuation has {M} beliefs, the scenario's grid {len(belief_grid(game))}")
    for level in {lv for pair in pairs for lv in pair}:
        if level not in LEVELS:
            raise ValueError(f"delegation {level!r} is not one of {', '.join(LEVELS)}")
    kappa = np.array([float(params[f"talks.authority.{max(pair, key=LEVELS.index)}"]) for pair in pairs])
    pa = float(params["talks.proposer_a"])
    Xf = np.repeat(X, len(pairs), axis=2)
    for i, (level_a, level_b) in enumerate(pairs):
        Xf[0, :, i] -= params.get(f"talks.audience_cost.{level_a}", 0.0)
        Xf[1, :, i] -= params.get(f"talks.audience_cost.{level_b}", 0.0)
    W = _floors(game)
    Q = len(names) - len(players)
    if Q:  # months pseudo-players: worth nothing at a deal, no floor
        W = np.concatenate([W, np.zeros((Q, *W.shape[1:]))])
        wide = game.with_(frontier_values=np.concatenate([game.frontier_values,
                                                          np.zeros((Q, len(game.frontier_ua)))]))
    else:
        wide = game
    va, a_offers, _ = a_proposes(wide, Xf, W, grid)
    vb, choice, x_b, accepted, post = b_proposes(wide, Xf, W, grid)
    V = (1 - kappa[:, None, None]) * Xf + kappa[:, None, None] * (pa * va + (1 - pa) * vb)
    V = V[:, :, :, 0]
    V[0] -= params.get("eve_attack.cost_a", 0.0) if eve_attack else 0.0
    V[1] -= params.get("eve_attack_cost_b", 0.0) if eve_attack else 0.0
    out = {}
    for i, pair in enumerate(pairs):
        index = np.searchsorted(grid, post[i, 0])  # post holds grid points themselves (b_proposes), found exactly
        fail, settle = _branches(float(kappa[i]), pa, a_offers[:, i, 0], accepted[:, i, 0], index)
        out[pair] = NodeRound(grid, {p: V[n, :, i] for n, p in enumerate(names)}, fail, settle, x_b[i, 0],
                              choice[i, 0], accepted[:, i, 0], index)
    return out


def _branches(kappa, pa, a_offers, accepted, index):
    """P(fail, belief after) ``(2, M, 4)`` and P(deal) ``(2, M)`` from month 0's policies at the node:
    ``accepted`` P(each type accepts B's offer), ``index`` the grid index of B's belief after a refusal
    (:func:`.bargaining.b_proposes`): the belief itself (no offer; a refused pool at a degenerate belief),
    0 or 1 (a pure screen refused, a type revealed; a pool refused inside, read as the stalling type's, the
    D1 belief), another grid point (a refused semi-separating screen)."""
    M = index.shape[-1]
    fail = np.zeros((2, M, 4))
    j = np.arange(M)
    branch = np.where(index == j, 0, np.where(index == 0, 1, np.where(index == M - 1, 2, 3)))
    for k in (0, 1):
        fail[k, :, 0] = (1 - kappa) + kappa * pa * (~a_offers[k])
        rejected = kappa * (1 - pa) * (1.0 - accepted[k])
        for b in range(4):
            fail[k, :, b] += np.where(branch == b, rejected, 0.0)
    settle = 1.0 - fail.sum(-1)
    assert settle.min() >= -TOL
    return fail, np.clip(settle, 0.0, 1.0)
