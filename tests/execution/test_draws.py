"""run_draws: draw k always uses child seed k, so every backend and chunking gives the same numbers."""

from __future__ import annotations

import pytest

import executor_tasks as tasks
import numpy as np

from detente.execution import LocalExecutor, run_draws
from detente.execution.draws import draw_chunks
from detente.rng import child_seeds, draw_seed

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


def test_a_resumed_runs_chunks_are_the_blocks_an_uninterrupted_run_has():
    """Chunks are consecutive draws within blocks of chunksize: the blocks of a whole run, and of a run
    resumed after whole blocks were stored exactly the missing ones (each a (start, stop) range)."""
    assert draw_chunks(list(range(23)), 5) == [list(range(a, min(a + 5, 23))) for a in range(0, 23, 5)]
    missing = [*range(5, 10), *range(15, 23)]
    assert draw_chunks(missing, 5) == [list(range(5, 10)), list(range(15, 20)), list(range(20, 23))]
    assert draw_chunks([0, 3, 50, 51, 100], 2) == [[0], [3], [50, 51], [100]]


def test_draw_seed_is_the_spawned_child_of_any_seed_sequence():
    """numpy's SeedSequence.spawn: child k of a (possibly spawned) sequence, made directly."""
    for root in (7, np.random.SeedSequence(7), np.random.SeedSequence(7).spawn(3)[2]):
        children = child_seeds(root, 12)
        for k in (0, 5, 11):
            a = np.random.default_rng(draw_seed(root, k)).random(4)
            np.testing.assert_array_equal(a, np.random.default_rng(children[k]).random(4))


def test_per_draw_values_travel_with_their_draws():
    shifts = [10.0 * k for k in range(N)]
    expected = [tasks.shifted_draw(s, x) for s, x in zip(child_seeds(7, N), shifts)]
    assert run_draws(tasks.shifted_draw, 7, N, values=shifts) == expected
    with LocalExecutor(2) as executor:
        assert run_draws(tasks.shifted_draw, 7, N, executor, 9, values=shifts) == expected
    with pytest.raises(ValueError, match="one entry per draw"):
        run_draws(tasks.shifted_draw, 7, N, values=shifts[:-1])


def test_different_seeds_differ(reference):
    assert run_draws(tasks.noisy_mean, 8, N) != reference


@pytest.mark.ray
def test_ray_equals_serial_bit_for_bit(reference, ray_executor):
    assert run_draws(tasks.noisy_mean, 7, N, ray_executor) == reference
    assert run_draws(tasks.noisy_mean, 7, N, ray_executor, chunksize=9) == reference
