"""Run the public EUM ports for timing, from checkouts the user provides (no peer code is in detente).

Peers, with the commits the figures in RESULTS.md were measured at:

- ``dmasad/BDM_DecisionModel_Replication`` @ aa3899a (``GroupDecisionModel.py``, Python 2);
- ``jmckib/bdm-scholz-expected-utility-model`` @ 55f63e9 (``bdm_scholz_model.py``, Python 2).

Put both checkouts in one folder (``--peers DIR``, or ``DETENTE_PEERS``, default ``/work/peers``).
Each timing runs the port in a Python 2.7 subprocess and measures, inside it, the model rounds only
(not interpreter start-up or reading the input).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np

DMASAD = "BDM_DecisionModel_Replication"
JMCKIB = "bdm-scholz-expected-utility-model"

_DMASAD_DRIVER = r"""
import csv, sys, time, os
sys.path.insert(0, sys.argv[1])
import GroupDecisionModel as g
rows = list(csv.DictReader(open(sys.argv[2])))
actors = [g.Actor(r['Actor'], None, float(r['Position']), float(r['Capability']), float(r['Salience']))
          for r in rows]
xs = [a.x for a in actors]
model = g.Model(actors, max(xs), min(xs))
devnull = open(os.devnull, 'w')
saved, sys.stdout = sys.stdout, devnull
t = time.time()
for _ in range(int(sys.argv[3])):
    model.run_model()
elapsed = time.time() - t
sys.stdout = saved
print(elapsed)
"""

_JMCKIB_DRIVER = r"""
import sys, time, os
sys.path.insert(0, sys.argv[1])
import bdm_scholz_model as port
model = port.BDMScholzModel.from_csv_path(sys.argv[2])
devnull = open(os.devnull, 'w')
saved, sys.stdout = sys.stdout, devnull
t = time.time()
model.run_model(num_rounds=int(sys.argv[3]))
elapsed = time.time() - t
sys.stdout = saved
print(elapsed)
"""


def default_peers_dir() -> Path:
    return Path(os.environ.get("DETENTE_PEERS", "/work/peers"))


def python2() -> str:
    pyenv = Path("/root/.pyenv/versions/2.7.18/bin/python")
    return str(pyenv) if pyenv.exists() else "python2.7"


def random_eum_csv(n_actors: int, seed: int, path: Path) -> Path:
    """A random issue: capability U(0.05, 1), position U(0, 100), salience U(0.1, 1) (0-1)."""
    rng = np.random.default_rng(seed)
    rows = ["Actor,Capability,Position,Salience"]
    for k in range(n_actors):
        rows.append(f"A{k:03d},{rng.uniform(0.05, 1):.4f},{rng.uniform(0, 100):.3f},{rng.uniform(0.1, 1):.4f}")
    path.write_text("\n".join(rows) + "\n")
    return path


def _time(driver: str, folder: Path, csv_path: Path, rounds: int) -> float:
    if not folder.exists():
        raise FileNotFoundError(f"peer checkout not found: {folder} (see benchmarks/README.md)")
    out = subprocess.run([python2(), "-c", driver, str(folder), str(csv_path), str(rounds)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def time_dmasad(csv_path: Path, rounds: int, peers_dir: Path) -> float:
    """Seconds for ``rounds`` rounds of the dmasad port."""
    return _time(_DMASAD_DRIVER, Path(peers_dir) / DMASAD, csv_path, rounds)


def time_jmckib(csv_path: Path, rounds: int, peers_dir: Path) -> float:
    """Seconds for ``rounds`` rounds of the jmckib port."""
    return _time(_JMCKIB_DRIVER, Path(peers_dir) / JMCKIB, csv_path, rounds)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = random_eum_csv(10, 10, Path(tmp) / "x.csv")
        print(json.dumps({"dmasad_10x10": time_dmasad(path, 10, default_peers_dir()),
                          "jmckib_10x10": time_jmckib(path, 10, default_peers_dir())}))
