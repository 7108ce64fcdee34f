"""detente.store.rows: the tidy rows each kind of result gives the store, and the recorders of finished runs."""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest

import detente
from analysis_helpers import linear_scenario
from detente.store import Store, rows


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "runs.duckdb")


def _stored(store, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames as the store keeps them (its own columns), after one run took them."""
    run_id = store.start_run("simulate", linear_scenario(), model="mean")
    store.add_results(run_id, tables)
    return store.tables(run_id)


def test_a_simulation_chunk_is_one_row_per_draw_and_issue():
    frame = rows.simulation_rows(["a", "b"], (5, np.array([[1.0, 2.0], [3.0, 4.0]]), None))
    assert frame.to_dict("list") == {"draw": [5, 5, 6, 6], "issue": ["a", "b", "a", "b"],
                                     "series": ["outcome"] * 4, "value": [1.0, 2.0, 3.0, 4.0]}


def test_summaries_comparisons_and_indices_are_the_stores_tables(store):
    from detente.analysis.compare import compare
    from detente.analysis.sensitivity import sensitivity
    from detente.analysis.shocks import Shock
    from detente.analysis.simulate import simulate

    sc = linear_scenario()
    summary = simulate(sc, "mean", draws=8, seed=1).summary()
    tidy = rows.summary_rows(summary)
    assert list(tidy.columns) == ["issue", "statistic", "value"] and tidy["value"].dtype == float
    assert len(tidy) == len(summary.columns) - 1 and tidy.loc[tidy["statistic"] == "mean", "value"].item() \
        == pytest.approx(summary["mean"].item())
    comparison = compare(sc, Shock(name="weaker B", set=["B.capability*=0.5"]), "mean", draws=4, seed=0)
    paired = rows.comparison_rows(comparison)
    assert sorted(set(paired["series"])) == ["baseline", "shocked"] and len(paired) == 2 * 4
    indices = rows.index_rows(sensitivity(linear_scenario(uncertain=False), "mean", method="morris", n=4, seed=0))
    assert list(indices.columns) == ["issue", "factor", "statistic", "value"]
    kept = _stored(store, {"summaries": tidy, "draws": paired, "indices": indices})
    assert {name: len(frame) for name, frame in kept.items()} == {"summaries": len(tidy), "draws": len(paired),
                                                                   "indices": len(indices)}


def test_rex_rows_make_each_runs_forecast_a_draw():
    chunk = pd.DataFrame({"run": [0, 0, 1], "issue": ["x", "y", "x"], "forecast": [1.0, 2.0, 3.0], "point": 0})
    frame = rows.rex_rows(chunk)
    assert frame.to_dict("list") == {"draw": [0, 0, 1], "issue": ["x", "y", "x"], "value": [1.0, 2.0, 3.0],
                                     "series": ["forecast"] * 3}


def test_war_rows_are_the_summary_and_each_actors_missed_opportunity_per_draw(store):
    from detente.analysis.war.missed_opportunity import missed_opportunity

    result = missed_opportunity(detente.load(detente.example("istanbul_2025")), draws=2, seed=4)
    tables = rows.war_rows(result)
    summaries, draws = tables["summaries"], tables["draws"]
    russia = summaries[(summaries["issue"] == "Russia") & (summaries["statistic"] == "missed_opportunity.value")]
    assert russia["value"].item() == pytest.approx(result.summary("Russia")["missed_opportunity"]["value"])
    assert set(draws["issue"]) == set(result.spec.moves) and len(draws) == 2 * len(result.spec.moves)
    assert set(_stored(store, tables)) == {"summaries", "draws"}


def _small_backtest():
    from detente.analysis.backtest import run_backtest
    from detente.datasets import reference_path
    from detente.io import deu3

    return run_backtest(deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"))[:6], "mean")


def test_a_backtest_is_recorded_whole_with_its_scores_and_document(store):
    bt = _small_backtest()
    scenario = linear_scenario()  # stands for the data file read as one scenario
    run_id = rows.record_backtest(store, bt, scenario, names=["mean"], split_year=2005, seed=0, capability="equal",
                                  grouping="issue", data="deu3.csv", argv=["detente", "backtest", "deu3"])
    rec = store.get_run(run_id)
    assert rec["status"] == "done" and rec["command"] == "backtest" and rec["model"] == "mean"
    assert rec["parameters"] == {"models": ["mean"], "split_year": 2005, "capability": "equal", "grouping": "issue"}
    assert rec["scenario_hash"] == scenario.content_hash() and rec["argv"] == ["detente", "backtest", "deu3"]
    tables = store.tables(run_id)
    assert len(tables["forecasts"]) == 6
    mae = tables["summaries"].set_index(["issue", "statistic"]).loc[("mean/all", "mae"), "value"]
    assert mae == pytest.approx(bt.results()[0]["mae"])
    assert store.documents(run_id)["backtest"]["data"] == "deu3.csv"


def test_a_war_history_run_keeps_the_files_digests_and_only_the_numbers(store):
    from detente.analysis.war.history import WarHistoryInputs

    inputs = WarHistoryInputs()
    result = types.SimpleNamespace(summary={"wars": 3, "duration_ks_pvalue": 0.25, "calibrated": True, "note": "x"})
    run_id = rows.record_war_history(store, inputs, 7, result, argv=["detente", "war-history"])
    rec = store.get_run(run_id)
    assert rec["command"] == "war-history" and rec["scenario"] is None and rec["seed"] == "7"
    assert set(rec["extra"]["inputs"]) == {"cow", "majors", "icb1", "icb2"}
    summaries = store.tables(run_id)["summaries"]
    assert summaries[["statistic", "value"]].values.tolist() == [["duration_ks_pvalue", 0.25], ["wars", 3.0]]


def test_a_busy_store_is_the_stores_error_not_an_exit(store, monkeypatch):
    """The recorders serve the web too: a busy store is StoreBusyError (its message), never typer.Exit."""
    from detente.store import StoreBusyError

    def busy(self, *args, **kwargs):
        raise StoreBusyError(self.path)

    monkeypatch.setattr(Store, "start_run", busy)
    with pytest.raises(StoreBusyError, match="store is busy"):
        rows.record_backtest(store, _small_backtest(), linear_scenario(), names=["mean"], split_year=2005, seed=0,
                             capability="equal", grouping="issue", data="deu3.csv", argv=[])
