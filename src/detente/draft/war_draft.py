"""The ``war_draft:`` record: what an article says about a decision node of a war, element by element.

It holds no numbers to fill (those are in the draft's ``war:`` section, :mod:`.war_section`, built
from this record); it keeps what the ``war:`` schema has no field for: an attack's size and unit
(145 drones), a ceasefire's length in days, a threat's condition as written, an agreement's name,
parties and stake, who made an argument, and each element's quotes (the web app's Draft page
highlights them). ``effect.parameter`` names where the element lands in ``war:``:

=======================================  ==================================================================
war_draft                                war:
=======================================  ==================================================================
``a``, ``b``                             ``a``, ``b`` (the belligerents)
``moves`` (delegation, eve_attack,       ``observed`` (each side's move at the node) and the ``moves`` sets;
ceasefire)                               the attack: ``eve_attack_cost_b``; the days: ``ceasefire.length``
``levers`` (actor, instrument, target,   ``sanctions.<key>`` (``by``, ``cost_a``, ``sender_cost``), ``levers.<key>``
condition, signals)                      and a ``rules`` entry (``description`` the condition, ``signals``)
``agreements`` (stake)                   ``supporter`` and ``support.transitions.maintain.withdraw``
``arguments`` (rearm)                    ``ceasefire.rearm_a_km2`` / ``rearm_b_km2``, ``enforcement.gain_*``
=======================================  ==================================================================

``credibility`` and ``effect.amount`` are read from drafts written before the ``war:`` section was.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .elements import Quote

__all__ = ["DraftNumber", "Effect", "MoveDraft", "LeverDraft", "AgreementDraft", "ArgumentDraft", "WarDraft"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class DraftNumber(_Strict):
    """A number of the game: ``value: null`` until an analyst fills it; ``source``/``note`` say where from."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    source: str | None = None
    date: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        return None if value is None else str(value)


class Effect(_Strict):
    """Which parameter of the game an element changes, and by how much (unfilled until an analyst says)."""

    parameter: str
    how: Literal["add", "multiply", "set"] = "add"
    amount: DraftNumber | None = Field(default=None, description="Drafts before the war: section had it here.")


class MoveDraft(_Strict):
    """A side's move at the node as the text reports it."""

    actor: str
    move: Literal["delegation", "eve_attack", "ceasefire"]
    value: str
    size: float | None = Field(default=None, description="An attack's size (145 drones), from the text.")
    unit: str | None = None
    days: float | None = Field(default=None, description="A ceasefire's length in days, from the text.")
    effect: Effect | None = None
    evidence: list[Quote] = Field(min_length=1)


class LeverDraft(_Strict):
    """A third party's threatened measure and its condition."""

    actor: str
    instrument: str
    target: str | None = None
    condition: str | None = None
    signals: list[str] = Field(default_factory=list, description="Moves that meet the condition (Actor.move=value).")
    credibility: DraftNumber | None = Field(default=None, description="Now war.rules[k].credibility.")
    effect: Effect | None = None
    evidence: list[Quote] = Field(min_length=1)


class AgreementDraft(_Strict):
    """An agreement that changes a party's stake in the war's outcome."""

    name: str
    parties: list[str] = Field(default_factory=list)
    stake: str | None = None
    effect: Effect | None = None
    evidence: list[Quote] = Field(min_length=1)


class ArgumentDraft(_Strict):
    """An argument about commitment: a pause lets ``about`` rearm."""

    actor: str
    about: str | None = None
    claim: Literal["rearm"] = "rearm"
    effect: Effect | None = None
    evidence: list[Quote] = Field(min_length=1)


class WarDraft(_Strict):
    """The skeleton of a ``war:`` section."""

    node: str | None = None
    a: str | None = Field(default=None, description="The side whose moves at the node are in question.")
    b: str | None = None
    moves: list[MoveDraft] = Field(default_factory=list)
    levers: list[LeverDraft] = Field(default_factory=list)
    agreements: list[AgreementDraft] = Field(default_factory=list)
    arguments: list[ArgumentDraft] = Field(default_factory=list)
