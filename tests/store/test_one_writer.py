"""Issue 14: a run is computed by one process at a time, and the store cannot hold a chunk twice.

Before: two `detente simulate --resume ID` at once both succeeded, duplicating the run's chunks,
draws and summaries, and the run then failed to re-open (``Index contains duplicate entries``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

import detente
from analysis_helpers import linear_scenario
from detente.store import Store
from detente.store.lease import RunBusyError, release
from detente.store.schema import TABLES


def _draws(start, stop):
    return pd.DataFrame({"draw": range(start, stop), "issue": "x", "value": [k + 0.5 for k in range(start, stop)]})


def _interrupted_simulation(db, draws=400, chunksize=50, done=2):
    """A simulate run as a killed process leaves it: running, ``done`` chunks stored, no one computing it."""
    store = Store(db)
    sc = linear_scenario()
    params = detente.models.get("eum").get_params()
    run_id = store.start_run("simulate", sc, model="eum", parameters=params, seed=4, draws=draws,
                             chunksize=chunksize, extra={"ranges": []})
    from detente.analysis.simulate import simulate
    from detente.analysis.simulate import Simulation

    simulate(sc, "eum", draws=chunksize * done, seed=4, params=params, chunksize=chunksize,
             on_result=lambda r: store.add_results(run_id, {"draws": Simulation.chunk_table(sc.issue_names, r)},
                                                   chunk=(r[0], r[0] + len(r[1]))))
    release(db, run_id)  # as a killed process's claim is released by the operating system
    return store, run_id


def test_a_claimed_run_cannot_be_claimed_by_another_process(tmp_path):
    db = tmp_path / "runs.duckdb"
    store = Store(db)
    run_id = store.start_run("simulate", linear_scenario(), model="eum")  # claimed by this process
    code = (f"from detente.store import Store\nfrom detente.store.lease import RunBusyError\n"
            f"try:\n    Store({str(db)!r}).claim({run_id[:19]!r})\nexcept RunBusyError as exc:\n    print(exc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert f"run {run_id} is being computed by another detente process (pid {os.getpid()})" in proc.stdout
    store.finish_run(run_id, "interrupted")  # releases it: now another process may resume it
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""
    assert not list(tmp_path.glob(".runs.duckdb.*.lock"))  # released claims leave no files behind


def test_a_chunk_cannot_be_stored_twice(tmp_path):
    store = Store(tmp_path / "runs.duckdb")
    run_id = store.start_run("simulate", linear_scenario(), model="eum", draws=20, chunksize=10)
    store.append_draws(run_id, _draws(0, 10), chunk=(0, 10))
    with pytest.raises(RunBusyError, match="chunk 0-10 is stored already"):
        store.append_draws(run_id, _draws(0, 10), chunk=(0, 10))
    assert store.completed_chunks(run_id) == [(0, 10)] and len(store.tables(run_id)["draws"]) == 10


def _resume(db, run_id):
    env = {**os.environ, "DETENTE_STORE": str(db), "COLUMNS": "200"}
    return subprocess.Popen([sys.executable, "-m", "detente", "simulate", "--resume", run_id[:19], "--workers", "1",
                             "--format", "json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_resumes_at_once_one_succeeds_and_nothing_is_duplicated(tmp_path):
    db = tmp_path / "runs.duckdb"
    store, run_id = _interrupted_simulation(db)
    procs = [_resume(db, run_id), _resume(db, run_id)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, _, err in results if code == 2)
    assert "Traceback" not in loser
    assert "being computed by another detente process" in loser or "has already finished" in loser, loser
    winner = json.loads(next(out for code, out, _ in results if code == 0))
    assert winner["run_id"] == run_id
    chunks = store.completed_chunks(run_id)
    assert chunks == [(k, k + 50) for k in range(0, 400, 50)]
    draws = store.tables(run_id)["draws"]
    assert len(draws) == 400 and draws["draw"].is_unique
    summaries = store.tables(run_id)["summaries"]
    assert not summaries.duplicated(["issue", "statistic"]).any()
    assert store.get_run(run_id)["status"] == "done"


def test_a_store_with_duplicated_chunks_is_repaired_and_keyed(tmp_path):
    """A file written before the unique key, holding a run resumed twice at once: the exact duplicate rows
    are dropped when it is opened, the run re-opens, and the key then refuses a third copy."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for ddl in TABLES.values():
        con.execute(ddl)
    run = "20260101-000000-000-aaaa"
    con.execute("INSERT INTO runs (run_id, status, command, draws, chunksize, scenario) VALUES (?, 'done', "
                "'simulate', 20, 10, ?)", [run, json.dumps(linear_scenario().to_dict())])
    for _ in range(2):  # both resumes stored every chunk, its draws and the summaries
        for start in (0, 10):
            con.execute("INSERT INTO chunks VALUES (?, ?, ?)", [run, start, start + 10])
            con.execute("INSERT INTO draws SELECT ?, range, 'x', 'outcome', range + 0.5 FROM range(?, ?)",
                        [run, start, start + 10])
        con.execute("INSERT INTO summaries VALUES (?, 'x', 'mean', 10.0)", [run])
    con.close()
    store = Store(path)
    tables = store.tables(run)
    assert len(tables["chunks"]) == 2 and len(tables["draws"]) == 20 and len(tables["summaries"]) == 1
    tables["draws"].pivot(index="draw", columns="issue", values="value")  # what failed to re-open before
    with pytest.raises(RunBusyError):
        store.append_draws(run, _draws(0, 10), chunk=(0, 10))
