"""A solved game: every player's values at the node, per A's type and B's belief, and the policies.

:func:`solve` runs the backward induction (:mod:`.bargaining`, numpy; or the
compiled kernel, :mod:`._game_kernels`). A game with a ceasefire carries the
game A would play if it broke the pause at once (``Game.alt``); the pause is
kept by a type only if keeping it is worth at least as much as breaking it
(self-enforcement, Powell 2006; O3, O9 of war.md). Which types break is a
pure-strategy PBE of that choice, found by checking the four profiles in the
order (both keep, the stalling type breaks, the serious type breaks, both
break); a deviation off the path is read as coming from the stalling type
(breaking) or the serious type (keeping) - the beliefs that make deviating
least attractive (a stated choice of off-path beliefs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .gamedef import Game, belief_grid, interp_weights

__all__ = ["Solution", "solve", "keep_profile"]


@dataclass
class Solution:
    """Values at month 0 ``value0[p, k, s, g, j]`` and policies ``policy[name][t, ...]`` of a solved game."""

    game: Game
    grid: np.ndarray
    value0: np.ndarray
    policy: dict[str, np.ndarray]
    alt: "Solution | None" = None

    def _raw(self, belief: float) -> np.ndarray:
        """``(P, 2)``: values at the node's front and support distribution, at ``belief`` (interpolated)."""
        g = self.game
        at_node = np.einsum("g,pkgj->pkj", g.support0, self.value0[:, :, g.start])
        lo, w = interp_weights(self.grid, np.array([belief]))
        return at_node[..., lo[0]] * (1 - w[0]) + at_node[..., lo[0] + 1] * w[0]

    def breakdown(self, belief: float) -> dict:
        """The ceasefire choice at ``belief``: who keeps the pause, and the beliefs after keeping/breaking."""
        if self.alt is None:
            return {"keep": (True, True), "belief_keep": belief, "belief_break": belief}
        return keep_profile(self._raw, self.alt._raw, belief)

    def values_matrix(self, belief: float) -> np.ndarray:
        """``(P, 2)``: every player's value per A's true type, given B's belief at the node."""
        if self.alt is None:
            out = self._raw(belief)
        else:
            bd = self.breakdown(belief)
            keep, brk = self._raw(bd["belief_keep"]), self.alt._raw(bd["belief_break"])
            out = np.where(np.array(bd["keep"])[None, :], keep, brk)
        out = out.copy()
        out[1] -= self.game.eve_cost_b
        return out

    def values(self, belief: float) -> dict[str, np.ndarray]:
        """Player name -> value per A's true type, shape (2,), order (serious, stalling)."""
        m = self.values_matrix(belief)
        return {name: m[p] for p, name in enumerate(self.game.players)}

    def value_table(self) -> dict[str, np.ndarray]:
        """Player -> ``(2, M)``: values at the node per type and grid belief (for cheap interpolation)."""
        table = np.stack([self.values_matrix(float(mu)) for mu in self.grid], axis=-1)
        return {name: table[p] for p, name in enumerate(self.game.players)}


def keep_profile(keep_values, break_values, belief: float) -> dict:
    """The first pure-strategy profile of (serious, stalling) keeping the pause that is an equilibrium.

    ``keep_values(mu)``/``break_values(mu)`` give ``(P, 2)`` values at B's belief ``mu``. Posteriors by
    Bayes' rule on the profile; off the path a breaker is taken for the stalling type (mu = 1), a
    keeper for the serious type (mu = 0).
    """
    for keep in ((True, True), (True, False), (False, True), (False, False)):
        mk = _posterior(belief, keep, True)
        mb = _posterior(belief, keep, False)
        vk, vb = keep_values(mk)[0], break_values(mb)[0]
        if all((vk[k] >= vb[k] - 1e-12) == keep[k] for k in (0, 1)):
            return {"keep": keep, "belief_keep": mk, "belief_break": mb}
    return {"keep": (False, False), "belief_keep": 0.0, "belief_break": belief}


def _posterior(mu: float, keep: tuple[bool, bool], kept: bool) -> float:
    w_serious = (1 - mu) * (keep[0] == kept)
    w_stalling = mu * (keep[1] == kept)
    if w_serious + w_stalling <= 0:
        return 0.0 if kept else 1.0
    return float(w_stalling / (w_serious + w_stalling))


def solve(game: Game, backend: str = "numba") -> Solution:
    """Solve ``game`` (and its ceasefire alternative) by backward induction.

    ``backend="numba"`` runs the compiled kernel; ``"numpy"`` the vectorised reference
    (:func:`detente.models.war.bargaining.solve_numpy`), kept as the readable version.
    """
    game.check()
    if backend == "numpy":
        from .bargaining import solve_numpy

        value0, policy = solve_numpy(game)
    elif backend == "numba":
        try:
            from ._game_kernels import solve_numba
        except ImportError:  # the compiled kernel is not written yet: the reference gives the same numbers
            from .bargaining import solve_numpy as solve_numba
        value0, policy = solve_numba(game)
    else:
        raise ValueError(f"backend must be 'numba' or 'numpy', got {backend!r}")
    alt = solve(game.alt, backend) if game.alt is not None else None
    return Solution(game, belief_grid(game), value0, policy, alt)
