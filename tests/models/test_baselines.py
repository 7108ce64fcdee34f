"""Baseline models against closed forms and the README's independently measured figures."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.models.median import weighted_median
from detente.models.nash import nash_bargaining


def test_ec_weighted_mean_matches_measured_figure(ec_path):
    """capability x salience weighted mean of the EC example: 7.389955686853767; capability-weighted
    7.4752, salience-weighted 6.6557, unweighted 6.7.

    Source: shared/data/README.md (copy: tests/fixtures/reference-data-README.md), eum/ec_car_emissions.csv,
    "Measured here" (all four figures,
    computed independently of detente); also Scholz et al. (2011) Table 2's start, 7.4. As that note is
    not in this repository, the four figures are first recomputed here, with the csv module, from the
    vendored copy of Bueno de Mesquita's (1994) table (src/detente/data/reference/eum/ec_car_emissions.csv).
    """
    import csv

    from detente.datasets import reference_path

    rows = list(csv.DictReader(reference_path("eum", "ec_car_emissions.csv").open()))
    c, x, s = (np.array([float(r[k]) for r in rows]) for k in ("capability", "position", "salience"))
    assert np.dot(c * s, x) / np.dot(c, s) == pytest.approx(7.389955686853767, abs=1e-12)
    assert np.dot(c, x) / c.sum() == pytest.approx(7.4752, abs=1e-4)
    assert np.dot(s, x) / s.sum() == pytest.approx(6.6557, abs=1e-4)
    assert x.mean() == pytest.approx(6.7, abs=1e-12)
    sc = detente.load(ec_path)
    shipped = sc.issue_data("years")  # the shipped example is that table
    assert list(shipped.actors) == [r["actor"] for r in rows]
    assert (shipped.capability.tolist(), shipped.position.tolist(), shipped.salience.tolist()) == (
        c.tolist(), x.tolist(), s.tolist())
    assert detente.models.get("mean").forecast(sc).values["years"] == pytest.approx(7.389955686853767, abs=1e-12)
    assert detente.models.get("mean", weights="capability").forecast(sc).values["years"] == pytest.approx(7.4752, abs=1e-4)
    assert detente.models.get("mean", weights="salience").forecast(sc).values["years"] == pytest.approx(6.6557, abs=1e-4)
    assert detente.models.get("mean", weights="equal").forecast(sc).values["years"] == pytest.approx(6.7, abs=1e-12)


def test_ec_weighted_median_matches_measured_figure(ec_path):
    """capability x salience weighted median 7 (README: 'pairwise-majority winner ... is 7')."""
    sc = detente.load(ec_path)
    assert detente.models.get("median").forecast(sc).values["years"] == 7


@pytest.mark.parametrize("x, w, expected", [
    ([1, 2, 3, 4], [1, 1, 1, 1], 2.5),           # even count, equal weights: numpy.median
    ([1, 2, 3], [1, 1, 1], 2.0),
    ([1, 2, 3], [1, 1, 5], 3.0),                  # heavy actor holds more than half
    ([4, 7, 10], [0.3, 0.3, 0.4], 7.0),
    ([3, 1, 2], [2, 1, 1], 2.5),                  # cum weight reaches exactly half at 2
    ([0, 10, 20], [1, 0, 1], 10.0),               # zero weight casts no vote: every point of [0, 20] ties
    ([5, 9], [0, 0], 7.0),                        # no weight at all: the plain median
])
def test_weighted_median_closed_forms(x, w, expected):
    assert weighted_median(np.array(x, float), np.array(w, float)) == expected


def test_weighted_median_equals_numpy_median_for_equal_weights():
    rng = np.random.default_rng(1)
    for n in range(1, 30):
        x = rng.uniform(0, 100, n)
        assert weighted_median(x, np.ones(n)) == pytest.approx(np.median(x))


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
