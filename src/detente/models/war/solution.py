"""A solved game: every player's values at the node, per A's type and B's belief, and the policies.

:func:`solve` runs the backward induction (:mod:`.bargaining`, numpy; or the
compiled kernel, :mod:`._game_kernels`). A game with a ceasefire carries the
game A would play if it broke the pause at once (``Game.alt``); the pause is
kept by a type only if keeping it is worth at least as much as breaking it
(self-enforcement, Powell 2006; O3, O9 of war.md). Which types break is a
pure-strategy PBE of that choice, found by checking the four profiles in the
order (both keep, the stalling type breaks, the serious type breaks, both
break); a deviation off the path is read as coming from the stalling type
(breaking) or the serious type (keeping). These are the D1 beliefs (Cho &
Kreps 1987, p. 205), not the least attractive ones: A's values rise in B's
belief, so mu = 1 after a break makes breaking as attractive as it can be,
but breaking pays the stalling type for a larger set of beliefs than the
serious type (at Istanbul's nominal inputs above about 0.23 vs
0.5), so D1 puts an off-path break on the stalling type (and an off-path
keep on the serious type). When no pure profile is an equilibrium the
breakdown says so (``equilibrium: False``, reported in
:attr:`~.forward.Outcomes.ceasefire_equilibrium`) rather than pass a
non-equilibrium off as one; A may break only at once (month 0; with
``ceasefire.length`` 1, the shipped value, the same thing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from .gamedef import Game, belief_grid

__all__ = ["Solution", "solve", "keep_profile", "SolveCache"]

MONTH0 = ("move", "cost", "talks", "authority", "proposer_a", "audience", "quit_a", "quit_b")
LATER = ("offsets", "support_switch", "discount", "km2", "terminal", "end_low", "end_high", "frontier_ua",
         "frontier_values")


@dataclass
class Solution:
    """Values at month 0 ``value0[p, k, s, g, j]`` and policies ``policy[name][t, ...]`` of a solved game.

    With the compiled backend only the front states reachable by month ``t`` carry month ``t``'s
    policies (and month 0's values only the node's state); the rest are never read. ``backend`` also
    picks the forward pass :func:`detente.models.war.forward.outcomes` runs. A solution re-solved for
    a different month 0 (:class:`SolveCache`) shares the later months' policies (``months``) with the
    one it came from and keeps its own month 0 (``month0``); ``policy`` joins them.
    """

    game: Game
    grid: np.ndarray
    value0: np.ndarray
    months: dict[str, np.ndarray]
    alt: "Solution | None" = None
    backend: str = "numba"
    month1: tuple | None = None
    month0: dict[str, np.ndarray] | None = None
    _joined: dict | None = field(default=None, repr=False)
    _table: np.ndarray | None = field(default=None, repr=False)
    #: shared by the solutions :class:`SolveCache` hands out for one (later months, month 0) key: the joined
    #: policies are the same arrays for all of them (only ``support0`` or the eve costs differ)
    _box: dict | None = field(default=None, repr=False)
    #: :meth:`_raw` and :meth:`_broken` by belief (read-only arrays): a ceasefire's value table asks for the
    #: same few beliefs (the grid's, 0 and 1) about 10 times each
    _at: dict | None = field(default=None, repr=False)

    @property
    def policy(self) -> dict[str, np.ndarray]:
        """Policies by name, month first."""
        if self.month0 is None:
            return self.months
        if self._joined is None:
            box = self._box if self._box is not None else {}
            if "policy" not in box:
                box["policy"] = {n: np.concatenate([self.month0[n][:1], self.months[n][1:]]) for n in self.months}
            self._joined = box["policy"]
        return self._joined

    def node_table(self) -> np.ndarray:
        """``(P, 2, M)``: values at the node's front and support distribution, per type and grid belief."""
        if self._table is None:
            g = self.game
            self._table = np.einsum("g,pkgj->pkj", g.support0, self.value0[:, :, g.start])
        return self._table

    def _memo(self, key: tuple, make) -> np.ndarray:
        if self._at is None:
            self._at = {}
        got = self._at.get(key)
        if got is None:
            got = self._at[key] = make()
            got.flags.writeable = False
        return got

    def _raw(self, belief: float) -> np.ndarray:
        """``(P, 2)``: the node's values at ``belief`` (interpolated between the grid's even points)."""
        return self._memo(("raw", float(belief)), lambda: self._raw_new(float(belief)))

    def _raw_new(self, belief: float) -> np.ndarray:
        x = min(max(belief, 0.0), 1.0) * (len(self.grid) - 1)
        lo = min(int(x), len(self.grid) - 2)
        at_node = self.node_table()
        return at_node[..., lo] * (1 - (x - lo)) + at_node[..., lo + 1] * (x - lo)

    def _broken(self, belief: float) -> np.ndarray:
        """``(P, 2)``: the values of breaking the pause at ``belief``, A's one-off break cost charged."""
        return self._memo(("broken", float(belief)), lambda: self._broken_new(float(belief)))

    def _broken_new(self, belief: float) -> np.ndarray:
        out = self.alt._raw(belief).copy()
        out[0] -= self.game.break_cost_a
        return out

    def breakdown(self, belief: float) -> dict:
        """The ceasefire choice at ``belief``: who keeps the pause, and the beliefs after keeping/breaking."""
        if self.alt is None:
            return {"keep": (True, True), "belief_keep": belief, "belief_break": belief, "equilibrium": True}
        return keep_profile(self._raw, self._broken, belief)

    def values_matrix(self, belief: float) -> np.ndarray:
        """``(P, 2)``: every player's value per A's true type, given B's belief at the node."""
        if self.alt is None:
            out = self._raw(belief)
        else:
            bd = self.breakdown(belief)
            keep, brk = self._raw(bd["belief_keep"]), self._broken(bd["belief_break"])
            out = np.where(np.array(bd["keep"])[None, :], keep, brk)
        out = out.copy()
        out[0] -= self.game.eve_cost_a
        out[1] -= self.game.eve_cost_b
        return out

    def values(self, belief: float) -> dict[str, np.ndarray]:
        """Player name -> value per A's true type, shape (2,), order (serious, stalling)."""
        m = self.values_matrix(belief)
        return {name: m[p] for p, name in enumerate(self.game.players)}

    def value_table(self) -> dict[str, np.ndarray]:
        """Player -> ``(2, M)``: values at the node per type and grid belief (for cheap interpolation)."""
        if self.alt is None:
            table = self.node_table().copy()
            table[0] -= self.game.eve_cost_a
            table[1] -= self.game.eve_cost_b
        else:
            table = np.stack([self.values_matrix(float(mu)) for mu in self.grid], axis=-1)
        return {name: table[p] for p, name in enumerate(self.game.players)}


