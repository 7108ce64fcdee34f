"""The model contract: ``forecast(scenario, *, rng=None) -> Forecast``.

Every model is a small class that derives from :class:`ModelBase`, states its facts as class attributes
and takes its parameters as keyword arguments of ``__init__``, like scikit-learn estimators:

``name``, ``summary``, ``source``
    How the registry, the CLI and the web list it, and where it comes from.
``iterative``, ``rounds_parameter``
    Whether it moves positions round by round, and the parameter that sets the number of rounds
    (``"rounds"``, SMP's ``"max_turns"``; None for a model of one step): what ``--rounds`` sets.
``stochastic``
    Whether it draws from ``rng``. The class says it for the default parameters; a model whose
    parameters decide it (SMP's ``state_transition="Stochastic"``) sets it on the instance.
``params``, ``variants``
    Its parameters, in order (each an ``__init__`` keyword and an attribute of the same name), and,
    for a model with a ``variant`` parameter, the variants it accepts (default first).
``inputs``
    The parts of a scenario it reads, from :data:`INPUTS`; changing any other part leaves its
    forecast as it was (tests/models/test_common.py checks this and the other facts against behaviour).

Models that treat each issue on its own derive from :class:`IssueModel` and implement
:meth:`IssueModel.forecast_issue` on plain arrays.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from ..rng import Seed, as_generator
from ..scenario import IssueData, Scenario

if TYPE_CHECKING:  # pandas is imported when a table is asked for, not to run a model
    import pandas as pd

__all__ = ["Model", "ModelBase", "IssueModel", "Forecast", "IssueForecast", "INPUTS"]

#: The parts of a scenario a model may read (its ``inputs`` fact): the actors' positions, saliences and
#: capabilities; an issue's status quo, its scale (lower and upper bounds), and the EU legislative procedure
#: and Council voting rule in its metadata (``proc``, ``counvte``, ``year``).
INPUTS = ("position", "salience", "capability", "status_quo", "scale", "procedure")


@dataclass
class IssueForecast:
    """A model's forecast on one issue.

    Attributes
    ----------
    issue
        The issue's name.
    forecast
        The forecast outcome, on the issue's scale.
    actors
        The actors with a position on the issue, in scenario order.
    positions
        Array of shape ``(rounds + 1, len(actors))``: row 0 holds the initial
        positions, row ``t`` the positions after round ``t``. Non-iterative
        models have one row.
    series
        Per-round statistics, each an array of length ``rounds + 1``
        (e.g. ``"median"`` and ``"mean"`` for the expected-utility model).
    details
        Anything else the model reports (e.g. risk exponents, offers made).
    """

    issue: str
    forecast: float
    actors: tuple[str, ...]
    positions: np.ndarray
    series: dict[str, np.ndarray] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def n_rounds(self) -> int:
        return self.positions.shape[0] - 1

    def rounds(self) -> list[dict[str, Any]]:
        """Positions per round as the JSON contract gives them."""
        return [{"round": t, "positions": {a: float(x) for a, x in zip(self.actors, row)}}
                for t, row in enumerate(self.positions)]


@dataclass
class Forecast:
    """What a model says about a scenario: one :class:`IssueForecast` per issue."""

    model: str
    parameters: dict[str, Any]
    scenario: str
    issues: list[IssueForecast]
    outcomes: dict[str, float | None] = field(default_factory=dict)
    source: Scenario | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, model: "Model", scenario: Scenario, issues: list[IssueForecast]) -> "Forecast":
        """``model``'s forecast of ``scenario`` from its per-issue forecasts (in the scenario's issue order),
        with the model's name and parameters and the scenario's observed outcomes."""
        return cls(model=model.name, parameters=model.get_params(), scenario=scenario.name, issues=issues,
                   outcomes={i.name: i.outcome for i in scenario.issues}, source=scenario)

    @property
    def scenario_hash(self) -> str | None:
        """sha256 of the forecast scenario (computed on demand: Monte Carlo runs never need it)."""
        return None if self.source is None else self.source.content_hash()

    def __getitem__(self, issue: str) -> IssueForecast:
        for f in self.issues:
            if f.issue == issue:
                return f
        raise KeyError(f"no forecast for issue {issue!r}")

    @property
    def values(self) -> dict[str, float]:
        """Forecast per issue."""
        return {f.issue: f.forecast for f in self.issues}

    def summary(self) -> "pd.DataFrame":
        """One row per issue: the forecast, final per-round statistics, and the observed outcome if known."""
        import pandas as pd

        rows = []
        for f in self.issues:
            row = {"model": self.model, "issue": f.issue, "forecast": f.forecast,
                   "rounds": f.n_rounds, "actors": len(f.actors)}
            row.update({k: float(v[-1]) for k, v in f.series.items()})
            row["outcome"] = self.outcomes.get(f.issue)
            rows.append(row)
        return pd.DataFrame(rows)

    def to_frame(self) -> "pd.DataFrame":
        """Long format, one row per issue x round x actor: model, issue, round, actor, position."""
        import pandas as pd

        frames = []
        for f in self.issues:
            rounds, actors = np.indices(f.positions.shape)
            frames.append(pd.DataFrame({
                "model": self.model,
                "issue": f.issue,
                "round": rounds.ravel(),
                "actor": np.asarray(f.actors, dtype=object)[actors.ravel()],
                "position": f.positions.ravel(),
            }))
        return pd.concat(frames, ignore_index=True)

    def to_json(self, history: bool = True) -> dict[str, Any]:
        """The documented JSON contract (see ``docs/reference/json.md``)."""
        issues = []
        for f in self.issues:
            entry: dict[str, Any] = {"issue": f.issue, "forecast": float(f.forecast)}
            if f.series:
                entry["series"] = {k: [float(x) for x in v] for k, v in f.series.items()}
            if history:
                entry["rounds"] = f.rounds()
                # event lists of iterative models: the EUM's "offers", the exchange model's "exchanges"
                entry.update({k: v for k, v in f.details.items() if isinstance(v, list)})
            issues.append(entry)
        return {"model": self.model, "parameters": _jsonable(self.parameters), "scenario": self.scenario,
                "scenario_hash": self.scenario_hash, "issues": issues}

    def to_tables(self) -> dict[str, "pd.DataFrame"]:
        """The run store's tables of this forecast: ``forecasts`` (model, issue, forecast, outcome per issue),
        ``positions`` (:meth:`to_frame`) and, for models that report per-round statistics (the EUM's median
        and mean), the ``series`` document."""
        import pandas as pd

        from ..tidy import documents_table

        summary = pd.DataFrame([{"model": self.model, "issue": f.issue, "forecast": f.forecast,
                                 "outcome": self.outcomes.get(f.issue)} for f in self.issues],
                               columns=["model", "issue", "forecast", "outcome"])
        tables = {"forecasts": summary.astype({"outcome": float}), "positions": self.to_frame()}
        series = {f.issue: {name: list(values) for name, values in f.series.items()} for f in self.issues if f.series}
        if series:
            tables["documents"] = documents_table({"series": series})
        return tables

    @classmethod
    def from_tables(cls, tables: dict[str, "pd.DataFrame"], record: dict[str, Any]) -> "Forecast":
        """The forecast of a stored run (its tables and its record: model, parameters, scenario), issues and
        actors in the scenario's order; raises ValueError when the run kept no forecast."""
        from ..tidy import documents_of

        sc = Scenario.model_validate(record["scenario"])
        rows, positions = tables.get("forecasts"), tables.get("positions")
        if rows is None or positions is None:
            raise ValueError(f"run {record['run_id']} has no stored forecast")
        series, issues = documents_of(tables).get("series", {}), []
        for issue in sc.issue_names:
            pos = positions[positions["issue"] == issue].pivot(index="round", columns="actor", values="position")
            actors = tuple(a for a in sc.actor_names if a in pos.columns)
            value = rows.loc[rows["issue"] == issue, "forecast"]
            issues.append(IssueForecast(issue, float(value.iloc[0]), actors, pos[list(actors)].to_numpy(dtype=float),
                                        {k: np.asarray(v, dtype=float) for k, v in series.get(issue, {}).items()}))
        return cls(record["model"], record["parameters"] or {}, sc.name, issues,
                   outcomes={i.name: i.outcome for i in sc.issues}, source=sc)

    def _repr_html_(self) -> str:
        return f"<p><b>{self.model}</b> forecast of <i>{self.scenario}</i></p>" + self.summary().to_html(index=False)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@runtime_checkable
