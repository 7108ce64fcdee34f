"""Several analysts' versions of one scenario -> one, their disagreement kept as uncertainty.

Each number on which the analysts differ becomes a **triangular distribution** ``(low, mode, high)``
with ``low`` and ``high`` the lowest and highest value any analyst gave (their own ranges included)
and ``mode`` the median of their values. Why this family:

* it is the three-point estimate of decision analysis (lowest, most likely, highest; Malcolm et al.
  1959, the PERT paper, and Johnson 1997, "The triangular distribution as a proxy for the beta
  distribution in risk analysis", *The Statistician* 46(3)), so it says no more than the analysts did;
* it is bounded by the analysts' own extremes: a draw never goes where no analyst went, unlike a
  normal fitted to two or three values;
* its mode at the median is robust to one outlying analyst (with two analysts it is the midpoint and
  the triangle is symmetric), while a uniform would make the outlier's extreme as likely as the
  consensus. Its mean, ``(low + mode + high) / 3``, is what a Monte Carlo run averages to.

Each merged number's evidence keeps every analyst's value and source with the analyst's name.
Actors, issues and positions present in only some inputs are kept (from the analysts who have them)
and reported. Issues on different scales are not merged: the positions would not be comparable.
The ``war:`` section, when present, is merged on its raw data the same way, number by number.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ScenarioError

__all__ = ["merge_scenarios", "MergeResult", "merged_number"]


@dataclass
class MergeResult:
    """The merged scenario's plain data, what only some analysts had, and every disagreement."""

    data: dict[str, Any]
    partial: list[str] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def report_rows(self, top: int = 15) -> list[dict[str, Any]]:
        """The ``top`` numbers the analysts disagree on most (spread relative to the number's scale)."""
        return sorted(self.disagreements, key=lambda d: -d["spread"])[:top]


def merged_number(values: dict[str, float], lows: list[float], highs: list[float], sources: dict[str, str],
                  scale: float) -> tuple[dict[str, Any], float]:
    """``{triangular: [low, median, high], source, note}`` for differing values, and the relative spread."""
    low, high = min([*values.values(), *lows]), max([*values.values(), *highs])
    mode = statistics.median(values.values())
    source = "; ".join(f"{name}: {v:g} ({sources.get(name) or 'no source given'})" for name, v in values.items())
    note = (f"merged from {len(values)} analysts: triangular(low {low:g}, mode {mode:g} = median, high {high:g}); "
            "see detente.draft.merge for why this family")
    spread = (high - low) / scale if scale > 0 else 0.0
    return {"triangular": [low, mode, high], "source": source, "note": note}, spread


def _number(rec, name: str) -> tuple[float | None, list[float], list[float], str]:
    value = getattr(rec, name)
    dist = rec.uncertainty.get(name)
    lows = [dist.low] if dist is not None and dist.low is not None else []
    highs = [dist.high] if dist is not None and dist.high is not None else []
    if dist is not None and dist.kind == "normal":
        lows, highs = [dist.mean - 2 * dist.sd], [dist.mean + 2 * dist.sd]
    ev = rec.evidence.get(name)
    return value, lows, highs, (ev.source if ev else "")


def _merge_field(records: dict[str, Any], name: str, scale: float, where: str,
                 result: MergeResult) -> Any:
    """The merged value of one numeric field over the analysts who have the record."""
    parts = {a: _number(r, name) for a, r in records.items() if getattr(r, name) is not None}
    if not parts:
        return None
    values = {a: p[0] for a, p in parts.items()}
    lows = [x for p in parts.values() for x in p[1]]
    highs = [x for p in parts.values() for x in p[2]]
    first = next(iter(records.values()))
    dists = {repr(r.uncertainty.get(name)) for r in records.values() if getattr(r, name) is not None}
    if len(set(values.values())) == 1 and len(dists) == 1:  # every analyst says the same (range included)
        return _original(first, name)
    spec, spread = merged_number(values, lows, highs, {a: p[3] for a, p in parts.items()}, scale)
    result.disagreements.append({"where": where, "values": values, "low": spec["triangular"][0],
                                 "mode": spec["triangular"][1], "high": spec["triangular"][2], "spread": spread})
    return spec


