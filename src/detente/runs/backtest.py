"""A backtest run: every chosen model on the DEU III issues with an outcome, fit before a year, scored from it."""

from __future__ import annotations

import contextlib
import functools
import threading
from pathlib import Path
from typing import Callable, Optional

from .common import record_result, recording, tracker
from .requests import BacktestRequest

__all__ = ["clear_cache", "plan_backtest", "read_issues", "run_backtest", "shipped_data"]


def shipped_data() -> Path:
    """The DEU III file shipped with detente (``detente backtest deu3``)."""
    from ..datasets import reference_path

    return reference_path("deu3", "deu3.csv")


def read_issues(path: Path, capability: str) -> tuple:
    """The issues of the DEU III file ``path`` a backtest runs on (an outcome and at least 3 actors with position
    and salience), with ``capability``; the shipped file is read once per process (it does not change while the
    process runs), so a web job's plan and run, and later jobs, share one reading."""
    from ..io import deu3

    if Path(path) == shipped_data():
        return _shipped_issues(capability)
    return tuple(deu3.backtest_scenarios(path, capability=capability))


@functools.lru_cache(maxsize=None)
def _shipped_issues(capability: str) -> tuple:
    from ..io import deu3

    return tuple(deu3.backtest_scenarios(shipped_data(), capability=capability))


def _whole(path: Path):
    """The data file as one scenario: the run's provenance in the store (the shipped file read once a process)."""
    return _shipped_whole() if Path(path) == shipped_data() else _read_whole(path)


@functools.lru_cache(maxsize=1)
def _shipped_whole():
    return _read_whole(shipped_data())


def _read_whole(path: Path):
    from ..io import deu3, read_text

    return deu3.read(read_text(path), str(path))


def clear_cache() -> None:
    """Forget the shipped file's readings (tests that count readings start from none)."""
    _shipped_issues.cache_clear()
    _shipped_whole.cache_clear()


def plan_backtest(request: BacktestRequest) -> int:
    """Units of progress: models x issues."""
    return len(request.models) * len(request.scenarios)


@contextlib.contextmanager
def _executor(workers: int):
    """Local worker processes for ``workers`` > 1, else None (the backtest runs in this process)."""
    if workers <= 1:
        yield None
        return
    from ..execution import get_executor

    chosen = get_executor("local", workers=workers)
    try:
        yield chosen
    finally:
        with contextlib.suppress(Exception):
            chosen.close()


def run_backtest(request: BacktestRequest, store=None, progress: Optional[Callable[[int], None]] = None,
                 cancel: Optional[threading.Event] = None):
    """Run the backtest of ``request`` and record it once finished (the whole data file as its provenance).

    Returns ``(run_id, backtest)``: a :class:`~detente.analysis.backtest.Backtest`; the run id is None
    without a store.
    """
    from ..analysis import backtest as analysis

    with _executor(request.workers) as chosen:
        bt = analysis.run_backtest(list(request.scenarios), list(request.models), split_year=request.split_year,
                                   seed=request.seed, capability=request.capability, executor=chosen,
                                   stack=request.stack, grouping=request.grouping, progress=tracker(progress, cancel))
    bt.data = Path(request.data).name  # the report's header names the data file
    if store is None:
        return None, bt
    parameters = {"models": list(request.models), "split_year": request.split_year,
                  "capability": request.capability, "grouping": request.grouping}
    extra = {"failures": bt.failures.to_dict("records"), "fits": bt.fits}
    with recording(store, "backtest", _whole(request.data), seed=request.seed, argv=request.argv,
                   model=",".join(bt.models), parameters=parameters, extra=extra) as run_id:
        record_result(store, run_id, bt)
    return run_id, bt

