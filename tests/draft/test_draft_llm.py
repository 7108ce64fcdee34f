"""The llm back-end against a fake OpenAI-compatible server on the loopback interface.

The reply (tests/fixtures/draft/llm/seed-reply.json) has the shape an OpenAI-compatible server returns
(choices[0].message.content, here fenced as many local models do); its content was written by hand,
as no model weights may be used in the suite, and holds what a model gets wrong: a quote that is not
in the article (China "offered to mediate"), a paraphrase instead of a quote (the Trump sentence),
a paragraph number that is wrong (the 145 drones are in paragraph 7, not 2) and an invalid value
(a delegation "ambassador"). Each must be dropped or corrected, and the drops reported.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from detente.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "draft"
runner = CliRunner()


@pytest.fixture
def server():
    requests: list[dict] = []
    replies = {"body": (FIXTURES / "llm" / "seed-reply.json").read_bytes(), "status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            length = int(self.headers["Content-Length"])
            requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            self.send_response(replies["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(replies["body"])

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", requests, replies
    httpd.shutdown()
    httpd.server_close()


def test_llm_claims_without_a_verbatim_quote_are_dropped_and_reported(server, tmp_path):
    url, requests, _ = server
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["draft", str(FIXTURES / "istanbul-2025.txt"), "--source", "seed", "--backend", "llm",
                                 "--llm-url", url, "--llm-model", "local-model", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (request,) = requests
    assert request["path"] == "/v1/chat/completions" and request["body"]["model"] == "local-model"
    assert request["body"]["response_format"]["json_schema"]["schema"]["title"] == "Extraction"
    assert "[7] Prior to the planned negotiations" in request["body"]["messages"][1]["content"]
    assert "offered to mediate" in result.output and "Trump said he would impose" in result.output
    assert "invalid element" in result.output
    doc = yaml.safe_load(out.read_text())
    assert [a["name"] for a in doc["actors"]] == ["Russia", "Ukraine", "European Union"]
    assert doc["war_draft"].get("levers", []) == [] and doc["draft"]["backend"] == "llm"
    assert {d["kind"] for d in doc["draft"]["dropped"]} == {"actors", "levers", "delegations"}
    attack = next(m for m in doc["war_draft"]["moves"] if m["move"] == "eve_attack")
    assert attack["size"] == 145 and attack["evidence"][0]["paragraph"] == 7  # corrected from the model's 2
    text = (FIXTURES / "istanbul-2025.txt").read_text()
    for quotes in doc["evidence"].values():
        assert all(q["quote"] in text for q in quotes)
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 2  # same validation: numbers to fill


@pytest.mark.parametrize("status, body, message", [
    (500, b'{"error": "model not loaded"}', "answered 500"),
    (200, b'{"choices": [{"message": {"content": "I cannot help with that."}}]}', "not JSON"),
    (200, b'{"data": []}', "no choices[0].message.content"),
])
def test_llm_endpoint_errors_exit_2_and_write_nothing(server, tmp_path, status, body, message):
    url, _, replies = server
    replies.update(status=status, body=body)
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["draft", str(FIXTURES / "istanbul-2025.txt"), "--backend", "llm", "--llm-url", url,
                                 "--llm-model", "m", "-o", str(out)])
    assert result.exit_code == 2 and message in result.output and not out.exists()


def test_unreachable_endpoint_exits_2(tmp_path):
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["draft", str(FIXTURES / "istanbul-2025.txt"), "--backend", "llm", "--llm-url",
                                 "http://127.0.0.1:9/v1", "--llm-model", "m", "-o", str(out)])
    assert result.exit_code == 2 and "cannot reach" in result.output and not out.exists()
