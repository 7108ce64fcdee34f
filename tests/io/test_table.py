"""The helpers shared by the CSV-like readers (detente.io._table): data rows, field counts, headers."""

from __future__ import annotations

import pytest

from detente.errors import Problem, ScenarioError
from detente.io._table import MAX_PROBLEMS, data_rows, header_index, raise_problems, read_rows


def test_data_rows_numbers_lines_skips_blank_rows_and_records_wrong_field_counts():
    rows = read_rows("a,b\n1,2\n\n , \n3\n4,5\n", "f.csv")
    problems: list[Problem] = []
    assert list(data_rows(rows, "f.csv", problems, " (why)")) == [(2, ["1", "2"]), (6, ["4", "5"])]
    assert problems == [Problem("f.csv", "line 5", "expected 2 fields, found 1 (why)")]


def test_data_rows_without_data_and_past_the_problem_limit():
    with pytest.raises(ScenarioError, match="f.csv: no data rows after the header"):
        list(data_rows([["a"], [""]], "f.csv", []))
    problems = [Problem("f.csv", "", "earlier")] * MAX_PROBLEMS
    assert list(data_rows([["a"], ["1"]], "f.csv", problems)) == []  # stops: enough problems already


def test_raise_problems_keeps_the_first_max_problems():
    raise_problems([])  # nothing to raise
    problems = [Problem("f.csv", f"line {k}", "bad") for k in range(MAX_PROBLEMS + 5)]
    with pytest.raises(ScenarioError) as info:
        raise_problems(problems)
    assert info.value.problems == problems[:MAX_PROBLEMS]


def test_header_index_accepts_other_columns_only_when_told_to():
    assert header_index(["A", "b", "extra"], ("a", "b"), None, "f.csv") == {"a": 0, "b": 1, "extra": 2}
    with pytest.raises(ScenarioError, match="unknown column"):
        header_index(["a", "b", "extra"], ("a", "b"), (), "f.csv")
    with pytest.raises(ScenarioError, match=r"column\(s\) b appear more than once"):
        header_index(["a", "b", "b"], ("a",), None, "f.csv")
