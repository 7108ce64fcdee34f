"""History re-opens Monte Carlo, war and backtest runs with the charts and HTML report of a fresh run (issue 8).

The report of a stored run is compared with the file the CLI's ``--html`` writes for the same run, whole:
only Plotly's random ``<div>`` ids (and, for a run the CLI did not store, the run id) differ.
"""

from __future__ import annotations

import re

import pytest
from report_helpers import report_titles, view_titles
from typer.testing import CliRunner
from web_helpers import client_on, wait_for_job

import detente
from detente.cli import app as cli
from detente.store import Store

_DIV_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _same(html: str) -> str:
    return _DIV_ID.sub("div-id", html)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return tmp_path_factory.mktemp("reopen") / "runs.duckdb"


@pytest.fixture(scope="module")
def client(store_path):
    with client_on(store_path) as c:
        yield c


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return re.search(r"recorded run (\S+)", result.output).group(1)


def _job(client, **body) -> dict:
    job = wait_for_job(client, client.post("/api/jobs", json=body).json()["id"])
    assert job["status"] == "done", job
    return job


def test_a_monte_carlo_run_from_the_cli_reopens_with_its_fan_charts_and_report(client, store_path, tmp_path):
    target = tmp_path / "sim.html"
    run_id = _cli("simulate", str(detente.example("ec_car_emissions")), "--model", "eum", "--draws", "6",
                  "--seed", "5", "--workers", "1", "--store", str(store_path), "--html", str(target))
    cli_html = target.read_text()
    assert cli_html.count("positions by round (median, 50% and 90% bands)") == 1  # the CLI's report has a fan
    view = client.get(f"/api/runs/{run_id}").json()["view"]
    titles = [f["title"] for f in view["figures"]]
    assert titles == ["years: forecast over 6 draws (eum)", "years: positions by round (median, 50% and 90% bands)"]
    page = client.get(f"/api/runs/{run_id}/report")
    assert page.status_code == 200 and _same(page.text) == _same(cli_html)


def test_a_monte_carlo_run_from_the_page_reopens_as_it_was_shown(client, ec):
    job = _job(client, kind="simulate", scenario=ec, models=["eum"], draws=6, seed=3, ranges=["years:6-8"])
    shown = client.get(f"/api/runs/{job['result']['run_ids'][0]}").json()
    assert shown["view"] == job["result"] and shown["documents"] == ["fan"]  # the fan chart too, number for number
    assert len(shown["view"]["figures"]) == 2


def test_a_resumed_or_old_monte_carlo_run_without_fan_quantiles_still_reopens(client, store_path):
    sc = detente.load(detente.example("ec_car_emissions"))
    store = Store(store_path)
    run_id = store.start_run("simulate", sc, model="mean", seed=1, draws=2, extra={"ranges": []})
    import pandas as pd

    store.finish_run(run_id, "done", {"draws": pd.DataFrame({"draw": [0, 1], "issue": "years", "series": "outcome",
                                                             "value": [6.0, 7.0]})})
    view = client.get(f"/api/runs/{run_id}").json()["view"]
    assert [f["title"] for f in view["figures"]] == ["years: forecast over 2 draws (mean)"]  # no fan to draw
    assert client.get(f"/api/runs/{run_id}/report").status_code == 200


def test_a_war_run_reopens_with_the_charts_and_the_report_of_the_fresh_run(client, tmp_path):
    istanbul = client.get("/api/scenarios/shipped/istanbul_2025").json()["scenario"]
    job = _job(client, kind="war", scenario=istanbul, draws=2, seed=4)
    run_id = job["result"]["run_ids"][0]
    shown = client.get(f"/api/runs/{run_id}").json()
    assert shown["view"] == job["result"]  # tables and figures, number for number
    assert shown["documents"] == ["war"] and "documents" not in shown["tables"]
    stored = client.get(f"/api/runs/{run_id}/report").text
    assert _same(stored) == _same(client.get(f"/api/jobs/{job['id']}/report").text)
    target = tmp_path / "war.html"
    result = CliRunner().invoke(cli, ["war", str(detente.example("istanbul_2025")), "--draws", "2", "--seed", "4",
                                      "--workers", "1", "--no-store", "--html", str(target)])
    assert result.exit_code == 0, result.output
    assert _same(stored).replace(f"run: {run_id}", "run: not stored") == _same(target.read_text())


