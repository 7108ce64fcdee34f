"""The node's equilibrium machinery (:class:`.node.NodeSolver`) with the levers chosen after a failed round
(:mod:`.node_failure`).

The signalling game, B's response, deviations and the answer's accessors are :class:`.node.NodeSolver`'s; what
changes is where the values and the lever lotteries come from: one table per (A's move, B's delegation)
with the levers already chosen after a failed round (no lever axis), and P(lever | move, B's delegation,
belief) from the failure branches.
"""

from __future__ import annotations

import numpy as np

from .node import NodeSolver
from .node_failure import FailureTables
from .node_tables import interp_last, mix_outcomes
from .third_parties import combinations

__all__ = ["FailureNode"]


class FailureNode(NodeSolver):
    """:class:`.node.NodeSolver` with the levers chosen after a failed round (module docstring)."""

    tables: FailureTables

    def _read_tables(self) -> None:
        self.T, self.F = None, None
        self.grid = None
        self.players = None

    def prefetch(self, threads: int | None = None) -> int:
        """Solve the failure games of every (eve attack, ceasefire answer) A's moves offer at once, on threads
        (:meth:`.node_failure.FailureTables.prefetch`); the values are the same as solving them as asked."""
        answers = [self.game_moves(move, self.levels_b[0]) for move in self.moves]
        return self.tables.prefetch([(m.eve_attack, m.ceasefire) for m in answers], threads)

    def solved(self, fixed: dict[int, int] | None = None):
        """Per player (2, n_m, n_d, M) values, the lever lotteries (n_m * n_d * M, L_i), (converged, unique)."""
        key = tuple(sorted((fixed or {}).items()))
        if key not in self._solved:
            n_m, n_d = len(self.moves), len(self.levels_b)
            values, lots = None, [[] for _ in self.levers]
            for i, move in enumerate(self.moves):
                for j, level in enumerate(self.levels_b):
                    moves = self.game_moves(move, level)
                    table = self.tables.node_table(moves, key)
                    if values is None:
                        self.grid = np.asarray(self.tables.grid, dtype=float)
                        M = len(self.grid)
                        values = {p: np.zeros((2, n_m, n_d, M)) for p in table if not p.startswith("months:")}
                    for p in values:
                        values[p][:, i, j] = table[p]
                    for lst, lot in zip(lots, self.tables.lever_lottery(moves, key)):
                        lst.append(lot)
            probs = [np.concatenate(lst, axis=0) for lst in lots]
            flags = [self.tables.mixed(e, c, key)[2] for e in (False, True) for c in (False, True)
                     if (e, c, key) in self.tables._mixed]
            ok = (all(f[0] for f in flags), all(f[1] for f in flags))
            self.players = list(values)
            self._solved[key] = (values, probs, ok)
        return self._solved[key]

    def responses(self):
        self.solved()
        return super().responses()

    def freeze_levers(self) -> None:
        """``third_parties`` off: every failure game played with the levers' lottery after the observed move and
        a failed round, whatever the moves and the belief (:func:`.channel_switches.failure_lottery`)."""
        from .channel_switches import failure_lottery, frozen_failure_tables

        self.tables = frozen_failure_tables(self.tables, failure_lottery(self))
        self._solved.clear()

    # A deviation that forces levers reads one A move and B's levels in its mix, never the whole table:
    # these read those (move, level) cells straight from the memoised rounds (the same numbers solved()
    # would copy in) instead of building every cell for each new set of forced levers (12 x 3 node rounds
    # per set; a draw forces about eight sets).

    def values_under(self, changes, actor):
        m, mix, fixed = self.parse_changes(changes, actor)
        if not fixed:
            return super().values_under(changes, actor)
        key, mu = tuple(sorted(fixed.items())), self.belief(m)
        cells = {d: self.tables.node_table(self.game_moves(self.moves[m], d), key) for d in mix}
        out = {}
        for p in self.players:
            out[p] = sum(w * interp_last(mu, self.grid, cells[d][p]) for d, w in mix.items())
        return out

    def lever_probs(self, m, mix, fixed):
        if not fixed:
            return super().lever_probs(m, mix, fixed)
        key, mu = tuple(sorted(fixed.items())), self.belief(m)
        lots = {d: self.tables.lever_lottery(self.game_moves(self.moves[m], d), key) for d in mix}
        return [sum(w * interp_last(mu, self.grid, lots[d][i].T)
                    for d, w in mix.items()) for i in range(len(self.levers))]

    def outcome_under(self, changes, w, actor, pooled: bool = True):
        """The whole games with the levers fixed from the node, mixed over the lever lottery GIVEN a failed
        round (``P(L | move) - P(deal)`` on the default level, over ``P(fail)``): each game's own month-0
        round gives the deal, the lottery the levers after it (the approximation of :mod:`.node_failure`:
        the levers' small effect on month 0's offers is ignored). ``pooled``: games that differ only in the
        support level share one forward pass (:meth:`.node_tables.GameTables.pooled`; the same outcomes but
        ``belief_mean``, then mass-weighted over the lottery); False: one pass per game, mixed."""
        m, mix, fixed = self.parse_changes(changes, actor)
        key = tuple(sorted((fixed or {}).items()))
        mu, grid = self.belief(m), self.grid
        parts = []
        for d, pd in mix.items():
            moves = self.game_moves(self.moves[m], d)
            nr = self.tables.round(moves, key)
            fail = float(np.interp(mu, grid, (1 - grid) * nr.fail[0].sum(-1) + grid * nr.fail[1].sum(-1)))
            rows = []
            for lever, p in zip(self.levers, self.tables.lever_lottery(moves, key)):
                row = interp_last(mu, grid, p.T)
                if fail > 1e-12:
                    default = 0 if lever.levels == ("off", "on") else lever.levels.index("maintain")
                    row[default] -= 1.0 - fail
                    row = np.clip(row, 0.0, None)
                    row = row / row.sum()
                rows.append(row)
            for combo in combinations(self.levers):
                weight = pd * float(np.prod([r[k] for r, k in zip(rows, combo)]))
                if weight > 1e-9:
                    parts.append((weight, moves, self._lever_set(combo)))
        if pooled:
            return self.tables.pooled(parts, mu, w)
        return mix_outcomes([(p, self.tables.outcomes(mv, lv, mu, w)) for p, mv, lv in parts])
