"""The Draft page in a real browser (Debian's chromium via Playwright, a real server on 127.0.0.1):
paste the seed, see the quotes highlighted, fill one number, save."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from detente.web import Settings, create_app
from detente.web.server import BackgroundServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "draft"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable (apt-get install chromium)")


def test_draft_page_highlights_quotes_and_saves(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    app = create_app(Settings(store=tmp_path / "runs.duckdb", scenario_dir=tmp_path / "sc"))
    errors: list[str] = []
    with BackgroundServer(app) as server, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(15_000)
        page.goto(server.url)
        page.wait_for_selector("body[data-ready='1']")
        page.click("#tab-draft")
        page.fill("#draft-text", (FIXTURES / "istanbul-2025.txt").read_text())
        page.fill("#draft-source", "seed")
        page.click("#draft-button")
        page.wait_for_selector("#draft-result:not([hidden])")
        marks = page.locator("#draft-article mark").all_inner_texts()
        assert any("145 drones" in m for m in marks)
        assert "5 actors" in page.inner_text("#draft-summary")
        assert page.locator("#draft-unfilled input").count() > 10
        page.locator("#draft-unfilled input").first.fill("0.35")
        page.fill("#draft-save-name", "seed-draft")
        page.click("#draft-save")
        page.wait_for_selector("#draft-save-status:has-text('saved seed-draft.yaml')")
        browser.close()
    assert not errors, errors
    saved = (tmp_path / "sc" / "seed-draft.yaml").read_text()
    assert "value: 0.35" in saved
