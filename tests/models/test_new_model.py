"""A new model is one file: dropped into the models package it is registered, listed and runnable.

The toy model below is the weighted mean written again (Achen 2006's compromise model), so its forecast
on the shipped EC scenario must equal ``sum(c s x) / sum(c s)`` computed here by hand from the file.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import detente
from detente import models

TOY = textwrap.dedent('''
    from detente.models import register
    from detente.models.base import IssueForecast, IssueModel


    @register
    class Toy(IssueModel):
        """The capability x salience weighted mean, as a newcomer would write it."""

        name = "toy"
        summary = "Toy weighted mean."
        source = "Achen (2006)"

        def forecast_issue(self, data, *, rng=None):
            w = data.capability * data.salience
            value = float((w * data.position).sum() / w.sum())
            return IssueForecast(data.issue, value, data.actors, data.position[None, :].copy())
''')


@pytest.fixture
def toy_package(tmp_path, monkeypatch):
    """The models package with one more module in it (on a second path entry, as a new file would be)."""
    (tmp_path / "toy.py").write_text(TOY)
    models.available()  # the shipped models registered first, so the registry restored afterwards is whole
    monkeypatch.setattr(models, "__path__", [*models.__path__, str(tmp_path)])
    monkeypatch.setattr(models, "_loaded", False)
    monkeypatch.setattr(models, "_REGISTRY", dict(models._REGISTRY))
    yield
    import sys

    sys.modules.pop("detente.models.toy", None)


def test_a_model_file_is_all_it_takes(toy_package):
    names = list(models.available())
    assert names[-1] == "toy", "a model not listed in _MODULES comes after the shipped ones"
    sc = detente.load(detente.example("ec_car_emissions"))
    forecast = models.get("toy").forecast(sc)
    for issue in sc.issue_names:
        data = sc.issue_data(issue)
        w = np.asarray(data.capability) * np.asarray(data.salience)
        expected = float(np.dot(w, data.position) / w.sum())  # Achen (2006)'s weighted mean, by hand
        assert forecast.values[issue] == pytest.approx(expected, rel=1e-12)
