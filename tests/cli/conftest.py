"""Fixtures of the command line's tests."""

from __future__ import annotations

import pytest
import yaml


@pytest.fixture
def big_scale_file(tmp_path):
    """A scenario on a 0-10000 scale whose median forecast is 10000: numbers that a '{:.4g}' format prints with
    an exponent (1e+04), for the checks that every table prints them in full."""
    doc = {"name": "big", "actors": [{"name": a, "capability": 1.0} for a in "ABC"],
           "issues": [{"name": "budget", "lower": 0, "upper": 10000}],
           "positions": [{"actor": a, "issue": "budget", "position": p, "salience": 0.5}
                         for a, p in zip("ABC", (0.0, 10000.0, 10000.0))]}
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path
