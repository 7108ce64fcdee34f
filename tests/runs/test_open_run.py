"""Results own their tidy tables: each result class gives the run store's tables (``to_tables``) and is rebuilt
from them (``from_tables``); :func:`detente.runs.open_run` re-opens a stored run as the result its command returned.

The round trips compare the re-opened result with the one that was stored, number for number; the stored tables are
checked against the store's own columns (detente.store.schema) and against the result's summaries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import detente
from analysis_helpers import linear_scenario
from detente.runs import open_run
from detente.runs.common import record_result
from detente.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "runs.duckdb")


def _record(store, command, sc, result, **run):
    """``result`` stored as a finished ``command`` run, as the run service records it; its id."""
    with store.recording(command, sc, **run) as run_id:
        record_result(store, run_id, result)
    return run_id


def test_a_simulation_chunk_is_one_row_per_draw_and_issue():
    from detente.analysis.simulate import Simulation

    frame = Simulation.chunk_table(["a", "b"], (5, np.array([[1.0, 2.0], [3.0, 4.0]]), None))
    assert frame.to_dict("list") == {"draw": [5, 5, 6, 6], "issue": ["a", "b", "a", "b"],
                                     "series": ["outcome"] * 4, "value": [1.0, 2.0, 3.0, 4.0]}


def test_rex_chunks_make_each_runs_forecast_a_draw():
    from detente.analysis.rex import Rex

    chunk = pd.DataFrame({"run": [0, 0, 1], "issue": ["x", "y", "x"], "forecast": [1.0, 2.0, 3.0], "point": 0})
    assert Rex.chunk_table(chunk).to_dict("list") == {"draw": [0, 0, 1], "issue": ["x", "y", "x"],
                                                      "value": [1.0, 2.0, 3.0], "series": ["forecast"] * 3}


def test_a_forecast_reopens_with_its_positions_and_series(store):
    sc = detente.load(detente.example("ec_car_emissions"))
    fc = detente.models.get("eum", rounds=3).forecast(sc)
    run_id = _record(store, "forecast", sc, fc, model=fc.model, parameters=fc.parameters, seed=None)
    record, again = open_run(store, run_id)
    assert record["run_id"] == run_id and again.values == fc.values and again.scenario == fc.scenario
    for issue in fc.issues:
        assert again[issue.issue].actors == issue.actors
        np.testing.assert_array_equal(again[issue.issue].positions, issue.positions)
        assert set(again[issue.issue].series) == set(issue.series) == {"median", "mean"}
    assert store.record_forecast(fc, sc) and list(store.documents(run_id)) == ["series"]


def test_a_simulation_reopens_with_its_outcomes_summary_and_fans(store):
    from detente.analysis.simulate import simulate

    sc = linear_scenario()
    sim = simulate(sc, "eum", draws=6, seed=1, ranges=["x:40-60"])
    run_id = _record(store, "simulate", sc, sim, model="eum", parameters=sim.parameters, seed=1, draws=6,
                     extra={"ranges": ["x:40-60"]})
    summaries = store.tables(run_id)["summaries"]
    assert summaries.set_index(["issue", "statistic"]).loc[("x", "mean"), "value"] == pytest.approx(
        sim.summary()["mean"].item())
    _, again = open_run(store, run_id)
    np.testing.assert_array_equal(again.outcomes, sim.outcomes)
    pd.testing.assert_frame_equal(again.summary(), sim.summary())
    pd.testing.assert_frame_equal(again.fan("x"), sim.fan("x"), check_dtype=False)


def test_a_resumed_simulation_does_not_write_its_chunks_twice(store):
    from detente.analysis.simulate import Simulation, simulate

    sc = linear_scenario()
    run_id = store.start_run("simulate", sc, model="mean", seed=2, draws=4, chunksize=2, extra={"ranges": []})
    sim = simulate(sc, "mean", draws=4, seed=2, chunksize=2,
                   on_result=lambda c: store.add_results(run_id, {"draws": Simulation.chunk_table(sc.issue_names, c)},
                                                         chunk=(c[0], c[0] + len(c[1]))))
    record_result(store, run_id, sim)
    assert len(store.tables(run_id)["draws"]) == 4 * len(sc.issue_names)
    chunks = Simulation.stored_chunks(store.tables(run_id)["draws"], sc.issue_names, store.completed_chunks(run_id))
    np.testing.assert_array_equal(np.vstack([c[1] for c in chunks]), sim.outcomes)


def test_a_comparison_and_a_sensitivity_reopen_number_for_number(store):
    from detente.analysis.compare import compare
    from detente.analysis.sensitivity import sensitivity
    from detente.analysis.shocks import Shock

    sc = linear_scenario()
    shock = Shock(name="weaker B", set=["B.capability*=0.5"])
    comparison = compare(sc, shock, "mean", draws=4, seed=0)
    run_id = _record(store, "compare", sc, comparison, model="mean", seed=0, draws=4,
                     extra={"shock": shock.model_dump()})
    assert sorted(set(store.tables(run_id)["draws"]["series"])) == ["baseline", "shocked"]
    _, again = open_run(store, run_id)
    pd.testing.assert_frame_equal(again.summary(), comparison.summary())
    assert again.shock == shock
    fixed = linear_scenario(uncertain=False)
    result = sensitivity(fixed, "mean", method="morris", n=4, seed=0)
    run_id = _record(store, "sensitivity", fixed, result, model="mean", seed=0, draws=result.n_runs,
                     extra={"method": "morris", "n": 4, "ranges": result.factor_ranges()})
    assert list(store.tables(run_id)["indices"].columns) == ["issue", "factor", "statistic", "value"]
    _, again = open_run(store, run_id)
    key = ["issue", "factor"]
    pd.testing.assert_frame_equal(again.indices.sort_values(key).reset_index(drop=True),
                                  result.indices.sort_values(key).reset_index(drop=True)[list(again.indices.columns)],
                                  check_like=False)


def test_a_rex_run_reopens_with_every_runs_forecast(store):
    from detente.analysis import rex

    sc = detente.load(detente.example("ec_car_emissions"))
    result = rex.run(sc, draws=2, seed=3, rounds=3, power_exponents=(1.0, 2.0))
    grid = {"power_exponents": [1.0, 2.0], "salience_exponents": [1.0]}
    run_id = _record(store, "rex", sc, result, model="exchange", seed=3, draws=result.n_runs,
                     parameters={"variant": result.variant, "rounds": 3, **grid}, extra={"draws_per_point": 2, **grid})
    _, again = open_run(store, run_id)
    pd.testing.assert_frame_equal(again.summary(), result.summary())
    pd.testing.assert_frame_equal(again.by_parameters(), result.by_parameters())


def _small_backtest():
    from detente.analysis.backtest import run_backtest
    from detente.datasets import reference_path
    from detente.io import deu3

    bt = run_backtest(deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"))[:6], "mean")
    bt.data = "deu3.csv"
    return bt


def test_a_backtest_is_stored_with_its_scores_and_document_and_reopens(store):
    bt = _small_backtest()
    run_id = _record(store, "backtest", linear_scenario(), bt, model="mean", seed=0)
    tables = store.tables(run_id)
    assert len(tables["forecasts"]) == 6
    mae = tables["summaries"].set_index(["issue", "statistic"]).loc[("mean/all", "mae"), "value"]
    assert mae == pytest.approx(bt.results()[0]["mae"])
    assert store.documents(run_id)["backtest"]["data"] == "deu3.csv"
    _, again = open_run(store, run_id)
    assert again.to_json() == bt.to_json() and again.data == "deu3.csv"


def test_a_war_history_run_keeps_only_the_numbers(store):
    import dataclasses

    from detente.analysis.war.history import WarHistory, WarHistoryInputs
    from detente.store import file_digests

    inputs = file_digests(dataclasses.asdict(WarHistoryInputs()))
    result = WarHistory(7, *[pd.DataFrame()] * 8, np.array([]),
                        summary={"wars": 3, "duration_ks_pvalue": 0.25, "calibrated": True, "note": "x"})
    run_id = _record(store, "war-history", None, result, model="war", parameters={"seed": 7}, seed=7, inputs=inputs)
    summaries = store.tables(run_id)["summaries"]
    assert summaries[["statistic", "value"]].values.tolist() == [["duration_ks_pvalue", 0.25], ["wars", 3.0]]
    record, again = open_run(store, run_id)
    assert record["scenario"] is None and set(record["extra"]["inputs"]) == {"cow", "majors", "icb1", "icb2"}
    assert again.seed == 7 and again.summary == {"duration_ks_pvalue": 0.25, "wars": 3.0}


def test_a_run_of_a_kind_without_a_result_reopens_as_its_record(store):
    run_id = store.start_run("draft", linear_scenario(), model=None, seed=None)
    store.finish_run(run_id, "done")
    record, result = open_run(store, run_id)
    assert record["command"] == "draft" and result is None
