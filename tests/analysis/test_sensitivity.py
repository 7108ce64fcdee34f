"""Sensitivity indices against closed forms for a linear model (the weighted mean)."""

from __future__ import annotations

import numpy as np
import pytest

from detente.analysis.sensitivity import factors, sensitivity
from analysis_helpers import linear_scenario as _linear


def test_sobol_indices_of_a_linear_model():
    """y = sum a_i x_i with independent x_i ~ U(lo_i, hi_i): S1_i = ST_i = a_i^2 var_i / sum_j a_j^2 var_j
    (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, ch. 1). Positions only; ranges +/- 10
    (10% of the 0-100 scale) except A, declared U(20, 60). a = w/W: A 0.2, B 0.4, C 0.4."""
    res = sensitivity(_linear(), "mean", method="sobol", n=2048, seed=1, fields=("position",))
    var = {"A.x.position": 0.2**2 * 40**2, "B.x.position": 0.4**2 * 20**2, "C.x.position": 0.4**2 * 20**2}
    total = sum(var.values())
    for row in res.indices.itertuples():
        expected = var[row.factor] / total
        assert row.S1 == pytest.approx(expected, abs=0.03)
        assert row.ST == pytest.approx(expected, abs=0.03)


def test_morris_mu_star_of_a_linear_model_is_exact():
    """Elementary effect of x_i in a linear model is a_i (hi_i - lo_i) for every step: mu* = |a_i| (hi - lo)."""
    res = sensitivity(_linear(), "mean", method="morris", n=10, seed=1, fields=("position",))
    expected = {"A.x.position": 0.2 * 40, "B.x.position": 0.4 * 20, "C.x.position": 0.4 * 20}
    for row in res.indices.itertuples():
        assert row.mu_star == pytest.approx(expected[row.factor], rel=1e-9)


def test_factor_ranges():
    fs = {f.label: (f.low, f.high) for f in factors(_linear())}
    assert fs["A.x.position"] == (20, 60)          # declared distribution
    assert fs["B.x.position"] == (40, 60)          # +/- 10% of the scale
    assert fs["C.x.salience"] == (0.8, 1.0)        # +/- 0.2, clipped to [0, 1]
    assert fs["B.capability"] == (1.0, 3.0)        # x [0.5, 1.5]


def test_outcome_that_never_moves_gets_zero_indices():
    """C holds capability 10 against 1 + 1: it is the weighted median whatever the saliences in +/- 0.2."""
    import detente

    sc = detente.scenario_from_dict({
        "name": "t", "actors": [{"name": "A"}, {"name": "B"}, {"name": "C", "capability": 10}],
        "issues": [{"name": "x"}],
        "positions": [{"actor": a, "issue": "x", "position": p, "salience": 0.5}
                      for a, p in (("A", 10), ("B", 20), ("C", 90))]})
    res = sensitivity(sc, "median", method="sobol", n=32, seed=1, fields=("salience",))
    assert (res.indices[["S1", "ST"]].to_numpy() == 0).all()


def test_unknown_method_rejected():
    with pytest.raises(ValueError):
        sensitivity(_linear(), "mean", method="fast")


def test_distribution_range_is_low_high_or_two_sd_about_the_mean():
    """The module docstring's ranges: uniform and triangular low-high, normal mean +/- 2 sd (not yet clipped)."""
    from detente.analysis.sensitivity import distribution_range
    from detente.scenario import Distribution

    assert distribution_range(Distribution(kind="uniform", low=40, high=70)) == (40, 70)
    assert distribution_range(Distribution(kind="triangular", low=40, mode=60, high=70)) == (40, 70)
    assert distribution_range(Distribution(kind="normal", mean=60, sd=10)) == (40, 80)
    assert distribution_range(Distribution(kind="normal", mean=0.9, sd=0.1)) == pytest.approx((0.7, 1.1))


def test_sobol_confidence_intervals_are_reproducible_at_seed_0():
    """The same seed gives identical numbers, confidence intervals included, at seed 0 too: SALib's Sobol'
    analysis seeds its bootstrap only for a truthy seed, so a run seeded 0 drew them from numpy's global
    state (two runs differed). numpy's global state is moved between the runs, as any other code would."""
    first = sensitivity(_linear(), "mean", method="sobol", n=64, seed=0, fields=("position",)).indices
    np.random.seed(12345)
    np.random.random(1000)
    second = sensitivity(_linear(), "mean", method="sobol", n=64, seed=0, fields=("position",)).indices
    assert first[["S1_conf", "ST_conf"]].to_numpy().tolist() == second[["S1_conf", "ST_conf"]].to_numpy().tolist()
    assert (first["S1_conf"] > 0).any()  # the intervals are real bootstrap widths, not zeros
