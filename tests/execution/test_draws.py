"""run_draws: draw k always uses child seed k, so every backend and chunking gives the same numbers."""

from __future__ import annotations

import pytest

import executor_tasks as tasks
from detente.execution import LocalExecutor, run_draws
from detente.rng import child_seeds

N = 101


@pytest.fixture(scope="module")
def reference():
    """What the definition says: fn of the k-th child seed, computed directly."""
    return [tasks.noisy_mean(s) for s in child_seeds(7, N)]


def test_serial_run_follows_the_definition(reference):
    assert run_draws(tasks.noisy_mean, 7, N) == reference
    assert run_draws(tasks.noisy_mean, 7, N, LocalExecutor(1), chunksize=10) == reference


@pytest.mark.parametrize("chunksize", [None, 1, 13, N])
def test_process_parallel_equals_serial_bit_for_bit(reference, chunksize):
    with LocalExecutor(2) as executor:
        assert run_draws(tasks.noisy_mean, 7, N, executor, chunksize) == reference


def test_a_subset_of_draws_resumes_exactly(reference):
    chunks = []
    todo = [3, 50, 51, 100, 0]
    out = run_draws(tasks.noisy_mean, 7, N, chunksize=2, draws=todo, progress=chunks.append)
    assert out == [reference[k] for k in sorted(todo)]
    assert sorted(k for draws, _ in chunks for k in draws) == sorted(todo)
    assert all(len(draws) == len(values) for draws, values in chunks)
    with pytest.raises(ValueError, match="draw numbers"):
        run_draws(tasks.noisy_mean, 7, N, draws=[N])


def test_different_seeds_differ(reference):
    assert run_draws(tasks.noisy_mean, 8, N) != reference


@pytest.mark.ray
def test_ray_equals_serial_bit_for_bit(reference, ray_executor):
    assert run_draws(tasks.noisy_mean, 7, N, ray_executor) == reference
    assert run_draws(tasks.noisy_mean, 7, N, ray_executor, chunksize=9) == reference
