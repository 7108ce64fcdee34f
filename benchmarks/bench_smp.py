"""SMP speed: detente against KTAB's own C++ (``smpc``), same inputs, same run.

    python benchmarks/bench_smp.py [--ktab PATH_TO_SMPC] [--repeat 3]

Inputs: KTAB's ``dummyData_3Dim`` (7 actors x 3 dims), seeded random
scenarios with 10, 30 and 100 actors (2 dims; written as KTAB CSV by
:func:`random_ktab_csv`), KTAB's ``dummyData-a040``, ``-a080`` and ``-a160``
(40, 80, 160 actors x 1 dim). Default switches, KTAB's stopping rule.

KTAB is run only when ``--ktab`` (or ``$DETENTE_KTAB_SMPC``) names an
``smpc`` binary built as ``tests/fixtures/ktab/README.md`` describes (none of
KTAB's code or binaries is in this repository), and only up to 40 actors
(KTAB grows as n^3.5-n^4 per turn). Each KTAB run is checked against ours:
every position and win probability KTAB prints must print the same. For 80,
100 and 160 actors the KTAB figures are those measured on this kind of
machine in ``../shared/notes/ktab-smp.md`` (80: 72 s; 100: 349 s, on an input
of its own; 160: unfinished after 900 s), cited, not re-measured.

detente's time is the median of ``--repeat`` runs after one warm-up run
(numba compiles once per machine and caches the result).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import detente  # noqa: E402
from ktab_log import parse  # noqa: E402

REFERENCE = Path(detente.__file__).parent / "data" / "reference" / "ktab"
KTAB_MAX_ACTORS = 40
#: KTAB's times from ../shared/notes/ktab-smp.md (seconds; None = did not finish in 900 s)
NOTES_KTAB = {80: 72.0, 100: 349.0, 160: None}
LOGGER_CONF = """* GLOBAL:
    FORMAT = %msg
    FILENAME = "smpc_log.txt"
    ENABLED = true
    TO_FILE = true
    TO_STANDARD_OUTPUT = false
"""


def random_ktab_csv(seed: int, n: int, dims: int) -> str:
    """A KTAB scenario CSV drawn with ``numpy.random.default_rng(seed)``.

    Power uniform on [5, 200]; positions uniform on [0, 100]; saliences a
    random share (0.5-0.99) of 100 split at random across dimensions; all
    printed with 2 decimals (the recipe of ``tests/fixtures/ktab/random-s*``).
    """
    rng = np.random.default_rng(seed)
    head = ",".join(f"Dim{d} Position,Dim{d} Salience" for d in range(dims))
    lines = [f"random-s{seed}, seeded random scenario (numpy default_rng({seed})), {n}, {dims},",
             f"Actor,Description,Power,{head},"]
    for i in range(n):
        power = rng.uniform(5, 200)
        share = rng.uniform(0.5, 0.99)
        w = rng.uniform(0.1, 1.0, dims)
        sal = 100 * share * w / w.sum()
        pos = rng.uniform(0, 100, dims)
        values = [f"{v:.2f}" for pair in zip(pos, sal) for v in pair]
        lines.append(",".join([f"A{i:02d}", "random actor", f"{power:.2f}", *values]) + ",")
    return "\n".join(lines) + "\n"


def cases() -> list[tuple[str, str]]:
    """(label, KTAB CSV text) per input, smallest first."""
    ref = {name: (REFERENCE / f"{name}.csv").read_bytes().decode()
           for name in ("dummyData_3Dim", "dummyData-a040", "dummyData-a080", "dummyData-a160")}
    return [("dummyData_3Dim", ref["dummyData_3Dim"]), ("random-s10 (10 x 2)", random_ktab_csv(10, 10, 2)),
            ("random-s30 (30 x 2)", random_ktab_csv(30, 30, 2)), ("dummyData-a040", ref["dummyData-a040"]),
            ("dummyData-a080", ref["dummyData-a080"]), ("random-s100 (100 x 2)", random_ktab_csv(100, 100, 2)),
            ("dummyData-a160", ref["dummyData-a160"])]


def _arrays(sc):
    data = [sc.issue_data(i) for i in sc.issue_names]
    return (np.column_stack([d.position / 100 for d in data]), np.column_stack([d.salience for d in data]),
            data[0].capability)


def time_detente(sc, repeat: int):
    """Median seconds of ``repeat`` runs after a warm-up, and the run."""
    model = detente.models.get("smp", capability_scale=None)
    arrays = _arrays(sc)
    run = model.run_arrays(*arrays)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run = model.run_arrays(*arrays)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), run


def run_ktab(smpc: str, text: str):
    """Seconds of one KTAB run on ``text`` and what its log prints."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "smpc-logger.conf").write_text(LOGGER_CONF)
        (Path(tmp) / "input.csv").write_bytes(text.encode())
        cmd = [smpc, "--csv", "input.csv", "--logmin", "--connstr", f"Driver=QSQLITE;Database={tmp}/db"]
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=tmp, check=True, capture_output=True)
        seconds = time.perf_counter() - t0
        return seconds, parse((Path(tmp) / "smpc_log.txt").read_text())