def keep_profile(keep_values, break_values, belief: float) -> dict:
    """The first pure-strategy profile of (serious, stalling) keeping the pause that is an equilibrium.

    ``keep_values(mu)``/``break_values(mu)`` give ``(P, 2)`` values at B's belief ``mu``. Posteriors by
    Bayes' rule on the profile; off the path a breaker is taken for the stalling type (mu = 1), a
    keeper for the serious type (mu = 0), except where B is sure (``belief`` 0 or 1): then every choice leaves
    it there (Bayes' rule has nothing to revise; Rubinstein 1985's "never dissuaded once convinced").
    """
    for keep in ((True, True), (True, False), (False, True), (False, False)):
        mk = _posterior(belief, keep, True)
        mb = _posterior(belief, keep, False)
        vk, vb = keep_values(mk)[0], break_values(mb)[0]
        if all((vk[k] >= vb[k] - 1e-12) == keep[k] for k in (0, 1)):
            return {"keep": keep, "belief_keep": mk, "belief_break": mb, "equilibrium": True}
    # no pure profile is an equilibrium: both break, flagged as not an equilibrium
    sure = belief in (0.0, 1.0)
    return {"keep": (False, False), "belief_keep": belief if sure else 0.0, "belief_break": belief,
            "equilibrium": False}


def _posterior(mu: float, keep: tuple[bool, bool], kept: bool) -> float:
    """B's belief after a keep (``kept``) or a break under the profile ``keep``: Bayes' rule; off the path the
    stalling type after a break, the serious type after a keep; a degenerate ``mu`` stays."""
    if mu in (0.0, 1.0):
        return float(mu)
    w_serious = (1 - mu) * (keep[0] == kept)
    w_stalling = mu * (keep[1] == kept)
    if w_serious + w_stalling <= 0:
        return 0.0 if kept else 1.0
    return float(w_stalling / (w_serious + w_stalling))


