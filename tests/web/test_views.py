"""The page and the HTML report of a result show the same parts (tables, then figures) in the same order, made
once per job: both take them from the report's ``*_parts`` functions (:mod:`detente.web.views`)."""

from __future__ import annotations

import pytest
from report_helpers import report_parts, report_titles, view_titles
from web_helpers import finished_job

import detente
from detente.report.html import part_titles
from detente.web import views


def _same_parts(view: dict, html: str) -> None:
    """Same titles in the same order, and each figure drawn from the same data."""
    shown = report_parts(html)
    assert view_titles(view) == [title for title, _ in shown]
    drawn = [figure for _, figure in shown if figure != "table"]
    assert [f["figure"]["data"] for f in view["figures"]] == [f["data"] for f in drawn]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from detente.web import Settings, create_app

    root = tmp_path_factory.mktemp("views")
    with TestClient(create_app(Settings(store=root / "runs.duckdb", scenario_dir=root / "sc"))) as c:
        yield c


@pytest.fixture(scope="module")
def istanbul():
    return detente.load(detente.example("istanbul_2025")).to_dict()


BODIES = {
    "forecast": {"models": ["eum"], "seed": 3},
    "simulate": {"models": ["eum"], "draws": 6, "seed": 3},
    "compare": {"models": ["mean"], "draws": 6, "shock": {"set": ["UK.capability*=0.5"], "drop": ["Greece"]}},
    "sensitivity": {"models": ["mean"], "method": "morris", "n": 4},
    "war": {"draws": 2, "seed": 4},
}


@pytest.mark.parametrize("kind", list(BODIES))
def test_a_job_and_its_report_and_its_reopened_run_show_the_same_parts(client, ec, istanbul, kind):
    job = finished_job(client, kind=kind, scenario=istanbul if kind == "war" else ec, **BODIES[kind])
    _same_parts(job["result"], client.get(f"/api/jobs/{job['id']}/report").text)
    run_id = job["result"]["run_ids"][0]
    reopened = client.get(f"/api/runs/{run_id}").json()["view"]
    assert view_titles(reopened) == view_titles(job["result"])
    assert reopened == job["result"]  # everything, the EUM's per-round median and mean of a forecast included
    assert report_titles(client.get(f"/api/runs/{run_id}/report").text) == view_titles(job["result"])


def test_the_war_page_shows_settlement_over_time_first_as_its_report_does(client, istanbul):
    job = finished_job(client, kind="war", scenario=istanbul, draws=2, seed=4, store=False)
    titles = report_titles(client.get(f"/api/jobs/{job['id']}/report").text)
    assert titles == view_titles(job["result"])
    # tables (the channel split and the rejection after the record's), then settlement over time, then the moves
    assert titles[6].startswith("Which channel carries the missed opportunity")
    assert titles[8].startswith("Probability of a negotiated settlement") and titles[9].startswith("Russia: ")


def test_a_forecast_by_several_models_shows_them_side_by_side_and_each_models_rounds(client, ec):
    job = finished_job(client, kind="forecast", scenario=ec, models=["eum", "mean"], store=False)
    assert list(job["result"]["tables"]) == ["Forecast per issue and model",
                                             "Rounds and last-round statistics per model and issue"]
    _same_parts(job["result"], client.get(f"/api/jobs/{job['id']}/report").text)


def test_a_backtest_job_shows_the_parts_of_its_report(client):
    job = finished_job(client, kind="backtest", models=["mean"], split_year=2005, store=False)
    _same_parts(job["result"], client.get(f"/api/jobs/{job['id']}/report").text)


def test_the_backtest_view_is_its_reports_parts(tmp_path):
    from detente.analysis.backtest import run_backtest
    from detente.datasets import reference_path
    from detente.io import deu3
    from detente.report.backtest import backtest_parts

    bt = run_backtest(deu3.backtest_scenarios(reference_path("deu3", "deu3.csv")), "mean,median")
    payload, report = views.backtest_view(bt, None, "deu3.csv")
    _same_parts(payload, report(tmp_path / "r.html").read_text())
    assert view_titles(payload) == part_titles(backtest_parts(bt))


def test_each_figure_is_made_once_for_the_page_and_the_report(tmp_path, monkeypatch):
    from detente.analysis.war.missed_opportunity import missed_opportunity
    from detente.analysis.simulate import simulate
    from detente.report import reports, war

    made = []

    def counted(module, name):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, **k: made.append(name) or original(*a, **k))

    counted(reports, "outcome_distribution")
    counted(war, "settlement_curves")
    ec = detente.load(detente.example("ec_car_emissions"))
    _, report = views.simulation_view(simulate(ec, "mean", draws=3, seed=1))
    report(tmp_path / "sim.html")
    sc = detente.load(detente.example("istanbul_2025"))
    _, report = views.war_view(missed_opportunity(sc, draws=2, seed=4), sc, None)
    report(tmp_path / "war.html")
    report(tmp_path / "again.html")
    assert made == ["outcome_distribution"] * len(ec.issues) + ["settlement_curves"]
