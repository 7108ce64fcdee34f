"""The Nash bargaining solution (detente.models.nash) against closed forms (Nash 1950; Kalai 1977; Achen 2006)."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.models.nash import nash_bargaining


@pytest.mark.parametrize("w1, w2, expected", [
    (1.0, 3.0, 0 + 2 * 3 * 4 / 4),  # sq + 2 w2 (x1 - sq)/(w1 + w2) = 6
    (1.0, 1.0, 4.0),                # equal weights: the nearer ideal point
    (2.0, 1.0, 4.0),                # w2 <= w1: stays at x1
    (1.0, 9.0, 7.2),
])
def test_nash_linear_two_actors_closed_form(w1, w2, expected):
    """Two actors, linear loss, status quo 0 below both ideal points x1 = 4 < x2 = 10.

    Gains: g1 = (x1 - sq) - |x - x1|, g2 = x - sq. For x >= x1 the first-order
    condition of w1 log g1 + w2 log g2 gives x = sq + 2 w2 (x1 - sq)/(w1 + w2),
    valid when w2 >= w1; otherwise the product increases up to x1 and the
    solution is x1. (Derivation: Nash 1950's product, weighted as in Kalai 1977.)
    """
    x = np.array([4.0, 10.0])
    value = nash_bargaining(x, np.array([w1, w2]), np.abs(0.0 - x), k=1)
    assert value == pytest.approx(min(expected, 10.0), abs=1e-9)


def test_nash_quadratic_symmetric_is_midpoint():
    """Symmetric actors around a symmetric disagreement point: the solution is the midpoint."""
    x = np.array([2.0, 8.0])
    assert nash_bargaining(x, np.ones(2), np.full(2, 100.0), k=2) == pytest.approx(5.0, abs=1e-12)


def test_nash_quadratic_far_status_quo_tends_to_weighted_mean():
    """Achen (2006): with quadratic loss and a disagreement point far from everyone,
    the first-order condition becomes sum w_i (x - x_i) = 0, the weighted mean."""
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 7)
    w = rng.uniform(0.1, 1, 7)
    loss = (1e6 - x) ** 2
    assert nash_bargaining(x, w, loss, k=2) == pytest.approx(np.dot(w, x) / w.sum(), abs=1e-4)


def test_nash_actor_at_status_quo_blocks_any_move():
    """An actor whose ideal point is the status quo gains from no other point: x* = status quo."""
    x = np.array([0.0, 5.0, 9.0])
    assert nash_bargaining(x, np.ones(3), np.abs(0.0 - x) ** 2, k=2) == 0.0


def test_nash_uses_status_quo_of_the_issue(ec_path):
    data = detente.load(ec_path).to_dict()
    data["issues"][0]["status_quo"] = 4
    sc = detente.scenario_from_dict(data)
    f = detente.models.get("nash").forecast(sc)["years"]
    assert f.details["disagreement"] == "status quo"
    # Netherlands, Luxembourg, Germany and Denmark sit at the status quo 4: nothing beats it for them.
    assert f.forecast == 4.0