class Model(Protocol):
    """What every registered model provides (see the module docstring for what each fact means)."""

    name: ClassVar[str]
    summary: ClassVar[str]
    source: ClassVar[str]
    iterative: ClassVar[bool]
    rounds_parameter: ClassVar[str | None]
    stochastic: bool
    params: ClassVar[tuple[str, ...]]
    variants: ClassVar[tuple[str, ...]]
    inputs: ClassVar[tuple[str, ...]]

    def forecast(self, scenario: Scenario, *, rng: Seed = None) -> Forecast: ...

    def get_params(self) -> dict[str, Any]: ...

    @classmethod
    def caveat(cls, scenario: Scenario) -> str | None: ...


class ModelBase:
    """Base of every model: the facts' defaults, :meth:`get_params`, ``repr`` and :meth:`caveat`.

    A subclass sets its facts, takes its parameters as keyword arguments stored as attributes of the
    same name (listed in ``params``) and implements ``forecast``.
    """

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    source: ClassVar[str] = ""
    iterative: ClassVar[bool] = False
    rounds_parameter: ClassVar[str | None] = None
    stochastic: bool = False
    params: ClassVar[tuple[str, ...]] = ()
    variants: ClassVar[tuple[str, ...]] = ()
    inputs: ClassVar[tuple[str, ...]] = ("position", "salience", "capability")

    def get_params(self) -> dict[str, Any]:
        """The model's parameters by name, in the order of ``params``."""
        return {p: getattr(self, p) for p in self.params}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    @classmethod
    def caveat(cls, scenario: Scenario) -> str | None:
        """What the model assumes of a scenario it was not made for (printed under a forecast), or None."""
        return None

    def forecast(self, scenario: Scenario, *, rng: Seed = None) -> Forecast:
        raise NotImplementedError


