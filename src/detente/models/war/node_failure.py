"""The node with the third parties' levers chosen after a failed node round (sanctions as a response to obstruction).

Order at the node: A's move -> B's delegation -> the node round (month 0: talks with the authority of
the lower delegation, offers, acceptance; the audience costs) -> if it fails, the third parties observe A's
moves and the failure, update to B's belief after it (a screen rejected reveals the type that rejects it, a
semi-separating one moves it to the offer's posterior; a failure for lack of authority, or an offer both
types refuse, reveals nothing) and choose their levers
(purified agents, the fixed point of :func:`.third_parties.solve_levers`) -> the war from then on with
those levers in force, each sender's cost charged per month in force. Sanctions are then a response to
obstruction ("if he thought it was blocking the process", the seed), valued against the counterfactual
of a failed round. :mod:`.node_round` gives the two halves: :func:`~.node_round.failure_tables`
(values from the failure on, per lever set) and :func:`~.node_round.node_round` (month 0's round on a
given continuation, with the failure branches). Here:

1. per (eve attack, ceasefire answer) and lever set, the failure table (the ``SolveCache``: one backward
   induction per sanction set; the support level is the failure game's starting level);
2. at each belief ``mu_j`` of B's grid, the lever equilibrium on the lever players' failure values averaged
   over A's types at ``mu_j``: the lottery ``P(L | mu_j)``;
3. ``V_fail[p](k, mu_j) = sum_L P(L | mu_j) V_L[p](k, mu_j)``, a lever player's value net of its expected
   private cost (the game's drawn charge added back, as :mod:`.third_parties` does);
4. the node round on ``V_fail`` for every (A's move, B's delegation): the values the signalling game reads;
5. ``P(lever | move, B's delegation, mu) = sum_k P(k | mu) sum_b fail[k, mu, b] P(lever | mu_b)`` over the
   failure branches ``b`` (belief unchanged, 0, 1, or a refused semi-separating screen's grid point); after a
   deal no lever is applied (sanctions off, the supporter at the node's level, ``maintain``). So P(lever |
   move) = P(no deal | move) x P(lever | no deal, posterior after it), with the posterior per branch.

**The ceasefire ultimatum.** A sanction whose rule in the scenario (``war.rules``) is triggered by A's ceasefire
answer alone (the EU's: ``signals: [Russia.ceasefire=reject]``) bites if A rejects OR breaks the pause:
after a rejected ceasefire it is chosen like any lever; after an accepted one it is a conditional threat,
chosen after the failed round, in force only in the game A plays if it breaks the pause (the failure
game's alternative), so A's keep/break choice reads it. Its sender's purified cost multiplies the months
of war of the whole failure game (keep or break; at nominal inputs both types break, :mod:`.solution`), and
so does the game's charge of its drawn cost (:meth:`FailureTables._threat_charged`), which
:mod:`.third_parties` adds back. Reported as P(threat chosen) x P(A breaks | the branch's belief) with the other levers off (a stated approximation).

**What decides a sanction here** (measured on the shipped scenario, tested in
``tests/models/war/test_node.py``). P(lever | move) is P(no deal | move) (the authority channel: an aide's
round fails more often) times P(lever | failure, posterior), and the second factor is the purified
comparison of the lever's benefit per discounted month of war with its sender's private cost. Where B
pools after the failure (at nominal, every belief >= 0.2), every binding round settles, so the war's
length is the talks' hazard (``talks.rate`` x the later authority) with or without the sanction: a cost
on A moves only the terms, toward B's (Rubinstein 1982). A sender then gains from it iff it prefers terms
nearer B's than where deals land. The EU's positions do everywhere; the US's (the April 2025 framework)
only where B pools a Russia believed stalling at that type's higher reservation (stalling cost 0: Russia's
utility about 0.74, where the US loses from Russia's gains on ceasefire timing), and only if rounds come
often enough: at talks.rate 0.25 its benefit rises with P(stalling) and crosses its private cost's low end
near belief 0.25 (P(us | aide) 0.211 vs leader 0.023); at the COW-matched 0.08 it stays within +-0.0004 a
month and the sanctions are off (the strict xfail in test_node.py; it holds from talks.rate 0.1). A sanction shortens
the war only where B screens (low beliefs, or frequent rounds), and there its value FALLS with P(stalling):
in a skimming equilibrium a B that believes A tough pools and buys it off.

The outcomes (:meth:`._node_failure_node.FailureNode.outcome_under`) mix the forward passes of the whole
games with the levers fixed from the node over the lottery given a failed round (the forward pass cannot
branch after the round): each game's month-0 round gives the deal, so P(deal at the node) is exact where
the levers do not move month 0's offers; an approximation of the outcomes, not of the values or the
lever probabilities.
"""

