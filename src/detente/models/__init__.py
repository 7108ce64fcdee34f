"""The model registry: ``detente.models.get("eum").forecast(scenario)``.

Adding a model is adding one module here that defines a class following
:class:`~detente.models.base.Model` and decorates it with :func:`register`,
then listing the module in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from typing import Any

from .base import Forecast, IssueForecast, IssueModel, Model

__all__ = ["Forecast", "IssueForecast", "IssueModel", "Model", "available", "get", "register"]

_REGISTRY: dict[str, type] = {}
_MODULES = ("mean", "median", "nash", "eum", "exchange", "smp", "war", "procedural", "compromise")
_loaded = False


def register(cls: type) -> type:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"a model named {cls.name!r} is already registered")
    _REGISTRY[cls.name] = cls
    return cls


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in _MODULES:
        try:
            importlib.import_module(f".{module}", __name__)
        except ModuleNotFoundError as exc:  # a model module not written yet
            if not (exc.name or "").endswith(module):
                raise
    _loaded = True


def available() -> dict[str, type]:
    """Registered model classes by name, in registry order."""
    _load_all()
    return dict(_REGISTRY)


def get(name: str, **params: Any) -> Model:
    """An instance of the model called ``name`` with the given parameters."""
    models = available()
    if name not in models:
        raise KeyError(f"unknown model {name!r}; available: {', '.join(models)}")
    return models[name](**params)
