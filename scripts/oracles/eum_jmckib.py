"""EUM oracle fixtures from the public port jmckib/bdm-scholz-expected-utility-model.

The port is not part of detente and none of its code is here. Fetch it yourself at commit
55f63e9f2b9528119491d292efab8cfe7f91f78f and pass its folder with ``--port``. This script runs
the port's own ``run_model`` under Python 2.7 in a subprocess (the driver is the ``DRIVER`` string
below: it imports the port's module from ``--port``, wraps a few of its methods at run time to
record what happens, and never changes the port's files).

One fixture from one input CSV (``actor,capability,position,salience``, salience 0-1; the header
is read case-insensitively)::

    python scripts/oracles/eum_jmckib.py --port DIR --rounds 10 --out case.json input.csv

The standard set in tests/fixtures/eum/ (EC example, Sultan, six seeded random issues)::

    python scripts/oracles/eum_jmckib.py --port DIR --standard

What a fixture holds, per round k = 0..N (round 0 is the input):

- ``positions[k]``: every actor's position after round k (input order; full float precision);
- ``median[k]``, ``mean[k]``: the port's median and weighted mean after round k;

and per round k = 1..N (index k-1):

- ``risk``: the exponents r the port used in that round;
- ``security``: the security (danger) level S of each actor from which r was computed (all r = 1);
- ``offers``: the offer each actor accepted (null: none): type, proposer, a (the receiver's
  expected utility of challenging the proposer), b (the receiver's estimate of the proposer's
  expected utility of challenging it), and the new position;
- ``diagnostics``: rounds where the port's result hinged on a tie (the median against another
  position with a zero vote margin, which the port settles by Python 2's set order; an accepted
  offer tied with another of the same type that would have moved the actor elsewhere, settled by
  input order), and the offers the port drops because its capitulation test can never be true
  (``[round, actor, count, decisive]``; decisive: the actor accepted nothing else that round, so
  with the test as intended it would have capitulated).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "eum"
REFERENCE = ROOT / "src" / "detente" / "data" / "reference" / "eum"
REPO, COMMIT = "jmckib/bdm-scholz-expected-utility-model", "55f63e9f2b9528119491d292efab8cfe7f91f78f"
# sha256 of bdm_scholz_model.py at that commit; a different file is reported, not refused.
MODULE_SHA256 = "62fd330d300d19fa0eba324d72c61e584eb3f42151a6b7968aab9feb49795efa"
SCRIPT = "scripts/oracles/eum_jmckib.py"

# Python 2.7 driver. argv: port folder, input CSV, rounds. Prints one JSON object.
DRIVER = r"""
import csv, json, os, sys
port_dir, csv_path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, port_dir)
import bdm_scholz_model as port

ALIASES = {'stakeholder': 'actor', 'resources': 'capability'}
KEYS = {'actor': 'Actor', 'capability': 'Capability', 'position': 'Position', 'salience': 'Salience'}
reader = csv.reader(open(csv_path, 'rU'))
header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
rows = [dict((KEYS[h], v.strip()) for h, v in zip(header, row) if h in KEYS)
        for row in reader if any(cell.strip() for cell in row)]
model = port.BDMScholzModel(rows)
actors = model.actors
index = dict((id(a), k) for k, a in enumerate(actors))
rec = {'actors': [a.name for a in actors], 'positions': [], 'median': [], 'mean': [], 'risk': [],
       'security': [], 'offers': [], 'median_ties': [], 'offer_ties': [], 'dropped_capitulations': []}
state = {'round': 0, 'chosen': {}}
TOL = 1e-12

def rel_equal(u, v):
    return abs(u - v) <= TOL * max(1.0, abs(u), abs(v))

original_median = model.median_position
def median_position():
    m = original_median()
    rec['positions'].append([a.x for a in actors])
    rec['median'].append(m)
    weight = sum(a.c * a.s for a in actors)
    tied = sorted(p for p in set(a.x for a in actors) if p != m and
                  abs(sum(a.compare(p, m, risk=1.0) for a in actors)) <= TOL * weight)
    if tied:
        rec['median_ties'].append([state['round'], m, tied])
    return m
model.median_position = median_position

original_mean = model.mean_position
def mean_position():
    value = original_mean()
    rec['mean'].append(value)
    return value
model.mean_position = mean_position

original_risk = model.update_risk_aversions
def update_risk_aversions():
    state['round'] += 1
    for a in actors:
        a.r = 1.0
    rec['security'].append([a.danger_level() for a in actors])
    original_risk()
    rec['risk'].append([a.r for a in actors])
