"""Powell's (2006) game of per-round splits: war as a commitment problem, and the ceasefire test.

Each round A proposes how to split that round's flow (worth 1); B accepts
or attacks; A may attack instead of proposing. An attack is a costly
lottery that ends the game (:func:`~detente.models.war.closed_forms.war_value`:
``p_i / (1 - d) - c_i``). Agreements bind for one round only, so power
shifts matter: ``p_path[t]`` is A's win probability in round ``t`` and stays
at its last value afterwards. ``locked[t]`` marks rounds of a binding
ceasefire, in which nobody can attack (and B, with no threat, accepts any
split). Solved by backward induction from the stationary tail, where A
concedes B exactly its war value each round (Powell 2006, p. 180-181).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .closed_forms import war_value

__all__ = ["FlowSolution", "solve_flow_game"]


@dataclass(frozen=True)
class FlowSolution:
    """A's and B's values per round, and whether A attacks in each round (``war[t]``)."""

    value_a: np.ndarray
    value_b: np.ndarray
    war: np.ndarray
    peace_value_a: np.ndarray
    war_value_a: np.ndarray

    @property
    def war_margin(self) -> float:
        """Round 0: A's war value minus the most peace can give it (A attacks iff > 0)."""
        return float(self.war_value_a[0] - self.peace_value_a[0])


def solve_flow_game(p_path, d: float, cost_a: float, cost_b: float, locked=None) -> FlowSolution:
    """Solve the game for A's win probabilities ``p_path`` (see the module docstring).

    Returns
    -------
    FlowSolution
        ``war[t]`` is True when A prefers attacking in round ``t`` (reached only if nobody attacked before).
    """
    p = np.asarray(p_path, dtype=float)
    T = len(p)
    locked = np.zeros(T, dtype=bool) if locked is None else np.asarray(locked, dtype=bool)
    total = 1.0 / (1.0 - d)
    w_b_tail = war_value(1 - p[-1], d, cost_b)
    v_b = w_b_tail  # stationary tail: A concedes B its war value forever
    v_a = total - v_b
    value_a, value_b, war, peace_a, war_a = (np.zeros(T) for _ in range(5))
    for t in range(T - 1, -1, -1):
        if locked[t]:
            x = 1.0
            peace = x + d * v_a
            v_a, v_b = peace, (1 - x) + d * v_b
            value_a[t], value_b[t], peace_a[t], war_a[t] = v_a, v_b, peace, -np.inf
            continue
        w_a, w_b = war_value(p[t], d, cost_a), war_value(1 - p[t], d, cost_b)
        need_b = w_b - d * v_b  # B's flow today that makes it indifferent to attacking
        x = min(1.0, 1.0 - need_b)
        peace = x + d * v_a
        if need_b > 1.0 or w_a > peace:
            war[t] = True
            v_a, v_b = w_a, w_b
        else:
            v_a, v_b = peace, (1 - x) + d * v_b
        value_a[t], value_b[t], peace_a[t], war_a[t] = v_a, v_b, peace, w_a
    return FlowSolution(value_a, value_b, war, peace_a, war_a)
