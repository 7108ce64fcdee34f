"""Executors: one map interface, local processes and Ray, results in task order."""

from __future__ import annotations

import os

import numpy as np
import pytest

import executor_tasks as tasks
from analysis_helpers import linear_scenario
from detente.analysis.compare import compare
from detente.analysis.shocks import Shock
from detente.analysis.simulate import simulate
from detente.execution import (Executor, LocalExecutor, SerialExecutor, available_cpus, default_chunksize,
                               get_executor)
from detente.execution.chunking import split


@pytest.fixture(scope="module")
def two_processes():
    with LocalExecutor(2) as executor:
        yield executor


@pytest.mark.parametrize("chunksize", [None, 1, 3, 50])
def test_map_keeps_task_order_and_reports_every_result(two_processes, chunksize):
    seen = []
    out = two_processes.map(tasks.square, range(23), chunksize=chunksize, progress=seen.append)
    assert out == [k * k for k in range(23)]
    assert sorted(seen) == sorted(out)
    assert two_processes.map(tasks.square, []) == []


def test_one_worker_runs_in_this_process_and_more_in_other_processes(two_processes):
    assert set(LocalExecutor(1).map(tasks.pid, range(5))) == {os.getpid()}
    assert os.getpid() not in two_processes.map(tasks.pid, range(8), chunksize=1)


def test_a_failed_task_propagates_and_the_next_map_starts_fresh(two_processes):
    with pytest.raises(ValueError, match="task 3 failed"):
        two_processes.map(tasks.fail_on_three, range(8), chunksize=1)
    assert two_processes.map(tasks.square, range(4)) == [0, 1, 4, 9]


def test_default_chunks_are_about_four_per_worker():
    assert default_chunksize(10_000, 2) == 1250
    assert default_chunksize(3, 8) == 1
    chunks = split(list(range(10)), 4)
    assert [start for start, _ in chunks] == [0, 4, 8]
    assert [x for _, items in chunks for x in items] == list(range(10))
    with pytest.raises(ValueError):
        split([1], 0)


def test_get_executor():
    one = get_executor("local", workers=1)
    assert isinstance(one, LocalExecutor) and one.workers == 1
    assert get_executor("local").workers == available_cpus()
    assert isinstance(SerialExecutor(), Executor)
    with pytest.raises(ValueError, match="backend"):
        get_executor("spark")
    with pytest.raises(ValueError, match="address"):
        get_executor("local", address="ray://head:10001")
    with pytest.raises(ValueError):
        LocalExecutor(0)


def test_simulations_are_identical_serial_and_in_processes(two_processes):
    sc = linear_scenario()
    serial = simulate(sc, "eum", draws=64, seed=4, executor=SerialExecutor())
    parallel = simulate(sc, "eum", draws=64, seed=4, executor=two_processes, chunksize=5)
    np.testing.assert_array_equal(serial.outcomes, parallel.outcomes)
    a = compare(sc, Shock(set=["B.x.position=70"]), "eum", draws=32, seed=4)
    b = compare(sc, Shock(set=["B.x.position=70"]), "eum", draws=32, seed=4, executor=two_processes)
    np.testing.assert_array_equal(a.difference, b.difference)


@pytest.mark.ray
def test_ray_map_keeps_order_and_imports_what_the_driver_can(ray_executor):
    # executor_tasks is importable only through the test's sys.path, which a local Ray's workers share
    seen = []
    assert ray_executor.map(tasks.square, range(11), chunksize=2, progress=seen.append) == [k * k for k in range(11)]
    assert sorted(seen) == [k * k for k in range(11)]
    with pytest.raises(ValueError, match="task 3 failed"):
        ray_executor.map(tasks.fail_on_three, range(6), chunksize=1)


@pytest.mark.ray
def test_ray_simulation_equals_serial(ray_executor):
    sc = linear_scenario()
    serial = simulate(sc, "eum", draws=48, seed=8)
    on_ray = simulate(sc, "eum", draws=48, seed=8, executor=ray_executor, chunksize=7)
    np.testing.assert_array_equal(serial.outcomes, on_ray.outcomes)


def _ignores_sigint(pid: int) -> bool:
    """Whether process ``pid`` ignores SIGINT (bit 2 of SigIgn in /proc/PID/status, Linux)."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (2 - 1)))
    raise AssertionError(f"no SigIgn line for {pid}")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads signal dispositions from /proc")
def test_every_worker_is_recorded_and_ignores_ctrl_c_from_birth():
    """A Ctrl-C between a worker's start and its recording must not leave that worker running after the
    command exits, nor one between its fork and its initializer kill it with a traceback: the pool starts
    all workers at once with Ctrl-C held, under a fork server started with SIGINT ignored."""
    from multiprocessing import forkserver

    with LocalExecutor(2) as executor:
        pool = executor._ensure_pool()
        workers = list(pool._processes)
        assert len(workers) == 2                       # recorded before the first task is submitted
        assert all(_ignores_sigint(pid) for pid in workers)
        assert _ignores_sigint(forkserver._forkserver._forkserver_pid)
        assert executor.map(tasks.square, range(5)) == [k * k for k in range(5)]
