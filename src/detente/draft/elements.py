"""What a back-end extracts from an article, each element with its evidence (article, paragraph, quote).

These are pydantic models so that both back-ends (rules and llm) produce the same validated shape,
and the llm back-end's output is checked field by field before anything is kept.

Element kinds
-------------
actor       a state or organisation the text names (leaders mapped to the state they speak for)
issue       a matter under negotiation the text names (ceasefire, territory, sanctions, ...)
delegation  the level of a side's delegation to talks (leader, minister, aide)
attack      a side's attack, with its size when the text gives one (145 drones)
ceasefire   a ceasefire demanded, accepted or rejected, with its length when given (30 days)
lever       a third party's threatened measure, its target and its condition (sanctions if ...)
agreement   an agreement that changes a party's stake (the minerals deal gives the US an interest)
argument    an argument about commitment (a ceasefire lets the other side rearm)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Quote", "ActorEl", "IssueEl", "Delegation", "Attack", "Ceasefire", "Lever", "Agreement", "Argument",
           "Extraction", "KINDS"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quote(_Strict):
    """Where an element was read: the article's label, the paragraph (1-based) and the verbatim quote."""

    article: str = Field(min_length=1)
    paragraph: int = Field(ge=1)
    quote: str = Field(min_length=1)


class _Element(_Strict):
    evidence: list[Quote] = Field(min_length=1)


class ActorEl(_Element):
    name: str = Field(min_length=1)
    kind: Literal["state", "organisation"] = "state"


class IssueEl(_Element):
    name: str = Field(min_length=1)


class Delegation(_Element):
    actor: str
    level: Literal["leader", "minister", "aide"]


class Attack(_Element):
    actor: str
    target: str | None = None
    size: float | None = Field(default=None, description="How many (drones, missiles), when the text says.")
    unit: str | None = None
    before_talks: bool = False


class Ceasefire(_Element):
    actor: str
    stance: Literal["demand", "accept", "reject"]
    days: float | None = Field(default=None, description="Length of the ceasefire, when the text says.")


class Lever(_Element):
    actor: str
    instrument: str = Field(description="What is threatened: sanctions, secondary sanctions, tariffs, aid ...")
    target: str | None = None
    condition: str | None = Field(default=None, description="The condition as the text states it (if/unless ...).")


class Agreement(_Element):
    name: str
    parties: list[str] = Field(default_factory=list)
    stake: str | None = Field(default=None, description="The party whose stake in the outcome the agreement changes.")


class Argument(_Element):
    actor: str = Field(description="Who makes the argument.")
    about: str | None = Field(default=None, description="The side the argument says would gain from a pause.")
    claim: Literal["rearm"] = "rearm"


#: Element kinds in the order drafts list them, with their models and the fields that identify one.
KINDS: dict[str, tuple[type[_Element], tuple[str, ...]]] = {
    "actors": (ActorEl, ("name",)),
    "issues": (IssueEl, ("name",)),
    "delegations": (Delegation, ("actor", "level")),
    "attacks": (Attack, ("actor", "target", "size")),
    "ceasefires": (Ceasefire, ("actor", "stance")),
    "levers": (Lever, ("actor", "target")),
    "agreements": (Agreement, ("stake",)),
    "arguments": (Argument, ("actor", "about")),
}


class Extraction(_Strict):
    """Everything a back-end read from the articles."""

    actors: list[ActorEl] = Field(default_factory=list)
    issues: list[IssueEl] = Field(default_factory=list)
    delegations: list[Delegation] = Field(default_factory=list)
    attacks: list[Attack] = Field(default_factory=list)
    ceasefires: list[Ceasefire] = Field(default_factory=list)
    levers: list[Lever] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    arguments: list[Argument] = Field(default_factory=list)
