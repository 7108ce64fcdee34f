"""Request bodies of the HTTP API (validated by pydantic at the boundary, as the scenario files are)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..runs.requests import Backend, Capability, Grouping, Method

__all__ = ["RunRequest", "SaveRequest", "ShockSpec", "ValidateRequest"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ValidateRequest(_Body):
    """A scenario as plain data (the YAML form), and the file name its problems should name."""

    scenario: dict[str, Any]
    file: str = Field(default="<editor>", max_length=200)


class SaveRequest(_Body):
    scenario: dict[str, Any]
    overwrite: bool = False


class ShockSpec(_Body):
    """A counterfactual, as ``detente compare``'s ``--set``, ``--drop`` and ``--add-actor`` take it."""

    name: str = "web"
    set: list[str] = Field(default_factory=list, max_length=200)
    drop: list[str] = Field(default_factory=list, max_length=200)
    add_actors: list[str] = Field(default_factory=list, max_length=50)


class RunRequest(_Body):
    """What to run on which scenario: the options of ``forecast``, ``simulate``, ``compare``, ``sensitivity``,
    ``war`` and ``backtest deu3`` (which runs on the shipped DEU III data, not on ``scenario``)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)  # choices as plain values

    kind: Literal["forecast", "simulate", "compare", "sensitivity", "war", "backtest"] = "forecast"
    scenario: Optional[dict[str, Any]] = Field(default=None, description="Needed by every kind but backtest.")
    file: str = Field(default="<editor>", max_length=200)
    models: list[str] = Field(default_factory=lambda: ["eum"], min_length=1, max_length=20)
    rounds: Optional[int] = Field(default=None, ge=0, le=1000)
    seed: int = Field(default=0, ge=0)
    draws: int = Field(default=200, ge=1, le=1_000_000)
    backend: Backend = Backend.local
    workers: int = Field(default=1, ge=1, le=256)
    ranges: list[str] = Field(default_factory=list, max_length=50)
    shock: Optional[ShockSpec] = None
    method: Method = Method.sobol
    n: int = Field(default=32, ge=4, le=100_000)
    top: int = Field(default=10, ge=1, le=100)
    params: dict[str, Any] = Field(default_factory=dict)
    variant: Optional[str] = Field(default=None, max_length=50,
                                   description="The model's variant, as forecast's --variant (exchange: equal-gain "
                                               "or random-rate); with several models, for those that have one.")
    split_year: int = Field(default=2005, ge=1900, le=2100, description="backtest: as --split year:YYYY.")
    capability: Capability = Capability.equal
    stack: bool = Field(default=True, description="backtest: also fit the learned forecasts (stacked and menu) on "
                                                 "the training split, as --stack/--no-stack (on by default, as there).")
    grouping: Grouping = Field(default=Grouping.issue, description="backtest: as --grouping.")
    store: bool = True
