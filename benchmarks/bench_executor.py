"""Monte Carlo throughput: EUM draws per second on a 30-actor issue, by backend.

    python benchmarks/bench_executor.py [--draws 10000]

The scenario: 30 actors with seeded random capabilities and saliences and
positions drawn from normal distributions (sd 5); 10 EUM rounds per draw.
Backends: in-process (the baseline), 2 local processes, Ray with 1 and with 2
workers (a local Ray; its start-up, about 3 s, is excluded and reported).
Every backend must return identical draws (checked here too).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import detente
from detente.analysis.simulate import simulate
from detente.execution import get_executor


def scenario(n: int = 30) -> detente.Scenario:
    rng = np.random.default_rng(30)
    return detente.scenario_from_dict({
        "name": f"{n} actors", "actors": [{"name": f"a{k}", "capability": float(rng.uniform(0.1, 1))} for k in range(n)],
        "issues": [{"name": "x"}],
        "positions": [{"actor": f"a{k}", "issue": "x", "position": {"mean": float(rng.uniform(10, 90)), "sd": 5.0},
                       "salience": float(rng.uniform(0.1, 1))} for k in range(n)]})


def measure(draws: int) -> list[dict]:
    sc = scenario()
    rows, reference = [], None
    for label, backend, workers in (("1 process (in-process)", "local", 1), ("2 processes", "local", 2),
                                    ("Ray, 1 worker", "ray", 1), ("Ray, 2 workers", "ray", 2)):
        t0 = time.perf_counter()
        executor = get_executor(backend, workers=workers)
        startup = time.perf_counter() - t0
        simulate(sc, "eum", draws=min(draws, 200), seed=0, executor=executor)  # warm the workers
        t0 = time.perf_counter()
        sim = simulate(sc, "eum", draws=draws, seed=1, executor=executor)
        seconds = time.perf_counter() - t0
        if reference is None:
            reference = sim.outcomes
        rows.append({"backend": label, "seconds": seconds, "draws_per_s": draws / seconds,
                     "startup_s": startup if backend == "ray" else None,
                     "identical": bool(np.array_equal(reference, sim.outcomes))})
        if backend == "ray":
            executor.shutdown()
    return rows


def to_markdown(rows: list[dict], draws: int) -> str:
    base = rows[0]["seconds"]
    ray1 = next(r["seconds"] for r in rows if r["backend"] == "Ray, 1 worker")
    lines = [f"{draws:,} EUM draws (10 rounds, 30 actors):", "",
             "| backend | seconds | draws/s | speed-up vs 1 process | identical draws |", "|---|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['backend']} | {r['seconds']:.2f} | {r['draws_per_s']:,.0f} | {base / r['seconds']:.2f}x | "
                     f"{'yes' if r['identical'] else 'NO'} |")
    ray2 = next(r["seconds"] for r in rows if r["backend"] == "Ray, 2 workers")
    startup = next(r["startup_s"] for r in rows if r["backend"] == "Ray, 1 worker")
    lines += ["", f"Ray with 2 workers vs 1 worker: {ray1 / ray2:.2f}x. Local Ray start-up (excluded): {startup:.1f} s.",
              "Targets (issue 5): 10,000 draws in under 10 s on 2 cores; Ray 2 workers >= 1.7x 1 worker."]
    return "\n".join(lines)


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--peers", default=None, help="unused (accepted for run.py)")
    args = parser.parse_args(argv)
    table = to_markdown(measure(args.draws), args.draws)
    print(table)
    return table


if __name__ == "__main__":
    main()
