"""Worker processes that never outlive their parent, and pools closed before the interpreter exits.

Two faults of ``concurrent.futures`` pools that this module guards against:

1. **Orphans after ``kill -9``.** A pool worker blocks reading its call queue, whose write end it
   holds itself (the queue is pickled whole), so it never sees end-of-file when the parent dies.
   The fork server exits only when every copy of its "alive" pipe is closed, and each worker holds
   one; the resource tracker, likewise, waits for its pipe, which the fork server and the workers
   hold. So after ``kill -9`` of the parent all of them ran on (about 540 MB) until killed by hand.
   :func:`watch_parent`, run by each worker's initializer, starts a daemon thread that waits on the
   parent (a Linux ``pidfd``, which becomes readable when that process exits and cannot be fooled
   by a reused pid; elsewhere a poll of the parent's pid once a second) and ends the worker with
   ``os._exit``. Once the workers are gone the fork server's pipe reaches end-of-file and it exits,
   and then the resource tracker's.
2. **``OSError: [Errno 9] Bad file descriptor`` at exit.** CPython 3.11's exit hook
   (``concurrent.futures.process._python_exit``) writes to each pool's wake-up pipe while the pool's
   manager thread may be closing that pipe, because the executor object was dropped (a command's
   local variable) and its weakref callback started the same shutdown (the race CPython fixed in
   3.12, gh-105829). :func:`track` keeps each pool referenced until :func:`forget`, and
   :func:`close_all`, registered to run before that hook, shuts every open pool down in order
   (``shutdown(wait=True)``): the hook then finds every pipe closed and writes nothing.
"""

from __future__ import annotations

import concurrent.futures.process  # noqa: F401  (its exit hook must be registered before ours)
import os
import select
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["watch_parent", "worker_init", "track", "forget", "close_all"]

_open: set[ProcessPoolExecutor] = set()
_guard = threading.Lock()


def worker_init(parent_pid: int) -> None:
    """Pool initializer: leave Ctrl-C to the parent, and exit when the parent exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent_pid)


def watch_parent(parent_pid: int, poll: float = 1.0) -> threading.Thread:
    """Start a daemon thread that ends this process (status 1) once ``parent_pid`` has exited."""
    thread = threading.Thread(target=_wait_then_exit, args=(parent_pid, poll), name="detente-parent-watch",
                              daemon=True)
    thread.start()
    return thread


def _wait_then_exit(parent_pid: int, poll: float) -> None:
    try:
        fd = os.pidfd_open(parent_pid)
    except ProcessLookupError:  # gone already
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd (macOS, Linux < 5.3): poll the pid instead
        fd = None
    if fd is not None:
        select.select([fd], [], [])
        os._exit(1)
    while _alive(parent_pid):
        time.sleep(poll)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else: the pid was reused, our parent is gone
        return False
    return True


def track(pool: ProcessPoolExecutor) -> None:
    with _guard:
        _open.add(pool)


def forget(pool: ProcessPoolExecutor) -> None:
    with _guard:
        _open.discard(pool)


def close_all() -> None:
    """Shut down every pool still open (workers finish their current task; queued ones are cancelled)."""
    with _guard:
        pools = list(_open)
        _open.clear()
    for pool in pools:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except Exception:  # noqa: BLE001 - exiting anyway; never turn exit into a traceback
            pass


# Callbacks of threading._register_atexit run in reverse order of registration, before non-daemon threads
# are joined and before atexit: ours, registered after concurrent.futures', runs first.
threading._register_atexit(close_all)
