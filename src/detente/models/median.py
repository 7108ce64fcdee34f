"""Weighted median of positions.

In one dimension with single-peaked (here: linear-loss) preferences the
position that beats every other in pairwise votes weighted by
``w_i = c_i s_i`` is the weighted median (Black 1948, "On the rationale of
group decision-making", *J. Political Economy* 56; the median voter
theorem). It is the forecast of the median voter / Condorcet models in
Thomson et al. (2006), *The European Union Decides*.

Definition used: sort positions; the weighted median is the smallest
position whose cumulative weight reaches half the total. When the
cumulative weight equals exactly half at a position, every point between
it and the next position ties; we return the midpoint of the two, which is
what ``numpy.median`` does for equal weights and an even count. Actors
with zero weight cast no vote, so their positions are left out (otherwise a
zero-salience actor could be "the next position" of a half split); when
every weight is zero the plain median of all positions is returned.
"""

from __future__ import annotations

import numpy as np

from ..scenario import IssueData
from . import register
from ._weights import actor_weights, check_weights
from .base import IssueForecast, IssueModel


def weighted_median(position: np.ndarray, weight: np.ndarray) -> float:
    """The weighted median (midpoint on an exact half split); zero weights are left out."""
    voting = weight > 0
    if voting.any():
        position, weight = position[voting], weight[voting]
    else:
        weight = np.ones_like(position)
    order = np.argsort(position, kind="stable")
    x, w = position[order], weight[order]
    cum = np.cumsum(w)
    half = cum[-1] / 2.0
    k = int(np.searchsorted(cum, half - 1e-12 * cum[-1]))
    if np.isclose(cum[k], half, rtol=1e-12, atol=0) and k + 1 < len(x):
        return float((x[k] + x[k + 1]) / 2.0)
    return float(x[k])


@register
class WeightedMedian(IssueModel):
    """Weighted median of the actors' positions (Black 1948)."""

    name = "median"
    summary = "Capability x salience weighted median of positions (median voter)."
    source = "Black (1948), J. Political Economy 56; Thomson et al. (2006)"
    params = ("weights",)

    def __init__(self, weights: str = "capability*salience"):
        self.weights = check_weights(weights)

    def forecast_issue(self, data: IssueData, *, rng=None) -> IssueForecast:
        value = weighted_median(data.position, actor_weights(data, self.weights))
        return IssueForecast(data.issue, value, data.actors, data.position[None, :].copy())
