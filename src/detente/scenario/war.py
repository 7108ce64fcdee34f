"""The ``war:`` section of a scenario: a bargaining-while-fighting game as data.

Every number may be written plain (``0.3``), with its evidence
(``{value: 0.3, source: ..., date: ..., note: ...}``) or as a distribution
for the Monte Carlo (``{low: 0.2, high: 0.4, source: ...}``,
``{mean: .., sd: ..}``, ``{triangular: [lo, mode, hi]}``), exactly like the
scenario's other numbers (:mod:`detente.scenario`). The section is
validated here, once; :meth:`WarSpec.numbers` then gives every number by
its path (``battle.advance``, ``rules[0].credibility``) and the model reads
plain floats.

Third parties' behaviour is data: :class:`Rule` says which observed moves
trigger which change of the game (a sanction raising Russia's cost, a
withdrawal of support) and how credible the threat is.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from .numbers import Strict
from .war_numbers import (  # noqa: F401 (Num and the number types are this module's public names too)
    Cost, Discount, Drift, Factor, IssueValue, Km2, Num, Prob, Shift, Utility,
)
from .war_parts import (  # noqa: F401 (public here too)
    LEVELS, SUPPORT_LEVELS, CouplingWarning, Enforcement, EveAttack, Level, Sanction, Support, SupportLevel, WarIssues, game_problems,
)

__all__ = ["Num", "WarSpec", "read_by_no_model", "WarIssues", "Rule", "Effect", "Counterfactual", "MOVES",
           "PARAMETERS", "LEVELS", "SUPPORT_LEVELS", "CouplingWarning"]

#: The moves at a decision node and their possible values (the first actor-side names are the spec's sides).
MOVES: dict[str, tuple[str, ...]] = {
    "delegation": ("leader", "minister", "aide"),
    "eve_attack": ("yes", "no"),
    "ceasefire": ("accept", "reject"),
    "support": ("maintain", "withdraw"),
    "sanctions": ("none", "conditional", "secondary", "immediate"),
    "host": ("yes", "no"),
}

#: The description of the fields no model reads: a scenario file written for an older war game keeps loading.
_OLDER_FORMAT = "Read by no model: a field of an older file format, accepted so that files written for it still load."

#: The paths (:meth:`WarSpec.numbers`) of the numbers no model reads: the first war game's inputs (one binding
#: round ends the war, signals and third parties' rules typed in; benchmarks/bench_war.py's ``V1_COMMIT``).
_OLDER_PATHS = re.compile(
    r"(front\.(length|share_a)|battle\..+|costs\..+|withdrawal_hazard|talks\.(base|host|level\..+)"
    r"|types\.(prior_strong|delegation\..+|eve_attack\..+)|ceasefire\.rearm_[ab]|levers\..+"
    r"|rules\[\d+\]\.credibility|third_parties\..+\.ideal_share_a)")


def read_by_no_model(path: str) -> bool:
    """Whether the number at ``path`` is an older file format's, which no model reads (the fields described
    "Read by no model", the first war game's ``battle``, ``costs``, ``levers`` and rules' ``credibility``):
    the sensitivity screen leaves it out. The Monte Carlo still draws it, so every other number's draw is
    the same with or without it in the file (:func:`detente.models.war.game.draw_params` draws in path order).
    ``tests/models/war/test_older_format.py`` checks the list against the numbers a solve reads."""
    return _OLDER_PATHS.fullmatch(path) is not None

#: Game parameters a rule's effect may change.
PARAMETERS = ("cost_a", "cost_b", "withdrawal_hazard", "talks", "advance", "withdrawn")


class Front(Strict):
    """The front (Smith & Stam 2004): the stake's area, the area A holds at the node, the walk's step.

    The game (:mod:`detente.models.war.front`) reads ``area_km2``, ``occupied_km2``, ``step_km2``, and the
    issue the front decides with its values when A holds none (``issue_at_zero``) or all (``issue_at_full``)
    of the stake. ``length`` and ``share_a`` (a walk on ``0..length`` with ``share_a`` of the stake A's at
    the start) are an older file format's fields, read by no model; they are accepted so that files
    written for it still load.
    """

    length: int | None = Field(default=None, ge=2, le=200)
    share_a: Prob | None = None
    issue: str | None = Field(default=None, description="The issue the front decides, e.g. territory.")
    area_km2: Km2 | None = Field(default=None, description="The stake: the area both sides claim.")
    occupied_km2: Km2 | None = Field(default=None, description="The stake's area A holds at the node.")
    step_km2: Km2 | None = Field(default=None, description="The walk's step (O17: feasible range from drift and sd).")
    issue_at_zero: IssueValue | None = None
    issue_at_full: IssueValue | None = None


class Battle(Strict):
    """A's probability of advancing one step a round, and what shifts it."""

    advance: Prob = Field(description="A's advance probability when weak ('serious' type) and B is supported.")
    strong_bonus: Shift = Field(description="Added for A's strong ('stalling') type.")
    withdrawal_gain: Shift = Field(description="Added when B's third-party support is withdrawn.")


