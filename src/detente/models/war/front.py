"""The front as a lazy random walk on km2 (Smith & Stam 2004), matched to the record's drift and volatility.

Each month the area held by side A moves by a whole number of steps of ``D``
km2. In the *lazy walk* of the design (war2.md, O17) A advances one step with
probability ``a``, retreats one with ``r`` and stays with ``1 - a - r``;
matching the monthly mean ``m`` and standard deviation ``s`` of the net change
gives ``a - r = m / D`` and ``a + r = (s^2 + m^2) / D^2``.

Feasibility (derived here; the note's O17 gives the lower bound as ``m``): the
probabilities are valid iff ``a + r <= 1`` and ``a, r >= 0``, that is
``sqrt(s^2 + m^2) <= D <= (s^2 + m^2) / |m|``. For the DeepState record of
2024-05..2025-04 (m = 318.7, s = 176.3 km2) this is D in [364.2, 416.2].

When one step size must serve several drifts (support levels, the stalling
type's bonus) some of them fall outside that interval. Then the walk is
centred on the nearest whole number of steps ``j`` that makes the three-point
distribution on ``{j - 1, j, j + 1}`` feasible (the lazy walk is ``j = 0``):
with ``delta = m / D - j`` and ``v = s^2 / D^2``,
``P(j + 1) = (v + delta^2 + delta) / 2``, ``P(j - 1) = (v + delta^2 - delta) / 2``.
If no centre is feasible the mean is kept exactly and the variance moved to
the nearest feasible value (reported by ``exact = False``): the drift matters
more for who outlasts whom than the month-to-month noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Step", "lazy_walk", "step_distribution", "feasible_steps", "window"]


@dataclass(frozen=True)
class Step:
    """A month's move in whole steps: ``offsets`` (e.g. -1, 0, 1) with probabilities ``probs``."""

    offsets: tuple[int, ...]
    probs: tuple[float, ...]
    exact: bool

    def mean(self, step_km2: float) -> float:
        return step_km2 * float(np.dot(self.offsets, self.probs))

    def sd(self, step_km2: float) -> float:
        o, p = np.asarray(self.offsets, float), np.asarray(self.probs)
        return step_km2 * float(np.sqrt(max(p @ o ** 2 - (p @ o) ** 2, 0.0)))


def lazy_walk(mean: float, sd: float, step: float) -> tuple[float, float]:
    """O17: advance and retreat probabilities ``(a, r)`` of the lazy walk (may be infeasible: check them)."""
    total = (sd ** 2 + mean ** 2) / step ** 2
    return (total + mean / step) / 2.0, (total - mean / step) / 2.0


def feasible_steps(mean: float, sd: float) -> tuple[float, float]:
    """The step sizes ``D`` for which the lazy walk matches ``mean`` and ``sd``: ``[sqrt(s^2+m^2), (s^2+m^2)/|m|]``."""
    second = sd ** 2 + mean ** 2
    return float(np.sqrt(second)), (float(second / abs(mean)) if mean != 0 else float("inf"))


def _centred(delta: float, v: float) -> tuple[float, float, float] | None:
    up, down = (v + delta ** 2 + delta) / 2.0, (v + delta ** 2 - delta) / 2.0
    stay = 1.0 - up - down
    if min(up, down, stay) < -1e-12:
        return None
    return max(down, 0.0), max(stay, 0.0), max(up, 0.0)


def step_distribution(mean: float, sd: float, step: float) -> Step:
    """The month's move in steps of ``step`` km2 matching ``mean`` and ``sd`` (see the module docstring)."""
    if step <= 0 or sd < 0:
        raise ValueError(f"need step > 0 and sd >= 0, got step={step}, sd={sd}")
    x, v = mean / step, (sd / step) ** 2
    centres = sorted({0, int(np.floor(x)), int(np.ceil(x)), int(np.round(x))}, key=lambda j: (abs(j), j))
    for j in centres:
        p = _centred(x - j, v)
        if p is not None:
            return _step(j, p, True)
    j = int(np.round(x))
    delta = x - j  # |delta| <= 1/2: variance clipped into [|delta| - delta^2, 1 - delta^2]
    v = min(max(v, abs(delta) - delta ** 2), 1.0 - delta ** 2)
    return _step(j, _centred(delta, v + 1e-15) or _centred(delta, v), False)


def _step(j: int, p: tuple[float, float, float], exact: bool) -> Step:
    return Step((j - 1, j, j + 1), tuple(float(q) for q in p), exact)


def window(start: int, n: int, horizon: int, down: int, up: int) -> tuple[int, int]:
    """The states reachable from ``start`` within ``horizon`` months, at most ``down``/``up`` steps a month.

    Only these need solving: a state outside cannot be reached before the
    horizon, so its value never enters the node's. Clipped to ``0..n``.
    """
    return max(0, start - horizon * max(down, 0)), min(n, start + horizon * max(up, 0))
