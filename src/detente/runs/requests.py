"""What each kind of run is asked to do: one request type per kind, and the option choices, defined once.

Both shells build these: the command line from its options and the file it loaded
(:func:`detente.io.load`), the web app from the JSON body it validated
(:func:`detente.scenario.scenario_from_dict`). A request holds the validated
:class:`~detente.scenario.Scenario`, never a dict or a path, so a run parses its
scenario once whichever shell started it. The choices (:class:`Backend`,
:class:`Capability`, :class:`Grouping`, :class:`Method`, :class:`ExchangeRate`) are the
values the CLI's options and the web's request body both accept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Optional

from ..scenario import Scenario

__all__ = ["BACKTEST_DEFAULTS", "BacktestRequest", "Backend", "Capability", "CompareRequest", "Execution",
           "ExchangeRate", "ForecastRequest", "Grouping", "Method", "Refinement", "RexRequest", "SensitivityRequest",
           "SimulateRequest", "Resume", "WAR_DEFAULTS", "WAR_HISTORY_SEED", "WarHistoryRequest", "WarRequest"]


class Backend(str, Enum):
    """Where draws run: local processes or Ray (:func:`detente.execution.get_executor`)."""

    local = "local"
    ray = "ray"


class Capability(str, Enum):
    """A DEU III backtest's actor capabilities: equal, GDP (the file's row 2) or Council votes."""

    equal = "equal"
    gdp = "gdp"
    votes = "votes"


class Grouping(str, Enum):
    """A backtest's scenarios: one issue each, or all issues of a proposal (for cross-issue models)."""

    issue = "issue"
    proposal = "proposal"


class Method(str, Enum):
    """Sensitivity method: Sobol' indices or Morris screening (SALib)."""

    sobol = "sobol"
    morris = "morris"


class ExchangeRate(str, Enum):
    """The exchange model's rate in a REX run: random between the break-even rates, or equal gain."""

    random_rate = "random-rate"
    equal_gain = "equal-gain"


class Refinement(str, Enum):
    """The war node's equilibrium refinement (:data:`detente.models.war.signalling.REFINEMENTS`): D1 (Cho & Kreps
    1987), the Intuitive Criterion, or none."""

    D1 = "D1"
    intuitive = "intuitive"
    none = "none"


@dataclass(frozen=True)
class Execution:
    """Where and how draws run: ``backend``, ``workers`` (None: every core), a Ray ``address``, and at least
    ``min_chunks`` chunks of draws (checkpoints for ``--resume``; the web asks for more in one process so that
    its progress bar moves and Cancel answers soon; the numbers never depend on chunking)."""

    backend: str = "local"
    workers: Optional[int] = None
    address: Optional[str] = None
    min_chunks: int = 8


@dataclass(frozen=True)
class ForecastRequest:
    """Each of ``models`` on ``scenario`` (one stored run per model).

    ``params`` go to the model when one model is asked for (several models take their defaults);
    ``rounds`` and ``variant`` to the models that have them. ``variant_option`` is how an error names the
    variant (``--variant`` on the command line). ``built`` keeps what the service built from the request (the
    models, their full parameters), so that planning and running build a model once.
    """

    scenario: Scenario
    models: tuple[str, ...] = ("eum",)
    params: dict[str, Any] = field(default_factory=dict)
    rounds: Optional[int] = None
    variant: Optional[str] = None
    seed: int = 0
    argv: tuple[str, ...] = ()
    variant_option: str = "variant"
    built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Resume:
    """A stopped simulate run being finished: its id, the ``(start, stop)`` chunks done and their results."""

    run_id: str
    done: tuple[tuple[int, int], ...] = ()
    previous: tuple[tuple, ...] = ()
    chunksize: Optional[int] = None


