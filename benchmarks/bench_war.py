"""War model: solving the Istanbul 2025 node, one Monte Carlo draw profiled, and 2,000 draws on local workers.

    python benchmarks/bench_war.py [--draws 2000] [--workers 2]

Measured in one run: (1) one solve of the Istanbul game at the observed moves (every third-party
lottery outcome, values and forward pass), numba kernels vs the vectorised numpy reference;
(2) one Monte Carlo draw (every actor's alternatives with Russia's settlement probabilities, the
counterfactuals, the joint missed opportunity), both backends, and where a numba draw's CPU time
goes (backward inductions, forward passes, the rest in Python); (3) starting the pool of workers
(fork server, numba's cache read by each worker) with its first draws; (4) the full Monte Carlo on
local worker processes, wall time with the load average before and after. The numpy
baseline of (4) is extrapolated from (2). Figures are medians (best of three for CPU times).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import defaultdict
from functools import partial


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _cpu_per_draw(spec, seeds, backend: str) -> float:
    from detente.analysis.war.missed_opportunity import draw_params, evaluate_draw

    best = float("inf")
    for _ in range(3):
        c = time.process_time()
        for s in seeds:
            evaluate_draw(spec, draw_params(spec, s), backend)
        best = min(best, (time.process_time() - c) / len(seeds))
    return best


def _profile_draw(spec, seeds) -> dict[str, float]:
    """CPU time per draw in each numba kernel (calls and ms), by wrapping the kernels for a few draws."""
    from detente.analysis.war.missed_opportunity import draw_params, evaluate_draw
    from detente.models.war import _kernels

    spent, calls = defaultdict(float), defaultdict(int)
    originals = {name: getattr(_kernels, name) for name in ("backward", "forward")}

    def timed(name, fn):
        def run(*args):
            c = time.process_time()
            out = fn(*args)
            spent[name] += time.process_time() - c
            calls[name] += 1
            return out
        return run

    try:
        for name, fn in originals.items():
            setattr(_kernels, name, timed(name, fn))
        c = time.process_time()
        for s in seeds:
            evaluate_draw(spec, draw_params(spec, s))
        total = time.process_time() - c
    finally:
        for name, fn in originals.items():
            setattr(_kernels, name, fn)
    n = len(seeds)
    return {"total": total / n, **{f"{k}_ms": spent[k] / n for k in originals},
            **{f"{k}_calls": calls[k] / n for k in originals}}


def main(argv=None) -> str:
    import numpy as np

    import detente
    from detente.analysis.war import missed_opportunity as mo
    from detente.execution import get_executor, run_draws
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
    seeds = np.random.SeedSequence(7).spawn(30)
    t_draw = {b: _median_time(lambda b=b: [mo.evaluate_draw(spec, mo.draw_params(spec, s), b) for s in seeds[:2]],
                              3) / 2 for b in ("numba", "numpy")}
    cpu_draw = {"numba": _cpu_per_draw(spec, seeds[2:22], "numba"), "numpy": _cpu_per_draw(spec, seeds[22:24], "numpy")}
    prof = _profile_draw(spec, seeds[2:22])

    executor = get_executor("local", args.workers)
    t = time.perf_counter()
    run_draws(partial(mo._draw_task, spec), 99, args.workers, executor)  # one draw a worker: start-up
    t_start = time.perf_counter() - t
    executor.close()
    executor = get_executor("local", args.workers)
    t = time.perf_counter()
    mo.missed_opportunity(sc, draws=args.draws, seed=1, executor=executor, break_even_belief=False)
    executor.close()
    t_mc = time.perf_counter() - t
    load_after = os.getloadavg()

    kernels = prof["backward_ms"] + prof["forward_ms"]
    rows = [
        "| task | numba kernels | numpy reference | ratio |",
        "|---|---|---|---|",
        f"| solve the Istanbul node once (observed moves, 4 lottery outcomes, values + outcomes) | "
        f"{t_solve['numba'] * 1e3:.1f} ms | {t_solve['numpy'] * 1e3:.1f} ms | {t_solve['numpy'] / t_solve['numba']:.0f}x |",
        f"| one Monte Carlo draw, wall (all actors' alternatives, Russia's 12 moves' outcomes, 7 counterfactuals, "
        f"joint missed opportunity) | {t_draw['numba'] * 1e3:.0f} ms | {t_draw['numpy'] * 1e3:.0f} ms | "
        f"{t_draw['numpy'] / t_draw['numba']:.0f}x |",
        f"| CPU time per draw (process time, best of 3) | {cpu_draw['numba'] * 1e3:.1f} ms | "
        f"{cpu_draw['numpy'] * 1e3:.0f} ms | {cpu_draw['numpy'] / cpu_draw['numba']:.0f}x |",
        f"| start the pool of {args.workers} workers and run one draw on each | {t_start:.2f} s | | |",
        f"| {args.draws:,} draws, {args.workers} local workers, wall | **{t_mc:.1f} s** | "
        f"~{args.draws * t_draw['numpy'] / args.workers:.0f} s (extrapolated) | "
        f"~{args.draws * t_draw['numpy'] / args.workers / t_mc:.0f}x |",
        f"| the same on idle cores, estimated as start-up + draws x CPU time per draw / workers | "
        f"~{t_start + args.draws * cpu_draw['numba'] / args.workers:.0f} s | | |",
        "",
        "Where a numba draw's CPU time goes (per draw, mean of 20 draws):",
        "",
        "| part | calls | CPU time |",
        "|---|---|---|",
        f"| backward induction (`_kernels.backward`) | {prof['backward_calls']:.0f} | {prof['backward_ms'] * 1e3:.1f} ms |",
        f"| forward pass (`_kernels.forward`) | {prof['forward_calls']:.0f} | {prof['forward_ms'] * 1e3:.1f} ms |",
        f"| the rest (Python: games, lotteries, memo keys, start values, third parties' values) | | "
        f"{(prof['total'] - kernels) * 1e3:.1f} ms |",
        f"| total | | {prof['total'] * 1e3:.1f} ms |",
    ]
    return ("Targets (issue 6): one solve < 1 s; 2,000 draws < 60 s.\n\n" + "\n".join(rows) +
            f"\n\nLoad average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; after: "
            f"{', '.join(f'{x:.1f}' for x in load_after)} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    print(main())
