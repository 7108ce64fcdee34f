"""The compiled lever iteration (detente.models.war._levers_kernel) against the numpy reference it replaced.

The peer is :func:`detente.models.war.third_parties.solve_levers` with ``backend="numpy"`` (the vectorised
Gauss-Seidel iteration checked against hand-solved fixed points in test_third_parties.py): on the Istanbul
scenario's levers (two sanctions of two senders, the supporter's three aid levels, the US holding two levers)
at drawn private-cost ranges, with random lever values, free and with levers forced, the two give the same
probabilities, moments, player values, iterations and flags bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.models.war.game import draw_params
from detente.models.war.third_parties import levers_of, solve_levers

ISTANBUL = "src/detente/data/scenarios/istanbul_2025.yaml"


def _problem(seed: int):
    spec = detente.load(ISTANBUL).war
    levers = levers_of(spec, draw_params(spec, seed))
    rng = np.random.default_rng(seed)
    shape = (11, *(len(lv.levels) for lv in levers))
    players = sorted({lv.player for lv in levers})
    values = {p: 0.3 + 0.05 * rng.standard_normal(shape) for p in players}
    months = {p: 20.0 + 5.0 * rng.random(shape) for p in players}
    return levers, values, months


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("fixed", [None, {0: 1}, {1: 0, 2: 2}])
def test_compiled_iteration_equals_numpy_reference(seed, fixed):
    levers, values, months = _problem(seed)
    ref = solve_levers(levers, values, months, fixed=fixed, backend="numpy")
    got = solve_levers(levers, values, months, fixed=fixed)
    assert (got.iterations, got.converged, got.unique) == (ref.iterations, ref.converged, ref.unique)
    for a, b in zip(ref.probs + ref.moments, got.probs + got.moments):
        assert np.array_equal(a, b)
    for p in ref.player_values:
        assert np.array_equal(ref.player_values[p], got.player_values[p])
    assert not all(np.isin(p, (0.0, 1.0)).all() for p in got.probs)  # some lever mixes: the iteration did work