@dataclass(frozen=True)
class SimulateRequest:
    """Monte Carlo: ``draws`` input sets drawn from the scenario's distributions through ``model``."""

    scenario: Scenario
    model: str = "eum"
    params: dict[str, Any] = field(default_factory=dict)
    rounds: Optional[int] = None
    variant: Optional[str] = None
    draws: int = 1000
    seed: int = 0
    ranges: tuple[str, ...] = ()
    execution: Execution = Execution()
    argv: tuple[str, ...] = ()
    resume: Optional[Resume] = None
    built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class CompareRequest:
    """Baseline vs ``shock`` (a :class:`detente.analysis.shocks.Shock`) on common random draws."""

    scenario: Scenario
    shock: Any
    model: str = "eum"
    params: dict[str, Any] = field(default_factory=dict)
    rounds: Optional[int] = None
    variant: Optional[str] = None
    draws: int = 1000
    seed: int = 0
    execution: Execution = Execution()
    argv: tuple[str, ...] = ()
    built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class SensitivityRequest:
    """Sobol' or Morris indices of each issue's outcome over the scenario's inputs (base sample size ``n``)."""

    scenario: Scenario
    model: str = "eum"
    params: dict[str, Any] = field(default_factory=dict)
    rounds: Optional[int] = None
    variant: Optional[str] = None
    method: str = "sobol"
    n: int = 128
    seed: int = 0
    execution: Execution = Execution()
    argv: tuple[str, ...] = ()
    built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


BACKTEST_DEFAULTS = {"split_year": 2005, "stack": True}


@dataclass(frozen=True)
class BacktestRequest:
    """Every model of ``models`` on the DEU III issues of ``data`` (``scenarios``, read once by the shell through
    :func:`detente.runs.backtest.read_issues`), fit before ``split_year`` and scored from it."""

    data: Path
    scenarios: tuple[Scenario, ...]
    models: tuple[str, ...]
    split_year: int = BACKTEST_DEFAULTS["split_year"]
    seed: int = 0
    capability: str = "equal"
    stack: bool = BACKTEST_DEFAULTS["stack"]
    grouping: str = "issue"
    workers: int = 1
    argv: tuple[str, ...] = ()


@dataclass(frozen=True)
class RexRequest:
    """The exchange model over a grid of capability and salience exponents, ``draws`` seeded runs a point."""

    scenario: Scenario
    variant: str = "random-rate"
    power_exponents: tuple[float, ...] = (0.5, 1.0, 2.0)
    salience_exponents: tuple[float, ...] = (1.0,)
    draws: int = 20
    seed: int = 0
    rounds: int = 10
    execution: Execution = Execution()
    argv: tuple[str, ...] = ()


# the war answer's options; the last three are the analysis' own defaults (missed_opportunity's STRUCTURAL_DRAWS,
# CHANNEL_DRAWS and NOMINAL_REFINEMENT)
WAR_DEFAULTS = {"draws": 20, "refinement": Refinement.D1.value, "structural_draws": 20, "channel_draws": 5}


@dataclass(frozen=True)
class WarRequest:
    """The war answer (:func:`detente.analysis.war.missed_opportunity.missed_opportunity`) at the decision node of
    ``scenario``'s ``war:`` section over ``draws`` draws of its uncertain numbers.

    ``source`` names the scenario in messages (the file as given, or the web editor's file name). The structural
    choices are tried on the run's first ``structural_draws`` draws, the channel split on its first
    ``channel_draws`` (0: nominal inputs only). The defaults (:data:`WAR_DEFAULTS`) are the command line's.
    """

    scenario: Scenario
    source: str = "<scenario>"
    draws: int = WAR_DEFAULTS["draws"]
    seed: int = 0
    refinement: str = WAR_DEFAULTS["refinement"]
    structural_draws: int = WAR_DEFAULTS["structural_draws"]
    channel_draws: int = WAR_DEFAULTS["channel_draws"]
    execution: Execution = Execution()
    argv: tuple[str, ...] = ()


WAR_HISTORY_SEED = 2026  # detente.analysis.war.history.DEFAULT_SEED, the seed of the committed two-type fit


@dataclass(frozen=True)
class WarHistoryRequest:
    """The war model against history (:func:`detente.analysis.war.history.war_history`): COW wars and ICB crises
    from the shipped files, or from ``cow``, ``majors``, ``icb1``, ``icb2`` where given. ``track_record`` also
    solves the shipped war scenarios at their past nodes, ``types_check`` also scores the two-type war game; both
    are shown beside the run, not stored with it."""

    cow: Optional[Path] = None
    majors: Optional[Path] = None
    icb1: Optional[Path] = None
    icb2: Optional[Path] = None
    seed: int = WAR_HISTORY_SEED
    track_record: bool = True
    types_check: bool = False
    argv: tuple[str, ...] = ()
