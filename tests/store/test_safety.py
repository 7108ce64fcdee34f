"""The run store under real processes: a held lock, two writers at once, SIGKILL mid-write, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import numpy as np
import pandas as pd
import pytest

import detente
from analysis_helpers import linear_scenario
from detente.store import Store, StoreBusyError


def _hold_lock(db):
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('held', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_held_lock_gives_store_busy_after_the_timeout_not_a_hang(tmp_path):
    db = tmp_path / "busy.duckdb"
    Store(db).list_runs()
    holder = _hold_lock(db)
    try:
        for operation in (lambda s: s.list_runs(), lambda s: s.start_run("x", linear_scenario())):
            with pytest.raises(StoreBusyError, match=r"store is busy: .* another detente process; try again"):
                operation(Store(db, timeout=0.3))
    finally:
        holder.kill()
        holder.wait()
    assert len(Store(db).list_runs()) == 0  # usable again once the other process is gone


WRITER = textwrap.dedent("""
    import json, sys
    import numpy as np, pandas as pd
    import detente
    from detente.store import Store, StoreBusyError

    sc = detente.load(detente.example("ec_car_emissions"))
    fc = detente.models.get("mean").forecast(sc)
    store = Store(sys.argv[1], timeout=float(sys.argv[2]))
    started, finished, busy = [], [], 0
    for k in range(int(sys.argv[3])):
        try:
            finished.append(store.record_forecast(fc, sc))
            run_id = store.start_run("simulate", sc, model="mean", draws=30, chunksize=10)
            started.append(run_id)
            for a in (0, 10, 20):
                frame = pd.DataFrame({"draw": np.arange(a, a + 10), "issue": "years", "value": np.arange(10.0)})
                store.append_draws(run_id, frame, chunk=(a, a + 10))
            store.finish_run(run_id)
            finished.append(run_id)
        except StoreBusyError:
            busy += 1
    print(json.dumps({"started": started, "finished": finished, "busy": busy}))
""")


#: Each writer's rounds (a forecast, then a run of three chunks): enough that the two writers overlap in time
#: (checked below); each round is about six writes, which the writers take turns at.
ROUNDS = 8


@pytest.mark.parametrize("timeout", [20, 0.01], ids=["patient", "impatient"])
def test_two_processes_writing_at_once_lose_nothing(tmp_path, timeout):
    """Each write succeeds or is a clear StoreBusyError (impatient writers get some); afterwards the file opens,
    every write that returned is there, and nothing half-written is."""
    db = tmp_path / "shared.duckdb"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(timeout), str(ROUNDS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    store = Store(db)
    runs = store.list_runs().set_index("run_id")
    finished = [r for rep in reports for r in rep["finished"]]
    started = [r for rep in reports for r in rep["started"]]
    assert set(finished) | set(started) == set(runs.index)
    assert (runs.loc[finished, "status"] == "done").all()
    assert len(finished) + sum(rep["busy"] for rep in reports) >= 2 * ROUNDS
    for run_id in started:
        chunks = store.completed_chunks(run_id)
        assert len(store.tables(run_id).get("draws", [])) == 10 * len(chunks)
        assert len(chunks) == 3 or run_id not in finished
    if timeout > 1:  # the writers really overlapped in time (impatient ones show it by their busy errors)
        spans = [(runs.loc[rep["finished"], "created_at"].min(), runs.loc[rep["finished"], "created_at"].max())
                 for rep in reports]
        assert spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1]


KILLED_WRITER = textwrap.dedent("""
    import sys
    import numpy as np, pandas as pd
    import detente
    from detente.store import Store

    sc = detente.load(detente.example("ec_car_emissions"))
    store = Store(sys.argv[1], timeout=60)
    earlier = store.record_forecast(detente.models.get("eum", rounds=3).forecast(sc), sc)
    run_id = store.start_run("simulate", sc, model="eum", draws=10**8, chunksize=5000)
    print(earlier, run_id, flush=True)
    k = 0
    while True:
        frame = pd.DataFrame({"draw": np.arange(k * 5000, (k + 1) * 5000), "issue": "years",
                              "value": np.random.default_rng(k).random(5000)})
        store.append_draws(run_id, frame, chunk=(k * 5000, (k + 1) * 5000))
        k += 1
