"""The run store's API: provenance, tidy results, resume bookkeeping, ids, export, delete, old files."""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd
import pytest

import detente
from analysis_helpers import linear_scenario
from detente.store import RunNotFound, Store
from detente.store import export as export_module


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "runs.duckdb")


def _draws(start, stop, issues=("x",)):
    rows = [{"draw": k, "issue": i, "value": k + 0.5} for k in range(start, stop) for i in issues]
    return pd.DataFrame(rows)


def test_forecast_run_records_provenance_and_tidy_results(store, ec_path):
    sc = detente.load(ec_path)
    fc = detente.models.get("eum", rounds=2).forecast(sc)
    run_id = store.record_forecast(fc, sc, argv=["detente", "forecast", str(ec_path)], seed=3)
    rec = store.get_run(run_id[:19])
    assert rec["run_id"] == run_id and rec["status"] == "done" and rec["command"] == "forecast"
    assert rec["created_at"] <= rec["finished_at"]
    assert rec["scenario_hash"] == sc.content_hash() and rec["package_version"] == detente.__version__
    assert rec["parameters"] == fc.parameters and rec["argv"][1] == "forecast"
    assert rec["seed"] == "3" and rec["seed_entropy"] == "3"
    assert rec["scenario"] == sc.to_dict()
    assert detente.scenario_from_dict(rec["scenario"]).content_hash() == sc.content_hash()
    tables = store.tables(run_id)
    assert set(tables) == {"forecasts", "positions", "documents"}
    series = store.documents(run_id)["series"]  # the EUM's per-round median and mean, as the forecast has them
    for f in fc.issues:
        assert series[f.issue] == {name: list(values) for name, values in f.series.items()} != {}
    assert tables["forecasts"]["forecast"].iloc[0] == fc.values["years"]
    pd.testing.assert_frame_equal(tables["positions"].sort_values(["round", "actor"]).reset_index(drop=True),
                                  fc.to_frame().sort_values(["round", "actor"]).reset_index(drop=True),
                                  check_dtype=False)


def test_a_monte_carlo_run_from_start_to_finish(store):
    sc = linear_scenario()
    run_id = store.start_run("simulate", sc, model="eum", parameters={"rounds": 3}, seed=2**100,
                             argv=["detente", "simulate"], draws=30, chunksize=10, extra={"ranges": ["x:0-50"]})
    rec = store.get_run(run_id)
    assert rec["status"] == "running" and rec["finished_at"] is None
    assert rec["seed"] == str(2**100) and rec["draws"] == 30 and rec["extra"] == {"ranges": ["x:0-50"]}
    store.append_draws(run_id, _draws(0, 10), chunk=(0, 10))
    store.append_draws(run_id, _draws(20, 30), chunk=(20, 30))
    assert store.completed_chunks(run_id) == [(0, 10), (20, 30)]
    np.testing.assert_array_equal(store.completed_draws(run_id), [*range(10), *range(20, 30)])
    store.finish_run(run_id, "done", {"summaries": pd.DataFrame({"issue": ["x"], "statistic": ["mean"],
                                                                  "value": [1.0]})})
    rec = store.get_run(run_id)
    assert rec["status"] == "done" and rec["finished_at"] >= rec["created_at"]
    tables = store.tables(run_id)
    assert len(tables["draws"]) == 20 and set(tables["draws"]["series"]) == {"outcome"}
    assert tables["summaries"]["value"].tolist() == [1.0]


def test_a_failed_append_writes_nothing(store):
    run_id = store.start_run("simulate", linear_scenario(), model="eum")
    with pytest.raises(ValueError, match="lack column"):
        store.append_draws(run_id, pd.DataFrame({"draw": [0], "value": [1.0]}), chunk=(0, 1))
    with pytest.raises(ValueError, match="unknown result table"):
        store.add_results(run_id, {"draws": _draws(0, 2).assign(series="outcome"), "nope": pd.DataFrame()},
                          chunk=(0, 2))
    assert store.completed_chunks(run_id) == [] and store.tables(run_id) == {}
    with pytest.raises(RunNotFound):
        store.append_draws("no-such-run", _draws(0, 1))
    with pytest.raises(ValueError, match="status"):
        store.finish_run(run_id, "running")


