"""The node's perfect Bayesian equilibrium: Russia's moves, Ukraine's delegation, the third parties' levers.

Order of play at the node (the Istanbul sequence: the eve attack and the answer to the ceasefire demand
came before the delegations met; Ukraine named its delegation after Russia's; sanctions came after):

1. A (informed, type serious or stalling, prior ``types.prior_stalling``) chooses its move: delegation
   level x eve attack x ceasefire answer (``spec.moves[A]``), one message of a signalling game;
2. B sees it, holds the posterior ``mu`` and chooses its delegation level (a best response; it may mix
   where indifferent);
3. the third parties see both, hold the same ``mu`` and choose their levers (:mod:`.third_parties`:
   purified, a fixed point of the agents' best responses); by default (``order="after_failure"``) only
   after the node's round has failed, at B's belief after the failure (:mod:`.node_failure`);
4. the war game runs from there (:mod:`.game`): every player's value per A's type and belief.

Steps 2-4 are the receivers' response to A's message, a correspondence of ``mu`` read on the game's
belief grid (everything is linear in ``mu`` between grid points, as the game's own values are);
:mod:`.signalling` finds every PBE, applies the refinement (D1 by default, the Intuitive Criterion, or
none) and selects one (its rule). "If Putin attends, Zelensky attends" is then an outcome of B's payoffs
(authority to commit and audience costs in the game), not an input.

:meth:`NodeSolution.value_of` values any actor's deviation keeping the others' equilibrium strategies:
B's delegation responds to a deviation of A (at the equilibrium belief after it, refined off path); the
levers respond to A's and B's moves; a third party's own deviation fixes its lever (its charged, drawn
cost) while the other agents respond to it. Third-party moves map to levers by name: a lever's own name
(``us_secondary_sanctions: on``), ``support: <level>``, ``sanctions``: ``none``/``off`` (off),
``secondary``/``immediate``/``on`` (on), ``conditional``/``respond`` (the equilibrium response).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np

from ...scenario.war import WarSpec
from .game import Levers, NodeMoves, Outcomes
from .node_tables import GameTables, interp_last, lever_set, mix_outcomes
from .channel_switches import (CHANNELS, check_off, frozen_lotteries, lotteries_after, naive_equilibrium,
                               switched_moves)
from .signalling import Equilibrium, Response, SignallingGame, equilibria, select, signalling_prior
from .third_parties import combinations, contract, levers_of, solve_levers

__all__ = ["NodeSolution", "solve_node", "a_moves", "move_label", "TYPES", "CHANNELS", "shared_tables"]

TYPES = ("serious", "stalling")
#: solve_node's order of play: "after_failure" (levers after a failed node round: sanctions answer obstruction) or
#: "before" (levers after A's and B's moves)
DEFAULT_ORDER = "after_failure"
_RESPOND = {"respond", "conditional"}


def a_moves(spec: WarSpec) -> list[dict[str, str]]:
    """Every move of A (``{move: value}``), in the order of ``spec.moves[A]``."""
    moves = spec.moves[spec.a]
    return [dict(zip(moves, combo)) for combo in product(*moves.values())]


def move_label(move: dict[str, str]) -> str:
    """``{"delegation": "aide", ...}`` -> ``"delegation=aide, ..."`` (the answer's move labels)."""
    return ", ".join(f"{k}={v}" for k, v in move.items())


def _node_moves(move: dict[str, str], level_b: str) -> NodeMoves:
    return NodeMoves(move.get("delegation", "minister"), level_b, move.get("eve_attack") == "yes",
                     move.get("ceasefire") == "accept")


@dataclass(eq=False)
class NodeSolution:
    """The selected PBE of the node (module docstring) and what it implies per A's move label.

    ``converged``/``unique``: the third parties' fixed point (:func:`.third_parties.solve_levers`);
    ``duplicates``: classes of A's moves with identical consequences (merged, split evenly).
    """

    strategy: dict[str, dict[str, float]]
    posterior: dict[str, float]
    response_b: dict[str, str]
    levers: dict[str, dict[str, float]]
    values: dict[str, dict[str, np.ndarray]]
    equilibria: list[Equilibrium]
    refinement: str
    response_b_mix: dict[str, dict[str, float]] = field(default_factory=dict)
    converged: bool = True
    unique: bool = True
    duplicates: list[list[str]] = field(default_factory=list)
    _node: "NodeSolver | None" = field(default=None, repr=False)

    def survivors(self) -> list["NodeSolution"]:
        """The node under each equilibrium that survives the applied refinement: this one (the selected) first,
        then the others in :func:`.signalling.select`'s order, each sharing this solution's game tables (its
        ``levers`` left empty: not computed). The answer's sensitivity to the selection rule
        (:mod:`detente.analysis.war.structural`): a refinement leaves several PBE where several survive it."""
        import copy

        out = [self]
        for eq in self.equilibria[1:]:
            if eq.survives(self.refinement):
                node = copy.copy(self._node)  # its own selected equilibrium; the same tables and memos
                node.eq = eq
                out.append(_solution(node, self.equilibria, self.refinement, levers_too=False))
        return out

    def value_of(self, actor: str, changes: dict[str, str], type_weight: float) -> float:
        """``actor``'s value after ``changes`` (``{"Actor.move": value}``; {} = the observed moves), the
        others' equilibrium strategies kept, averaged over A's types with P(stalling) = ``type_weight``."""
        v = self._node.values_under(changes, actor)[actor]
        return float((1 - type_weight) * v[0] + type_weight * v[1])

    def values_of(self, changes: dict[str, str], actor: str | None = None) -> dict[str, np.ndarray]:
        """Every player's value per A's type after ``changes`` (``actor``'s other moves as observed)."""
        return self._node.values_under(changes, actor)

    def levers_of(self, changes: dict[str, str], actor: str | None = None) -> dict[str, float]:
        """P(each lever) after ``changes`` (names as in :attr:`levers`)."""
        return self._node.levers_under(changes, actor)

    def outcome_of(self, changes: dict[str, str], type_weight: float, actor: str | None = None,
                   pooled: bool = True) -> Outcomes:
        """The war's outcomes after ``changes``, mixed over B's response and the lever lotteries. In the default order
        games sharing a solution run in one forward pass unless ``pooled`` is False (the same outcomes but
        ``belief_mean``: :func:`.forward.pooled_outcomes`)."""
        if pooled:
            return self._node.outcome_under(changes, type_weight, actor)
        return self._node.outcome_under(changes, type_weight, actor, pooled=False)


class NodeSolver:
    """Every game value of the node and the selected equilibrium (the work behind :class:`NodeSolution`)."""

    def __init__(self, spec: WarSpec, params: dict[str, float], tables, off: frozenset[str] = frozenset()) -> None:
        self.spec, self.params, self.tables, self.off = spec, params, tables, check_off(off)
        self.frozen = None  # third_parties off: the levers' (probabilities, moments) after the observed move
        self.moves = a_moves(spec)
        self.labels = [move_label(m) for m in self.moves]
        self.levels_b = list(spec.moves[spec.b]["delegation"])
        self.levers = levers_of(spec, params)
        self.shape = tuple(len(lv.levels) for lv in self.levers)
        self.lever_players = sorted({lv.player for lv in self.levers})
        self._read_tables()
        self._solved: dict[tuple, tuple] = {}
        self._moments: dict[tuple, list[np.ndarray]] = {}

    def game_moves(self, move: dict[str, str], level_b: str) -> NodeMoves:
        """The moves the game is built with (the observed ones on a switched-off channel: .channel_switches)."""
        return _node_moves(*switched_moves(self.spec, self.off, move, level_b))

    def _lever_set(self, combo: tuple[int, ...]) -> Levers:
        return lever_set(self.levers, combo)

    def _read_tables(self) -> None:
        """``T[player]``: (2, n_m, n_d, M, *shape) values; ``F[player]``: the same for months of war."""
        combos = combinations(self.levers)
        n_m, n_d = len(self.moves), len(self.levels_b)
        self.T, self.F = {}, {}
        for i, move in enumerate(self.moves):
            for j, level in enumerate(self.levels_b):
                for combo in combos:
                    tab = self.tables(self.game_moves(move, level), self._lever_set(combo))
                    for name, arr in tab.items():
                        target = self.F if name.startswith("months:") else self.T
                        key = name.removeprefix("months:")
                        if key not in target:
                            target[key] = np.zeros((2, n_m, n_d, arr.shape[1], *self.shape))
                        target[key][(slice(None), i, j, slice(None), *combo)] = arr
        self.grid = np.asarray(self.tables.grid, dtype=float)
        self.players = [p for p in self.T]

    def _states(self, arr: np.ndarray) -> np.ndarray:
        """(2, n_m, n_d, M, *shape) -> (S, *shape) averaged over A's types at each grid belief."""
        mu = self.grid.reshape((1, 1, -1) + (1,) * len(self.shape))
        avg = (1 - mu) * arr[0] + mu * arr[1]
        return avg.reshape((-1, *self.shape))

    def solved(self, fixed: dict[int, int] | None = None) -> tuple[dict[str, np.ndarray], list[np.ndarray], tuple]:
        """Per player (2, n_m, n_d, M) values over the lever lotteries, the lotteries, and (converged, unique)."""
        key = tuple(sorted((fixed or {}).items()))
        if key not in self._solved and self.frozen is not None:  # third_parties off
            probs, moments = frozen_lotteries(self.frozen, fixed or {}, int(np.prod(self.T[self.spec.a].shape[1:4])))
            out = {p: self._per_type(p, probs, moments, fixed or {}) for p in self.players}
            self._solved[key] = (out, probs, (True, True))
        if key not in self._solved:
            values = {q: self._states(self.T[q]) for q in self.lever_players}
            months = {q: self._states(self.F[q]) for q in self.lever_players}
            sol = solve_levers(self.levers, values, months, fixed=fixed)
            out = {p: self._per_type(p, sol.probs, sol.moments, fixed or {}) for p in self.players}
            self._solved[key], self._moments[key] = (out, sol.probs, (sol.converged, sol.unique)), sol.moments
        return self._solved[key]

    def freeze_levers(self) -> None:
        """``third_parties`` off: every lever at its lottery after the observed move, then solve again."""
        m, mix, _ = self.parse_changes({}, None)
        _, probs, _ = self.solved()
        self.frozen = tuple(lotteries_after(self, m, mix, self.belief(m), arr) for arr in (probs, self._moments[()]))
        self._solved.clear()

    def _per_type(self, player: str, probs, moments, fixed) -> np.ndarray:
        lead = self.T[player].shape[1:4]
        out = np.zeros((2, *lead))
        for t in (0, 1):
            arr = self.T[player][t].reshape((-1, *self.shape))
            total = contract(arr, probs)
            for j, lever in enumerate(self.levers):
                if lever.player != player or j in fixed:  # a forced lever costs its drawn (charged) value
                    continue
                F = self.F[player][t].reshape((-1, *self.shape))
                w = list(probs)
                # the game's charge out, the expected private cost of the purified choice in
                w[j] = lever.charged * probs[j] - lever.low * probs[j] - (lever.high - lever.low) * moments[j]
                total = total + contract(F, w)
            out[t] = total.reshape(lead)
        return out

    # ----- the signalling game -----------------------------------------------------------------------

    def responses(self) -> list[Response]:
        values, _, _ = self.solved()
        a, b = values[self.spec.a], values[self.spec.b]
        mu = self.grid
        out = []
        for i in range(len(self.moves)):
            sender = np.transpose(a[:, i], (1, 0, 2))  # (n_d, 2, M)
            receiver = (1 - mu) * b[0, i] + mu * b[1, i]
            out.append(Response.on_grid(mu, sender, receiver, tuple(self.levels_b)))
        return out

    def equilibrium(self, refinement: str) -> tuple[list[Equilibrium], str]:
        if "signals" in self.off:  # nobody updates: the prior after every message (.channel_switches)
            self.eq = naive_equilibrium(self, self.solved()[0], self.params["types.prior_stalling"])
            self.refinement = "none"
            return [self.eq], self.refinement
        game = SignallingGame(signalling_prior(self.params["types.prior_stalling"]), tuple(self.labels),
                              tuple(self.responses()))
        found = equilibria(game)
        ordered, applied = select(found, refinement, game.prior)
        if not ordered:
            raise RuntimeError(f"{self.spec.node}: no perfect Bayesian equilibrium found at the node")
        self.eq, self.refinement = ordered[0], applied
        return ordered, applied

    def belief(self, m: int) -> float:
        return self.eq.belief(m, self.refinement)

    def response(self, m: int) -> dict[str, float]:
        if m in self.eq.off_path:
            return self.eq.off_path[m].point(self.refinement)[1]
        return self.eq.response[m]

    # ----- deviations ---------------------------------------------------------------------------------

    def parse_changes(self, changes: dict[str, str], actor: str | None):
        """(A's move index, B's mixed delegation, fixed levers) after ``changes``."""
        spec = self.spec
        per: dict[str, dict[str, str]] = {}
        for key, value in changes.items():
            who, _, move = key.rpartition(".")
            per.setdefault(who, {})[move] = value
        move = {**spec.observed.get(spec.a, {}), **per.get(spec.a, {})}
        move = {k: move[k] for k in spec.moves[spec.a]}
        m = self.labels.index(move_label(move))
        mix = ({per[spec.b]["delegation"]: 1.0} if "delegation" in per.get(spec.b, {}) else self.response(m))
        fixed: dict[int, int] = {}
        for who in {q for q in per if q not in (spec.a, spec.b)} | ({actor} - {spec.a, spec.b, None}):
            own = per.get(who, {}) if who != actor else {**spec.observed.get(who, {}), **per.get(who, {})}
            fixed.update(self._forced(who, own))
        return m, mix, fixed

    def _forced(self, who: str, moves: dict[str, str]) -> dict[int, int]:
        out = {}
        for move, value in moves.items():
            if value in _RESPOND or move == "host":
                continue
            for i, lever in enumerate(self.levers):
                if lever.player != who:
                    continue
                if move == lever.name or (move == "support" and lever.levels != ("off", "on")):
                    if value not in lever.levels:
                        raise ValueError(f"{who}.{move}={value}: expected one of {', '.join(lever.levels)}")
                    out[i] = lever.levels.index(value)
                elif move == "sanctions" and lever.levels == ("off", "on"):
                    out[i] = 0 if value in ("none", "off") else 1
        return out

    def values_under(self, changes: dict[str, str], actor: str | None) -> dict[str, np.ndarray]:
        m, mix, fixed = self.parse_changes(changes, actor)
        values, _, _ = self.solved(fixed or None)
        mu = self.belief(m)
        out = {}
        for p, arr in values.items():
            out[p] = sum(w * interp_last(mu, self.grid, arr[:, m, self.levels_b.index(d)]) for d, w in mix.items())
        return out

    def lever_probs(self, m: int, mix: dict[str, float], fixed: dict[int, int] | None) -> list[np.ndarray]:
        """Each lever's level probabilities after A's move ``m`` and B's mix, at the belief after ``m``."""
        _, probs, _ = self.solved(fixed or None)
        mu, M = self.belief(m), len(self.grid)
        out = []
        for p in probs:
            p = p.reshape(len(self.moves), len(self.levels_b), M, -1)
            out.append(sum(w * interp_last(mu, self.grid, p[m, self.levels_b.index(d)].T) for d, w in mix.items()))
        return out

    def named(self, probs: list[np.ndarray]) -> dict[str, float]:
        out = {}
        for lever, p in zip(self.levers, probs):
            if lever.levels == ("off", "on"):
                out[lever.name] = float(p[1])
            else:
                out.update({f"{lever.name}={g}": float(q) for g, q in zip(lever.levels, p)})
        return out

    def levers_under(self, changes: dict[str, str], actor: str | None) -> dict[str, float]:
        m, mix, fixed = self.parse_changes(changes, actor)
        return self.named(self.lever_probs(m, mix, fixed))

    def outcome_under(self, changes: dict[str, str], w: float, actor: str | None, pooled: bool = True) -> Outcomes:
        """One forward pass per game of the lotteries (``pooled``: the default order's; tables may be stand-ins)."""
        m, mix, fixed = self.parse_changes(changes, actor)
        probs, mu = self.lever_probs(m, mix, fixed), self.belief(m)
        parts = []
        for d, pd in mix.items():
            for combo in combinations(self.levers):
                weight = pd * float(np.prod([p[k] for p, k in zip(probs, combo)]))
                if weight > 1e-9:
                    moves = self.game_moves(self.moves[m], d)
                    parts.append((weight, self.tables.outcomes(moves, self._lever_set(combo), mu, w)))
        return mix_outcomes(parts)


def solve_node(spec: WarSpec, params: dict[str, float], refinement: str = "D1", backend: str = "numba",
               tables=None, order: str | None = None, off: frozenset[str] = frozenset()) -> NodeSolution:
    """The node's PBE (module docstring). ``tables``: the game values (default: the war game's, solved here).

    ``order="after_failure"`` (``DEFAULT_ORDER``): the levers are chosen after a failed node
    round, at the belief after it (:mod:`.node_failure`); ``"before"``: after A's move and B's delegation,
    as step 3 of the module docstring. Not given: ``DEFAULT_ORDER`` when ``tables`` is None or a
    ``FailureTables``, ``"before"`` for per-lever-set tables (closed-form stand-ins, :func:`shared_tables`).
    """
    if order is None:
        from .node_failure import FailureTables

        order = DEFAULT_ORDER if tables is None or isinstance(tables, FailureTables) else "before"
    if order == "after_failure":
        from .node_failure import node_after_failure

        node = node_after_failure(spec, params, tables)  # third_parties off: FailureNode.freeze_levers
        node.off = check_off(off)
        node.prefetch()  # the failure games every move needs, on threads where there are cores
    elif order == "before":
        node = NodeSolver(spec, params, tables or shared_tables(spec, params, backend), off)
    else:
        raise ValueError(f"order must be 'before' or 'after_failure', got {order!r}")
    ordered, applied = node.equilibrium(refinement)
    if "third_parties" in node.off:  # the levers after the observed move, everywhere (.channel_switches)
        node.freeze_levers()
        ordered, applied = node.equilibrium(refinement)
    return _solution(node, ordered, applied)


def _solution(node: "NodeSolver", ordered: list[Equilibrium], applied: str, levers_too: bool = True) -> NodeSolution:
    """What the node implies under ``node.eq`` (the selected equilibrium, or another: :meth:`NodeSolution.
    survivors`), per A's move label; ``levers_too=False`` leaves the levers out (empty)."""
    spec, eq = node.spec, node.eq
    strategy = {TYPES[t]: {node.labels[m]: float(eq.strategy[t, m]) for m in range(len(node.labels))
                           if eq.strategy[t, m] > 0} for t in (0, 1)}
    posterior, response_b, mixes, levers, values = {}, {}, {}, {}, {}
    for m, label in enumerate(node.labels):
        posterior[label] = node.belief(m)
        mixes[label] = node.response(m)
        response_b[label] = max(mixes[label], key=mixes[label].get)
        changes = {f"{spec.a}.{k}": v for k, v in node.moves[m].items()}
        levers[label] = node.levers_under(changes, None) if levers_too else {}
        values[label] = node.values_under(changes, None)
    converged, unique = node.solved()[2]
    duplicates = [[node.labels[m] for m in c] for c in eq.duplicates]
    return NodeSolution(strategy, posterior, response_b, levers, values, ordered, applied, mixes, converged, unique,
                        duplicates, node)


def shared_tables(spec: WarSpec, params: dict[str, float], backend: str = "numba") -> GameTables:
    """The war game's values for ``solve_node(tables=..., order="before")``, memoised per game: one set serves
    every ``off`` of a draw (:mod:`.channel_switches`)."""
    return GameTables(spec, params, backend, months_for=lever_players_of(spec, params))


def lever_players_of(spec: WarSpec, params: dict[str, float]) -> tuple[str, ...]:
    """The third parties that hold a lever (whose months of war the game tables give, to price its cost)."""
    return tuple(sorted({lever.player for lever in levers_of(spec, params)}))
