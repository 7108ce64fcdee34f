"""The belligerents' joint missed opportunity at the node: the surplus the war destroys (Fearon 1995).

For A's true type ``t``, with ``V_A(t)``, ``V_B(t)`` the belligerents' equilibrium values after the observed
moves (:class:`~detente.models.war.node.NodeSolution`), a deal is a point on the A-B Pareto frontier over the
issues (:mod:`detente.models.war.frontier`) named by A's utility ``u``. It is *self-enforcing* (Powell 2006)
when each side gets at least its value of fighting plus what it would gain by reneging after peace-time
rearmament (``enforcement.gain_a``, ``enforcement.gain_b``):
``u >= V_A(t) + g_A`` and ``u_B(u) >= V_B(t) + g_B``. When such deals exist (a *bargaining range*) the joint
missed opportunity is the most the two could have gained together by one of them now,

    J(t) = max_{u in range} [u + u_B(u)] - V_A(t) - V_B(t)

(``u_B`` is piecewise linear and concave, so the maximum is at a knot or an end of the range); otherwise it is
counted as 0 and the type has no range. Reported: the analyst's average over the types of ``J`` and of
1[range]. A stated departure: the floors use the equilibrium values, not the no-talks war values the game's
own enforcement constraint uses, so the range here is, if anything, narrower than the game's.
"""

from __future__ import annotations

import numpy as np

__all__ = ["joint_missed"]


def _best_sum(frontier, lo: float, hi: float) -> float:
    inside = frontier.ua[(frontier.ua > lo) & (frontier.ua < hi)]
    points = np.concatenate([[lo, hi], inside])
    return float(np.max(points + frontier.u_b(points)))


def joint_missed(frontier, values_a: np.ndarray, values_b: np.ndarray, gain_a: float, gain_b: float,
                 weights: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """``[J, P(range)]`` averaged over A's types with ``weights`` (serious, stalling); see the module doc."""
    joint, has = np.zeros(2), np.zeros(2)
    for t in range(2):
        lo = float(values_a[t]) + gain_a
        hi = float(frontier.u_a(float(values_b[t]) + gain_b))
        ub_at_hi = float(frontier.u_b(hi))
        if lo > hi + tol or lo > frontier.ua[-1] + tol or ub_at_hi < float(values_b[t]) + gain_b - tol:
            continue
        has[t] = 1.0
        joint[t] = max(0.0, _best_sum(frontier, lo, max(lo, hi)) - float(values_a[t]) - float(values_b[t]))
    return np.array([weights @ joint, weights @ has])
