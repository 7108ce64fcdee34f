"""Serial, process-parallel and Ray runs give identical numbers for the same seed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from analysis_helpers import linear_scenario
from detente.analysis.compare import compare
from detente.analysis.shocks import Shock
from detente.analysis.simulate import simulate
from detente.execution import LocalExecutor, SerialExecutor, get_executor


def _square(x):
    return x * x


def test_map_keeps_task_order_and_reports_each_result():
    seen = []
    out = LocalExecutor(2).map(_square, list(range(20)), progress=seen.append)
    assert out == [k * k for k in range(20)] and sorted(seen) == out


def test_get_executor():
    assert isinstance(get_executor("local", workers=1), SerialExecutor)
    assert get_executor("local", workers=2).workers == 2
    with pytest.raises(ValueError):
        get_executor("spark")


def test_serial_equals_process_parallel():
    sc = linear_scenario()
    serial = simulate(sc, "eum", draws=64, seed=4, executor=SerialExecutor())
    parallel = simulate(sc, "eum", draws=64, seed=4, executor=LocalExecutor(2), chunksize=5)
    np.testing.assert_array_equal(serial.outcomes, parallel.outcomes)
    a = compare(sc, Shock(set=["B.x.position=70"]), "eum", draws=32, seed=4)
    b = compare(sc, Shock(set=["B.x.position=70"]), "eum", draws=32, seed=4, executor=LocalExecutor(2))
    np.testing.assert_array_equal(a.difference, b.difference)


@pytest.fixture(scope="module")
def ray_executor():
    ray = pytest.importorskip("ray")
    executor = get_executor("ray", workers=2)
    yield executor
    ray.shutdown()


def test_ray_equals_serial(ray_executor):
    sc = linear_scenario()
    serial = simulate(sc, "eum", draws=48, seed=8)
    on_ray = simulate(sc, "eum", draws=48, seed=8, executor=ray_executor, chunksize=7)
    np.testing.assert_array_equal(serial.outcomes, on_ray.outcomes)


def test_ctrl_c_stops_a_long_run_cleanly(tmp_path):
    """SIGINT during a 2-process simulation: exit 130, a one-line message, no traceback, no orphans."""
    path = tmp_path / "s.yaml"
    import detente

    detente.save(linear_scenario(), path)
    proc = subprocess.Popen([sys.executable, "-m", "detente", "simulate", str(path), "--draws", "200000",
                             "--workers", "2", "--seed", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "DETENTE_STORE": str(tmp_path / "runs.duckdb")})
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
