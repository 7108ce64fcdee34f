"""The compiled exchange round (numba) gives exactly the reference's results.

The reference (src/detente/models/exchange/_trade.py and _round.py) is the implementation checked against Decide
in tests/regression/test_exchange_decide.py (its replays need the ``tie_break`` hook, which only the reference has) and
against the closed forms in test_exchange_variants.py. The compiled round is an
operation-for-operation port of it; these tests require bit-identical output (not a tolerance):
the same exchanges in the same order, the same floats, the same generator state afterwards. No
expected number here is detente's own: the reference's output is the expectation.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings

import detente
from detente.datasets import reference_path
from detente.models.exchange import _round as reference
from detente.models.exchange import _compiled as compiled
from detente.models.exchange._inputs import scenario_arrays
from strategies import scenarios

CASES = ("sample_data.txt", "copenhagen.csv", "cop21.csv")


def _same_round(x, s, c, seed, random_rate):
    g_ref, g_fast = np.random.default_rng(seed), np.random.default_rng(seed)
    v_ref, s_ref, d_ref = reference.run_round(x, s, c, g_ref, None, 0.4, 0.1, random_rate)
    v_fast, s_fast, d_fast = compiled.run_round(x, s, c, g_fast, 0.4, 0.1, random_rate)
    np.testing.assert_array_equal(v_fast, v_ref)
    np.testing.assert_array_equal(s_fast, s_ref)
    assert len(d_fast) == len(d_ref)
    for a, b in zip(d_ref, d_fast):
        for side_a, side_b in ((a.i, b.i), (a.j, b.j)):
            assert (side_a.actor, side_a.supply, side_a.demand) == (side_b.actor, side_b.supply, side_b.demand)
            assert (side_a.x_supply, side_a.y, side_a.start) == (side_b.x_supply, side_b.y, side_b.start)
        assert (a.p, a.q, a.gain, a.equal_gain, a.gain_i, a.gain_j) == (b.p, b.q, b.gain, b.equal_gain,
                                                                        b.gain_i, b.gain_j)
    assert g_ref.random() == g_fast.random()  # the same number of draws
    return s_ref


@pytest.mark.parametrize("random_rate", [False, True], ids=["equal-gain", "random-rate"])
@pytest.mark.parametrize("case", CASES)
def test_compiled_rounds_equal_the_reference_on_decide_cases(case, random_rate):
    """Ten rounds of the toll case, Copenhagen and COP21 (many ties), two seeds each."""
    x0, s, c, _, _ = scenario_arrays(detente.load(reference_path("decide", case)))
    for seed in (0, 1):
        x = x0
        for t in range(10):
            x = _same_round(x, s, c, 100 * seed + t, random_rate)


@pytest.mark.parametrize("variant", ["equal-gain", "random-rate"])
@settings(max_examples=30)
@given(sc=scenarios(min_actors=2, max_actors=7, max_issues=4))
def test_compiled_forecast_equals_the_reference(variant, sc):
    """Random scenarios, on a grid of positions half of the time (ties), power exponent 0.5."""
    model = detente.models.get("exchange", rounds=4, variant=variant, power_exponent=0.5)
    fast, slow = model.forecast(sc, rng=3, compiled=True), model.forecast(sc, rng=3, compiled=False)
    assert fast.to_json() == slow.to_json()


@pytest.mark.parametrize("gain", [1e-303, 5e-300, 2.5e-280, 0.123456789012345, 7.0, 0.0, -1.0])
def test_rank_of_tiny_gains_does_not_overflow_and_both_agree(gain):
    """A gain near 1e-303 (found by hypothesis) needs a scale of 10**314: the reference raised
    OverflowError and the kernel gave nan. Such gains are kept as they are, in both."""
    from detente.models.exchange._trade import rank
    from detente.models.exchange._kernel import rank as compiled_rank

    assert rank(gain) == compiled_rank(gain)
    assert rank(gain) == pytest.approx(gain, rel=1e-11)


def test_which_round_runs_when_left_to_choose(monkeypatch):
    """A first, small forecast without numba loaded runs in plain Python; numba loaded, a second forecast
    or a big one runs compiled (COP21 at 10 rounds: 10 x C(13, 2) x C(15, 2) = 81,900 slots)."""
    from detente.models import exchange

    monkeypatch.setattr(exchange, "_forecasts_run", 1)
    monkeypatch.delitem(sys.modules, "numba", raising=False)
    assert not exchange.use_compiled(13, 15, 10)
    assert exchange.use_compiled(13, 15, 20)  # 163,800 slots
    monkeypatch.setattr(exchange, "_forecasts_run", 2)
    assert exchange.use_compiled(13, 15, 10)
    monkeypatch.setattr(exchange, "_forecasts_run", 1)
    monkeypatch.setitem(sys.modules, "numba", compiled)
    assert exchange.use_compiled(13, 15, 10)


@pytest.mark.parametrize("case", CASES)
def test_pair_counts_equal_the_candidates_formed(case):
    """:func:`n_pairs` (how many rate draws a random-rate round takes) counts exactly the exchanges
    :func:`pairs` forms, and the compiled count agrees, over ten rounds of each Decide case."""
    x, s, c, _, _ = scenario_arrays(detente.load(reference_path("decide", case)))
    for t in range(10):
        state = reference.Round(x, s, c)
        n = reference.n_pairs(state)
        assert n == len(reference.pairs(state)) == compiled.count_pairs(x, state.tradable, state.forecast)
        _, x, _ = reference.run_round(x, s, c, np.random.default_rng(t))
