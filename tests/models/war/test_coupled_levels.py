"""The supporter's levels as one uncertain quantity: ``war.support.coupled`` (default true).

The shipped scenario's notes make ``support.levels.<level>.<field>`` one quantity at three levels of aid
(withdraw.cost_b = maintain.cost_b x 1.2, increase.cost_b = x 0.8; withdraw's drift about double
maintain's). The Monte Carlo draws each field's levels at one shared quantile (comonotone coupling, the
upper Frechet bound: Nelsen 2006, An Introduction to Copulas, 2nd ed., sect. 2.5), so ranges ordered
endpoint by endpoint give ordered draws in every draw; every number outside the groups is drawn exactly
as before (each number still takes its one rng call in path order).
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml

import detente
from detente import ScenarioError
from detente.models.war.game import draw_params
from detente.scenario.numbers import Distribution
from detente.scenario.war import SUPPORT_LEVELS, CouplingWarning

ISTANBUL = Path(detente.__file__).parent / "data" / "scenarios" / "istanbul_2025.yaml"
FIELDS = ("drift", "sd", "cost_b", "cost_supporter")
#: Read off the shipped ranges (withdraw, maintain, increase): drift [400, 1000] > [152, 440.3] > [0, 250];
#: sd [176.3, 400] > [150, 225] = [150, 225]; cost_b [0, 0.012] > [0, 0.01] > [0, 0.008]; cost_supporter
#: 0 (certain) < [0, 0.003] < [0.003, 0.012].
SHIPPED_ORDER = {"drift": "falling", "sd": "falling", "cost_b": "falling", "cost_supporter": "rising"}
N = 300


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load(ISTANBUL.read_text())


def _spec(data, **support):
    d = copy.deepcopy(data)
    d["war"]["support"].update(support)
    return detente.scenario_from_dict(d, "istanbul.yaml").war


@pytest.fixture(scope="module")
def coupled(data):
    return _spec(data)


@pytest.fixture(scope="module")
def independent(data):
    return _spec(data, coupled=False)


def _seeds(n: int):
    return np.random.SeedSequence(0).spawn(n)  # the Monte Carlo's draws of ``--seed 0`` (run_draws)


def _levels(params, field):
    return [params[f"support.levels.{lvl}.{field}"] for lvl in SUPPORT_LEVELS]


def test_the_shipped_scenario_couples_its_levels_and_its_ranges_are_ordered():
    spec = detente.load(ISTANBUL).war
    assert spec.support.coupled
    assert {f: spec.support.order(f) for f in FIELDS} == SHIPPED_ORDER
    assert [g[0].rsplit(".", 1)[1] for g in spec.coupled_groups()] == list(FIELDS)


def test_every_draw_of_the_shipped_scenario_is_ordered(coupled):
    """In N of the Monte Carlo's draws every field's levels are ordered, in the direction the ranges give:
    Russia's drift and Ukraine's cost of war fall withdraw -> maintain -> increase, the US's cost rises."""
    for k, seed in enumerate(_seeds(N)):
        params = draw_params(coupled, seed)
        for field, order in SHIPPED_ORDER.items():
            w, m, i = _levels(params, field)
            ok = w >= m >= i if order == "falling" else w <= m <= i
            assert ok, (k, field, w, m, i)


def test_independent_draws_break_the_order(independent):
    """``coupled: false`` is the old rule: each level drawn on its own; the order breaks in most draws."""
    broken = sum(not (w >= m >= i) for seed in _seeds(16)
                 for w, m, i in [_levels(draw_params(independent, seed), "cost_b")])
    assert broken >= 8


