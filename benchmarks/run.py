"""Run every benchmark and rewrite benchmarks/RESULTS.md with the figures.

    python benchmarks/run.py [--peers DIR] [--only eum,...]

Each benchmark module exposes ``main(argv) -> str`` returning a markdown section.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

BENCHMARKS = {
    "eum": ("Expected-utility model vs the public Python ports", "bench_eum"),
    "executor": ("Monte Carlo throughput by backend", "bench_executor"),
    "exchange": ("Exchange model vs Decide", "bench_exchange"),
    "backtest": ("Backtest", "bench_backtest"),
    "smp": ("KTAB SMP", "bench_smp"),
    "web": ("Web app", "bench_web"),
    "war": ("War model", "bench_war"),
    "validate": ("Validating large files", "bench_validate"),
}


def machine() -> str:
    import numpy

    import detente

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, numpy {numpy.__version__}, "
            f"detente {detente.__version__}")


def run_isolated(module: str, argv: list[str]) -> str:
    """``module.main(argv)`` in a fresh Python process: its markdown section.

    Each benchmark gets a process of its own, so that nothing an earlier one
    left behind counts in its figures: on Linux a child's peak resident memory
    (``ru_maxrss``) starts at its parent's size when forked, so a memory probe
    run after the web benchmark read 270 MB for every process.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "section.md"
        code = ("import importlib, pathlib, sys; sys.path.insert(0, sys.argv[1]); "
                "pathlib.Path(sys.argv[3]).write_text(importlib.import_module(sys.argv[2]).main(sys.argv[4:]))")
        subprocess.run([sys.executable, "-c", code, str(HERE), module, str(out), *argv], check=True)
        return out.read_text()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", default=None, help="folder with the peer checkouts (see README.md)")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated benchmark names")
    args = parser.parse_args(argv)
    sections = dict(previous_sections(HERE / "RESULTS.md"))
    for name in args.only.split(","):
        title, module = BENCHMARKS[name]
        extra = ["--peers", args.peers] if args.peers else []
        sections[title] = (f"`python benchmarks/{module}.py` (measured {datetime.date.today().isoformat()})\n\n"
                           + run_isolated(module, extra).strip())
    order = [title for title, _ in BENCHMARKS.values()]
    ordered = sorted(sections, key=lambda t: order.index(t) if t in order else len(order))
    text = (f"# Benchmark results\n\nMachine: {machine()}; `make bench` (`python benchmarks/run.py`) runs every "
            f"benchmark, `--only NAME,...` re-measures some and keeps the other sections as they were.\n\n"
            + "\n\n".join(f"## {t}\n\n{sections[t]}" for t in ordered) + "\n")
    (HERE / "RESULTS.md").write_text(text)
    print(text)


def previous_sections(path: Path) -> list[tuple[str, str]]:
    """The ``## title`` sections of an existing RESULTS.md, as (title, body) pairs."""
    if not path.exists():
        return []
    parts = ("\n" + path.read_text()).split("\n## ")[1:]
    return [(part.split("\n", 1)[0].strip(), part.split("\n", 1)[1].strip() if "\n" in part else "") for part in parts]


if __name__ == "__main__":
    main()