""")


def test_sigkill_while_appending_draws_keeps_every_committed_chunk(tmp_path):
    """A writer SIGKILLed in the middle of appending chunks: the file opens (even read-only), the earlier run is
    intact, the killed run is listed as running with whole chunks only, and the store takes new writes."""
    db = tmp_path / "kill.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        earlier, run_id = proc.stdout.readline().split()
        watcher, deadline = Store(db, timeout=30), time.monotonic() + 120
        while len(watcher.completed_chunks(run_id)) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with duckdb.connect(str(db), read_only=True) as con:  # readable as it was left, before anyone recovers it
        n_rows = con.execute("SELECT count(*) FROM draws").fetchone()[0]
        n_chunks = con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert n_chunks >= 5 and n_rows == 5000 * n_chunks  # never half a chunk

    store = Store(db)
    runs = store.list_runs().set_index("run_id")
    assert list(runs.index) == [run_id, earlier]
    assert runs.loc[earlier, "status"] == "done" and runs.loc[run_id, "status"] == "running"
    sc = detente.load(detente.example("ec_car_emissions"))
    expected = detente.models.get("eum", rounds=3).forecast(sc)
    kept = store.tables(earlier)
    assert kept["forecasts"]["forecast"].tolist() == [expected.values["years"]]
    assert len(kept["positions"]) == len(expected.to_frame())
    chunks = store.completed_chunks(run_id)
    assert chunks == [(k * 5000, (k + 1) * 5000) for k in range(n_chunks)]
    np.testing.assert_array_equal(store.completed_draws(run_id), np.arange(5000 * n_chunks))
    draws = store.tables(run_id)["draws"]
    np.testing.assert_array_equal(draws["value"].to_numpy()[-5000:], np.random.default_rng(n_chunks - 1).random(5000))
    store.finish_run(run_id[:19], "interrupted")
    assert store.get_run(run_id)["status"] == "interrupted"


def _simulate(args, env):
    return subprocess.run([sys.executable, "-m", "detente", "simulate", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_killed_simulation_resumes_to_the_same_numbers(tmp_path):
    """SIGKILL in the middle of a 10,000-draw `detente simulate`: the store stays readable, the earlier run is kept,
    and --resume finishes with exactly the numbers of an uninterrupted run with the same seed."""
    path = detente.save(linear_scenario(), tmp_path / "s.yaml")
    db = tmp_path / "kill.duckdb"
    env = {**os.environ, "DETENTE_STORE": str(db)}
    common = ["--draws", "10000", "--seed", "21", "--workers", "1", "--format", "json"]
    earlier = _simulate([str(path), "--draws", "10", "--workers", "1"], env)
    assert earlier.returncode == 0, earlier.stderr
    proc = subprocess.Popen([sys.executable, "-m", "detente", "simulate", str(path), *common], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store, deadline, run_id = Store(db, timeout=30), time.monotonic() + 120, None
    while time.monotonic() < deadline:
        time.sleep(0.2)
        running = store.list_runs().query("status == 'running'")
        if len(running) and len(store.completed_chunks(running["run_id"].iloc[0])) >= 2:
            run_id = running["run_id"].iloc[0]
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert run_id is not None, "the simulation never committed two chunks"
    runs = store.list_runs()
    assert len(runs) == 2 and (runs["status"] == "done").sum() == 1
    done_before = len(store.completed_chunks(run_id))
    assert 2 <= done_before < 8
    resumed = _simulate(["--resume", run_id[:19], "--format", "json"], env)
    assert resumed.returncode == 0, resumed.stderr
    straight = _simulate([str(path), *common, "--no-store"], env)
    a, b = json.loads(resumed.stdout), json.loads(straight.stdout)
    assert a["issues"] == b["issues"]
    assert store.get_run(run_id)["status"] == "done" and len(store.completed_chunks(run_id)) == 8
    assert len(store.tables(run_id)["draws"]) == 10000
    pd.testing.assert_series_equal(store.tables(run_id)["draws"]["draw"], pd.Series(np.arange(10000)),
                                   check_names=False, check_dtype=False)
