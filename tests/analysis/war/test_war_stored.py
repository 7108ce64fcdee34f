"""A stored war run re-opens as it was made, runs stored before the new parts existed re-open without them,
and a run whose war: section the current schema no longer reads gives no view instead of an error
(its report then says why). The node is the closed-form stand-in of war_fakes.py."""

from __future__ import annotations

import json

import pytest

import detente
from detente.analysis.war import missed_opportunity as answer
from detente.report import war
from detente.analysis.war.result import MissedOpportunityResult, StoredWar
from detente.models.base import Forecast
from detente.report.html import part_titles
from detente.tidy import documents_of
from detente.web.views import stored_view
from war_fakes import fake_solve_node

NEW_ACTOR_KEYS = ("p_observed_optimal", "missed_opportunity_own")


@pytest.fixture(scope="module")
def scenario():
    return detente.load(detente.example("istanbul_2025"))


@pytest.fixture(scope="module")
def result(scenario):
    return answer.missed_opportunity(scenario, draws=4, seed=2, break_even_belief=False, structural_draws=2,
                                     solver=fake_solve_node)


def war_document(result) -> dict:
    """The ``war`` document the result stores with its run."""
    return documents_of(result.to_tables())["war"]


def _reopened(scenario, doc):
    return StoredWar(scenario.war, json.loads(json.dumps(doc, default=float)))


def test_a_stored_run_shows_the_parts_of_a_fresh_one(scenario, result):
    titles = part_titles(war.war_parts(result))
    assert "Third parties' levers after each move: P(applied)" in titles
    assert "Structural choices: missed opportunity under each" in titles
    assert part_titles(war.war_parts(_reopened(scenario, war_document(result)))) == titles


def test_a_run_stored_before_levers_and_structural_reopens_with_the_parts_it_has(scenario, result):
    doc = json.loads(json.dumps(war_document(result), default=float))
    for key in ("structural", "levers", "beliefs", "refinement", "calibration", "aftermath"):
        doc.pop(key)
    for entry in doc["actors"].values():
        for key in NEW_ACTOR_KEYS:
            entry.pop(key)
        for move in entry["moves"]:
            move.pop("levers", None)
    titles = part_titles(war.war_parts(StoredWar(scenario.war, doc)))
    assert titles[:3] == ["Missed opportunity per actor", "Settlement and terms per counterfactual",
                          "Settlement and terms per move of Russia"]
    assert not any(t.startswith(("Third parties", "Structural", "The model beside the record")) for t in titles)


def test_war_rows_keep_p_observed_optimal_and_the_own_beliefs_per_type(result):
    summaries = result.to_tables()["summaries"]
    russia = summaries[summaries["issue"] == "Russia"].set_index("statistic")["value"]
    assert russia["p_observed_optimal"] == pytest.approx(result.summary("Russia")["p_observed_optimal"])
    own = result.summary("Russia")["missed_opportunity_own"]
    assert russia["missed_opportunity_own.serious.value"] == pytest.approx(own["serious"]["value"])


def test_a_war_run_of_an_earlier_schema_gives_no_view_not_an_error(scenario):
    data = scenario.model_dump(mode="json")
    data["war"]["no_longer_a_field"] = 1
    record = {"command": "war", "run_id": "abc", "scenario": data}
    assert MissedOpportunityResult.from_tables({}, record) is None
    assert stored_view(record, None) == (None, None)
    with pytest.raises(ValueError):  # other kinds still say what is wrong with their scenario
        Forecast.from_tables({}, {**record, "command": "forecast"})
