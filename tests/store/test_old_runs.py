"""A run store written by detente at commit 33ad406 (tests/fixtures/store/README.md) re-opens with today's code
as it did then: every run's result (detente.runs.open_run) and the page's view of it (the tables and figures
that detente showed, recorded in views-33ad406.json by that detente's own code)."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from detente.runs import open_run
from detente.store import Store
from detente.web.views import stored_view

FIXTURES = Path(__file__).parent.parent / "fixtures" / "store"
EXPECTED = json.loads((FIXTURES / "views-33ad406.json").read_text())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("old") / "runs.duckdb"
    with gzip.open(FIXTURES / "runs-33ad406.duckdb.gz", "rb") as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)  # a copy: opening a file brings its schema up to date
    return Store(path)


def test_the_file_holds_one_run_of_each_kind(store):
    assert sorted(store.list_runs()["command"]) == ["backtest", "compare", "forecast", "rex", "sensitivity",
                                                    "simulate", "war"]


@pytest.mark.parametrize("run_id", sorted(EXPECTED))
# a stored war run's scenario (kaesong_1951 before its increase.cost_b range was ordered) warns that its coupled
# support levels cross when it is read back: the warning is the reader's, the stored view is what this test checks
@pytest.mark.filterwarnings("ignore:war.support.levels:UserWarning")
def test_an_old_run_reopens_with_the_view_it_had(store, run_id):
    want = EXPECTED[run_id]
    record, result = open_run(store, run_id)
    assert record["command"] == want["command"] and result is not None
    view, report = stored_view(record, result)
    if want.get("view", "drawn") is None:
        assert view is None and report is None
        return
    assert view["tables"] == want["tables"]
    assert [f["title"] for f in view["figures"]] == want["figures"]
    assert hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest() == want["sha256"]


def test_an_old_rex_run_reopens_with_the_spread_it_stored(store):
    run_id = next(r for r, v in EXPECTED.items() if v["command"] == "rex")
    _, rex = open_run(store, run_id)
    stored = store.tables(run_id)["summaries"].set_index(["issue", "statistic"])["value"]
    summary = rex.summary().set_index("issue")
    assert rex.n_runs == 4 and len(rex.frame) == 4
    for statistic in ("mean", "min", "max", "spread"):
        assert summary.loc["years", statistic] == pytest.approx(stored[("years", statistic)])
