"""detente: forecast and stress-test multi-party negotiations.

>>> import detente
>>> sc = detente.load(detente.example("ec_car_emissions"))
>>> fc = detente.models.get("eum").forecast(sc)
>>> fc.to_frame().head()  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import models
from .errors import Problem, ScenarioError
from .io import load, save
from .scenario import Actor, Evidence, Issue, Position, Scenario, scenario_from_dict

try:
    __version__ = version("detente")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["Actor", "Evidence", "Issue", "Position", "Problem", "Scenario", "ScenarioError", "example",
           "examples", "load", "models", "save", "scenario_from_dict", "__version__"]

_SCENARIOS = Path(__file__).parent / "data" / "scenarios"


def examples() -> dict[str, Path]:
    """The scenarios shipped with detente, by name."""
    return {p.stem: p for p in sorted(_SCENARIOS.glob("*.yaml"))}


def example(name: str) -> Path:
    """The path of a shipped scenario (see :func:`examples`)."""
    known = examples()
    if name not in known:
        raise KeyError(f"no shipped scenario {name!r}; shipped: {', '.join(known)}")
    return known[name]
