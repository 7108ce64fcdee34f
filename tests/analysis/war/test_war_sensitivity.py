"""Morris screening of a war section's uncertain numbers (detente.analysis.war.sensitivity), on Istanbul 2025."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import detente
from detente.analysis.war.sensitivity import group_values, morris_factors, uncertain_ranges, war_sensitivity


@pytest.fixture(scope="module")
def spec():
    return detente.load(detente.example("istanbul_2025")).war


def test_uncertain_ranges_are_the_distributions_of_the_section(spec):
    """Every number the game reads given as a distribution, and only those (an older format's numbers, read by
    no model, are left out); the scenario's uniform ranges as written (types.cost_a.serious is U(0.010, 0.030)
    in examples/istanbul_2025), each inside the number's valid range."""
    from detente.scenario.war import read_by_no_model

    ranges = uncertain_ranges(spec)
    numbers = spec.numbers()
    assert set(ranges) == {k for k, num in numbers.items() if num.distribution is not None and not read_by_no_model(k)}
    assert ranges["types.cost_a.serious"] == (0.010, 0.030)
    assert "costs.a" in numbers and "costs.a" not in ranges  # the first war game's, drawn but not screened
    for label, (lo, hi) in ranges.items():
        assert numbers[label].bounds[0] <= lo < hi <= numbers[label].bounds[1]


def test_war_sensitivity_screens_every_range_largest_effect_first(spec):
    """One row per factor (an uncertain number, or a coupled group of them) with its range; every uncertain
    number in exactly one row; mu* >= 0 (a mean of absolute elementary effects), largest first; every
    index finite."""
    frame = war_sensitivity(spec, n=2, seed=3)
    factors, _ = morris_factors(spec)
    assert frame.attrs == {"trajectories": 2, "evaluations": 2 * (len(factors) + 1)}  # Morris (1991): r (k + 1)
    assert sorted(frame["factor"]) == sorted(factors)
    assert sorted(p for members in frame["members"] for p in members) == sorted(uncertain_ranges(spec))
    assert (frame["mu_star"] >= 0).all() and frame["mu_star"].is_monotonic_decreasing
    assert [(r.low, r.high) for r in frame.itertuples()] == [factors[f] for f in frame["factor"]]
    assert np.isfinite(frame[["mu_star", "sigma", "mu_star_conf"]].to_numpy()).all()


def test_coupled_levels_are_one_factor_whose_points_stay_ordered(spec):
    """The support levels' same-named numbers move together (Morris 1991's factors are the inputs that vary
    independently; coupled numbers, drawn at one quantile, are one): at every quantile a group's levels keep
    the order of their ranges (withdraw's drift above maintain's above increase's; Ukraine's cost of war too),
    and each member sits at its own range's end at quantiles 0 and 1."""
    factors, groups = morris_factors(spec)
    ranges = uncertain_ranges(spec)
    for field in ("drift", "cost_b"):
        name = f"support.levels.*.{field}"
        assert factors[name] == (0.0, 1.0) and name in groups
        for u in np.linspace(0.0, 1.0, 7):
            v = group_values(spec, groups[name], u)
            lv = [v[f"support.levels.{lvl}.{field}"] for lvl in ("withdraw", "maintain", "increase")]
            assert lv[0] >= lv[1] >= lv[2], (field, u, lv)
        for path in groups[name]:
            assert group_values(spec, [path], 0.0)[path] == pytest.approx(ranges[path][0])
            assert group_values(spec, [path], 1.0)[path] == pytest.approx(ranges[path][1])


def test_war_sensitivity_on_workers_gives_the_same_frame(spec):
    """The design's evaluations on two local worker processes give the frame computed in this process, to the
    bit (each is a pure function of its inputs; the stand-in node here, tests/war_fakes.py)."""
    from detente.execution import LocalExecutor

    serial = war_sensitivity(spec, n=2, seed=5)
    with LocalExecutor(2) as executor:
        parallel = war_sensitivity(spec, n=2, seed=5, executor=executor)
    pd.testing.assert_frame_equal(serial, parallel)
