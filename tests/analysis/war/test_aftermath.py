"""What followed a node (detente.analysis.war.aftermath) and no peeking at it (detente.analysis.war.calibration).

Expected levels come from the README of the shared data folder ``war/ukraine-front/`` (its
"Checks against published figures": levels on 2025-12-31 and 2026-08-21, the calendar-2025 net
change 4,340 km2) and the interval score's definition in Gneiting & Raftery (2007, JASA 102(477),
eq. 43); the no-peeking test follows the DEU backtest's (tests/analysis/test_stacking.py): change
everything recorded after the node and show that nothing the node's inputs are fitted from moves.
"""

from __future__ import annotations

from dataclasses import replace
from calendar import monthrange
from datetime import date, timedelta

import pytest

from detente.analysis.war import aftermath as am
from detente.analysis.war.calibration import node_inputs
from detente.io.front import MethodChange, read_front

NODE = date(2025, 5, 16)


def test_add_months_clips_to_the_month_end():
    assert am.add_months(NODE, 6) == date(2025, 11, 16) and am.add_months(NODE, 12) == date(2026, 5, 16)
    assert am.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert am.add_months(date(1951, 7, 10), 24) == date(1953, 7, 10)


def test_observed_changes_after_istanbul_2025():
    six, twelve = (am.observed_change(NODE, k) for k in (6, 12))
    assert (six.from_date, six.to_date, twelve.to_date) == ("2025-05-16", "2025-11-16", "2026-05-16")
    assert six.change_km2 == pytest.approx(six.to_km2 - six.from_km2, abs=0.05)
    # README: the change over calendar 2025 is +4,340 km2; the changes here add up with the record's own levels
    assert am.observed_change(date(2024, 12, 31), 12).change_km2 == pytest.approx(4340, abs=0.5)
    # README levels: 116,219 on 2025-12-31 and 116,995 on 2026-08-21
    assert am.observed_change(date(2025, 8, 21), 12).to_km2 == pytest.approx(116_995, abs=0.5)
    assert am.observed_change(date(2025, 7, 31), 5).to_km2 == pytest.approx(116_219, abs=0.5)
    assert am.observed_change(NODE, 18) is None  # 16 Nov 2026: after the record ends (2026-08-21)


def test_a_node_before_the_record_is_measured_from_its_first_usable_day():
    seen = am.observed_change(date(2022, 3, 29), 6)
    assert seen.from_date == "2022-04-25" and seen.to_date == "2022-09-29" and "2022-04-25" in seen.note
    with pytest.raises(ValueError, match="before the record's first usable level"):
        am.observed_change(date(2021, 12, 1), 3)


def test_compare_and_the_interval_score():
    row = am.compare({"value": 2000, "low": 500, "high": 3500}, 2724.8)
    assert row["inside"] and row["error_km2"] == pytest.approx(-724.8) and row["interval_score"] == 3000
    # Gneiting & Raftery eq. 43: width + (2 / alpha) x the miss, alpha = 0.1
    assert am.compare({"value": 1000, "low": 500, "high": 2000}, 2500)["interval_score"] == pytest.approx(1500 + 20 * 500)
    assert am.compare({"value": 1, "low": 0, "high": 2}, None)["inside"] is None
    with pytest.raises(ValueError, match="low"):
        am.compare({"value": 1, "low": 3, "high": 2}, 1.0)


def test_aftermath_rows():
    rows = am.aftermath(NODE, {6: {"value": 2000, "low": 500, "high": 3500}, 12: {"value": 4000, "low": 1000, "high": 7000}})
    assert [r["months"] for r in rows] == [6, 12]
    assert rows[1]["observed_km2"] == am.observed_change(NODE, 12).change_km2
    assert rows[0]["observed"]["target"] == "2025-11-16"


def _changed_from(record, day):
    """The record with every row dated after ``day`` changed: levels +5,000 km2, monthly changes reversed,
    oblast areas halved, a made-up map-method step; what a fit that peeks after ``day`` would notice."""
    def month_after(m):  # the month closes after ``day``: its level and change hold later data
        year, month = int(m.month[:4]), int(m.month[5:])
        return date(year, month, monthrange(year, month)[1]) > day
    daily = tuple(d.model_copy(update={"occupied_km2": d.occupied_km2 + 5000}) if d.date > day else d
                  for d in record.daily)
    monthly = tuple(m.model_copy(update={"occupied_km2": m.occupied_km2 + 5000,
                                         "net_change_km2": -(m.net_change_km2 or 0.0)}) if month_after(m) else m
                    for m in record.monthly)
    oblast = tuple(o.model_copy(update={k: v / 2 for k, v in o.model_dump().items() if k != "date"})
                   if o.date > day else o for o in record.by_oblast)
    fake = MethodChange(date=day + timedelta(days=1), prev_date=day, step_km2=999.0, note="made up")
    return replace(record, daily=daily, monthly=monthly, by_oblast=oblast, method_changes=record.method_changes + (fake,))


def test_no_peeking_the_node_inputs_use_only_the_record_up_to_the_node():
    record = read_front()
    changed = _changed_from(record, NODE)
    assert changed.daily != record.daily and changed.monthly[-1] != record.monthly[-1]  # the change is real
    assert node_inputs(NODE, changed) == node_inputs(NODE, record)
    # the same change from a day inside the window does move the inputs: the test can fail
    assert node_inputs(NODE, _changed_from(record, date(2025, 3, 20))) != node_inputs(NODE, record)


def test_scenario_aftermath_only_where_the_record_measures_the_war():
    import detente

    band = {6: {"value": 0.0, "low": -100.0, "high": 100.0}}
    rows = am.scenario_aftermath(detente.load(detente.example("istanbul_2022")), band)
    assert rows[0]["observed"]["from_date"] == "2022-04-25" and rows[0]["inside"] is False
    assert am.scenario_aftermath(detente.load(detente.example("kaesong_1951")), band) is None