class Costs(Strict):
    """Per-round costs of fighting, as shares of the stake's value."""

    a: Cost
    b: Cost
    b_without_support: Cost = Field(description="Added to B's cost once support is withdrawn.")


class Talks(Strict):
    """Rounds of talks, their authority to commit, and who proposes.

    ``rate`` (P(a round) each month after the node), ``authority`` per delegation level (P(an
    agreement at the table binds now): the lower of the two delegations counts; Putnam 1988, Fearon
    1997), ``later_level`` (the level of later rounds), ``audience_cost`` per level (a side's cost of a
    failed round its leader attended; Fearon 1994). ``base``, ``level``, ``host`` (factors on a
    binding round's probability) are an older file format's fields, read by no model; they are accepted
    so that files written for it still load.
    """

    proposer_a: Prob
    rate: Prob | None = None
    authority: dict[Level, Prob] | None = None
    later_level: Level = "minister"
    audience_cost: dict[Level, Cost] | None = None
    base: Prob | None = Field(default=None, description=_OLDER_FORMAT)
    level: dict[Level, Factor] | None = Field(default=None, description=_OLDER_FORMAT)
    host: Factor | None = Field(default=None, description=_OLDER_FORMAT)


class Types(Strict):
    """A's private type, ``serious`` or ``stalling``: resolve (cost of war) and capability (drift bonus).

    ``prior_stalling``, ``cost_a`` per type (a month of war's cost to A, the serious type's higher),
    ``drift_bonus`` (km2 a month the stalling type's front gains beyond the serious type's),
    ``analyst_stalling`` (the analyst's own probability, if it differs from B's equilibrium belief).
    ``prior_strong`` and the signal probabilities ``delegation`` and ``eve_attack`` typed in as data are an
    older file format's fields, read by no model (the game derives the signals from the types); they are
    accepted so that files written for it still load.
    """

    prior_stalling: Prob | None = None
    cost_a: dict[Literal["serious", "stalling"], Cost] | None = None
    drift_bonus: Drift | None = None
    analyst_stalling: Prob | None = None
    prior_strong: Prob | None = None
    delegation: dict[Literal["strong", "weak"], dict[Level, Prob]] | None = None
    eve_attack: dict[Literal["strong", "weak"], Prob] | None = Field(
        default=None, description="P(attack on the eve of talks | type). " + _OLDER_FORMAT)

    @model_validator(mode="after")
    def _signals_sum_to_one(self) -> "Types":
        for t, levels in (self.delegation or {}).items():
            total = sum(n.value for n in levels.values())
            if set(levels) != {"leader", "minister", "aide"} or abs(total - 1) > 1e-6:
                raise PydanticCustomError("signals", "delegation probabilities of type {t} must give leader, "
                                          "minister and aide and sum to 1 (got {total:.4g})",
                                          {"t": t, "total": total})
        return self


class Ceasefire(Strict):
    """A ceasefire pauses battles for ``length`` months while both sides rearm (Lavrov's objection).

    ``rearm_a_km2``/``rearm_b_km2``: km2 a month added to / taken from A's drift after the pause,
    per month of pause; ``cost_share``: the share of a month's war costs paid during the pause.
    ``rearm_a``/``rearm_b`` (shifts of A's advance probability) are an older file format's fields, read by
    no model; they are accepted so that files written for it still load.
    """

    length: int = Field(ge=1, le=24)
    rearm_a_km2: Drift | None = None
    rearm_b_km2: Drift | None = None
    cost_share: Prob | None = None
    rearm_a: Shift | None = Field(default=None, description=_OLDER_FORMAT)
    rearm_b: Shift | None = Field(default=None, description=_OLDER_FORMAT)
    break_cost: Cost | None = Field(default=None, description="A's one-off cost of breaking an accepted "
                                    "ceasefire (Fearon 1994: a public commitment broken).")


