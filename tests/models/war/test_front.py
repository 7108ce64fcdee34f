"""The front as a lazy walk on km2 (detente.models.war.front), against O17 of war2.md and moment algebra."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.models.war.front import feasible_steps, lazy_walk, step_distribution, window

# DeepStateMap via shared/data/war/ukraine-front/monthly.csv, net change 2024-05..2025-04 (war2.md, O17)
M, S = 318.7, 176.3


def test_o17_lazy_walk_probabilities():
    """O17: a - r = m/D, a + r = (s^2 + m^2)/D^2. With m = 318.7, s = 176.3, D = 400 the note gives
    a = 0.812950, r = 0.016180 (from the unrounded 318.708/176.317); by hand from the rounded inputs
    a = (0.8290711 + 0.79675)/2 = 0.8129106, r = 0.0161606. Both within 5e-5."""
    a, r = lazy_walk(M, S, 400.0)
    assert a == pytest.approx(0.8129106, abs=1e-6)
    assert r == pytest.approx(0.0161606, abs=1e-6)
    assert a == pytest.approx(0.812950, abs=5e-5) and r == pytest.approx(0.016180, abs=5e-5)
    step = step_distribution(M, S, 400.0)
    assert step.offsets == (-1, 0, 1) and step.exact
    assert step.probs == pytest.approx((r, 1 - a - r, a))


def test_o17_feasible_interval():
    """Feasible iff sqrt(s^2+m^2) <= D <= (s^2+m^2)/m: [364.21, 416.23] for the record. war2.md's O17
    gives the upper end 416.2; its lower end (m = 318.7) is too low: at D = 330 a + r = 1.218 > 1."""
    lo, hi = feasible_steps(M, S)
    assert lo == pytest.approx(364.2134, abs=1e-3) and hi == pytest.approx(416.2265, abs=1e-3)
    assert sum(lazy_walk(M, S, 330.0)) > 1.0
    assert step_distribution(M, S, 380.0).offsets == (-1, 0, 1)


@given(st.floats(-2000, 2000), st.floats(0, 800), st.floats(100, 1000))
def test_step_distribution_keeps_the_mean(mean, sd, step):
    """Whatever the centre, the mean is matched exactly; the sd too whenever the result says exact."""
    d = step_distribution(mean, sd, step)
    assert min(d.probs) >= 0 and sum(d.probs) == pytest.approx(1.0)
    assert d.mean(step) == pytest.approx(mean, abs=1e-6 * max(1.0, abs(mean)))
    if d.exact:
        assert d.sd(step) == pytest.approx(sd, abs=1e-5 * step)  # sqrt of a 1e-12 rounding: 1e-6 steps


def test_centred_walk_for_a_fast_drift():
    """A drift above one step a month (600 km2 with D = 400) moves the walk's centre: steps {0, 1, 2}
    with mean 1.5 steps and variance (250/400)^2 = 0.390625, as the three-point algebra gives."""
    d = step_distribution(600.0, 250.0, 400.0)
    assert d.offsets == (0, 1, 2) and d.exact
    o = np.array(d.offsets)
    assert np.dot(d.probs, o) == pytest.approx(1.5)
    assert np.dot(d.probs, o ** 2) - 1.5 ** 2 == pytest.approx(0.390625)


def test_window_is_the_reachable_states():
    assert window(50, 265, 36, 1, 2) == (14, 122)
    assert window(5, 265, 36, 1, 1) == (0, 41)
