"""The war game's front calibrated on the record: the monthly net change before a node and the lazy walk that matches it.

The record is DeepStateMap's Russian-occupied area of Ukraine (credit DeepStateMap,
https://deepstatemap.live; read by :mod:`detente.io.front`). At a decision node the
calibration looks only at what was known then (:meth:`FrontRecord.until`): the
``months`` complete calendar months before the node's date (12 by default: for
16 May 2025, 2024-05 .. 2025-04), each month's net change with the map-method steps
taken out (the record's README advises it), their mean ``m`` and sample standard
deviation ``s`` (n - 1 in the denominator).

**The lazy walk** (``shared/notes/war2.md``, O17). Each month the front moves one step
``D`` km2 towards the advancing side with probability ``a``, back with ``r``, and
stays with ``1 - a - r``. Its monthly change has mean ``D (a - r)`` and variance
``D^2 (a + r) - D^2 (a - r)^2`` (the moments of a three-point distribution), so
matching ``m`` and ``s`` gives

    a - r = m / D,        a + r = (s^2 + m^2) / D^2.

Feasible iff ``r >= 0`` (``D <= (s^2 + m^2) / m`` for ``m > 0``) and ``a + r <= 1``
(``D >= sqrt(s^2 + m^2)``). O17 states the lower bound as ``D >= m`` (which only
keeps ``a - r <= 1``); at ``D = m`` the walk would need ``a + r = 1.31`` for the
2024-05 .. 2025-04 window, so the bound used here is ``sqrt(s^2 + m^2)``: the
feasible steps for that window are 364.2 .. 416.2 km2.

**US support levels.** The record covers one clear change of US support: the
stall of early 2024 (no new US package between the drawdown of 27 Dec 2023 and the
supplemental signed on 24 Apr 2024, apart from a $300m stop-gap of 12 Mar 2024; the
White House said Ukraine had rationed ammunition for six months), and a short one,
the pause of 3-11 Mar 2025 (ordered after the Oval Office meeting of 28 Feb,
lifted after the Jeddah statement of 11 Mar). :func:`support_periods` lists which
months count as which level and why (:data:`SUPPORT_PERIODS`).
:func:`by_support_level` shows that the record does not separate the levels: Russia
gained *less* in the four stall months (mean 82 km2) than in the year after aid
resumed (319 km2), while its offensive tempo, the season and Ukraine's manpower
changed at the same time; the stall's effect showed with a lag if at all, and
2023's "maintain" months are Ukraine's counteroffensive. So the window fits the
``maintain`` level, and the shifts for ``withdraw`` and ``increase`` stay stated
assumptions with ranges (the scenario's), not fits.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from datetime import date, datetime

from ...io.front import FrontRecord, read_front

WINDOW_MONTHS = 12
FIRST_USABLE_MONTH = "2022-05"  # April 2022 is DeepState completing its first map (record README)
# Areas of the boundary polygons the by-oblast split uses (record README, "Step 2"; official areas differ by
# up to 8%, Kherson's waters): the stake of the four oblasts Russia claims, on the split's own scale.
CLAIMED_OBLASTS_KM2 = {"donetsk": 26_598.9, "luhansk": 26_310.2, "zaporizhzhia": 27_080.5, "kherson": 26_142.2}


@dataclass(frozen=True)
class SupportPeriod:
    """A span of months at one US support level, with why it is classed so and the sources."""

    first: str
    last: str
    level: str
    why: str
    sources: tuple[str, ...]

    def holds(self, month: str) -> bool:
        return self.first <= month <= self.last


SUPPORT_PERIODS = (
    SupportPeriod("2022-05", "2022-12", "maintain", "aid flowing and growing (HIMARS from June 2022); Ukraine's "
                  "Kharkiv and Kherson counteroffensives: another regime of the front, left out of fits",
                  ("US DoD presidential drawdown announcements, 2022",)),
    SupportPeriod("2023-01", "2023-12", "maintain", "drawdowns continued through 2023; the last before the "
                  "stall was announced on 27 Dec 2023", ("US DoD, Ukraine assistance announcement, 27 Dec 2023",)),
    SupportPeriod("2024-01", "2024-04", "withdraw", "the stall: the supplemental request of Oct 2023 was held up "
                  "in Congress; no new package until a $300m stop-gap on 12 Mar 2024; H.R. 8035 ($60.8bn) signed "
                  "24 Apr 2024; Ukraine rationed ammunition for six months (J. Sullivan, 24 Apr 2024)",
                  ("DW, 'Biden signs bill releasing US military aid', 24 Apr 2024",
                   "Kyiv Post, 25 Apr 2024 (the $1bn package and the $300m of March)")),
    SupportPeriod("2024-05", "2025-02", "maintain", "deliveries under the supplemental from the first days of "
                  "May 2024; the Trump administration approved no new package but deliveries of approved "
                  "aid went on", ("Kyiv Post, 25 Apr 2024", "AFP via Antiwar.com, 3 Mar 2025")),
    SupportPeriod("2025-03", "2025-03", "maintain", "the pause of 3-11 Mar 2025 (8 days) is too short to class the "
                  "month as withdrawn; flagged", ("Bloomberg/Fox via Antiwar.com, 3 Mar 2025",
                                                   "Washington Post, 11 Mar 2025 (pause lifted after Jeddah)")),
    SupportPeriod("2025-04", "2026-12", "maintain", "deliveries of approved aid; minerals deal 30 Apr 2025; "
                  "NATO-funded purchases of US weapons from July 2025", ("US Treasury, 30 Apr 2025",)),
)


@dataclass(frozen=True)
class Window:
    """The months a calibration uses and their net changes (km2, + = a gain for the advancing side)."""

    months: tuple[str, ...]
    values: tuple[float, ...]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.values)

    @property
    def sd(self) -> float:
        """Sample standard deviation (n - 1)."""
        return statistics.stdev(self.values)


@dataclass(frozen=True)
class FrontCalibration:
    """``calibration.front`` of ``detente war --format json``: the record's window beside the model's moments."""

    window: Window
    model_mean_km2: float | None
    model_sd_km2: float | None
    step_range_km2: tuple[float, float] | None

    def to_dict(self) -> dict:
        w = self.window
        return {"window": [w.months[0], w.months[-1]], "months": len(w.months),
                "observed_mean_km2": round(w.mean, 1), "observed_sd_km2": round(w.sd, 1),
                "model_mean_km2": None if self.model_mean_km2 is None else round(self.model_mean_km2, 1),
                "model_sd_km2": None if self.model_sd_km2 is None else round(self.model_sd_km2, 1),
                "feasible_step_km2": None if self.step_range_km2 is None else [round(x, 1) for x in self.step_range_km2],
                "source": "DeepStateMap (deepstatemap.live), occupied area of Ukraine; map-method steps removed"}


def window_months(node: date, months: int = WINDOW_MONTHS) -> tuple[str, ...]:
    """The ``months`` complete calendar months before ``node`` (a month is complete on its last day)."""
    year, month = node.year, node.month
    last_day = _month_end(year, month)
    if node < last_day:  # the node's own month is not complete yet
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    out = []
    for _ in range(months):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(out))


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def observed_window(node: date, months: int = WINDOW_MONTHS, record: FrontRecord | None = None) -> Window:
    """The record's monthly net changes over the window before ``node``, using only what was known at ``node``.

    Raises ``ValueError`` when the record does not cover the window (e.g. a
    node before mid-2023 with 12 months: the usable record starts in 2022-05).
    """
    known = (record or read_front()).until(node)
    net = known.monthly_net(adjusted=True)
    wanted = window_months(node, months)
    missing = [m for m in wanted if m not in net or m < FIRST_USABLE_MONTH]
    if missing:
        raise ValueError(f"the front record does not cover the {months} months before {node} "
                         f"({wanted[0]}..{wanted[-1]}): no usable month {', '.join(missing[:3])}"
                         f"{'...' if len(missing) > 3 else ''} (usable months start {FIRST_USABLE_MONTH})")
    return Window(wanted, tuple(net[m] for m in wanted))


def feasible_steps(mean: float, sd: float) -> tuple[float, float]:
    """The steps ``D`` for which a lazy walk matches a monthly mean and sd: ``[sqrt(s^2+m^2), (s^2+m^2)/|m|]``.

    Lower end from ``a + r <= 1``, upper end from ``r >= 0`` (or ``a >= 0``
    when ``m < 0``); unbounded above when ``m = 0``. See the module docstring
    for why the lower end differs from O17's ``D >= m``.
    """
    if sd < 0:
        raise ValueError(f"the standard deviation must be >= 0, got {sd}")
    second = sd * sd + mean * mean
    if second == 0:
        raise ValueError("mean and sd are both 0: the front never moves, no step fits")
    return math.sqrt(second), (second / abs(mean) if mean else math.inf)


def walk_probabilities(mean: float, sd: float, step: float) -> tuple[float, float]:
    """O17: the advance and retreat probabilities ``(a, r)`` of the lazy walk with step ``step`` km2.

    ``a = (m / D + (s^2 + m^2) / D^2) / 2``, ``r = ((s^2 + m^2) / D^2 - m / D) / 2``.
    ``ValueError`` naming the feasible range when ``step`` is outside it.
    """
    low, high = feasible_steps(mean, sd)
    tol = 1e-9 * high if math.isfinite(high) else 1e-9
    if not low - tol <= step <= high + tol:
        raise ValueError(f"no lazy walk with step {step:g} km2 has monthly mean {mean:g} and sd {sd:g}: "
                         f"the step must lie in [{low:.1f}, {high:.1f}] km2")
    drift, spread = mean / step, (sd * sd + mean * mean) / step**2
    return max(0.0, (spread + drift) / 2), max(0.0, (spread - drift) / 2)


def walk_moments(advance: float, retreat: float, step: float) -> tuple[float, float]:
    """Monthly mean and sd of the lazy walk's change: ``D (a - r)`` and ``D sqrt((a + r) - (a - r)^2)``."""
    mean = step * (advance - retreat)
    return mean, math.sqrt(max(0.0, step * step * (advance + retreat) - mean * mean))


