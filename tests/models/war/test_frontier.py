"""Packages over issues and the A-B Pareto frontier (detente.models.war.frontier), checked by hand and by brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.models.war.frontier import Frontier, Issues


def _two_issues() -> Frontier:
    """A cares 0.75/0.25 about issues x/y, B 0.25/0.75; positions opposed (A at 1, B at 0)."""
    issues = Issues(("x", "y"), (0.0, 0.0), (100.0, 100.0),
                    {"A": {"x": (100, 3.0), "y": (100, 1.0)}, "B": {"x": (0, 1.0), "y": (0, 3.0)},
                     "C": {"x": (50, 1.0), "y": (100, 1.0)}})
    return Frontier(issues, "A", "B", ("C",))


def test_logroll_by_hand():
    """B gains y first (w_B/w_A = 3 > 1/3): knots (1, 0) -> (0.75, 0.75) -> (0, 1) in (u_A, u_B)
    (Raiffa 1982's logroll); at u_A = 0.75 the package is x = 100, y = 0."""
    f = _two_issues()
    assert f.ua_min == pytest.approx(0.0) and f.ub_min == pytest.approx(0.0)
    assert f.u_b(0.75) == pytest.approx(0.75)
    assert f.u_b(0.875) == pytest.approx(0.375)  # halfway along y: B has half its y gain
    pkg = f.package(0.75)
    assert pkg == pytest.approx({"x": 100.0, "y": 0.0})
    assert f.u_a(f.u_b(0.4)) == pytest.approx(0.4)


def test_third_party_kink_is_a_knot():
    """C's position on x (50) lies inside the segment where x moves: a knot there makes C's utility exact."""
    f = _two_issues()
    ua = 0.75 - 0.75 * 0.5  # x halfway from 100 to 0: x = 50
    assert f.package(ua)["x"] == pytest.approx(50.0)
    assert f.third_party(ua)["C"] == pytest.approx(1 - 0.5 * 0 - 0.5 * 1.0)  # at C's x, y = 0 (C wants 100)
    assert any(abs(u - ua) < 1e-12 for u in f.ua)


@given(st.lists(st.tuples(st.floats(0.05, 1), st.floats(0.05, 1), st.integers(0, 100), st.integers(0, 100)),
                min_size=1, max_size=4))
def test_frontier_dominates_every_package_on_a_grid(rows):
    """Brute force: no package on a grid of issue values gives both sides more than the frontier."""
    names = tuple(f"i{k}" for k in range(len(rows)))
    pos = {"A": {n: (r[2], r[0]) for n, r in zip(names, rows)}, "B": {n: (r[3], r[1]) for n, r in zip(names, rows)}}
    f = Frontier(Issues(names, (0.0,) * len(rows), (100.0,) * len(rows), pos), "A", "B")
    grid = np.linspace(0, 1, 6)
    for combo in itertools.product(grid, repeat=len(rows)):
        x = np.array(combo)
        ua, ub = f.value("A", x), f.value("B", x)
        assert ub <= f.u_b(min(ua, 1.0)) + 1e-9
    assert np.all(np.diff(f.ua) > 0) and np.all(np.diff(f.ub) < 0)
    slopes = np.diff(f.ub) / np.diff(f.ua)
    assert np.all(np.diff(slopes) <= 1e-9)  # concave: slopes fall


def test_ideal_packages_and_capitulation_values():
    f = _two_issues()
    assert f.values_of(f.ideal("A"))[:2] == pytest.approx([1.0, 0.0])
    assert f.values_of(f.ideal("B"))[:2] == pytest.approx([0.0, 1.0])
