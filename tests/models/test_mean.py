"""The weighted mean (detente.models.mean) against the data README's independently measured figures."""

from __future__ import annotations

import numpy as np
import pytest

import detente


def test_ec_weighted_mean_matches_measured_figure(ec_path):
    """capability x salience weighted mean of the EC example: 7.389955686853767; capability-weighted
    7.4752, salience-weighted 6.6557, unweighted 6.7.

    Source: shared/data/README.md (copy: tests/fixtures/reference-data-README.md), eum/ec_car_emissions.csv,
    "Measured here" (all four figures,
    computed independently of detente); also Scholz et al. (2011) Table 2's start, 7.4. As that note is
    not in this repository, the four figures are first recomputed here, with the csv module, from the
    vendored copy of Bueno de Mesquita's (1994) table (src/detente/data/reference/eum/ec_car_emissions.csv).
    """
    import csv

    from detente.datasets import reference_path

    rows = list(csv.DictReader(reference_path("eum", "ec_car_emissions.csv").open()))
    c, x, s = (np.array([float(r[k]) for r in rows]) for k in ("capability", "position", "salience"))
    assert np.dot(c * s, x) / np.dot(c, s) == pytest.approx(7.389955686853767, abs=1e-12)
    assert np.dot(c, x) / c.sum() == pytest.approx(7.4752, abs=1e-4)
    assert np.dot(s, x) / s.sum() == pytest.approx(6.6557, abs=1e-4)
    assert x.mean() == pytest.approx(6.7, abs=1e-12)
    sc = detente.load(ec_path)
    shipped = sc.issue_data("years")  # the shipped example is that table
    assert list(shipped.actors) == [r["actor"] for r in rows]
    assert (shipped.capability.tolist(), shipped.position.tolist(), shipped.salience.tolist()) == (
        c.tolist(), x.tolist(), s.tolist())
    assert detente.models.get("mean").forecast(sc).values["years"] == pytest.approx(7.389955686853767, abs=1e-12)
    assert detente.models.get("mean", weights="capability").forecast(sc).values["years"] == pytest.approx(7.4752, abs=1e-4)
    assert detente.models.get("mean", weights="salience").forecast(sc).values["years"] == pytest.approx(6.6557, abs=1e-4)
    assert detente.models.get("mean", weights="equal").forecast(sc).values["years"] == pytest.approx(6.7, abs=1e-12)
