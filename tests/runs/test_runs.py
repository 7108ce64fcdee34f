"""The run service (detente.runs) that both shells call: a scenario parsed once per run from either shell, the
same stored run whichever shell asked for it, and a cancelled run recorded as interrupted."""

from __future__ import annotations

import sys
import threading
import time
import warnings

import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.runs import Cancelled, plan, run
from detente.runs.requests import Execution, ForecastRequest, SimulateRequest
from detente.store import Store

warnings.filterwarnings("ignore", message=".*httpx2.*")


class _Calls:
    """Counts the calls of functions named ``name`` in detente's modules, in every thread (as the walk does)."""

    def __init__(self, name: str, module: str = "detente"):
        self.name, self.module, self.n = name, module, 0

    def __call__(self, frame, event, arg):
        if event == "call" and frame.f_code.co_name == self.name and \
                frame.f_globals.get("__name__", "").startswith(self.module):
            self.n += 1

    def __enter__(self):
        sys.setprofile(self)
        threading.setprofile(self)
        return self

    def __exit__(self, *exc):
        sys.setprofile(None)
        threading.setprofile(None)


def _web_job(tmp_path, body: dict) -> dict:
    from fastapi.testclient import TestClient

    from detente.web import Settings, create_app

    settings = Settings(store=tmp_path / "web.duckdb", scenario_dir=tmp_path / "scenarios")
    with TestClient(create_app(settings)) as client:
        job = client.post("/api/jobs", json=body).json()
        for _ in range(1200):
            job = client.get(f"/api/jobs/{job['id']}").json()
            if job["status"] not in ("queued", "running"):
                break
            time.sleep(0.05)
    assert job["status"] == "done", job
    return job


@pytest.mark.parametrize("kind", ["forecast", "simulate"])
def test_each_shell_parses_the_scenario_once(tmp_path, ec_path, kind):
    """The web validated the body's scenario twice (plan, then run) before the run service; the CLI loads its file
    once. Counted as the issue's walk counts them: calls of ``scenario_from_dict``."""
    extra = ["--draws", "4", "--workers", "1"] if kind == "simulate" else []
    with _Calls("scenario_from_dict") as cli_calls:
        result = CliRunner().invoke(app, [kind, str(ec_path), *extra, "--store", str(tmp_path / "cli.duckdb")])
    assert result.exit_code == 0, result.output
    body = {"kind": kind, "scenario": detente.load(ec_path).to_dict(), "models": ["eum"], "draws": 4}
    with _Calls("scenario_from_dict") as web_calls:
        _web_job(tmp_path, body)
    assert (cli_calls.n, web_calls.n) == (1, 1)


def test_both_shells_store_the_same_forecast(tmp_path, ec_path):
    """A forecast asked for from the CLI and from the web is recorded alike (same rows, same parameters)."""
    db = tmp_path / "cli.duckdb"
    assert CliRunner().invoke(app, ["forecast", str(ec_path), "--store", str(db)]).exit_code == 0
    job = _web_job(tmp_path, {"kind": "forecast", "scenario": detente.load(ec_path).to_dict(), "models": ["eum"]})
    cli_store, web_store = Store(db), Store(tmp_path / "web.duckdb")
    cli_id, web_id = cli_store.list_runs()["run_id"].item(), job["result"]["run_ids"][0]
    for table in ("forecasts", "positions", "documents"):
        assert cli_store.tables(cli_id)[table].equals(web_store.tables(web_id)[table]), table
    assert cli_store.get_run(cli_id)["parameters"] == web_store.get_run(web_id)["parameters"]


def test_the_service_gives_the_models_own_forecast_and_builds_it_once(ec_path):
    sc = detente.load(ec_path)
    request = ForecastRequest(scenario=sc, models=("eum",), seed=0)
    assert plan(request) == 1
    ids, (forecast,) = run(request)
    assert ids == [] and len(request.built["models"]) == 1  # planning and running share the one model built
    assert forecast["years"].forecast == detente.models.get("eum").forecast(sc)["years"].forecast


