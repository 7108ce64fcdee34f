"""Weighted mean of positions.

The weighted mean ``sum(w_i x_i) / sum(w_i)`` with ``w_i = c_i s_i``
(capability times salience) is the classic baseline of the EU
decision-making literature: Achen (2006), "Institutional realism and
bargaining models", in Thomson, Stokman, Achen & König (eds.), *The European
Union Decides*, ch. 4, derives it as an approximation to the Nash bargaining
solution and finds it the most accurate of the models compared there.
With ``weights="salience"`` and equal capabilities it is the
salience-weighted mean; ``weights="equal"`` gives the plain mean.
"""

from __future__ import annotations

import numpy as np

from ..scenario import IssueData
from . import register
from ._weights import actor_weights, check_weights
from .base import IssueForecast, IssueModel


def weighted_mean(position: np.ndarray, weight: np.ndarray) -> float:
    """``sum(w x) / sum(w)``."""
    return float(np.dot(weight, position) / weight.sum())


@register
class WeightedMean(IssueModel):
    """Weighted mean of the actors' positions (Achen 2006)."""

    name = "mean"
    summary = "Capability x salience weighted mean of positions (the compromise model)."
    source = "Achen (2006), The European Union Decides, ch. 4"
    params = ("weights",)

    def __init__(self, weights: str = "capability*salience"):
        self.weights = check_weights(weights)

    def forecast_issue(self, data: IssueData, *, rng=None) -> IssueForecast:
        value = weighted_mean(data.position, actor_weights(data, self.weights))
        return IssueForecast(data.issue, value, data.actors, data.position[None, :].copy())
