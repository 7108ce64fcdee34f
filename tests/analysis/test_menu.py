"""The menu forecast (detente.analysis.menu): its distribution, its fit, and no peeking at later issues.

Expected values come from closed forms (softmax probabilities, the truncated
Laplace median), from the parameters that generated simulated data, or from
the DEU III data themselves; none is copied from detente's output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import check_grad

from analysis_helpers import deu3_kept_raw, with_later_outcomes_changed
from detente.analysis import menu as menu_module
from detente.analysis.backtest import held_positions, run_backtest
from detente.analysis.menu import MenuModel, menu_of
from detente.datasets import reference_path
from detente.io import deu3

MODELS = "mean,median,nash_conflict"


@pytest.fixture(scope="module")
def scenarios():
    return deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"))


@pytest.fixture(scope="module")
def backtest(scenarios):
    """The backtest of MODELS with the stacked and menu forecasts (5 folds), run once for the three tests that
    read it, with every fit of the menu forecast recorded by a spy (the groups it was fitted on; the spy
    only records, so the run is the plain one): (backtest, [groups of each fit, in order])."""
    calls = []
    original = menu_module.MenuForecast.fit

    def spy(self, X, positions, y, groups):
        calls.append(set(groups))
        return original(self, X, positions, y, groups)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(menu_module.MenuForecast, "fit", spy)
        bt = run_backtest(scenarios, MODELS, split_year=2005, stack=True, folds=5)
    return bt, calls


def _model(beta_d, beta_m, alpha, b):
    model = MenuModel()
    model.theta = np.array([beta_d, beta_m, alpha, math.log(b)])
    return model


def test_menu_holds_distinct_positions_and_midpoints_in_order():
    m = menu_of([np.array([100.0, 0.0, 40.0, 40.0]), np.array([30.0])])
    assert m.points[0].tolist() == [0.0, 20.0, 40.0, 70.0, 100.0]
    assert m.midpoint[0].tolist() == [False, True, False, True, False]
    assert m.points[1, 0] == 30.0 and np.isnan(m.points[1, 1:]).all()
    assert menu_of([np.array([0.0, 50.0])], midpoints=False).points.tolist() == [[0.0, 50.0]]


def test_option_probabilities_are_the_conditional_logit_closed_form():
    """Options 0 and 100, anchor 30, no midpoints, "none of these" at alpha = 0: McFadden's logit gives
    p(0) = e^{0.3 beta} / (e^{0.3 beta} + e^{0.7 beta} + 1)."""
    beta = -3.0
    p = _model(beta, 0.0, 0.0, 10.0).probabilities(menu_of([np.array([0.0, 100.0])], False), np.array([30.0]))
    denominator = math.exp(0.3 * beta) + math.exp(0.7 * beta) + 1.0
    assert p[0].tolist() == pytest.approx([math.exp(0.3 * beta) / denominator, math.exp(0.7 * beta) / denominator,
                                           1.0 / denominator])


def test_median_of_two_options_without_a_continuous_part_is_the_likelier_option():
    """alpha -> -inf leaves two point masses, p(0) = 1 / (1 + e^{0.4 beta}) > 1/2 for beta < 0 and anchor 30:
    the median is 0 and any quantile above p(0) is 100."""
    model = _model(-3.0, 0.0, -60.0, 10.0)
    menu, anchor = menu_of([np.array([0.0, 100.0])], False), np.array([30.0])
    p0 = 1 / (1 + math.exp(0.4 * -3.0))
    assert model.median(menu, anchor)[0] == 0.0
    assert model.quantile(menu, anchor, p0 - 1e-6)[0] == 0.0
    assert model.quantile(menu, anchor, p0 + 1e-6)[0] == 100.0


def test_median_of_the_continuous_part_alone_is_the_truncated_laplace_median():
    """With every option improbable the median solves Phi(m) = (Phi(0) + Phi(100)) / 2 for the Laplace CDF
    Phi centred at a = 20 with b = 10: Phi(0) = e^{-2}/2, Phi(100) = 1 - e^{-8}/2, and as the middle exceeds
    1/2, m = a - b ln(2 (1 - middle))."""
    model = _model(0.0, 0.0, 60.0, 10.0)
    middle = (math.exp(-2) / 2 + 1 - math.exp(-8) / 2) / 2
    expected = 20 - 10 * math.log(2 * (1 - middle))
    assert model.median(menu_of([np.array([0.0, 100.0])], False), np.array([20.0]))[0] == pytest.approx(expected,
                                                                                                         abs=1e-9)


def test_quantiles_invert_the_distribution_function():
    """The exact quantile equals inf{t: F(t) >= q} read off a 0.001-point grid of the mixture's CDF."""
    rng = np.random.default_rng(3)
    positions = [rng.choice([0.0, 20.0, 50.0, 70.0, 100.0], size=rng.integers(2, 6)) for _ in range(25)]
    menu, anchor = menu_of(positions), rng.uniform(0, 100, 25)
    model = _model(-2.5, -1.5, -0.4, 25.0)
    grid = np.arange(100_001) / 1000
    p = model.probabilities(menu, anchor)
    continuous = model._continuous(anchor)[0](np.broadcast_to(grid, (25, len(grid))))
    for q in (0.0, 0.1, 0.33, 0.5, 0.9, 1.0):
        exact = model.quantile(menu, anchor, q)
        for i in range(25):
            F = p[i, -1] * continuous[i] + sum(p[i, k] * (grid >= menu.points[i, k])
                                               for k in np.flatnonzero(menu.valid[i]))
            assert exact[i] == pytest.approx(grid[np.argmax(F >= q - 1e-12)], abs=1e-3)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    positions = [rng.choice([0.0, 20.0, 50.0, 70.0, 100.0], size=rng.integers(2, 6)) for _ in range(40)]
    y = np.array([rng.choice(p) if rng.random() < 0.6 else rng.uniform(0, 100) for p in positions])
    model = MenuModel()
    data = model.observe(menu_of(positions), rng.uniform(0, 100, 40), y)
    for theta in ([0.0, 0.0, 0.0, math.log(15)], [-2.0, -1.0, 0.5, math.log(30)], [-5.0, 1.0, -1.0, math.log(3)]):
        error = check_grad(lambda t: model.log_likelihood(t, data)[0], lambda t: model.log_likelihood(t, data)[1],
                           np.array(theta))
        assert error < 1e-4


