"""The run store: provenance, tidy results, export, and safety under kills and concurrent writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from analysis_helpers import linear_scenario
from detente.cli import app
from detente.store import RunNotFound, Store, StoreBusyError

runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "runs.duckdb")


def test_forecast_run_records_provenance_and_tidy_results(store, ec_path):
    sc = detente.load(ec_path)
    fc = detente.models.get("eum", rounds=2).forecast(sc)
    run_id = store.record_forecast(fc, sc, argv=["detente", "forecast"], seed=3)
    rec = store.get_run(run_id[:12])
    assert rec["scenario_hash"] == sc.content_hash() and rec["package_version"] == detente.__version__
    assert rec["parameters"]["rounds"] == 2 and rec["seed"] == "3" and rec["status"] == "done"
    assert detente.scenario_from_dict(rec["scenario"]).content_hash() == sc.content_hash()
    tables = store.tables(run_id)
    assert tables["forecasts"]["forecast"].iloc[0] == fc.values["years"]
    pd.testing.assert_frame_equal(tables["positions"].sort_values(["round", "actor"]).reset_index(drop=True),
                                  fc.to_frame().sort_values(["round", "actor"]).reset_index(drop=True),
                                  check_dtype=False)


def test_export_formats_and_delete(store, ec_path, tmp_path):
    sc = detente.load(ec_path)
    run_id = store.record_forecast(detente.models.get("mean").forecast(sc), sc)
    doc = json.loads(store.export(run_id, tmp_path / "r.json", "json").read_text())
    assert doc["run"]["run_id"] == run_id and doc["tables"]["forecasts"][0]["issue"] == "years"
    folder = store.export(run_id, tmp_path / "r_csv", "csv")
    assert {p.name for p in folder.iterdir()} == {"run.json", "forecasts.csv", "positions.csv"}
    folder = store.export(run_id, tmp_path / "r_parquet", "parquet")
    assert pd.read_csv(tmp_path / "r_csv" / "forecasts.csv")["forecast"].iloc[0] == pytest.approx(7.38995568)
    assert (folder / "positions.parquet").stat().st_size > 0
    with pytest.raises(FileExistsError):
        store.export(run_id, tmp_path / "r.json", "json")
    store.delete(run_id)
    with pytest.raises(RunNotFound):
        store.get_run(run_id)


def test_runs_cli(ec_path, tmp_path):
    db = tmp_path / "cli.duckdb"
    assert runner.invoke(app, ["forecast", str(ec_path), "-m", "mean", "--store", str(db)]).exit_code == 0
    listing = runner.invoke(app, ["runs", "list", "--store", str(db)])
    assert listing.exit_code == 0 and "forecast" in listing.output
    run_id = Store(db).list_runs()["run_id"].iloc[0]
    assert runner.invoke(app, ["runs", "show", run_id[:15], "--store", str(db)]).exit_code == 0
    out = tmp_path / "x.json"
    assert runner.invoke(app, ["runs", "export", run_id, "-o", str(out), "--store", str(db)]).exit_code == 0
    bad = runner.invoke(app, ["runs", "show", "nope", "--store", str(db)])
    assert bad.exit_code == 2 and "no run with id 'nope'" in bad.output
    assert runner.invoke(app, ["runs", "delete", run_id, "--store", str(db)]).exit_code == 0


def test_busy_store_is_a_clear_error(tmp_path):
    """Another process holding DuckDB's write lock beyond the timeout gives StoreBusyError, not a hang."""
    db = tmp_path / "busy.duckdb"
    Store(db).list_runs()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('held', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusyError, match="store is busy"):
            Store(db, timeout=0.5).list_runs()
    finally:
        holder.kill()
        holder.wait()
    assert len(Store(db).list_runs()) == 0  # readable again once the other process is gone


WRITER = textwrap.dedent("""
    import sys, detente
    from detente.store import Store, StoreBusyError
    sc = detente.load(detente.example("ec_car_emissions"))
    fc = detente.models.get("mean").forecast(sc)
    ok = busy = 0
    for _ in range(25):
        try:
            Store(sys.argv[1], timeout=10).record_forecast(fc, sc)
            ok += 1
        except StoreBusyError:
            busy += 1
    print(ok, busy)
""")


def test_two_writers_at_once(tmp_path):
    """Two processes writing at once: every write succeeds or is a clear 'busy'; nothing is lost or corrupted."""
    db = tmp_path / "shared.duckdb"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    counts = [tuple(map(int, p.communicate(timeout=120)[0].split())) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    runs = Store(db).list_runs()
    assert len(runs) == sum(ok for ok, _ in counts) and sum(ok + busy for ok, busy in counts) == 50
    assert (runs["status"] == "done").all()


def _simulate(args, env):
    return subprocess.run([sys.executable, "-m", "detente", "simulate", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_killed_simulation_resumes_to_the_same_numbers(tmp_path):
    """SIGKILL in the middle of a 10,000-draw simulation: the store stays readable, the earlier run is kept,
    and --resume finishes with exactly the numbers of an uninterrupted run with the same seed."""
    path = detente.save(linear_scenario(), tmp_path / "s.yaml")
    db = tmp_path / "kill.duckdb"
    env = {**os.environ, "DETENTE_STORE": str(db)}
    common = ["--draws", "10000", "--seed", "21", "--workers", "1", "--format", "json"]
    earlier = _simulate([str(path), "--draws", "10", "--workers", "1"], env)
    assert earlier.returncode == 0
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
    resumed = _simulate(["--resume", run_id[:17], "--format", "json"], env)
    assert resumed.returncode == 0, resumed.stderr
    straight = _simulate([str(path), *common, "--no-store"], env)
    a, b = json.loads(resumed.stdout), json.loads(straight.stdout)
    assert a["issues"] == b["issues"]
    assert store.get_run(run_id)["status"] == "done" and len(store.completed_chunks(run_id)) == 8
    assert len(store.tables(run_id)["draws"]) == 10000