def mixture_moments(weights: list[float], means: list[float], sds: list[float]) -> tuple[float, float]:
    """Mean and sd of a mixture (A's types at the prior): ``sum w m`` and ``sqrt(sum w (s^2 + m^2) - mean^2)``."""
    total = sum(weights)
    mean = sum(w * m for w, m in zip(weights, means)) / total
    second = sum(w * (s * s + m * m) for w, m, s in zip(weights, means, sds)) / total
    return mean, math.sqrt(max(0.0, second - mean * mean))


def front_calibration(node: date, model_mean_km2: float | None = None, model_sd_km2: float | None = None,
                      months: int = WINDOW_MONTHS, record: FrontRecord | None = None) -> FrontCalibration:
    """The record's window before ``node`` beside the model's monthly mean and sd at the node (if given)."""
    window = observed_window(node, months, record)
    try:
        steps = feasible_steps(window.mean, window.sd)
    except ValueError:
        steps = None
    return FrontCalibration(window, model_mean_km2, model_sd_km2, steps)


def support_periods(record: FrontRecord | None = None, until: date | None = None) -> dict[str, str]:
    """Each usable month of the record (to ``until``) -> its US support level (:data:`SUPPORT_PERIODS`)."""
    rec = record or read_front()
    rec = rec.until(until) if until else rec
    out = {}
    for month in rec.monthly_net():
        if month < FIRST_USABLE_MONTH:
            continue
        period = next((p for p in SUPPORT_PERIODS if p.holds(month)), None)
        if period is not None:
            out[month] = period.level
    return out


