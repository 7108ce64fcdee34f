"""detente: forecast and stress-test multi-party negotiations.

>>> import detente
>>> sc = detente.load(detente.example("ec_car_emissions"))
>>> fc = detente.models.get("eum").forecast(sc)
>>> fc.to_frame().head()  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and the API reference (mkdocstrings); at run time see __getattr__
    from . import models
    from .errors import Problem, ScenarioError
    from .io import load, save
    from .scenario import Actor, Evidence, Issue, Position, Scenario, scenario_from_dict

__all__ = ["Actor", "Evidence", "Issue", "Position", "Problem", "Scenario", "ScenarioError", "example",
           "examples", "load", "models", "save", "scenario_from_dict", "__version__"]

# Loaded on first use (PEP 562), so that ``import detente.anything`` (the ``detente`` script's first step
# among them) does not import pydantic, the readers and the models before it needs them.
_LAZY = {"models": (".models", None), "Problem": (".errors", "Problem"), "ScenarioError": (".errors", "ScenarioError"),
         "load": (".io", "load"), "save": (".io", "save"), **{name: (".scenario", name) for name in (
             "Actor", "Evidence", "Issue", "Position", "Scenario", "scenario_from_dict")}}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("detente")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0+unknown"
    elif name in _LAZY:
        module, attribute = _LAZY[name]
        value = importlib.import_module(module, __name__)
        value = value if attribute is None else getattr(value, attribute)
    else:
        raise AttributeError(f"module 'detente' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


_SCENARIOS = Path(__file__).parent / "data" / "scenarios"


def examples() -> dict[str, Path]:
    """The scenarios shipped with detente, by name."""
    return {p.stem: p for p in sorted(_SCENARIOS.glob("*.yaml"))}


def example(name: str) -> Path:
    """The path of a file shipped with detente: a scenario (:func:`examples`) by name or file name, or a
    reference file by file name or path under ``data/reference``.

    ``example("ec_car_emissions")``, ``example("istanbul_2025.yaml")``, ``example("cop21.csv")``,
    ``example("deu3/deu3.csv")``. The command line takes the same names wherever it takes a scenario
    file that does not exist in the current folder: ``detente forecast cop21.csv``.
    """
    from .datasets import shipped_files

    known = shipped_files()
    if name not in known:
        raise KeyError(f"no shipped scenario or reference file {name!r}; shipped scenarios: "
                       f"{', '.join(examples())} (reference files: see detente.datasets.shipped_files())")
    return known[name]