class Effect(Strict):
    """A change of one game parameter."""

    parameter: Literal["cost_a", "cost_b", "withdrawal_hazard", "talks", "advance", "withdrawn"]
    add: Shift | None = None
    multiply: Factor | None = None

    @model_validator(mode="after")
    def _one_operation(self) -> "Effect":
        if (self.add is None) == (self.multiply is None):
            raise PydanticCustomError("effect", "give exactly one of add or multiply", {})
        return self


class Rule(Strict):
    """A third party's response rule: when at least ``at_least`` of the ``signals`` are observed (and all
    of ``requires``), the ``lever`` is pulled with probability ``credibility``.

    Signals and requirements read ``Actor.move=value``, e.g. ``Russia.delegation=aide``. A lever pulled
    by two rules applies once.
    """

    actor: str = Field(min_length=1)
    description: str = ""
    lever: str = Field(min_length=1, description="A key of the section's levers.")
    signals: list[str] = Field(default_factory=list)
    at_least: int = Field(default=0, ge=0)
    requires: list[str] = Field(default_factory=list)
    credibility: Prob


class ThirdParty(Strict):
    """A third party: its cost per month of war and its discount.

    It values a settlement with its own positions and saliences on the scenario's issues, and
    ``stake_in_b`` (optional, default 0) is what it loses, on the same utility scale, in the endings
    where B ceases to hold its own (A's full win at the front's end, or B's capitulation); it keeps
    it in a settlement and at a frozen line (e.g. a third party's investment in B, such as the
    US-Ukraine minerals agreement of 30 April 2025).
    """

    ideal_share_a: Prob | None = Field(default=None, description="The share of the stake A the party prefers. "
                                       + _OLDER_FORMAT)
    war_cost: Cost
    discount: Discount
    stake_in_b: Utility | None = Field(default=None, description="The party's utility lost when B ceases to "
                                       "hold its own (A's full win or B's capitulation); default 0.")


class Counterfactual(Strict):
    """A named change of the observed moves, e.g. ``{Russia.delegation: leader}``."""

    name: str = Field(min_length=1)
    label: str = Field(min_length=1)
    set: dict[str, str] = Field(min_length=1)


class WarSpec(Strict):
    """The ``war:`` section: the game's inputs (:mod:`detente.models.war.game` builds the game from them; the fields are
    described in docs/reference/scenario-format.md)."""

    a: str = Field(min_length=1, description="Side A (advances towards the front's upper end).")
    b: str = Field(min_length=1)
    round: str = "month"
    horizon: int = Field(default=36, ge=1, le=240)
    belief_points: int = Field(default=11, ge=2, le=201)
    front: Front
    battle: Battle | None = None
    costs: Costs | None = None
    discount: dict[str, Discount]
    talks: Talks
    types: Types
    withdrawal_hazard: Prob | None = Field(default=None, description=_OLDER_FORMAT)
    supporter: str = Field(description="The third party whose support of B can be withdrawn.")
    ceasefire: Ceasefire
    eve_attack_cost_b: Cost = Field(description="One-off cost to B of an attack on the eve of talks.")
    eve_attack: EveAttack | None = Field(default=None, description="The eve attack's monthly cost to B and "
                                         "one-off cost to A.")
    support: Support | None = None
    sanctions: dict[str, Sanction] = Field(default_factory=dict)
    enforcement: Enforcement | None = None
    status_quo: dict[str, IssueValue] = Field(default_factory=dict, description="Issue values of the frozen line "
                                              "other than the front's issue (default: the issue's status quo).")
    levers: dict[str, list[Effect]] = Field(default_factory=dict, description="Named changes of the game.")
    rules: list[Rule] = Field(default_factory=list)
    third_parties: dict[str, ThirdParty] = Field(default_factory=dict)
    moves: dict[str, dict[str, list[str]]] = Field(description="Per actor, per move, the values it may take.")
    observed: dict[str, dict[str, str]]
    counterfactuals: list[Counterfactual] = Field(default_factory=list)
    node: str = Field(default="", description="The decision node, e.g. 'Istanbul talks, 16 May 2025'.")

    @model_validator(mode="after")
    def _consistent(self) -> "WarSpec":
        problems = _problems(self)
        if problems:  # (field path inside the section, message); detente.scenario reports each one
            raise PydanticCustomError("war_consistency", "{message}",
                                      {"message": "; ".join(f"{w}: {m}" for w, m in problems), "problems": problems})
        return self

    _issues: "WarIssues | None" = PrivateAttr(default=None)

    def numbers(self) -> dict[str, Num]:
        """Every number of the section by its path, e.g. ``battle.advance`` or ``rules[0].credibility``."""
        out: dict[str, Num] = {}
        _collect(self, "", out)
        return out

    def coupled_groups(self) -> list[tuple[str, ...]]:
        """Groups of paths the Monte Carlo draws at one shared quantile (comonotone): the support levels'
        same-named numbers unless ``support.coupled`` is false (:meth:`Support.coupled_groups`)."""
        return self.support.coupled_groups() if self.support is not None else []

    def position_numbers(self) -> dict[str, Num]:
        """Every actor's position and salience, ``positions.<actor>.<issue>.position`` / ``.salience``.

        The scenario's numbers the war game reads, with their ranges; empty until the issues are
        attached (:meth:`attach_issues`).
        """
        return dict(self._issues.numbers) if self._issues is not None else {}

    @property
    def issues(self) -> "WarIssues":
        """The scenario's issues as the war game reads them (set when the scenario is validated)."""
        if self._issues is None:
            raise ValueError("war: the section has no issues attached (load it as part of a scenario)")
        return self._issues

    def attach_issues(self, issues: list, positions: list) -> list[tuple[str, str]]:
        """Attach the scenario's issues and positions; returns problems (path inside the section, message)."""
        self._issues = WarIssues.build(issues, positions)
        names = set(self._issues.names)
        out = []
        if self.front.issue is not None and self.front.issue not in names:
            out.append(("front.issue", f"{self.front.issue!r} is not one of the scenario's issues"))
        out += [(f"status_quo.{k}", f"{k!r} is not one of the scenario's issues") for k in self.status_quo
                if k not in names]
        actors = {a for a in self._issues.positions}
        out += [(f"sanctions.{k}.by", f"{v.by!r} has no positions in the scenario") for k, v in self.sanctions.items()
                if v.by not in actors]
        out += [(f"third_parties.{k}", f"{k!r} has no positions in the scenario") for k in self.third_parties
                if k not in actors]
        return out


