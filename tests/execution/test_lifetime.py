"""No process outlives a killed parent, and no pool is left for Python's exit hook to race with.

Both run a real parent in a subprocess: the first kills it with SIGKILL and waits (polling, with a
generous deadline: not a speed test) for its fork server, resource tracker and workers to be gone;
the second checks, at the moment CPython's own pool exit hook runs, that every pool's wake-up pipe
is already closed (the pipe whose closing raced with that hook and printed
``OSError: [Errno 9] Bad file descriptor`` in about 1 run in 10).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

PARENT = textwrap.dedent("""
    import json, multiprocessing.forkserver as fs, multiprocessing.resource_tracker as rt, time
    from detente.execution import LocalExecutor

    if __name__ == "__main__":
        executor = LocalExecutor(2)
        executor.map(abs, [-1, -2, -3, -4])
        pids = {"workers": list(executor._pool._processes), "forkserver": fs._forkserver._forkserver_pid,
                "tracker": rt._resource_tracker._pid}
        print(json.dumps(pids), flush=True)
        time.sleep(600)
""")


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_children_exit_after_the_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    pids = json.loads(parent.stdout.readline())
    children = [*pids["workers"], pids["forkserver"], pids["tracker"]]
    assert all(_running(pid) for pid in children)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 60  # a bound for a loaded machine, not a speed requirement
    while any(_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in children if _running(pid)]
    for pid in left:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running after the parent was killed: {left} of {pids}"


EXIT = textwrap.dedent("""
    import concurrent.futures.process as cfp, sys, threading

    def check():  # registered before detente's hook, so it runs after it and just before CPython's own
        open_pipes = [w for w in list(cfp._threads_wakeups.values()) if not w._closed]
        sys.stderr.write(f"open wake-up pipes at exit: {len(open_pipes)}\\n")

    if __name__ == "__main__":  # (workers import this file too, as __mp_main__: only the parent checks)
        threading._register_atexit(check)
        from detente.execution import LocalExecutor

        executor = LocalExecutor(2)  # never closed by the program, as the CLI's commands leave it
        print(sum(executor.map(abs, range(-20, 0))))
""")


def test_pools_are_closed_before_pythons_exit_hook(tmp_path):
    script = tmp_path / "exit.py"
    script.write_text(EXIT)
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "210"
    assert proc.stderr.count("open wake-up pipes at exit: 0") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