model.update_risk_aversions = update_risk_aversions

original_best_offer = port.Actor.best_offer
def best_offer(self):
    chosen = original_best_offer(self)
    state['chosen'][index[id(self)]] = chosen
    dropped = 0
    same_type = []
    for other in actors:
        if other.x == self.x:
            continue
        offer = port.Offer.from_actors(self, other)
        if offer is None:
            a, b = self.eu_challenge(self, other), self.eu_challenge(other, self)
            if b > 0 > a and b < abs(a):
                dropped += 1
        elif chosen is not None and offer.offer_type == chosen.offer_type:
            same_type.append(offer)
    if dropped:
        rec['dropped_capitulations'].append([state['round'], self.name, dropped, chosen is None])
    if chosen is not None:
        if chosen.offer_type == port.Offer.COMPROMISE:
            key = lambda o: ((abs(o.eu) * o.actor.x + abs(o.other_eu) * o.other_actor.x) /
                             (abs(o.eu) + abs(o.other_eu)))
        else:
            key = lambda o: abs(self.x - o.position)
        tied = [o.other_actor.name for o in same_type if o is not chosen and o.position != chosen.position
                and rel_equal(key(o), key(chosen))]
        if tied:
            rec['offer_ties'].append([state['round'], self.name, chosen.offer_type,
                                      chosen.other_actor.name, tied])
    return chosen
port.Actor.best_offer = best_offer

original_update = model.update_positions
def update_positions():
    state['chosen'] = {}
    original_update()
    row = []
    for k in range(len(actors)):
        o = state['chosen'].get(k)
        row.append(None if o is None else {'type': o.offer_type, 'from': o.other_actor.name,
                                           'a': o.eu, 'b': o.other_eu, 'position': o.position})
    rec['offers'].append(row)
model.update_positions = update_positions

saved, sys.stdout = sys.stdout, open(os.devnull, 'w')
try:
    model.run_model(num_rounds=rounds)
finally:
    sys.stdout = saved
rec['position_range'] = model.position_range
sys.stdout.write(json.dumps(rec))
"""

GRID6 = (0, 20, 40, 60, 80, 100)
GRID5 = (0, 25, 50, 75, 100)
# The standard random cases: (seed, actors, grid or None for continuous positions). Seed 2003 was
# picked because its 5-point grid makes actors receive equally distant confrontation offers from
# different positions (rounds 1-2), which the port settles by input order.
RANDOM_CASES = [(1000, 5, None), (1001, 6, GRID6), (1002, 7, None), (2003, 9, GRID5), (1004, 10, None),
                (1005, 12, GRID6)]


def default_python2() -> str:
    pyenv = Path("/root/.pyenv/versions/2.7.18/bin/python")
    return str(pyenv) if pyenv.exists() else "python2.7"


def random_case(seed: int, n: int, grid=None) -> str:
    """A random EUM CSV: capability U(0.05, 1), salience U(0.1, 1) (0-1), position U(0, 100)
    rounded to 3 decimals, or drawn uniformly from ``grid`` (so actors share positions)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    cap = rng.uniform(0.05, 1, n).round(4)
    sal = rng.uniform(0.1, 1, n).round(4)
    pos = rng.choice(list(grid), n) if grid else rng.uniform(0, 100, n).round(3)
    lines = ["Actor,Capability,Position,Salience"] + [f"A{k:02d},{c},{p},{s}" for k, (c, p, s) in
                                                      enumerate(zip(cap, pos, sal))]
    return "\n".join(lines) + "\n"


def _check_salience(csv_text: str, name: str) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_text)))
    col = [h.strip().lower() for h in rows[0]].index("salience")
    values = [float(r[col]) for r in rows[1:] if any(c.strip() for c in r)]
    if any(v > 1 for v in values):
        raise SystemExit(f"{name}: saliences must be on 0-1 for the port (found {max(values)})")


def run_port(port: Path, csv_text: str, rounds: int, python2: str | None = None) -> dict:
    """Run the port for ``rounds`` rounds on ``csv_text``; the recorded trajectory as a dict."""
    module = Path(port) / "bdm_scholz_model.py"
    if not module.exists():
        raise SystemExit(f"{module} not found: pass the checkout of {REPO} with --port")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.csv"
        path.write_text(csv_text)
        out = subprocess.run([python2 or default_python2(), "-c", DRIVER, str(port), str(path), str(rounds)],
                             capture_output=True, text=True, timeout=6 * 3600)
    if out.returncode:
        raise RuntimeError(f"the port failed:\n{out.stderr}")
    return json.loads(out.stdout)


