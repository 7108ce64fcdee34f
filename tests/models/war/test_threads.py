"""The war game's failure games solved on threads (``SolveCache.prefetch``) change no number.

A node solve of the shipped Istanbul scenario needs one full backward induction per (eve attack, ceasefire
answer, sanction set): 2 x 2 x 4 = 16 (the support level is the games' starting level). They are independent,
and the compiled kernel releases the GIL, so :func:`detente.models.war.node.solve_node` runs them on
:func:`detente._compile.kernel_threads` threads. The expected numbers here are the one-thread solver's own: the
property is equality (bit for bit), not a value; the values themselves are checked against outside numbers in
test_game_exact.py and test_node.py.
"""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest

import detente
from detente._compile import kernel_threads
from detente.analysis.war.draw import draw_params
from detente.models.war.game import nominal_params
from detente.models.war.node import solve_node


@pytest.fixture(scope="module")
def spec():
    return detente.load(detente.example("istanbul_2025")).war


def _solve(spec, params, threads: str, monkeypatch):
    monkeypatch.setenv("DETENTE_THREADS", threads)
    return solve_node(spec, params)


def _same(a, b) -> None:
    assert a.strategy == b.strategy
    assert a.posterior == b.posterior
    assert a.levers == b.levers
    assert a.response_b_mix == b.response_b_mix
    for move in a.values:
        for actor in a.values[move]:
            np.testing.assert_array_equal(a.values[move][actor], b.values[move][actor])


@pytest.mark.parametrize("which", ["nominal", "draw"])
def test_threads_change_no_number(spec, which, monkeypatch):
    params = nominal_params(spec) if which == "nominal" else draw_params(spec, np.random.SeedSequence(2025).spawn(3)[2])
    one = _solve(spec, params, "1", monkeypatch)
    two = _solve(spec, params, "2", monkeypatch)
    _same(one, two)
    out_one, out_two = one.outcome_of({}, 0.5), two.outcome_of({}, 0.5)
    np.testing.assert_array_equal(out_one.settled_by, out_two.settled_by)


def test_each_failure_game_solved_once(spec, monkeypatch):
    """16 full solves on two threads as on one: the prefetch solves what the lazy path would, no more."""
    one = _solve(spec, nominal_params(spec), "1", monkeypatch)
    two = _solve(spec, nominal_params(spec), "2", monkeypatch)
    assert one._node.tables.cache.full_solves == two._node.tables.cache.full_solves == 16


def test_kernel_threads_reads_the_environment(monkeypatch):
    monkeypatch.setenv("DETENTE_THREADS", "3")
    assert kernel_threads() == 3
    monkeypatch.setenv("DETENTE_THREADS", "lots")
    with pytest.warns(UserWarning, match="DETENTE_THREADS='lots' ignored"):
        assert kernel_threads() >= 1
    monkeypatch.delenv("DETENTE_THREADS")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # a Ray worker's default
    assert kernel_threads() == 1


def test_a_pool_worker_runs_one_thread(monkeypatch):
    """A local executor's worker (a multiprocessing child) leaves the other cores to its siblings."""
    monkeypatch.delenv("DETENTE_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    assert kernel_threads() == 1