def test_recording_always_ends_the_run(store):
    sc = linear_scenario()
    with store.recording("simulate", sc, model="eum") as done:
        pass
    with pytest.raises(KeyboardInterrupt), store.recording("simulate", sc, model="eum") as stopped:
        raise KeyboardInterrupt
    with pytest.raises(RuntimeError), store.recording("simulate", sc, model="eum") as failed:
        raise RuntimeError("model blew up")
    with store.recording("simulate", sc, model="eum") as finished_inside:
        store.finish_run(finished_inside, "failed")
    status = {r: store.get_run(r)["status"] for r in (done, stopped, failed, finished_inside)}
    assert status == {done: "done", stopped: "interrupted", failed: "failed", finished_inside: "failed"}


class Cancel(Exception):
    """Stands for a caller's own stop signal (the web's job cancel)."""


def test_recording_counts_the_callers_stop_signal_as_an_interrupt_and_nothing_else(store):
    sc = linear_scenario()
    with pytest.raises(Cancel), store.recording("simulate", sc, model="eum", interrupts=(Cancel,)) as cancelled:
        raise Cancel
    with pytest.raises(RuntimeError), store.recording("simulate", sc, model="eum", interrupts=(Cancel,)) as failed:
        raise RuntimeError("model blew up")
    with pytest.raises(Cancel), store.recording("simulate", sc, model="eum") as not_declared:
        raise Cancel
    status = {r: store.get_run(r)["status"] for r in (cancelled, failed, not_declared)}
    assert status == {cancelled: "interrupted", failed: "failed", not_declared: "failed"}


def test_recording_keeps_the_results_the_block_finished_with(store):
    summary = pd.DataFrame({"issue": ["x"], "statistic": ["mean"], "value": [1.0]})
    with store.recording("simulate", linear_scenario(), model="eum", seed=4, draws=10) as run_id:
        store.append_draws(run_id, _draws(0, 10), chunk=(0, 10))
        store.finish_run(run_id, "done", {"summaries": summary}, documents={"fan": {"x": [1.5]}})
    rec = store.get_run(run_id)
    assert rec["status"] == "done" and rec["seed"] == "4" and rec["draws"] == 10
    assert set(store.tables(run_id)) == {"draws", "chunks", "summaries", "documents"}
    assert store.documents(run_id) == {"fan": {"x": [1.5]}}


def test_recording_without_a_store_records_nothing(store):
    from detente.store import recording

    with recording(None, "simulate", linear_scenario(), model="eum") as nothing:
        pass
    with recording(store, "simulate", linear_scenario(), model="eum") as run_id:
        pass
    assert nothing is None and store.get_run(run_id)["status"] == "done"


