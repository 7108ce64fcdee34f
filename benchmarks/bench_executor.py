"""Monte Carlo throughput: EUM draws per second, by backend.

    python benchmarks/bench_executor.py [--draws 10000]

Each draw is one task of :func:`detente.execution.run_draws`: it takes a
30-actor random issue, jitters every position by normal noise (sd 5, clipped
to 0-100) from the draw's own child seed, runs 10 rounds of the
expected-utility model's compiled kernel (``detente.models._eum_kernels.eum_run``,
what ``detente.models.get("eum")`` runs) and returns the forecast, the
vote-weighted median of the final positions.

Backends: in this process, 2 local processes, and a local Ray with 1 and
with 2 workers. Each is warmed up first (worker start, numba's cached
machine code loaded) with a short run; that start-up is reported, not
timed. Every backend must return the same draws, bit for bit (checked).
"""

from __future__ import annotations

import argparse
import functools
import time

import numpy as np

from detente.execution import LocalExecutor, run_draws
from detente.models._eum_kernels import eum_run, weighted_median_position

ACTORS, ROUNDS, NOISE_SD = 30, 10, 5.0


def random_issue(n: int = ACTORS, seed: int = 30) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions (0-100), capabilities and saliences of ``n`` actors, seeded."""
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 100, n), rng.uniform(0.1, 1, n), rng.uniform(0.1, 1, n)


def eum_draw(issue: tuple[np.ndarray, np.ndarray, np.ndarray], seed: np.random.SeedSequence) -> float:
    """One Monte Carlo draw: jittered positions, 10 EUM rounds, the forecast."""
    x0, c, s = issue
    x = np.clip(x0 + np.random.default_rng(seed).normal(0.0, NOISE_SD, x0.size), 0.0, 100.0)
    positions = eum_run(x, c, s, float(x.max() - x.min()), ROUNDS, 1.0, False, False, False)[0]
    return float(weighted_median_position(positions[-1], c * s))


def _executor(backend: str, workers: int):
    if backend == "local":
        return LocalExecutor(workers)
    from detente.execution import RayExecutor

    return RayExecutor(workers=workers)


def measure(draws: int) -> list[dict]:
    task = functools.partial(eum_draw, random_issue())
    rows, reference = [], None
    for label, backend, workers in (("1 process (in-process)", "local", 1), ("2 processes", "local", 2),
                                    ("Ray, 1 worker", "ray", 1), ("Ray, 2 workers", "ray", 2)):
        t0 = time.perf_counter()
        executor = _executor(backend, workers)
        run_draws(task, 0, 50 * workers, executor)  # warm-up: start workers, load compiled kernels
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        values = run_draws(task, 1, draws, executor)
        seconds = time.perf_counter() - t0
        executor.close()
        reference = values if reference is None else reference
        rows.append({"backend": label, "workers": workers, "seconds": seconds, "draws_per_s": draws / seconds,
                     "startup_s": startup, "identical": values == reference})
    return rows


def to_markdown(rows: list[dict], draws: int) -> str:
    by = {r["backend"]: r for r in rows}
    base = by["1 process (in-process)"]["seconds"]
    lines = [f"{draws:,} draws, each {ROUNDS} EUM rounds on {ACTORS} actors with jittered positions "
             f"(sd {NOISE_SD:g}), through `run_draws`:", "",
             "| backend | seconds | draws/s | speed-up vs 1 process | efficiency | start-up (s, not timed) "
             "| identical draws |", "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        speedup = base / r["seconds"]
        lines.append(f"| {r['backend']} | {r['seconds']:.2f} | {r['draws_per_s']:,.0f} | {speedup:.2f}x | "
                     f"{speedup / r['workers']:.0%} | {r['startup_s']:.1f} | {'yes' if r['identical'] else 'NO'} |")
    ray_ratio = by["Ray, 1 worker"]["seconds"] / by["Ray, 2 workers"]["seconds"]
    two = by["2 processes"]["seconds"]
    lines += ["", f"Ray with 2 workers vs 1 worker: {ray_ratio:.2f}x.",
              f"Targets (issue 5): {draws:,} draws in under 10 s on 2 processes ({two:.1f} s: "
              f"{'met' if two < 10 else 'NOT met'}); Ray 2 workers >= 1.7x Ray 1 worker "
              f"({'met' if ray_ratio >= 1.7 else 'NOT met'}).",
              "Chunking: about 4 chunks per worker (2 processes: 8 chunks of "
              f"{-(-draws // 8):,} draws), so scheduling is a fraction of a percent of the compute; "
              "efficiency below 100% is mostly the machine's second core being shared."]
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