def by_support_level(until: date, record: FrontRecord | None = None, since: str = "2023-01") -> dict[str, dict]:
    """Monthly net change by US support level over ``since`` .. the last complete month before ``until``.

    Returns per level ``{n, mean_km2, sd_km2, months}``. 2022 is left out
    (``since``): the counteroffensives are another regime. This is a
    description, not an estimate of the level's effect: see the module
    docstring for why the record cannot separate the levels.
    """
    rec = (record or read_front()).until(until)
    net, levels = rec.monthly_net(), support_periods(rec)
    out: dict[str, dict] = {}
    for month, level in levels.items():
        if month >= since:
            out.setdefault(level, {"months": []})["months"].append(month)
    for level, entry in out.items():
        values = [net[m] for m in entry["months"]]
        entry.update(n=len(values), mean_km2=statistics.fmean(values),
                     sd_km2=statistics.stdev(values) if len(values) > 1 else None)
    return out


def claimed_oblasts_at(node: date, record: FrontRecord | None = None) -> dict[str, float]:
    """Russia's holding in the four oblasts it claims on the last record day on or before ``node``.

    Returns ``{date, held_km2, stake_km2, share}`` with the stake the four
    boundary polygons' area (:data:`CLAIMED_OBLASTS_KM2`). ``ValueError``
    before the record starts (2022-04-03).
    """
    rows = [r for r in (record or read_front()).until(node).by_oblast]
    if not rows:
        raise ValueError(f"the front record starts after {node}")
    row, stake = rows[-1], sum(CLAIMED_OBLASTS_KM2.values())
    return {"date": row.date.isoformat(), "held_km2": row.four_claimed_oblasts, "stake_km2": stake,
            "share": row.four_claimed_oblasts / stake}


