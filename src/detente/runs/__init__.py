"""The run service: every kind of run, one module each, called alike by the command line and the web app.

``run_<kind>(request, store=None, progress=None, cancel=None) -> (run_id, result)``: the request
(:mod:`detente.runs.requests`) holds the validated scenario and the options; the service builds the
models, chooses the executor and the chunk size, records the run in ``store`` (none when it is None),
reports work done through ``progress(n)`` and stops when ``cancel`` (a :class:`threading.Event`) is set.
:func:`plan` gives the units of work a request will report, after checking what can be checked before
any work (the model, its parameters, ranges, the shock). The shells only parse, call and print.

A forecast records one run per model: its ``run_id`` is the list of their ids.
"""

from __future__ import annotations

from .backtest import plan_backtest, run_backtest
from .common import Cancelled
from .compare import plan_compare, run_compare
from .forecast import plan_forecast, run_forecast
from .reopen import open_run
from .requests import (BacktestRequest, CompareRequest, ForecastRequest, RexRequest, SensitivityRequest,
                       SimulateRequest, WarHistoryRequest, WarRequest)
from .rex import plan_rex, run_rex
from .sensitivity import plan_sensitivity, run_sensitivity
from .simulate import plan_simulate, resume_request, run_simulate
from .war import plan_war, run_war
from .war_history import plan_war_history, run_war_history

__all__ = ["Cancelled", "open_run", "plan", "resume_request", "run", "run_backtest", "run_compare", "run_forecast",
           "run_rex", "run_sensitivity", "run_simulate", "run_war", "run_war_history"]

_KINDS = {ForecastRequest: (plan_forecast, run_forecast), SimulateRequest: (plan_simulate, run_simulate),
          CompareRequest: (plan_compare, run_compare), SensitivityRequest: (plan_sensitivity, run_sensitivity),
          BacktestRequest: (plan_backtest, run_backtest), RexRequest: (plan_rex, run_rex),
          WarRequest: (plan_war, run_war), WarHistoryRequest: (plan_war_history, run_war_history)}


def plan(request) -> int:
    """Units of work ``request``'s run reports through ``progress``; raises KeyError, ValueError or TypeError
    on what can be found wrong before any work."""
    return _KINDS[type(request)][0](request)


def run(request, store=None, progress=None, cancel=None):
    """The run of ``request``'s kind: ``run_<kind>(request, store, progress, cancel) -> (run_id, result)``."""
    return _KINDS[type(request)][1](request, store, progress, cancel)
