"""The stacked forecast: no peeking at later issues, grouped CV keeps proposals whole, conformal coverage."""

from __future__ import annotations

import numpy as np
import pytest

from analysis_helpers import with_later_outcomes_changed
from detente.analysis import stacking
from detente.analysis.backtest import run_backtest
from detente.analysis.stacking import conformal_halfwidth, lad_fit
from detente.datasets import reference_path
from detente.io import deu3

MODELS = "mean,median,compromise,nash_conflict"


@pytest.fixture(scope="module")
def scenarios():
    return deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"))


@pytest.fixture(scope="module")
def backtest(scenarios):
    """The backtest of MODELS with the stacked forecast (5 folds), run once for the two tests that read it,
    with every fit of the stacked forecast recorded by a spy (the groups it was fitted on; the spy only
    records, so the run is the plain one): (backtest, [groups of each fit, in order])."""
    calls = []
    original = stacking.StackedForecast.fit

    def spy(self, X, y, groups):
        calls.append(set(groups))
        return original(self, X, y, groups)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stacking.StackedForecast, "fit", spy)
        bt = run_backtest(scenarios, MODELS, split_year=2005, stack=True, folds=5)
    return bt, calls


def test_no_later_issue_is_used_in_fitting_or_tuning(scenarios, backtest):
    """Changing every outcome from 2005 on changes nothing that was fitted or tuned: the weights, the ridge
    penalty chosen by the inner CV, its CV scores and the interval half-widths; hence the forecasts of the
    2005+ issues are the same too (only their errors change)."""
    a = backtest[0]
    b = run_backtest(with_later_outcomes_changed(scenarios, 2005), MODELS, split_year=2005, stack=True)
    fa, fb = a.fits["stacked"], b.fits["stacked"]
    assert fa["train_issues"] == 211
    assert fa["coef"] == fb["coef"] and fa["ridge"] == fb["ridge"] and fa["inner_cv_mae"] == fb["inner_cv_mae"]
    assert fa["anchor"] == fb["anchor"]  # the model the weights shrink towards is chosen on training issues too
    assert fa["halfwidth"] == fb["halfwidth"]
    cols = ["model", "issue", "forecast", "low", "high"]
    assert a.forecasts[cols].equals(b.forecasts[cols])
    changed = a.forecasts["split"] == "test"
    assert not np.allclose(a.forecasts.loc[changed, "error"], b.forecasts.loc[changed, "error"])


def test_grouped_cv_never_fits_on_a_proposal_it_scores(scenarios, backtest):
    """Every fit of the CV sees only proposals outside the fold it then forecasts (recorded by a spy)."""
    bt, calls = backtest
    train_fit, cv_fits = calls[0], calls[1:]
    years = {sc.issues[0].metadata["prnr"]: sc.issues[0].metadata["year"] for sc in scenarios}
    assert all(years[p] < 2005 for p in train_fit)
    cv = bt.cv[bt.cv["model"] == "stacked"]
    folds = [set(part["prnr"]) for _, part in cv.groupby("fold", sort=True)]
    assert len(cv_fits) == len(folds) == 5
    for fitted, scored in zip(cv_fits, folds):
        assert not fitted & scored
    assert cv.groupby("prnr")["fold"].nunique().max() == 1
    assert len(cv) == 351


def test_lad_recovers_a_line_despite_outliers():
    """y = 2 + 3x exactly on 40 points, plus 5 gross outliers: least absolute deviations returns (2, 3)
    (the LAD line passes through the uncontaminated majority; Koenker & Bassett 1978)."""
    x = np.linspace(0, 10, 45)
    y = 2 + 3 * x
    y[::9] += 500
    assert lad_fit(x[:, None], y) == pytest.approx([2.0, 3.0], abs=1e-3)


def test_split_conformal_coverage_on_exchangeable_errors():
    """For exchangeable residuals the split-conformal interval covers with probability in
    [1 - alpha, 1 - alpha + 1/(n + 1)] (Lei et al. 2018, Theorem 2.2). n = 199, alpha = 0.2: [0.8, 0.805];
    averaged over 400 seeded calibration sets, each scored on 2,000 new draws."""
    rng = np.random.default_rng(np.random.SeedSequence(7))
    cover = []
    for _ in range(400):
        h = conformal_halfwidth(rng.standard_t(3, 199))
        cover.append(np.mean(np.abs(rng.standard_t(3, 2000)) <= h))
    assert 0.795 <= np.mean(cover) <= 0.81
    assert conformal_halfwidth(np.arange(3.0)) == float("inf")  # ceil(0.8 * 4) = 4 > 3 residuals
