"""Full DEU III backtest: every registered model on the 351 issues, plus the learned forecasts.

    python benchmarks/bench_backtest.py [--repeat 3]

Compared in the same run:

- **naive loop**: what a user writes without :mod:`detente.analysis.backtest`:
  for each model and issue, ``detente.models.get(name).forecast(sc)`` and a
  row appended to a list, then a DataFrame and the scores per split;
- **backtest, 1 process**: :func:`run_backtest` in this process;
- **backtest, 2 processes**: :func:`run_backtest` on a 2-worker
  :class:`~detente.execution.LocalExecutor` (worker start included: a
  backtest is one call, so start-up is part of its cost);
- **backtest + learned forecasts**: the above in one process, then the
  stacked and the menu forecasts fitted on the training split with their
  grouped CV and intervals (what ``detente backtest deu3`` does).

Each is run once to warm up (numba's compiled kernels loaded from its cache)
and then ``--repeat`` times; the best and median wall times are reported,
with the machine's load average, since others may share the cores. All
three must give the same forecasts (checked).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import pandas as pd

import detente
from detente.analysis.backtest import metrics, run_backtest
from detente.datasets import reference_path
from detente.execution import LocalExecutor
from detente.io import deu3


LEARNED = "backtest, 1 process, + learned forecasts (stacked, menu), grouped CV, intervals"


def naive_loop(scenarios) -> pd.DataFrame:
    rows = []
    for name in detente.models.available():
        for sc in scenarios:
            issue = sc.issues[0]
            try:
                value = detente.models.get(name).forecast(sc, rng=0).issues[0].forecast
            except Exception:  # noqa: BLE001 - a failing model is skipped, as the backtest reports it
                continue
            rows.append({"model": name, "issue": issue.name, "forecast": value, "outcome": issue.outcome,
                         "split": "train" if issue.metadata["year"] < 2005 else "test"})
    frame = pd.DataFrame(rows)
    for (model, split), part in frame.groupby(["model", "split"]):
        metrics((part["forecast"] - part["outcome"]).abs())
    return frame


def backtest(scenarios, workers: int, stack: bool = False) -> pd.DataFrame:
    executor = LocalExecutor(workers) if workers > 1 else None
    try:
        bt = run_backtest(scenarios, "all", executor=executor, stack=stack)
    finally:
        if executor is not None:
            executor.close()
    return bt.forecasts


def _time(fn, repeat: int) -> tuple[list[float], object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", default=None, help="unused (benchmarks/run.py passes it to every benchmark)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    scenarios = deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"))
    models = list(detente.models.available())
    runs = {"naive loop": lambda: naive_loop(scenarios),
            "backtest, 1 process": lambda: backtest(scenarios, 1),
            "backtest, 2 processes": lambda: backtest(scenarios, 2),
            LEARNED: lambda: backtest(scenarios, 1, True)}
    results = {label: _time(fn, args.repeat) for label, fn in runs.items()}
    load_after = os.getloadavg()[0]
    _check_same(results)
    base = min(results["naive loop"][0])
    lines = [f"{len(models)} models ({', '.join(models)}) x {len(scenarios)} DEU III issues; best and median of "
             f"{args.repeat} runs after a warm-up. Load average (1 min) {load_before:.1f} before, "
             f"{load_after:.1f} after (2 cores; above 2 means others were running too).", "",
             "| run | best (s) | median (s) | vs naive loop |", "|---|---:|---:|---:|"]
    for label, (times, _) in results.items():
        lines.append(f"| {label} | {min(times):.2f} | {statistics.median(times):.2f} | {base / min(times):.2f}x |")
    per_model = _per_model(scenarios, models)
    lines += ["", "Per model, 1 process (one call each, after the warm-up):", "",
              "| model | seconds |", "|---|---:|"] + [f"| {m} | {t:.2f} |" for m, t in per_model.items()]
    full = statistics.median(results[LEARNED][0])
    lines += ["", f"Target (issue 7): the full backtest of every model on all DEU issues under 60 s: "
              f"**{'met' if full < 60 else 'not met'}** ({full:.1f} s in one process with the stacked and menu "
              f"forecasts, their grouped CV and intervals). The forecasts of every run above are checked equal to the naive "
              f"loop's. `detente backtest` runs in one process unless `--workers` is given: on a few seconds of "
              f"work, starting workers and pickling 351 scenarios per model cost about what the split saves."]
    return "\n".join(lines)


def _per_model(scenarios, models) -> dict[str, float]:
    out = {}
    for m in models:
        t0 = time.perf_counter()
        run_backtest(scenarios, m)
        out[m] = time.perf_counter() - t0
    return out


def _check_same(results) -> None:
    frames = [r[1] for r in results.values()]
    naive = frames[0].set_index(["model", "issue"])["forecast"]
    for other in frames[1:]:
        values = other[~other["model"].isin(["stacked", "menu"])].set_index(["model", "issue"])["forecast"]
        joined = naive.to_frame("a").join(values.to_frame("b"), how="inner")
        if len(joined) != len(naive) or not np.allclose(joined["a"], joined["b"], atol=1e-9):
            raise AssertionError("the naive loop and the backtest give different forecasts")


if __name__ == "__main__":
    print(main())
