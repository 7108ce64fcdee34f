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
        for f in fields(forward.Outcomes):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if isinstance(x, dict):
                assert list(x) == list(y) and np.array_equal(list(x.values()), list(y.values()), equal_nan=True)
            else:
                assert np.array_equal(x, y, equal_nan=True), f.name
