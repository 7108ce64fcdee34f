"""Numbers with their evidence and, optionally, a distribution: the grammar every number of a scenario shares.

A number is written plain (``0.3``), with its evidence (``{value: 0.3, source: ..., date: ..., note: ...}``)
or as a distribution for the Monte Carlo (``{low: .., high: ..}``, ``{mean: .., sd: ..}``,
``{triangular: [lo, mode, hi]}``). :func:`split_number` takes such a mapping apart; the scenario's records
(:mod:`detente.scenario.schema`) and the war section (:mod:`detente.scenario.war`) both use it.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

__all__ = ["Strict", "WithEvidence", "finite", "Evidence", "Distribution", "split_number", "DISTRIBUTION_KEYS", "EVIDENCE_KEYS"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_assignment=False)


class Evidence(Strict):
    """Where a number came from."""

    source: str = Field(min_length=1, description="Citation, URL or person.")
    date: str | None = Field(default=None, description="When the number was true or observed.")
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_to_text(cls, value: Any) -> Any:
        # YAML turns 2025-01-01 into a date object; keep the text form.
        return None if value is None else str(value)


class Distribution(Strict):
    """An uncertain number, for Monte Carlo analyses.

    Written in a scenario in place of the number: ``{mean: 60, sd: 10}``
    (normal), ``{low: 40, high: 70}`` (uniform) or ``{triangular: [40, 60, 70]}``
    (low, mode, high). Draws are clipped to the number's valid range (a
    position to its issue's scale, a salience to [0, 1], a capability to
    >= 0). The number's plain value, used by single forecasts, is the mean,
    the midpoint or the mode (or ``value`` when given alongside).
    """

    kind: Literal["normal", "uniform", "triangular"]
    mean: float | None = None
    sd: float | None = Field(default=None, gt=0)
    low: float | None = None
    high: float | None = None
    mode: float | None = None

    @model_validator(mode="after")
    def _parameters_fit_kind(self) -> "Distribution":
        need = {"normal": ("mean", "sd"), "uniform": ("low", "high"), "triangular": ("low", "mode", "high")}
        missing = [k for k in need[self.kind] if getattr(self, k) is None]
        if missing:
            raise PydanticCustomError("distribution", "a {kind} distribution needs {missing}",
                                      {"kind": self.kind, "missing": ", ".join(missing)})
        if self.kind != "normal" and not self.low < self.high:
            raise PydanticCustomError("distribution", "low {low} must be below high {high}",
                                      {"low": self.low, "high": self.high})
        if self.kind == "triangular" and not self.low <= self.mode <= self.high:
            raise PydanticCustomError("distribution", "mode {mode} must lie within [low, high]",
                                      {"mode": self.mode})
        return self

    @property
    def nominal(self) -> float:
        """The value a single (non-Monte Carlo) forecast uses."""
        if self.kind == "normal":
            return self.mean
        if self.kind == "triangular":
            return self.mode
        return 0.5 * (self.low + self.high)

    def divided(self, divisor: float) -> "Distribution":
        """The same distribution with every parameter divided by ``divisor`` (e.g. 0-100 to 0-1)."""
        return self.model_copy(update={k: (None if getattr(self, k) is None else getattr(self, k) / divisor)
                                       for k in ("mean", "sd", "low", "high", "mode")})

    def cdf(self, x: float) -> float:
        """P(a draw <= x) (unclipped): for a draw x this is its quantile, uniform on [0, 1]."""
        if self.kind == "normal":
            return NormalDist(self.mean, self.sd).cdf(x)
        lo, hi = self.low, self.high
        if x <= lo:
            return 0.0
        if x >= hi:
            return 1.0
        if self.kind == "uniform":
            return (x - lo) / (hi - lo)
        c = self.mode
        if x <= c:
            return (x - lo) ** 2 / ((hi - lo) * (c - lo))
        return 1.0 - (hi - x) ** 2 / ((hi - lo) * (hi - c))

    def quantile(self, u: float) -> float:
        """The inverse of :meth:`cdf` at ``u`` in [0, 1] (unclipped; a normal's is taken 1e-12 inside)."""
        u = min(max(float(u), 0.0), 1.0)
        if self.kind == "normal":
            return NormalDist(self.mean, self.sd).inv_cdf(min(max(u, 1e-12), 1.0 - 1e-12))
        lo, hi = self.low, self.high
        if self.kind == "uniform":
            return lo + u * (hi - lo)
        c = self.mode
        if u <= (c - lo) / (hi - lo):
            return lo + math.sqrt(u * (hi - lo) * (c - lo))
        return hi - math.sqrt((1.0 - u) * (hi - lo) * (hi - c))

    def sample(self, rng: np.random.Generator, size: int | None = None) -> np.ndarray | float:
        """Draws from the distribution (not clipped)."""
        if self.kind == "normal":
            return rng.normal(self.mean, self.sd, size)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, size)
        return rng.triangular(self.low, self.mode, self.high, size)


