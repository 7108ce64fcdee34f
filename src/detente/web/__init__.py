"""The local web app (``detente serve``): build a scenario, run the models, see the answer.

>>> from detente.web import Settings, create_app
>>> app = create_app(Settings(store="runs.duckdb", scenario_dir="scenarios"))  # doctest: +SKIP

The HTTP API lives under ``/api/`` (documented at ``/docs`` and
``/openapi.json``); it calls the same Python functions as the CLI
(:func:`detente.load`, :mod:`detente.io`, :func:`detente.models.get`,
:mod:`detente.analysis`, :mod:`detente.store`) and holds no modelling logic.
"""

from __future__ import annotations

from .app import create_app
from .settings import DEFAULT_MAX_UPLOAD, Settings

__all__ = ["DEFAULT_MAX_UPLOAD", "Settings", "create_app"]
