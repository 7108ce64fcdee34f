"""The weighted median (detente.models.median) against closed forms, numpy's median and the data README's figure."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.models.median import weighted_median


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