def node_inputs(node: date, record: FrontRecord | None = None, months: int = WINDOW_MONTHS) -> dict:
    """Everything the record gives the game at ``node``: the window's months, changes, mean and sd, the
    feasible steps, the US support level of each month, and Russia's holding in the claimed oblasts.

    Each part reads the record only through :meth:`FrontRecord.until` ``(node)``
    (the no-peeking test changes every row after the node and checks this dict).
    """
    rec = record or read_front()
    window = observed_window(node, months, rec)
    return {"window": dict(zip(window.months, window.values)), "mean_km2": window.mean, "sd_km2": window.sd,
            "feasible_step_km2": feasible_steps(window.mean, window.sd),
            "support": support_periods(rec, until=node), "claimed_oblasts": claimed_oblasts_at(node, rec)}


_DATE = re.compile(r"(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|"
                   r"December) (\d{4})")


def node_date(spec) -> date:
    """The node's date: the war section's ``date`` if it has one, else read from its ``node`` text
    ("Istanbul talks, 16 May 2025" -> 2025-05-16). ``ValueError`` when neither gives one."""
    given = getattr(spec, "date", None)
    if given:
        return given if isinstance(given, date) else date.fromisoformat(str(given))
    found = _DATE.search(getattr(spec, "node", "") or "")
    if not found:
        raise ValueError(f"war.node {getattr(spec, 'node', '')!r} names no date like '16 May 2025'; "
                         "the calibration and the aftermath need the node's date")
    return datetime.strptime(" ".join(found.groups()), "%d %B %Y").date()


def model_front_moments(spec, params: dict[str, float], support: str = "maintain") -> tuple[float, float]:
    """The game's monthly mean and sd of the front's change at the node, in km2, as the game moves it.

    Each of A's types moves by :func:`detente.models.war.front.step_distribution` on the game's step
    (the stake split into whole steps, as :func:`detente.models.war.game.build_game` does), the types'
    drifts ``drift - prior x bonus`` (serious) and ``drift + (1 - prior) x bonus`` (stalling), whose
    prior-weighted mean is the level's drift (the type split leaves the observed drift unchanged);
    mixed at the prior (:func:`mixture_moments`).
    """
    from ...models.war.front import step_distribution

    area = params["front.area_km2"]
    step = area / max(2, int(round(area / params["front.step_km2"])))
    m, sd = params[f"support.levels.{support}.drift"], params[f"support.levels.{support}.sd"]
    prior = params["types.prior_stalling"]
    bonus = params["types.drift_bonus"]
    dists = [step_distribution(m + extra, sd, step) for extra in (-prior * bonus, (1 - prior) * bonus)]
    return mixture_moments([1 - prior, prior], [d.mean(step) for d in dists], [d.sd(step) for d in dists])


def scenario_front_calibration(scenario, params: dict[str, float] | None = None) -> dict | None:
    """``calibration.front`` for a scenario: the record's window before its node beside the game's moments at
    the node (nominal inputs unless ``params``, the supporter's observed level); None when the record does not
    cover the window (a node before mid-2023) or the war is not Russia's on Ukraine (the only war the shipped
    record measures: sides named ``Russia`` and ``Ukraine``)."""
    from ...models.war.game import nominal_params

    spec = scenario.war
    if spec is None or spec.support is None or (spec.a, spec.b) != ("Russia", "Ukraine"):
        return None
    params = params if params is not None else nominal_params(spec)
    support = spec.observed.get(spec.supporter, {}).get("support", "maintain")
    try:
        node = node_date(spec)
        mean, sd = model_front_moments(spec, params, support)
        return front_calibration(node, mean, sd).to_dict()
    except (ValueError, KeyError):
        return None
