"""Scenarios shared by the analysis tests."""

import detente


def linear_scenario(uncertain=True):
    """Three actors; A's position uniform on [20, 60]. Weights c*s: A 1*0.5, B 2*0.5, C 1*1.0 (total 2.5)."""
    pos_a = {"low": 20, "high": 60} if uncertain else 40
    return detente.scenario_from_dict({
        "name": "linear", "actors": [{"name": "A"}, {"name": "B", "capability": 2}, {"name": "C"}],
        "issues": [{"name": "x"}],
        "positions": [{"actor": "A", "issue": "x", "position": pos_a, "salience": 0.5},
                      {"actor": "B", "issue": "x", "position": 50, "salience": 0.5},
                      {"actor": "C", "issue": "x", "position": 80, "salience": 1.0}]})


def with_later_outcomes_changed(scenarios, split_year):
    """Copies of DEU backtest scenarios in which every outcome from ``split_year`` on is replaced by
    100 - outcome (the others untouched): what a fit that peeks at later issues would notice."""
    out = []
    for sc in scenarios:
        copy = sc.model_copy(deep=True)
        if copy.issues[0].metadata["year"] >= split_year:
            copy.issues[0].outcome = 100.0 - copy.issues[0].outcome
        out.append(copy)
    return out
