"""The run store: every forecast, simulation, comparison and sensitivity run, with its provenance.

An embedded DuckDB file: ``~/.local/share/detente/runs.duckdb`` by default,
or ``$DETENTE_STORE``, or the path given to :class:`Store`.

>>> from detente.store import Store
>>> store = Store()                                   # doctest: +SKIP
>>> run_id = store.record_forecast(fc, sc, argv=["detente", "forecast", "s.yaml"])  # doctest: +SKIP
>>> store.list_runs()                                 # doctest: +SKIP

Tables
------
``runs``, one row per run:
    ``run_id`` (``YYYYMMDD-HHMMSS-mmm-xxxx``, UTC, sorts by time), ``created_at``,
    ``finished_at``, ``status`` (``running``, ``done``, ``failed``, ``interrupted``),
    ``command``, ``model``, ``parameters`` (JSON), ``seed`` (text), ``seed_entropy``
    (the ``numpy.random.SeedSequence`` entropy that every draw's child seed
    derives from), ``package_version``, ``scenario_hash`` (sha256 of the
    canonical scenario), ``scenario_name``, ``scenario`` (JSON: the whole
    ``Scenario.to_dict()``), ``argv`` (JSON list), ``draws`` and ``chunksize``
    (Monte Carlo runs), ``extra`` (JSON: what a command needs besides, e.g.
    ranges, the shock, the sensitivity method; ``inputs``, the sha256 of each data
    file a run read). A run over data files rather than a scenario (``war-history``:
    the COW and ICB files) has no ``scenario``; its ``scenario_hash`` is the sha256
    of the files' digests (:func:`file_digests`) and ``scenario_name`` their names.
``forecasts`` (run_id, model, issue, forecast, outcome)
    One row per model and issue of a forecast; ``outcome`` is the observed one, if known.
``positions`` (run_id, model, issue, round, actor, position)
    Positions round by round (``Forecast.to_frame()``).
``draws`` (run_id, draw, issue, series, value)
    Monte Carlo rows, written chunk by chunk; ``series`` is ``outcome``, or
    ``baseline``/``shocked`` for a comparison.
``chunks`` (run_id, start, stop)
    The chunks of draws committed so far (what ``simulate --resume`` skips).
``summaries`` (run_id, issue, statistic, value) and ``indices`` (run_id, issue, factor, statistic, value)
    Summary statistics of a Monte Carlo run and sensitivity indices, tidy.
``documents`` (run_id, name, document)
    JSON text of what a re-opened run's charts and report need besides the rows
    above: ``war`` and ``backtest`` result documents, a simulation's ``fan``
    quantiles (each result's ``to_tables()`` gives them; :meth:`Store.documents`).

Recording
---------
``with store.recording(command, scenario, ...) as run_id:`` starts a run and always
ends it: ``done``, ``interrupted`` (Ctrl-C, or the caller's own stop signal such as
the web's cancel) or ``failed``; :func:`recording` does the same for a store that
may be None (``--no-store``). Each kind of result gives these tables itself
(``result.to_tables()``) and reads them back (``ResultClass.from_tables(tables,
record)``); :mod:`detente.runs` records runs and re-opens them
(:func:`detente.runs.open_run`), for the CLI and the web app alike.

Safety
------
- Every write is one transaction on a short-lived connection. A process
  killed at any moment (even by SIGKILL) leaves the file readable with every
  committed run; its own run stays ``running`` with the chunks it committed.
- DuckDB lets one process write at a time. A process that finds the file
  locked retries with backoff for ``timeout`` seconds (default 10), then
  raises :class:`StoreBusyError` ("store is busy: ... try again"); nothing is
  half-written either way. Reads open the file read-only, so readers never
  block each other.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and the API reference (mkdocstrings); at run time see __getattr__
    from .connection import StoreBusyError
    from .core import RunNotFound, Store, recording
    from .provenance import default_path, file_digests, new_run_id
    from .schema import RESULT_TABLES, STATUSES, TABLES

# Loaded on first use (PEP 562): the store's modules import duckdb and pandas, which every ``detente``
# command would otherwise pay for at start-up, whether it records a run or not.
_LAZY = {"StoreBusyError": ".connection", "RunNotFound": ".core", "Store": ".core", "recording": ".core",
         "default_path": ".provenance", "file_digests": ".provenance", "new_run_id": ".provenance",
         "RESULT_TABLES": ".schema", "STATUSES": ".schema", "TABLES": ".schema"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value

__all__ = ["Store", "StoreBusyError", "RunNotFound", "default_path", "file_digests", "new_run_id", "recording",
           "RESULT_TABLES", "STATUSES", "TABLES"]
