"""A screening deal is self-enforcing for the uninformed side once it reveals the type that took it.

Powell (2006): a deal holds only if it leaves each side at least what reneging and fighting on would give it.
A screen (pure or semi-separating) is taken by one of A's types only, so once it is struck B knows that type,
and B's floor is its no-talks war value against that type plus its gain from reneging, not the belief-mixed
floor of a pool (which leaves B's belief where it was). Found by the referee of the semi-separating offers: on
the shipped Istanbul game at its nominal inputs, 168 reachable cells had B screen the serious type at terms
below its war value against that type plus its reneging gain (by up to 0.082) under the mixed floor.
"""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.models.war.bargaining import war_values
from detente.models.war.game import build_game, nominal_params
from detente.models.war.solution import solve


@pytest.mark.parametrize("backend", ["numpy", "numba"])
@pytest.mark.parametrize("name", ["istanbul_2025", "kaesong_1951"])
def test_a_screen_leaves_b_its_floor_against_the_type_that_took_it(name, backend):
    spec = detente.load(detente.example(name)).war
    game = build_game(spec, nominal_params(spec))
    sol = solve(game, backend)
    policy, grid = sol.policy, sol.grid
    W = war_values(game)  # (T + 1, P, 2, S, G): each type's and side's value of war with no talks
    e_b = game.enforce[1]
    ub = np.interp(policy["x_b"], game.frontier_ua, game.frontier_values[1])
    down, up = max(0, -int(game.offsets.min())), max(0, int(game.offsets.max()))
    screens = 0
    for t in range(game.horizon):
        s0, s1 = max(int(game.start) - t * down, 0), min(int(game.start) + t * up, game.n_states - 1)
        for k, code in ((0, 1), (1, 2)):
            chosen = policy["b_choice"][t, s0:s1 + 1] == code
            floor = W[t, 1, k, s0:s1 + 1][..., None] + e_b
            screens += int(chosen.sum())
            short = (floor - ub[t, s0:s1 + 1])[chosen]
            assert short.size == 0 or short.max() <= 1e-9, (t, k, float(short.max()))
    assert screens > 0  # the property is exercised
