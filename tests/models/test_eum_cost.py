"""The EUM on a 10,000-actor scenario is refused at once with the reason and the expected cost.

Run, `detente forecast --model eum` on such a (valid) scenario would take about a day without a word. The cost
is actors³ x rounds steps (every pair of actors weighed against every third one, each round: Scholz,
Calbert & Smith 2011, eqs. 3-9); 10,000 actors at 10 rounds is 1e13 steps, about a day here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import detente
from detente.models.eum import MAX_STEPS


def _many_actors(n: int) -> detente.Scenario:
    return detente.scenario_from_dict({
        "name": "crowd", "actors": [{"name": f"a{k}", "capability": 1 + k % 7} for k in range(n)],
        "issues": [{"name": "i"}],
        "positions": [{"actor": f"a{k}", "issue": "i", "position": k % 101, "salience": 0.5} for k in range(n)]})


def test_ten_thousand_actors_are_refused_with_the_cost():
    with pytest.raises(ValueError) as info:
        detente.models.get("eum").forecast(_many_actors(10_000))
    message = str(info.value)
    assert "10,000 actors and 10 rounds" in message
    assert "10,000,000,000,000 steps" in message and "hours" in message and "--model mean" in message


def test_the_limit_is_where_the_cube_says():
    n = int((MAX_STEPS / 10) ** (1 / 3))  # the largest crowd allowed at 10 rounds runs (here: 0 rounds, at once)
    assert detente.models.get("eum", rounds=0).forecast(_many_actors(n)).issues[0].positions.shape == (1, n)
    with pytest.raises(ValueError, match="actors at 10 rounds"):
        detente.models.get("eum").forecast(_many_actors(n + 1))


def test_cli_forecast_exits_2_with_the_reason(tmp_path):
    path = tmp_path / "crowd.csv"
    path.write_text("actor,capability,position,salience\n" + "".join(f"a{k},1,{k % 101},50\n" for k in range(10_000)))
    proc = subprocess.run([sys.executable, "-m", "detente", "forecast", str(path), "--model", "eum", "--no-store"],
                          capture_output=True, text=True, timeout=300, env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "10,000 actors" in proc.stderr and "hours" in proc.stderr