def _simulate(theta, n, rng):
    """Outcomes drawn from eq. (2) with known parameters."""
    positions = [rng.choice(np.arange(0.0, 101.0, 10.0), size=rng.integers(2, 7), replace=False) for _ in range(n)]
    anchor = rng.uniform(0, 100, n)
    model = MenuModel()
    model.theta = np.asarray(theta)
    menu = menu_of(positions)
    p = model.probabilities(menu, anchor)
    y = np.empty(n)
    for i in range(n):
        k = rng.choice(p.shape[1], p=p[i])
        if k == p.shape[1] - 1:
            while True:  # the truncated Laplace by rejection
                draw = rng.laplace(anchor[i], math.exp(theta[3]))
                if 0 <= draw <= 100:
                    break
            y[i] = draw
        else:
            y[i] = menu.points[i, k]
    return menu, anchor, y


def test_maximum_likelihood_recovers_the_generating_parameters():
    """4,000 issues drawn from (2) with theta = (-3, -1.5, -0.5, log 20): the fit is within 3 standard
    errors (0.35, 0.25, 0.15, 0.15; the spread over repeated draws is about 0.1) of the truth."""
    truth = np.array([-3.0, -1.5, -0.5, math.log(20.0)])
    menu, anchor, y = _simulate(truth, 4000, np.random.default_rng(7))
    fitted = MenuModel().fit(menu, anchor, y).theta
    assert np.all(np.abs(fitted - truth) < [0.35, 0.25, 0.15, 0.15]), fitted


def _outcomes_on_a_held_position_in_the_raw_file() -> int:
    """Counted on the raw file without detente's reader: the outcomes within 0.5 of a position held."""
    _, pos, held, out = deu3_kept_raw()
    assert len(out) == 351  # the data README's count of kept issues
    return sum(int(np.min(np.abs(p[h] - o)) < 0.5) for p, h, o in zip(pos, held, out))


def test_deu_outcomes_mostly_sit_on_a_held_position(scenarios):
    """The premise, from the data alone: 223 of the 351 outcomes (63.5%) equal a position some actor held.

    Expected: the same count made on the raw file without detente's reader
    (:func:`_outcomes_on_a_held_position_in_the_raw_file`), which gives 223."""
    held = held_positions(scenarios)
    on = sum(np.min(np.abs(held[sc.issue_names[0]] - sc.issues[0].outcome)) < 0.5 for sc in scenarios)
    assert on == _outcomes_on_a_held_position_in_the_raw_file() == 223


def test_no_later_issue_is_used_in_fitting_or_tuning(scenarios, backtest):
    """Changing every outcome from 2005 on changes nothing the menu forecast fitted or chose (parameters,
    anchor, menu, inner CV scores, interval reach), hence none of its forecasts or intervals."""
    a = backtest[0]
    b = run_backtest(with_later_outcomes_changed(scenarios, 2005), MODELS, split_year=2005, stack=True)
    assert a.fits["menu"] == b.fits["menu"]
    assert a.fits["menu"]["train_issues"] == 211
    cols = ["issue", "forecast", "low", "high"]
    ma, mb = (bt.forecasts[bt.forecasts["model"] == "menu"][cols].reset_index(drop=True) for bt in (a, b))
    assert ma.equals(mb)


def test_grouped_cv_never_fits_on_a_proposal_it_scores(scenarios, backtest):
    bt, calls = backtest
    years = {sc.issues[0].metadata["prnr"]: sc.issues[0].metadata["year"] for sc in scenarios}
    assert all(years[p] < 2005 for p in calls[0])
    cv = bt.cv[bt.cv["model"] == "menu"]
    folds = [set(part["prnr"]) for _, part in cv.groupby("fold", sort=True)]
    assert len(calls[1:]) == len(folds) == 5 and len(cv) == 351
    for fitted, scored in zip(calls[1:], folds):
        assert not fitted & scored


def test_menu_beats_the_weighted_mean_out_of_sample(backtest):
    """The claim of docs/explanation/accuracy.md, checked against the mean's error on the same 140 issues
    (23.7567, the data README's figure)."""
    bt = backtest[0]
    test = {r["model"]: r for r in bt.results() if r["split"] == "test"}
    assert test["mean"]["mae"] == pytest.approx(23.7567, abs=0.01)
    assert test["menu"]["mae"] < test["mean"]["mae"] - 2
    assert 0.7 < test["menu"]["coverage80"] < 0.95
