from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ray_executor():
    """One local Ray (2 CPUs) for the whole session: it takes about 3 s to start."""
    pytest.importorskip("ray")
    from detente.execution import RayExecutor

    executor = RayExecutor(workers=2)
    yield executor
    executor.close()