def test_a_war_run_recorded_by_the_cli_reports_as_its_html(client, store_path, tmp_path):
    target = tmp_path / "war-cli.html"
    run_id = _cli("war", str(detente.example("istanbul_2025")), "--draws", "2", "--seed", "4", "--workers", "1",
                  "--store", str(store_path), "--html", str(target))
    page = client.get(f"/api/runs/{run_id}/report")
    assert page.status_code == 200 and _same(page.text) == _same(target.read_text())


def test_a_backtest_run_from_the_cli_reopens_with_its_leaderboard_and_report(client, store_path, tmp_path):
    target = tmp_path / "backtest.html"
    run_id = _cli("backtest", "deu3", "--models", "mean,median", "--store", str(store_path), "--html", str(target))
    cli_html = target.read_text()
    view = client.get(f"/api/runs/{run_id}").json()["view"]
    scores = view["tables"]["Scores per model and split"]
    mae = {(r[0], r[1]): r[scores["columns"].index("mae")] for r in scores["rows"]}
    assert mae[("mean", "all")] == pytest.approx(23.6411, abs=1e-3)  # the data README's baseline
    assert [f["title"] for f in view["figures"]] == ["Absolute error per issue, by model (0-100 scale)",
                                                     "Forecast vs observed outcome",
                                                     "Mean absolute error by proposal year"]
    page = client.get(f"/api/runs/{run_id}/report")
    assert page.status_code == 200 and _same(page.text) == _same(cli_html)
    assert view_titles(view) == report_titles(cli_html)  # every table of the report, in its order


def test_a_sensitivity_run_reopens_with_its_factors_ranges_from_the_cli_or_the_page(client, store_path, tmp_path, ec):
    """Both record through detente.runs (the ranges in the run's extra): the ranges go with the run, and come back."""
    target = tmp_path / "sensitivity.html"
    run_id = _cli("sensitivity", str(detente.example("ec_car_emissions")), "--model", "mean", "--method", "morris",
                  "-n", "4", "--seed", "2", "--store", str(store_path), "--html", str(target))
    view = client.get(f"/api/runs/{run_id}").json()["view"]
    tables = list(view["tables"].values())
    assert tables and all(t["columns"][:4] == ["issue", "factor", "low", "high"] for t in tables)
    page = client.get(f"/api/runs/{run_id}/report")
    assert page.status_code == 200 and _same(page.text) == _same(target.read_text())
    job = _job(client, kind="sensitivity", scenario=ec, models=["mean"], method="morris", n=4, seed=2)
    assert job["result"]["tables"] == view["tables"] and job["result"]["figures"] == view["figures"]
    store = Store(store_path)
    web, cli_run = store.get_run(job["result"]["run_ids"][0]), store.get_run(run_id)
    assert web["extra"] == cli_run["extra"] and {"method", "n", "ranges"} <= set(web["extra"])
    assert (web["draws"], web["seed"], web["model"]) == (cli_run["draws"], cli_run["seed"], cli_run["model"])


def test_a_sensitivity_run_recorded_without_ranges_reopens_with_its_indices(client, store_path):
    from detente.analysis.sensitivity import sensitivity

    sc = detente.load(detente.example("ec_car_emissions"))
    result = sensitivity(sc, "mean", method="morris", n=4, seed=0)
    store = Store(store_path)  # as detente recorded sensitivity runs before it kept the ranges
    run_id = store.start_run("sensitivity", sc, model="mean", seed=0, draws=result.n_runs,
                             extra={"method": "morris", "n": 4})
    store.finish_run(run_id, "done", result.to_tables())
    view = client.get(f"/api/runs/{run_id}").json()["view"]
    columns = next(iter(view["tables"].values()))["columns"]
    assert columns[:2] == ["issue", "factor"] and "low" not in columns and "mu_star" in columns
    assert client.get(f"/api/runs/{run_id}/report").status_code == 200


def test_war_and_backtest_runs_recorded_without_a_document_answer_409_with_their_tables(client, store_path):
    sc = detente.load(detente.example("istanbul_2025"))
    store = Store(store_path)
    run_id = store.start_run("war", sc, model="war", seed=0, draws=2)
    import pandas as pd

    store.finish_run(run_id, "done", {"summaries": pd.DataFrame({"issue": ["Russia"], "statistic": ["x"],
                                                                 "value": [0.1]})})
    shown = client.get(f"/api/runs/{run_id}").json()
    assert shown["view"] is None and list(shown["tables"]) == ["summaries"] and shown["documents"] == []
    page = client.get(f"/api/runs/{run_id}/report")
    assert page.status_code == 409 and "recorded without its result document" in page.json()["detail"]
