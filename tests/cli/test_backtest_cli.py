"""``detente backtest``: the JSON contract, the run store, the HTML report, and bad input (exit 2, no traceback)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.store import Store

runner = CliRunner()


def test_json_contract_store_and_html(tmp_path):
    store, html = tmp_path / "runs.duckdb", tmp_path / "bt.html"
    result = runner.invoke(app, ["backtest", "deu3", "--models", "mean,median", "--format", "json",
                                 "--store", str(store), "--html", str(html)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    rows = {(r["model"], r["split"]): r for r in doc["results"]}
    # the data README's salience-weighted mean, 351 issues and 140 from 2005
    assert rows[("mean", "all")]["n"] == 351 and rows[("mean", "all")]["mae"] == pytest.approx(23.6411, abs=0.01)
    assert rows[("mean", "test")]["mae"] == pytest.approx(23.7567, abs=0.01)
    assert {"stacked", "menu"} < {m for m, _ in rows} and ("stacked", "cv") in rows and ("menu", "cv") in rows
    run = Store(store).get_run(doc["run_id"])
    assert run["command"] == "backtest" and run["status"] == "done"
    assert len(Store(store).tables(doc["run_id"])["forecasts"]) == 4 * 351  # mean, median, stacked, menu
    text = html.read_text()
    assert "<script src=" not in text and "22.99" in text and "hamzagul07/schelling" in text
    for title in ("Absolute error per issue", "Forecast vs observed outcome", "Mean absolute error by proposal year"):
        assert title in text


@pytest.mark.parametrize("args, message", [
    (["nosuch.csv"], "not 'deu3'"),
    (["deu3", "--split", "2005"], "expected year:YYYY"),
    (["deu3", "--models", "mean,nosuch"], "unknown model(s) nosuch"),
])
def test_bad_input_exits_2(tmp_path, args, message):
    html = tmp_path / "bt.html"
    result = runner.invoke(app, ["backtest", *args, "--html", str(html), "--no-store"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not html.exists()


def test_not_a_deu_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a\tb\n1\t2\n")
    result = runner.invoke(app, ["backtest", str(bad), "--no-store"])
    assert result.exit_code == 2
    assert "line 1" in result.output and "DEU III header" in result.output
