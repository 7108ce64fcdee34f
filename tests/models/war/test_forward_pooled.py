"""The pooled forward pass (:func:`detente.models.war.forward.pooled_outcomes`) against the per-game mixture.

The expected numbers come from separate forward passes of every game of the lever lottery mixed by
:func:`detente.models.war.node_tables.mix_outcomes` (``NodeSolution.outcome_of(..., pooled=False)``): the pass
is linear in its initial mass, so one pass from the lottery-weighted masses must give the same probabilities,
front moments, terms and package (to rounding), whichever moves, counterfactuals or draws.
"""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.analysis.war.draw import alternatives
from detente.models.war.game import draw_params
from detente.models.war.node import solve_node

FIELDS = ("settled_by", "quit_a_by", "quit_b_by", "won_a_by", "won_b_by", "front_mean_km2", "settled_by_type")


@pytest.fixture(scope="module")
def spec():
    return detente.load(detente.example("istanbul_2025")).war


def _close(x, y):
    """Equal to rounding; NaN where both are NaN (the terms of a move after which no game settles: since the
    support levels are coupled, seed 3 has one)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    scale = float(np.max(np.abs(x), where=np.isfinite(x), initial=1.0))
    assert np.allclose(x, y, rtol=1e-12, atol=1e-12 * scale, equal_nan=True), (x, y)


@pytest.mark.parametrize("seed", [3])
def test_pooled_outcomes_equal_the_per_game_mixture(spec, seed):
    params = draw_params(spec, np.random.SeedSequence(seed))
    sol = solve_node(spec, params)
    changes = alternatives(spec, spec.a) + [cf.set for cf in spec.counterfactuals]
    for ch in changes:  # seed 3: 22 pooled passes for 37 separate ones (measured), so the pooling is exercised
        pooled, apart = sol.outcome_of(ch, 0.4), sol.outcome_of(ch, 0.4, pooled=False)
        for name in FIELDS:
            _close(getattr(pooled, name), getattr(apart, name))
        # the sd from the second moment sd^2 + mean^2, which both accumulate (the sd itself loses ~1e-6 km4
        # to the cancellation of E[x^2] - mean^2 where it is near 0)
        second = [o.front_sd_km2 ** 2 + o.front_mean_km2 ** 2 for o in (pooled, apart)]
        _close(*second)
        _close(pooled.terms_a, apart.terms_a)
        _close(list(pooled.package.values()), list(apart.package.values()))
        assert pooled.ceasefire_equilibrium == pytest.approx(apart.ceasefire_equilibrium, abs=1e-12)
