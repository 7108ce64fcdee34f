"""Where every number of a scenario comes from: sourced, fitted, a definition, or an assumption with or without a range.

Issue 13 asks that every number of a shipped war scenario have a source, a
fitted value or a stated range. :func:`audit` classes each number of a
scenario by its evidence (the spatial records' ``evidence`` and
``uncertainty``, and every number of the ``war:`` section by its path):

* ``fitted``: the source says the number was fitted (starts with "Fitted");
* ``definition``: a definition or normalisation (source "Definition" or "Normalisation");
* ``assumption``: the source starts with "Assumption", or its note does (a citation that only gives the
  context of a number the note calls an assumption, e.g. SIPRI's spending beside a share of influence, does
  not source the number); *ranged* when it carries a distribution, or when it is a structural choice the
  structural sensitivity varies over its alternatives (``talks.proposer_a`` at 0, its value and 1:
  :func:`detente.analysis.war.structural.choices`), since that is its stated range;
* ``sourced``: any other source;
* ``none``: no evidence at all.

A number is *bare* when it is an assumption or has no source, and carries no
range. :func:`bare` lists them; no shipped war scenario has any (tests/test_shipped_scenarios.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...scenario import Scenario

KINDS = ("sourced", "fitted", "definition", "assumption", "none")


@dataclass(frozen=True)
class NumberSource:
    """One number of a scenario and what backs it."""

    path: str
    value: float
    kind: str
    ranged: bool
    source: str

    @property
    def bare(self) -> bool:
        return self.kind in ("assumption", "none") and not self.ranged


def _kind(source: str | None, note: str | None = None) -> str:
    if not source:
        return "none"
    text = source.strip().lower()
    if text.startswith("fitted"):
        return "fitted"
    if text in ("definition", "normalisation", "normalization"):
        return "definition"
    if text.startswith("assumption") or (note or "").strip().lower().startswith("assumption"):
        return "assumption"
    return "sourced"


def _records(scenario: Scenario):
    for k, actor in enumerate(scenario.actors):
        yield f"actors[{k}] ({actor.name})", actor
    for k, issue in enumerate(scenario.issues):
        yield f"issues[{k}] ({issue.name})", issue
    for k, p in enumerate(scenario.positions):
        yield f"positions[{k}] ({p.actor}, {p.issue})", p


def audit(scenario: Scenario) -> list[NumberSource]:
    """Every number of ``scenario`` with its kind of backing (spatial records, then the war section)."""
    out = []
    for where, record in _records(scenario):
        for field in record._numeric_fields:
            value = getattr(record, field)
            if value is None or (field in ("lower", "upper") and field not in record.evidence):
                continue  # an issue's scale ends are definitions of the scale
            evidence = record.evidence.get(field)
            source = evidence.source if evidence else None
            note = evidence.note if evidence else None
            out.append(NumberSource(f"{where}.{field}", float(value), _kind(source, note), field in record.uncertainty,
                                    source or ""))
    if scenario.war is not None:
        from .structural import choices  # lazy: the structural module reaches the war game

        structural = {c.sets for c in choices(scenario.war)}
        for path, num in scenario.war.numbers().items():
            ranged = num.distribution is not None or path in structural
            out.append(NumberSource(f"war.{path}", float(num.value), _kind(num.source, num.note), ranged,
                                    num.source or ""))
    return out


def bare(scenario: Scenario) -> list[NumberSource]:
    """The numbers that are assumptions (or unsourced) without a range."""
    return [n for n in audit(scenario) if n.bare]


def summary(scenario: Scenario) -> dict[str, int]:
    """Counts by kind, plus ``ranged_assumptions`` and ``bare``."""
    numbers = audit(scenario)
    counts = {kind: sum(n.kind == kind for n in numbers) for kind in KINDS}
    counts["ranged_assumptions"] = sum(n.kind == "assumption" and n.ranged for n in numbers)
    counts["bare"] = sum(n.bare for n in numbers)
    counts["total"] = len(numbers)
    return counts
