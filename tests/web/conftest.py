"""Fixtures of the web tests: an app with its own store and scenario folder, a test client, a real server."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")  # starlette's test client on newer starlette

from fastapi.testclient import TestClient  # noqa: E402

import detente  # noqa: E402
from detente.web import Settings, create_app  # noqa: E402
from detente.web.server import BackgroundServer  # noqa: E402


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(store=tmp_path / "runs.duckdb", scenario_dir=tmp_path / "scenarios", max_upload=200_000)


@pytest.fixture
def client(settings):
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def ec() -> dict:
    """The shipped EC car-emissions scenario as the editor holds it (plain data)."""
    return detente.load(detente.example("ec_car_emissions")).to_dict()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One real server per test module, with its own store and scenario folder."""
    root: Path = tmp_path_factory.mktemp("web")
    app = create_app(Settings(store=root / "runs.duckdb", scenario_dir=root / "scenarios", max_upload=200_000))
    with BackgroundServer(app) as server:
        yield server
