"""The run store's ``documents``: a run's result document, written with its tables, read back whole; old files."""

from __future__ import annotations

import json
import math

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis_helpers import linear_scenario
from detente.store import Store
from detente.store.schema import TABLES


def _summaries() -> pd.DataFrame:
    return pd.DataFrame({"issue": ["x"], "statistic": ["mean"], "value": [1.0]})


def test_a_document_is_stored_with_the_runs_tables_and_read_back_whole(tmp_path):
    store = Store(tmp_path / "runs.duckdb")
    run_id = store.start_run("war", linear_scenario(), model="war", seed=1)
    doc = {"draws": np.int64(3), "terms": float("nan"), "curve": np.array([0.25, 0.5]), "actors": {"B": 1, "A": 2},
           "nested": [{"p": np.float64(0.1)}]}
    store.finish_run(run_id, "done", {"summaries": _summaries()}, documents={"war": doc})
    back = store.documents(run_id)["war"]
    assert back["draws"] == 3 and back["curve"] == [0.25, 0.5] and back["nested"] == [{"p": 0.1}]
    assert math.isnan(back["terms"])  # NaN stays NaN (the report prints it so)
    assert list(back["actors"]) == ["B", "A"]  # the document's order, not sorted
    assert set(store.tables(run_id)) == {"summaries", "documents"}
    exported = json.loads(store.export(run_id, tmp_path / "run.json").read_text())
    assert exported["tables"]["documents"][0]["name"] == "war"
    store.delete(run_id)
    con = duckdb.connect(str(tmp_path / "runs.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    con.close()


def test_nothing_is_written_when_the_tables_or_the_document_are_bad(tmp_path):
    store = Store(tmp_path / "runs.duckdb")
    run_id = store.start_run("war", linear_scenario(), model="war", seed=1)
    with pytest.raises(ValueError, match="lack column"):
        store.finish_run(run_id, "done", {"summaries": _summaries().drop(columns="value")},
                         documents={"war": {"draws": 3}})
    with pytest.raises(TypeError, match="a result document holds a object, which is not JSON"):
        store.finish_run(run_id, "done", {"summaries": _summaries()}, documents={"war": {"spec": object()}})
    assert store.documents(run_id) == {} and store.tables(run_id) == {}
    assert store.get_run(run_id)["status"] == "running"


def test_a_file_from_before_documents_opens_and_takes_documents(tmp_path):
    """A store written before the documents table existed: its runs read as before (no documents), and new
    runs keep theirs."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for name, ddl in TABLES.items():
        if name != "documents":
            con.execute(ddl)
    con.execute("INSERT INTO runs (run_id, status, command, model, parameters, scenario_name, scenario, argv, extra) "
                "VALUES ('20260101-000000-000-aaaa', 'done', 'war', 'war', '{}', 'old', ?, '[]', '{}')",
                [json.dumps(linear_scenario().to_dict())])
    con.execute("INSERT INTO summaries VALUES ('20260101-000000-000-aaaa', 'A', 'mean', 0.5)")
    con.close()
    store = Store(path)
    assert store.documents("20260101") == {} and list(store.tables("20260101")) == ["summaries"]
    run_id = store.start_run("war", linear_scenario(), model="war", seed=2)
    store.finish_run(run_id, "done", documents={"war": {"draws": 2}})
    assert store.documents(run_id) == {"war": {"draws": 2}}
    assert store.list_runs()["run_id"].tolist() == [run_id, "20260101-000000-000-aaaa"]


def test_runs_show_names_a_document_and_its_size_instead_of_printing_it(tmp_path):
    from typer.testing import CliRunner

    from detente.cli.runs import runs_app

    store = Store(tmp_path / "runs.duckdb")
    run_id = store.start_run("war", linear_scenario(), model="war", seed=1)
    store.finish_run(run_id, "done", documents={"war": {"curve": ["long-text-" * 50]}})
    result = CliRunner().invoke(runs_app, ["show", run_id, "--store", str(tmp_path / "runs.duckdb")])
    assert result.exit_code == 0, result.output
    assert "documents" in result.output and "long-text-" not in result.output
    assert f"{len(json.dumps({'curve': ['long-text-' * 50]})):,} characters of JSON" in result.output.replace("\n", " ")
