"""A degenerate belief stays degenerate (review F-B).

By Bayes' rule, when B is sure of A's type (P(stalling) exactly 0 or 1) no event on the path can move its
belief, and off the path the solver keeps it too (Rubinstein 1985's "never dissuaded once convinced"): no
0/0 falls back to a prior, to D1's stalling type or to a grid neighbour. Every place the solver and the
forward pass move B's belief is checked on random small games, on both backends: a refused offer (a pool,
a pure or semi-separating screen, no offer: ``b_post``), the capitulation stage (``post_quit``), the front's
move (Bayes on the walk), the node round's failure branches (:func:`~detente.models.war.node_round._branches`)
and the ceasefire's keep/break choice at month 0 (:func:`~detente.models.war.solution.keep_profile`).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.models.war.bargaining import b_proposes
from detente.models.war.forward import outcomes
from detente.models.war.gamedef import bayes, make_game
from detente.models.war.node_round import _branches
from detente.models.war.solution import keep_profile, solve

unit = st.floats(0.0, 1.0)


@st.composite
def games(draw):
    """A small game: 1-4 months, 3-5 front states, types that differ in cost and in the front's law."""
    horizon, states = draw(st.integers(1, 4)), draw(st.integers(3, 5))
    adv = [draw(st.floats(0.0, 0.6)) for _ in range(2)]
    ret = [draw(st.floats(0.0, 0.4)) for _ in range(2)]
    return make_game(horizon, states, states // 2, advance=adv, retreat=ret,
                     cost_a=(draw(st.floats(0.0, 0.3)), draw(st.floats(0.0, 0.3))), cost_b=draw(st.floats(0.0, 0.3)),
                     discount=(draw(st.floats(0.8, 1.0)), draw(st.floats(0.8, 1.0))), talks=draw(unit),
                     authority=draw(unit), proposer_a=draw(unit),
                     enforce=(draw(st.floats(0, 0.1)), draw(st.floats(0, 0.1))), belief_points=draw(st.integers(2, 11)))


@pytest.mark.parametrize("backend", ["numpy", "numba"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=games(), belief=st.sampled_from([0.0, 1.0]), weight=unit)
def test_forward_pass_keeps_a_degenerate_belief(backend, game, belief, weight):
    """From a belief of exactly 0 or 1, B's mean belief among the wars still on stays there in every month,
    whatever A's true type (on the path, the type B is sure of; off it, the other, with ``weight``)."""
    out = outcomes(solve(game, backend), belief, weight)
    on = ~np.isnan(out.belief_mean)
    assert out.belief_mean[on] == pytest.approx(np.full(on.sum(), belief), abs=1e-12)  # a ratio of two sums


@settings(max_examples=30, deadline=None)
@given(game=games())
def test_policies_keep_a_degenerate_belief(game):
    """Every month's policies (numpy reference, every state): after a refusal of B's offer and after the
    capitulation stage, B's belief at the grid's ends is the end itself; the front's Bayes update too."""
    sol = solve(game, "numpy")
    for name in ("b_post", "post_quit"):
        assert np.all(sol.policy[name][..., 0] == 0.0) and np.all(sol.policy[name][..., -1] == 1.0), name
    move = game.move
    assert np.all(bayes(0.0, move[:, 1], move[:, 0]) == 0.0) and np.all(bayes(1.0, move[:, 1], move[:, 0]) == 1.0)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), points=st.integers(3, 11))
def test_node_round_failure_keeps_a_degenerate_belief(seed, points):
    """B's offers on random continuations (A's values rising in B's belief or not): at B's belief 0 or 1 a
    refused offer leaves the belief there (``b_post``), so the node round's failure lands on the "unchanged"
    branch or on the branch of the same belief (0: serious, 1: stalling), never on the other end."""
    rng = np.random.default_rng(seed)
    game = make_game(1, 3, 1, belief_points=points)
    grid = np.linspace(0, 1, points)
    Xf = rng.uniform(0.0, 1.0, (2, 2, 1, 1, points))
    W = rng.uniform(-0.2, 0.5, (2, 2, 1, 1))
    _, choice, _, accepted, post = b_proposes(game, Xf, W, grid)
    assert post[0, 0, 0] == 0.0 and post[0, 0, -1] == 1.0
    index = np.rint(post[0, 0] * (points - 1)).astype(int)
    fail, _ = _branches(0.7, 0.3, np.zeros((2, points), dtype=bool), accepted[:, 0, 0], index)
    assert np.all(fail[:, 0, 2:] == 0.0) and np.all(fail[:, -1, 1] == 0.0) and np.all(fail[:, -1, 3] == 0.0)


@given(keep_s=unit, keep_t=unit, break_s=unit, break_t=unit, belief=st.sampled_from([0.0, 1.0]))
def test_ceasefire_choice_keeps_a_degenerate_belief(keep_s, keep_t, break_s, break_t, belief):
    """Month 0's keep/break choice of a ceasefire (values rising in B's belief or falling, any of the four
    profiles): after either choice B's belief is still the degenerate one."""
    keep = lambda mu: np.array([[keep_s + 0.1 * mu, keep_t - 0.1 * mu]])  # noqa: E731
    brk = lambda mu: np.array([[break_s + 0.2 * mu, break_t - 0.2 * mu]])  # noqa: E731
    bd = keep_profile(keep, brk, belief)
    assert bd["belief_keep"] == belief and bd["belief_break"] == belief
