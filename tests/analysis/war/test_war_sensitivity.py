"""Morris screening of a war section's uncertain numbers (detente.analysis.war.sensitivity), on Istanbul 2025."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.analysis.war.sensitivity import uncertain_ranges, war_sensitivity


@pytest.fixture(scope="module")
def spec():
    return detente.load(detente.example("istanbul_2025")).war


def test_uncertain_ranges_are_the_distributions_of_the_section(spec):
    """Every number given as a distribution, and only those; the scenario's uniform ranges as written
    (costs.a is U(0.005, 0.02) in examples/istanbul_2025), each inside the number's valid range."""
    ranges = uncertain_ranges(spec)
    numbers = spec.numbers()
    assert set(ranges) == {k for k, num in numbers.items() if num.distribution is not None}
    assert ranges["costs.a"] == (0.005, 0.02)
    for label, (lo, hi) in ranges.items():
        assert numbers[label].bounds[0] <= lo < hi <= numbers[label].bounds[1]


def test_war_sensitivity_screens_every_range_largest_effect_first(spec):
    """One row per uncertain number with its range; mu* >= 0 (a mean of absolute elementary effects),
    largest first; every index finite."""
    frame = war_sensitivity(spec, n=2, seed=3)
    ranges = uncertain_ranges(spec)
    assert sorted(frame["factor"]) == sorted(ranges)
    assert (frame["mu_star"] >= 0).all() and frame["mu_star"].is_monotonic_decreasing
    assert [(r.low, r.high) for r in frame.itertuples()] == [ranges[f] for f in frame["factor"]]
    assert np.isfinite(frame[["mu_star", "sigma", "mu_star_conf"]].to_numpy()).all()
