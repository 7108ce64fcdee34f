from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # tests/strategies.py

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]

# The suite runs on two xdist workers, one per core: each solves the war game's failure games on one thread
# (detente._compile.kernel_threads would give each worker every core). tests/models/war/test_threads.py sets
# its own.
os.environ.setdefault("DETENTE_THREADS", "1")

#: tests/numba_warmup.py's groups and the kernel modules (under src/detente) each of them compiles.
WARMUP = {"forecasts": ("models/_eum_kernels.py", "models/smp/_turn.py", "models/exchange/_kernel.py"),
          "war": ("models/war/_game_kernels.py",)}


def _uncached(module: Path) -> bool:
    """Whether numba has no cached kernel of ``module`` (as detente._compile looks: beside it, or under
    $NUMBA_CACHE_DIR)."""
    pattern = f"{module.stem}.*.nbi"
    cache_dir = os.environ.get("NUMBA_CACHE_DIR")
    return not any((module.parent / "__pycache__").glob(pattern)) and not (cache_dir and any(
        Path(cache_dir).rglob(pattern)))


def pytest_sessionstart(session):
    """Under xdist, in the controller before it starts the workers: compile the numba kernels not cached yet,
    once, in one process per group of tests/numba_warmup.py (side by side), so that the workers and the CLI
    subprocesses of the tests load them from the cache instead of each compiling the same kernels (a fresh
    checkout, as in CI, has none cached). A group that fails only costs its time: its kernels then compile
    where they are first used, and the tests report any error."""
    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    import detente

    package = Path(detente.__file__).parent
    groups = [group for group, modules in WARMUP.items() if any(_uncached(package / m) for m in modules)]
    procs = [subprocess.Popen([sys.executable, str(Path(__file__).parent / "numba_warmup.py"), group],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for group in groups]
    for group, proc in zip(groups, procs):
        try:
            _, err = proc.communicate(timeout=900)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        if proc.returncode:
            sys.stderr.write(f"tests/numba_warmup.py {group} failed (its kernels compile in the tests instead):\n"
                             f"{err[-2000:]}\n")


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
