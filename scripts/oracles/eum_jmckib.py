"""Regenerate the EUM oracle fixtures from the public port jmckib/bdm-scholz-expected-utility-model.

The port is not part of detente: fetch it yourself (commit 55f63e9) and pass its folder:

    python scripts/oracles/eum_jmckib.py --port /path/to/bdm-scholz-expected-utility-model

It runs the port under Python 2.7 (``--python2``, default ``python2.7`` or pyenv's 2.7.18) on
the EC example, the Sultan example and seeded random cases, and writes one JSON fixture per case to
tests/fixtures/eum/: per round, every actor's position, the port's median and weighted mean, and the
risk exponents it used. The driver below only calls the port's public methods (it reimplements
``run_model``'s loop to record each round, printing nothing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "eum"
REPO, COMMIT = "jmckib/bdm-scholz-expected-utility-model", "55f63e9f2b9528119491d292efab8cfe7f91f78f"

DRIVER = r"""
import json, sys, os
sys.path.insert(0, sys.argv[1])
import bdm_scholz_model as port
model = port.BDMScholzModel.from_csv_path(sys.argv[2])
rounds = int(sys.argv[3])
devnull = open(os.devnull, 'w')
record = {'actors': [a.name for a in model.actors], 'positions': [[a.x for a in model.actors]],
          'median': [model.median_position()], 'mean': [model.mean_position()], 'risk': []}
for _ in range(rounds):
    saved, sys.stdout = sys.stdout, devnull
    try:
        model.update_risk_aversions()
        record['risk'].append([a.r for a in model.actors])
        model.update_positions()
    finally:
        sys.stdout = saved
    record['positions'].append([a.x for a in model.actors])
    record['median'].append(model.median_position())
    record['mean'].append(model.mean_position())
sys.stdout.write(json.dumps(record))
"""


def default_python2() -> str:
    pyenv = Path("/root/.pyenv/versions/2.7.18/bin/python")
    return str(pyenv) if pyenv.exists() else "python2.7"


def random_case(seed: int, n: int, grid: bool) -> str:
    """A random EUM CSV: capability U(0.05, 1), salience U(0.1, 1), positions on 0-100 (or a 6-point grid)."""
    rng = np.random.default_rng(seed)
    cap = rng.uniform(0.05, 1, n).round(4)
    sal = rng.uniform(0.1, 1, n).round(4)
    pos = rng.choice([0, 20, 40, 60, 80, 100], n) if grid else rng.uniform(0, 100, n).round(3)
    lines = ["Actor,Capability,Position,Salience"] + [f"A{k:02d},{c},{p},{s}" for k, (c, p, s) in
                                                      enumerate(zip(cap, pos, sal))]
    return "\n".join(lines) + "\n"


def run_port(port: Path, python2: str, csv_text: str, rounds: int, work: Path) -> dict:
    path = work / "input.csv"
    path.write_text(csv_text)
    out = subprocess.run([python2, "-c", DRIVER, str(port), str(path), str(rounds)], capture_output=True,
                         text=True, check=True, timeout=3600)
    return json.loads(out.stdout)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=Path, required=True, help="checkout of jmckib/bdm-scholz-expected-utility-model")
    parser.add_argument("--python2", default=default_python2())
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    reference = ROOT / "src" / "detente" / "data" / "reference" / "eum"
    cases = [("ec", (reference / "ExampleActors.csv").read_text(), 10, None),
             ("sultan", (reference / "Sultan.csv").read_text(), 10, None)]
    for k, (n, grid) in enumerate([(5, False), (6, True), (7, False), (8, True), (10, False), (12, True)]):
        seed = 1000 + k
        cases.append((f"random_{k}", random_case(seed, n, grid), 10, {"seed": seed, "actors": n, "grid": grid}))
    import tempfile

    for name, text, rounds, generator in cases:
        with tempfile.TemporaryDirectory() as tmp:
            result = run_port(args.port, args.python2, text, rounds, Path(tmp))
        fixture = {
            "source": {"repo": REPO, "commit": COMMIT, "python": "2.7.18", "script": "scripts/oracles/eum_jmckib.py"},
            "input": {"csv": text, "sha256": hashlib.sha256(text.encode()).hexdigest(), "generator": generator},
            "rounds": rounds, **result}
        (OUT / f"jmckib_{name}.json").write_text(json.dumps(fixture, indent=1) + "\n")
        print(f"wrote jmckib_{name}.json", file=sys.stderr)


if __name__ == "__main__":
    main()
