"""Precision and recall of a back-end against hand labels, per element kind (micro-averaged over articles).

A label file (``tests/fixtures/draft/*.labels.yaml``) lists, per kind, the elements a careful reader
extracts, with only the fields that identify one (``{actor: Russia, level: aide}``). An extracted
element matches a label when every field the label gives agrees; agreements match by name when one
name contains the other (``minerals deal`` in ``Trump's minerals deal``). Each label matches at most
one element: precision = matched / extracted, recall = matched / labelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .elements import KINDS, Extraction

__all__ = ["Score", "score", "score_files"]


@dataclass
class Score:
    """Counts for one kind: labelled, extracted, matched."""

    labelled: int = 0
    extracted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.labelled if self.labelled else None


def _agrees(element, label: dict) -> bool:
    for key, want in label.items():
        got = getattr(element, key, None)
        if key == "name" and isinstance(want, str) and isinstance(got, str):
            if want.lower() not in got.lower() and got.lower() not in want.lower():
                return False
        elif isinstance(want, (int, float)) and isinstance(got, (int, float)):
            if float(want) != float(got):
                return False
        elif got != want:
            return False
    return True


def score(ex: Extraction, labels: dict) -> dict[str, Score]:
    """Per kind, the counts for one article."""
    out = {}
    for kind in KINDS:
        wanted = list(labels.get(kind) or [])
        got = list(getattr(ex, kind))
        if kind in ("actors", "issues"):
            wanted = [{"name": w} if isinstance(w, str) else w for w in wanted]
        free = list(range(len(got)))
        matched = 0
        for label in wanted:
            hit = next((k for k in free if _agrees(got[k], label)), None)
            if hit is not None:
                free.remove(hit)
                matched += 1
        out[kind] = Score(labelled=len(wanted), extracted=len(got), matched=matched)
    return out


def score_files(folder: str | Path, extract=None) -> tuple[dict[str, Score], dict[str, dict[str, Score]]]:
    """Totals per kind, and per article, for every ``*.labels.yaml`` in ``folder`` (rules back-end by default)."""
    from .reader import read_article

    if extract is None:
        from .rules import extract
    folder = Path(folder)
    totals = {kind: Score() for kind in KINDS}
    per_article = {}
    for path in sorted(folder.glob("*.labels.yaml")):
        labels = yaml.safe_load(path.read_text())
        article = read_article(folder / labels["article"])
        counts = score(extract([article]), labels)
        per_article[labels["article"]] = counts
        for kind, s in counts.items():
            t = totals[kind]
            t.labelled, t.extracted, t.matched = t.labelled + s.labelled, t.extracted + s.extracted, t.matched + s.matched
    return totals, per_article
