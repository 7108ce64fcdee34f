"""Validating large files: seconds and peak memory to accept or reject a file near the size limit.

    python benchmarks/bench_validate.py [--before SRC]

Generates four scenario files (seeded) and loads each with ``detente.load`` in a fresh process,
which reports the CPU and wall seconds spent in ``load`` (imports excluded), its outcome and its
peak resident memory (``ru_maxrss``). ``--before SRC`` also measures the detente package found in ``SRC`` (e.g.
``git archive <commit> src | tar -x -C /tmp/before`` then ``--before /tmp/before/src``), for a
before/after table. Target (issue 14): any file under the 50 MB limit in under 20 s and 1 GB.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

LIMIT = 49_000_000  # bytes: just under detente.io.MAX_BYTES (50 MiB)

CHILD = """
import json, resource, sys, time
import detente
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
start, start_cpu = time.perf_counter(), cpu()
try:
    sc = detente.load(sys.argv[1])
    outcome = f"accepted ({len(sc.positions):,} positions)"
except detente.ScenarioError as exc:
    outcome = "rejected: " + exc.problems[0].message[:70]
seconds, cpu_seconds = time.perf_counter() - start, cpu() - start_cpu
print(json.dumps({"seconds": seconds, "cpu": cpu_seconds, "outcome": outcome,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _rows(n_actors: int, n_issues: int, rng: random.Random):
    for i in range(n_actors):
        for j in range(n_issues):
            yield f"actor{i:05d}", f"issue{j:04d}", round(rng.random() * 100, 2), round(rng.random(), 3)


def write_csv(path: Path, n_actors: int, n_issues: int, max_bytes: int | None = None) -> Path:
    rng, size = random.Random(0), 0
    with path.open("w") as f:
        f.write("actor,issue,position,salience,capability\n")
        for a, i, x, s in _rows(n_actors, n_issues, rng):
            line = f"{a},{i},{x},{s},0.5\n"
            size += len(line)
            if max_bytes and size > max_bytes:
                break
            f.write(line)
    return path


def write_yaml(path: Path, n_actors: int, n_issues: int, max_bytes: int | None = None) -> Path:
    rng, size = random.Random(0), 0
    with path.open("w") as f:
        f.write("name: large\nactors:\n")
        f.writelines(f"  - {{name: actor{i:05d}, capability: 0.5}}\n" for i in range(n_actors))
        f.write("issues:\n")
        f.writelines(f"  - {{name: issue{j:04d}, lower: 0, upper: 100}}\n" for j in range(n_issues))
        f.write("positions:\n")
        size = f.tell()
        for a, i, x, s in _rows(n_actors, n_issues, rng):
            line = f"  - {{actor: {a}, issue: {i}, position: {x}, salience: {s}}}\n"
            size += len(line)
            if max_bytes and size > max_bytes:
                break
            f.write(line)
    return path


def measure(path: Path, src: str | None) -> dict:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env)
    if proc.returncode:
        return {"seconds": float("nan"), "cpu": float("nan"), "rss_mb": float("nan"),
                "outcome": f"crashed: {(proc.stderr.strip().splitlines() or ['killed'])[-1][:70]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def files(folder: Path) -> list[tuple[str, Path]]:
    return [
        ("tidy CSV, 49 MB (2,000 actors x 680 issues, cut at 49 MB)",
         write_csv(folder / "large.csv", 2000, 680, LIMIT)),
        ("YAML, 49 MB (2,000 actors x 450 issues, cut at 49 MB)",
         write_yaml(folder / "large.yaml", 2000, 450, LIMIT)),
        ("tidy CSV at the record limit (1,000 actors x 100 issues)", write_csv(folder / "limit.csv", 1000, 100)),
        ("YAML at the record limit (1,000 actors x 100 issues)", write_yaml(folder / "limit.yaml", 1000, 100)),
    ]


def _cell(r: dict) -> str:
    return f"{r['cpu']:.1f} s CPU ({r['seconds']:.0f} s wall), {r['rss_mb']:,.0f} MB"


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="src folder of an earlier detente to measure too")
    parser.add_argument("--peers", help=argparse.SUPPRESS)  # passed to every benchmark by run.py; unused here
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for label, path in files(Path(tmp)):
            size = path.stat().st_size / 1e6
            after = measure(path, None)
            before = measure(path, args.before) if args.before else None
            rows.append((label, size, before, after))
            print(label, before, after, file=sys.stderr, flush=True)  # as they come: the before runs are long
    head = "| file | MB | " + ("before | " if args.before else "") + "after | outcome (after) |"
    lines = ["`detente.load` on generated files near the limits, each in a fresh process: CPU seconds in `load` "
             "(imports excluded; wall seconds in brackets, inflated when the machine is shared) and the process's "
             "peak resident memory.", "", head,
             "|---|---:|" + ("---:|" if args.before else "") + "---:|---|"]
    for label, size, before, after in rows:
        cells = [label, f"{size:.1f}"] + ([_cell(before)] if before else []) + [_cell(after), after["outcome"]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(f"`python benchmarks/bench_validate.py{' --before SRC' if '--before' in sys.argv else ''}` "
          f"(measured {datetime.date.today().isoformat()})\n")
    print(main())
