"""The web app's Draft page API: draft pasted or uploaded text, save a partly or fully filled draft."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_helpers import client_on  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "draft"


@pytest.fixture
def client(tmp_path):
    with client_on(tmp_path / "runs.duckdb") as c:
        yield c


def test_draft_pasted_text_returns_the_draft_and_paragraphs(client):
    text = (FIXTURES / "istanbul-2025.txt").read_text()
    answer = client.post("/api/draft", json={"text": text, "source": "seed", "date": "2025-05-16"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [a["name"] for a in body["document"]["actors"]][:2] == ["Russia", "Ukraine"]
    paragraphs = {p["number"]: p["text"] for p in body["article"]["paragraphs"]}
    for quotes in body["document"]["evidence"].values():  # every quote can be highlighted where it is
        assert all(q["quote"] in paragraphs[q["paragraph"]] for q in quotes)
    assert body["document"]["unfilled"]


def test_upload_and_bad_text_give_the_clis_problem_lines(client):
    ok = client.post("/api/draft/upload", files={"file": ("minsk.txt", (FIXTURES / "minsk-2015.txt").read_bytes())})
    assert ok.status_code == 200 and ok.json()["article"]["label"] == "minsk.txt"
    bad = client.post("/api/draft", json={"text": "Whisk two eggs with sugar and bake the cake for forty minutes."})
    assert bad.status_code == 422 and "no actors" in bad.json()["problems"][0]["text"]
    binary = client.post("/api/draft/upload", files={"file": ("x.bin", bytes(range(256)))})
    assert binary.status_code == 422 and "binary file" in binary.json()["detail"]


def test_saving_reports_what_still_needs_a_value_then_opens_as_a_scenario(client, tmp_path):
    text = (FIXTURES / "istanbul-2025.txt").read_text()
    doc = client.post("/api/draft", json={"text": text, "source": "seed"}).json()["document"]
    first = client.put("/api/draft/user/seed-draft", json={"document": doc})
    assert first.status_code == 200 and not first.json()["valid"]
    assert any("needs a value" in p["text"] for p in first.json()["problems"])
    assert client.put("/api/draft/user/seed-draft", json={"document": doc}).status_code == 409

    def fill(node, key=""):
        if isinstance(node, dict):
            if node.get("value", 0) is None and "source" in node:
                node["value"] = 1 if key == "at_least" else 0.5  # a war rule's count of signals is whole
            for k, v in node.items():
                fill(v, k)
        elif isinstance(node, list):
            for v in node:
                fill(v)

    fill(doc)
    second = client.put("/api/draft/user/seed-draft", json={"document": doc, "overwrite": True})
    assert second.json()["valid"], second.json()
    listed = client.get("/api/scenarios").json()["user"]
    assert any(s["name"] == "seed-draft.yaml" for s in listed)
