"""War model: solving the Istanbul 2025 node and its Monte Carlo, numba kernels vs the numpy reference.

    python benchmarks/bench_war.py [--draws 2000] [--workers 2]

Measured in one run: (1) one solve of the Istanbul game at the observed moves (every third-party
lottery outcome, values and forward pass), numba kernel vs the vectorised numpy reference;
(2) one Monte Carlo draw (every actor's alternatives and the counterfactuals), both backends;
(3) the full Monte Carlo with the numba kernels on local worker processes. The numpy baseline of (3)
is extrapolated from (2) rather than run (it would take many minutes). Figures are medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None) -> str:
    import numpy as np

    import detente
    from detente.analysis.missed_opportunity import draw_params, evaluate_draw, missed_opportunity
    from detente.execution import get_executor
    from detente.models.war import node

    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--peers", default=None, help="unused (run.py passes it to every benchmark)")
    args = parser.parse_args(argv)
    sc = detente.load(detente.example("istanbul_2025"))
    spec = sc.war
    params = node.nominal_params(spec)
    observed = node.profile_with(spec)
    load_before = os.getloadavg()

    def solve_once(backend):
        return lambda: node.evaluate(spec, params, observed, node.Cache(backend))

    solve_once("numba")()  # compile (or load the cached kernels)
    t_solve = {b: _median_time(solve_once(b), 7 if b == "numba" else 3) for b in ("numba", "numpy")}
    seeds = np.random.SeedSequence(7).spawn(5)
    t_draw = {b: _median_time(lambda b=b: [evaluate_draw(spec, draw_params(spec, s), b) for s in seeds[:2]], 3) / 2
              for b in ("numba", "numpy")}
    cpu_draw = {}
    for b in ("numba", "numpy"):
        c = time.process_time()
        for s in seeds[2:4]:
            evaluate_draw(spec, draw_params(spec, s), b)
        cpu_draw[b] = (time.process_time() - c) / 2
    executor = get_executor("local", args.workers)
    t = time.perf_counter()
    missed_opportunity(sc, draws=args.draws, seed=1, executor=executor, break_even_belief=False)
    t_mc = time.perf_counter() - t
    executor.close()

    load_after = os.getloadavg()
    rows = [
        "| task | numba kernels | numpy reference | ratio |",
        "|---|---|---|---|",
        f"| solve the Istanbul node once (observed moves, 4 lottery outcomes, values + outcomes) | "
        f"{t_solve['numba'] * 1e3:.1f} ms | {t_solve['numpy'] * 1e3:.1f} ms | {t_solve['numpy'] / t_solve['numba']:.0f}x |",
        f"| one Monte Carlo draw (all actors' alternatives, 7 counterfactuals) | {t_draw['numba'] * 1e3:.0f} ms | "
        f"{t_draw['numpy'] * 1e3:.0f} ms | {t_draw['numpy'] / t_draw['numba']:.0f}x |",
        f"| {args.draws:,} draws, {args.workers} local workers | {t_mc:.1f} s | "
        f"~{args.draws * t_draw['numpy'] / args.workers:.0f} s (extrapolated) | "
        f"~{args.draws * t_draw['numpy'] / args.workers / t_mc:.0f}x |",
        f"| CPU time per draw (process time, less sensitive to load) | {cpu_draw['numba'] * 1e3:.0f} ms | "
        f"{cpu_draw['numpy'] * 1e3:.0f} ms | {cpu_draw['numpy'] / cpu_draw['numba']:.0f}x |",
        f"| {args.draws:,} draws on {args.workers} idle cores, estimated as draws x CPU time per draw / workers | "
        f"~{args.draws * cpu_draw['numba'] / args.workers:.0f} s | ~{args.draws * cpu_draw['numpy'] / args.workers:.0f} s | |",
    ]
    return ("Targets (issue 6): one solve < 1 s; 2,000 draws < 60 s.\n\n" + "\n".join(rows) +
            f"\n\nLoad average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; after: "
            f"{', '.join(f'{x:.1f}' for x in load_after)} on {os.cpu_count()} cores (other engineers' jobs were "
            "running: figures are upper bounds for an idle machine).")


if __name__ == "__main__":
    print(main())
