"""How detente rex and detente war end their runs in the store: done, interrupted by Ctrl-C, failed, or not
started on a busy store (one line, exit 2)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.store import Store, StoreBusyError

ISTANBUL = detente.example("istanbul_2025")


def _invoke(args):
    return CliRunner().invoke(app, args)


def _war(db):
    return ["war", str(ISTANBUL), "--draws", "2", "--workers", "1", "--store", str(db)]


def _rex(db, ec_path):
    return ["rex", str(ec_path), "--draws", "1", "--power-exponents", "1", "--rounds", "1", "--workers", "1",
            "--store", str(db)]


def _stop(exc):
    def run(*args, **kwargs):
        raise exc
    return run


@pytest.fixture
def db(tmp_path):
    return tmp_path / "runs.duckdb"


def test_war_and_rex_finish_their_runs(db, ec_path):
    assert _invoke(_war(db)).exit_code == 0
    assert _invoke(_rex(db, ec_path)).exit_code == 0
    runs = Store(db).list_runs()
    assert sorted(zip(runs["command"], runs["status"])) == [("rex", "done"), ("war", "done")]
    rex_run = runs.loc[runs["command"] == "rex", "run_id"].item()
    assert set(Store(db).tables(rex_run)) == {"draws", "chunks", "summaries"}


@pytest.mark.parametrize("command", ["war", "rex"])
def test_ctrl_c_is_interrupted_and_exit_130_and_an_error_is_failed(db, ec_path, monkeypatch, command):
    import detente.analysis.war.missed_opportunity
    import detente.analysis.rex

    module, name = ((detente.analysis.war.missed_opportunity, "missed_opportunity") if command == "war"
                    else (detente.analysis.rex, "run"))
    args = _war(db) if command == "war" else _rex(db, ec_path)
    monkeypatch.setattr(module, name, _stop(KeyboardInterrupt()))
    result = _invoke(args)
    assert result.exit_code == 130 and "interrupted: the run was stopped" in result.output
    monkeypatch.setattr(module, name, _stop(ValueError("no such thing")))
    result = _invoke(args)
    assert result.exit_code == 2 and result.output.strip().splitlines()[-1] == "error: no such thing"
    runs = Store(db).list_runs()
    assert list(runs["status"]) == ["failed", "interrupted"]  # newest first


@pytest.mark.parametrize("command", ["war", "rex"])
def test_a_busy_store_is_one_line_and_exit_2(db, ec_path, monkeypatch, command):
    def busy(self, *args, **kwargs):
        raise StoreBusyError(self.path)

    monkeypatch.setattr(Store, "start_run", busy)
    result = _invoke(_war(db) if command == "war" else _rex(db, ec_path))
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [f"error: store is busy: {db} is being written by another "
                                                  "detente process; try again"]
