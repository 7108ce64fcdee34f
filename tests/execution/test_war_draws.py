"""The war Monte Carlo gives the same numbers on Ray as in this process (draw k = k-th child seed)."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.analysis.war.missed_opportunity import missed_opportunity


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.war_node
def test_war_draws_on_ray_equal_serial(ray_executor):
    sc = detente.load(detente.example("istanbul_2025"))
    serial = missed_opportunity(sc, draws=2, seed=5, break_even_belief=False, structural_draws=0)
    on_ray = missed_opportunity(sc, draws=2, seed=5, break_even_belief=False, structural_draws=0,
                                executor=ray_executor)
    for actor in serial.spec.moves:
        assert np.array_equal(serial.values[actor], on_ray.values[actor])
    assert np.array_equal(serial.outcomes["observed"]["curve"], on_ray.outcomes["observed"]["curve"])
