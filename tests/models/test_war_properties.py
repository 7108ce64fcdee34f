"""Property tests of the war model (hypothesis): comparative statics that follow from the game's definition.

- Raising a side's per-round cost of war never raises its expected share (Fearon 1995: the bargaining
  range moves against the side whose war value falls; with complete information the solver's offers
  are the responders' war values, which fall with their costs).
- Cutting a side's aid (switching its supporter off, which raises the other side's advance
  probability) never raises its probability of winning (a gambler's ruin win probability falls
  as the opponent's step probability rises; Feller 1968, XIV.2).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.models.war.paths import forward
from detente.models.war.solver import Game, solve

probabilities = st.floats(0.2, 0.8)
costs = st.floats(0.0, 0.05)


def _game(p, cost_a, cost_b, talks, proposer_a, length=8, start=4, horizon=12, regime0=(1.0, 0.0), gain=0.0):
    return Game(length=length, start=start, horizon=horizon,
                p_advance=np.clip(np.array([[p, p + gain], [p, p + gain]]), 0.01, 0.99),
                cost_a=np.full((2, 2), cost_a), cost_b=np.array([cost_b, cost_b]), discount=(0.97, 0.97),
                talks=talks, proposer_a=proposer_a, regime_switch=np.eye(2), prior=1.0, regime0=regime0)


@settings(max_examples=40, deadline=None)
@given(p=probabilities, ca=costs, cb=costs, extra=st.floats(0.001, 0.05), talks=st.floats(0.0, 1.0),
       prop=st.floats(0.0, 1.0), side=st.sampled_from("ab"))
def test_raising_a_sides_cost_never_raises_its_expected_share(p, ca, cb, extra, talks, prop, side):
    base = forward(solve(_game(p, ca, cb, talks, prop))).expected_share()
    dearer = _game(p, ca + extra if side == "a" else ca, cb + extra if side == "b" else cb, talks, prop)
    share = forward(solve(dearer)).expected_share()
    if side == "a":
        assert share <= base + 1e-9
    else:
        assert 1 - share <= 1 - base + 1e-9


@settings(max_examples=40, deadline=None)
@given(p=probabilities, gain=st.floats(0.0, 0.2), talks=st.floats(0.0, 1.0), prop=st.floats(0.0, 1.0),
       cost=costs)
def test_cutting_aid_never_raises_the_aided_sides_win_probability(p, gain, talks, prop, cost):
    """B is aided in regime 0; regime 1 (aid cut) adds ``gain`` to A's advance probability."""
    sol = solve(_game(p, cost, cost, talks, prop, gain=gain))
    aided = forward(sol, regime0=(1.0, 0.0)).b_wins.sum()
    cut = forward(sol, regime0=(0.0, 1.0)).b_wins.sum()
    assert cut <= aided + 1e-9


@settings(max_examples=15, deadline=None)
@given(low=st.floats(0.002, 0.03), extra=st.floats(0.001, 0.02), side=st.sampled_from("ab"))
def test_on_the_istanbul_node_costlier_war_never_raises_a_sides_share(low, extra, side):
    """The same comparative static on the shipped Istanbul node, with incomplete information and the third
    parties' lotteries; shares stay in [0, 1] (offers cannot exceed the stake)."""
    import detente
    from detente.models.war import node

    spec = detente.load(detente.example("istanbul_2025")).war
    params, profile = node.nominal_params(spec), node.profile_with(spec)
    key = "costs.a" if side == "a" else "costs.b"
    share = [node.evaluate(spec, {**params, key: c}, profile).share for c in (low, low + extra)]
    assert all(0.0 <= s <= 1.0 + 1e-12 for s in share)
    if side == "a":
        assert share[1] <= share[0] + 1e-9
    else:
        assert 1 - share[1] <= 1 - share[0] + 1e-9
