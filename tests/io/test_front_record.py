"""The front record reader (detente.io.front): the shipped DeepStateMap series and bad files.

Expected numbers come from the README of the shared data folder ``war/ukraine-front/`` (the
series' method and its checks, written when the series was built; its figures are quoted
here with the section they are in), not from this reader's output.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from detente.errors import ScenarioError
from detente.io.front import FILES, read_front


@pytest.fixture(scope="module")
def record():
    return read_front()


def test_counts_and_span_match_the_readme(record):
    # README "Files": 1,532 daily rows; title: 2022-04-03 .. 2026-08-21; "method_changes.csv": five steps
    assert len(record.daily) == len(record.by_oblast) == 1532
    assert (record.first_date, record.last_date) == (date(2022, 4, 3), date(2026, 8, 21))
    assert [m.month for m in record.monthly][::52] == ["2022-04", "2026-08"]
    assert len(record.method_changes) == 5


@pytest.mark.parametrize("day, km2", [  # README "Checks against published figures", occupied-share row
    (date(2024, 6, 30), 109_314), (date(2024, 12, 31), 111_878), (date(2025, 5, 31), 113_157),
    (date(2025, 12, 31), 116_219), (date(2026, 8, 21), 116_995)])
def test_levels_match_the_readme(record, day, km2):
    found, level = record.level_on(day)
    assert found == day and level == pytest.approx(km2, abs=0.5)


def test_adjusted_months_match_the_readme(record):
    # README "Monthly net change": method steps removed, 2023-06 -312.0 -> -185.0, 2023-08 -273.0 -> -98.2,
    # 2023-09 -180.8 -> +22.5; summary "2022-09" adjusted -10,682.5
    raw, adjusted = record.monthly_net(adjusted=False), record.monthly_net()
    for month, before, after in (("2023-06", -312.0, -185.0), ("2023-08", -273.0, -98.2),
                                 ("2023-09", -180.8, 22.5), ("2022-09", -9577.8, -10682.5)):
        assert raw[month] == pytest.approx(before, abs=0.05)
        assert adjusted[month] == pytest.approx(after, abs=0.05)
    assert sum(1 for k in raw if raw[k] != adjusted[k]) == 4


def test_deepstate_published_months_agree_within_12_km2(record):
    # README: DeepState's own monthly gains (press), "monthly changes agree to within 12 km2"
    published = {"2024-03": 39, "2024-05": 317, "2024-08": 363, "2024-11": 730, "2025-01": 325, "2025-03": 133,
                 "2025-05": 449, "2025-06": 556, "2025-08": 464, "2025-09": 259}
    net = record.monthly_net()
    assert all(abs(net[m] - v) <= 12 for m, v in published.items())


def test_oblast_shares_at_end_2025(record):
    # README "Step 2": boundary areas Donetsk 26,599, Zaporizhzhia 27,081, Kherson 26,142, Luhansk 26,310 km2;
    # shares at end-2025 77.5 / 74.8 / 72.1 / 98.8 %
    row = next(r for r in record.by_oblast if r.date == date(2025, 12, 31))
    for oblast, area, share in (("donetsk", 26_599, 77.5), ("zaporizhzhia", 27_081, 74.8),
                                ("kherson", 26_142, 72.1), ("luhansk", 26_310, 98.8)):
        assert 100 * getattr(row, oblast) / area == pytest.approx(share, abs=0.06)


def test_until_keeps_only_what_was_known(record):
    node = date(2025, 5, 16)
    known = record.until(node)
    assert known.last_date == node and known.monthly[-1].month == "2025-04"
    assert all(d.date <= node for d in known.by_oblast)
    assert record.until(date(2025, 4, 30)).monthly[-1].month == "2025-04"  # a month counts on its last day
    with pytest.raises(ValueError, match="starts on 2022-04-03"):
        record.level_on(date(2022, 3, 29))


def _copy(tmp_path):
    folder = tmp_path / "front"
    shutil.copytree(read_front().folder, folder)
    for p in folder.iterdir():
        p.chmod(0o644)
    return folder


def _edit(folder, key, line, column, value):
    path = folder / FILES[key]
    lines = path.read_text().split("\n")
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines))


@pytest.mark.parametrize("key, line, column, value, expected", [
    ("daily", 10, "occupied_km2", "lots", r"occupied_area.csv: line 10, column occupied_km2: Input should be a valid number"),
    ("daily", 11, "occupied_km2", "700000", r"occupied_area.csv: line 11, column occupied_km2: Input should be less than or equal to 603550"),
    ("daily", 12, "source_commit", "abc", r"occupied_area.csv: line 12, column source_commit: String should match pattern"),
    ("daily", 13, "date", "2022-02-30", r"occupied_area.csv: line 13, column date: Input should be a valid date"),
    ("daily", 14, "date", "2022-04-01", r"occupied_area.csv: line 14, column date: dates must increase"),
    ("monthly", 5, "net_change_km2", "999.0", r"monthly.csv: line 5, column net_change_km2: expected the change of occupied_km2 from the previous month, 520.6, got 999.0"),
    ("monthly", 6, "month", "2022-13", r"monthly.csv: line 6, column month: String should match pattern"),
    ("monthly", 7, "n_snapshots", "3", r"monthly.csv: line 7, column n_snapshots: expected 29 \(the month's rows in occupied_area.csv\), got 3"),
    ("monthly", 8, "net_change_km2", "", r"monthly.csv: line 8, column net_change_km2: expected a number, the cell is empty"),
    ("by_oblast", 20, "crimea", "-1", r"occupied_by_oblast.csv: line 20, column crimea: Input should be greater than or equal to 0"),
    ("method_changes", 3, "prev_date", "2022-09-24", r"method_changes.csv: line 3, column prev_date: expected a date before 2022-09-23"),
])
def test_bad_cells_name_file_line_column(tmp_path, key, line, column, value, expected):
    folder = _copy(tmp_path)
    _edit(folder, key, line, column, value)
    with pytest.raises(ScenarioError, match=expected):
        read_front(folder)


def test_month_level_must_be_the_last_day(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "daily", 28, "occupied_km2", "121000.0")  # 2022-04-30, the last April row
    with pytest.raises(ScenarioError, match=r"monthly.csv: line 2, column occupied_km2: expected the last daily value"):
        read_front(folder)


def test_bad_file_shapes(tmp_path):
    folder = _copy(tmp_path)
    (folder / FILES["method_changes"]).write_text("date,prev_date,step\n2022-09-18,2022-09-17,795.7\n")
    with pytest.raises(ScenarioError, match=r"method_changes.csv: line 1: expected the header date,prev_date,"
                                            r"step_km2,note \(missing step_km2, note; unexpected step\)"):
        read_front(folder)
    (folder / FILES["method_changes"]).write_text("")
    with pytest.raises(ScenarioError, match="method_changes.csv: file is empty"):
        read_front(folder)
    (folder / FILES["monthly"]).unlink()
    with pytest.raises(ScenarioError, match="monthly.csv: file not found"):
        read_front(folder)
    with pytest.raises(ScenarioError, match="expected a folder holding occupied_area.csv"):
        read_front(tmp_path / "nowhere")


def test_a_short_row_is_named(tmp_path):
    folder = _copy(tmp_path)
    path = folder / FILES["daily"]
    lines = path.read_text().split("\n")
    lines[4] = lines[4].rsplit(",", 1)[0]
    path.write_text("\n".join(lines))
    with pytest.raises(ScenarioError, match=r"occupied_area.csv: line 5: expected 5 fields, found 4"):
        read_front(folder)
