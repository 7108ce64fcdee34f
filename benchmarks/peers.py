"""Time the public Python ports of the expected-utility model, from checkouts the user provides.

No peer code is part of detente: this module only runs a peer, in a subprocess under the Python it
needs, from a folder of checkouts (``--peers DIR``, else ``$DETENTE_PEERS``, else ``/work/peers``).
See benchmarks/README.md for how to get them. The peers, and the commits the figures in
RESULTS.md were measured at:

- ``bdm-scholz-expected-utility-model/``: ``jmckib/bdm-scholz-expected-utility-model`` @ 55f63e9
  (``bdm_scholz_model.py``; Python 2.7; the code reading detente reproduces; pure Python, its risk
  step costs O(n^6) per round, so 30 actors take minutes a round);
- ``BDM_DecisionModel_Replication/``: ``dmasad/BDM_DecisionModel_Replication`` @ aa3899a
  (``GroupDecisionModel.py``; Python 2.7, it uses print statements; its own reading of the model,
  which its readme says does not reproduce Scholz et al.; the fastest public Python port).

API::

    random_eum_csv(n_actors, seed, path) -> Path
    time_jmckib(csv_path, rounds, peers_dir=None) -> float   # seconds
    time_dmasad(csv_path, rounds, peers_dir=None) -> float   # seconds
    peer_status(peers_dir=None) -> dict                      # found? the expected file?

Each timing is taken inside the Python 2 process around the model rounds only (not interpreter
start-up, import or reading the input), with the ports' printing sent to /dev/null. Inputs are EUM
CSVs (``actor,capability,position,salience``, header case-insensitive, ``stakeholder`` and
``resources`` accepted; saliences on 0-100 are divided by 100, as both ports want 0-1).

    python benchmarks/peers.py [--peers DIR] [--sizes 10,30,100] [--rounds 10]

prints the peers' timings on the seeded random issues (jmckib: full rounds up to 10 actors, one round
at 30 actors scaled to ``--rounds``, not run above that).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

DMASAD = "BDM_DecisionModel_Replication"
JMCKIB = "bdm-scholz-expected-utility-model"

PEERS = {
    "jmckib": {"folder": JMCKIB, "repo": "jmckib/bdm-scholz-expected-utility-model",
               "commit": "55f63e9f2b9528119491d292efab8cfe7f91f78f", "file": "bdm_scholz_model.py",
               "sha256": "62fd330d300d19fa0eba324d72c61e584eb3f42151a6b7968aab9feb49795efa"},
    "dmasad": {"folder": DMASAD, "repo": "dmasad/BDM_DecisionModel_Replication",
               "commit": "aa3899a308886b0f3cec5d976a67c681c348ef2c", "file": "GroupDecisionModel.py",
               "sha256": "631083e763dd16552da92befacc0c4062fcaab56754bb7456e0f23f0d7baae94"},
}

# Shared by both Python 2 drivers: read an EUM CSV into dicts with keys actor, capability,
# position, salience (floats; salience on 0-1).
_READ = r"""
import csv, json, os, sys, time
def read_rows(path):
    aliases = {'stakeholder': 'actor', 'resources': 'capability'}
    reader = csv.reader(open(path, 'rU'))
    header = [aliases.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        d = dict(zip(header, [cell.strip() for cell in row]))
        rows.append({'actor': d['actor'], 'capability': float(d['capability']),
                     'position': float(d['position']), 'salience': float(d['salience'])})
    if any(r['salience'] > 1 for r in rows):
        for r in rows:
            r['salience'] /= 100.0
    return rows
sys.path.insert(0, sys.argv[1])
rows = read_rows(sys.argv[2])
rounds = int(sys.argv[3])
devnull = open(os.devnull, 'w')
"""

_JMCKIB_DRIVER = _READ + r"""
import bdm_scholz_model as port
model = port.BDMScholzModel([{'Actor': r['actor'], 'Capability': r['capability'], 'Position': r['position'],
                              'Salience': r['salience']} for r in rows])
saved, sys.stdout = sys.stdout, devnull
t = time.time()
model.run_model(num_rounds=rounds)
elapsed = time.time() - t
sys.stdout = saved
print(json.dumps({'seconds': elapsed, 'mean': model.mean_position()}))
"""

_DMASAD_DRIVER = _READ + r"""
import GroupDecisionModel as g
actors = [g.Actor(r['actor'], None, r['position'], r['capability'], r['salience']) for r in rows]
xs = [a.x for a in actors]
model = g.Model(actors, max(xs), min(xs))  # Q = T = 1, the port's defaults
saved, sys.stdout = sys.stdout, devnull
t = time.time()
for _ in range(rounds):
    model.run_model()
elapsed = time.time() - t
sys.stdout = saved
print(json.dumps({'seconds': elapsed, 'mean': model.find_mean()}))
"""


def default_peers_dir() -> Path:
    return Path(os.environ.get("DETENTE_PEERS", "/work/peers"))


def python2() -> str:
    """The Python 2.7 interpreter both ports need: ``$DETENTE_PYTHON2``, pyenv's 2.7.18, or python2.7."""
    if os.environ.get("DETENTE_PYTHON2"):
        return os.environ["DETENTE_PYTHON2"]
    pyenv = Path("/root/.pyenv/versions/2.7.18/bin/python")
    return str(pyenv) if pyenv.exists() else "python2.7"


def random_eum_csv(n_actors: int, seed: int, path) -> Path:
    """Write a seeded random issue: capability U(0.05, 1), position U(0, 100), salience U(0.1, 1) (0-1)."""
    import numpy as np

    path = Path(path)
    rng = np.random.default_rng(seed)
    rows = ["Actor,Capability,Position,Salience"]
    for k in range(n_actors):
        rows.append(f"A{k:03d},{rng.uniform(0.05, 1):.4f},{rng.uniform(0, 100):.3f},{rng.uniform(0.1, 1):.4f}")
    path.write_text("\n".join(rows) + "\n")
    return path


def peer_status(peers_dir=None) -> dict:
    """For each peer: its folder, whether its model file is there, and whether it is the file at the
    stated commit (by sha256; a different file still runs, but its figures are not comparable)."""
    peers_dir = Path(peers_dir) if peers_dir else default_peers_dir()
    status = {}
    for name, peer in PEERS.items():
        file = peers_dir / peer["folder"] / peer["file"]
        digest = hashlib.sha256(file.read_bytes()).hexdigest() if file.exists() else None
        status[name] = {"path": str(file), "found": digest is not None, "expected_file": digest == peer["sha256"],
                        "repo": peer["repo"], "commit": peer["commit"]}
    return status


def _run(peer: str, driver: str, csv_path, rounds: int, peers_dir, timeout: float | None) -> dict:
    info = PEERS[peer]
    folder = (Path(peers_dir) if peers_dir else default_peers_dir()) / info["folder"]
    if not (folder / info["file"]).exists():
        raise FileNotFoundError(f"{folder / info['file']} not found: check out {info['repo']} at "
                                f"{info['commit'][:7]} into {folder} (see benchmarks/README.md)")
    out = subprocess.run([python2(), "-c", driver, str(folder), str(csv_path), str(int(rounds))],
                         capture_output=True, text=True, timeout=timeout)
    if out.returncode:
        raise RuntimeError(f"the {peer} port failed on {csv_path}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_jmckib(csv_path, rounds: int, peers_dir=None, timeout: float | None = None) -> float:
    """Seconds the jmckib port takes for ``rounds`` rounds on ``csv_path`` (model rounds only)."""
    return _run("jmckib", _JMCKIB_DRIVER, csv_path, rounds, peers_dir, timeout)["seconds"]


def time_dmasad(csv_path, rounds: int, peers_dir=None, timeout: float | None = None) -> float:
    """Seconds the dmasad port takes for ``rounds`` rounds on ``csv_path`` (model rounds only)."""
    return _run("dmasad", _DMASAD_DRIVER, csv_path, rounds, peers_dir, timeout)["seconds"]


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=Path, default=default_peers_dir())
    parser.add_argument("--sizes", default="10,30,100", help="numbers of actors (seed = number of actors)")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    print(json.dumps(peer_status(args.peers), indent=1))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(v) for v in args.sizes.split(",")):
            path = random_eum_csv(n, seed=n, path=Path(tmp) / f"eum_{n}.csv")
            row = {"actors": n, "rounds": args.rounds, "dmasad_s": time_dmasad(path, args.rounds, args.peers)}
            jm_rounds = args.rounds if n <= 10 else 1 if n <= 30 else 0
            if jm_rounds:
                seconds = time_jmckib(path, jm_rounds, args.peers)
                row.update(jmckib_s=seconds * args.rounds / jm_rounds, jmckib_rounds_timed=jm_rounds)
            else:
                row.update(jmckib_s=None, jmckib_rounds_timed=0)
            results.append(row)
            print(json.dumps(row), flush=True)
    return results


if __name__ == "__main__":
    main()
