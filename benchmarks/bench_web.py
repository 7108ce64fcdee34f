"""The web app under load: 500 concurrent requests against `detente serve` on 127.0.0.1.

    python benchmarks/bench_web.py

Starts `detente serve` in its own process (a fresh store), then sends bursts
of 500 concurrent requests over the page's read endpoints (health, models,
scenario list, a shipped scenario, validation of an edited scenario, the run
history, a static file), idle and while a Monte Carlo run occupies the
server's worker. Reports throughput, latency quantiles and status codes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

import detente
from detente.web.server import free_port

BURST = 500
ROUNDS = 3


def _requests() -> list[tuple[str, str, dict | None]]:
    ec = detente.load(detente.example("ec_car_emissions")).to_dict()
    return [("GET", "/api/health", None), ("GET", "/api/models", None), ("GET", "/api/scenarios", None),
            ("GET", "/api/scenarios/shipped/ec_car_emissions", None), ("POST", "/api/scenarios/validate",
                                                                       {"scenario": ec}),
            ("GET", "/api/runs", None), ("GET", "/static/editor.js", None)]


async def _burst(url: str, n: int) -> tuple[float, list[float], list[int]]:
    requests = _requests()
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
        async def one(k: int):
            method, path, body = requests[k % len(requests)]
            start = time.perf_counter()
            try:
                status = (await client.request(method, path, json=body)).status_code
            except httpx.HTTPError:
                status = 0
            return time.perf_counter() - start, status
        start = time.perf_counter()
        results = await asyncio.gather(*(one(k) for k in range(n)))
        return time.perf_counter() - start, [r[0] for r in results], [r[1] for r in results]


def _row(label: str, runs: list) -> str:
    walls = [w for w, _, _ in runs]
    lat = np.concatenate([np.array(l) for _, l, _ in runs]) * 1000
    statuses = [s for _, _, ss in runs for s in ss]
    errors = sum(1 for s in statuses if s == 0 or s >= 500)
    return (f"| {label} | {len(statuses):,} | {np.median(walls):.2f} s | {BURST / np.median(walls):,.0f} | "
            f"{np.quantile(lat, 0.5):.0f} ms | {np.quantile(lat, 0.95):.0f} ms | {lat.max():.0f} ms | {errors} |")


def _start(tmp: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--port", str(port), "--store",
                                str(tmp / "runs.duckdb"), "--scenarios", str(tmp / "sc")],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "NO_COLOR": "1"})
    process.stdout.readline()
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            httpx.get(f"{url}/api/health")
            return process, url
        except httpx.ConnectError:
            time.sleep(0.025)
    raise RuntimeError("detente serve did not start")


def main(argv=None) -> str:
    with tempfile.TemporaryDirectory() as folder:
        process, url = _start(Path(folder))
        try:
            asyncio.run(_burst(url, 50))  # warm-up: imports, caches
            idle = [asyncio.run(_burst(url, BURST)) for _ in range(ROUNDS)]
            ec = detente.load(detente.example("ec_car_emissions")).to_dict()
            job = httpx.post(f"{url}/api/jobs", json={"kind": "simulate", "scenario": ec, "models": ["eum"],
                                                      "draws": 200_000, "store": False}).json()
            busy = [asyncio.run(_burst(url, BURST)) for _ in range(ROUNDS)]
            state = httpx.get(f"{url}/api/jobs/{job['id']}").json()
            httpx.post(f"{url}/api/jobs/{job['id']}/cancel")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    return "\n".join([
        f"{ROUNDS} bursts of {BURST} concurrent requests (one connection each) over 7 read endpoints, against "
        "`detente serve` in its own process on 127.0.0.1; the client runs on the same 2 cores.", "",
        "| server | requests | wall time per burst (median) | requests/s | p50 latency | p95 latency | max | "
        "5xx or failed |", "|---|---:|---:|---:|---:|---:|---:|---:|",
        _row("idle", idle), _row("running a 200,000-draw EUM Monte Carlo in its worker", busy), "",
        f"The Monte Carlo run was {state['status']} at {state['done']:,} of {state['total']:,} draws when the "
        "busy bursts ended (then cancelled). The test suite's `tests/web/test_load.py` sends one such burst "
        "and asserts no 5xx, with no timing assertion."])


if __name__ == "__main__":
    print(main(sys.argv[1:]))
