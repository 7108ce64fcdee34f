"""Exchange model speed and memory: Decide vs detente on COP21 (15 actors x 13 issues), 10 rounds, same run.

    python benchmarks/bench_exchange.py [--decide-venv .peers/decide-venv]

Decide (GPL-3) runs from its own environment (``scripts/oracles/decide_env.sh``), through its
command line, headless; its wall time includes starting Python and reading the file, so detente is
timed the same way too (a fresh process running one forecast), besides the in-process time.
Peak memory is the maximum resident set size of each process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COP21 = ROOT / "src" / "detente" / "data" / "reference" / "decide" / "cop21.csv"


def _child(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True, env=env)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def decide(venv: Path) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(venv / "bin" / "python"), "-c", "from decide.cli import app; app()", "--input-file", str(COP21),
               "--model", "equal", "--iterations", "10", "--p", "0.0", "--output-dir", tmp]
        return _child(cmd, {**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def detente_process() -> tuple[float, float]:
    code = ("import detente; sc = detente.load(%r); detente.models.get('exchange', rounds=10).forecast(sc, rng=1)"
            % str(COP21))
    return _child([sys.executable, "-c", code])


def detente_inprocess(repeat: int = 5) -> float:
    import detente

    sc = detente.load(COP21)
    model = detente.models.get("exchange", rounds=10)
    model.forecast(sc, rng=1)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        model.forecast(sc, rng=1)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decide-venv", type=Path, default=ROOT / ".peers" / "decide-venv")
    parser.add_argument("--peers", default=None, help="unused (accepted for run.py)")
    args = parser.parse_args(argv)
    d_s, d_mb = decide(args.decide_venv)
    p_s, p_mb = detente_process()
    i_s = detente_inprocess()
    table = "\n".join([
        "COP21, 10 rounds of the equal-gain model:", "",
        "| | wall time | peak memory | Decide / detente |", "|---|---:|---:|---:|",
        f"| Decide 2025.3.1 (command line, one run) | {d_s:.2f} s | {d_mb:.0f} MB | |",
        f"| detente, fresh process (import, read, forecast) | {p_s:.2f} s | {p_mb:.0f} MB | {d_s / p_s:.1f}x |",
        f"| detente, in process (forecast only, median of 5) | {i_s:.3f} s | | {d_s / i_s:.1f}x |",
        "", "Targets (issue 4): >= 100x faster than Decide with the same forecasts; peak memory under 150 MB."])
    print(table)
    return table


if __name__ == "__main__":
    main()
