"""Baselines on DEU III reproduce the figures measured independently in shared/data/README.md
(copy: tests/fixtures/reference-data-README.md; "Baselines measured here", 2026-11-25): mean absolute
error against `out` over the 351 issues with an outcome and >= 3 actors with position and salience.
Tolerance +/- 0.01 as the issue asks (the README prints 4 decimals)."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.datasets import reference_path
from detente.io import deu3


@pytest.fixture(scope="module")
def scenarios():
    return deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"))


def _mae(scs, model, **params):
    m = detente.models.get(model, **params)
    return float(np.mean([abs(m.forecast(sc).values[sc.issue_names[0]] - sc.issues[0].outcome) for sc in scs]))


@pytest.mark.parametrize("model, params, expected", [
    ("mean", {}, 23.6411),                       # (a) salience-weighted mean (equal capabilities)
    ("mean", {"weights": "equal"}, 23.6274),     # (b) unweighted mean, same actors
    ("median", {"weights": "equal"}, 28.3689),   # median of positions
])
def test_baseline_mae_on_351_issues(scenarios, model, params, expected):
    assert _mae(scenarios, model, **params) == pytest.approx(expected, abs=0.01)


def test_gdp_weighted_mean(scenarios):
    gdp = deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"), capability="gdp")
    assert _mae(gdp, "mean") == pytest.approx(23.2085, abs=0.01)


def test_time_split_2005(scenarios):
    """From 2005 (140 issues): salience-weighted mean 23.7567, unweighted 23.8299."""
    late = [sc for sc in scenarios if sc.issues[0].metadata["year"] >= 2005]
    assert len(late) == 140
    assert _mae(late, "mean") == pytest.approx(23.7567, abs=0.01)
    assert _mae(late, "mean", weights="equal") == pytest.approx(23.8299, abs=0.01)


def test_reference_point_and_commission_alone(scenarios):
    """rp as the forecast: 51.3135 over the 252 issues that have one."""
    with_rp = [sc for sc in scenarios if sc.issues[0].status_quo is not None]
    assert len(with_rp) == 252
    mae = np.mean([abs(sc.issues[0].status_quo - sc.issues[0].outcome) for sc in with_rp])
    assert mae == pytest.approx(51.3135, abs=0.01)
