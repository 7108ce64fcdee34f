"""What the CLI prints is the user's text as written (issue 14): no console markup read into it, no raw
terminal escapes, numbers in fixed notation, help that shows flags as flags."""

from __future__ import annotations

import re

import pytest
import yaml
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()

ESC = "\x1b"


def _scenario(tmp_path, *, name="t", actors=("A", "B", "C"), issue="x", filename="s.yaml"):
    doc = {"name": name, "actors": [{"name": a, "capability": 1.0} for a in actors],
           "issues": [{"name": issue, "lower": 0, "upper": 100}],
           "positions": [{"actor": a, "issue": issue, "position": 10.0 * (k + 1), "salience": 0.5}
                         for k, a in enumerate(actors)]}
    path = tmp_path / filename
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def _run(args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "MarkupError" not in repr(result.exception), result.exception
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_bracketed_file_name_is_printed_whole(tmp_path):
    """``validate 'draft[v2].yaml'`` said ``draft.yaml: file not found`` (``[v2]`` read as a style)."""
    result = _run(["validate", tmp_path / "draft[v2].yaml"])
    assert result.exit_code == 2
    assert "draft[v2].yaml" in result.output


def test_bracketed_actor_name_is_printed_whole(tmp_path):
    """An actor ``Council [rotating]`` was reported as ``'Council '``."""
    path = _scenario(tmp_path, actors=("Council [rotating]", "B", "C"))
    result = _run(["forecast", path, "-m", "eum", "--rounds", "2", "--history", "--no-store"])
    assert result.exit_code == 0, result.output
    assert "Council [rotating]" in result.output


@pytest.mark.parametrize("text", ["[/]", "[/x]", "[bold]"])
def test_closing_tags_in_names_do_not_crash(tmp_path, text):
    """A scenario, actor or issue name holding ``[/]`` or ``[/x]`` raised rich.errors.MarkupError."""
    path = _scenario(tmp_path, name=f"s {text}", actors=(f"A {text}", "B", "C"), issue=f"x {text}")
    for args in (["validate", path], ["forecast", path, "-m", "mean", "--history", "--no-store"]):
        result = _run(args)
        assert result.exit_code == 0, result.output
        assert f"s {text}" in result.output
    result = _run(["forecast", path, "-m", "mean", "--no-store"])
    assert f"x {text}" in result.output


def test_error_messages_keep_brackets(tmp_path):
    """Error text that quotes the user (here an unknown model name) keeps its brackets."""
    path = _scenario(tmp_path)
    result = _run(["forecast", path, "-m", "eum[ray]", "--no-store"])
    assert result.exit_code == 2
    assert "eum[ray]" in result.output


def test_escape_sequences_in_names_are_shown_escaped(tmp_path):
    """A name holding ESC[2J (clear screen) must not reach the terminal raw: it prints as ``\\x1b[2J``."""
    path = _scenario(tmp_path, name=f"evil{ESC}[2J", actors=(f"A{ESC}[31m", "B\x07", "C"), issue=f"x{ESC}]0;t\x07")
    for args in (["validate", path], ["forecast", path, "-m", "mean", "--history", "--no-store"]):
        result = _run(args)
        assert result.exit_code == 0, result.output
        assert ESC not in result.output and "\x07" not in result.output
    assert "\\x1b[2J" in _run(["validate", path]).output


def test_run_store_listing_prints_names_literally(tmp_path):
    """``detente runs list`` shows the stored scenario name as written."""
    store = tmp_path / "r.duckdb"
    path = _scenario(tmp_path, name=f"s [/x] [red]{ESC}[2J")
    assert _run(["forecast", path, "-m", "mean", "--store", store]).exit_code == 0
    result = _run(["runs", "list", "--store", store])
    assert result.exit_code == 0, result.output
    assert "s [/x] [red]\\x1b[2J" in result.output and ESC not in result.output


def test_csv_is_exact_when_piped_and_escaped_on_a_terminal(monkeypatch, capsys):
    """CSV is data: a pipe gets the bytes of the names; a terminal gets them escaped like any other output."""
    import io

    from detente._console import write_data

    write_data(f"name\nA{ESC}[2J\n")
    assert capsys.readouterr().out == f"name\nA{ESC}[2J\n"

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    write_data(f"name\nA{ESC}[2J\n")
    assert screen.getvalue() == "name\nA\\x1b[2J\n"


def test_visible_escapes_controls_and_bidi_overrides():
    from detente._console import visible

    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("tab\tand\nnewline") == "tab\tand\nnewline"
    assert visible("\u202eevil") == "\\u202eevil"
    assert visible("Council [rotating]") == "Council [rotating]"


@pytest.mark.parametrize("value, text", [(10000.0, "10000"), (1.421e-14, "0"), (-3e-13, "0"), (7.3899999, "7.39"),
                                         (0.000123456, "0.0001235"), (123456.7, "123457"), (5.0, "5"),
                                         (float("nan"), ""), (12.5, "12.5"), (2, "2")])
def test_numbers_print_in_fixed_notation(value, text):
    """1e+04 and 1.421e-14 are not how a person writes 10000 and 0 (expected values written by hand)."""
    from detente._console import number

    assert number(value) == text


def test_tables_print_no_exponents(big_scale_file):
    """A scale of 0-10000 printed as ``0-1e+04``; a forecast at float noise printed as ``1.421e-14``."""
    path = big_scale_file
    result = _run(["forecast", path, "-m", "median", "--no-store"])
    assert result.exit_code == 0, result.output
    assert not re.search(r"\de[+-]\d", result.output), result.output
    assert "0-10000" in result.output and re.search(r"│\s+10000 │", result.output)


def test_help_shows_flags_as_flags():
    """``--history <bool>``, ``--no-store <bool>`` and the usage ``{file}`` read as if they took values."""
    result = runner.invoke(app, ["forecast", "--help"], terminal_width=160)
    assert result.exit_code == 0
    assert "<bool>" not in result.output
    assert "{file}" not in result.output
    assert "FILE" in result.output
    assert re.search(r"--history\s+Show positions", result.output), result.output
    convert = runner.invoke(app, ["convert", "--help"], terminal_width=160).output
    assert "SOURCE TARGET" in convert


def test_unknown_parameter_names_the_valid_ones(tmp_path):
    """``-p foo=1`` printed ``ExpectedUtility.__init__() got an unexpected keyword argument 'foo'``."""
    path = _scenario(tmp_path)
    for cmd in (["forecast", path, "-m", "eum", "-p", "foo=1", "--no-store"],
                ["simulate", path, "-m", "eum", "-p", "foo=1", "--no-store", "--draws", "2", "--workers", "1"]):
        result = _run(cmd)
        assert result.exit_code == 2
        assert "__init__" not in result.output and "keyword argument" not in result.output
        assert "foo" in result.output and "rounds" in result.output, result.output


def test_every_print_path_goes_through_the_literal_console():
    """No module builds its own rich Console or writes markup tags: colour comes from detente._console only,
    so a command added later cannot print user text as markup again."""
    from pathlib import Path

    import detente

    root = Path(detente.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "_console.py" or "web" in path.relative_to(root).parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bConsole\(", text) or re.search(r"\[/?(red|green|yellow|bold|dim|cyan)\]", text):
            offenders.append(str(path.relative_to(root)))
    assert not offenders
