"""Where a fresh process's memory goes, and what the fork server's preload saves REX workers.

Helpers of ``bench_exchange.py``; each runs a fresh child process and reads its own
``/proc/self/status`` (``VmRSS`` after each stage, ``VmHWM`` for the peak) or its ``/proc/self/smaps``.
Linux only, like the rest of the benchmark's memory figures.

API::

    compiled_stages(cop21) -> list[(stage, MB)]     # the compiled round, stage by stage
    command_line_stages(cop21, store) -> list       # what `detente forecast` imports and does, stage by stage
    rex_workers(cop21, preload, tmp) -> list        # (CPU s since fork, peak MB) per worker, first chunk
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_HELPERS = """
import json, sys
def status(key):
    return next(int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith(key))
def llvmlite_resident():
    total, on = 0, False
    for line in open('/proc/self/smaps'):
        head = line.split()
        if len(head) > 4 and '-' in head[0] and not head[0].endswith(':'):
            on = 'libllvmlite' in line
        elif on and head[0] == 'Rss:':
            total += int(head[1])
    return total // 1024
out = [('python', status('VmRSS'))]
def mark(label):
    out.append((label, status('VmRSS')))
"""

_COMPILED = _HELPERS + """
import detente; sc = detente.load(%(cop21)r); mark('detente imported, COP21 read')
import numba; mark('numba imported (scipy for its version only)')
out.append(('of which libllvmlite.so resident', llvmlite_resident()))
import scipy.linalg; mark('scipy.linalg (numba looks for BLAS there)')
from numba.core.registry import cpu_target
cpu_target.target_context.refresh(); mark("numba's CPU target ready (its lowering modules, LLVM)")
detente.models.get('exchange', rounds=10).forecast(sc, rng=1, compiled=True)
mark('compiled round loaded from the cache, forecast')
out.append(('of which libllvmlite.so resident', llvmlite_resident()))
out.append(('peak', status('VmHWM')))
print(json.dumps(out))
"""

_COMMAND_LINE = _HELPERS + """
import detente; sc = detente.load(%(cop21)r); mark('detente imported, COP21 read')
import detente.cli; mark('detente.cli (typer, rich; pandas and duckdb not yet)')
fc = detente.models.get('exchange', rounds=10).forecast(sc, rng=1); mark('forecast (plain-Python round)')
import pandas, duckdb; mark('pandas and duckdb (imported by the run store, to record)')
from detente.store import Store
Store(%(store)r).record_forecast(fc, sc); mark('recorded in a new run store')
out.append(('peak', status('VmHWM')))
print('numba' in sys.modules and 'numba loaded' or '', file=sys.stderr)
print(json.dumps(out))
"""

_REX_WORKERS = '''
import json, os, sys, time
from detente.execution import local

def task(t):
    from detente.analysis import rex
    from detente.rng import draw_seed
    scenario, variant, rounds, point, seed, runs = t
    for k in runs:
        rex.RexRuns(scenario, variant, rounds, compiled=True)(draw_seed(seed, k), point)
    hwm = next(int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM'))
    return time.process_time(), hwm

if __name__ == "__main__":
    import detente
    if sys.argv[2] == "without":
        local.PRELOAD = [m for m in local.PRELOAD if m not in ("detente.analysis.rex", "detente.models.exchange._compiled")]
    scenario = detente.load(sys.argv[1])
    tasks = [(scenario, "random-rate", 10, (1.0, 1.0), 1, (k, k + 1)) for k in (0, 2)]
    with local.LocalExecutor(2) as executor:
        print(json.dumps(executor.map(task, tasks, chunksize=1)))
'''


def _run(code: str) -> list:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [tuple(row) for row in json.loads(done.stdout)]


def compiled_stages(cop21: Path) -> list[tuple[str, int]]:
    """Resident MB after each stage of a fresh process that runs the compiled round."""
    return _run(_COMPILED % {"cop21": str(cop21)})


def command_line_stages(cop21: Path, store: Path) -> list[tuple[str, int]]:
    """Resident MB after each of the steps ``detente forecast cop21.csv --model exchange`` takes."""
    return _run(_COMMAND_LINE % {"cop21": str(cop21), "store": str(store)})


def rex_workers(cop21: Path, preload: bool, tmp: Path) -> list[tuple[float, int]]:
    """Two local workers, one two-run REX chunk each: (CPU seconds since the fork, peak MB) per worker,
    with the fork server's preload as shipped or without REX and the exchange round."""
    script = tmp / "rex_workers_probe.py"
    script.write_text(_REX_WORKERS)
    done = subprocess.run([sys.executable, str(script), str(cop21), "with" if preload else "without"],
                          capture_output=True, text=True, check=True)
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]