from __future__ import annotations

import numpy as np

from ...scenario.war import WarSpec
from .game import Levers, NodeMoves, build_game, pause_share
from .node_round import branch_lotteries, failure_game, node_rounds
from .node_tables import GameTables, lever_set
from .third_parties import combinations, contract, levers_of, solve_levers

__all__ = ["FailureTables", "node_after_failure", "ultimatum_levers"]

REFERENCE = ("minister", "minister")  # any pair: the failure game does not depend on the delegations


def ultimatum_levers(spec: WarSpec) -> frozenset[str]:
    """Sanctions whose scenario rule is triggered by A's ceasefire answer alone (module docstring)."""
    out = set()
    for rule in spec.rules or ():
        signals = list(rule.signals or ())
        if signals and all(sig.startswith(f"{spec.a}.ceasefire=") for sig in signals) and rule.lever in spec.sanctions:
            out.add(rule.lever)
    return frozenset(out)


class FailureTables(GameTables):
    """The node's values, levers chosen after a failed round (module docstring); the fixed-lever games stay for
    the outcomes."""

    def __init__(self, spec: WarSpec, params: dict[str, float], backend: str = "numba",
                 months_for: tuple[str, ...] = ()) -> None:
        super().__init__(spec, params, backend, months_for)
        self.levers = levers_of(spec, params)
        self.ultimatum = ultimatum_levers(spec)
        self._fail: dict[tuple, tuple] = {}
        self._mixed: dict[tuple, tuple] = {}
        self._rounds: dict[tuple, object] = {}
        self._floor: dict[bool, object] = {}

    def lever_set(self, combo: tuple[int, ...]) -> Levers:
        return lever_set(self.levers, combo)

    # ----- step 1 ---------------------------------------------------------------------------------------
    def failure(self, eve: bool, ceasefire: bool, levers: Levers):
        """The solved failure game (an accepted pause with an ultimatum: the threat in force if A breaks)."""
        key = (eve, ceasefire, levers)
        if key not in self._fail:
            sol = self.cache.solve(self.failure_game(eve, ceasefire, levers))
            self.grid = np.asarray(sol.grid, dtype=float)
            self._fail[key] = (sol, {k: np.asarray(v, float) for k, v in sol.value_table().items()})
        return self._fail[key]

    def failure_game(self, eve: bool, ceasefire: bool, levers: Levers):
        """The failure game of (eve attack, ceasefire answer, levers), unsolved (:meth:`failure` solves it)."""
        moves = NodeMoves(*REFERENCE, eve, ceasefire)
        threat = levers.sanctions & self.ultimatum
        if ceasefire and threat:
            kept = Levers(levers.support, levers.sanctions - threat)
            # the games GameTables.game memoises, the threat's no-pause game as the alternative (the same
            # arrays build_game(moves, kept, alt=<no-pause game with levers>, months_for) gives)
            alt = self.game(NodeMoves(*REFERENCE, eve, False), levers)
            base = self._threat_charged(self.game(moves, kept), moves, threat).with_(alt=alt)
        else:
            base = self.game(moves, levers)
        return failure_game(self.spec, self.params, moves, levers, base=base)

    def prefetch(self, answers: list[tuple[bool, bool]], threads: int | None = None) -> int:
        """Solve every failure game of these (eve attack, ceasefire answer) pairs, one per lever set, on
        ``threads`` threads at once (:meth:`.solution.SolveCache.prefetch`: the same numbers as solving them as
        asked). A node solve needs them all: the signalling game values every move of A. Returns the full
        solves run."""
        games = (self.failure_game(eve, cf, self.lever_set(c)) for eve, cf in dict.fromkeys(answers)
                 for c in combinations(self.levers))  # built only if there are threads to run them on
        return self.cache.prefetch(games, threads)

    def _threat_charged(self, game, moves: NodeMoves, threat: frozenset[str]):
        """The kept pause's game with the threat's sender charged its drawn cost per month (at the pause's
        share, :func:`.game.pause_share`) though the sanction is not in force there: the threat's private
        cost multiplies the months of the whole failure game, keep or break (module docstring), so the game's
        charge must too for :mod:`.third_parties` to add the drawn number back exactly (else the drawn cost
        would move the levers wherever A keeps the pause)."""
        cost = game.cost.copy()
        share = pause_share(self.spec, self.params, moves)[:, None, None]
        for name in sorted(threat):
            q = game.players.index(self.spec.sanctions[name].by)
            cost[:, q] += share * self.params[f"sanctions.{name}.sender_cost"]
        return game.with_(cost=cost)

    # ----- steps 2-3 ------------------------------------------------------------------------------------
    def mixed(self, eve: bool, ceasefire: bool, fixed: tuple = ()) -> tuple:
        """(V_fail {player: (2, M)}, lottery per lever (M, L_i), (converged, unique))."""
        key = (eve, ceasefire, fixed)
        if key not in self._mixed:
            self._mixed[key] = self._mix(eve, ceasefire, dict(fixed))
        return self._mixed[key]

    def failure_arrays(self, eve: bool, ceasefire: bool) -> dict[str, np.ndarray]:
        """Every player's failure values per lever set, ``{player: (2, M, *lever shape)}``, from the memoised
        failure games (one per combination of the levers' levels)."""
        combos = combinations(self.levers)
        shape = tuple(len(lv.levels) for lv in self.levers)
        tabs = {c: self.failure(eve, ceasefire, self.lever_set(c))[1] for c in combos}
        names = list(tabs[combos[0]])
        A = {p: np.zeros((2, len(self.grid), *shape)) for p in names}
        for c, tab in tabs.items():
            for p in names:
                A[p][(slice(None), slice(None), *c)] = tab[p]
        return A

    def _mix(self, eve: bool, ceasefire: bool, fixed: dict[int, int]) -> tuple:
        A = self.failure_arrays(eve, ceasefire)
        shape = tuple(len(lv.levels) for lv in self.levers)
        mu = self.grid.reshape(-1, *(1,) * len(shape))
        avg = lambda p: (1 - mu) * A[p][0] + mu * A[p][1]  # noqa: E731
        players = sorted({lv.player for lv in self.levers})
        sol = solve_levers(self.levers, {q: avg(q) for q in players}, {q: avg(f"months:{q}") for q in players},
                           fixed=fixed)
        out = {p: np.stack([self._net(p, A, k, sol, fixed) for k in (0, 1)]) for p in A}
        return out, sol.probs, (sol.converged, sol.unique)

    def _net(self, name: str, A: dict, k: int, sol, fixed: dict[int, int]) -> np.ndarray:
        """Player ``name``'s values of type ``k`` over the lottery; its own free levers at their expected
        private cost (the game's drawn charge added back), a forced one at its charge."""
        total = contract(A[name][k], sol.probs)
        if name.startswith("months:"):
            return total
        for j, lever in enumerate(self.levers):
            if lever.player != name or j in fixed:
                continue
            w = list(sol.probs)
            w[j] = lever.charged * sol.probs[j] - lever.low * sol.probs[j] - (lever.high - lever.low) * sol.moments[j]
            total = total + contract(A[f"months:{name}"][k], w)
        return total

    # ----- step 4 ---------------------------------------------------------------------------------------
    def round(self, moves: NodeMoves, fixed: tuple = ()):
        """The node's round of ``moves`` on the failure values; every delegation pair of the node's moves is
        computed with it, in one stacked round (:func:`.node_round.node_rounds`)."""
        key = (moves, fixed)
        if key not in self._rounds:
            V, _, _ = self.mixed(moves.eve_attack, moves.ceasefire, fixed)
            if moves.eve_attack not in self._floor:
                self._floor[moves.eve_attack] = build_game(self.spec, self.params,
                                                           NodeMoves(*REFERENCE, moves.eve_attack, False), Levers())
            pairs = self._pairs(moves)
            rounds = node_rounds(self.spec, self.params, moves.eve_attack, pairs, V, game=self._floor[moves.eve_attack])
            for (level_a, level_b), nr in rounds.items():
                self._rounds.setdefault((NodeMoves(level_a, level_b, moves.eve_attack, moves.ceasefire), fixed), nr)
        return self._rounds[key]

    def _pairs(self, moves: NodeMoves) -> list[tuple[str, str]]:
        """``moves``' delegation pair first, then every pair of the delegation levels the node's moves offer."""
        levels = lambda who, own: list(self.spec.moves.get(who, {}).get("delegation", [own]))  # noqa: E731
        pairs = [(moves.delegation_a, moves.delegation_b)]
        for a in levels(self.spec.a, moves.delegation_a):
            for b in levels(self.spec.b, moves.delegation_b):
                if (a, b) not in pairs:
                    pairs.append((a, b))
        return pairs

    def node_table(self, moves: NodeMoves, fixed: tuple = ()) -> dict[str, np.ndarray]:
        return {p: v for p, v in self.round(moves, fixed).values.items() if not p.startswith("months:")}

    # ----- step 5 ---------------------------------------------------------------------------------------
    def lever_lottery(self, moves: NodeMoves, fixed: tuple = ()) -> list[np.ndarray]:
        """Per lever, (M, L): P(level | A's move, B's delegation, B's belief at the node on the grid)."""
        nr = self.round(moves, fixed)
        _, probs, _ = self.mixed(moves.eve_attack, moves.ceasefire, fixed)
        grid = self.grid
        weight = np.stack([1 - grid, grid], axis=0)  # (2, M): P(type | belief at the node)
        out = []
        for i, (lever, p) in enumerate(zip(self.levers, probs)):
            at = branch_lotteries(p, nr.post_index)  # (M, branch, L): the lottery at each branch's belief
            per = np.einsum("kmb,mbl->kml", nr.fail, at)
            if moves.ceasefire and lever.name in self.ultimatum and i not in dict(fixed):
                per = self._bites_if_broken(moves.eve_attack, lever, nr.fail, at, nr.post_index)
            default = 0 if lever.levels == ("off", "on") else lever.levels.index("maintain")
            per[..., default] += 1.0 - per.sum(axis=-1)
            out.append(np.einsum("km,kml->ml", weight, per))
        return out

    def _bites_if_broken(self, eve: bool, lever, fail: np.ndarray, at: np.ndarray, post_index: np.ndarray
                         ) -> np.ndarray:
        """(2, M, 2): P(the ultimatum is chosen and A breaks the pause), per type and node belief."""
        key = ("breaks", eve, lever.name)
        if key not in self._fail:  # (M + 2, 2): A's types that break at each grid belief, then at 0 and 1
            sol, _ = self.failure(eve, True, Levers("maintain", frozenset({lever.name})))
            beliefs = [*map(float, self.grid), 0.0, 1.0]
            self._fail[key] = np.array([[not kept for kept in sol.breakdown(b)["keep"]] for b in beliefs], float)
        breaks = self._fail[key]
        M = len(self.grid)
        rows = np.stack([np.arange(M), np.full(M, M), np.full(M, M + 1), post_index], axis=1)  # (M, 4) per branch
        out = np.zeros((2, M, 2))
        for k in (0, 1):
            out[k, :, 1] = (fail[k] * at[:, :, 1] * breaks[rows, k]).sum(axis=1)
        return out


def node_after_failure(spec: WarSpec, params: dict[str, float], tables: FailureTables | None = None):
    """The node solver whose tables and lever lotteries follow this order (used by ``solve_node(order=...)``)."""
    from ._node_failure_node import FailureNode

    players = tuple(sorted({lv.player for lv in levers_of(spec, params)}))
    return FailureNode(spec, params, tables or FailureTables(spec, params, "numba", months_for=players))