def _collect(node: Any, path: str, out: dict[str, Num]) -> None:
    if isinstance(node, Num):
        out[path] = node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            _collect(getattr(node, name), f"{path}.{name}" if path else name, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            _collect(value, f"{path}.{key}", out)
    elif isinstance(node, list):
        for k, value in enumerate(node):
            _collect(value, f"{path}[{k}]", out)


def parse_move(text: str) -> tuple[str, str, str]:
    """``"Russia.delegation=aide"`` -> ``("Russia", "delegation", "aide")``."""
    left, eq, value = text.partition("=")
    actor, dot, move = left.rpartition(".")
    if not (eq and dot and actor and move and value):
        raise ValueError(f"{text!r}: expected Actor.move=value")
    return actor, move, value


def _problems(spec: WarSpec) -> list[tuple[str, str]]:
    out = game_problems(spec)
    if spec.a == spec.b:
        out.append(("b", "sides a and b must differ"))
    for side in (spec.a, spec.b):
        if side not in spec.discount:
            out.append(("discount", f"no discount factor for side {side!r}"))
    for actor, moves in spec.moves.items():
        for move, values in moves.items():
            if move not in MOVES:
                out.append((f"moves.{actor}.{move}", f"unknown move (known: {', '.join(MOVES)})"))
                continue
            for v in values:
                if v not in MOVES[move]:
                    out.append((f"moves.{actor}.{move}", f"{v!r} is not one of {', '.join(MOVES[move])}"))
    for actor, moves in spec.observed.items():
        for move, value in moves.items():
            if value not in spec.moves.get(actor, {}).get(move, []):
                out.append((f"observed.{actor}.{move}", f"{value!r} is not among moves.{actor}.{move}"))
    for k, rule in enumerate(spec.rules):
        if rule.lever not in spec.levers:
            out.append((f"rules[{k}].lever", f"{rule.lever!r} is not one of the levers ({', '.join(spec.levers)})"))
    texts = [(f"rules[{k}].signals", s) for k, r in enumerate(spec.rules) for s in r.signals + r.requires]
    texts += [(f"counterfactuals[{k}].set", f"{key}={v}") for k, c in enumerate(spec.counterfactuals)
              for key, v in c.set.items()]
    for where, text in texts:
        try:
            actor, move, value = parse_move(text)
        except ValueError as exc:
            out.append((where, str(exc)))
            continue
        if value not in spec.moves.get(actor, {}).get(move, []):
            out.append((where, f"{text!r} names a move value not declared in moves"))
    return out