@pytest.mark.parametrize("kind", ["simulate", "compare", "sensitivity"])
def test_a_monte_carlo_run_in_one_process_builds_its_model_once(ec_path, monkeypatch, kind):
    """The model the service builds to check the parameters is the one the draws use (in a fresh process:
    no model kept from an earlier run); before, the service, the analysis and the draws each built one."""
    import detente.analysis.simulate
    from detente.analysis.shocks import Shock
    from detente.runs.requests import CompareRequest, SensitivityRequest

    monkeypatch.setattr(detente.analysis.simulate, "_BUILT", {})
    sc, where = detente.load(ec_path), Execution(workers=1)
    request = {"simulate": lambda: SimulateRequest(scenario=sc, draws=4, execution=where),
               "compare": lambda: CompareRequest(scenario=sc, shock=Shock(name="s", drop=["UK"]), draws=4,
                                                 execution=where),
               "sensitivity": lambda: SensitivityRequest(scenario=sc, n=4, execution=where)}[kind]()
    with _Calls("__init__", "detente.models.eum") as builds:
        plan(request)
        run(request)
    assert builds.n == 1


def test_a_cancelled_run_stops_and_is_recorded_interrupted(tmp_path, ec_path):
    """Cancel (the web's button) stops a run at its next progress step; the store keeps it, resumable."""
    store = Store(tmp_path / "runs.duckdb")
    cancel = threading.Event()
    request = SimulateRequest(scenario=detente.load(ec_path), draws=40, execution=Execution(workers=1, min_chunks=8))

    def progress(n):
        cancel.set()  # asked after the first chunk

    with pytest.raises(Cancelled):
        run(request, store, progress, cancel)
    runs = store.list_runs()
    assert list(runs["status"]) == ["interrupted"]
    assert store.completed_chunks(runs["run_id"].item())  # the first chunk is kept for --resume


def test_a_bad_request_fails_in_plan_before_any_work(ec_path):
    sc = detente.load(ec_path)
    with pytest.raises(KeyError):
        plan(ForecastRequest(scenario=sc, models=("oracle",)))
    with pytest.raises(ValueError, match="range for unknown issue"):
        plan(SimulateRequest(scenario=sc, ranges=("taxes:0-10",)))


def test_a_war_run_parses_its_scenario_once_from_each_shell(tmp_path):
    """The web validated a war body twice (plan, then run: web/tasks_more.py) before the war run joined the
    service; the CLI loads its file once. Both record the run alike (the same options, the same tables)."""
    istanbul = detente.example("istanbul_2025")
    with _Calls("scenario_from_dict") as cli_calls:
        result = CliRunner().invoke(app, ["war", str(istanbul), "--draws", "2", "--seed", "4", "--workers", "1",
                                          "--store", str(tmp_path / "cli.duckdb")])
    assert result.exit_code == 0, result.output
    body = {"kind": "war", "scenario": detente.load(istanbul).to_dict(), "draws": 2, "seed": 4}
    with _Calls("scenario_from_dict") as web_calls:
        job = _web_job(tmp_path, body)
    assert (cli_calls.n, web_calls.n) == (1, 1)
    cli_store, web_store = Store(tmp_path / "cli.duckdb"), Store(tmp_path / "web.duckdb")
    cli_id, web_id = cli_store.list_runs()["run_id"].item(), job["result"]["run_ids"][0]
    assert cli_store.get_run(cli_id)["parameters"] == web_store.get_run(web_id)["parameters"]
    for table in ("summaries", "draws"):
        assert cli_store.tables(cli_id)[table].equals(web_store.tables(web_id)[table]), table


def test_the_war_service_checks_the_war_section_and_counts_draws(ec_path):
    from detente.runs.requests import WarRequest

    with pytest.raises(ValueError, match="ec.yaml: war: the scenario has no war: section"):
        plan(WarRequest(scenario=detente.load(ec_path), source="ec.yaml"))
    assert plan(WarRequest(scenario=detente.load(detente.example("istanbul_2025")), draws=7)) == 7
