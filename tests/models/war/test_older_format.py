"""The numbers no model reads (an older file format's, :func:`detente.scenario.war.read_by_no_model`) are exactly
the shipped scenario's numbers a solve of the war node and the answer read off it do not read, and the
sensitivity screen leaves them out (a factor the game never reads has no effect: screening it is wasted solves
and a misleading row).

Which numbers are read is observed, not declared: the parameters are handed over in a dict that records every
key asked for, through the whole answer of one draw (:func:`detente.analysis.war.missed_opportunity.evaluate_draw`).
"""

from __future__ import annotations

import pytest

import detente
from detente.analysis.war import missed_opportunity as mo
from detente.analysis.war.sensitivity import morris_factors, uncertain_ranges
from detente.models.war import node_tables
from detente.scenario.war import read_by_no_model

pytestmark = pytest.mark.war_node


class _Recording(dict):
    """A parameter dict that notes every key the model asks for (``[]``, ``get``, ``in``)."""

    read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


@pytest.fixture(scope="module")
def spec():
    return detente.load(detente.example("istanbul_2025")).war


def test_the_older_numbers_are_exactly_the_ones_a_solve_does_not_read(spec, monkeypatch):
    _Recording.read = set()
    # the node's tables keep their own copy of the parameters (dict(params)): keep it recording
    monkeypatch.setattr(node_tables, "dict", _Recording, raising=False)
    params = _Recording(mo.nominal_params(spec))
    mo.evaluate_draw(spec, params)
    unread = {path for path in params if path not in _Recording.read}
    older = {path for path in params if read_by_no_model(path)}
    assert older, "the shipped scenario still carries the first war game's numbers"
    assert unread == older


def test_the_screen_leaves_the_older_numbers_out(spec):
    older_drawn = [p for p, num in spec.numbers().items() if num.distribution is not None and read_by_no_model(p)]
    assert older_drawn  # the shipped scenario gives some of them ranges: the case the screen must handle
    factors, groups = morris_factors(spec)
    screened = {m for name in factors for m in groups.get(name, [name])}
    assert screened and not any(read_by_no_model(path) for path in screened)
    assert not any(read_by_no_model(path) for path in uncertain_ranges(spec))


@pytest.mark.parametrize("path, older", [("battle.advance", True), ("rules[3].credibility", True),
                                         ("ceasefire.rearm_a", True), ("ceasefire.rearm_a_km2", False),
                                         ("types.eve_attack.strong", True), ("eve_attack.cost_b_monthly", False),
                                         ("talks.level.aide", True), ("talks.authority.aide", False),
                                         ("third_parties.United States.ideal_share_a", True),
                                         ("third_parties.United States.war_cost", False)])
def test_older_paths_by_name(path, older):
    assert read_by_no_model(path) is older
