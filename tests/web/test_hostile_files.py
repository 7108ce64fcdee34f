"""Issue 14: hostile files get a 4xx JSON answer, never a 500, and the connection stays usable.

Before: a YAML file of deeply nested sequences and a DEU III file with an unterminated quote were
answered 500 on upload, ``GET /api/scenarios`` answered 500 while such a file sat in the scenario
folder, and the next request on the same keep-alive connection failed.
"""

from __future__ import annotations

import httpx

from detente.io.deu3 import COLUMNS

DEEP_YAML = "name: x\nactors: " + "[" * 20000 + "]" * 20000 + "\n"


def _deu3_open_quote(field: int = 140_000) -> str:
    header = "\t".join(f'"{c}"' for c in COLUMNS)
    return header + '\n"2"\t"2"\t"d05128\t' + "x" * field + "\n"


HOSTILE = {"deep.yaml": DEEP_YAML, "open-quote.tsv": _deu3_open_quote(),
           "twice.yaml": "name: a\nname: b\nactors: []\n"}


def test_hostile_uploads_are_422_with_the_clis_lines_and_the_next_request_works(client):
    for name, text in HOSTILE.items():
        response = client.post("/api/scenarios/upload", files={"file": (name, text.encode())})
        assert response.status_code == 422, (name, response.text)
        problems = response.json()["problems"]
        assert problems and all(p["file"] == name and p["text"].startswith(f"error: {name}") for p in problems)
        assert client.get("/api/scenarios").status_code == 200  # the same client, straight after
    body = client.post("/api/scenarios/upload", files={"file": ("open-quote.tsv", HOSTILE["open-quote.tsv"])}).json()
    assert body["problems"][0]["where"] == "line 2" and "quote" in body["problems"][0]["message"]


def test_listing_skips_and_reports_hostile_files_in_the_folder(client, settings, ec):
    settings.scenario_dir.mkdir(parents=True, exist_ok=True)
    for name, text in HOSTILE.items():
        (settings.scenario_dir / name).write_text(text)
    client.put("/api/scenarios/user/good", json={"scenario": ec})
    response = client.get("/api/scenarios")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [s["name"] for s in body["user"]] == ["good.yaml"]
    assert {p["file"] for p in body["problems"]} == set(HOSTILE)
    for name in HOSTILE:  # opening one is a 422 naming it, like an upload
        response = client.get(f"/api/scenarios/user/{name}")
        assert response.status_code == 422 and response.json()["problems"][0]["file"] == name


def test_a_real_server_keeps_the_connection_after_a_hostile_upload(live_server):
    with httpx.Client(base_url=live_server.url, timeout=120) as http:
        for name, text in HOSTILE.items():
            bad = http.post("/api/scenarios/upload", files={"file": (name, text.encode())})
            assert bad.status_code == 422 and bad.headers.get("connection", "").lower() != "close"
            ok = http.get("/api/scenarios")
            assert ok.status_code == 200 and "shipped" in ok.json()