def make_fixture(port: Path, csv_text: str, file: str, rounds: int, python2: str | None = None,
                 generator: dict | None = None) -> dict:
    _check_salience(csv_text, file)
    rec = run_port(port, csv_text, rounds, python2)
    module_sha = hashlib.sha256((Path(port) / "bdm_scholz_model.py").read_bytes()).hexdigest()
    if module_sha != MODULE_SHA256:
        print(f"warning: {port}/bdm_scholz_model.py is not the file at {COMMIT[:7]} (sha256 {module_sha})",
              file=sys.stderr)
    diagnostics = {k: rec.pop(k) for k in ("median_ties", "offer_ties", "dropped_capitulations")}
    fixture = {
        "source": {"repo": REPO, "commit": COMMIT, "module_sha256": module_sha, "python": "2.7.18",
                   "script": SCRIPT, "q": 1.0},
        "input": {"file": file, "sha256": hashlib.sha256(csv_text.encode()).hexdigest(), "csv": csv_text,
                  "generator": generator},
        "rounds": rounds,
        "actors": rec["actors"],
        "position_range": rec["position_range"],
        "positions": rec["positions"],
        "median": rec["median"],
        "mean": rec["mean"],
        "risk": rec["risk"],
        "security": rec["security"],
        "offers": rec["offers"],
        "diagnostics": diagnostics,
    }
    assert len(fixture["positions"]) == len(fixture["median"]) == len(fixture["mean"]) == rounds + 1
    assert len(fixture["risk"]) == len(fixture["offers"]) == rounds
    return fixture


def dumps(fixture: dict) -> str:
    """JSON with one round per line (floats as Python's shortest round-trip repr)."""
    parts = []
    for key, value in fixture.items():
        if isinstance(value, list) and value and isinstance(value[0], list):
            body = ",\n  ".join(json.dumps(row) for row in value)
            parts.append(f' {json.dumps(key)}: [\n  {body}\n ]')
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write(fixture: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(fixture))
    d = fixture["diagnostics"]
    print(f"wrote {path} ({path.stat().st_size:,} bytes; median ties {len(d['median_ties'])}, offer ties "
          f"{len(d['offer_ties'])}, dropped capitulations {len(d['dropped_capitulations'])})", file=sys.stderr)


def standard(port: Path, python2: str | None, rounds: int = 10, only: set | None = None) -> None:
    cases = [("ec", REFERENCE / "ec_car_emissions.csv"), ("sultan", REFERENCE / "Sultan.csv")]
    for name, path in cases:
        if only is None or name in only:
            write(make_fixture(port, path.read_text(), path.name, rounds, python2), OUT / f"jmckib_{name}.json")
    import numpy as np

    for k, (seed, n, grid) in enumerate(RANDOM_CASES):
        if only is not None and f"random_{k}" not in only:
            continue
        text = random_case(seed, n, grid)
        generator = {"function": f"{SCRIPT}:random_case", "seed": seed, "actors": n,
                     "grid": list(grid) if grid else None, "numpy": np.__version__,
                     "capability": "uniform(0.05, 1) rounded to 4 decimals",
                     "salience": "uniform(0.1, 1) rounded to 4 decimals",
                     "position": "choice(grid)" if grid else "uniform(0, 100) rounded to 3 decimals"}
        write(make_fixture(port, text, f"random_{k}.csv", rounds, python2, generator),
              OUT / f"jmckib_random_{k}.json")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=Path, required=True, help=f"checkout of {REPO} (commit {COMMIT[:7]})")
    parser.add_argument("--python2", default=default_python2(), help="Python 2.7 interpreter")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--standard", action="store_true", help="regenerate tests/fixtures/eum/jmckib_*.json")
    parser.add_argument("--only", help="with --standard: comma-separated cases (ec, sultan, random_0, ...)")
    parser.add_argument("--out", type=Path, help="fixture to write (default: print it)")
    parser.add_argument("csv", nargs="?", type=Path, help="input CSV: actor,capability,position,salience (0-1)")
    args = parser.parse_args(argv)
    if args.standard:
        standard(args.port, args.python2, args.rounds, set(args.only.split(",")) if args.only else None)
        return
    if args.csv is None:
        parser.error("give an input CSV or --standard")
    fixture = make_fixture(args.port, args.csv.read_text(), args.csv.name, args.rounds, args.python2)
    if args.out:
        write(fixture, args.out)
    else:
        sys.stdout.write(dumps(fixture))


if __name__ == "__main__":
    main()
