"""War game: one solve of the Istanbul 2025 node and 1,000 Monte Carlo draws, against the v1 model in the same run.

    python benchmarks/bench_war.py [--draws 1000] [--workers 2] [--v2-draws N]

Measured in one run, on the same cores: (1) one solve of the node's equilibrium
(:func:`detente.models.war.node.solve_node`: every move of each Russian type, Ukraine's response, the third
parties' purified levers, the refinement), median of 3 after a warm-up, with the failure games on every core
and on one thread; (2) one Monte Carlo draw of the whole
answer (the solve and every value, lever and outcome read off it); (3) ``draws`` draws of the whole analysis
as ``detente war --draws N`` runs it (the structural choices on the first 20 draws, the channels and the
break-even belief included) on ``workers`` local processes, wall time, and the run's CPU time (its workers'
included) over the workers: what it would take on free cores. With ``--v2-draws`` fewer, the draws are run without
the fixed extras (structural choices, channels, break-even), and again with ``FIXED_DRAWS`` draws: the difference
is the marginal cost of a draw (rejected redraws included), scaled to ``draws``; the short run's cost, the run's
fixed cost (workers' start-up, imports, kernel caches), is counted once; the extras are added from their CPU times. The v1 model (issue 6's game: one round ends the war,
signals typed in) is run from git history, ``V1_COMMIT`` extracted into a temporary folder with
``git archive`` and imported from there in a fresh process, with its one solve (the game at the observed
moves), one draw and the same draws on the same workers. Targets (issue 12): one node solve < 0.5 s;
1,000 draws < 60 s on the 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The last commit with the v1 war game whole (after the analyses moved to analysis/war/).
V1_COMMIT = "dacf17af3701220a42e5d63d602e461883c6fea6"

V1_SCRIPT = r"""
import json, os, statistics, sys, time
import numpy as np
import detente
assert detente.__file__.startswith(sys.argv[1]), detente.__file__
from detente.analysis.war import missed_opportunity as mo
from detente.execution import get_executor
from detente.models.war import node

def median(fn, n):
    times = []
    for _ in range(n):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return statistics.median(times)

draws, workers = int(sys.argv[2]), int(sys.argv[3])
sc = detente.load(detente.example("istanbul_2025")); spec = sc.war
params, observed = node.nominal_params(spec), node.profile_with(spec)
solve = lambda: node.evaluate(spec, params, observed, node.Cache("numba"))
solve()
seeds = np.random.SeedSequence(7).spawn(6)
mo.evaluate_draw(spec, mo.draw_params(spec, seeds[0]))
out = {"solve": median(solve, 7),
       "draw": median(lambda: [mo.evaluate_draw(spec, mo.draw_params(spec, s)) for s in seeds[1:]], 3) / 5}