def same_as_ktab(run, log) -> bool:
    """Every position and win probability KTAB printed, printed the same by us."""
    n, nd = run.positions[0].shape
    pos = [[[f"{100 * p[i, d]:.1f}" for p in run.positions] for d in range(nd)] for i in range(n)]
    prob = [[f"{p[i]:.4f}" for p in run.win_probability] for i in range(n)]
    return pos == log["positions"] and prob == log["win_probability"] and run.turns + 1 == log["states"]


def first_call_seconds() -> float:
    """Import and one run of dummyData_3Dim in a fresh process (loads numba's cache)."""
    code = ("import time; t=time.perf_counter(); import detente; "
            f"sc=detente.load({str(REFERENCE / 'dummyData_3Dim.csv')!r}); detente.models.get('smp').forecast(sc); "
            "print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ktab", default=os.environ.get("DETENTE_KTAB_SMPC"), help="path to KTAB's smpc")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", default=None, help="ignored (benchmarks/run.py passes it to every benchmark)")
    args = parser.parse_args(argv)
    smpc = args.ktab if args.ktab and shutil.which(args.ktab) else None
    load = os.getloadavg()[0]
    rows = ["| input | actors | turns | detente (s) | KTAB smpc (s) | KTAB / detente | same printed results |",
            "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in cases():
            path = Path(tmp) / "input.csv"
            path.write_bytes(text.encode())
            sc = detente.load(path, format="ktab")
            n = len(sc.actors)
            ours, run = time_detente(sc, args.repeat)
            if smpc and n <= KTAB_MAX_ACTORS:
                theirs, log = run_ktab(smpc, text)
                same = "yes" if same_as_ktab(run, log) else "**no**"
                ktab, ratio = f"{theirs:.2f}", f"{theirs / ours:.0f}x"
            elif n in NOTES_KTAB:
                cited = NOTES_KTAB[n]
                ktab = "> 900 (notes)" if cited is None else f"{cited:.0f} (notes)"
                ratio = f"> {900 / ours:.0f}x" if cited is None else f"~{cited / ours:.0f}x"
                ratio += " (other input)" if n == 100 else ""
                same = "not run"
            else:
                ktab, ratio, same = "not run", "", "not run"
            rows.append(f"| {label} | {n} | {run.turns} | {ours:.4f} | {ktab} | {ratio} | {same} |")
    notes = [
        "",
        f"First call in a fresh process (import, numba cache load, dummyData_3Dim): {first_call_seconds():.2f} s.",
        f"Load average when the run started: {load:.2f} on {os.cpu_count()} cores "
        "(other engineers share the machine; KTAB's and our times are affected alike).",
        "KTAB: " + (f"`{smpc}` run here, one run per input, `--logmin`." if smpc else
                    "no smpc binary given, so no KTAB column measured in this run."),
        "Rows marked (notes) cite KTAB's times measured on this kind of machine in ../shared/notes/ktab-smp.md "
        "(not re-run: each takes over a minute); the 100-actor figure there is for an input of its own, so that "
        "ratio compares different inputs of the same size.",
    ]
    return "\n".join(rows + notes)


if __name__ == "__main__":
    print(main(sys.argv[1:]))
