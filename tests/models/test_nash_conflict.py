"""The Nash bargaining solution with the conflict point as disagreement (``nash_conflict``).

Expected values are closed forms derived in each docstring from the model's definition (Nash 1950;
Kalai 1977), not outputs of our code; the choice of the default utility is re-made here from the
training issues only (proposals before 2005), so the choice cannot have looked at later outcomes.
"""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.analysis.backtest import run_backtest
from detente.datasets import reference_path
from detente.io import deu3


def _scenario(positions, capabilities, status_quo=None, saliences=None):
    saliences = saliences or [1.0] * len(positions)
    issue = {"name": "q", "lower": 0, "upper": 100}
    if status_quo is not None:
        issue["status_quo"] = status_quo
    return detente.scenario_from_dict({
        "name": "t", "salience_scale": 1,
        "actors": [{"name": f"a{k}", "capability": c} for k, c in enumerate(capabilities)],
        "issues": [issue],
        "positions": [{"actor": f"a{k}", "issue": "q", "position": x, "salience": s}
                      for k, (x, s) in enumerate(zip(positions, saliences))]})


@pytest.mark.parametrize("w1, w2", [(1.0, 1.0), (1.0, 3.0), (2.0, 5.0), (9.0, 1.0)])
def test_linear_two_actors_at_the_ends_is_the_weighted_mean(w1, w2):
    """Actors at 0 and 100, linear loss: conflict points 100 and 0, gains ``100 - x`` and ``x``.
    ``max w1 log(100 - x) + w2 log x`` gives ``-w1/(100 - x) + w2/x = 0``, ``x* = 100 w2/(w1 + w2)``
    (the asymmetric NBS on a linear frontier splits in proportion to the weights, Kalai 1977)."""
    fc = detente.models.get("nash_conflict").forecast(_scenario([0.0, 100.0], [w1, w2]))
    assert fc.values["q"] == pytest.approx(100 * w2 / (w1 + w2), abs=1e-9)


def test_quadratic_two_actors_closed_form():
    """Actors at 0 (weight 1) and 100 (weight 2), quadratic loss; both conflict losses are 100^2. Gains
    ``10^4 - x^2`` and ``10^4 - (100 - x)^2 = x (200 - x)``; the first-order condition
    ``-2x/(10^4 - x^2) + 2 * 2 (100 - x)/(x (200 - x)) = 0`` becomes
    ``x^2 (200 - x) = 2 (100 - x)^2 (100 + x)``, i.e. the cubic ``3x^3 - 400x^2 - 20000x + 2*10^6 = 0``,
    whose one root in (0, 100) lies in (60, 61): the cubic is +8000 at 60 and -27457 at 61."""
    roots = np.roots([3.0, -400.0, -20000.0, 2e6])
    expected = float(next(r.real for r in roots if abs(r.imag) < 1e-9 and 0 < r.real < 100))
    assert 60 < expected < 61
    fc = detente.models.get("nash_conflict", utility="quadratic").forecast(_scenario([0.0, 100.0], [1.0, 2.0]))
    assert fc.values["q"] == pytest.approx(expected, abs=1e-6)


def test_an_actor_at_the_reference_point_does_not_block():
    """Reference point 0, actors at 0 (weight 1) and 100 (weight 3): with the reference point as
    disagreement (``nash``) the actor at 0 loses from any move, so only 0 is acceptable to both; with the
    conflict point the linear closed form above gives 100 * 3/4 = 75."""
    sc = _scenario([0.0, 100.0], [1.0, 3.0], status_quo=0.0)
    assert detente.models.get("nash", utility="linear").forecast(sc).values["q"] == pytest.approx(0.0, abs=1e-9)
    assert detente.models.get("nash_conflict").forecast(sc).values["q"] == pytest.approx(75.0, abs=1e-9)


@pytest.mark.parametrize("utility", ["linear", "quadratic"])
def test_without_a_status_quo_nash_is_nash_conflict(utility):
    """``nash`` falls back to the conflict point when an issue has no status quo: the same disagreement
    (``conflict_loss``), so the same solution; with a status quo inside the scale the two differ."""
    positions, capabilities = [10.0, 35.0, 80.0], [1.0, 2.0, 3.0]
    nash, conflict = (detente.models.get(m, utility=utility) for m in ("nash", "nash_conflict"))
    sc = _scenario(positions, capabilities)
    assert nash.forecast(sc).values == conflict.forecast(sc).values
    sc = _scenario(positions, capabilities, status_quo=30.0)
    assert nash.forecast(sc).values != conflict.forecast(sc).values


def test_default_utility_is_the_better_one_on_the_training_issues_only():
    """The default (linear) is the utility with the lower MAE on the 211 DEU III issues before 2005, with
    equal capabilities and with Council votes alike; replacing every later outcome by 100 - outcome
    leaves that choice as it is (the later issues play no part in it)."""
    default = detente.models.get("nash_conflict").utility
    for capability in ("equal", "votes"):
        scenarios = deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"), capability=capability)
        flipped = []
        for sc in scenarios:
            copy = sc.model_copy(deep=True)
            if copy.issues[0].metadata["year"] >= 2005:
                copy.issues[0].outcome = 100.0 - copy.issues[0].outcome
            flipped.append(copy)
        for data in (scenarios, flipped):
            bt = run_backtest(data, {u: ("nash_conflict", {"utility": u}) for u in ("linear", "quadratic")})
            train = {r["model"]: r["mae"] for r in bt.results() if r["split"] == "train"}
            assert min(train, key=train.get) == default
