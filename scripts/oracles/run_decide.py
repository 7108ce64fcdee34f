"""Regenerate the exchange-model fixtures (tests/fixtures/decide/) by running Decide.

Decide (``decide-exchange-model``, GPL-3) is run, never imported or copied: make its environment
with ``scripts/oracles/decide_env.sh`` first, then

    python scripts/oracles/run_decide.py [--venv .peers/decide-venv] [--repetitions 5] [--iterations 10]

For each input (the toll case, Copenhagen, COP21) it runs the equal-gain model once with
``--repetitions R`` (each repetition is an independent run: Decide breaks ties between equal gains
with an unseeded coin), and stores per repetition and round the executed exchanges in order
(actors, supply issues, start and voting positions on Decide's 0-100 scale, gain), plus Decide's
per-round forecasts (the mean over repetitions of the weighted mean of start and of voting
positions, on each issue's own scale), with provenance (version, invocation, input hash).
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "src" / "detente" / "data" / "reference" / "decide"
OUT = ROOT / "tests" / "fixtures" / "decide"
CASES = ("sample_data.txt", "copenhagen.csv", "cop21.csv")


def run(venv: Path, path: Path, repetitions: int, iterations: int, out: Path) -> tuple[list[str], float]:
    args = ["--input-file", str(path), "--model", "equal", "--iterations", str(iterations),
            "--repetitions", str(repetitions), "--p", "0.0", "--output-dir", str(out)]
    cmd = [str(venv / "bin" / "python"), "-c", "from decide.cli import app; app()", *args]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return ["python", "-c", "from decide.cli import app; app()", *args], time.perf_counter() - t0


def exchanges(folder: Path, repetition: int, iterations: int) -> list[list[list]]:
    rounds = []
    for t in range(1, iterations + 1):
        files = glob.glob(str(folder / "exchanges" / str(repetition) / f"round.{t}.*.csv"))
        rows = list(csv.reader(open(files[0]), delimiter=";"))[1:] if files else []
        rounds.append([[r[0], _issue(r[1]), float(r[6]), float(r[8]), r[22], _issue(r[23]), float(r[28]),
                        float(r[30]), float(r[15])] for r in rows])
    return rounds


def _issue(text: str) -> str:
    return re.sub(r" \[[^\]]*\]$", "", text)


def forecasts(folder: Path) -> dict[str, dict[str, list[float]]]:
    out = {}
    for path in glob.glob(str(folder / "issues" / "summary" / "csv" / "*.summary.csv")):
        rows = list(csv.reader(open(path), delimiter=";"))
        name = _issue(rows[0][0])
        data = [r for r in rows if r and r[0].startswith("rn-")]
        out[name] = {"start": [float(r[1]) for r in data], "voting": [float(r[4]) for r in data]}
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=ROOT / ".peers" / "decide-venv")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=10)
    args = parser.parse_args(argv)
    version = subprocess.run([str(args.venv / "bin" / "python"), "-c", "import importlib.metadata as m; "
                              "print(m.version('decide-exchange-model'))"], capture_output=True, text=True,
                             check=True).stdout.strip()
    OUT.mkdir(parents=True, exist_ok=True)
    for name in CASES:
        path = INPUTS / name
        with tempfile.TemporaryDirectory() as tmp:
            invocation, seconds = run(args.venv, path, args.repetitions, args.iterations, Path(tmp))
            folder = Path(tmp) / path.stem / "0"
            fixture = {
                "source": {"tool": "decide-exchange-model", "version": version, "python": "3.13",
                           "script": "scripts/oracles/run_decide.py", "invocation": invocation,
                           "seconds": round(seconds, 2)},
                "input": {"file": name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()},
                "iterations": args.iterations,
                "columns": ["actor_i", "supply_i", "start_i", "voting_i", "actor_j", "supply_j", "start_j",
                            "voting_j", "gain"],
                "runs": [exchanges(folder, r, args.iterations) for r in range(args.repetitions)],
                "forecast_mean_over_runs": forecasts(folder),
            }
        (OUT / f"{path.stem}.json").write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
        print(f"{name}: {seconds:.1f} s for {args.repetitions} x {args.iterations} rounds")


if __name__ == "__main__":
    main()
