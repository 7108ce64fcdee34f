"""The war game's own durations against COW (detente.analysis.war.strategic).

Oracles: the first-passage distribution of a lazy walk, computed here by pushing its distribution
forward (apart from the game's solver); the geometric law's memorylessness; and detente war-history's
own scores of its baselines (detente.analysis.war.history), which the check must reproduce exactly,
since it uses the same folds, seeds and scores.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.analysis.war import strategic as st


def _lazy_first_passage(states: int, step: float, horizon: int) -> np.ndarray:
    mass = np.zeros(states)
    mass[states // 2] = 1.0
    pmf = np.zeros(horizon)
    for t in range(horizon):
        nxt = (1 - 2 * step) * mass
        nxt[1:] += step * mass[:-1]
        nxt[:-1] += step * mass[1:]
        pmf[t] = nxt[0] + nxt[-1]
        nxt[0] = nxt[-1] = 0.0
        mass = nxt
    return pmf


def test_without_talks_or_costs_a_war_ends_when_the_front_reaches_an_end():
    horizon = 40
    got = st.duration_pmf(rate=0.0, cost=0.0, horizon=horizon, states=7)
    want = _lazy_first_passage(7, st.ADVANCE, horizon)
    assert got[:-1] == pytest.approx(want[:-1], abs=1e-9)
    assert got[-1] == pytest.approx(1.0 - want[:-1].sum(), abs=1e-9)  # the line freezes at the horizon


def test_p_end_within_is_memoryless_for_a_geometric_law():
    h, t = 0.08, np.arange(1, 400)
    pmf = (1 - h) ** (t - 1) * h
    assert st.p_end_within(pmf, 39) == pytest.approx(1 - (1 - h) ** 12)


def test_fit_game_takes_the_likeliest_grid_point():
    t = np.arange(1, 61)
    table = {(h, 0.0, 11): (1 - h) ** (t - 1) * h for h in (0.05, 0.2, 0.5)}
    months = np.array([1, 2, 3, 4, 5, 6, 8, 10])  # mean 4.9: the geometric MLE is about 0.2
    fit = st.fit_game(months, table)
    assert (fit.rate, fit.n) == (0.2, 8)
    assert fit.loglik == pytest.approx(np.log(table[(0.2, 0.0, 11)][months - 1]).sum())


@pytest.mark.slow
def test_baselines_are_scored_exactly_as_war_history_scores_them():
    from detente.analysis.war.history import war_history

    table = {(r, 0.0, 11): st.duration_pmf(r, 0.0, 124, 11) for r in (0.1, 0.3)}
    out = st.strategic_check(table=table)
    summary = war_history().summary
    for key in ("geometric_log_score", "mixture_log_score", "mixture_ks_pvalue", "temporal_geometric_log_score",
                "temporal_mixture_log_score", "temporal_geometric_ks_pvalue"):
        assert out[key] == pytest.approx(summary[key], rel=1e-12)
    assert out["wars"] == summary["wars"] and len(out["fold_fits"]) == 5
