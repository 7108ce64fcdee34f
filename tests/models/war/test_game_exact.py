"""Exact values of the bargaining-and-war literature, each reproduced THROUGH the dynamic solver.

Every test builds a degenerate game (one issue, so A's utility is its share ``x`` and B's ``1 - x``)
and reads the number off :func:`solve` / :func:`outcomes`, not off a closed-form helper. The
expected values are the papers' and the project notes' (shared/notes/war.md O1-O12, war2.md
O13-O17), each computed there twice by hand; O13's is Fudenberg & Tirole's PBE, derived in its test (war2.md's
0.3875 is the restricted game's). Stock units: a flow model's values times ``1 - d``.
Both backends are run where the game is small; long horizons and fine belief grids run on the compiled
backend (the numpy reference costs O(months x grid^2) there: 3 s per O7 case, 17 s for O8's grid), which
test_game_kernel.py checks against the numpy reference.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.models.war import closed_forms as cf
from detente.models.war.bargaining import war_values
from detente.models.war.forward import outcomes
from detente.models.war.gamedef import bayes, make_game
from detente.models.war.solution import solve

BACKENDS = ["numpy", "numba"]


def _one_battle(**kw):
    """One month of war from the middle of a 3-state front: A takes the stake with its advance probability."""
    return make_game(1, 3, 1, **kw)


@pytest.mark.parametrize("backend", BACKENDS)
def test_o1_fearon_range_is_the_two_proposers_offers(backend):
    """O1, Fearon (1995) p. 387: p = 0.6, c_A = 0.1, c_B = 0.15 -> deals both prefer to war: [0.50, 0.75].
    Through the solver: the war values are 0.5 / 0.25, A proposing takes 0.75, B proposing leaves A 0.5."""
    base = dict(advance=0.6, cost_a=(0.1, 0.1), cost_b=0.15)
    w = war_values(_one_battle(**base))[0, :2, 0, 1, 0]
    assert w == pytest.approx([0.5, 0.25])
    for pa, x in ((1.0, 0.75), (0.0, 0.5)):
        sol = solve(_one_battle(proposer_a=pa, **base), backend)
        assert sol.values(0.5)["A"] == pytest.approx([x, x])
        assert outcomes(sol, 0.5, 0.5).settled_by[0] == pytest.approx(1.0)


@pytest.mark.parametrize("cost_b, offer, p_war", [(0.1, 0.70, 1 / 3), (0.4, 0.60, 0.0)])
def test_o2_risk_return_tradeoff_two_types(cost_b, offer, p_war):
    """O2, Fearon (1995) p. 395: the uninformed proposer (here B, winning with 0.6, cost c1 = 0.1 or
    0.4) faces a responder of unknown cost. O2's cost is uniform on [0, 0.3]; the game has two types,
    so this is the two-point responder (cost 0 w.p. 1/3, 0.1 w.p. 2/3) whose CDF agrees with the
    uniform at both candidate demands (p + 0 and p + 0.1 = O2's optimum): same demand 0.70 and
    P(war) = 1/3; with c1 = 0.4 the demand 0.60 and no war (both as in O2). The continuum of types
    itself is checked against the closed form in tests/models/war/test_closed_forms.py."""
    game = _one_battle(advance=0.4, cost_a=(0.1, 0.0), cost_b=cost_b, proposer_a=0.0, belief_points=4)
    sol = solve(game, "numpy")
    out = outcomes(sol, 1 / 3, 1 / 3)
    assert 1 - sol.policy["x_b"][0, 1, 0, 1] == pytest.approx(offer)
    assert 1 - out.settled_by[0] == pytest.approx(p_war)


@pytest.mark.parametrize("p_next, war", [(0.5, True), (0.65, False)])
def test_o3_shifting_power_through_enforcement(p_next, war):
    """O3, Powell (2006): d = 0.9, costs 0.5/0.5, p_A 0.7 -> 0.5: shift 1.55 > 1, war; 0.7 -> 0.65:
    0.20 < 1, peace. In stock units (x 0.1) B's gain from reneging is the shift and each side's cost
    0.05: the solver keeps a deal off the table iff the gain exceeds the joint cost."""
    shift = cf.powell_war(0.7, p_next, 0.9, 0.5, 0.5)[1]
    assert shift == pytest.approx(1.55 if war else 0.2)
    game = _one_battle(advance=0.7, cost_a=(0.05, 0.05), cost_b=0.05, proposer_a=1.0, enforce=(0.0, 0.1 * shift))
    assert outcomes(solve(game, "numpy"), 0.5, 0.5).settled_by[0] == pytest.approx(0.0 if war else 1.0)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("p_next, settles", [(0.5, (1.0, 0.0)), (0.65, (1.0, 1.0))])
def test_o3_commitment_problem_by_type_with_one_gain(backend, p_next, settles):
    """O3 (Powell 2006: war iff d W_B(t+1) - W_B(t) > c_A + c_B; d = 0.9, p_A 0.7 -> 0.5: shift 1.55,
    0.7 -> 0.65: 0.20) with A's cost of war by type, the reneging gain the SAME for both types and split
    evenly between the sides, as COW's fitted enforce is (S3-K): a type with O3's costs 0.5/0.5 (here the
    stalling type) has 1.55 > 1.0, no deal; a type whose war costs it 1.5 has 1.55 < 2.0, a deal. At the
    shift 0.20 both deal. So one gain makes a commitment problem for the cheap-war type only (the two kinds
    of war of the COW fit). Stock units (x 0.1); A proposes; P(settled in the round) per type."""
    shift = cf.powell_war(0.7, p_next, 0.9, 0.5, 0.5)[1]
    gain = 0.1 * shift / 2
    game = _one_battle(advance=0.7, cost_a=(0.15, 0.05), cost_b=0.05, proposer_a=1.0, enforce=(gain, gain))
    out = outcomes(solve(game, backend), 0.5, 0.5)
    assert out.settled_by_type[:, 0] == pytest.approx(settles)


@pytest.mark.parametrize("w_b, share", [(None, 0.714286), (0.1, 0.714286), (0.4, 0.6)])
def test_o4_rubinstein_with_outside_option(w_b, share):
    """O4: Rubinstein (1982), discounts 0.9 (first proposer A) / 0.8: (1 - 0.8)/(1 - 0.72) = 0.714286;
    B's outside option 0.1 is slack, 0.4 binds: 0.6 (Binmore, Shaked & Sutton 1989). Alternating
    proposers over 300 months, frozen front, disagreement worth 0: the truncation moves the value by
    about 0.72^150 (< 1e-20). As in BSS only the responder may opt out, after rejecting: B's option is
    open in the months A proposes (in the war game quitting is capitulation, open to both)."""
    T = 300
    a_proposes = np.arange(T) % 2 == 0
    quit_b = np.stack([np.zeros(T), np.where(a_proposes, w_b or 0.0, 0.0)], axis=1)
    game = make_game(T, 3, 1, advance=0.0, retreat=0.0, discount=(0.9, 0.8), proposer_a=a_proposes,
                     terminal=0.0, terminal_b=0.0, quit_a=(0.0, 0.0), quit_b=quit_b, belief_points=2)
    assert solve(game, "numpy").values(0.5)["A"] == pytest.approx([share, share], abs=1e-6)


@pytest.mark.parametrize("d_b, offer", [(0.9, 0.55), (0.5, 0.70)])
def test_o5_two_rounds_with_war_as_outside_option(d_b, offer):
    """O5 (derived, war.md): p = 0.6, c = 0.1/0.1: x* = 1 - max(d_B(1 - p + c_A), 1 - p - c_B):
    0.55 (d_B = 0.9), 0.70 (d_B = 0.5). A proposes in month 0, B in month 1; either may go to war,
    the lottery worth 0.5 / 0.3 (its quit option), which is also the value after month 1."""
    game = make_game(2, 3, 1, advance=0.0, retreat=0.0, discount=(1.0, d_b), proposer_a=[1.0, 0.0], terminal=0.5,
                     terminal_b=0.3, quit_a=(0.5, 0.3), quit_b=(0.5, 0.3), belief_points=2)
    sol = solve(game, "numpy")
    assert sol.policy["x_a"][0, 1, 0, 0] == pytest.approx(offer)
    assert sol.values(0.5)["A"] == pytest.approx([offer, offer])


def test_o6_battle_bayes_through_the_front_update():
    """O6 (Filson & Werner 2002, eq. 3): prior 0.5, the front advances with 0.7 (stalling) vs 0.4,
    3 advances in 4 months: 0.728238. The game's own update (its move table, bayes) month by month."""
    game = make_game(4, 9, 4, advance=(0.4, 0.7))
    up, down = list(game.offsets).index(1), list(game.offsets).index(-1)
    mu = 0.5
    for t, e in enumerate((up, up, down, up)):
        mu = bayes(mu, game.move[t, 1, 0, e], game.move[t, 0, 0, e])
    assert float(mu) == pytest.approx(0.728238, abs=1e-6)


@pytest.mark.parametrize("start, length, p, win, rounds", [(5, 10, 0.5, 0.5, 25.0), (3, 10, 0.55, 0.522536, 22.253641),
                                                          (7, 20, 0.45, 0.056580, 58.684062)])
def test_o7_gamblers_ruin_through_the_front(start, length, p, win, rounds):
    """O7 (Smith & Stam 2004; Feller 1968 ch. XIV): no talks, the front walks to a barrier. Horizon
    1,500 months: the mass still fighting then is below 1e-11. Compiled backend (a long horizon)."""
    game = make_game(1500, length + 1, start, advance=p, talks=0.0, belief_points=2)
    out = outcomes(solve(game, "numba"), 0.5, 0.5)
    assert out.won_a_by[-1] == pytest.approx(win, abs=1e-6)
    assert 1 + (1 - out.ended_by[:-1]).sum() == pytest.approx(rounds, abs=1e-5)


@pytest.mark.parametrize("backend, points", [("numba", 1001), ("numpy", 141)])
def test_o8_screening_threshold_and_learning(backend, points):
    """O8 (derived, myopic Slantchev 2003): war values strong 0.4 / weak 0.2, B's war value vs strong
    0.45: B screens iff P(weak) > 3/7. Beliefs from prior 0.6 weak, B winning 0.7 vs weak / 0.4 vs
    strong, outcomes W, L, L: 0.724138, 0.567568, 0.396226 -> B switches to the settling (pooling)
    offer at round 3. One-round game, B proposes; strong = stalling (k = 1). The threshold is pinned to
    the grid's step: 1/1000 on the compiled backend, 1/140 (4/7 on the grid, then skipped as the tie) on
    the numpy reference; the three beliefs are read at the nearest grid point (all > 0.03 from 4/7)."""
    game = make_game(1, 3, 1, advance=(0.3, 0.5), cost_a=(0.1, 0.1), cost_b=0.05, proposer_a=0.0,
                     belief_points=points)
    choice = solve(game, backend).policy["b_choice"][0, 1, 0]
    grid = np.linspace(0, 1, points)
    assert np.all(choice[(grid > 0) & (grid < 4 / 7 - 1e-9)] == 1) and np.all(choice[grid > 4 / 7 + 1e-9] == 0)
    walk = make_game(3, 7, 3, advance=(0.3, 0.6))  # the uninformed side wins 0.7 vs weak, 0.4 vs strong
    up, down = list(walk.offsets).index(1), list(walk.offsets).index(-1)
    strong, seen = 0.4, []
    for t, e in enumerate((down, up, up)):  # B wins (A retreats), then B loses twice
        strong = float(bayes(strong, walk.move[t, 1, 0, e], walk.move[t, 0, 0, e]))
        seen.append(1 - strong)
    assert seen == pytest.approx([0.724138, 0.567568, 0.396226], abs=1e-6)
    assert [choice[int(round((points - 1) * (1 - w)))] for w in seen] == [1, 1, 0]


@pytest.mark.parametrize("rho, viable", [(0.01, True), (0.05, False), (0.08, False)])
def test_o9_ceasefire_viability_through_enforcement(rho, viable):
    """O9 (derived, Powell 2006 with Lavrov's rearmament): p_R = 0.55, L = 3, costs 0.3/0.3, d = 0.95:
    margin -0.7264 (viable), 1.3313, 2.8746 (not). Ukraine's gain from rearming during the pause,
    d^L W_U(t+L) - W_U(t), is B's gain from reneging; in stock units (x 0.05) the solver puts the
    pause on the table iff the gain is at most the joint cost."""
    shift = cf.ceasefire_viable_margin(0.55, 3, 0.3, 0.3, 0.95, rho) + 0.6  # the helper subtracts the costs
    assert shift == pytest.approx({0.01: -0.7264, 0.05: 1.3313, 0.08: 2.8746}[rho], abs=1e-4)
    game = _one_battle(advance=0.55, cost_a=(0.015, 0.015), cost_b=0.015, proposer_a=1.0, enforce=(0.0, 0.05 * shift))
    assert outcomes(solve(game, "numpy"), 0.5, 0.5).settled_by[0] == pytest.approx(1.0 if viable else 0.0)


def test_o10_signal_posterior_by_the_games_bayes_rule():
    """O10: prior 0.4 serious, a low-level delegation sent with 0.3 (serious) / 0.9 (stalling):
    P(serious | low) = 0.181818."""
    assert 1 - float(bayes(0.6, 0.9, 0.3)) == pytest.approx(0.181818, abs=1e-6)


def test_o11_constant_hazard_from_talks_rate():
    """O11: a binding round each month with probability 0.05, every offer accepted (complete
    information, a deal beats the frozen line for both): P(settled within 12) = 0.459640, expected
    20 rounds. Horizon 1,500: the unsettled mass then is 0.95^1500 ~ 5e-34. Compiled backend (a long horizon)."""
    game = make_game(1500, 3, 1, advance=0.0, retreat=0.0, talks=0.05, cost_a=(0.01, 0.01), cost_b=0.01,
                     discount=(0.99, 0.99), terminal=0.5, belief_points=2)
    out = outcomes(solve(game, "numba"), 0.5, 0.5)
    assert out.settled_by[11] == pytest.approx(0.459640, abs=1e-6)
    assert 1 + (1 - out.settled_by[:-1]).sum() == pytest.approx(20.0, abs=1e-6)


def _o12_value(q: float) -> float:
    """Russia's value of war: one battle, win 0.45 with US support / 0.65 without (belief q), cost 1,
    d = 0.9: in stock units cost 0.1. Support as two levels of the game's support chain."""
    game = make_game(1, 3, 1, advance=[[0.45, 0.65], [0.45, 0.65]], cost_a=(0.1, 0.1), talks=0.0,
                     support_switch=np.eye(2), support0=(1 - q, q), belief_points=2)
    return float(solve(game, "numpy").values(0.5)["A"][0])


@pytest.mark.parametrize("q, missed", [(0.5, 0.5), (0.9, 0.0)])
def test_o12_missed_opportunity_through_support_levels(q, missed):
    """O12: settling at x = 0.5 (5 in flow units) vs fighting: missed 0.5 at q = 0.5, 0 at q = 0.9."""
    war = _o12_value(q) * 10
    assert max(5.0, war) - war == pytest.approx(missed, abs=1e-9)


def test_o12_break_even_belief():
    """O12: the break-even belief q where fighting is worth the settlement: 0.75 (bisection on the solver)."""
    lo, hi = 0.0, 1.0
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if _o12_value(mid) < 0.5 else (lo, mid)
    assert lo == pytest.approx(0.75, abs=1e-9)


def _o13_game():
    """Fudenberg & Tirole's two-period sale as a war game (see :func:`test_o13_two_period_screening`)."""
    game = make_game(2, 3, 1, advance=0.0, retreat=0.0, discount=(0.85, 0.85), proposer_a=0.0, terminal=1.0,
                     quit_a=(-10.0, 1.0), quit_b=(1.0, -10.0), belief_points=21)
    cost = game.cost.copy()
    cost[:, 0, 0] = np.array([0.15 * 0.65, 0.65])[:, None]  # the serious (high-value) type, by month
    cost[:, 0, 1] = 0.0
    cost[:, 1] = np.array([-0.0975, 0.2])[:, None, None]  # B, by month
    return game.with_(cost=cost)


@pytest.mark.parametrize("backend", BACKENDS)
def test_o13_two_period_screening(backend):
    """O13, Fudenberg & Tirole (1991) sec. 10.2 (two-period bargaining, one-sided incomplete information): a
    seller (B) offers p1 then p2 to a buyer (A) of value vH = 1 or vL = 0.35, prior P(H) = 0.6, both
    discounting at d = 0.85; no trade is worth 0 to both.

    The PBE, derived here. In period 2 at posterior m = P(H) the seller asks vH if m > vL / vH = 0.35, vL if
    m < 0.35, and is indifferent at 0.35. In period 1 three offers can be best:
    - pool at vL (everyone buys): pi = 0.35;
    - pure screen: p1 = vH - d (vH - vL) = 0.4475 makes H indifferent to waiting for p2 = vL, L waits:
      pi = 0.4475 P + d 0.35 (1 - P) = 0.2975 + 0.15 P (0.3875 at P = 0.6: war2.md's O13, the best PURE
      screen, i.e. the answer of the game restricted to pooling and pure screening);
    - semi-separating: p1 = vH = 1 and H buys with probability 1 - x such that the posterior after a refusal
      is exactly vL / vH, P x / (P x + 1 - P) = 0.35, where the seller asks vH (its indifference belief; any
      chance of vL would make H strictly prefer waiting), L never buys: pi = P (1 - x) + d P x =
      P - (1 - d) vL (1 - P) / (vH - vL) = 1.080769 P - 0.080769. At P = 0.6: x = 0.14 / 0.39 = 0.358974,
      1 - x = 0.641026, pi = 0.567692.
    The semi-separating offer beats the pure screen iff P >= 0.378269 / 0.930769 = 0.4064 and the pure screen
    beats the pool iff P >= 0.35: the PBE pools below 0.35 (P = 0.3: pi = 0.35), screens purely on
    [0.35, 0.4064] (P = 0.4: pi = 0.3575, the semi-separating 0.3515) and is semi-separating above.

    As a war game (one issue, A's utility x, B's 1 - x, the frozen line worth F = 1 to A, no front move, B
    proposes, capitulation ruled out): A's types pay a monthly cost of war c_k^t, the stalling type (L)
    nothing, the serious type (H) 0.0975 in month 0 and 0.65 in month 1, and B -0.0975 then 0.2. Then each
    side's gain from a deal x in month t over fighting to the horizon is FT's payoff: type k's is
    d^t x + sum_{s >= t} d^s c_k^s - d^2 F = d^t (v_k - p_t) with p_0 = 1.0725 - x, p_1 = 1.2 - x (for L
    directly; H adds c^0 + d c^1 = 0.65 = vH - vL in month 0 and d c^1 = d 0.65 in month 1), and B's is
    d^t p_t, so pi = V_B + 0.0725 (B's value of fighting to the horizon is -0.0725). The cost must vary by
    month: with a constant one a type's cost of delay (c_k) and of never agreeing (c_k (1 + d)) cannot both
    be proportional to v_H - v_L, and the outcome "L never agrees" of the semi-separating PBE would not map.
    B's posterior after a refusal is P(stalling) = 0.65, a grid point of the 21-point grid, where B in month
    1 is indifferent and screens (the tie rule of :func:`~detente.models.war.bargaining._choose`).
    """
    sol = solve(_o13_game(), backend)
    pol = sol.policy
    to_pi = lambda mu: float((1 - mu) * sol.values(mu)["B"][0] + mu * sol.values(mu)["B"][1] + 0.0725)  # noqa: E731
    x = 0.14 / 0.39
    # semi-separating at P(H) = 0.6 (B's belief P(stalling) 0.4, grid point 8)
    assert to_pi(0.4) == pytest.approx(0.6 * (1 - x) + 0.85 * 0.6 * x, abs=1e-12)
    assert to_pi(0.4) == pytest.approx(0.567692, abs=1e-6)
    assert pol["b_choice"][0, 1, 0, 8] == 1 and pol["b_post"][0, 1, 0, 8] == pytest.approx(0.65, abs=1e-12)
    assert pol["b_accepted"][0, :, 1, 0, 8] == pytest.approx([1 - x, 0.0], abs=1e-12)
    assert pol["b_accepted"][0, 0, 1, 0, 8] == pytest.approx(0.641026, abs=1e-6)
    assert 1.0725 - pol["x_b"][0, 1, 0, 8] == pytest.approx(1.0, abs=1e-12)  # p1 = vH
    out = outcomes(sol, 0.4, 0.4)
    assert out.settled_by_type[0, :2] == pytest.approx([1 - x, 1.0], abs=1e-12)  # H buys in month 1 the rest
    assert out.settled_by_type[1, :2] == pytest.approx([0.0, 0.0], abs=1e-12)  # L never buys
    assert out.belief_mean[1] == pytest.approx(0.65, abs=1e-12)
    # the pure screen at P(H) = 0.4 and the pool at P(H) = 0.3, the restricted game's answers there
    assert to_pi(0.6) == pytest.approx(0.2975 + 0.15 * 0.4, abs=1e-12)
    assert pol["b_choice"][0, 1, 0, 12] == 1 and pol["b_post"][0, 1, 0, 12] == 1.0
    assert pol["b_accepted"][0, :, 1, 0, 12] == pytest.approx([1.0, 0.0], abs=1e-12)
    assert to_pi(0.7) == pytest.approx(0.35, abs=1e-12) and pol["b_choice"][0, 1, 0, 14] == 0
    # by prior: semi-separating below P(stalling) 1 - 0.4064, pure screen to 0.65, pool above
    grid, choice, post = sol.grid, pol["b_choice"][0, 1, 0], pol["b_post"][0, 1, 0]
    semi = (grid > 0) & (grid < 1 - 0.4064)
    assert np.all(choice[semi] == 1) and np.allclose(post[semi], 0.65, atol=1e-12)
    pure = (grid > 1 - 0.4064) & (grid < 0.65 + 1e-9)
    assert np.all(choice[pure] == 1) and np.all(post[pure] == 1.0)
    assert np.all(choice[grid > 0.65 + 1e-9] == 0)


def test_o16_two_kinds_of_war_conditioned_on_age():
    """O16: weights 0.6 / 0.4 on monthly end hazards 0.3 / 0.031, a war aged 39 months: P(slow) =
    0.999995, P(ends within 12 more months) = 0.314696. The kinds are A's types; the war ends when
    the front reaches B's barrier (retreat probability = the hazard), B learns from 39 months of no
    end by the game's Bayes rule, and the forward pass from that belief gives the 12 months."""
    game = make_game(12, 3, 1, advance=0.0, retreat=(0.3, 0.031), talks=0.0, belief_points=2)
    stay = list(game.offsets).index(0)
    slow = 0.4
    for _ in range(39):
        slow = float(bayes(slow, game.move[0, 1, 0, stay], game.move[0, 0, 0, stay]))
    assert slow == pytest.approx(0.999995, abs=1e-6)
    out = outcomes(solve(game, "numpy"), slow, slow)
    assert out.won_b_by[11] == pytest.approx(0.314696, abs=1e-6)


def test_o17_front_moves_by_the_record_through_the_forward_pass():
    """O17: a month of the walk from the node moves the line by m = 318.7 km2 on average with sd 176.3
    (the DeepState record 2024-05..2025-04), whatever the step in the feasible range."""
    from detente.models.war.front import step_distribution

    step = 400.0
    d = step_distribution(318.7, 176.3, step)
    probs = np.zeros(3)
    probs[:] = d.probs
    game = make_game(1, 11, 5, advance=probs[2], retreat=probs[0], talks=0.0, belief_points=2)
    game = game.with_(km2=np.arange(11) * step)
    out = outcomes(solve(game, "numpy"), 0.5, 0.5)
    assert out.front_mean_km2[1] - out.front_mean_km2[0] == pytest.approx(318.7, abs=1e-9)
    assert out.front_sd_km2[1] == pytest.approx(176.3, abs=1e-9)


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_r1_pool_at_a_degenerate_belief_is_refused_by_the_absent_type(backend):
    """Review R1 (REVIEW.md, referee's one-round check /tmp/rev/probe2.py): one month, A's serious type
    pays 0.2 a month of war, the stalling type nothing; the front's one step decides (advance 0.5), so
    the stalling type's war value is 0.5 (a fair coin over the whole stake). At B's belief 0 B prices its
    pool for the serious type (0.3); the stalling type, believed absent, refuses it and fights: its value
    is its war value 0.5 at every belief, not the 0.3 of a deal it would never accept."""
    game = make_game(1, 3, 1, advance=0.5, cost_a=(0.2, 0.0), cost_b=0.05, proposer_a=0)
    sol = solve(game, backend)
    assert sol.value0[0, 1, 1, 0, 0] == pytest.approx(0.5, abs=1e-12)
    assert np.allclose(sol.value0[0, 1, 1, 0, :], 0.5, atol=1e-12)
    assert sol.value0[0, 0, 1, 0, 0] == pytest.approx(0.3, abs=1e-12)  # the serious type takes the pool
    assert not sol.policy["b_accepted"][0, 1, 1, 0, 0]


def test_r5_refused_pool_is_read_as_the_stalling_type():
    """Review R5 (lead's decision): after a rejected pooling offer B believes the rejecter is the stalling
    type (the D1 belief, Cho & Kreps 1987: the stalling type gains from rejecting whenever the serious type
    does), so B's pool must pay each type its value of rejecting *when taken for the stalling type*. One
    stage by hand, on the one-issue frontier (A gets x, B 1 - x): A's continuation values rise in B's
    belief (serious 0.3 -> 0.5, stalling 0.4 -> 0.7); with no reneging floors the pool at every interior
    belief is max(0.5, 0.7) = 0.7 (under passive beliefs it would have been 0.4 + 0.3 mu), B's value 0.3
    where it pools (mu >= 2/3; below, screening the stalling type out pays B (1 - mu) 0.5 + mu 0.2)."""
    from detente.models.war.bargaining import b_proposes

    game = make_game(1, 3, 1, belief_points=11)
    grid = np.linspace(0, 1, 11)
    Xf = np.zeros((2, 2, 1, 1, 11))
    Xf[0, 0, 0, 0], Xf[0, 1, 0, 0] = 0.3 + 0.2 * grid, 0.4 + 0.3 * grid
    Xf[1] = 0.2  # B's continuation: a pool at 0.7 (B gets 0.3) beats fighting on
    W = np.full((2, 2, 1, 1), -1.0)
    values, choice, x_b, accepted, _ = b_proposes(game, Xf, W, grid)
    # B pools where 0.3 beats screening the stalling type out, (1 - mu) 0.5 + mu 0.2, i.e. mu >= 2/3
    inner = slice(7, 10)
    assert np.all(choice[0, 0, inner] == 0) and np.all(choice[0, 0, 1:6] == 1)
    assert np.allclose(x_b[0, 0, inner], 0.7, atol=1e-12)
    assert np.allclose(values[1, :, 0, 0, inner], 0.3, atol=1e-12) and accepted[:, 0, 0, inner].all()


def _pause_then_battle(p: float, length: int, rho: float, d: float, cost: float, ceasefire: bool):
    """A war as the game builds it (:func:`detente.models.war.game._steps`): a 3-state front on which one battle
    decides (A advances with ``p``: a walk of step 1 with drift 2p - 1 and no lazy step); an accepted ceasefire
    pauses the front for ``length`` months at no cost and B rearms ``rearm_b_km2`` = 2 rho km2 a month of pause,
    so the drift after it is 2p - 1 - 2 length rho and A's advance p - length rho (the sd set so that the walk
    still has no lazy step). Both sides' cost of the battle ``cost`` (flow units; stock: x (1 - d))."""
    from types import SimpleNamespace

    from detente.models.war.game import NodeMoves, _steps

    L = length if ceasefire else 0
    drift = 2 * p - 1
    after = drift - L * 2 * rho
    spec = SimpleNamespace(ceasefire=SimpleNamespace(length=length))
    params = {"ceasefire.rearm_a_km2": 0.0, "ceasefire.rearm_b_km2": 2 * rho, "types.drift_bonus": 0.0,
              "types.prior_stalling": 0.5, "support.levels.maintain.drift": drift,
              "support.levels.maintain.sd": float(np.sqrt(1 - after ** 2))}
    offsets, move = _steps(spec, params, ("maintain",), L + 1, NodeMoves(ceasefire=ceasefire), 1.0)
    charge = np.zeros((L + 1, 2, 2, 1))
    charge[L] = cost * (1 - d)  # the battle's month; the pause costs nothing
    game = make_game(L + 1, 3, 1, talks=0.0, discount=(d, d))
    assert list(offsets) == list(game.offsets)
    # Powell's W = p / (1 - d) - c counts the prize from the battle's own round; the game's month discounts what
    # follows it once, so the prize (the whole stake, 1 in stock units) is 1 / d at the front's ends
    ends = dict(end_low=np.array([0.0, 1 / d]), end_high=np.array([1 / d, 0.0]))
    return game.with_(move=move, cost=charge, **ends).check()


def _b_gain_from_the_shift(p, length, rho, d, cost) -> float:
    """d^L W_B(t + L) - W_B(t) from the solver's war values (month 0, B, either type, the middle state), in flow
    units (/ (1 - d))."""
    later = war_values(_pause_then_battle(p, length, rho, d, cost, True))[0, 1, 0, 1, 0]
    now = war_values(_pause_then_battle(p, length, rho, d, cost, False))[0, 1, 0, 1, 0]
    return (later - now) / (1 - d)


@pytest.mark.parametrize("rho, margin", [(0.01, -0.7264), (0.05, 1.3313), (0.08, 2.8746)])
def test_o9_rearmament_during_a_pause_through_the_games_ceasefire(rho, margin):
    """O9 (derived, Powell 2006 with Lavrov's rearmament; war.md): p_R = 0.55, L = 3, costs 0.3/0.3, d = 0.95,
    Ukraine rearming rho a round: d^L W_U(t + L) - W_U(t) = -0.7264 (0.01), 1.3313 (0.05), 2.8746 (0.08), with
    W_U = (1 - p_R)/(1 - d) - c_U; the pause is viable iff it is at most c_R + c_U = 0.6. Here both war values
    come from the solver, on the games the war model builds for an accepted ceasefire and for none (the pause,
    the drift shift after it); the test above feeds the same margin to the solver as B's reneging gain."""
    gain = _b_gain_from_the_shift(0.55, 3, rho, 0.95, 0.3)
    assert gain == pytest.approx(margin, abs=1e-4)
    assert (gain <= 0.6) == (rho == 0.01)


@pytest.mark.parametrize("p_next, shift", [(0.5, 1.55), (0.65, 0.20)])
def test_o3_shifting_power_from_the_solvers_war_values(p_next, shift):
    """O3, Powell (2006): d = 0.9, costs 0.5/0.5, p_A 0.7 -> 0.5: d W_B(t + 1) - W_B(t) = 1.55 > 1, war; 0.7 ->
    0.65: 0.20 < 1, peace. Both war values from the solver: a one-month pause after which A's chance has
    fallen by 0.2 (0.05), as the game builds a shift of power (B rearming during the month)."""
    assert _b_gain_from_the_shift(0.7, 1, 0.7 - p_next, 0.9, 0.5) == pytest.approx(shift, abs=1e-9)
