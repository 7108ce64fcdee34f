"""The per-issue loop of :class:`detente.models.IssueModel` and its one hook, ``issue_arguments``."""

from __future__ import annotations

import detente
from detente.models import IssueForecast, IssueModel
from detente.models.council import issue_context


class _Echo(IssueModel):
    """Forecasts the issue's lower bound and records what the loop handed to ``forecast_issue``."""

    name = "echo"

    def __init__(self, extra: bool):
        self.extra, self.seen = extra, []

    def issue_arguments(self, scenario, issue):
        return {"label": f"{scenario.name}/{issue}"} if self.extra else super().issue_arguments(scenario, issue)

    def forecast_issue(self, data, *, rng=None, **kwargs):
        self.seen.append((data.issue, kwargs))
        return IssueForecast(data.issue, data.lower, data.actors, data.position[None, :].copy())


def _scenario():
    return detente.scenario_from_dict({
        "name": "s", "actors": [{"name": "a"}, {"name": "b"}],
        "issues": [{"name": "x", "lower": 0, "upper": 10, "metadata": {"proc": "cod", "counvte": "Unan",
                                                                       "year": 2001}},
                   {"name": "y", "lower": 1, "upper": 5}],
        "positions": [{"actor": a, "issue": i, "position": 2, "salience": 0.5} for a in "ab" for i in "xy"]})


def test_each_issue_gets_its_arguments_in_scenario_order():
    plain, extra = _Echo(False), _Echo(True)
    assert plain.forecast(_scenario()).values == {"x": 0, "y": 1}
    extra.forecast(_scenario())
    assert plain.seen == [("x", {}), ("y", {})]
    assert extra.seen == [("x", {"label": "s/x"}), ("y", {"label": "s/y"})]


def test_eu_models_get_each_issues_procedure_and_voting_rule():
    """The EU models' hook hands on :func:`issue_context`: year, Council vote and procedure (upper case)."""
    sc = _scenario()
    model = detente.models.get("compromise")
    assert model.issue_arguments(sc, "x") == {"context": issue_context(sc, "x")}
    assert issue_context(sc, "x") == {"year": 2001, "counvte": "Unan", "proc": "COD"}