def _original(rec, name: str) -> Any:
    """One record's number as written: plain, or with its evidence and its distribution."""
    value, ev, dist = getattr(rec, name), rec.evidence.get(name), rec.uncertainty.get(name)
    if ev is None and dist is None:
        return value
    spec: dict[str, Any] = {"value": value}
    if dist is not None and dist.kind == "uniform":
        spec.update(low=dist.low, high=dist.high)
    elif dist is not None and dist.kind == "normal":
        spec = {"mean": dist.mean, "sd": dist.sd}
    elif dist is not None:
        spec = {"triangular": [dist.low, dist.mode, dist.high]}
    return {**spec, **(ev.model_dump(exclude_none=True) if ev else {})}


def _union(names_by_analyst: dict[str, list[str]], what: str, result: MergeResult) -> list[str]:
    order: list[str] = []
    for names in names_by_analyst.values():
        order += [n for n in names if n not in order]
    for n in order:
        having = [a for a, names in names_by_analyst.items() if n in names]
        if len(having) < len(names_by_analyst):
            result.partial.append(f"{what} {n!r} only in {', '.join(having)}")
    return order


def merge_scenarios(scenarios: dict[str, Any], raw: dict[str, dict] | None = None) -> MergeResult:
    """Merge validated scenarios keyed by analyst name (``raw``: their plain data, for the war: section)."""
    if len(scenarios) < 2:
        raise ValueError("merge needs at least two scenarios")
    result = MergeResult(data={})
    first = next(iter(scenarios.values()))
    analysts = list(scenarios)
    actor_names = _union({a: sc.actor_names for a, sc in scenarios.items()}, "actor", result)
    issue_names = _union({a: sc.issue_names for a, sc in scenarios.items()}, "issue", result)
    _same_scales(scenarios, issue_names)
    actors = []
    for name in actor_names:
        recs = {a: sc.actor(name) for a, sc in scenarios.items() if name in sc.actor_names}
        caps = [r.capability for r in recs.values()]
        actors.append({"name": name, "capability": _merge_field(recs, "capability", max(max(caps), 1e-12),
                                                               f"actor {name}: capability", result)})
    issues = []
    for name in issue_names:
        recs = {a: sc.issue(name) for a, sc in scenarios.items() if name in sc.issue_names}
        one = next(iter(recs.values()))
        rec = {"name": name, "description": one.description, "lower": one.lower, "upper": one.upper}
        for f in ("status_quo", "outcome"):
            merged = _merge_field(recs, f, one.upper - one.lower, f"issue {name}: {f}", result)
            if merged is not None:
                rec[f] = merged
        issues.append(rec)
    positions = []
    keys = _union({a: [f"{p.actor}/{p.issue}" for p in sc.positions] for a, sc in scenarios.items()}, "position",
                  result)
    for key in keys:
        recs = {a: p for a, sc in scenarios.items() for p in sc.positions if f"{p.actor}/{p.issue}" == key}
        one = next(iter(recs.values()))
        scale = first.issue(one.issue).upper - first.issue(one.issue).lower if one.issue in first.issue_names else 100
        positions.append({"actor": one.actor, "issue": one.issue,
                          "position": _merge_field(recs, "position", scale, f"{key}: position", result),
                          "salience": _merge_field(recs, "salience", 1.0, f"{key}: salience", result)})
    names = " + ".join(analysts)
    result.data = {"name": first.name, "description": first.description,
                   "source": f"merged from {len(analysts)} analysts ({names}) by detente merge",
                   "actors": actors, "issues": issues, "positions": positions}
    if raw:
        wars = {a: d["war"] for a, d in raw.items() if isinstance(d, dict) and d.get("war")}
        if wars:
            from .merge_war import merge_war

            result.data["war"] = merge_war(wars, result)
            if len(wars) < len(analysts):
                result.partial.append(f"war: section only in {', '.join(wars)}")
    return result


def _same_scales(scenarios: dict[str, Any], issue_names: list[str]) -> None:
    for name in issue_names:
        scales = {a: (sc.issue(name).lower, sc.issue(name).upper) for a, sc in scenarios.items()
                  if name in sc.issue_names}
        if len(set(scales.values())) > 1:
            listed = ", ".join(f"{a} [{lo:g}, {hi:g}]" for a, (lo, hi) in scales.items())
            raise ScenarioError.single(name, "", f"the analysts put issue {name!r} on different scales ({listed}); "
                                       "rescale to one scale first, positions on different scales cannot be merged")


def analyst_name(path: Path, taken: set[str]) -> str:
    """The analyst's name: the file's stem (with a number when two files share it)."""
    name, k = path.stem, 2
    while name in taken:
        name, k = f"{path.stem}-{k}", k + 1
    return name