def solve(game: Game, backend: str = "numba", cache: "SolveCache | None" = None) -> Solution:
    """Solve ``game`` (and its ceasefire alternative) by backward induction.

    ``backend="numba"`` runs the compiled kernel; ``"numpy"`` the vectorised reference
    (:func:`detente.models.war.bargaining.solve_numpy`), kept as the readable version. ``cache``: a
    :class:`SolveCache` that reuses what games differing only at the node share.
    """
    game.check()
    if cache is not None:
        return cache.solve(game)
    month1 = None
    if backend == "numpy":
        from .bargaining import solve_numpy

        value0, policy = solve_numpy(game)
    elif backend == "numba":
        from ._game_kernels import solve_numba

        value0, policy, month1 = solve_numba(game)
    else:
        raise ValueError(f"backend must be 'numba' or 'numpy', got {backend!r}")
    alt = solve(game.alt, backend) if game.alt is not None else None
    return Solution(game, belief_grid(game), value0, policy, alt, backend, month1)


def _key(game: Game, month0: bool) -> tuple:
    """What a solution depends on after month 0 (``month0=False``), or in month 0 alone."""
    if month0:
        return tuple(np.ascontiguousarray(getattr(game, n)[:1]).tobytes() for n in MONTH0)
    arrays = tuple(np.ascontiguousarray(getattr(game, n)[1:]).tobytes() for n in MONTH0)
    arrays += tuple(np.ascontiguousarray(getattr(game, n)).tobytes() for n in LATER)
    return arrays + (game.horizon, game.start, game.barrier_low, game.barrier_high, tuple(game.enforce),
                     game.belief_points)


class SolveCache:
    """Solves games of one parameter draw, reusing what they share.

    Games that differ only in month 0 (the node's round: delegations' authority, audience costs) share
    the backward induction of months 1..T-1 (one full solve, then month 0 alone), and games that
    differ only in the node's support level or B's eve-attack cost share the whole solution (the
    values cover every support level). At the Istanbul node the 72 games of (authority level x
    ceasefire x levers) need 8 full solves (4 sanction sets x ceasefire or not). Exact: every value is
    what a fresh :func:`solve` gives.
    """

    def __init__(self, backend: str = "numba") -> None:
        self.backend = backend
        self._full: dict[tuple, Solution] = {}
        self._done: dict[tuple, Solution] = {}
        self._boxes: dict[tuple, dict] = {}
        self.full_solves = 0

    def solve(self, game: Game) -> Solution:
        later = _key(game, False)
        now = later + _key(game, True)
        hit = self._done.get(now)
        if hit is None:
            hit = self._done[now] = self._compute(game, later)
            self._boxes[now] = {}
        alt = self.solve(game.alt) if game.alt is not None else None
        return Solution(game, hit.grid, hit.value0, hit.months, alt, hit.backend, hit.month1, hit.month0,
                        _box=self._boxes[now])

    def prefetch(self, games: Iterable[Game], threads: int | None = None) -> int:
        """Run the full solves ``games`` (and their ceasefire alternatives) need, on ``threads`` threads at once
        (default :func:`detente._compile.kernel_threads`; the compiled kernel releases the GIL), so that their
        :meth:`solve` finds them done. The numbers are those of the one-by-one path: each full solve is a pure
        function of its game, and which game of a set sharing months 1..T-1 is solved in full does not matter
        (the others re-solve month 0 from its month 1, exactly). Returns the full solves run; none with one
        thread or the numpy backend (the lazy path then solves them as asked)."""
        from ..._compile import kernel_threads

        n = kernel_threads() if threads is None else threads
        if self.backend != "numba" or n <= 1:
            return 0
        todo: dict[tuple, Game] = {}
        stack = list(games)
        while stack:
            game = stack.pop(0)
            if game.alt is not None:
                stack.append(game.alt)
            later = _key(game, False)
            if later not in self._full and later not in todo:
                todo[later] = game.with_(alt=None)
        if len(todo) <= 1:
            return 0
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(n, len(todo)), thread_name_prefix="detente-war") as pool:
            solved = list(pool.map(lambda g: solve(g, self.backend), todo.values()))
        for (later, game), sol in zip(todo.items(), solved):
            self.full_solves += 1
            self._full[later] = sol
            now = later + _key(game, True)
            if now not in self._done:
                self._done[now], self._boxes[now] = sol, {}
        return len(todo)

    def _compute(self, game: Game, later: tuple) -> Solution:
        base = self._full.get(later)
        if base is None or self.backend != "numba":
            self.full_solves += 1
            sol = solve(game.with_(alt=None), self.backend)
            self._full.setdefault(later, sol)
            return sol
        from ._game_kernels import solve_numba

        value0, month0, _ = solve_numba(game, base.month1)
        return Solution(game, base.grid, value0, base.months, None, self.backend, base.month1, month0)
