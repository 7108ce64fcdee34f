"""The game values the node's equilibrium reads: every player's value per A's type and grid belief, for
every (A's move, B's delegation, lever set), from the war game (:mod:`detente.models.war.game`).

:class:`GameTables` builds and solves each game once. A table maps a player to ``(2, M)`` values at the
node (A's type serious/stalling x B's belief grid), as :meth:`Solution.value_table` gives them, and
``"months:" + player`` to the player's expected discounted months of war from the node (what a monthly
cost multiplies; needed to purify the levers' private costs, :mod:`.third_parties`), which the game
gives from the same solve (``build_game(..., months_for=...)``). The ``SolveCache`` shares the solution
of games that differ only in month 0 (the delegations) or the node's support level.

Each game is built with its own eve attack (the attack has consequences in later months
too); games the attack does not change share a solve through the ``SolveCache``.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Callable

import numpy as np

from ...scenario.war import WarSpec
from .game import Levers, NodeMoves, Outcomes, SolveCache, talk_terms, build_game, outcomes
from .forward import complete, pooled_outcomes

__all__ = ["GameTables", "TableFn", "mix_outcomes", "lever_set", "interp_last"]

_REFERENCE = ("minister", "minister")
#: ``(moves, levers) -> {player: (2, M), "months:" + player: (2, M)}``
TableFn = Callable[[NodeMoves, Levers], dict[str, np.ndarray]]


class GameTables:
    """Values of the node's games, memoised (see the module docstring)."""

    def __init__(self, spec: WarSpec, params: dict[str, float], backend: str = "numba",
                 months_for: tuple[str, ...] = ()) -> None:
        self.spec, self.params, self.backend = spec, dict(params), backend
        self.months_for = months_for
        self.cache = SolveCache(backend)
        self._tables: dict[tuple, dict[str, np.ndarray]] = {}
        self._games: dict[tuple, object] = {}
        self._outcomes: dict[tuple, Outcomes] = {}
        self.grid: np.ndarray | None = None
        self.solves = 0

    def _key(self, moves: NodeMoves, levers: Levers) -> tuple:
        return (moves.delegation_a, moves.delegation_b, moves.eve_attack, moves.ceasefire, levers.support,
                tuple(sorted(levers.sanctions)))

    def game(self, moves: NodeMoves, levers: Levers):
        """The game, built once per (moves, sanctions): a ceasefire game reuses the game without it as its
        alternative, and another support level is the same game started from that level (``support0``)."""
        key = (moves, levers)
        if key not in self._games:
            base = Levers("maintain", levers.sanctions)
            if levers != base:
                game = self.game(moves, base)
                start = np.eye(len(game.support_names))[game.support_names.index(levers.support)]
                alt = None if game.alt is None else game.alt.with_(support0=start)
                self._games[key] = game.with_(support0=start, alt=alt)
            else:
                alt = None
                if moves.ceasefire:
                    alt = self.game(NodeMoves(moves.delegation_a, moves.delegation_b, moves.eve_attack, False), levers)
                if (moves.delegation_a, moves.delegation_b) != _REFERENCE:
                    self._games[key] = self._delegations(moves, levers, alt)
                else:
                    self._games[key] = build_game(self.spec, self.params, moves, levers, alt=alt,
                                                  months_for=self.months_for)
        return self._games[key]

    def _delegations(self, moves: NodeMoves, levers: Levers, alt):
        """The game of ``moves`` from the reference delegations' game: delegations set only month 0's authority
        and audience costs (:func:`detente.models.war.game.build_game`'s ``talk_terms``), so the rest is the same
        arrays; saves a build per delegation pair."""
        ref = self.game(NodeMoves(*_REFERENCE, moves.eve_attack, moves.ceasefire), levers)
        _, authority, _, audience = talk_terms(self.spec, self.params, self.spec.horizon, moves)
        return ref.with_(authority=authority, audience=audience, alt=alt)

    def solution(self, moves: NodeMoves, levers: Levers):
        """The solved game (the SolveCache shares what games of one draw have in common)."""
        self.solves += 1
        return self.cache.solve(self.game(moves, levers))

    def __call__(self, moves: NodeMoves, levers: Levers) -> dict[str, np.ndarray]:
        key = self._key(moves, levers)
        if key not in self._tables:
            sol = self.solution(moves, levers)
            self.grid = np.asarray(sol.grid, dtype=float)
            self._tables[key] = {k: np.asarray(v, dtype=float) for k, v in sol.value_table().items()}
        return dict(self._tables[key])

    def outcomes(self, moves: NodeMoves, levers: Levers, belief: float, stalling_weight: float) -> Outcomes:
        """The forward pass of one game, memoised (an answer asks for the same profile several times)."""
        key = (moves, levers, float(belief), float(stalling_weight))
        if key not in self._outcomes:
            self._outcomes[key] = outcomes(self.solution(moves, levers), belief=belief,
                                           stalling_weight=stalling_weight)
        return self._outcomes[key]

    def pooled(self, entries: list[tuple[float, NodeMoves, Levers]], belief: float, stalling_weight: float
               ) -> Outcomes:
        """A lottery over games (``(probability, moves, levers)``) from the node at ``belief``: the games'
        outcomes mixed as :func:`mix_outcomes` mixes them, games sharing a solution in one forward pass
        (:func:`detente.models.war.forward.pooled_outcomes`, which says where ``belief_mean`` differs)."""
        key = ("pooled", tuple(entries), float(belief), float(stalling_weight))
        if key not in self._outcomes:
            self._outcomes[key] = pooled_outcomes([(p, self.solution(m, lv)) for p, m, lv in entries], belief,
                                                  stalling_weight)
        return complete(self._outcomes[key])


