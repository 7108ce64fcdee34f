"""`detente serve`: prints the URL, binds 127.0.0.1 by default, serves the app, stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from detente.cli import app as cli
from detente.web.server import free_port


def test_serve_prints_the_url_and_answers_on_loopback(tmp_path):
    port = free_port()
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--port", str(port), "--store",
                                str(tmp_path / "runs.duckdb"), "--scenarios", str(tmp_path / "sc")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    response, seen = None, "no attempt"
    try:
        line = process.stdout.readline()
        assert line.startswith(f"detente web app: http://127.0.0.1:{port}/")
        for _ in range(200):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/health")
                break
            except httpx.ConnectError as exc:
                seen = f"{type(exc).__name__}: {exc}"
                time.sleep(0.05)
        if response is not None:
            assert response.json()["status"] == "ok"
            assert httpx.get(f"http://127.0.0.1:{port}/api/scenarios").json()["folder"] == str(tmp_path / "sc")
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    if response is None:
        pytest.fail(f"the server on port {port} never answered /api/health within 10 s (200 tries); "
                    f"last error: {seen}; server exit code {process.returncode}; its stderr:\n{stderr}")
    assert "Traceback" not in stderr


def test_serve_refuses_a_bad_port():
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "--port" in result.output and "65535" in result.output


def test_serve_on_a_taken_port_is_one_line_and_exit_2():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: Address already in use")
