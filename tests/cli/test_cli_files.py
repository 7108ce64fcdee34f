"""Files the CLI writes get the permissions any other tool gives them (issue 14): a new file follows the
umask, an overwritten file keeps its mode. ``mkstemp`` made every report and converted file 0600."""

from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_convert_output_follows_the_umask(tmp_path, ec_path, umask_022):
    target = tmp_path / "ec.csv"
    result = runner.invoke(app, ["convert", str(ec_path), str(target)])
    assert result.exit_code == 0, result.output
    assert _mode(target) == 0o644


def test_overwriting_keeps_the_files_mode(tmp_path, ec_path, umask_022):
    """An existing 0644 file stayed 0644 with cp or a shell redirect; detente made it 0600. A 0640 one stays 0640."""
    for mode in (0o644, 0o640):
        target = tmp_path / f"ec-{mode:o}.yaml"
        target.write_text("old")
        os.chmod(target, mode)
        assert runner.invoke(app, ["convert", str(ec_path), str(target)]).exit_code == 0
        assert _mode(target) == mode
        assert "old" not in target.read_text()


def test_a_stricter_umask_is_followed(tmp_path, ec_path):
    old = os.umask(0o077)
    try:
        target = tmp_path / "private.yaml"
        assert runner.invoke(app, ["convert", str(ec_path), str(target)]).exit_code == 0
    finally:
        os.umask(old)
    assert _mode(target) == 0o600


def test_html_report_follows_the_umask(tmp_path, ec_path, umask_022):
    report = tmp_path / "mc.html"
    result = runner.invoke(app, ["simulate", str(ec_path), "--draws", "3", "--workers", "1", "--no-store",
                                 "--html", str(report)])
    assert result.exit_code == 0, result.output
    assert _mode(report) == 0o644


def test_exported_folder_follows_the_umask(tmp_path, ec_path, umask_022):
    """``runs export --format csv`` built its folder with mkdtemp (0700) and renamed it into place."""
    store = tmp_path / "runs.duckdb"
    assert runner.invoke(app, ["forecast", str(ec_path), "-m", "mean", "--store", str(store)]).exit_code == 0
    from detente.store import Store

    run_id = Store(store).list_runs()["run_id"][0]
    folder = tmp_path / "run"
    result = runner.invoke(app, ["runs", "export", run_id, "--format", "csv", "-o", str(folder), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert _mode(folder) == 0o755
    assert {_mode(p) for p in folder.iterdir()} == {0o644}


def test_html_report_tables_print_no_exponents(tmp_path, big_scale_file):
    """The reports' tables used '{:.4g}' too: a scale of 0-10000 and a forecast of 10000 read 1e+04."""
    import re

    path = big_scale_file
    report = tmp_path / "mc.html"
    result = runner.invoke(app, ["simulate", str(path), "-m", "median", "--draws", "3", "--workers", "1",
                                 "--no-store", "--html", str(report)])
    assert result.exit_code == 0, result.output
    tables = "".join(re.findall(r"<table.*?</table>", report.read_text(), re.S))
    assert "10000" in tables and not re.search(r"\de[+-]\d", tables)
