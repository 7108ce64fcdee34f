"""The procedural model and the Council geometry against hand-derived results (derivations in each docstring)."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.models.council import AMSTERDAM_QMV, acceptable, pivots, shapley_shubik


def _eu_issue(members, *, com=None, ep=None, rp=None, proc="CNS", vote="QMV", year=1999, capability=None):
    actors = [{"name": f"m{k}", "capability": (capability or {}).get(k, 1.0)} for k in range(len(members))]
    positions = [{"actor": f"m{k}", "issue": "x", "position": p, "salience": 0.5} for k, p in enumerate(members)]
    for name, value in (("com", com), ("ep", ep)):
        if value is not None:
            actors.append({"name": name})
            positions.append({"actor": name, "issue": "x", "position": value, "salience": 0.5})
    issue = {"name": "x", "metadata": {"proc": proc, "counvte": vote, "year": year}}
    if rp is not None:
        issue["status_quo"] = rp
    return detente.scenario_from_dict({"name": "eu", "actors": actors, "issues": [issue], "positions": positions})


def _forecast(sc, **params):
    return detente.models.get("procedural", **params).forecast(sc).issues[0].forecast


def test_pivots_and_win_set():
    """Five equal members at 0, 20, 40, 60, 80; QMV 62/87 = 0.7126 needs 4 of 5 (3.56 rounded up).

    p_right: the rightmost point with 4 members at or right of it = 20; p_left = 60. With q = 0, a move
    right to y passes when the 4 members right of (0 + y)/2 agree: (0 + y)/2 <= 20, y <= 40 (Steunenberg 1994).
    """
    x = np.array([0.0, 20, 40, 60, 80])
    assert pivots(x, np.ones(5), AMSTERDAM_QMV) == (20.0, 60.0)
    assert acceptable(0.0, 20.0, 60.0) == (0.0, 40.0)
    assert pivots(x, np.ones(5), 1.0) == (0.0, 80.0)  # unanimity: the extreme members pivot


def test_consultation_commission_gets_the_edge_of_the_win_set():
    """CNS, members 0..80, Commission at 100, q = 0: the Commission proposes the point of the win set [0, 40]
    nearest 100, which no unanimous Council can amend (it lies within [0, 80]): 40."""
    assert _forecast(_eu_issue([0, 20, 40, 60, 80], com=100, rp=0)) == pytest.approx(40.0)


def test_unanimity_locks_in_the_status_quo_held_by_a_member():
    """Unanimity with a member at q = 0: that member vetoes every move, so the outcome is q (Tsebelis 2002)."""
    assert _forecast(_eu_issue([0, 20, 40, 60, 80], com=100, rp=0, vote="Unan")) == pytest.approx(0.0)
    # members 10..80: the pivot is the member at 10, who accepts up to 2 * 10 - 0 = 20
    assert _forecast(_eu_issue([10, 20, 40, 60, 80], com=100, rp=0, vote="Unan")) == pytest.approx(20.0)


def test_codecision_nash_bargain_within_the_joint_win_set():
    """COD, members 0..80, EP at 100, q = 0. The Council pivot nearest the EP is k = clip(100, 20, 60) = 60;
    eq. (2) gives x* = (60 + 100 + (60 - 100)) / 2 = 60, but the Council accepts only up to 2 * 20 - 0 = 40,
    so the outcome is 40. Without q: the midpoint of k and e, (60 + 100) / 2 = 80."""
    assert _forecast(_eu_issue([0, 20, 40, 60, 80], ep=100, rp=0, proc="COD")) == pytest.approx(40.0)
    assert _forecast(_eu_issue([0, 20, 40, 60, 80], ep=100, proc="COD")) == pytest.approx(80.0)


def test_codecision_nash_bargain_interior():
    """COD, members 40, 50, 60 (QMV needs all 3 of 3: 2/3 < 0.7126), EP at 80, q = 100.

    p_right = 40, p_left = 60; k = clip(80, 40, 60) = 60; d_k = 40, d_e = 20; x* = (60 + 80 + (40 - 20)) / 2
    = 80, clipped to the segment [60, 80] -> 80; the Council's win set of 100 reaches down to
    2 * 60 - 100 = 20 and the EP's to 60, so 80 stands."""
    assert _forecast(_eu_issue([40, 50, 60], ep=80, rp=100, proc="COD")) == pytest.approx(80.0)


def test_rule_parameter_overrides_metadata():
    sc = _eu_issue([0, 20, 40, 60, 80], com=100, rp=0, vote="QMV")
    assert _forecast(sc, rule="unanimity") == pytest.approx(0.0)
    with pytest.raises(ValueError, match="rule must be one of"):
        detente.models.get("procedural", rule="majority")


def test_shapley_shubik_closed_form():
    """Weights 50, 49, 1 and quota 51: of the 6 orders, the 50-voter is pivotal in 4 (BAC, BCA, CAB, CBA),
    the others in one each: (2/3, 1/6, 1/6) (Shapley & Shubik 1954)."""
    assert shapley_shubik(np.array([50.0, 49, 1]), 0.51) == pytest.approx([2 / 3, 1 / 6, 1 / 6])


def test_shapley_shubik_eu15_amsterdam_published():
    """The EU-15 Council under QMV (62 of 87 votes): Shapley-Shubik indices as published in the voting-power
    literature (e.g. Felsenthal & Machover 1998, *The Measurement of Voting Power*; Laruelle & Widgren 1998,
    *Public Choice* 94): 11.67% for each 10-vote state, 9.55% (8), 5.52% (5), 4.54% (4), 3.53% (3), 2.07% (2)."""
    votes = np.array([10, 10, 10, 10, 8, 5, 5, 5, 5, 4, 4, 3, 3, 3, 2], dtype=float)
    phi = shapley_shubik(votes, AMSTERDAM_QMV)
    published = {10: 0.1167, 8: 0.0955, 5: 0.0552, 4: 0.0454, 3: 0.0353, 2: 0.0207}
    for v, expected in published.items():
        assert phi[votes == v] == pytest.approx(expected, abs=1e-4)
