"""EUM speed: detente against the public Python ports, same inputs, same run.

    python benchmarks/bench_eum.py [--peers DIR] [--repeat 20]

Inputs: seeded random issues with 10, 30 and 100 actors (capability
uniform(0.05, 1), position uniform(0, 100), salience uniform(0.1, 1)),
10 rounds. Peers (see benchmarks/README.md for how to get them; none of
their code is in this repository):

- ``dmasad/BDM_DecisionModel_Replication`` (its own reading of the model;
  the fastest public Python port);
- ``jmckib/bdm-scholz-expected-utility-model`` (the code reading detente
  reproduces; pure Python 2, O(n^4) per round: timed on fewer rounds where it
  would take over a minute, and scaled linearly per round, as stated in the
  output).

detente's time is the median of ``--repeat`` runs after one warm-up run
(numba compiles once per machine and caches the result; the first-call
compile time is reported separately).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import detente  # noqa: E402
import peers  # noqa: E402

SIZES = (10, 30, 100)
ROUNDS = 10


def time_detente(csv_path: Path, rounds: int, repeat: int) -> float:
    """Median seconds of ``repeat`` forecasts (after a warm-up)."""
    sc = detente.load(csv_path)
    model = detente.models.get("eum", rounds=rounds)
    model.forecast(sc)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        model.forecast(sc)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def first_call_seconds() -> float:
    """Time to import and run the EUM once in a fresh process (includes loading numba's cache)."""
    import subprocess

    code = ("import time; t=time.perf_counter(); import detente; "
            "sc=detente.load(detente.example('ec_car_emissions')); detente.models.get('eum').forecast(sc); "
            "print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run(peers_dir: Path, repeat: int = 20) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            path = Path(tmp) / f"eum_{n}.csv"
            peers.random_eum_csv(n, seed=n, path=path)
            row = {"actors": n, "rounds": ROUNDS, "detente_s": time_detente(path, ROUNDS, repeat)}
            row["dmasad_s"] = peers.time_dmasad(path, ROUNDS, peers_dir)
            jm_rounds = ROUNDS if n <= 10 else 1
            jm = peers.time_jmckib(path, jm_rounds, peers_dir) if n <= 30 else None
            row["jmckib_s"] = None if jm is None else jm * ROUNDS / jm_rounds
            row["jmckib_note"] = ("not run (would take hours)" if jm is None else
                                  f"{jm_rounds} round(s) timed, scaled to {ROUNDS}" if jm_rounds != ROUNDS else "")
            rows.append(row)
    return rows


def to_markdown(rows: list[dict], first_call: float) -> str:
    lines = ["| actors | rounds | detente | dmasad port | speed-up vs dmasad | jmckib port | speed-up vs jmckib |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        jm = "n/a" if r["jmckib_s"] is None else f"{r['jmckib_s']:.3g} s"
        jm_ratio = "n/a" if r["jmckib_s"] is None else f"{r['jmckib_s'] / r['detente_s']:,.0f}x"
        note = f" ({r['jmckib_note']})" if r["jmckib_note"] else ""
        lines.append(f"| {r['actors']} | {r['rounds']} | {r['detente_s'] * 1000:.2f} ms | {r['dmasad_s']:.3g} s | "
                     f"{r['dmasad_s'] / r['detente_s']:,.0f}x | {jm}{note} | {jm_ratio} |")
    lines.append("")
    lines.append(f"First call in a fresh process (import, load, one 10-round EC forecast, numba cache warm): "
                 f"{first_call:.2f} s.")
    by_size = {r["actors"]: r for r in rows}
    if 30 in by_size and 100 in by_size:
        ratio, t100 = by_size[30]["dmasad_s"] / by_size[30]["detente_s"], by_size[100]["detente_s"] * 1000
        lines += ["", f"Targets (issue 3): 30 actors x 10 rounds >= 100x faster than the fastest port (dmasad): "
                      f"{ratio:,.0f}x, {'met' if ratio >= 100 else 'not met'}; 100 actors x 10 rounds under 50 ms: "
                      f"{t100:.1f} ms, {'met' if t100 < 50 else 'not met'}."]
    lines += ["Peers under Python 2 at the commits in benchmarks/README.md. The dmasad port implements its own "
              "reading of the model (its readme says it does not reproduce Scholz et al.); the jmckib port is "
              "the code reading detente reproduces."]
    return "\n".join(lines)


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=Path, default=peers.default_peers_dir())
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    table = to_markdown(run(args.peers, args.repeat), first_call_seconds())
    print(table)
    return table


if __name__ == "__main__":
    main()
