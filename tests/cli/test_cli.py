"""The CLI is a thin layer: it prints what the API returns, and bad input exits 2 without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app

runner = CliRunner()


def test_validate_valid(ec_path):
    result = runner.invoke(app, ["validate", str(ec_path)])
    assert result.exit_code == 0
    assert "valid" in result.output and "10 actors" in result.output


def test_validate_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: t\nactors: [{name: A, capability: -1}, {name: A}]\nissues: [{name: x}]\n"
                   "positions: [{actor: A, issue: x, position: 200, salience: 0.5}]\n")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "actors[0].capability" in result.output
    assert "Traceback" not in result.output


def test_forecast_table_all_models(ec_path):
    """One column per registered model, in registry order (a bare substring check let ``nash`` pass on
    ``nash_conflict``), each showing the API's forecast to the digits printed."""
    result = runner.invoke(app, ["forecast", str(ec_path), "--model", "all"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("┃ issue"))
    row = next(line for line in lines if line.startswith("│ years"))
    cells = dict(zip((c.strip() for c in header.strip("┃").split("┃")), (c.strip() for c in row.strip("│").split("│"))))
    models = list(detente.models.available())
    assert list(cells) == ["issue", "scale", *models, "observed"]
    sc = detente.load(ec_path)
    for name in models:
        expected = detente.models.get(name).forecast(sc, rng=0).values["years"]
        assert float(cells[name]) == pytest.approx(expected, rel=5e-4, abs=5e-4), name


def test_forecast_json_contract(ec_path):
    result = runner.invoke(app, ["forecast", str(ec_path), "--model", "eum", "--rounds", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["model"] == "eum"
    rounds = doc["issues"][0]["rounds"]
    assert [r["round"] for r in rounds] == [0, 1, 2, 3]
    assert rounds[0]["positions"]["Germany"] == 4.0


def test_forecast_csv_history(ec_path):
    result = runner.invoke(app, ["forecast", str(ec_path), "--model", "eum", "--rounds", "2", "--format", "csv",
                                 "--history"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "model,issue,round,actor,position"
    assert len(lines) == 1 + 3 * 10


def test_forecast_history_table(ec_path):
    result = runner.invoke(app, ["forecast", str(ec_path), "--model", "eum", "--rounds", "2", "--history"])
    assert result.exit_code == 0 and "positions by round" in result.output


def test_unknown_model_is_a_clear_error(ec_path):
    result = runner.invoke(app, ["forecast", str(ec_path), "--model", "nope"])
    assert result.exit_code == 2 and "unknown model 'nope'" in result.output


def test_model_parameter_passed_through(ec_path):
    result = runner.invoke(app, ["forecast", str(ec_path), "-m", "mean", "-p", "weights=equal", "--format", "json"])
    assert json.loads(result.stdout)["issues"][0]["forecast"] == pytest.approx(6.7)


def test_models_lists_sources():
    result = runner.invoke(app, ["models"])
    assert result.exit_code == 0
    assert "Scholz" in result.output and "Nash" in result.output


def test_convert_yaml_to_csv_and_back(tmp_path, ec_path):
    csv_path = tmp_path / "ec.csv"
    assert runner.invoke(app, ["convert", str(ec_path), str(csv_path)]).exit_code == 0
    yaml_path = tmp_path / "ec.yaml"
    assert runner.invoke(app, ["convert", str(csv_path), str(yaml_path)]).exit_code == 0
    assert detente.load(yaml_path).issue_data("years").position.tolist() == [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]


def test_convert_bad_input_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("actor,issue,position,salience\nA,x,abc,0.5\n")
    target = tmp_path / "out.yaml"
    result = runner.invoke(app, ["convert", str(bad), str(target)])
    assert result.exit_code == 2
    assert not target.exists() and list(tmp_path.iterdir()) == [bad]


def test_real_process_exit_code_and_no_traceback(tmp_path):
    """Run the installed entry point in a subprocess: status 2, one line per problem on stderr."""
    bad = tmp_path / "bad.csv"
    bad.write_text("actor;issue;position;salience\nA;x;1;1\n")
    proc = subprocess.run([sys.executable, "-m", "detente", "validate", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert str(bad) in proc.stderr and "semicolon" in proc.stderr


def test_every_forecast_is_recorded_in_the_store(ec_path, tmp_path):
    from detente.store import Store

    db = tmp_path / "r.duckdb"
    result = runner.invoke(app, ["forecast", str(ec_path), "--model", "all", "--store", str(db)])
    assert result.exit_code == 0 and f"recorded {len(detente.models.available())} runs" in result.output
    assert sorted(Store(db).list_runs()["model"]) == sorted(detente.models.available())
    assert runner.invoke(app, ["forecast", str(ec_path), "--no-store", "--store", str(tmp_path / "n.duckdb")]).exit_code == 0
    assert not (tmp_path / "n.duckdb").exists()


def test_exchange_history_lists_the_exchanges():
    from detente.datasets import reference_path

    result = runner.invoke(app, ["forecast", str(reference_path("decide", "sample_data.txt")), "-m", "exchange",
                                 "--rounds", "1", "--seed", "3", "--history", "--no-store"])
    assert result.exit_code == 0
    assert "exchanges executed" in result.output and "Willems" in result.output


@pytest.mark.parametrize("module", ["cli.war", "cli.rex", "cli.serve", "cli.backtest", "cli.war_history",
                                    "cli.runs", "cli.forecast", "cli.options"])
def test_a_command_module_imports_on_its_own(module):
    """In a fresh interpreter, importing a command module first used to be a circular import."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", f"import detente.{module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_forecast_without_seed_is_the_same_every_run():
    """Rule 6: a forecast with no --seed used to draw fresh entropy (and record seed null), so the exchange
    model's tie-breaks gave other numbers on the toll case from one run to the next."""
    from detente.datasets import reference_path

    args = ["forecast", str(reference_path("decide", "sample_data.txt")), "-m", "exchange", "--format", "json",
            "--no-store"]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    assert json.loads(first.stdout) == json.loads(second.stdout)
    seeded = runner.invoke(app, args + ["--seed", "0"])
    assert json.loads(seeded.stdout) == json.loads(first.stdout)


def test_the_cli_starts_without_the_heavy_libraries():
    """Every command pays for what `import detente.cli` loads; pandas, duckdb, plotly and numba come only
    with the commands that use them (a command module's top-level import once pulled in all but numba)."""
    code = ("import sys, detente.cli\n"
            "print(','.join(m for m in ('pandas', 'duckdb', 'plotly', 'numba') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_ctrl_c_while_the_cli_loads_ends_with_one_line_and_status_130(monkeypatch, capsys):
    """The ``detente`` script (detente._entry) catches a Ctrl-C that lands while the CLI's modules import,
    as the CLI does during a run: no traceback, status 130 (128 + SIGINT, the shell's convention)."""
    import builtins

    from detente import _entry

    real_import = builtins.__import__

    def interrupted(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 1 and name == "cli":
            raise KeyboardInterrupt
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as exit_:
        _entry.main()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"
