"""The model registry: ``detente.models.get("eum").forecast(scenario)``.

Adding a model is adding one module (or package) here that defines a subclass of
:class:`~detente.models.base.ModelBase` with its facts (:class:`~detente.models.base.Model`)
and decorates it with :func:`register`: the registry imports every public module of this package,
so the model is listed, runnable from the CLI and the web, and covered by the common test battery
(``tests/models/test_common.py``) without further edits. ``_MODULES`` only fixes the order in which
the shipped models are listed; a module not named there comes after them, in name order. The registry,
the CLI and the web read the facts as declared: ``params``, ``variants``, ``rounds_parameter``.
"""

from __future__ import annotations

import importlib
from typing import Any, Mapping

from .base import Forecast, IssueForecast, IssueModel, Model, ModelBase

__all__ = ["Forecast", "IssueForecast", "IssueModel", "Model", "ModelBase", "available", "build_model", "get", "register",
           "with_rounds"]

_REGISTRY: dict[str, type[ModelBase]] = {}
_MODULES = ("mean", "median", "nash", "eum", "exchange", "smp", "war", "procedural", "compromise",
            "nash_conflict")
_loaded = False


def register(cls: type[ModelBase]) -> type[ModelBase]:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    if not (isinstance(cls, type) and issubclass(cls, ModelBase)):
        raise TypeError(f"{cls!r} does not derive from detente.models.ModelBase")
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"a model named {cls.name!r} is already registered")
    _REGISTRY[cls.name] = cls
    return cls


def _model_modules() -> list[str]:
    """The listed modules first, in ``_MODULES``' order, then every other public module of the package."""
    import pkgutil

    found = sorted(m.name for m in pkgutil.iter_modules(__path__)
                   if not m.name.startswith("_") and m.name not in ("base", "council"))
    return list(_MODULES) + [m for m in found if m not in _MODULES]


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in _model_modules():
        try:
            importlib.import_module(f".{module}", __name__)
        except ModuleNotFoundError as exc:  # a model module not written yet
            if not (exc.name or "").endswith(module):
                raise
    _loaded = True


def _listed_at(cls: type) -> int:
    """Where ``cls``'s module stands in ``_MODULES`` (models registered from elsewhere come last)."""
    for k, module in enumerate(_MODULES):
        path = f"{__name__}.{module}"
        if cls.__module__ == path or cls.__module__.startswith(path + "."):
            return k
    return len(_MODULES)


def available() -> dict[str, type[ModelBase]]:
    """Registered model classes by name, in the order of ``_MODULES`` (then registration order).

    The order does not depend on which model modules happen to be imported first, so
    ``--model all`` and the backtest list models the same way in every process.
    """
    _load_all()
    ordered = sorted(_REGISTRY.values(), key=_listed_at)  # stable: registration order within a module
    return {cls.name: cls for cls in ordered}


def get(name: str, **params: Any) -> Model:
    """An instance of the model called ``name`` with the given parameters.

    A parameter the model does not take is a ValueError that names the ones it does, so that ``-p foo=1``
    says what the model takes rather than Python's message about ``__init__``'s keywords.
    """
    models = available()
    if name not in models:
        raise KeyError(f"unknown model {name!r}; available: {', '.join(models)}")
    known = models[name].params
    unknown = [key for key in params if key not in known]
    if unknown:
        raise ValueError(f"model {name!r} has no parameter {', '.join(map(repr, unknown))}; its parameters: "
                         f"{', '.join(known) or 'none'}")
    return models[name](**params)


def with_rounds(name: str, params: dict[str, Any], rounds: int | None) -> dict[str, Any]:
    """``params`` with the CLI's and web form's "rounds" set for an iterative model.

    A model takes it under the name in its ``rounds_parameter`` fact (``"rounds"``, SMP's ``max_turns``);
    models of one step (``rounds_parameter`` None) ignore it.
    """
    cls = available().get(name)
    if rounds is None or cls is None or cls.rounds_parameter is None:
        return dict(params)
    key = cls.rounds_parameter
    return {**params, key: rounds}


def build_model(name: str, params: Mapping[str, Any] | None = None, *, rounds: int | None = None,
                variant: str | None = None, several: bool = False, option: str = "variant"):
    """The registered model ``name`` with ``params``, ``rounds`` (:func:`with_rounds`) and ``variant``: what
    ``detente forecast --param --rounds --variant`` and the web's run requests both build.

    Parameters
    ----------
    name
        A registered model (:func:`detente.models.available`).
    params
        Its parameters.
    rounds
        Rounds, for iterative models (ignored by the others).
    variant
        The model's variant, e.g. ``"random-rate"`` for the exchange model; None keeps its default.
    several
        The model is one of several run together (``--model all``, or several models on the web): a
        variant is then given to the models that have variants and skipped for the others.
    option
        How the error names the variant (``"--variant"`` on the command line).

    Raises
    ------
    KeyError, ValueError, TypeError
        An unknown model, a variant for a model without variants (unless ``several``), a bad variant
        or parameter.
    """
    params = dict(params or {})
    if variant is not None:
        cls = available().get(name)
        if cls is not None and cls.variants:
            params["variant"] = variant
        elif not several:
            raise ValueError(f"{option}: model {name!r} has no variants (the exchange model has)")
    return get(name, **with_rounds(name, params, rounds))
