"""The closed forms of detente.models.war.closed_forms against exact values worked out by hand.

Every expected number below is derived by hand in the test's docstring, in
the set-up of the paper the docstring names (Fearon 1995; Powell 2006;
Rubinstein 1982; Binmore, Shaked & Sutton 1989; Feller 1968; Filson & Werner
2002; Slantchev 2003; Powell 2004), never copied from our output. The o1-o12
in the test names only number the cases.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.models.war import closed_forms as cf


def test_o1_fearon_range():
    """Fearon (1995, p. 387): A prefers x to war iff x >= p - c_A = 0.6 - 0.1 = 0.5; B iff
    1 - x >= 1 - p - c_B, i.e. x <= p + c_B = 0.75. Range [0.5, 0.75]."""
    assert cf.fearon_range(0.6, 0.1, 0.15) == pytest.approx((0.5, 0.75))


def test_o2_risk_return_offer():
    """Fearon (1995, p. 395). B accepts x iff c_B >= x - p, c_B ~ U[0, 0.3]. With y = x - p,
    EU_A = (p + y)(1 - y/0.3) + (p - c_A) y/0.3; dEU/dy = 1 - (2y + c_A)/0.3 = 0 gives
    y = (0.3 - c_A)/2 = 0.1: offer 0.7, P(war) = P(c_B < 0.1) = 1/3. With c_A = 0.4, y* < 0:
    corner y = 0, offer 0.6, P(war) = 0."""
    assert cf.risk_return_offer(0.6, 0.1, 0.3) == pytest.approx((0.7, 1 / 3))
    assert cf.risk_return_offer(0.6, 0.4, 0.3) == pytest.approx((0.6, 0.0))


def test_o3_powell_condition_both_sides():
    """Powell (2006): W_B(t) = (1 - p_A,t)/(1 - d) - c_B. d = 0.9, costs 0.5.
    p_A 0.7 -> 0.5: W_B = 0.3/0.1 - 0.5 = 2.5, W_B(t+1) = 0.5/0.1 - 0.5 = 4.5,
    0.9 * 4.5 - 2.5 = 1.55 > 1: war. p_A 0.7 -> 0.65: W_B(t+1) = 3.0, 2.7 - 2.5 = 0.2 < 1: peace."""
    war, shift = cf.powell_war(0.7, 0.5, 0.9, 0.5, 0.5)
    assert war and shift == pytest.approx(1.55)
    war, shift = cf.powell_war(0.7, 0.65, 0.9, 0.5, 0.5)
    assert not war and shift == pytest.approx(0.20)


def test_o4_rubinstein_and_outside_options():
    """Rubinstein (1982): share (1 - d2)/(1 - d1 d2) = 0.2/0.28 = 0.714286. Outside-option principle
    (Binmore, Shaked & Sutton 1989): responder's share 0.285714 > 0.1, option slack: 0.714286;
    0.4 > 0.285714 binds: 1 - 0.4 = 0.6."""
    assert cf.rubinstein_share(0.9, 0.8) == pytest.approx(0.714286, abs=1e-6)
    assert cf.rubinstein_outside_option(0.9, 0.8, 0.1) == pytest.approx(0.714286, abs=1e-6)
    assert cf.rubinstein_outside_option(0.9, 0.8, 0.4) == pytest.approx(0.6)


def test_o5_two_rounds_with_war_as_outside_option():
    """Backward induction in a two-round alternating-offers game (Rubinstein 1982, truncated after round 2)
    with war as each side's outside option (Fearon 1995: A's war value p - c_A, B's 1 - p - c_B); p = 0.6,
    c_A = c_B = 0.1. Round 2: B proposes, A accepts iff share >= p - c_A = 0.5, B keeps 0.5 (= 1 - p + c_A).
    Round 1: B needs max(d_B * 0.5, 1 - p - c_B = 0.3): d_B = 0.9 -> 0.45, offer 0.55;
    d_B = 0.5 -> 0.3, offer 0.70."""
    assert cf.two_round_offer(0.6, 0.1, 0.1, 0.9) == pytest.approx(0.55)
    assert cf.two_round_offer(0.6, 0.1, 0.1, 0.5) == pytest.approx(0.70)


def test_o6_battle_bayes_and_issue_posterior():
    """Bayes' rule on binomial likelihoods (Filson & Werner 2002, AJPS 46(4), eq. 3), 3 wins in 4 battles,
    prior 0.5, win probability 0.7 for the type and 0.4 for the other: 0.5*0.7^3*0.3 / (0.5*0.7^3*0.3 + 0.5*0.4^3*0.6) = 0.1029/0.1413 = 0.728238.
    Beta(2,2) prior: (2+3)/(4+4) = 0.625. Issue: 0.6^3*0.4/(0.6^3*0.4 + 0.4^3*0.6) = 0.0864/0.1248 = 0.692308."""
    assert cf.battle_posterior(0.5, 0.7, 0.4, 3, 4) == pytest.approx(0.728238, abs=1e-6)
    assert cf.beta_posterior_mean(2, 2, 3, 4) == pytest.approx(0.625)
    assert cf.battle_posterior(0.5, 0.6, 0.4, 3, 4) == pytest.approx(0.692308, abs=1e-6)


@pytest.mark.parametrize("start,length,p,win,rounds", [
    (5, 10, 0.5, 0.5, 25.0),
    (3, 10, 0.55, 0.522536, 22.253641),
    (7, 20, 0.45, 0.056580, 58.684062),
    (5, 10, 0.45, 0.268283, 23.1717),  # B advances with 0.45: worked in full in the docstring
])
def test_o7_gamblers_ruin(start, length, p, win, rounds):
    """Feller (1968, XIV.2-3): r = q/p, P = (1 - r^k)/(1 - r^N), E[T] = k/(q-p) - N/(q-p) P;
    p = 1/2: k/N and k(N - k). (5,10,0.5): 5/10 = 0.5, 5*5 = 25. (5,10,0.45): r = 11/9, r^5 = 2.72741,
    r^10 = 7.43878, P = 1.72741/6.43878 = 0.268283, E[T] = 50 - 100 * 0.268283 = 23.1717.
    (3,10,0.55): r = 9/11, r^3 = 0.547708, r^10 = 0.134431, P = 0.452292/0.865569 = 0.522536,
    E[T] = 3/(-0.1) - 10/(-0.1) P = -30 + 52.2536 = 22.2536. (7,20,0.45): r = 11/9, r^7 = 4.07428,
    r^20 = 55.3355, P = 3.07428/54.3355 = 0.056580, E[T] = 70 - 200 * 0.056580 = 58.684."""
    got_win, got_rounds = cf.gamblers_ruin(start, length, p)
    assert got_win == pytest.approx(win, abs=1e-6)
    assert got_rounds == pytest.approx(rounds, abs=1e-4)


def test_o7_gamblers_ruin_by_simulation():
    """The same (5, 10, 0.45) walk simulated 20,000 times: within 4 standard errors of 0.268283
    and 23.1717 (sd of a Bernoulli 0.443; sd of the duration about 18, so se about 0.13)."""
    wars = cf.simulate_wars({"start": 5, "length": 10, "p": 0.45}, 20_000, np.random.default_rng(20250516))
    n = len(wars)
    share = float((wars["winner"] == "A").mean())
    assert abs(share - 0.268283) < 4 * np.sqrt(0.268283 * 0.731717 / n)
    assert abs(wars["duration"].mean() - 23.1717) < 4 * wars["duration"].std() / np.sqrt(n)
    assert not wars["settled"].any()


def test_o8_screening_threshold_and_switch_round():
    """Myopic one-round screening in the set-up of Slantchev (2003, APSR 97(4)) and Powell (2004, AJPS 48(2)):
    strong type's war value 0.4, weak's 0.2, the uninformed side's war value against the strong 0.45.
    Settling offer keeps 1 - 0.4 = 0.6; screening gives mu*(1 - 0.2) + (1 - mu)*0.45; equal at
    mu = 0.15/0.35 = 3/7. Prior 0.6 weak; U wins a battle with 0.7 vs weak, 0.4 vs strong (Bayes, as in o6);
    W: 0.6*0.7/(0.6*0.7 + 0.4*0.4) = 0.42/0.58
    = 0.724138; L: 0.217241/0.382759 = 0.567568; L: 0.170270/0.429730 = 0.396226 < 3/7: the settling
    offer from round 3 on (rounds 1-2 stay above the threshold)."""
    threshold = cf.screening_threshold(0.4, 0.2, 0.45)
    assert threshold == pytest.approx(3 / 7)
    mu, path = 0.6, []
    for outcome in "WLLW":
        mu = cf.battle_posterior(mu, 0.7 if outcome == "W" else 0.3, 0.4 if outcome == "W" else 0.6, 1, 1)
        path.append(mu)
    assert path[2] == pytest.approx(0.396226, abs=1e-6)
    assert [m > threshold for m in path[:3]] == [True, True, False]


def test_o9_ceasefire_test():
    """Powell's (2006, IO 60(1)) commitment condition of o3 over an L = 3 round pause in which U's win
    probability rises by rho a round: d^L W_U(t+L) - W_U(t), W_U = p_U/(1-d) - 0.3 (war as a costly
    lottery), d = 0.95, p_U = 0.45 + rho L, d^3 = 0.857375, W_U(t) = 0.45/0.05 - 0.3 = 8.7:
    rho 0.01: p_U = 0.48, 0.857375*9.3 - 8.7 = -0.7264; 0.05: p_U = 0.6, 0.857375*11.7 - 8.7 = 1.3313;
    0.08: p_U = 0.69, 0.857375*13.5 - 8.7 = 2.8746. Viable iff <= c_R + c_U = 0.6."""
    for rho, value, viable in ((0.01, -0.7264, True), (0.05, 1.3313, False), (0.08, 2.8746, False)):
        margin = cf.ceasefire_viable_margin(0.55, 3, 0.3, 0.3, 0.95, rho)
        assert margin + 0.6 == pytest.approx(value, abs=1e-4)
        assert (margin <= 0) is viable


def test_o10_signal_posteriors():
    """Bayes' rule on one signal, P(type | s) = mu a / (mu a + (1 - mu) b): prior 0.4, a = 0.3, b = 0.9:
    0.4*0.3/(0.4*0.3 + 0.6*0.9) = 0.12/0.66 = 0.181818; prior 0.3, a = 0.9, b = 0.4:
    0.3*0.9/(0.27 + 0.7*0.4) = 0.27/0.55 = 0.490909."""
    assert cf.signal_posterior(0.4, 0.3, 0.9) == pytest.approx(0.181818, abs=1e-6)
    assert cf.signal_posterior(0.3, 0.9, 0.4) == pytest.approx(0.490909, abs=1e-6)


def test_o11_settlement_hazard():
    """Geometric law of a constant hazard: with a settlement hazard h = 0.05 a round, P(T > t) = (1 - h)^t, so
    P(settled within 12) = 1 - 0.95^12 = 1 - 0.540360 = 0.459640; E[T] = sum_t t h (1 - h)^(t-1) = 1/h = 20."""
    assert cf.settlement_within(0.05, 12) == pytest.approx(0.459640, abs=1e-6)
    assert cf.expected_settlement_round(0.05) == pytest.approx(20.0)


def test_o12_missed_opportunity_and_break_even():
    """War as a costly lottery (Powell 2006): W = p/(1-d) - c with d = 0.9, c = 1 and
    p = q*0.65 + (1 - q)*0.45 under belief q that support is withdrawn; missed opportunity = max(S, W) - W.
    Settling at 0.5 is worth 0.5/0.1 = 5. q = 0.5: p = 0.55, W = 5.5 - 1 = 4.5, missed 0.5;
    q = 0.9: p = 0.63, W = 5.3 > 5, fighting is best, missed 0. Break-even: 10 p - 1 = 5, p = 0.6,
    q = (0.6 - 0.45)/0.2 = 0.75."""
    assert cf.missed_opportunity_fight(0.5, 0.45, 0.65, 1.0, 0.9, 0.5) == pytest.approx(0.5)
    assert cf.missed_opportunity_fight(0.5, 0.45, 0.65, 1.0, 0.9, 0.9) == pytest.approx(0.0)
    assert cf.break_even_withdrawal_belief(0.5, 0.45, 0.65, 1.0, 0.9) == pytest.approx(0.75)


def test_settlement_hazard_simulated():
    """With a hazard 0.05 and a front far from both barriers, P(settled within 12) ~ 1 - 0.95^12 = 0.459640
    (o11), within 4 binomial standard errors of 10,000 seeded wars."""
    wars = cf.simulate_wars({"start": 500, "length": 1000, "p": 0.5, "hazard": 0.05, "max_rounds": 12},
                            10_000, np.random.default_rng(6))
    assert abs(wars["settled"].mean() - 0.459640) < 4 * np.sqrt(0.46 * 0.54 / 10_000)
