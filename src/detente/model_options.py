"""A model built from the options the CLI and the web form give it: parameters, rounds and variant.

``detente forecast --param --rounds --variant`` and the web's run requests
(``params``, ``rounds``, ``variant``) both call :func:`build_model`, so a
variant (the exchange model's ``equal-gain`` or ``random-rate``) reaches the
model the same way from either.
"""

from __future__ import annotations

from typing import Any, Mapping

from . import models as registry

__all__ = ["build_model"]


def build_model(name: str, params: Mapping[str, Any] | None = None, *, rounds: int | None = None,
                variant: str | None = None, several: bool = False, option: str = "variant"):
    """The registered model ``name`` with ``params``, ``rounds`` (:func:`detente.models.with_rounds`) and ``variant``.

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
        if "variant" in getattr(registry.available().get(name), "params", ()):
            params["variant"] = variant
        elif not several:
            raise ValueError(f"{option}: model {name!r} has no variants (the exchange model has)")
    return registry.get(name, **registry.with_rounds(name, params, rounds))
