"""Helpers of the web tests (a module of its own: `conftest` names more than one file in this suite)."""

from __future__ import annotations

import time
from contextlib import contextmanager


def wait_for_job(client, job_id: str, limit: int = 600) -> dict:
    """Poll the job until it leaves queued/running (at most ``limit`` polls of 50 ms)."""
    for _ in range(limit):
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']} after {limit} polls")


def finished_job(client, **body) -> dict:
    """Submit a job (the request ``body``), wait for it, and check that it is done."""
    response = client.post("/api/jobs", json=body)
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.json()["id"])
    assert job["status"] == "done", job
    return job


@contextmanager
def client_on(store_path):
    """A test client of an app recording into ``store_path``, with a scenario folder beside it."""
    from fastapi.testclient import TestClient

    from detente.web import Settings, create_app

    with TestClient(create_app(Settings(store=store_path, scenario_dir=store_path.parent / "sc"))) as c:
        yield c
