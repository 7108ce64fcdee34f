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


@pytest.fixture(scope="session", autouse=True)
def _war_node_stand_in():
    """The war answer's plumbing (the command, the web, the report, the store) runs on the closed-form stand-in
    node of tests/war_fakes.py, for the whole session (module-scoped fixtures too): one real node solves hundreds
    of games. Tests marked war_node solve the real one (the node itself is tested in tests/models/war/)."""
    import detente.analysis.war.missed_opportunity as mo
    from war_fakes import fake_solve_node

    real = mo._solver
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mo, "_solver", lambda: fake_solve_node)
        yield real


@pytest.fixture(autouse=True)
def _real_war_node(request, monkeypatch, _war_node_stand_in):
    """A test marked war_node gets the real node back."""
    if request.node.get_closest_marker("war_node"):
        import detente.analysis.war.missed_opportunity as mo

        monkeypatch.setattr(mo, "_solver", _war_node_stand_in)


@pytest.fixture(autouse=True)
def _private_run_store(tmp_path, monkeypatch):
    """Every test gets its own run store, so the suite never writes to ~/.local/share/detente."""
    monkeypatch.setenv("DETENTE_STORE", str(tmp_path / "runs.duckdb"))
