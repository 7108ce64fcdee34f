"""One battery of properties, run against every registered model (cf. scikit-learn's check_estimator).

The expected values here are closed-form consequences of the models'
definitions, not outputs of our code:
- a forecast lies within the issue's scale (every model averages or moves
  between actors' positions, which lie on the scale);
- actors' order in the input is irrelevant (all models are defined on sets);
- a unanimous scenario forecasts the common position;
- multiplying every capability by the same factor changes nothing
  (capabilities enter only as shares);
- the same seed gives the same forecast, in this process and in another;
- each model's declared facts hold: a model that is not stochastic ignores the seed, one that is not
  iterative has one round, and a part of a scenario not among its ``inputs`` does not move its forecast.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import detente
from detente.models.base import INPUTS
from strategies import scenarios

MODELS = sorted(detente.models.available())
# Models whose tie-breaks depend on input order are documented as such and
# checked for permutation invariance only on tie-free inputs.
ORDER_SENSITIVE_ON_TIES = {"eum"}


def _forecast(name, sc, seed=0):
    return detente.models.get(name).forecast(sc, rng=seed)


def _reordered(sc, order):
    data = sc.to_dict()
    data["actors"] = [data["actors"][k] for k in order]
    return detente.scenario_from_dict(data)


@pytest.mark.parametrize("name", MODELS)
def test_model_declares_its_facts(name):
    cls = detente.models.available()[name]
    assert cls.summary and cls.source
    assert isinstance(cls.iterative, bool) and isinstance(cls.stochastic, bool)
    assert isinstance(detente.models.get(name), detente.models.Model)


@pytest.mark.parametrize("name", MODELS)
@settings(max_examples=40)
@given(sc=scenarios())
def test_forecast_within_scale(name, sc):
    fc = _forecast(name, sc)
    for issue in sc.issues:
        f = fc[issue.name]
        assert issue.lower - 1e-9 <= f.forecast <= issue.upper + 1e-9
        assert np.all(f.positions >= issue.lower - 1e-9) and np.all(f.positions <= issue.upper + 1e-9)


@pytest.mark.parametrize("name", MODELS)
@settings(max_examples=40)
@given(sc=scenarios(grid=False), data=st.data())
def test_permuting_actors_changes_nothing(name, sc, data):
    if name in ORDER_SENSITIVE_ON_TIES:  # their documented tie-break (first actor in input order) needs a tie
        assume(all(len(set(d.position)) == len(d.position) for d in map(sc.issue_data, sc.issue_names)))
    order = data.draw(st.permutations(range(len(sc.actors))))
    a = _forecast(name, sc)
    b = _forecast(name, _reordered(sc, order))
    for issue in sc.issue_names:
        assert a[issue].forecast == pytest.approx(b[issue].forecast, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("name", MODELS)
@settings(max_examples=30)
@given(sc=scenarios(), common=st.floats(0, 1))
def test_unanimous_scenario_forecasts_common_position(name, sc, common):
    data = sc.to_dict()
    for p in data["positions"]:
        issue = next(i for i in sc.issues if i.name == p["issue"])
        p["position"] = issue.lower + common * (issue.upper - issue.lower)
    unanimous = detente.scenario_from_dict(data)
    fc = _forecast(name, unanimous)
    for issue in unanimous.issues:
        expected = issue.lower + common * (issue.upper - issue.lower)
        assert fc[issue.name].forecast == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("name", MODELS)
@settings(max_examples=30)
@given(sc=scenarios(), factor=st.sampled_from([0.001, 0.5, 3.0, 1000.0]))
def test_scaling_all_capabilities_changes_nothing(name, sc, factor):
    data = sc.to_dict()
    for a in data["actors"]:
        a["capability"] = a.get("capability", 1.0) * factor
    scaled = detente.scenario_from_dict(data)
    a, b = _forecast(name, sc), _forecast(name, scaled)
    for issue in sc.issue_names:
        assert a[issue].forecast == pytest.approx(b[issue].forecast, rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("name", MODELS)
def test_same_seed_same_forecast(name, ec_path):
    sc = detente.load(ec_path)
    a, b = _forecast(name, sc, seed=7), _forecast(name, sc, seed=7)
    assert a.values == b.values
    assert all(np.array_equal(x.positions, y.positions) for x, y in zip(a.issues, b.issues))


def test_same_seed_same_forecast_in_another_process():
    """Every model, seed 7, on the toll case (6 issues, so the exchange model trades and breaks ties with its
    generator): a fresh interpreter gives the same JSON, every round and detail included."""
    import json
    import subprocess
    import sys

    from detente.datasets import reference_path

    path = reference_path("decide", "sample_data.txt")
    sc = detente.load(path)
    here = json.loads(json.dumps({name: _forecast(name, sc, seed=7).to_json() for name in MODELS}))
    code = ("import json, detente; sc = detente.load(%r); print(json.dumps({n: detente.models.get(n)"
            ".forecast(sc, rng=7).to_json() for n in %r}))" % (str(path), MODELS))
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(there.stdout) == here


@pytest.mark.parametrize("name", MODELS)
def test_json_contract(name, ec_path):
    """The documented JSON form: model, issues[issue, forecast, rounds[round, positions]]; round 0 = input."""
    sc = detente.load(ec_path)
    doc = _forecast(name, sc).to_json()
    assert doc["model"] == name
    entry = doc["issues"][0]
    assert set(entry) >= {"issue", "forecast", "rounds"}
    assert entry["rounds"][0]["round"] == 0
    assert entry["rounds"][0]["positions"] == {p.actor: p.position for p in sc.positions}


# The declared facts against behaviour -------------------------------------------------------------------

def _perturbed(sc, part):
    """``sc`` with one part of it (an entry of detente.models.base.INPUTS) changed and every other part kept."""
    data = sc.to_dict()
    bounds = {i.name: (i.lower, i.upper) for i in sc.issues}
    if part == "position":
        for p in data["positions"]:
            lower = bounds[p["issue"]][0]
            p["position"] = lower + 0.5 * (p["position"] - lower)
    elif part == "salience":
        for k, p in enumerate(data["positions"]):
            p["salience"] = 0.1 + 0.8 * ((k * 7) % 10) / 10
    elif part == "capability":
        for k, a in enumerate(data["actors"]):
            a["capability"] = 1.0 + (k * 3) % 5
    elif part == "status_quo":
        for i in data["issues"]:
            lower, upper = bounds[i["name"]]
            i["status_quo"] = lower + 0.3 * (upper - lower)
    elif part == "scale":
        for i in data["issues"]:
            lower, upper = bounds[i["name"]]
            i["lower"], i["upper"] = lower - (upper - lower), upper + 2 * (upper - lower)
    elif part == "procedure":
        for i in data["issues"]:
            i["metadata"] = {**i.get("metadata", {}), "proc": "COD", "counvte": "Unan", "year": 2015}
    return detente.scenario_from_dict(data)


def test_every_model_derives_from_the_one_base_and_declares_its_facts():
    """The facts the registry, the CLI and the web read are declared, of the right kinds, and consistent."""
    for name, cls in detente.models.available().items():
        assert issubclass(cls, detente.models.ModelBase), name
        assert set(cls.inputs) <= set(INPUTS) and "position" in cls.inputs, name
        assert cls.iterative == (cls.rounds_parameter is not None), name
        assert cls.rounds_parameter is None or cls.rounds_parameter in cls.params, name
        assert bool(cls.variants) == ("variant" in cls.params), name
        model = cls()
        assert set(model.get_params()) == set(cls.params) and repr(model).startswith(cls.__name__ + "("), name
        if cls.variants:
            assert model.variant == cls.variants[0], name  # the default variant is listed first


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("part", INPUTS)
@settings(max_examples=10, deadline=None)
@given(sc=scenarios(max_actors=5))
def test_a_part_not_among_a_models_inputs_changes_nothing(name, part, sc):
    """A model's ``inputs`` fact names every part of a scenario that can move its forecast."""
    if part in detente.models.available()[name].inputs:
        return
    a, b = _forecast(name, sc), _forecast(name, _perturbed(sc, part))
    for issue in sc.issue_names:
        assert a[issue].forecast == pytest.approx(b[issue].forecast, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("name", MODELS)
def test_a_model_that_is_not_stochastic_ignores_the_seed(name):
    """A model whose ``stochastic`` fact is false gives the same forecast, every round and detail, for any seed."""
    from detente.datasets import reference_path

    sc = detente.load(reference_path("decide", "sample_data.txt"))
    model = detente.models.get(name)
    if model.stochastic:
        return
    assert model.forecast(sc, rng=1).to_json() == model.forecast(sc, rng=2).to_json()


def test_smp_is_stochastic_exactly_when_its_transitions_are():
    assert not detente.models.get("smp").stochastic
    assert detente.models.get("smp", state_transition="Stochastic").stochastic


@pytest.mark.parametrize("name", MODELS)
def test_a_model_that_is_not_iterative_has_one_round_and_an_iterative_one_takes_its_rounds(name, ec_path):
    sc = detente.load(ec_path)
    cls = detente.models.available()[name]
    model = detente.models.build_model(name, rounds=2)
    fc = model.forecast(sc, rng=0)
    if not cls.iterative:
        assert all(f.n_rounds == 0 and f.positions.shape[0] == 1 for f in fc.issues)
    else:
        assert model.get_params()[cls.rounds_parameter] == 2
        assert all(1 <= f.n_rounds <= 2 for f in fc.issues)
