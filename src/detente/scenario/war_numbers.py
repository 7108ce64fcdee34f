"""Numbers of the ``war:`` section: a value with its evidence and an optional distribution, and the
ranged number types the section's fields use (:mod:`detente.scenario.war`)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from .numbers import Distribution, Evidence, Strict, split_number

__all__ = ["Num", "Prob", "Cost", "Shift", "Factor", "Discount", "Km2", "Drift", "Utility", "IssueValue"]


class Num(Strict):
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
        return self.draw_with_quantile(rng)[0]

    def draw_with_quantile(self, rng) -> tuple[float, float | None]:
        """One draw as :meth:`draw` (the same rng call), and the quantile ``u`` it fell at (``F(x)`` of the
        unclipped draw; None if certain): :meth:`at_quantile` of a coupled number reuses it."""
        if self.distribution is None:
            return self.value, None
        x = float(self.distribution.sample(rng))
        return self.clip(x), self.distribution.cdf(x)

    def at_quantile(self, u: float) -> float:
        """The number at quantile ``u`` of its distribution (the inverse CDF), clipped to the valid range;
        the value itself if certain."""
        if self.distribution is None:
            return self.value
        return self.clip(self.distribution.quantile(u))

    def clip(self, x: float) -> float:
        return float(min(max(x, self._lower), self._upper))

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
    return Annotated[Num, BeforeValidator(_to_num), AfterValidator(_ranged(lo, hi))]


Prob = _num(0.0, 1.0)
Cost = _num(0.0, 1.0)
Shift = _num(-1.0, 1.0)
Factor = _num(0.0, 100.0)
Discount = _num(0.5, 0.9999)


Km2 = _num(0.0, 1e7)
Drift = _num(-1e5, 1e5)
Utility = _num(0.0, 1.0)
IssueValue = _num(-1e12, 1e12)