def mix_outcomes(parts: list[tuple[float, Outcomes]]) -> Outcomes:
    """A lottery over games' outcomes: probabilities (every array field) mixed by the lottery's weights;
    the front's sd from the mixture's second moment; the settlement's package and terms by weight x
    P(settled) (they are conditional on a settlement); other numbers by weight."""
    parts = [(w, o) for w, o in parts if w > 0]
    total = sum(w for w, _ in parts)
    first = parts[0][1]
    out = {}
    for f in fields(Outcomes):
        value = getattr(first, f.name)
        if f.name in ("package", "terms_a", "front_sd_km2"):
            continue
        if isinstance(value, np.ndarray):
            out[f.name] = sum(w * np.asarray(getattr(o, f.name), float) for w, o in parts) / total
        elif isinstance(value, (int, float)):
            out[f.name] = sum(w * float(getattr(o, f.name)) for w, o in parts) / total
        else:
            out[f.name] = value
    second = sum(w * (np.asarray(o.front_sd_km2) ** 2 + np.asarray(o.front_mean_km2) ** 2) for w, o in parts) / total
    out["front_sd_km2"] = np.sqrt(np.maximum(second - out["front_mean_km2"] ** 2, 0.0))
    settled = [(w * float(o.settled_by[-1]), o) for w, o in parts]
    mass = sum(s for s, _ in settled)
    if mass > 0:
        out["terms_a"] = sum(s * o.terms_a for s, o in settled if s > 0) / mass
        out["package"] = {k: sum(s * o.package[k] for s, o in settled if s > 0) / mass for k in first.package}
    else:
        out["terms_a"], out["package"] = float("nan"), {k: float("nan") for k in first.package}
    return Outcomes(**out)


def lever_set(levers, combo: tuple[int, ...]) -> Levers:
    """The :class:`Levers` of one combination of lever levels (``combo[i]`` is lever ``i``'s level index).

    A binary lever (``off``/``on``) at ``on`` is a sanction in force under its name; the aid lever's level is the
    supporter's level (``maintain`` when the node has no aid lever).
    """
    support, sanctions = "maintain", set()
    for lever, k in zip(levers, combo):
        if lever.levels == ("off", "on"):
            if k == 1:
                sanctions.add(lever.name)
        else:
            support = lever.levels[k]
    return Levers(support=support, sanctions=frozenset(sanctions))


def interp_last(x: float, xp: np.ndarray, fp: np.ndarray) -> np.ndarray:
    """``np.interp(x, xp, row)`` for every row of ``fp`` along its last axis at once, with np.interp's own
    arithmetic (numpy's ``arr_interp``: the end values outside ``xp``, the grid value at a grid point, else
    ``slope (x - xp[j]) + fp[j]`` with ``slope = (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])``, from the right end if
    that is NaN), so each entry is bit for bit what np.interp gives; one call instead of one per row."""
    fp = np.asarray(fp, dtype=float)
    x, n = float(x), len(xp)
    if x < xp[0]:
        return fp[..., 0].copy()
    j = int(np.searchsorted(xp, x, side="right")) - 1
    if j >= n - 1:
        return fp[..., n - 1].copy()
    if xp[j] == x:
        return fp[..., j].copy()
    with np.errstate(invalid="ignore"):  # np.interp does not warn either
        slope = (fp[..., j + 1] - fp[..., j]) / (xp[j + 1] - xp[j])
        out = slope * (x - xp[j]) + fp[..., j]
        bad = np.isnan(out)
        if bad.any():
            right = slope * (x - xp[j + 1]) + fp[..., j + 1]
            flat = np.isnan(right) & (fp[..., j] == fp[..., j + 1])
            out = np.where(bad, np.where(flat, fp[..., j], right), out)
    return out
