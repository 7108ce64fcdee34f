"""Parts of the ``war:`` section (:mod:`detente.scenario.war`): the supporter's levels, sanctions,
enforcement, the scenario's issues as the game reads them, and the checks that a section with
``support:`` gives every field the game reads."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from .numbers import Strict
from .war_numbers import Cost, Drift, Km2, Num, Prob, Utility

if TYPE_CHECKING:
    from .war import WarSpec

__all__ = ["LEVELS", "SUPPORT_LEVELS", "SupportLevel", "Support", "CouplingWarning", "Sanction", "Enforcement",
           "EveAttack", "WarIssues", "game_problems"]

Level = Literal["leader", "minister", "aide"]
LEVELS: tuple[str, ...] = ("leader", "minister", "aide")  # highest first


SUPPORT_LEVELS: tuple[str, ...] = ("withdraw", "maintain", "increase")


class SupportLevel(Strict):
    """One level of the supporter's help to B: the front's monthly drift and sd, and what it costs."""

    drift: Drift = Field(description="Mean monthly net change of A's area, km2 (serious type).")
    sd: Km2 = Field(description="Standard deviation of the monthly net change, km2.")
    cost_b: Cost = Field(description="B's cost of a month of war at this level.")
    cost_supporter: Cost = Field(description="The supporter's running cost of a month at this level.")


class CouplingWarning(UserWarning):
    """Coupled support levels whose ranges are not ordered: the coupling keeps their ranks, not an order."""


#: Quantiles at which :meth:`Support.order` compares the levels' distributions (the ends 1e-9 inside).
_GRID = (1e-9, *(k / 200 for k in range(1, 200)), 1 - 1e-9)


class Support(Strict):
    """The supporter's level as a monthly Markov chain (``transitions[from][to]``, the rest stays).

    ``coupled`` (default true): the levels' same-named numbers (``levels.<level>.drift``, ``.sd``,
    ``.cost_b``, ``.cost_supporter``) are ONE uncertain quantity at three levels of aid, so the Monte Carlo
    draws each field's levels at one shared quantile (comonotone coupling: each level's number is its own
    distribution's inverse CDF at the same uniform). Ranges ordered endpoint by endpoint then give ordered
    draws in every draw; ranges that cross cannot be ordered by the coupling (a :class:`CouplingWarning`
    names the field). ``false`` draws every level's numbers independently.
    """

    levels: dict[Literal["withdraw", "maintain", "increase"], SupportLevel]
    transitions: dict[Literal["withdraw", "maintain", "increase"],
                      dict[Literal["withdraw", "maintain", "increase"], Prob]] = Field(default_factory=dict)
    coupled: bool = Field(default=True, description="Draw each field's levels at one shared quantile "
                          "(comonotone): the levels are one quantity at three levels of aid.")

    def coupled_groups(self) -> list[tuple[str, ...]]:
        """The paths (inside the war section) drawn at one quantile, one group per field, levels in the order
        withdraw, maintain, increase; empty when ``coupled`` is false."""
        if not self.coupled:
            return []
        present = [lvl for lvl in SUPPORT_LEVELS if lvl in self.levels]
        return [tuple(f"support.levels.{lvl}.{field}" for lvl in present) for field in SupportLevel.model_fields]

    def order(self, field: str) -> str | None:
        """How the coupled draws of ``field`` run from withdraw to maintain to increase: ``"falling"``
        (withdraw >= maintain >= increase at every quantile, e.g. the front's drift), ``"rising"`` (e.g. the
        supporter's cost), ``"equal"``, or None when the levels' distributions cross (no coupling orders them).
        Compared at a grid of 201 quantiles of each level's clipped distribution; for uniform ranges this is
        the endpoints' order."""
        nums = [getattr(self.levels[lvl], field) for lvl in SUPPORT_LEVELS if lvl in self.levels]
        q = [[n.at_quantile(u) for u in _GRID] for n in nums]
        steps = [b - a for x, y in zip(q, q[1:]) for a, b in zip(x, y)]  # next level minus this one
        scale = 1e-12 * max((abs(v) for row in q for v in row), default=0.0)
        falling, rising = all(d <= scale for d in steps), all(d >= -scale for d in steps)
        return "equal" if falling and rising else "falling" if falling else "rising" if rising else None

    @model_validator(mode="after")
    def _warn_unordered(self) -> "Support":
        if self.coupled:
            for field in SupportLevel.model_fields:
                if self.order(field) is None:
                    warnings.warn(f"war.support.levels.*.{field}: the levels' ranges cross (not ordered "
                                  f"withdraw -> maintain -> increase endpoint by endpoint), so the coupled draws "
                                  f"keep their ranks but can be unordered; order the ranges or set "
                                  f"war.support.coupled: false", CouplingWarning, stacklevel=2)
        return self


class Sanction(Strict):
    """A sanction lever: who imposes it, its monthly cost to A, and its monthly cost to the sender."""

    by: str = Field(min_length=1)
    cost_a: Cost
    sender_cost: Cost


class EveAttack(Strict):
    """Consequences of A's attack on the eve of the node (Schelling 1966, the diplomacy of
    violence: a strike during talks demonstrates the capacity and will to keep hurting).

    ``cost_b_monthly``: added to B's cost in every month of war from the node on (its benefit to A comes
    only from months of war, so it is worth more to the type that expects a longer war: single crossing);
    ``cost_a``: A's one-off cost (munitions, condemnation).
    """

    cost_b_monthly: Cost
    cost_a: Cost


class Enforcement(Strict):
    """What a side gains by reneging on a deal beyond its war value (Powell 2006's shift in power)."""

    gain_a: Utility
    gain_b: Utility


@dataclass(frozen=True)
class WarIssues:
    """The scenario's issues as numbers: names, ranges, status quo, and positions with their ranges."""

    names: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    status_quo: tuple[float | None, ...]
    positions: dict[str, tuple[str, ...]]  # actor -> issues it has a position on
    numbers: dict[str, Num]

    @classmethod
    def build(cls, issues: list, positions: list) -> "WarIssues":
        bounds = {i.name: (i.lower, i.upper) for i in issues}
        numbers: dict[str, Num] = {}
        held: dict[str, list[str]] = {}
        for p in positions:
            held.setdefault(p.actor, []).append(p.issue)
            for field, lo, hi in (("position", *bounds[p.issue]), ("salience", 0.0, 1.0)):
                num = Num(value=getattr(p, field), distribution=p.uncertainty.get(field))
                num._lower, num._upper = lo, hi
                numbers[f"positions.{p.actor}.{p.issue}.{field}"] = num
        return cls(tuple(i.name for i in issues), tuple(i.lower for i in issues), tuple(i.upper for i in issues),
                   tuple(i.status_quo for i in issues), {a: tuple(v) for a, v in held.items()}, numbers)


#: What the war game reads once a section has ``support:`` (sections without it are an older format).
_GAME_NEEDS = (("front", ("issue", "area_km2", "occupied_km2", "step_km2", "issue_at_zero", "issue_at_full")),
             ("talks", ("rate", "authority")), ("types", ("prior_stalling", "cost_a", "drift_bonus")))


def game_problems(spec: "WarSpec") -> list[tuple[str, str]]:
    """Missing or inconsistent fields the war game reads (checked once a section has ``support:``)."""
    if spec.support is None:
        return []
    out = [(f"{part}.{name}", "the war game needs this field (see docs/reference/scenario-format.md)")
           for part, names in _GAME_NEEDS for name in names if getattr(getattr(spec, part), name) is None]
    if spec.talks.authority is not None:
        out += [(f"talks.authority.{lvl}", "missing: give the authority of every delegation level")
                for lvl in LEVELS if lvl not in spec.talks.authority]
    if spec.types.cost_a is not None:
        out += [(f"types.cost_a.{k}", "missing: give the monthly cost of war of both types")
                for k in ("serious", "stalling") if k not in spec.types.cost_a]
    if "maintain" not in spec.support.levels:
        out.append(("support.levels.maintain", "missing: the supporter's current level"))
    for level, moves in spec.support.transitions.items():
        if sum(p.value for p in moves.values()) > 1.0:
            out.append((f"support.transitions.{level}", "the probabilities of leaving a level sum above 1"))
    f = spec.front
    if f.area_km2 is not None and f.occupied_km2 is not None and f.occupied_km2.value > f.area_km2.value:
        out.append(("front.occupied_km2", f"{f.occupied_km2.value:g} is above area_km2 ({f.area_km2.value:g})"))
    out += [(f"sanctions.{k}.by", f"{v.by!r} is not one of the third parties ({', '.join(spec.third_parties)})")
            for k, v in spec.sanctions.items() if v.by not in spec.third_parties]
    return out
