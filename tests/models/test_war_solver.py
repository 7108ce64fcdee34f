"""The war model's solver (backward induction and forward pass) against closed forms.

The solver is run on special cases of its game whose solution is known in
closed form; the expected numbers are derived in each docstring (they are
the same O1-O12 values as tests/models/test_war_closed_forms.py), never
copied from the solver's output.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.models.war.flow_game import solve_flow_game
from detente.models.war.paths import forward
from detente.models.war.solver import Game, solve


def _lottery(p, cost_a, cost_b, **kw):
    """One battle decides: a front 0..2 starting at 1, so A wins with p (Fearon's costly lottery)."""
    base = dict(length=2, start=1, horizon=1, p_advance=np.full((2, 1), p), cost_a=np.full((2, 1), cost_a),
                cost_b=np.array([cost_b]), discount=(1.0, 1.0), talks=1.0, prior=1.0)
    return Game(**{**base, **kw})


@pytest.mark.parametrize("proposer_a,share", [(1.0, 0.75), (0.0, 0.5)])
def test_fearon_range_endpoints_and_no_war(proposer_a, share):
    """Fearon (1995): p = 0.6, c_A = 0.1, c_B = 0.15. With complete information the proposer offers the
    responder its war value: A proposing keeps 1 - (1 - p - c_B) = 0.75, B proposing leaves A p - c_A =
    0.5, the ends of [0.5, 0.75]; and the offer is accepted, so P(war) = 0."""
    sol = solve(_lottery(0.6, 0.1, 0.15, proposer_a=proposer_a))
    va, _ = sol.start_values()
    assert va[0] == pytest.approx(share)
    out = forward(sol)
    assert out.settled[0] == pytest.approx(1.0)
    assert out.a_wins.sum() + out.b_wins.sum() == pytest.approx(0.0)


def test_rubinstein_share_from_a_long_finite_horizon():
    """Rubinstein (1982): 0.2/0.28 = 0.714286 with discounts 0.9/0.8. The finite-horizon alternating
    game converges to it; with 300 rounds the gap is of order (0.72)^150, far below 1e-9."""
    g = Game(length=2, start=1, horizon=300, p_advance=np.full((2, 1), 0.5), cost_a=np.zeros((2, 1)),
             cost_b=np.zeros(1), discount=(0.9, 0.8), proposer_a=(1.0, 0.0) * 150, battle=0.0, terminal="zero")
    va, vb = solve(g).start_values()
    assert va[0] == pytest.approx(0.714286, abs=1e-6)
    assert vb == pytest.approx(1 - 0.714286, abs=1e-6)


@pytest.mark.parametrize("outside,share", [(0.1, 0.714286), (0.4, 0.6)])
def test_rubinstein_with_outside_option(outside, share):
    """Outside-option principle (Binmore, Shaked & Sutton 1989): the responder's option 0.1 is below its
    Rubinstein share 0.285714 (slack: 0.714286); 0.4 binds (0.6)."""
    g = Game(length=2, start=1, horizon=300, p_advance=np.full((2, 1), 0.5), cost_a=np.zeros((2, 1)),
             cost_b=np.zeros(1), discount=(0.9, 0.8), proposer_a=(1.0, 0.0) * 150, battle=0.0, terminal="zero",
             outside=(0.0, outside))
    assert solve(g).start_values()[0][0] == pytest.approx(share, abs=1e-6)


@pytest.mark.parametrize("d_b,offer", [(0.9, 0.55), (0.5, 0.70)])
def test_two_rounds_with_war_as_outside_option(d_b, offer):
    """O5: war values p - c_A = 0.5, 1 - p - c_B = 0.3 as outside options; A proposes in round 1, B in
    round 2 (the last; rejection means war). x* = 1 - max(d_B (1 - p + c_A), 1 - p - c_B): 0.55 / 0.70."""
    g = Game(length=2, start=1, horizon=2, p_advance=np.full((2, 1), 0.6), cost_a=np.full((2, 1), 0.1),
             cost_b=np.array([0.1]), discount=(0.9, d_b), proposer_a=(1.0, 0.0), battle=0.0,
             terminal="outside", outside=(0.5, 0.3))
    assert solve(g).start_values()[0][0] == pytest.approx(offer)


@pytest.mark.parametrize("q,missed", [(0.5, 0.5), (0.9, 0.0)])
def test_missed_opportunity_of_fighting_with_regime_uncertainty(q, missed):
    """O12 in the solver's units (a stake worth 1, so flows x/(1-d) scale by 1 - d = 0.1 and the cost 1 by
    0.1): fighting is a battle whose odds depend on the regime (0.45 supported, 0.65 withdrawn, Russia's
    belief q in withdrawal). War value p - 0.1; settling at 0.5. q = 0.5: 0.55 - 0.1 = 0.45, missed
    (0.5 - 0.45) * 10 = 0.5; q = 0.9: 0.63 - 0.1 = 0.53 > 0.5, missed 0."""
    g = Game(length=2, start=1, horizon=1, p_advance=np.array([[0.45, 0.65]] * 2), cost_a=np.full((2, 2), 0.1),
             cost_b=np.zeros(2), discount=(1.0, 1.0), talks=0.0, regime_switch=np.eye(2), regime0=(1 - q, q))
    fight = solve(g).start_values()[0][0]
    assert 10 * (max(0.5, fight) - fight) == pytest.approx(missed)


def test_gamblers_ruin_by_the_forward_pass():
    """Front at 5 of 10, A advances with 0.45, no talks: P(A wins) = 0.268283, E[rounds] = 23.1717
    (Feller 1968; see test_war_closed_forms). 3,000 rounds leave a remainder below 1e-12."""
    g = Game(length=10, start=5, horizon=3000, p_advance=np.full((2, 1), 0.45), cost_a=np.zeros((2, 1)),
             cost_b=np.zeros(1), discount=(1.0, 1.0), talks=0.0)
    out = forward(solve(g))
    assert out.a_wins.sum() == pytest.approx(0.268283, abs=1e-6)
    ends = out.a_wins + out.b_wins
    assert (np.arange(1, 3001) * ends).sum() == pytest.approx(23.1717, abs=1e-4)


def test_constant_talks_hazard_gives_geometric_settlement():
    """With costly war and complete information every negotiation settles, so talks with probability
    0.05 a round are a constant hazard: P(settled within 12) = 1 - 0.95^12 = 0.459640 (O11)."""
    g = Game(length=1000, start=500, horizon=12, p_advance=np.full((2, 1), 0.5), cost_a=np.full((2, 1), 0.01),
             cost_b=np.full(1, 0.01), discount=(1.0, 1.0), talks=0.05)
    assert forward(solve(g)).settled_within(12) == pytest.approx(0.459640, abs=1e-6)


def test_screening_threshold_in_the_solver():
    """O8 one-round version: B (uninformed) proposes; type 0 (strong) has war value 0.4, type 1 (weak)
    0.2; B's war value is 0.45 against the strong type and, say, 0.7 against the weak one (then B's
    screening value mu_weak*0.8 + mu_strong*0.45 is what matters, as the weak type accepts 0.2).
    Threshold on P(weak) = 3/7: at P(weak) = 0.40 B makes the settling offer 0.4, at 0.46 it screens
    with 0.2. Encoded as outside options per type through a one-battle lottery with zero costs:
    strong wins with 0.4, weak with 0.2 (B's war value vs strong 1 - 0.4 = 0.6 is too high, so we set
    B's cost 0.15 against both: 0.45 vs strong, 0.65 vs weak)."""
    for p_weak, offer in ((0.40, 0.4), (0.46, 0.2)):
        g = Game(length=2, start=1, horizon=1, p_advance=np.array([[0.4], [0.2]]), cost_a=np.zeros((2, 1)),
                 cost_b=np.array([0.15]), discount=(1.0, 1.0), proposer_a=0.0, prior=1 - p_weak, belief_points=101)
        sol = solve(g)
        j = int(round((1 - p_weak) * 100))
        assert sol.policy["x_b"][0, 1, 0, j] == pytest.approx(offer)


@pytest.mark.parametrize("path,war", [([0.7, 0.5], True), ([0.7, 0.65], False)])
def test_powell_commitment_problem_in_the_flow_game(path, war):
    """O3: the flow game's backward induction attacks iff d W_B(t+1) - W_B(t) > c_A + c_B; margin
    W_A(t) - (1/(1-d) - d W_B(t+1)) = 1.55 - 1 = 0.55 (war) and 0.2 - 1 = -0.8 (peace)."""
    sol = solve_flow_game(path, 0.9, 0.5, 0.5)
    assert bool(sol.war[0]) is war
    assert sol.war_margin == pytest.approx(0.55 if war else -0.8)


@pytest.mark.parametrize("rho,viable", [(0.01, True), (0.05, False), (0.08, False)])
def test_ceasefire_test_in_the_flow_game(rho, viable):
    """O9: a 3-round ceasefire (rounds 1-2 locked, Ukraine's odds up rho a round, Russia = A with 0.55);
    Russia accepts iff d^3 W_U(t+3) - W_U(t) <= 0.6: shifts -0.7264, 1.3313, 2.8746. When the shift is
    negative Ukraine's war value binds today, Russia's peace value is 1/(1-d) - W_U(t) and its margin
    W_R(t) - that = -(c_R + c_U) = -0.6; otherwise Russia takes the whole flow and the margin is the
    shift minus 0.6. So margins -0.6, 0.7313, 2.2746."""
    path = [0.55 - k * rho for k in range(4)]
    sol = solve_flow_game(path, 0.95, 0.3, 0.3, locked=[False, True, True, False])
    assert (not sol.war[0]) is viable
    expected = max({0.01: -0.7264, 0.05: 1.3313, 0.08: 2.8746}[rho], 0.0) - 0.6
    assert sol.war_margin == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_numba_kernel_equals_numpy_reference(seed):
    """The compiled kernel and the numpy reference are two codings of the same recursion: values and
    outcome probabilities agree to rounding on random two-type, two-regime games (no oracle needed:
    this checks the fast path against the readable one, both checked above against closed forms)."""
    rng = np.random.default_rng(seed)
    g = Game(length=int(rng.integers(4, 12)), start=3, horizon=int(rng.integers(5, 20)),
             p_advance=rng.uniform(0.3, 0.7, (2, 2)), cost_a=rng.uniform(0, 0.05, (2, 2)),
             cost_b=rng.uniform(0, 0.05, 2), discount=tuple(rng.uniform(0.9, 1.0, 2)), talks=float(rng.uniform()),
             proposer_a=float(rng.uniform()), regime_switch=np.array([[0.9, 0.1], [0.0, 1.0]]), prior=0.4,
             regime0=(1.0, 0.0), belief_points=9)
    a, b = solve(g, backend="numpy"), solve(g, backend="numba")
    assert np.allclose(a.value_a, b.value_a, atol=1e-12) and np.allclose(a.value_b, b.value_b, atol=1e-12)
    fa = forward(a, 0.7, 0.4, backend="numpy", third_parties=((0.5, 0.99),))
    fb = forward(b, 0.7, 0.4, backend="numba", third_parties=((0.5, 0.99),))
    for name in ("settled", "a_wins", "b_wins", "quit", "frozen", "third_party_settlement"):
        assert np.allclose(getattr(fa, name), getattr(fb, name), atol=1e-12), name
    assert fa.terms_sum == pytest.approx(fb.terms_sum, abs=1e-12)
    total = fb.settled.sum() + fb.a_wins.sum() + fb.b_wins.sum() + fb.quit.sum() + fb.frozen.sum()
    assert total == pytest.approx(1.0, abs=1e-9)


def test_simulated_wars_match_the_forward_pass_and_the_gamblers_ruin():
    """Sampling paths under the solved game's policy: with no talks it is the gambler's ruin (5 of 10,
    A advances with 0.45: P(A wins) = 0.268283, E[rounds] = 23.1717, Feller 1968), and with talks and
    two types its settlement frequency agrees with the forward pass within 4 standard errors."""
    from detente.models.war.simulate import simulate_game

    ruin = solve(Game(length=10, start=5, horizon=2000, p_advance=np.full((2, 1), 0.45), cost_a=np.zeros((2, 1)),
                      cost_b=np.zeros(1), discount=(1.0, 1.0), talks=0.0))
    wars = simulate_game(ruin, 20_000, np.random.default_rng(4))
    n = len(wars)
    assert abs((wars["winner"] == "A").mean() - 0.268283) < 4 * np.sqrt(0.268283 * 0.731717 / n)
    assert abs(wars["duration"].mean() - 23.1717) < 4 * wars["duration"].std() / np.sqrt(n)
    g = Game(length=8, start=4, horizon=24, p_advance=np.array([[0.6, 0.7], [0.45, 0.55]]),
             cost_a=np.full((2, 2), 0.01), cost_b=np.array([0.02, 0.03]), discount=(0.98, 0.98), talks=0.2,
             regime_switch=np.array([[0.95, 0.05], [0.0, 1.0]]), regime0=(1.0, 0.0), prior=0.5, belief_points=9)
    sol = solve(g)
    expected = forward(sol, true_type=0.5, belief=0.5).settled.sum()
    wars = simulate_game(sol, 20_000, np.random.default_rng(5), true_type=0.5, belief=0.5)
    assert abs(wars["settled"].mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / len(wars))


def test_incomplete_information_solver_is_exact_when_the_type_is_known():
    """Tier check: with B certain of A's type (belief 1, a grid end that Bayes' rule keeps fixed), the
    belief-grid solver must give type 0 exactly the complete-information values of a game in which both
    types are type 0 (the grid's departure from a PBE vanishes at certainty)."""
    two = Game(length=8, start=4, horizon=15, p_advance=np.array([[0.6, 0.7], [0.4, 0.5]]),
               cost_a=np.array([[0.01, 0.01], [0.03, 0.03]]), cost_b=np.array([0.02, 0.03]), discount=(0.97, 0.98),
               talks=0.3, proposer_a=0.4, regime_switch=np.array([[0.9, 0.1], [0.0, 1.0]]), regime0=(1.0, 0.0),
               prior=0.5, belief_points=11)
    known = Game(**{**two.__dict__, "p_advance": np.array([[0.6, 0.7], [0.6, 0.7]]),
                    "cost_a": np.array([[0.01, 0.01], [0.01, 0.01]]), "prior": 1.0})
    va_two, vb_two = solve(two).start_values_by_type(belief=1.0)
    va_known, vb_known = solve(known).start_values_by_type(belief=1.0)
    assert va_two[0] == pytest.approx(va_known[0], abs=1e-12)
    assert vb_two[0] == pytest.approx(vb_known[0], abs=1e-12)
