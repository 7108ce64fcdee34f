"""Drawing scenarios from their uncertain numbers.

A scenario's numbers may be distributions (:class:`~detente.scenario.Distribution`).
:func:`uncertain_inputs` lists them with the range each draw is clipped to;
:func:`draw_scenario` returns a copy of the scenario with one draw of every
uncertain number. Draw ``k`` of a run with seed ``S`` always uses the child
seed ``SeedSequence(S).spawn(n)[k]`` (:func:`detente.rng.child_seeds`), so a
draw is the same whichever process or machine makes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario import Distribution, Scenario


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain number of a scenario.

    ``record`` is ``"actors"``, ``"issues"`` or ``"positions"``, ``index`` the
    record's place in that list, ``field`` the number's name; ``label`` reads
    like ``Russia.capability`` or ``Russia.territory.position``.
    """

    record: str
    index: int
    field: str
    label: str
    distribution: Distribution
    lower: float
    upper: float


def uncertain_inputs(scenario: Scenario) -> list[UncertainInput]:
    """Every number given as a distribution, in a fixed order (actors, issues, positions)."""
    issues = {i.name: i for i in scenario.issues}
    out: list[UncertainInput] = []
    for k, a in enumerate(scenario.actors):
        for field, dist in a.uncertainty.items():
            out.append(UncertainInput("actors", k, field, f"{a.name}.{field}", dist, 0.0, np.inf))
    for k, i in enumerate(scenario.issues):
        for field, dist in i.uncertainty.items():
            out.append(UncertainInput("issues", k, field, f"{i.name}.{field}", dist, i.lower, i.upper))
    for k, p in enumerate(scenario.positions):
        issue = issues[p.issue]
        for field, dist in p.uncertainty.items():
            lo, hi = (issue.lower, issue.upper) if field == "position" else (0.0, 1.0)
            out.append(UncertainInput("positions", k, field, f"{p.actor}.{p.issue}.{field}", dist, lo, hi))
    return out


def draw_values(inputs: list[UncertainInput], rng: np.random.Generator) -> np.ndarray:
    """One clipped draw of each input, in order."""
    return np.array([min(max(float(u.distribution.sample(rng)), u.lower), u.upper) for u in inputs])


def with_values(scenario: Scenario, inputs: list[UncertainInput], values: np.ndarray) -> Scenario:
    """A copy of ``scenario`` with the inputs set to ``values`` (already valid: no re-validation)."""
    records = {name: list(getattr(scenario, name)) for name in ("actors", "issues", "positions")}
    for u, v in zip(inputs, values):
        rec = records[u.record][u.index]
        records[u.record][u.index] = rec.model_copy(update={u.field: float(v)})
    return scenario.model_copy(update=records)


def draw_scenario(scenario: Scenario, rng: np.random.Generator,
                  inputs: list[UncertainInput] | None = None) -> Scenario:
    """The scenario with one draw of every uncertain number."""
    inputs = uncertain_inputs(scenario) if inputs is None else inputs
    return with_values(scenario, inputs, draw_values(inputs, rng))
