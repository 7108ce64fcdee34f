"""The procedural compromise model against hand-computed weighted means (derivations in each docstring)."""

from __future__ import annotations

import pytest

import detente


def _issue(members, saliences, *, com=None, ep=None, proc="COD", vote="QMV", capability=None):
    actors = [{"name": f"m{k}", "capability": (capability or [1.0] * len(members))[k]} for k in range(len(members))]
    positions = [{"actor": f"m{k}", "issue": "x", "position": p, "salience": s}
                 for k, (p, s) in enumerate(zip(members, saliences))]
    for name, value in (("com", com), ("ep", ep)):
        if value is not None:
            actors.append({"name": name})
            positions.append({"actor": name, "issue": "x", "position": value[0], "salience": value[1]})
    issue = {"name": "x", "metadata": {"proc": proc, "counvte": vote, "year": 1999}}
    return detente.scenario_from_dict({"name": "eu", "actors": actors, "issues": [issue], "positions": positions})


def _forecast(sc, **params):
    return detente.models.get("compromise", **params).forecast(sc).issues[0].forecast


def test_codecision_and_consultation_weights():
    """Two equal members (power 1/2 each) at 0 and 100, salience 1; Commission at 50 (salience 1, weight 1);
    Parliament at 100 (salience 0.5, weight 1). COD, eq. (1): (0.5*0 + 0.5*100 + 1*50 + 0.5*100) /
    (0.5 + 0.5 + 1 + 0.5) = 150 / 2.5 = 60. CNS drops the Parliament: (50 + 50) / 2 = 50."""
    args = dict(com=(50, 1.0), ep=(100, 0.5))
    assert _forecast(_issue([0, 100], [1, 1], proc="COD", **args)) == pytest.approx(60.0)
    assert _forecast(_issue([0, 100], [1, 1], proc="CNS", **args)) == pytest.approx(50.0)


def test_voting_rule_sets_the_members_power():
    """Votes 10 and 2 (no Commission or Parliament). Under QMV (62/87 = 0.71) the 10-vote member holds 10/12 =
    0.83 alone and is pivotal in every order: power (1, 0), forecast its position 0. Under unanimity both are
    veto players with power 1/2 each: the mean of 0 and 100 with equal salience, 50."""
    kw = dict(capability=[10.0, 2.0])
    assert _forecast(_issue([0, 100], [1, 1], vote="QMV", **kw)) == pytest.approx(0.0)
    assert _forecast(_issue([0, 100], [1, 1], vote="Unan", **kw)) == pytest.approx(50.0)


def test_parameters_are_checked():
    with pytest.raises(ValueError, match=">= 0"):
        detente.models.get("compromise", commission=-1)
