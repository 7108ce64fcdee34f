"""Take the screenshots of the web app used in README.md and docs/ (docs/images/web-*.png).

Runs the app on 127.0.0.1 with a throw-away store, drives Debian's chromium
with Playwright through each main page, and saves one PNG per page::

    .venv/bin/python scripts/web_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from detente.web import Settings, create_app
from detente.web.server import BackgroundServer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
BAD = ROOT / "tests" / "data" / "bad" / "unknown_actor.yaml"


def _run(page, kind: str, **fields) -> None:
    page.click("#tab-run")
    page.select_option("#run-kind", kind)
    for selector, value in fields.items():
        page.fill(f"#{selector}", value)
    old = page.text_content("#results-meta") or ""
    page.click("#run-button")
    page.wait_for_function("(old) => { const m = document.getElementById('results-meta').textContent;"
                           " return document.querySelector('#figure-0 .main-svg') && m && m !== old; }", arg=old,
                           timeout=120_000)
    page.wait_for_timeout(600)


def shoot(page, url: str) -> list[Path]:
    shots = []

    def save(name: str) -> None:
        path = OUT / f"web-{name}.png"
        page.screenshot(path=str(path), full_page=False)
        shots.append(path)

    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")
    page.click("[data-scenario='shipped/ec_car_emissions']")
    page.wait_for_selector(".validity.ok")
    page.fill("input[data-path='positions[6].salience']", "1.9")
    page.wait_for_selector(".validity.bad")
    page.locator("[data-err='positions[6].salience']").scroll_into_view_if_needed()
    save("scenario")
    page.fill("input[data-path='positions[6].salience']", "0.9")
    page.wait_for_selector(".validity.ok")
    page.click("#tab-run")
    for model in ("exchange", "nash", "median", "mean"):
        if page.locator(f"#model-{model}").count():
            page.check(f"#model-{model}")
    save("run")
    _run(page, "forecast")
    save("forecast")
    page.click("#tab-run")
    for model in ("exchange", "nash", "median", "mean"):
        if page.locator(f"#model-{model}").count():
            page.uncheck(f"#model-{model}")
    page.click("#tab-scenario")
    page.fill("input[data-path='positions[6].salience']", "0.5..1")  # numbers as distributions
    page.fill("input[data-path='actors[4].capability']", "0.16±0.04")
    page.fill("input[data-path='positions[1].position']", "5/7/9")
    page.wait_for_timeout(400)
    page.wait_for_selector(".validity.ok")
    _run(page, "simulate", **{"run-draws": "300"})
    save("monte-carlo")
    _run(page, "compare", **{"run-draws": "200", "shock-set": "UK.capability*=0.5\nFrance.years.position=7"})
    save("compare")
    _run(page, "sensitivity", **{"run-n": "16"})
    save("sensitivity")
    page.click("#tab-scenario")
    page.click("[data-scenario='shipped/istanbul_2025']")
    page.wait_for_selector(".validity.ok")
    _run(page, "war", **{"run-draws": "40"})
    page.evaluate("document.getElementById('results-figures').scrollIntoView()")
    save("war")
    page.click("#tab-run")
    for model in ("median", "nash"):
        page.check(f"#model-{model}")
    _run(page, "backtest")
    page.evaluate("window.scrollTo(0, 260)")
    save("backtest")
    page.click("#tab-history")
    page.wait_for_selector("button.open-run")
    save("history")
    page.click("#tab-scenario")
    page.set_input_files("#upload-file", str(BAD))
    page.click("#upload-button")
    page.wait_for_selector("#upload-problems li")
    save("upload-error")
    return shots


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(store=Path(tmp) / "runs.duckdb", scenario_dir=Path(tmp) / "scenarios"))
        with BackgroundServer(app) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1360, "height": 860})
            for path in shoot(page, server.url):
                print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
            browser.close()


if __name__ == "__main__":
    main()
