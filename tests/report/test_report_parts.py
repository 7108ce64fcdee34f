"""Each report shows its ``*_parts`` in order: the tables, then the figures (the web page shows the same parts)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from report_helpers import report_parts, report_titles

import detente
from detente.analysis.backtest import run_backtest
from detente.analysis.compare import compare
from detente.analysis.war.missed_opportunity import missed_opportunity
from detente.analysis.sensitivity import sensitivity
from detente.analysis.shocks import Shock
from detente.analysis.simulate import simulate
from detente.analysis.war.history import war_history
from detente.datasets import reference_path
from detente.io import deu3
from detente.report import backtest, reports, war
from detente.report import war_history as history
from detente.report.html import figure_parts, part_titles, write_report


@pytest.fixture(scope="module")
def ec():
    return detente.load(detente.example("ec_car_emissions"))


@pytest.fixture(scope="module")
def war_result():
    return missed_opportunity(detente.load(detente.example("istanbul_2025")), draws=2, seed=4)


@pytest.fixture(scope="module")
def bt():
    """Two models (so the paired comparison with the mean has rows) and one that fails (so failures are listed)."""
    scenarios = deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"))
    return run_backtest(scenarios, {"mean": "mean", "median": "median",
                                    "broken": ("mean", {"weights": "nonsense"})})


def _figure(title: str) -> go.Figure:
    return go.Figure(go.Bar(x=[1], y=[2])).update_layout(title=title)


def test_write_report_shows_the_parts_in_their_order_then_tables_and_figures_given_apart(tmp_path):
    parts = [("first figure", _figure("first figure")), ("a table", pd.DataFrame({"x": [1]}))]
    path = write_report(tmp_path / "r.html", "t", parts, tables={"later table": pd.DataFrame({"y": [2]})},
                        figures=[_figure("last <figure> 'quoted'")])
    assert report_titles(path.read_text()) == ["first figure", "a table", "later table", "last <figure> 'quoted'"]


def test_figure_parts_are_titled_by_their_layout():
    assert part_titles(figure_parts([_figure("a"), go.Figure()])) == ["a", ""]


def _written(tmp_path, write, *args) -> list[str]:
    return report_titles(write(tmp_path / "r.html", *args).read_text())


def test_forecast_parts_side_by_side_then_details_then_bars_and_trajectories(tmp_path, ec):
    forecasts = [detente.models.get(m).forecast(ec, rng=0) for m in ("eum", "mean")]
    parts = reports.forecast_parts(forecasts, ec.issues)
    assert part_titles(parts) == ["Forecast per issue and model", "Rounds and last-round statistics per model and issue",
                                  "Forecast per issue and model", "years: positions by round (eum)"]
    assert list(parts[0][1].columns) == ["issue", "scale", "eum", "mean", "observed"]
    assert _written(tmp_path, reports.forecast_report, forecasts, ec.name, ec.issues) == part_titles(parts)


def test_simulation_comparison_and_sensitivity_reports_are_their_parts(tmp_path, ec):
    sim = simulate(ec, "eum", draws=6, seed=5)
    assert _written(tmp_path, reports.simulation_report, sim) == part_titles(reports.simulation_parts(sim)) == [
        "Outcome per issue", "years: forecast over 6 draws (eum)",
        "years: positions by round (median, 50% and 90% bands)"]
    result = compare(ec, Shock(name="weak UK", set=["UK.capability*=0.5"]), "mean", draws=4, seed=1)
    assert _written(tmp_path, reports.comparison_report, result, ec.name) == part_titles(
        reports.comparison_parts(result))
    indices = sensitivity(ec, "mean", method="morris", n=4, seed=1)
    titles = part_titles(reports.sensitivity_parts(indices, ec.issue_names, 5))
    assert titles == ["years", "years: what drives the forecast (mean, morris)"]
    assert _written(tmp_path, reports.sensitivity_report, indices, ec.name, ec.issue_names, 5) == titles


def test_war_parts_put_settlement_over_time_before_the_value_of_each_move(tmp_path, war_result):
    parts = war.war_parts(war_result)
    titles = part_titles(parts)
    assert titles[:6] == ["Missed opportunity per actor", "Settlement and terms per counterfactual",
                          "Settlement and terms per move of Russia", "Third parties' levers after each move: P(applied)",
                          "Structural choices: missed opportunity under each",
                          "The model beside the record (DeepStateMap): the front before the node, what followed"]
    assert titles[6].startswith("Which channel carries the missed opportunity")  # issue 13's split, then the
    assert titles[7].startswith("Draws inconsistent with the history")           # month-0 rejection (issue 12)
    assert titles[8].startswith("Probability of a negotiated settlement within t rounds")
    assert [t.split(":")[0] for t in titles[9:-1]] == list(war_result.spec.moves)  # one figure per actor, in order
    assert titles[-1].startswith(f"{war_result.spec.a}'s missed opportunity") and "by channel" in titles[-1]
    assert _written(tmp_path, war.write_war_report, war_result, "Istanbul", {}) == titles


def test_backtest_parts_hold_every_table_of_the_report(tmp_path, bt):
    titles = part_titles(backtest.backtest_parts(bt))
    assert titles == ["Scores per model and split", "Anchors: figures measured elsewhere", "Why the anchors may differ",
                      "MAE minus the mean's, from 2005 (95% proposal-clustered bootstrap)",
                      "Models that failed on some issues", "Scores per period", "Scores per Council formation",
                      "Absolute error per issue, by model (0-100 scale)", "Forecast vs observed outcome",
                      "Mean absolute error by proposal year"]
    assert _written(tmp_path, backtest.write_backtest_report, bt) == titles


def test_war_history_report_is_its_parts(tmp_path):
    result = war_history(seed=1)
    parts = history.war_history_parts(result)
    assert part_titles(parts)[0] == "Verdicts" and len(parts) == 2 + len(result.tables()) + 4
    assert _written(tmp_path, history.write_war_history_report, result) == part_titles(parts)


def test_a_report_given_its_parts_writes_them_without_making_them_again(tmp_path, ec, monkeypatch):
    sim = simulate(ec, "mean", draws=3, seed=1)
    parts = reports.simulation_parts(sim)
    monkeypatch.setattr(reports, "simulation_parts", lambda sim: pytest.fail("parts made again"))
    shown = report_parts(reports.simulation_report(tmp_path / "r.html", sim, None, parts).read_text())
    assert [t for t, _ in shown] == part_titles(parts)
    assert shown[1][1]["layout"]["title"]["text"] == parts[1][1].layout.title.text
