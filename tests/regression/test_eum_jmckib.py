"""The EUM's default (code) reading against the public port jmckib/bdm-scholz-expected-utility-model.

Fixtures in tests/fixtures/eum/ were made by running the port (commit 55f63e9, Python 2.7.18) with
scripts/oracles/eum_jmckib.py, which records, per round, every actor's position, the port's median
and mean, and its risk exponents; each fixture holds its input CSV and provenance. Cases: the EC
example, the port's Sultan example, and six seeded random issues (5-12 actors, continuous positions
and 5- or 6-point grids where actors share positions; seed 2003 also makes actors choose between
equally distant confrontations, which the port settles by input order). Tolerance 1e-6, as the
issue asks.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import detente

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "eum").glob("jmckib_*.json"))


def _scenario(fixture: dict, tmp_path: Path):
    path = tmp_path / "input.csv"
    path.write_text(fixture["input"]["csv"])
    return detente.load(path, format="eum")


@pytest.fixture(params=FIXTURES, ids=lambda p: p.stem)
def case(request, tmp_path):
    fixture = json.loads(request.param.read_text())
    assert fixture["source"]["repo"] == "jmckib/bdm-scholz-expected-utility-model"
    sc = _scenario(fixture, tmp_path)
    return fixture, detente.models.get("eum", rounds=fixture["rounds"]).forecast(sc)[sc.issue_names[0]]


def test_positions_every_round(case):
    fixture, f = case
    assert list(f.actors) == fixture["actors"]
    np.testing.assert_allclose(f.positions, fixture["positions"], rtol=0, atol=1e-6)


def test_risk_exponents_every_round(case):
    fixture, f = case
    np.testing.assert_allclose(f.details["risk"], fixture["risk"], rtol=0, atol=1e-6)


def test_mean_every_round(case):
    fixture, f = case
    np.testing.assert_allclose(f.series["mean"], fixture["mean"], rtol=0, atol=1e-6)


def test_median_every_round(case):
    """The port walks the distinct positions in Python 2's set order and keeps the first of tied
    winners, detente the first in input order; on these cases no round has such a tie, so both agree."""
    fixture, f = case
    np.testing.assert_allclose(f.series["median"], fixture["median"], rtol=0, atol=1e-6)


def test_fixture_inputs_are_what_they_say():
    import hashlib

    for path in FIXTURES:
        fixture = json.loads(path.read_text())
        assert hashlib.sha256(fixture["input"]["csv"].encode()).hexdigest() == fixture["input"]["sha256"]
    assert len(FIXTURES) >= 8