class IssueModel(ModelBase):
    """Base for models that forecast each issue independently.

    Subclasses set the class facts, take their parameters as keyword
    arguments (stored as attributes of the same name) and implement
    :meth:`forecast_issue`; those that need more of the scenario than the
    issue's arrays override :meth:`issue_arguments`.
    """

    def forecast(self, scenario: Scenario, *, rng: Seed = None) -> Forecast:
        """Forecast every issue of ``scenario``, each by :meth:`forecast_issue` with :meth:`issue_arguments`."""
        generator = as_generator(rng) if self.stochastic else None
        issues = [self.forecast_issue(scenario.issue_data(name), rng=generator,
                                      **self.issue_arguments(scenario, name))
                  for name in scenario.issue_names]
        return Forecast.of(self, scenario, issues)

    def issue_arguments(self, scenario: Scenario, issue: str) -> dict[str, Any]:
        """Keyword arguments :meth:`forecast` passes to :meth:`forecast_issue` for ``issue``, besides its
        data and ``rng``: none here. A model that reads more of the scenario than the issue's arrays
        (e.g. the EU models' procedure and voting rule) returns them, instead of copying :meth:`forecast`."""
        return {}

    def forecast_issue(self, data: IssueData, *, rng: np.random.Generator | None = None) -> IssueForecast:
        raise NotImplementedError
