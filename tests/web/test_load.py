"""500 concurrent requests against a real uvicorn on 127.0.0.1: no server error (bounded in count and time)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

import detente

CONCURRENT = 500


async def _hammer(url: str, n: int) -> list:
    """``n`` requests at once over a mix of endpoints; each result is a status code or the exception raised."""
    ec = detente.load(detente.example("ec_car_emissions")).to_dict()
    requests = [("GET", "/api/health", None), ("GET", "/api/models", None), ("GET", "/api/scenarios", None),
                ("GET", "/api/scenarios/shipped/ec_car_emissions", None), ("GET", "/api/runs", None),
                ("POST", "/api/scenarios/validate", {"scenario": ec}), ("GET", "/static/editor.js", None),
                ("GET", "/api/scenarios/user/..%2Fetc", None)]
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=httpx.Timeout(120.0)) as client:
        async def one(k: int):
            method, path, body = requests[k % len(requests)]
            try:
                response = await client.request(method, path, json=body)
                return response.status_code
            except httpx.HTTPError as exc:
                return exc
        return await asyncio.wait_for(asyncio.gather(*(one(k) for k in range(n))), timeout=240)


def _enough_file_descriptors(need: int = 4 * CONCURRENT) -> None:
    """Client and server share this process: 500 connections are 1,000 sockets (a 1,024 soft limit is too few)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (need if hard == resource.RLIM_INFINITY else min(need, hard), hard))


@pytest.mark.slow
def test_500_concurrent_requests_get_no_server_error(live_server):
    _enough_file_descriptors()
    results = asyncio.run(_hammer(live_server.url, CONCURRENT))
    failures = [r for r in results if not isinstance(r, int)]
    assert not failures, failures[:3]
    assert len(results) == CONCURRENT
    assert not [r for r in results if r >= 500]
    assert sorted(set(results)) == [200, 404]  # the traversal attempt finds nothing, everything else answers
