"""Paths of the reference data shipped with detente (see ``data/reference/ATTRIBUTION.md``)."""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).parent / "data" / "reference"


def reference_path(*parts: str) -> Path:
    """The path of a shipped reference file, e.g. ``reference_path("deu3", "deu3.csv")``."""
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"no shipped reference file {'/'.join(parts)}; see {REFERENCE / 'ATTRIBUTION.md'}")
    return path
