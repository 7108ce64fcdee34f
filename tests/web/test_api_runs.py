"""/api/models, /api/formats, /api/jobs: runs give the Python API's numbers, record as the CLI does, and cancel."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest
from web_helpers import finished_job, wait_for_job
from typer.testing import CliRunner

import detente
from detente.analysis.simulate import simulate
from detente.cli import app as cli
from detente.store import Store
from detente.web import Settings, create_app


def test_health_models_and_formats_are_the_registries(client):
    assert client.get("/api/health").json()["status"] == "ok"
    models = client.get("/api/models").json()
    assert [m["name"] for m in models] == list(detente.models.available())
    assert {m["name"]: m["variants"] for m in models if m["variants"]} == {"exchange": ["equal-gain", "random-rate"]}
    assert all(("variant" in m["params"]) == bool(m["variants"]) for m in models)
    assert [f["name"] for f in client.get("/api/formats").json()] == list(detente.io.formats())


def test_forecast_gives_each_models_numbers_side_by_side_and_records_them(client, ec, settings):
    job = finished_job(client, kind="forecast", scenario=ec, models=["eum", "mean"], seed=3)
    sc = detente.scenario_from_dict(ec)
    table = job["result"]["tables"]["Forecast per issue and model"]
    assert table["columns"] == ["issue", "scale", "eum", "mean", "observed"]
    for model in ("eum", "mean"):
        expected = detente.models.get(model).forecast(sc, rng=3)["years"].forecast
        assert table["rows"][0][table["columns"].index(model)] == pytest.approx(expected, abs=1e-9)
    assert table["rows"][0][-1] == 8.833
    figures = job["result"]["figures"]
    assert [f["title"] for f in figures] == ["Forecast per issue and model", "years: positions by round (eum)"]
    bars = figures[0]["figure"]["data"]  # mean has no rounds to draw
    assert [b["name"] for b in bars] == ["eum", "mean", "observed"] and bars[2]["y"] == [8.833]
    assert len(figures[1]["figure"]["data"]) == len(sc.actors) + 2  # one line per actor, plus median and mean
    runs = Store(settings.store).list_runs()
    assert sorted(runs["model"]) == ["eum", "mean"] and set(runs["command"]) == {"forecast"}
    assert sorted(job["result"]["run_ids"]) == sorted(runs["run_id"])


def test_rounds_reach_iterative_models(client, ec):
    job = finished_job(client, kind="forecast", scenario=ec, models=["eum"], rounds=2, store=False)
    trace = job["result"]["figures"][1]["figure"]["data"][0]
    assert len(trace["x"]) == 3 and job["result"]["run_ids"] == []


def test_simulate_is_the_python_apis_simulation(client, ec):
    ec["positions"][6]["salience"] = {"low": 0.5, "high": 1.0}
    job = finished_job(client, kind="simulate", scenario=ec, models=["mean"], draws=40, seed=5, ranges=["years:7-9"])
    expected = simulate(detente.scenario_from_dict(ec), "mean", draws=40, seed=5, ranges=["years:7-9"]).summary()
    table = job["result"]["tables"]["Outcome per issue"]
    assert table["columns"] == list(expected.columns)
    assert np.allclose(table["rows"][0][1:], expected.iloc[0, 1:].to_numpy(dtype=float))
    assert {f["figure"]["data"][0]["type"] for f in job["result"]["figures"]} == {"histogram", "scatter"}


def test_compare_and_sensitivity_run_and_are_recorded(client, ec, settings):
    job = finished_job(client, kind="compare", scenario=ec, models=["mean"], draws=10,
               shock={"set": ["UK.capability*=0.5"], "drop": ["Greece"]})
    effect = job["result"]["tables"]["Effect per issue"]
    assert effect["rows"][0][effect["columns"].index("difference")] < 0  # a weaker UK (at 10) lowers the mean
    job = finished_job(client, kind="sensitivity", scenario=ec, models=["mean"], n=8, method="morris")
    assert set(job["result"]["tables"]) == {"years"}
    assert sorted(Store(settings.store).list_runs()["command"]) == ["compare", "sensitivity"]


@pytest.mark.parametrize("body, status, text", [
    ({"models": ["oracle"]}, 400, "unknown model 'oracle'"),
    ({"kind": "compare"}, 400, "no shock given"),
    ({"kind": "compare", "shock": {"set": ["Atlantis.capability=1"]}}, 400, "no actor named 'Atlantis'"),
    ({"kind": "simulate", "ranges": ["years:9-7"]}, 400, "low 9 is above high 7"),
    ({"kind": "poker"}, 422, "kind"),
    ({"draws": 0}, 422, "draws"),
    ({"params": {"nonsense": 1}}, 400, "nonsense"),
])
def test_bad_run_requests_are_refused_at_once_with_a_message(client, ec, body, status, text):
    response = client.post("/api/jobs", json={"scenario": ec, **body})
    assert response.status_code == status, response.text
    assert text in response.json()["detail"]


def test_an_invalid_scenario_is_refused_with_the_clis_lines(client, ec):
    ec["issues"][0]["upper"] = 2
    response = client.post("/api/jobs", json={"scenario": ec, "file": "ec.yaml"})
    assert response.status_code == 422
    assert response.json()["problems"][0]["text"].startswith("error: ec.yaml: issues[0]: years: lower bound 4")


def test_unknown_jobs_and_unfinished_reports(client):
    assert client.get("/api/jobs/nope").status_code == 404
    assert client.post("/api/jobs/nope/cancel").status_code == 404
    assert client.get("/api/jobs/nope/report").status_code == 404


def test_a_long_run_can_be_cancelled_while_the_server_keeps_answering(tmp_path, ec, monkeypatch):
    """The run cannot finish before it is cancelled, however fast the machine: each progress report waits
    (up to 120 s) for the cancel, so the job is still running when the test lists and cancels it."""
    from fastapi.testclient import TestClient

    from detente.web.jobs import Job

    report = Job.progress

    def held_until_cancelled(self, n=1):
        self._cancel.wait(timeout=120)
        report(self, n)

    monkeypatch.setattr(Job, "progress", held_until_cancelled)
    app = create_app(Settings(store=tmp_path / "runs.duckdb", scenario_dir=tmp_path / "sc"))
    with TestClient(app) as client:
        body = {"kind": "simulate", "scenario": ec, "models": ["mean"], "draws": 3_200}
        first = client.post("/api/jobs", json=body).json()
        queued = client.post("/api/jobs", json={**body, "draws": 10}).json()
        assert client.post(f"/api/jobs/{queued['id']}/cancel").json()["status"] == "cancelled"
        for _ in range(400):  # the worker is busy; the API still answers
            state = client.get(f"/api/jobs/{first['id']}").json()
            if state["status"] == "running":
                break
            time.sleep(0.02)
        assert state["status"] == "running", f"the long job never started running within 8 s: {state}"
        assert client.get("/api/health").status_code == 200
        listed = client.get("/api/jobs").json()
        assert [(j["id"], j["status"]) for j in listed] == [(queued["id"], "cancelled"), (first["id"], "running")]
        client.post(f"/api/jobs/{first['id']}/cancel")
        final = wait_for_job(client, first["id"])
        assert final["status"] == "cancelled" and final["done"] < final["total"]
        assert client.get(f"/api/jobs/{first['id']}/report").status_code == 409
    runs = Store(tmp_path / "runs.duckdb").list_runs()
    assert list(runs["status"]) == ["interrupted"]  # resumable with `detente simulate --resume`


def _tables(html: str) -> list[str]:
    return re.findall(r"<h1>.*?</h1>|<table.*?</table>", html, flags=re.S)


def test_the_job_report_is_the_report_the_clis_html_writes(client, ec, tmp_path, ec_path):
    job = finished_job(client, kind="simulate", scenario=ec, models=["mean"], draws=20, seed=2, store=False)
    web = client.get(f"/api/jobs/{job['id']}/report")
    assert web.status_code == 200 and web.headers["content-type"].startswith("text/html")
    target = tmp_path / "cli.html"
    result = CliRunner().invoke(cli, ["simulate", str(ec_path), "--model", "mean", "--draws", "20", "--seed", "2",
                                      "--workers", "1", "--no-store", "--html", str(target)])
    assert result.exit_code == 0, result.output
    cli_html = target.read_text()
    assert _tables(web.text) == _tables(cli_html)
    assert web.text.count("Plotly.newPlot") == cli_html.count("Plotly.newPlot") == 2


def test_the_war_model_runs_on_a_scenario_with_a_war_section(client, settings):
    import detente.cli  # noqa: F401 - loads the CLI, as `detente war` would, before comparing numbers
    from detente.analysis.war.missed_opportunity import missed_opportunity

    istanbul = client.get("/api/scenarios/shipped/istanbul_2025").json()["scenario"]
    job = finished_job(client, kind="war", scenario=istanbul, draws=2, seed=4)
    table = job["result"]["tables"]["Missed opportunity per actor"]
    expected = missed_opportunity(detente.scenario_from_dict(istanbul), draws=2, seed=4).summary("Russia")
    row = table["rows"][[r[0] for r in table["rows"]].index("Russia")]
    assert row[table["columns"].index("missed")] == pytest.approx(expected["missed_opportunity"]["value"])
    moves = job["result"]["tables"]["Settlement and terms per move of Russia"]
    spec = detente.scenario_from_dict(istanbul).war.moves["Russia"]  # every combination of Russia's choices
    n_moves = 1
    for options in spec.values():
        n_moves *= len(options)
    assert len(moves["rows"]) == n_moves == 12   # 3 delegation levels x eve attack or not x ceasefire or not
    assert sum(r[0].startswith("observed: ") for r in moves["rows"]) == 1
    titles = [f["title"] for f in job["result"]["figures"]]
    # settlement curves, each actor's move values, then Russia's missed opportunity by channel (issue 13)
    assert titles[0].startswith("Probability of a negotiated settlement") and len(titles) == 2 + len(table["rows"])
    assert "by channel: exact Shapley values" in titles[-1]
    assert client.get(f"/api/jobs/{job['id']}/report").status_code == 200
    assert list(Store(settings.store).list_runs()["command"]) == ["war"]
    stored = client.get(f"/api/runs/{job['result']['run_ids'][0]}").json()  # re-opened: the same charts
    assert stored["view"] == job["result"] and set(stored["tables"]) == {"draws", "summaries"}
    assert stored["documents"] == ["war"]


def test_war_needs_a_war_section(client, ec):
    response = client.post("/api/jobs", json={"kind": "war", "scenario": ec, "file": "ec.yaml"})
    assert response.status_code == 400
    assert response.json()["detail"] == "error: ec.yaml: war: the scenario has no war: section " \
                                        "(see docs/reference/scenario-format.md)"


def test_the_deu3_backtest_leaderboard(client, settings):
    job = finished_job(client, kind="backtest", models=["mean"], split_year=2005)
    scores = job["result"]["tables"]["Scores per model and split"]
    mae = {(r[0], r[1]): r[scores["columns"].index("mae")] for r in scores["rows"]}
    assert mae[("mean", "all")] == pytest.approx(23.6411, abs=1e-3)  # the data README's baseline
    assert mae[("mean", "test")] == pytest.approx(23.7567, abs=1e-3)
    assert {("stacked", "test"), ("menu", "test")} <= set(mae)  # the learned forecasts by default, as the CLI
    assert len(job["result"]["figures"]) == 3
    assert list(Store(settings.store).list_runs()["command"]) == ["backtest"]
    assert "unknown model" in client.post("/api/jobs", json={"kind": "backtest", "models": ["oracle"]}).json()["detail"]


def test_the_backtest_fits_the_learned_forecasts_by_default_as_the_cli_does():
    """``stack`` defaults to ``detente backtest --stack``'s default, and the page's box starts ticked."""
    import inspect

    from detente.cli.backtest import backtest
    from detente.web.schemas import RunRequest

    assert RunRequest(kind="backtest").stack is inspect.signature(backtest).parameters["stack"].default is True
    html = (Path(detente.web.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<input[^>]*id="run-stack"[^>]*>', html, re.S).group(0)
    assert re.search(r"\bchecked\b", box), box


def test_a_failing_job_is_recorded_failed_not_interrupted(client, ec, settings, monkeypatch):
    """Only a cancel (or Ctrl-C) is an interrupt: a run that breaks is ``failed``, with the error on the page."""
    import detente.analysis.simulate

    def broken(*args, progress=None, **kwargs):
        progress(1)
        raise RuntimeError("model blew up")

    monkeypatch.setattr(detente.analysis.simulate, "simulate", broken)
    response = client.post("/api/jobs", json={"kind": "simulate", "scenario": ec, "models": ["mean"], "draws": 10})
    job = wait_for_job(client, response.json()["id"])
    assert job["status"] == "failed"
    assert job["problems"][0]["text"] == "error: the run failed: RuntimeError: model blew up"
    runs = Store(settings.store).list_runs()
    assert list(runs["command"]) == ["simulate"] and list(runs["status"]) == ["failed"]


def test_a_busy_store_fails_a_backtest_job_with_the_stores_message(client, monkeypatch):
    from detente.store import StoreBusyError

    def busy(self, *args, **kwargs):
        raise StoreBusyError(self.path)

    monkeypatch.setattr(Store, "start_run", busy)
    response = client.post("/api/jobs", json={"kind": "backtest", "models": ["mean"]})
    job = wait_for_job(client, response.json()["id"])
    assert job["status"] == "failed"
    assert [p["text"] for p in job["problems"]] == [f"error: {StoreBusyError(client.app.state.store().path)}"]


def test_the_exchange_models_variant_reaches_forecasts_and_simulations(client, ec, settings):
    """``variant`` is forecast's --variant: the model gets it (and the run records it), as detente.models.get would."""
    sc = detente.scenario_from_dict(ec)
    job = finished_job(client, kind="forecast", scenario=ec, models=["exchange"], variant="random-rate", seed=3)
    table = job["result"]["tables"]["Forecast per issue and model"]
    expected = detente.models.get("exchange", variant="random-rate").forecast(sc, rng=3)["years"].forecast
    assert table["rows"][0][table["columns"].index("exchange")] == pytest.approx(expected, abs=1e-9)
    finished_job(client, kind="simulate", scenario=ec, models=["exchange"], variant="random-rate", draws=4, rounds=2)
    finished_job(client, kind="forecast", scenario=ec, models=["eum", "exchange"], variant="random-rate", store=False)
    store = Store(settings.store)
    variants = {r.command: store.get_run(r.run_id)["parameters"]["variant"] for r in store.list_runs().itertuples()}
    assert variants == {"forecast": "random-rate", "simulate": "random-rate"}
    response = client.post("/api/jobs", json={"scenario": ec, "models": ["eum"], "variant": "random-rate"})
    assert response.status_code == 400
    assert response.json()["detail"] == "error: variant: model 'eum' has no variants (the exchange model has)"
    response = client.post("/api/jobs", json={"scenario": ec, "models": ["exchange"], "variant": "fair"})
    assert response.status_code == 400 and "variant must be one of" in response.json()["detail"]


def test_a_backtest_job_reads_the_deu3_file_once(client, monkeypatch):
    """Planning the job, running it and recording it share one reading of each form of the shipped file."""
    from detente.io import deu3
    from detente.runs import backtest as backtest_run

    calls = {"issues": 0, "whole": 0}
    read_scenarios, read = deu3.read_scenarios, deu3.read

    def counted(key, fn):
        def call(*args, **kwargs):
            calls[key] += 1
            return fn(*args, **kwargs)
        return call

    monkeypatch.setattr(deu3, "read_scenarios", counted("issues", read_scenarios))
    monkeypatch.setattr(deu3, "read", counted("whole", read))
    backtest_run.clear_cache()
    first = finished_job(client, kind="backtest", models=["mean"], stack=False)  # no learned forecast: no seed in play
    second = finished_job(client, kind="backtest", models=["mean"], seed=1, stack=False)
    assert calls == {"issues": 1, "whole": 1}
    assert first["result"]["tables"] == second["result"]["tables"]  # mean is not stochastic