def test_run_ids_sort_by_time_and_resolve_from_unique_prefixes(store):
    sc = linear_scenario()
    ids = [store.start_run("simulate", sc, model="eum") for _ in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    assert store.list_runs()["run_id"].tolist() == ids[::-1]
    assert store.resolve(ids[2]) == ids[2]
    with pytest.raises(RunNotFound, match="more than one run"):
        store.resolve(ids[0][:8])
    with pytest.raises(RunNotFound, match="no run with id"):
        store.get_run("19990101")
    with pytest.raises(RunNotFound, match="give a run id"):
        store.get_run("  ")


def test_seed_sequences_record_their_entropy(store):
    """A fixed entropy above 2**64 and 2**127 (as a fresh SeedSequence's 128 bits often are), so a store that
    keeps it in a 64-bit column, a float or a truncated string fails on every run, not on some."""
    fresh = np.random.SeedSequence(2**127 + 12345)
    run_id = store.start_run("simulate", linear_scenario(), model="eum", seed=fresh)
    assert int(store.get_run(run_id)["seed_entropy"]) == fresh.entropy
    run_id = store.start_run("simulate", linear_scenario(), model="eum")
    assert store.get_run(run_id)["seed"] is None and store.get_run(run_id)["seed_entropy"] is None


def test_export_formats(store, tmp_path):
    sc = linear_scenario(uncertain=False)  # no observed outcome: null in JSON, never NaN
    run_id = store.record_forecast(detente.models.get("eum", rounds=2).forecast(sc), sc)
    doc = json.loads(store.export(run_id, tmp_path / "r.json", "json").read_text(),
                     parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert doc["run"]["run_id"] == run_id and doc["tables"]["forecasts"][0]["outcome"] is None
    assert len(doc["tables"]["positions"]) == 3 * 3
    folder = store.export(run_id[:20], tmp_path / "csv", "csv")
    assert {p.name for p in folder.iterdir()} == {"run.json", "forecasts.csv", "positions.csv", "documents.csv"}
    assert pd.read_csv(folder / "forecasts.csv")["forecast"].iloc[0] == pytest.approx(doc["tables"]["forecasts"][0]["forecast"])
    folder = store.export(run_id, tmp_path / "it's parquet", "parquet")
    back = duckdb.connect().execute(f"SELECT * FROM '{(folder / 'positions.parquet').as_posix().replace(chr(39), chr(39) * 2)}'").df()
    assert len(back) == 9 and json.loads((folder / "run.json").read_text())["run_id"] == run_id
    with pytest.raises(ValueError, match="format"):
        store.export(run_id, tmp_path / "r.xlsx", "xlsx")


def test_export_is_atomic_and_never_overwrites(store, tmp_path, monkeypatch):
    sc = linear_scenario(uncertain=False)
    run_id = store.record_forecast(detente.models.get("mean").forecast(sc), sc)
    store.export(run_id, tmp_path / "out" / "r.json")
    with pytest.raises(FileExistsError):
        store.export(run_id, tmp_path / "out" / "r.json")

    def broken(frame, path, format):
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "_write_table", broken)
    with pytest.raises(OSError, match="disk full"):
        store.export(run_id, tmp_path / "out" / "r_csv", "csv")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.json"]  # no partial folder, no temp files


def test_delete_removes_the_run_and_only_it(store):
    sc = linear_scenario()
    keep, gone = (store.start_run("simulate", sc, model="eum") for _ in range(2))
    for run_id in (keep, gone):
        store.append_draws(run_id, _draws(0, 4), chunk=(0, 4))
    assert store.delete(gone[:22]) == gone
    with pytest.raises(RunNotFound):
        store.get_run(gone)
    assert store.list_runs()["run_id"].tolist() == [keep] and len(store.tables(keep)["draws"]) == 4


def test_default_path_and_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_STORE", str(tmp_path / "env.duckdb"))
    assert Store().path == tmp_path / "env.duckdb"
    monkeypatch.delenv("DETENTE_STORE")
    assert Store().path.parts[-4:] == (".local", "share", "detente", "runs.duckdb")


def test_a_file_from_the_first_schema_is_updated_in_place(tmp_path):
    """Files written before seed_entropy existed (JSON as VARCHAR) open, read and take new runs."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("""CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, created_at TIMESTAMP, finished_at TIMESTAMP,
        status VARCHAR, command VARCHAR, model VARCHAR, parameters VARCHAR, seed VARCHAR, package_version VARCHAR,
        scenario_hash VARCHAR, scenario_name VARCHAR, scenario VARCHAR, argv VARCHAR, draws INTEGER,
        chunksize INTEGER, extra VARCHAR)""")
    con.execute("INSERT INTO runs VALUES ('20260101-000000-aaaaaa', '2026-01-01', '2026-01-01', 'done', 'forecast', "
                "'mean', '{}', '1', '0.1.0', 'h', 'old', ?, '[]', NULL, NULL, '{}')",
                [json.dumps(linear_scenario().to_dict())])
    con.close()
    store = Store(path)
    assert store.get_run("20260101")["seed_entropy"] is None
    run_id = store.start_run("simulate", linear_scenario(), model="eum", seed=5)
    assert store.get_run(run_id)["seed_entropy"] == "5"
    assert store.list_runs()["run_id"].tolist() == [run_id, "20260101-000000-aaaaaa"]


def test_threads_of_one_process_can_read_and_write_at_once(store):
    """A reader thread and a writer thread on one file take turns (DuckDB refuses a read-only and a read-write
    connection at once in one process, and can lose its DataFrame scan when two threads insert at once)."""
    import threading
    import time

    run_id = store.start_run("simulate", linear_scenario(), model="eum")
    errors = []

    def write():
        try:
            for k in range(30):
                store.append_draws(run_id, _draws(k, k + 1), chunk=(k, k + 1))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        Store(store.path).completed_draws(run_id)
        time.sleep(0.001)
    writer.join()
    assert errors == [] and len(store.completed_chunks(run_id)) == 30
