"""Run every benchmark and rewrite benchmarks/RESULTS.md with the figures.

    python benchmarks/run.py [--peers DIR] [--only eum,...]

Each benchmark module exposes ``main(argv) -> str`` returning a markdown section.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import sys
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
}


def machine() -> str:
    import numpy

    import detente

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, numpy {numpy.__version__}, "
            f"detente {detente.__version__}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", default=None, help="folder with the peer checkouts (see README.md)")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated benchmark names")
    args = parser.parse_args(argv)
    sections = []
    for name in args.only.split(","):
        title, module = BENCHMARKS[name]
        extra = ["--peers", args.peers] if args.peers else []
        sections.append(f"## {title}\n\n`python benchmarks/{module}.py`\n\n" + importlib.import_module(module).main(extra))
    text = (f"# Benchmark results\n\nMeasured {datetime.date.today().isoformat()} on {machine()} "
            f"with `make bench` (`python benchmarks/run.py`).\n\n" + "\n\n".join(sections) + "\n")
    (HERE / "RESULTS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
