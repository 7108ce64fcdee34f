"""Nash bargaining solution over the status quo.

The asymmetric Nash bargaining solution (Nash 1950, "The bargaining
problem", *Econometrica* 18; weighted form: Kalai 1977, *Int. J. Game
Theory* 6; Roth 1979, *Axiomatic Models of Bargaining*) is the point of the
issue scale that maximises the weighted product of the actors' utility
gains over the disagreement point ``d``::

    x* = argmax_x  sum_i w_i log(u_i(x) - u_i(d)),   u_i(x) - u_i(d) >= 0 for all i

Utility form (stated, as the issue asks): ``u_i(x) = -|x - x_i|**k`` with
``k = 2`` (quadratic loss, the default) or ``k = 1`` (linear loss). Salience
cannot enter as a multiplier of ``u_i`` (the solution is invariant to
rescaling each utility), so it enters through the bargaining weight
``w_i = c_i s_i``, following Achen (2006), *The European Union Decides*,
ch. 4, where this NBS with quadratic utilities is shown to approach the
capability x salience weighted mean when the disagreement point is far
from every actor (tested in ``tests/models/test_nash.py``).

Disagreement point: the issue's ``status_quo`` (the DEU reference point).
When an issue has none, each actor's disagreement utility is its worst
point on the scale (the farther bound), so every point of the scale is
acceptable to all.

The objective is concave on the feasible interval (a weighted sum of logs
of concave functions), so its derivative is decreasing and the maximiser is
found by bisection on the derivative to machine precision.
"""

from __future__ import annotations

import numpy as np

from ..scenario import IssueData
from . import register
from ._weights import actor_weights, check_weights
from .base import IssueForecast, IssueModel


def conflict_loss(position: np.ndarray, lower: float, upper: float, k: float) -> np.ndarray:
    """Each actor's loss at its conflict point, the farther bound of the scale: ``max(x - lower, upper - x)**k``.

    The disagreement point of Achen (2006), ch. 4, "The Nash bargaining solution": with it every
    point of the scale is acceptable to every actor. ``nash`` uses it when an issue has no status
    quo, ``nash_conflict`` always.
    """
    return np.maximum(position - lower, upper - position) ** k


def nash_bargaining(position: np.ndarray, weight: np.ndarray, disagreement_loss: np.ndarray,
                    k: float = 2.0) -> float:
    """Maximise ``sum w_i log(L_i - |x - x_i|**k)`` where ``L_i`` is i's loss at disagreement.

    Parameters
    ----------
    position
        Ideal points ``x_i``.
    weight
        Bargaining weights ``w_i >= 0``; actors with zero weight are ignored.
    disagreement_loss
        ``L_i = |d - x_i|**k`` (or the worst loss on the scale).
    k
        Loss exponent (1 linear, 2 quadratic).
    """
    keep = weight > 0
    x, w, loss = position[keep], weight[keep], disagreement_loss[keep]
    radius = loss ** (1.0 / k)
    lo, hi = float(np.max(x - radius)), float(np.min(x + radius))
    if not hi > lo:  # only the disagreement point itself is acceptable to all
        return lo

    def slope(t: float) -> float:
        gap = t - x
        gain = loss - np.abs(gap) ** k
        return float(np.sum(-w * k * np.sign(gap) * np.abs(gap) ** (k - 1) / gain))

    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if slope(mid) > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@register
class NashBargaining(IssueModel):
    """Asymmetric Nash bargaining solution over the status quo (Nash 1950; Achen 2006)."""

    name = "nash"
    summary = "Asymmetric Nash bargaining solution over the status quo, weights capability x salience."
    source = "Nash (1950), Econometrica 18; Kalai (1977); Achen (2006), The European Union Decides, ch. 4"
    params = ("utility", "weights")
    inputs = ("position", "salience", "capability", "status_quo", "scale")  # the scale: without a status quo

    def __init__(self, utility: str = "quadratic", weights: str = "capability*salience"):
        if utility not in ("quadratic", "linear"):
            raise ValueError(f"utility must be 'quadratic' or 'linear', got {utility!r}")
        self.utility = utility
        self.weights = check_weights(weights)

    def disagreement(self, data: IssueData, k: float) -> tuple[np.ndarray, str]:
        """Each actor's loss at disagreement, and what the disagreement point is."""
        if data.status_quo is not None:
            return np.abs(data.status_quo - data.position) ** k, "status quo"
        return conflict_loss(data.position, data.lower, data.upper, k), "worst point on the scale"

    def forecast_issue(self, data: IssueData, *, rng=None) -> IssueForecast:
        k = 2.0 if self.utility == "quadratic" else 1.0
        loss, disagreement = self.disagreement(data, k)
        value = nash_bargaining(data.position, actor_weights(data, self.weights), loss, k)
        value = float(np.clip(value, data.lower, data.upper))
        return IssueForecast(data.issue, value, data.actors, data.position[None, :].copy(),
                             details={"disagreement": disagreement})
