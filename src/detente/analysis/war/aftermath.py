"""What happened after a decision node, from the front record, and the model's forecast beside it.

The record is DeepStateMap's Russian-occupied area of Ukraine (credit DeepStateMap,
https://deepstatemap.live; :mod:`detente.io.front`). For a node date ``t0`` and a
horizon of ``k`` months the observed change is the level on the last record day on
or before ``t0 + k`` months minus the level on the last record day on or before
``t0`` (16 May 2025 -> 16 Nov 2025 and 16 May 2026). Where the node falls before
the record's first usable level (2022-04-25: April 2022 is DeepState completing its
first map, see the record's README) the change is measured from that day instead,
and the row says so: for the Istanbul talks of 29 March 2022 the Russian withdrawal
from the Kyiv, Chernihiv and Sumy regions (late March - early April 2022) is not in
the record.

Nothing here is used to fit the model: the calibration reads the record only up to
the node (:meth:`detente.io.front.FrontRecord.until`; a test changes every row after
the node and shows the node's inputs do not move). :func:`compare` sets a forecast
``value`` with its ``low``-``high`` band beside the observed change: inside the band
or not, the error ``value - observed``, and where both are given, the interval score
of Gneiting & Raftery (2007, JASA 102(477), eq. 43) for a central ``1 - alpha`` band:
``(high - low) + (2 / alpha) (low - y)_+ + (2 / alpha) (y - high)_+``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from ...io.front import FrontRecord, read_front

HORIZONS = (6, 12)
USABLE_FROM = date(2022, 4, 25)  # record README: no level before 2022-04-25 for dynamics (map build-up)


@dataclass(frozen=True)
class ObservedChange:
    """The record's change of occupied area over ``months`` after a node (km2, + = a gain for the advancing side)."""

    months: int
    node: str
    target: str
    from_date: str
    to_date: str
    from_km2: float
    to_km2: float
    change_km2: float
    note: str = ""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clipped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (nxt.toordinal() - date(year, month, 1).toordinal())))


def observed_change(node: date, months: int, record: FrontRecord | None = None) -> ObservedChange | None:
    """The occupied-area change from ``node`` to ``node + months``; None if the record ends before the target.

    ``ValueError`` if the target falls before the record's first usable level.
    """
    rec = record or read_front()
    target = add_months(node, months)
    if target > rec.last_date:
        return None
    start, note = node, ""
    if node < USABLE_FROM:
        start = USABLE_FROM
        note = (f"measured from {USABLE_FROM} (the record starts on {rec.first_date}; April 2022 levels are map "
                f"build-up): changes between the node and then are not in it")
    if target < start:
        raise ValueError(f"the target {target} falls before the record's first usable level ({USABLE_FROM})")
    from_date, from_km2 = rec.level_on(start)
    to_date, to_km2 = rec.level_on(target)
    return ObservedChange(months, node.isoformat(), target.isoformat(), from_date.isoformat(), to_date.isoformat(),
                          from_km2, to_km2, round(to_km2 - from_km2, 1), note)


def compare(forecast: dict[str, float], observed: float | None, alpha: float = 0.1) -> dict:
    """A forecast ``{value, low, high}`` (km2) beside the observed change.

    Returns the forecast's fields plus ``observed_km2``, ``inside`` (low <=
    observed <= high), ``error_km2`` (value - observed) and ``interval_score``
    (Gneiting & Raftery 2007, eq. 43, for a central ``1 - alpha`` band; the
    default 0.1 matches a 5-95% band). ``None`` for each when nothing is observed yet.
    """
    value, low, high = forecast["value"], forecast.get("low"), forecast.get("high")
    out = {"value": value, "low": low, "high": high, "observed_km2": observed}
    if observed is None:
        return {**out, "inside": None, "error_km2": None, "interval_score": None}
    out["error_km2"] = value - observed
    if low is None or high is None:
        return {**out, "inside": None, "interval_score": None}
    if low > high:
        raise ValueError(f"the forecast's low ({low}) is above its high ({high})")
    score = (high - low) + (2 / alpha) * max(0.0, low - observed) + (2 / alpha) * max(0.0, observed - high)
    return {**out, "inside": low <= observed <= high, "interval_score": score}


def aftermath(node: date, forecasts: dict[int, dict[str, float]], record: FrontRecord | None = None,
              alpha: float = 0.1) -> list[dict]:
    """``aftermath`` of ``detente war --format json``: per horizon, the model's forecast beside the record.

    ``forecasts`` maps a horizon in months to ``{value, low, high}`` of the
    change of the advancing side's holding in km2, made at the node. Each row
    adds the observed change and where it was measured (see :class:`ObservedChange`).
    """
    rows = []
    for months, forecast in sorted(forecasts.items()):
        seen = observed_change(node, months, record)
        row = {"months": months, **compare(forecast, seen.change_km2 if seen else None, alpha)}
        row["observed"] = asdict(seen) if seen else None
        rows.append(row)
    return rows


def observed_table(node: date, horizons: tuple[int, ...] = HORIZONS, record: FrontRecord | None = None) -> list[dict]:
    """The observed changes alone (no forecast), one row per horizon; ``None`` rows where the record ends first."""
    return [{"months": k, "observed": (asdict(seen) if (seen := observed_change(node, k, record)) else None)}
            for k in horizons]


def scenario_aftermath(scenario, forecasts: dict[int, dict[str, float]], record: FrontRecord | None = None) -> list[dict] | None:
    """``aftermath`` for a scenario: :func:`aftermath` at its node, or None when the shipped record does not
    measure its war (sides other than ``Russia`` and ``Ukraine``) or the node is after the record's end."""
    from .calibration import node_date

    spec = scenario.war
    if spec is None or (spec.a, spec.b) != ("Russia", "Ukraine"):
        return None
    node, rec = node_date(spec), record or read_front()
    if node >= rec.last_date:
        return None
    return aftermath(node, forecasts, rec)