executor = get_executor("local", workers)
t = time.perf_counter()
mo.missed_opportunity(sc, draws=draws, seed=1, executor=executor)
out["mc"] = time.perf_counter() - t
executor.close()
print(json.dumps(out))
"""


def _median_time(fn, repeat: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times)


def run_v1(draws: int, workers: int) -> dict[str, float] | None:
    """v1's figures from ``V1_COMMIT`` in a fresh process; None (and why, on stderr) when it cannot run."""
    with tempfile.TemporaryDirectory(prefix="detente-war-v1-") as tmp:
        try:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", V1_COMMIT, "src"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            src = str(Path(tmp) / "src")
            done = subprocess.run([sys.executable, "-c", V1_SCRIPT, src, str(draws), str(workers)], check=True,
                                  capture_output=True, text=True, env={**os.environ, "PYTHONPATH": src})
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"v1 could not run: {exc}; {getattr(exc, 'stderr', '')}", file=sys.stderr)
            return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_v2(draws: int, workers: int, structural: bool = True) -> dict[str, float]:
    import numpy as np

    import detente
    from detente.analysis.war import missed_opportunity as mo
    from detente.execution import get_executor
    from detente.models.war.node import solve_node

    sc = detente.load(detente.example("istanbul_2025"))
    spec = sc.war
    params = mo.nominal_params(spec)
    solve_node(spec, params)  # compile (or load the cached kernels)
    seeds = np.random.SeedSequence(7).spawn(6)
    mo.evaluate_draw(spec, mo.draw_params(spec, seeds[0]))
    draws_of = lambda: [mo.evaluate_draw(spec, mo.draw_params(spec, s)) for s in seeds[1:5]]  # noqa: E731
    cpu = time.process_time
    os.environ["DETENTE_THREADS"] = "1"  # the same solve on one thread (a pool worker's setting)
    one_thread = _median_time(lambda: solve_node(spec, params), 3)
    os.environ.pop("DETENTE_THREADS")
    out = {"solve": _median_time(lambda: solve_node(spec, params), 3), "solve_one_thread": one_thread,
           "solve_cpu": _median_time(lambda: solve_node(spec, params), 3, cpu),
           "solve_fresh_cpu": _median_time(lambda: solve_node(spec, mo.draw_params(spec, seeds[5])), 3, cpu),
           "draw": _median_time(draws_of, 1) / 4, "draw_cpu": _median_time(draws_of, 1, cpu) / 4}
    # the extras a full run adds: the structural choices on each of its first 20 draws, the break-even bisection
    from detente.analysis.war.structural import choices, structural_task
    out["structural_cpu"] = _median_time(lambda: structural_task(spec, solve_node, choices(spec), seeds[1]), 1, cpu)
    out["break_even_cpu"] = _median_time(lambda: mo.break_even(spec), 1, cpu)
    # the channels: at the nominal inputs (serial) and on the run's first CHANNEL_DRAWS draws (on the workers)
    from detente.analysis.war.channels import channels_at, channels_of_seed
    out["channels_nominal_cpu"] = _median_time(lambda: channels_at(spec, params), 1, cpu)
    out["channels_draw_cpu"] = _median_time(lambda: channels_of_seed(spec, seeds[1]), 1, cpu)
    out["mc"], out["mc_cpu"] = _monte_carlo(sc, draws, workers, structural)
    if not structural:  # a short run's fixed costs (worker start-up, imports, kernel caches) are counted once
        out["fixed"], out["fixed_cpu"] = _monte_carlo(sc, FIXED_DRAWS, workers, False)
    return out


#: Draws of the short run whose time is taken as the fixed cost of a run when extrapolating (``--v2-draws``).
FIXED_DRAWS = 2


def _monte_carlo(sc, draws: int, workers: int, structural: bool) -> tuple[float, float]:
    """Wall and CPU seconds (workers' included) of ``draws`` draws as ``detente war`` runs them, fresh workers."""
    from detente.analysis.war import missed_opportunity as mo
    from detente.execution import get_executor

    executor = get_executor("local", workers)
    before = _cpu_with_children()
    t = time.perf_counter()
    mo.missed_opportunity(sc, draws=draws, seed=1, executor=executor, structural_draws=20 if structural else 0,
                          break_even_belief=structural, channel_draws=mo.CHANNEL_DRAWS if structural else 0,
                          channels_nominal=structural)
    wall = time.perf_counter() - t
    executor.close()  # the workers exit: their CPU time is counted in RUSAGE_CHILDREN
    return wall, _cpu_with_children() - before


