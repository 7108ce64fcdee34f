"""The shipped reference files are byte-for-byte the documented public files."""

from __future__ import annotations

import hashlib
import re

import pytest

from detente.datasets import REFERENCE, reference_path

TABLE = re.findall(r"\| `([^`]+)` \| `([0-9a-f]{64})` \|", (REFERENCE / "ATTRIBUTION.md").read_text())


def test_every_shipped_file_is_listed():
    listed = {name for name, _ in TABLE}
    shipped = {str(p.relative_to(REFERENCE)) for p in REFERENCE.rglob("*") if p.is_file()} - {"ATTRIBUTION.md"}
    assert shipped == listed


@pytest.mark.parametrize("name, digest", TABLE)
def test_sha256_matches_attribution(name, digest):
    assert hashlib.sha256((REFERENCE / name).read_bytes()).hexdigest() == digest


def test_known_digests_from_the_sources():
    """Digests published with the source data (shared/data/README.md; copy:
    tests/fixtures/reference-data-README.md), not computed by us."""
    known = {"deu3/deu3.csv": "3fbb9606abecb9d0725d7cb7077543c53331f5ec8b50f5294672644f354d5170",
             "decide/cop21.csv": "6a5797d8107330f6f5d04d92391c20f32e056101019517754de004a3b4077283",
             "ktab/dummyData_3Dim.csv": "72ddffaf4be8a69a43b587681fa6902e6db0612baeb8094b8b8c86dea72fcc75"}
    for name, digest in known.items():
        assert hashlib.sha256(reference_path(*name.split("/")).read_bytes()).hexdigest() == digest
