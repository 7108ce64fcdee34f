from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # tests/strategies.py

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def ec_path() -> Path:
    """The EC car-emissions example shipped with detente."""
    import detente
    return detente.example("ec_car_emissions")


@pytest.fixture(autouse=True)
def _private_run_store(tmp_path, monkeypatch):
    """Every test gets its own run store, so the suite never writes to ~/.local/share/detente."""
    monkeypatch.setenv("DETENTE_STORE", str(tmp_path / "runs.duckdb"))
