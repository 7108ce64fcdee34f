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

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .numbers import Distribution, Evidence, split_number

__all__ = ["Num", "WarSpec", "Rule", "Effect", "Counterfactual", "MOVES", "PARAMETERS"]

#: The moves at a decision node and their possible values (the first actor-side names are the spec's sides).
MOVES: dict[str, tuple[str, ...]] = {
    "delegation": ("leader", "minister", "aide"),
    "eve_attack": ("yes", "no"),
    "ceasefire": ("accept", "reject"),
    "support": ("maintain", "withdraw"),
    "sanctions": ("none", "conditional", "secondary", "immediate"),
    "host": ("yes", "no"),
}

#: Game parameters a rule's effect may change.
PARAMETERS = ("cost_a", "cost_b", "withdrawal_hazard", "talks", "advance", "withdrawn")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Num(_Strict):
    """A number with its evidence and, optionally, a distribution the Monte Carlo draws from."""

    value: float
    source: str | None = None
    date: str | None = None
    note: str | None = None
    distribution: Distribution | None = None
    _lower: float = PrivateAttr(default=-float("inf"))
    _upper: float = PrivateAttr(default=float("inf"))

    @property
    def bounds(self) -> tuple[float, float]:
        """The valid range draws are clipped to."""
        return self._lower, self._upper

    def draw(self, rng) -> float:
        """One draw from the distribution, clipped to the valid range (the value itself if certain)."""
        if self.distribution is None:
            return self.value
        return float(min(max(float(self.distribution.sample(rng)), self._lower), self._upper))

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        return None if value is None else str(value)

    @property
    def evidence(self) -> Evidence | None:
        return None if self.source is None else Evidence(source=self.source, date=self.date, note=self.note)


def _to_num(data: Any) -> Any:
    if isinstance(data, bool):
        raise PydanticCustomError("number", "expected a number, got {value!r}", {"value": data})
    if isinstance(data, (int, float)):
        return {"value": data}
    if isinstance(data, dict) and not isinstance(data.get("value"), dict):
        value, evidence, dist = split_number(data)
        out = {"value": value, **evidence}
        if dist:
            out["distribution"] = dist
        return out
    return data


def _ranged(lo: float, hi: float):
    def check(num: Num) -> Num:
        bad = [v for v in (num.value, *(_support(num.distribution))) if not lo <= v <= hi]
        if bad:
            raise PydanticCustomError("number_range", "{value} is outside [{lo}, {hi}]",
                                      {"value": bad[0], "lo": lo, "hi": hi})
        num._lower, num._upper = lo, hi
        return num
    return check


def _support(dist: Distribution | None) -> tuple[float, ...]:
    if dist is None:
        return ()
    if dist.kind == "normal":
        return (dist.mean,)
    return (dist.low, dist.high)


def _num(lo: float, hi: float):
    from pydantic import AfterValidator

    return Annotated[Num, BeforeValidator(_to_num), AfterValidator(_ranged(lo, hi))]


Prob = _num(0.0, 1.0)
Cost = _num(0.0, 1.0)
Shift = _num(-1.0, 1.0)
Factor = _num(0.0, 100.0)
Discount = _num(0.5, 0.9999)


class Front(_Strict):
    """The front as a random walk on ``0..length`` (Smith & Stam 2004); ``share_a`` of the stake is A's at the start."""

    length: int = Field(ge=2, le=200)
    share_a: Prob


class Battle(_Strict):
    """A's probability of advancing one step a round, and what shifts it."""

    advance: Prob = Field(description="A's advance probability when weak ('serious' type) and B is supported.")
    strong_bonus: Shift = Field(description="Added for A's strong ('stalling') type.")
    withdrawal_gain: Shift = Field(description="Added when B's third-party support is withdrawn.")


class Costs(_Strict):
    """Per-round costs of fighting, as shares of the stake's value."""

    a: Cost
    b: Cost
    b_without_support: Cost = Field(description="Added to B's cost once support is withdrawn.")


class Talks(_Strict):
    """Probability that a round has a binding negotiation, and what moves it."""

    base: Prob = Field(description="With minister-level delegations on both sides and no host.")
    level: dict[Literal["leader", "minister", "aide"], Factor] = Field(description="Factor per delegation level.")
    host: Factor = Field(description="Factor when a third party hosts the talks.")
    proposer_a: Prob


class Types(_Strict):
    """A's private type (strong/'stalling' vs weak/'serious') and the signals each type sends."""

    prior_strong: Prob
    delegation: dict[Literal["strong", "weak"], dict[Literal["leader", "minister", "aide"], Prob]]
    eve_attack: dict[Literal["strong", "weak"], Prob] = Field(description="P(attack on the eve of talks | type).")

    @model_validator(mode="after")
    def _signals_sum_to_one(self) -> "Types":
        for t, levels in self.delegation.items():
            total = sum(n.value for n in levels.values())
            if set(levels) != {"leader", "minister", "aide"} or abs(total - 1) > 1e-6:
                raise PydanticCustomError("signals", "delegation probabilities of type {t} must give leader, "
                                          "minister and aide and sum to 1 (got {total:.4g})",
                                          {"t": t, "total": total})
        return self


class Ceasefire(_Strict):
    """A ceasefire pauses battles for ``length`` rounds while both sides rearm (Lavrov's objection)."""

    length: int = Field(ge=1, le=24)
    rearm_a: Shift = Field(description="Change of A's advance probability per ceasefire round from A's rearming.")
    rearm_b: Shift = Field(description="Fall of A's advance probability per ceasefire round from B's rearming.")


class Effect(_Strict):
    """A change of one game parameter."""

    parameter: Literal["cost_a", "cost_b", "withdrawal_hazard", "talks", "advance", "withdrawn"]
    add: Shift | None = None
    multiply: Factor | None = None

    @model_validator(mode="after")
    def _one_operation(self) -> "Effect":
        if (self.add is None) == (self.multiply is None):
            raise PydanticCustomError("effect", "give exactly one of add or multiply", {})
        return self


class Rule(_Strict):
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


class ThirdParty(_Strict):
    """What a third party wants: A's share it prefers, its cost per round of war, its discount."""

    ideal_share_a: Prob
    war_cost: Cost
    discount: Discount


class Counterfactual(_Strict):
    """A named change of the observed moves, e.g. ``{Russia.delegation: leader}``."""

    name: str = Field(min_length=1)
    label: str = Field(min_length=1)
    set: dict[str, str] = Field(min_length=1)


class WarSpec(_Strict):
    """The ``war:`` section (see :mod:`detente.models.war.schema`)."""

    a: str = Field(min_length=1, description="Side A (advances towards the front's upper end).")
    b: str = Field(min_length=1)
    round: str = "month"
    horizon: int = Field(default=36, ge=1, le=240)
    belief_points: int = Field(default=11, ge=2, le=201)
    front: Front
    battle: Battle
    costs: Costs
    discount: dict[str, Discount]
    talks: Talks
    types: Types
    withdrawal_hazard: Prob = Field(description="Per-round hazard that B's third-party support is withdrawn.")
    supporter: str = Field(description="The third party whose support of B can be withdrawn.")
    ceasefire: Ceasefire
    eve_attack_cost_b: Cost = Field(description="One-off cost to B of an attack on the eve of talks.")
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

    def numbers(self) -> dict[str, Num]:
        """Every number of the section by its path, e.g. ``battle.advance`` or ``rules[0].credibility``."""
        out: dict[str, Num] = {}
        _collect(self, "", out)
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
    out = []
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
