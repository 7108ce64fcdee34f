"""`detente runs ...`, tested on the sub-app itself; bad ids are one line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from analysis_helpers import linear_scenario
from detente.store import Store
from detente.cli.runs import runs_app

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    """A store with one forecast run and one unfinished Monte Carlo run."""
    path = tmp_path / "cli.duckdb"
    store = Store(path)
    sc = linear_scenario(uncertain=False)
    store.record_forecast(detente.models.get("eum", rounds=2).forecast(sc), sc, argv=["detente", "forecast", "s.yaml"])
    run_id = store.start_run("simulate", linear_scenario(), model="eum", seed=1, draws=100)
    store.append_draws(run_id, pd.DataFrame({"draw": [0, 1], "issue": "x", "value": [1.0, 2.0]}), chunk=(0, 2))
    return path


def _ids(path):
    return Store(path).list_runs()["run_id"].tolist()  # newest first: [simulate, forecast]


def test_list(db):
    result = runner.invoke(runs_app, ["list", "--store", str(db)])
    assert result.exit_code == 0, result.output
    assert "2 run(s)" in result.output and "forecast" in result.output and "simulate" in result.output
    assert "running" in result.output and "done" in result.output


def test_list_reads_detente_store_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DETENTE_STORE", str(db))
    result = runner.invoke(runs_app, ["list"])
    assert result.exit_code == 0 and str(db) in result.output.replace("\n", "")


def test_show(db):
    simulate_id, forecast_id = _ids(db)
    result = runner.invoke(runs_app, ["show", forecast_id[:21], "--store", str(db)])
    assert result.exit_code == 0, result.output
    assert forecast_id in result.output and "detente forecast s.yaml" in result.output
    assert "positions" in result.output and "9 of 9 rows" in result.output
    result = runner.invoke(runs_app, ["show", simulate_id, "--store", str(db), "--rows", "1"])
    assert result.exit_code == 0 and "1 of 2 rows" in result.output and "chunks" in result.output


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet"])
def test_export(db, tmp_path, fmt):
    forecast_id = _ids(db)[1]
    target = tmp_path / f"export.{fmt}"
    result = runner.invoke(runs_app, ["export", forecast_id, "--format", fmt, "--output", str(target),
                                      "--store", str(db)])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(target.read_text())["run"]["run_id"] == forecast_id
    else:
        assert (target / f"forecasts.{fmt}").exists() and (target / "run.json").exists()
    again = runner.invoke(runs_app, ["export", forecast_id, "--format", fmt, "-o", str(target), "--store", str(db)])
    assert again.exit_code == 2 and "exists" in again.output


def test_delete(db):
    simulate_id, forecast_id = _ids(db)
    result = runner.invoke(runs_app, ["delete", simulate_id, "--store", str(db)])
    assert result.exit_code == 0 and f"deleted {simulate_id}" in result.output
    assert _ids(db) == [forecast_id]


@pytest.mark.parametrize("command", [["show"], ["delete"], ["export", "-o", "x.json"]])
def test_bad_or_ambiguous_ids_are_one_line_and_exit_2(db, command):
    for run_id, message in (("nope", "no run with id 'nope'"), ("2", "more than one run starts with '2'")):
        result = runner.invoke(runs_app, [command[0], run_id, *command[1:], "--store", str(db)])
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [f"error: {message}; give more of the id"
                                                      if "more" in message else f"error: {message} in {db}"]


def test_a_file_that_is_not_a_store_is_one_line_and_exit_2(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    result = runner.invoke(runs_app, ["list", "--store", str(junk)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_busy_store_is_one_line_and_exit_2(db, monkeypatch):
    monkeypatch.setattr(Store.__init__, "__defaults__", (None, 0.3))  # give up after 0.3 s, not 10
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('held', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = runner.invoke(runs_app, ["list", "--store", str(db)])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: store is busy: {db} is being written by another detente "
                                                  "process; try again"]
