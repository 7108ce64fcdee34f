"""Limits and safety: no path leaves the scenario folder, uploads are capped, every asset is local."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "%2E%2E", ".hidden.yaml", "a%2Fb.yaml",
                                  "%2Fetc%2Fpasswd", "..%5C..%5Cwin.ini"])
def test_path_traversal_cannot_read_outside_the_scenario_folder(client, name):
    response = client.get(f"/api/scenarios/user/{name}")
    assert response.status_code in (404, 422)
    assert "root:" not in response.text


@pytest.mark.parametrize("name", ["..%2Fescaped.yaml", "%2E%2E%2Fescaped.yaml", "%2Ftmp%2Fescaped.yaml", "sub%2Fescaped.yaml"])
def test_path_traversal_cannot_write_outside_the_scenario_folder(client, settings, ec, name, tmp_path):
    response = client.put(f"/api/scenarios/user/{name}", json={"scenario": ec})
    assert response.status_code in (404, 405, 422)
    assert not list(tmp_path.rglob("escaped.yaml"))


def test_an_upload_name_is_only_a_name(client, tmp_path, ec_path):
    response = client.post("/api/scenarios/upload",
                           files={"file": ("../../../../tmp/evil.yaml", ec_path.read_bytes())})
    assert response.status_code == 200 and response.json()["file"] == "evil.yaml"
    assert not list(tmp_path.rglob("evil*"))


def test_static_files_stay_in_the_package(client):
    for url in ("/static/../pyproject.toml", "/static/%2E%2E/app.py", "/static/..%2Fapp.py"):
        assert client.get(url).status_code == 404


def test_uploads_over_the_limit_are_refused_and_nothing_is_kept(client, settings):
    limit = settings.max_upload
    for size in (limit + 1, limit + 70_000, 3 * limit):  # checked by the endpoint, then by the middleware
        body = b"name: x\n" + b"#" * (size - 8)
        response = client.post("/api/scenarios/upload", files={"file": ("big.yaml", body)})
        assert response.status_code == 413
        assert response.json()["detail"] in (f"error: big.yaml: upload is larger than the limit of {limit:,} bytes",
                                             f"error: the request is larger than the upload limit of {limit:,} "
                                             "bytes (detente serve --max-upload)")
    assert not settings.scenario_dir.exists()


def test_a_body_without_a_length_is_cut_off_at_the_limit(client, settings):
    chunks = (b"x" * 50_000 for _ in range(20))  # 1 MB, sent chunked
    response = client.post("/api/scenarios/validate", content=chunks, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "larger than the upload limit" in response.json()["detail"]


def test_a_scenario_sent_as_json_is_capped_too(client, settings, ec):
    ec["description"] = "x" * (2 * settings.max_upload)
    response = client.post("/api/scenarios/validate", json={"scenario": ec})
    assert response.status_code == 413


def test_an_upload_at_the_limit_is_read(client, settings, ec_path):
    text = ec_path.read_bytes()
    body = text + b"#" * (settings.max_upload - len(text))
    response = client.post("/api/scenarios/upload", files={"file": ("ec.yaml", body)})
    assert response.status_code == 200, response.text


def test_the_default_limit_is_5_mb():
    from detente.web import DEFAULT_MAX_UPLOAD, Settings

    assert DEFAULT_MAX_UPLOAD == Settings().max_upload == 5_000_000
    with pytest.raises(ValueError):
        Settings(max_upload=0)


def _local_refs(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)


def test_the_page_and_the_api_docs_load_only_local_assets(client):
    for page in ("/", "/docs", "/redoc"):
        html = client.get(page).text
        assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html, page
        for ref in _local_refs(html):
            if ref.startswith("/"):
                assert client.get(ref).status_code == 200, ref
    index = client.get("/").text
    for script in re.findall(r'<script src="([^"]+)"', index):
        assert client.get(script).status_code == 200
    assert client.get("/vendor/plotly.min.js").text.startswith("/**")
    schema = client.get("/openapi.json").json()
    assert {"/api/scenarios", "/api/jobs", "/api/runs/{run_id}/export"} <= set(schema["paths"])


def test_only_local_host_names_are_answered_when_asked(tmp_path):
    """`detente serve` on 127.0.0.1 answers only Host: 127.0.0.1/localhost (no DNS rebinding)."""
    from fastapi.testclient import TestClient

    from detente.web import Settings, create_app

    app = create_app(Settings(store=tmp_path / "r.duckdb", scenario_dir=tmp_path, allowed_hosts=["127.0.0.1"]))
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/health").status_code == 200
    assert TestClient(app, base_url="http://evil.example:8000").get("/api/health").status_code == 400
