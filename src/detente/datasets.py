"""Paths of the reference data shipped with detente (see ``data/reference/ATTRIBUTION.md``)."""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).parent / "data" / "reference"
SCENARIOS = Path(__file__).parent / "data" / "scenarios"
FITS = Path(__file__).parent / "data" / "fits"


def shipped_files() -> dict[str, Path]:
    """Every file shipped under ``data/`` by name: scenarios by stem and file name
    (``"istanbul_2025"``, ``"istanbul_2025.yaml"``), reference files by file name and by path under
    ``data/reference`` (``"cop21.csv"``, ``"decide/cop21.csv"``), fits by file name (``"war_types.json"``). File names are unique across the folders
    (``tests/test_datasets.py`` checks), so each name means one file."""
    found: dict[str, Path] = {}
    for path in sorted(REFERENCE.rglob("*")):
        if path.is_file() and path.name != "ATTRIBUTION.md":
            found[path.relative_to(REFERENCE).as_posix()] = path
            found.setdefault(path.name, path)
    for path in sorted(SCENARIOS.glob("*.yaml")):
        found[path.name] = path
        found[path.stem] = path
    for path in sorted(FITS.glob("*.json")):  # fitted values the shipped scenarios cite
        found.setdefault(path.name, path)
    return found


def reference_path(*parts: str) -> Path:
    """The path of a shipped reference file, e.g. ``reference_path("deu3", "deu3.csv")``."""
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"no shipped reference file {'/'.join(parts)}; see {REFERENCE / 'ATTRIBUTION.md'}")
    return path