DISTRIBUTION_KEYS = {"mean", "sd", "low", "high", "triangular"}
EVIDENCE_KEYS = {"source", "date", "note"}


def split_number(spec: dict) -> tuple[Any, dict, dict | None]:
    """``{value|mean|low/high|triangular..., source, date, note}`` -> (value, evidence, distribution)."""
    spec = dict(spec)
    evidence = {k: spec.pop(k) for k in list(spec) if k in EVIDENCE_KEYS}
    value = spec.pop("value", None)
    distribution = None
    if "triangular" in spec:
        tri = spec.pop("triangular")
        if isinstance(tri, (list, tuple)) and len(tri) == 3:
            distribution = {"kind": "triangular", "low": tri[0], "mode": tri[1], "high": tri[2]}
        else:
            distribution = {"kind": "triangular", "low": tri}  # fails validation with a clear message
    elif "sd" in spec:
        distribution = {"kind": "normal", "mean": spec.pop("mean", value), "sd": spec.pop("sd")}
    elif "low" in spec or "high" in spec:
        distribution = {"kind": "uniform", "low": spec.pop("low", None), "high": spec.pop("high", None)}
    elif "mean" in spec:
        value = spec.pop("mean")
    if spec:  # anything left is not part of the number format: let evidence validation name it
        evidence.update(spec)
    if value is None and distribution is not None:
        try:
            value = Distribution.model_validate(distribution).nominal
        except ValidationError:  # the distribution's own error is reported; keep the value out of it
            value = next((v for v in distribution.values() if isinstance(v, (int, float))), 0.0)
    return value, evidence, distribution


class WithEvidence(Strict):
    """A record some of whose numbers may carry :class:`Evidence`."""

    _numeric_fields: ClassVar[tuple[str, ...]] = ()
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    uncertainty: dict[str, Distribution] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _split_inline_evidence(cls, data: Any) -> Any:
        """Turn ``field: {value: v, source: ...}`` (or a distribution) into ``field: v`` plus evidence."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        evidence = dict(data.get("evidence") or {})
        uncertainty = dict(data.get("uncertainty") or {})
        for name in cls._numeric_fields:
            value = data.get(name)
            if isinstance(value, dict) and (value.keys() & ({"value", "mean"} | DISTRIBUTION_KEYS)):
                data[name], ev, dist = split_number(value)
                if ev:
                    evidence[name] = ev
                if dist:
                    uncertainty[name] = dist
        if evidence:
            data["evidence"] = evidence
        if uncertainty:
            data["uncertainty"] = uncertainty
        return data

    @model_validator(mode="after")
    def _evidence_names_a_field(self) -> "WithEvidence":
        unknown = sorted((set(self.evidence) | set(self.uncertainty)) - set(self._numeric_fields))
        if unknown:
            raise PydanticCustomError(
                "evidence_field",
                "evidence or a distribution given for {unknown}, which is not one of this record's numbers ({known})",
                {"unknown": ", ".join(unknown), "known": ", ".join(self._numeric_fields)},
            )
        return self


def finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number")
    return value