def _cpu_with_children() -> float:
    """CPU (user + system) seconds of this process, of its finished children and of its live children with their
    own finished children: the local workers are forked by multiprocessing's forkserver (a child of this process),
    which reaps them, so their time is in the forkserver's cutime/cstime once the executor has closed (Linux
    /proc/<pid>/stat fields 14-17)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # fields[0] is the state; [1] the parent; [11:15] utime..cstime
            total += sum(int(x) for x in fields[11:15]) / tick
    return total


def main(argv=None) -> str:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--v2-draws", type=int, default=None, help="draws of the v2 Monte Carlo if fewer than --draws "
                        "(then without the structural choices and the break-even, and extrapolated to --draws)")
    parser.add_argument("--peers", default=None, help="unused (run.py passes it to every benchmark)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    v2_draws = args.v2_draws or args.draws
    new = run_v2(v2_draws, args.workers, structural=v2_draws == args.draws)
    # the fixed extras of a full run, from their CPU times: the structural choices (20 draws, on the workers), the
    # break-even (serial), the channels (nominal serial, CHANNEL_DRAWS draws on the workers)
    from detente.analysis.war.missed_opportunity import CHANNEL_DRAWS
    extra_cpu = (20 * new["structural_cpu"] / args.workers + new["break_even_cpu"] + new["channels_nominal_cpu"] +
                 CHANNEL_DRAWS * new["channels_draw_cpu"] / args.workers)
    if v2_draws != args.draws:  # the measured draws' marginal cost scaled, the run's fixed cost once, the extras
        def scaled(total: float, fixed: float) -> float:
            per_draw = (total - fixed) / (v2_draws - FIXED_DRAWS)
            return fixed - FIXED_DRAWS * per_draw + per_draw * args.draws

        new["mc_measured"], new["mc"] = new["mc"], scaled(new["mc"], new["fixed"]) + extra_cpu
        new["cpu_free"] = scaled(new["mc_cpu"], new["fixed_cpu"]) / args.workers + extra_cpu
    else:
        new["cpu_free"] = new["mc_cpu"] / args.workers
    old = run_v1(args.draws, args.workers)
    load_after = os.getloadavg()

    def v1(key: str, unit: str) -> str:
        if old is None:
            return "could not run"
        return f"{old[key] * 1e3:.1f} ms" if unit == "ms" else f"{old[key]:.1f} s"

    rows = [
        "| task | v2 (this game) | v1 (`" + V1_COMMIT[:7] + "`) |",
        "|---|---|---|",
        f"| one solve of the Istanbul node (v2: the PBE, every type's move, B's and the third parties' "
        f"responses, the refinement; v1: the game at the observed moves) | **{new['solve'] * 1e3:.1f} ms** | "
        f"{v1('solve', 'ms')} |",
        f"| the same on one thread (a pool worker's setting; above: the failure games on every core, "
        f"`detente._compile.kernel_threads`) | {new['solve_one_thread'] * 1e3:.1f} ms | |",
        f"| the same, CPU time (process time: the machine is shared) at the nominal inputs / at a fresh draw | "
        f"{new['solve_cpu'] * 1e3:.1f} / {new['solve_fresh_cpu'] * 1e3:.1f} ms | |",
        f"| one Monte Carlo draw of the whole answer (wall / CPU) | {new['draw'] * 1e3:.1f} / "
        f"{new['draw_cpu'] * 1e3:.1f} ms | {v1('draw', 'ms')} |",
        f"| the structural choices on one draw / the break-even bisection / the channels at the nominal inputs / "
        f"on one draw (CPU) | {new['structural_cpu']:.2f} s / {new['break_even_cpu']:.2f} s / "
        f"{new['channels_nominal_cpu']:.2f} s / {new['channels_draw_cpu']:.2f} s | |",
        f"| {args.draws:,} draws as `detente war --draws {args.draws}` runs them, {args.workers} local workers, "
        f"wall | **{new['mc']:.1f} s**" + (f" (extrapolated from {v2_draws} draws in {new['mc_measured']:.1f} s and "
                                           f"{FIXED_DRAWS} in {new['fixed']:.1f} s (fixed cost once), "
                                           f"without channels, plus 20 structural draws and the channels over "
                                           f"the workers and the break-even, from their CPU times above)"
                                           if v2_draws != args.draws else "") + f" | {v1('mc', 's')} |",
        f"| the same from CPU time on {args.workers} free cores: the run's CPU (its workers' included, rejected draws "
        f"and all) / {args.workers}" + (f": {v2_draws} draws took {new['mc_cpu']:.1f} s CPU, {FIXED_DRAWS} draws "
                                         f"{new['fixed_cpu']:.1f} s (the run's fixed cost: workers' start-up); the "
                                         f"difference scaled to {args.draws:,} draws, the fixed cost once, plus the "
                                         f"extras' CPU" if v2_draws != args.draws else "") +
        f" | **{new['cpu_free']:.1f} s** | |",
    ]
    return (f"Targets (issue 12): one node solve < 0.5 s; 1,000 draws < 60 s on 2 cores.\n\n" + "\n".join(rows) +
            f"\n\nLoad average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; after: "
            f"{', '.join(f'{x:.1f}' for x in load_after)} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    print(main())
