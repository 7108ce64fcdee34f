"""/api/runs: the run store's history (the CLI's runs too), filters, re-opening, export and reports."""

from __future__ import annotations

import io
import json
import zipfile

import duckdb
import pytest
from web_helpers import client_on, wait_for_job
from typer.testing import CliRunner

from detente.cli import app as cli


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return tmp_path_factory.mktemp("history") / "runs.duckdb"


@pytest.fixture(scope="module")
def client(store_path):
    """One app for the module: the runs below are made once."""
    with client_on(store_path) as c:
        yield c


@pytest.fixture(scope="module")
def runs(client, store_path):
    """A forecast by the CLI and a forecast, a simulation and a comparison by the web app, in one store."""
    import detente

    ec_path = detente.example("ec_car_emissions")
    ec = detente.load(ec_path).to_dict()
    result = CliRunner().invoke(cli, ["forecast", str(ec_path), "--model", "median", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    bodies = [{"kind": "forecast", "models": ["eum"]}, {"kind": "simulate", "models": ["mean"], "draws": 12},
              {"kind": "compare", "models": ["mean"], "draws": 8, "shock": {"drop": ["UK"]}},
              {"kind": "sensitivity", "models": ["mean"], "method": "morris", "n": 4}]
    ids = []
    for body in bodies:
        job = wait_for_job(client, client.post("/api/jobs", json={"scenario": ec, **body}).json()["id"])
        ids += job["result"]["run_ids"]
    return ids


def _column(data, name):
    k = data["columns"].index(name)
    return [row[k] for row in data["rows"]]


def test_history_lists_every_run_newest_first_and_filters(client, runs):
    data = client.get("/api/runs").json()
    assert data["total"] == 5
    assert _column(data, "command") == ["sensitivity", "compare", "simulate", "forecast", "forecast"]
    assert _column(client.get("/api/runs?command=forecast").json(), "model") == ["eum", "median"]
    assert _column(client.get("/api/runs?model=mean&status=done").json(), "command") == ["sensitivity", "compare",
                                                                                         "simulate"]
    assert client.get("/api/runs?q=ec car").json()["shown"] == 5
    assert client.get(f"/api/runs?q={runs[1][-4:]}").json()["shown"] == 1
    assert client.get("/api/runs?q=nothing-like-this").json()["rows"] == []


def test_a_past_run_reopens_with_its_tables_and_charts(client, runs):
    forecast = client.get(f"/api/runs/{runs[0]}").json()
    assert forecast["run"]["command"] == "forecast" and forecast["run"]["scenario"]["name"] == "EC car emissions"
    assert forecast["view"]["kind"] == "forecast" and len(forecast["view"]["figures"]) == 2  # bars, rounds
    assert set(forecast["tables"]) == {"forecasts", "positions"}
    simulation = client.get(f"/api/runs/{runs[1][:-1]}").json()  # a unique prefix is enough
    assert simulation["view"]["tables"]["Outcome per issue"]["rows"][0][1] == 12
    comparison = client.get(f"/api/runs/{runs[2]}").json()
    assert comparison["view"]["figures"][0]["figure"]["data"][1]["name"] == "shocked"
    sensitivity = client.get(f"/api/runs/{runs[3]}").json()["view"]
    assert list(sensitivity["tables"]) == ["years"] and sensitivity["figures"][0]["figure"]["data"][0]["name"] == "mu*"


def test_unknown_and_ambiguous_runs_are_404(client, runs):
    assert "no run with id" in client.get("/api/runs/1999").json()["detail"]
    assert client.get("/api/runs/2").status_code == 404  # more than one run starts with "2"
    assert client.get("/api/runs/nope/report").status_code == 404
    assert client.get("/api/runs/nope/export").status_code == 404


def test_export_as_json_csv_and_parquet(client, runs, tmp_path):
    doc = client.get(f"/api/runs/{runs[1]}/export?format=json")
    assert doc.headers["content-disposition"].endswith(f'{runs[1]}.json"')
    assert json.loads(doc.content)["run"]["run_id"] == runs[1]
    for fmt in ("csv", "parquet"):
        response = client.get(f"/api/runs/{runs[1]}/export?format={fmt}")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = sorted(n.split("/")[1] for n in archive.namelist())
        assert names == sorted(["run.json", f"draws.{fmt}", f"chunks.{fmt}", f"summaries.{fmt}", f"documents.{fmt}"])
    parquet = zipfile.ZipFile(io.BytesIO(client.get(f"/api/runs/{runs[1]}/export?format=parquet").content))
    (tmp_path / "draws.parquet").write_bytes(parquet.read(f"{runs[1]}/draws.parquet"))
    count = duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'draws.parquet'}'").fetchall()[0][0]
    assert count == 12
    assert client.get(f"/api/runs/{runs[1]}/export?format=xlsx").status_code == 422


def test_reports_are_self_contained(client, runs):
    for run_id in runs:
        page = client.get(f"/api/runs/{run_id}/report")
        assert page.status_code == 200 and "<script type='text/javascript'>" in page.text
        assert "cdn." not in page.text.split("</script>", 1)[1]  # no figure points at a CDN


def test_the_history_sees_runs_recorded_after_it_was_read(client, runs, store_path, ec_path):
    before = client.get("/api/runs").json()["total"]
    result = CliRunner().invoke(cli, ["forecast", str(ec_path), "--model", "mean", "--store", str(store_path)])
    assert result.exit_code == 0
    after = client.get("/api/runs").json()
    assert after["total"] == before + 1 and after["rows"][0][after["columns"].index("model")] == "mean"


def test_delete_removes_a_run(client, store_path, ec_path):
    result = CliRunner().invoke(cli, ["forecast", str(ec_path), "--model", "nash", "--store", str(store_path)])
    assert result.exit_code == 0
    run_id = client.get("/api/runs?model=nash").json()["rows"][0][0]
    assert client.delete(f"/api/runs/{run_id}").json() == {"deleted": run_id}
    assert client.get("/api/runs?model=nash").json()["rows"] == []
    assert client.delete(f"/api/runs/{run_id}").status_code == 404