def test_the_coupling_leaves_every_other_number_drawn_as_before(coupled, independent):
    """Same seed, coupling on vs off: every number outside the groups, and each group's first uncertain
    member in path order (``support.levels.increase.*``), is the same float; the other members differ."""
    groups = coupled.coupled_groups()
    followers = {p for g in groups for p in sorted(g)[1:] if coupled.numbers()[p].distribution is not None}
    assert followers == {f"support.levels.{lvl}.{f}" for lvl in ("maintain", "withdraw") for f in FIELDS} - {
        "support.levels.withdraw.cost_supporter"}  # certain: 0
    for seed in _seeds(20):
        on, off = draw_params(coupled, seed), draw_params(independent, seed)
        assert on.keys() == off.keys()
        assert {p: v for p, v in on.items() if p not in followers} == {p: v for p, v in off.items()
                                                                     if p not in followers}
        assert any(on[p] != off[p] for p in followers)


def test_coupled_members_keep_their_own_ranges(coupled):
    """Each level's number is its own distribution's inverse CDF at the shared quantile: its marginal is its
    own range (uniform: the mean of N draws near the midpoint) and the levels share one quantile."""
    draws = [draw_params(coupled, seed) for seed in _seeds(N)]
    nums = coupled.numbers()
    for lvl in ("withdraw", "maintain"):
        d = nums[f"support.levels.{lvl}.drift"].distribution
        values = np.array([p[f"support.levels.{lvl}.drift"] for p in draws])
        assert values.min() >= d.low and values.max() <= d.high
        assert values.mean() == pytest.approx((d.low + d.high) / 2, abs=0.1 * (d.high - d.low))
        u = [nums[f"support.levels.{lvl}.cost_b"].distribution.cdf(p[f"support.levels.{lvl}.cost_b"])
             for p in draws]
        u0 = [nums["support.levels.increase.cost_b"].distribution.cdf(p["support.levels.increase.cost_b"])
              for p in draws]
        assert u == pytest.approx(u0, abs=1e-12)


def test_crossing_ranges_are_warned_about_by_field(data):
    """Ranges that cross cannot be ordered by any coupling: a CouplingWarning names the field."""
    d = copy.deepcopy(data)
    d["war"]["support"]["levels"]["withdraw"]["sd"] = {"value": 200, "low": 100, "high": 300, "source": "x"}
    with pytest.warns(CouplingWarning, match=r"war\.support\.levels\.\*\.sd: the levels' ranges cross"):
        spec = detente.scenario_from_dict(d, "istanbul.yaml").war
    assert spec.support.order("sd") is None and spec.support.order("drift") == "falling"
    d["war"]["support"]["coupled"] = False
    with warnings.catch_warnings():
        warnings.simplefilter("error", CouplingWarning)
        detente.scenario_from_dict(d, "istanbul.yaml")


def test_a_bad_coupled_value_names_the_field(data):
    d = copy.deepcopy(data)
    d["war"]["support"]["coupled"] = "sometimes"
    with pytest.raises(ScenarioError) as info:
        detente.scenario_from_dict(d, "istanbul.yaml")
    assert [p.where for p in info.value.problems] == ["war.support.coupled"]


@pytest.mark.parametrize("dist", [Distribution(kind="uniform", low=2, high=5),
                                  Distribution(kind="normal", mean=1, sd=2),
                                  Distribution(kind="triangular", low=0, mode=1, high=4),
                                  Distribution(kind="triangular", low=0, mode=0, high=4)])
def test_cdf_of_a_draw_is_its_quantile(dist):
    """``quantile`` inverts ``cdf``, and ``cdf`` of numpy's own draws is uniform (the probability integral
    transform the coupling takes the shared quantile from)."""
    for u in (0.0, 0.01, 0.3, 0.5, 0.77, 1.0):
        if dist.kind != "normal" or 0 < u < 1:
            assert dist.cdf(dist.quantile(u)) == pytest.approx(u, abs=1e-9)
    u = np.sort([dist.cdf(float(dist.sample(np.random.default_rng(s)))) for s in range(400)])
    assert np.max(np.abs(u - (np.arange(400) + 0.5) / 400)) < 0.08  # Kolmogorov-Smirnov, n 400: 5% at 0.068
