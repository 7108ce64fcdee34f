"""The war answer beside the record: ``calibration.front`` and ``aftermath`` of ``detente war``.

``calibration.front`` is :func:`detente.analysis.war.calibration.scenario_front_calibration`: the record's
monthly mean and sd of the front's change over the 12 months before the node beside the game's own at the
node. ``aftermath`` is :func:`detente.analysis.war.aftermath.scenario_aftermath`: the record's change of the
occupied area 6 and 12 months after the node beside the model's forecast of it, made from the node's inputs
only. The forecast is the Monte Carlo's predictive distribution of the change under the observed moves: in
draw ``d`` the equilibrium path has mean ``m_d`` and sd ``s_d`` (:class:`~detente.models.war.forward.Outcomes`'
``front_mean_km2``, ``front_sd_km2``); over the draws the mixture has mean ``M = mean(m_d)`` and variance
``V = mean(s_d^2 + m_d^2) - M^2``, and the band is ``M +- 1.645 sqrt(V)`` (a normal approximation to the
mixture's 90% interval, stated). Both are None where the shipped record does not measure the war.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

__all__ = ["front_forecast", "evidence"]

Z90 = 1.6448536269514722  # the standard normal's 95th percentile
MONTHS = (6, 12)


def front_forecast(front: np.ndarray, front_sd: np.ndarray, months=MONTHS) -> dict[int, dict[str, float]]:
    """``{h: {value, low, high}}``: the change of A's holding after ``h`` months (see the module doc)."""
    out = {}
    for h in months:
        if h >= front.shape[1]:
            continue
        m = front[:, h] - front[:, 0]
        s2 = np.nan_to_num(front_sd[:, h], nan=0.0) ** 2
        mean = float(m.mean())
        sd = float(np.sqrt(max(float((s2 + m ** 2).mean()) - mean ** 2, 0.0)))
        out[h] = {"value": mean, "low": mean - Z90 * sd, "high": mean + Z90 * sd}
    return out


def evidence(spec, observed: dict[str, np.ndarray]) -> dict[str, Any]:
    """``{"calibration": {"front": ...}, "aftermath": [...]}`` for a war section and the observed moves'
    outcomes over the draws (``front``, ``front_sd``: (draws, T + 1)); None where the record is silent."""
    from .aftermath import scenario_aftermath
    from .calibration import scenario_front_calibration

    scenario = SimpleNamespace(war=spec)
    try:
        front = scenario_front_calibration(scenario)
    except (ValueError, KeyError, OSError):
        front = None
    try:
        after = scenario_aftermath(scenario, front_forecast(observed["front"], observed["front_sd"]))
    except (ValueError, KeyError, OSError):
        after = None
    return {"calibration": {"front": front}, "aftermath": after}
