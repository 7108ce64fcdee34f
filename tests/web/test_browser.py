"""The page in a real browser: Playwright driving Debian's chromium against a real server on 127.0.0.1.

`make test` installs chromium with apt-get; these tests skip only when no
chromium executable exists at all (Playwright's own browser download is never used).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from web_helpers import wait_for_job

import detente

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable (install Debian's chromium: "
                                "apt-get install chromium, as `make test` does)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(15_000)
    page.goto(live_server.url)
    page.wait_for_selector("body[data-ready='1']")
    yield page
    context.close()
    assert not errors, errors


def _eum_forecast(page) -> float:
    return page.evaluate("""() => {
        const table = document.querySelector('#results-tables table');
        const heads = [...table.querySelectorAll('th')].map((th) => th.textContent);
        return Number(table.querySelectorAll('tbody td')[heads.indexOf('eum')].textContent);
    }""")


def _checked(page, valid: bool) -> None:
    """Wait until the server has validated the scenario as it now stands, and check its verdict."""
    page.wait_for_function("App.validatedFor === JSON.stringify(App.scenario)")
    assert page.evaluate("App.valid") is valid


def _run_and_wait(page, previous_run: str = "") -> None:
    page.click("#tab-run")
    page.click("#run-button")
    page.wait_for_function("(old) => { const m = document.getElementById('results-meta').textContent;"
                           " return document.querySelector('#figure-0 .main-svg') && m && m !== old; }",
                           arg=previous_run)


def test_load_edit_a_salience_run_eum_and_see_the_chart_change(page):
    page.click("[data-scenario='shipped/ec_car_emissions']")
    page.wait_for_selector(".validity.ok")
    assert page.is_checked("#model-eum")
    _run_and_wait(page)
    before_value, before_chart = _eum_forecast(page), page.evaluate("JSON.stringify(document.getElementById("
                                                                    "'figure-0').data.map((t) => t.y))")
    meta = page.text_content("#results-meta")
    page.click("#tab-scenario")
    cell = "input[data-path='positions[6].salience']"  # the UK
    page.fill(cell, "7")
    _checked(page, False)
    assert "salience 7 is above 1, but salience_scale is 1" in page.text_content(
        "[data-err='positions[6].salience']")
    assert page.is_disabled("#run-button")
    page.fill(cell, "0.1")
    _checked(page, True)
    _run_and_wait(page, meta)
    after_value = _eum_forecast(page)
    after_chart = page.evaluate("JSON.stringify(document.getElementById('figure-0').data.map((t) => t.y))")
    sc = detente.load(detente.example("ec_car_emissions"))
    sc.positions[6].salience = 0.1
    assert after_value == pytest.approx(detente.models.get("eum").forecast(sc)["years"].forecast, abs=5e-4)
    assert after_value != before_value and json.loads(after_chart) != json.loads(before_chart)
    page.click("#tab-scenario")  # a number typed as a distribution is the scenario format's inline one
    page.fill(cell, "0.5..1")
    page.fill("input[data-path='actors[0].capability']", "0.08±0.02")
    _checked(page, True)
    assert page.evaluate("App.scenario.actors[0].capability") == {"mean": 0.08, "sd": 0.02}
    assert page.evaluate("App.scenario.positions[6].salience") == {"low": 0.5, "high": 1}


def test_a_malformed_upload_shows_the_clis_error(page):
    page.set_input_files("#upload-file", str(ROOT / "tests" / "data" / "bad" / "unknown_actor.yaml"))
    page.click("#upload-button")
    page.wait_for_selector("#upload-problems li")
    assert page.text_content("#upload-problems li") == ("error: unknown_actor.yaml: positions[1].actor: "
                                                        "actor 'Z' is not in the actors list")


def _finished(live_server, job_id: str) -> dict:
    """The job once done: polls for up to 60 s (a loaded machine), failing with its state otherwise."""
    with httpx.Client(base_url=live_server.url) as http:
        state = wait_for_job(http, job_id, limit=1200)
    assert state["status"] == "done", f"job {job_id} ended {state['status']}, not done: {state}"
    return state


def test_open_a_past_run_from_the_history(page, live_server):
    ec = detente.load(detente.example("ec_car_emissions")).to_dict()
    job = httpx.post(f"{live_server.url}/api/jobs", json={"scenario": ec, "models": ["median"]}).json()
    state = _finished(live_server, job["id"])
    run_id = state["result"]["run_ids"][0]
    page.click("#tab-history")
    page.click(f"button.open-run[data-run='{run_id}']")
    page.wait_for_selector("#page-results.active")
    assert run_id in page.text_content("#results-meta")
    assert page.text_content("#results-title") == "EC car emissions: forecast per issue and model"
    page.click("#load-run-scenario")
    _checked(page, True)
    assert page.input_value("#sc-name") == "EC car emissions"
    page.fill("input[data-path='actors[0].evidence.capability.date']", "1988")  # evidence needs a source
    _checked(page, False)
    assert page.text_content("[data-err='actors[0].evidence.capability']") == (
        "error: 20261201.yaml: actors[0].evidence.capability.source: Netherlands: required field is missing"
        .replace("20261201", run_id))
    page.fill("input[data-path='actors[0].evidence.capability']", "Bueno de Mesquita (1994), p. 78")
    _checked(page, True)
    assert page.evaluate("App.scenario.actors[0].evidence") == {
        "capability": {"date": "1988", "source": "Bueno de Mesquita (1994), p. 78"}}


def test_a_past_war_run_reopens_with_its_charts_and_report_link(page, live_server):
    scenario = httpx.get(f"{live_server.url}/api/scenarios/shipped/istanbul_2025").json()["scenario"]
    job = httpx.post(f"{live_server.url}/api/jobs", json={"kind": "war", "scenario": scenario, "draws": 2}).json()
    state = _finished(live_server, job["id"])
    run_id = state["result"]["run_ids"][0]
    page.click("#tab-history")
    page.click(f"button.open-run[data-run='{run_id}']")
    page.wait_for_selector("#page-results.active")
    page.wait_for_selector(f"#figure-{len(state['result']['figures']) - 1} .main-svg")  # every chart drawn
    assert page.get_attribute("#figure-0", "data-title") == state["result"]["figures"][0]["title"]
    titles = [page.get_attribute(f"#figure-{i}", "data-title") for i in range(len(state["result"]["figures"]))]
    assert any("by channel: exact Shapley values" in t for t in titles)  # the channel split's bars (issue 13)
    assert page.is_visible("#report-link") and page.get_attribute("#report-link", "href") == f"/api/runs/{run_id}/report"


def _posted_job(page, live_server) -> dict:
    """Click Run, and give the finished job the page started (its request body beside it, as ``request``)."""
    with page.expect_response(lambda r: r.url.endswith("/api/jobs") and r.request.method == "POST") as answer:
        page.click("#run-button")
    state = _finished(live_server, answer.value.json()["id"])
    page.wait_for_function("(id) => document.getElementById('results-meta').textContent.includes(id)",
                           arg=state["result"]["run_ids"][0])  # the page has shown it: its polling is over
    return {**state, "request": answer.value.request.post_data_json}


def test_the_variant_select_shows_for_a_model_with_variants_and_reaches_the_stored_run(page, live_server):
    page.click("[data-scenario='shipped/ec_car_emissions']")
    page.wait_for_selector(".validity.ok")
    page.click("#tab-run")
    assert page.is_hidden("#variant-field")  # eum has no variants
    page.check("#model-exchange")
    page.uncheck("#model-eum")
    assert page.is_visible("#variant-field")
    exchange = next(m for m in httpx.get(f"{live_server.url}/api/models").json() if m["name"] == "exchange")
    assert page.eval_on_selector_all("#run-variant option", "os => os.map((o) => o.value)") == [
        "", *exchange["variants"]] == ["", "equal-gain", "random-rate"]
    page.select_option("#run-variant", "random-rate")
    page.fill("#run-rounds", "3")
    forecast = _posted_job(page, live_server)
    assert forecast["request"]["variant"] == "random-rate"
    run = httpx.get(f"{live_server.url}/api/runs/{forecast['result']['run_ids'][0]}").json()["run"]
    assert run["model"] == "exchange" and run["parameters"]["variant"] == "random-rate"
    sc = detente.load(detente.example("ec_car_emissions"))
    expected = detente.models.get("exchange", variant="random-rate", rounds=3).forecast(sc, rng=0)["years"].forecast
    table = forecast["result"]["tables"]["Forecast per issue and model"]
    assert table["rows"][0][table["columns"].index("exchange")] == pytest.approx(expected, abs=1e-9)
    page.click("#tab-run")
    page.select_option("#run-kind", "simulate")
    page.fill("#run-draws", "4")
    assert page.is_visible("#variant-field") and page.input_value("#run-variant") == "random-rate"
    simulation = _posted_job(page, live_server)
    run = httpx.get(f"{live_server.url}/api/runs/{simulation['result']['run_ids'][0]}").json()["run"]
    assert run["command"] == "simulate" and run["parameters"]["variant"] == "random-rate"
    page.click("#tab-run")
    page.select_option("#run-kind", "backtest")  # runs no variant: no select
    assert page.is_hidden("#variant-field")
    page.select_option("#run-kind", "forecast")
    page.uncheck("#model-exchange")
    page.check("#model-eum")
    assert page.is_hidden("#variant-field") and page.input_value("#run-variant") == ""
