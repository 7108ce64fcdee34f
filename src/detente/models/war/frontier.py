"""Settlements as packages over the scenario's issues, and the Pareto frontier between the belligerents.

Each actor values a package ``x`` (one value per issue) by linear loss
(Achen 2006, the issue models' own reading of positions and saliences):
``u_i(x) = 1 - sum_k w_ik |x_k - p_ik|``, with positions scaled to ``[0, 1]``
by each issue's range and saliences ``w_ik`` normalised to sum 1 over the
issues the actor has a position on. So ``u_i`` is 1 at ``i``'s own
positions and at least 0 everywhere.

Between A and B every issue on which they differ runs from A's position to
B's; moving issue ``k`` by a unit costs A ``w_Ak`` and gains B ``w_Bk``.
The Pareto frontier is therefore piecewise linear and concave: starting at
A's positions, B is given the issues in decreasing order of ``w_Bk / w_Ak``
(equivalently, from B's positions, B concedes them in increasing order: a
logroll, Raiffa 1982, ch. 10). Knots are added wherever a third party's
position is crossed, so that every actor's utility is linear between knots
and interpolation is exact. A point on the frontier is named by A's utility
``u_a``; :meth:`Frontier.package` gives its issue values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Issues", "Frontier", "utility"]


@dataclass(frozen=True)
class Issues:
    """The issues as plain numbers: names, ranges, and per actor ``{issue: (position, salience)}``."""

    names: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    positions: dict[str, dict[str, tuple[float, float]]]

    def scaled(self, actor: str) -> tuple[np.ndarray, np.ndarray]:
        """Positions on ``[0, 1]`` and saliences normalised to sum 1 (0 where the actor has no position)."""
        pos, sal = np.zeros(len(self.names)), np.zeros(len(self.names))
        for k, name in enumerate(self.names):
            if name in self.positions.get(actor, {}):
                p, w = self.positions[actor][name]
                pos[k], sal[k] = self.scale(k, p), w
        if sal.sum() <= 0:
            raise ValueError(f"actor {actor!r} has no salience on any issue")
        return pos, sal / sal.sum()

    def scale(self, k: int, value: float) -> float:
        return (value - self.lower[k]) / (self.upper[k] - self.lower[k])

    def unscale(self, k: int, value: float) -> float:
        return self.lower[k] + value * (self.upper[k] - self.lower[k])


def utility(package: np.ndarray, pos: np.ndarray, sal: np.ndarray) -> np.ndarray:
    """``1 - sum_k w_k |x_k - p_k|`` for packages on the scaled ``[0, 1]`` issues (last axis: issues)."""
    return 1.0 - np.abs(np.asarray(package) - pos) @ sal


class Frontier:
    """The A-B Pareto frontier over packages, and every actor's utility along it.

    Parameters
    ----------
    issues
        The issue table.
    a, b
        The belligerents.
    others
        Third parties valued along the frontier, in order.
    """

    def __init__(self, issues: Issues, a: str, b: str, others: tuple[str, ...] = ()) -> None:
        self.issues, self.a, self.b, self.others = issues, a, b, tuple(others)
        self.prefs = {name: issues.scaled(name) for name in (a, b, *self.others)}
        self.knots = self._knots()  # (K, I) scaled packages, from B's positions (u_a low) to A's (u_a = 1)
        self.ua = self.value(a, self.knots)
        self.ub = self.value(b, self.knots)

    def value(self, actor: str, packages: np.ndarray) -> np.ndarray:
        """``actor``'s utility of scaled packages (shape ``(..., I)``)."""
        pos, sal = self.prefs[actor]
        return utility(packages, pos, sal)

    def _knots(self) -> np.ndarray:
        pa, wa = self.prefs[self.a]
        pb, wb = self.prefs[self.b]
        differ = np.flatnonzero(np.abs(pa - pb) > 1e-12)
        # B gains issues in decreasing w_B/w_A: the order along the frontier from A's positions
        ratio = np.where(wa[differ] > 0, wb[differ] / np.where(wa[differ] > 0, wa[differ], 1.0), np.inf)
        order = differ[np.argsort(-ratio, kind="stable")]
        x = pa.copy()
        path = [x.copy()]
        for k in order:
            stops = sorted({float(p[k]) for name, (p, _) in self.prefs.items()
                            if name in self.others and min(pa[k], pb[k]) < p[k] < max(pa[k], pb[k])},
                           key=lambda v: abs(v - pa[k]))
            for v in (*stops, pb[k]):
                x[k] = v
                path.append(x.copy())
        knots = np.array(path[::-1])
        return _dedupe(knots, self.value(self.a, knots), self.value(self.b, knots))

    # ------------------------------------------------------------ the frontier as functions of u_a
    @property
    def ua_min(self) -> float:
        """A's utility at the frontier's B end (B's positions where B cares)."""
        return float(self.ua[0])

    @property
    def ub_min(self) -> float:
        """B's utility at the frontier's A end."""
        return float(self.ub[-1])

    def u_b(self, u_a):
        """B's utility on the frontier where A gets ``u_a`` (clipped to the frontier's range)."""
        return np.interp(u_a, self.ua, self.ub)

    def u_a(self, u_b):
        """A's utility on the frontier where B gets ``u_b``."""
        return np.interp(u_b, self.ub[::-1], self.ua[::-1])

    def package(self, u_a: float) -> dict[str, float]:
        """The frontier package where A gets ``u_a``, on the issues' own scales."""
        x = self.packages(np.atleast_1d(u_a))[0]
        return {name: self.issues.unscale(k, x[k]) for k, name in enumerate(self.issues.names)}

    def packages(self, u_a: np.ndarray) -> np.ndarray:
        """Scaled packages at A's utilities ``u_a`` (shape ``(n, I)``)."""
        u = np.clip(np.asarray(u_a, float), self.ua[0], self.ua[-1])
        return np.stack([np.interp(u, self.ua, self.knots[:, k]) for k in range(self.knots.shape[1])], axis=-1)

    def third_party(self, u_a: float) -> dict[str, float]:
        """Each third party's utility of the frontier package where A gets ``u_a``."""
        x = self.packages(np.atleast_1d(u_a))
        return {name: float(self.value(name, x)[0]) for name in self.others}

    def players_at_knots(self) -> np.ndarray:
        """Utilities at the knots, players in the order (A, B, others...): shape ``(2 + Q, K)``."""
        return np.stack([self.ua, self.ub, *(self.value(name, self.knots) for name in self.others)])

    def values_of(self, scaled_package: np.ndarray) -> np.ndarray:
        """Every player's utility of one scaled package, order (A, B, others...)."""
        return np.array([float(self.value(name, scaled_package)) for name in (self.a, self.b, *self.others)])

    def ideal(self, actor: str) -> np.ndarray:
        """``actor``'s own positions as a scaled package (issues it has none on: the other belligerent's)."""
        pos, sal = self.prefs[actor]
        other = self.prefs[self.b if actor == self.a else self.a][0]
        return np.where(sal > 0, pos, other)


def _dedupe(knots: np.ndarray, ua: np.ndarray, ub: np.ndarray) -> np.ndarray:
    """Keep the Pareto-efficient knots, with strictly rising ``u_a`` and strictly falling ``u_b``.

    ``knots`` run from B's end up. An issue A does not care about repeats ``u_a`` (B's better point,
    the first, is kept); one B does not care about repeats ``u_b`` at B's end (A's better point, the
    last, is kept).
    """
    keep = [0]
    for i in range(1, len(ua)):
        if ua[i] - ua[keep[-1]] > 1e-12:
            if ub[keep[-1]] - ub[i] <= 1e-12:
                keep[-1] = i  # same for B, better for A: the earlier knot is dominated
            else:
                keep.append(i)
    return knots[keep]
