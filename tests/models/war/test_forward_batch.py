"""Batched forward passes (:func:`detente.models.war.forward.batched`) against the same passes run one by one.

The expected numbers come from the forward kernel run once per game (:func:`detente.models.war.forward.
pooled_outcomes` outside a batch; that kernel is checked against the numpy reference in test_game_kernel.py):
games that share months 1..T-1 and differ only in month 0's round run as one batched pass, each pass with the
same operations in the same order, so every outcome must be equal bit for bit, whichever moves or counterfactuals.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

import detente
from detente.analysis.war.draw import alternatives
from detente.models.war import forward
from detente.models.war.game import draw_params
from detente.models.war.node import solve_node


@pytest.fixture(scope="module")
def spec():
    return detente.load(detente.example("istanbul_2025")).war


def test_batched_passes_equal_single_passes(spec, monkeypatch):
    params = draw_params(spec, np.random.SeedSequence(3))
    changes = alternatives(spec, spec.a) + [cf.set for cf in spec.counterfactuals]
    first = solve_node(spec, params)
    alone = [first.outcome_of(ch, 0.4) for ch in changes]
    sol = solve_node(spec, params)  # another solution: its outcomes are not the memoised ones of ``first``
    batches = []
    run = forward._forward_batch
    monkeypatch.setattr(forward, "_forward_batch", lambda chains: batches.append(len(chains)) or run(chains))
    with forward.batched():
        together = [sol.outcome_of(ch, 0.4) for ch in changes]
    assert len(batches) < sum(batches)  # some games shared months 1..T-1 (seed 3, shipped scenario: 9 passes for 22)
    for a, b in zip(alone, together):
        _equal(a, b)


def _equal(a, b):
    for f in fields(forward.Outcomes):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, dict):
            assert list(x) == list(y) and np.array_equal(list(x.values()), list(y.values()), equal_nan=True)
        else:
            assert np.array_equal(x, y, equal_nan=True), f.name


def test_month0_only_gives_the_whole_pass_month_0_and_is_completed_by_the_next_batch(spec):
    """The rejection check's cheap pass (:func:`forward.month0_only`): month 0's capitulation probabilities equal
    the whole pass's (bit for bit), and the next batched block fills the same object in with the whole outcome."""
    params = draw_params(spec, np.random.SeedSequence(3))
    whole = solve_node(spec, params).outcome_of({}, 0.4)
    sol = solve_node(spec, params)
    with forward.month0_only():
        early = sol.outcome_of({}, 0.4)
    assert early.quit_a_by.tolist() == whole.quit_a_by[:1].tolist()
    assert early.quit_b_by.tolist() == whole.quit_b_by[:1].tolist()
    assert early.settled_by is None  # nothing else is read before the whole pass
    with forward.batched():
        pass
    assert sol.outcome_of({}, 0.4) is early
    _equal(whole, early)


def test_a_month0_shell_asked_for_again_outside_a_block_is_whole(spec):
    """After the rejection check (:func:`forward.month0_only`) the same outcome asked for with no batched block
    in between (a caller of ``NodeSolution.outcome_of`` outside the answer's loop) is the whole pass, equal bit
    for bit to a fresh solution's, not the check's month-0 shell (found on a Monte Carlo draw whose analyst
    weight is the check's, where ``settled_by`` came back None)."""
    params = draw_params(spec, np.random.SeedSequence(3))
    whole = solve_node(spec, params).outcome_of({}, 0.4)
    sol = solve_node(spec, params)
    with forward.month0_only():
        early = sol.outcome_of({}, 0.4)
    again = sol.outcome_of({}, 0.4)
    assert again is early and again.settled_by is not None
    _equal(whole, again)
