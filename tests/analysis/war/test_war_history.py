"""The war-history checks: the reduced-form model against closed forms, the calibration tools against
published figures, the war and crisis tables against counts recomputed here with the csv module, and
calibration checks that fail when a model does not fit.

Sources of expected numbers are given test by test.
"""

from __future__ import annotations

import csv
import math
from datetime import date

import numpy as np
import pytest
from scipy.stats import kstest

from detente.analysis.calibration import count_forecast, randomized_pit, reliability_table, wilson_interval
from detente.analysis.war.fit import fit_duration, fit_geometric, fit_mixture
from detente.analysis.war.front import absorption, decided_probabilities, duration_pmf, geometric_pmf
from detente.analysis.war.history import war_history
from detente.datasets import reference_path
from detente.models.war.closed_forms import gamblers_ruin, settlement_within, simulate_wars


# -- the front as a gambler's ruin ------------------------------------------------------------------

@pytest.mark.parametrize("start, length, p, win, rounds", [
    (5, 10, 0.45, 0.268283, 23.1717),   # issue 6: "front at 5 of 10 steps, B advances with probability 0.45"
    (5, 10, 0.5, 0.5, 25.0),            # p = 1/2: k/N and k(N - k)
    (3, 10, 0.55, 0.522536, 22.253641),
    (7, 20, 0.45, 0.056580, 58.684062),
])
def test_the_round_by_round_walk_agrees_with_the_published_values_and_the_war_models_closed_form(
        start, length, p, win, rounds):
    """Gambler's ruin (Feller 1968, ch. XIV, eq. 2.4 and 3.4): from k of N with step probability p, q = 1 - p,
    r = q/p, P(reach N) = (1 - r^k)/(1 - r^N) and E[T] = k/(q-p) - N/(q-p) P(reach N); p = 1/2: k/N, k(N - k).
    (5,10,0.45): r = 11/9, P = (1 - 2.72741)/(1 - 7.43878) = 0.268283, E[T] = 50 - 100 P = 23.1717.
    (5,10,0.5): 0.5, 25. (3,10,0.55): r = 9/11, P = 0.452292/0.865569 = 0.522536, E[T] = -30 + 100 P = 22.2536.
    (7,20,0.45): r = 11/9, P = 3.07428/54.3355 = 0.056580, E[T] = 70 - 200 P = 58.6841."""
    assert gamblers_ruin(start, length, p) == pytest.approx((win, rounds), abs=5e-5)  # 4-6 decimals given
    w, loss = absorption(start, length, p, horizon=6000)
    t = np.arange(1, 6001)
    assert w.sum() == pytest.approx(win, abs=5e-6)
    assert ((w + loss) * t).sum() == pytest.approx(rounds, abs=5e-4)


@pytest.mark.parametrize("p", [0.3, 0.5, 0.62])
def test_decided_probabilities_closed_form_equals_the_discounted_series(p):
    """Generating function of the hitting time (Feller XIV.4) against sum_t (1-h)^t a(t) from the walk."""
    hazard, s = 0.03, 0.97
    w, loss = absorption(6, 20, p, horizon=4000)
    t = np.arange(1, 4001)
    win_cf, loss_cf = decided_probabilities(6, 20, np.array([p]), hazard)
    assert win_cf[0] == pytest.approx((s**t * w).sum(), rel=1e-9)
    assert loss_cf[0] == pytest.approx((s**t * loss).sum(), rel=1e-9)


def test_duration_pmf_is_a_distribution_and_tends_to_the_geometric_for_a_long_front():
    """With length 400 the walk cannot be absorbed within 150 rounds: P(T = t) = (1-h)^(t-1) h exactly."""
    pmf = duration_pmf(20, np.array([0.01, 0.2]), horizon=5000)
    assert pmf.sum(axis=1) == pytest.approx([1.0, 1.0], abs=1e-9)
    assert duration_pmf(400, np.array([0.05]), 150)[0] == pytest.approx(geometric_pmf(0.05, 150), rel=1e-12)


# -- calibration tools ------------------------------------------------------------------------------

@pytest.mark.parametrize("k, n, low, high", [
    (81, 263, 0.2553, 0.3662),  # Newcombe (1998), Stat. Med. 17:857, Table II, method 3 (Wilson)
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_newcombe_1998(k, n, low, high):
    assert wilson_interval(k, n) == pytest.approx((low, high), abs=6e-5)


def test_reliability_table_counts_and_flags():
    predicted = np.array([0.1, 0.2, 0.3, 0.9, 0.95, 1.0])
    observed = np.array([False, False, True, True, True, True])
    table = reliability_table(predicted, observed, (0.0, 0.5, 1.0))
    assert table["n"].tolist() == [3, 3] and table["observed"].tolist() == pytest.approx([1 / 3, 1.0])
    assert table["fits"].tolist() == [True, True]  # 0.2 in Wilson(1, 3); 0.95 in Wilson(3, 3) = (0.438, 1)


def _simulate_wars(length: int, hazard: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Months of fighting drawn with the war model's own simulator (detente.models.war), not war_front."""
    params = {"start": length // 2, "length": length, "p": 0.5, "hazard": hazard, "max_rounds": 100_000}
    return simulate_wars(params, n, rng)["duration"].to_numpy()


def test_duration_pmf_agrees_with_the_war_models_simulator_and_settlement_law():
    """Monte Carlo (20,000 wars, seeded) within 4 standard errors; the geometric CDF is 1 - (1 - h)^T, so
    with h = 0.05 P(settled within 12) = 1 - 0.95**12 = 1 - 0.540360 = 0.459640 (expected 1/h = 20 rounds)."""
    draws = _simulate_wars(12, 0.04, 20_000, np.random.default_rng(3))
    pmf = duration_pmf(12, np.array([0.04]), 3000)[0]
    t = np.arange(1, 3001)
    mean, sd = (pmf * t).sum(), math.sqrt((pmf * t * t).sum() - (pmf * t).sum() ** 2)
    assert abs(draws.mean() - mean) < 4 * sd / math.sqrt(len(draws))
    within = pmf[:12].sum()
    assert abs((draws <= 12).mean() - within) < 4 * math.sqrt(within * (1 - within) / len(draws))
    assert np.cumsum(geometric_pmf(0.05, 24))[[5, 11, 23]] == pytest.approx(
        [settlement_within(0.05, 6), settlement_within(0.05, 12), settlement_within(0.05, 24)])
    assert settlement_within(0.05, 12) == pytest.approx(0.459640, abs=1e-6)  # 1 - 0.95**12 = 1 - 0.540360


def _pit_pvalue(fit, months: np.ndarray, rng) -> float:
    below, at, _ = count_forecast(fit.pmf(int(months.max())), months)
    return kstest(randomized_pit(below, at, rng), "uniform").pvalue


def test_count_forecast_and_the_randomised_pit_by_hand():
    """P(Y = 1, 2, 3) = 0.5, 0.3, 0.2: F(0..3) = 0, 0.5, 0.8, 1; log score log P(Y = y). The PIT lies in
    [F(y - 1), F(y)] (Czado, Gneiting & Held 2009, eq. 1) and stacked models share one V per case."""
    below, at, log_score = count_forecast(np.array([0.5, 0.3, 0.2]), np.array([1, 2, 3, 2]))
    assert below == pytest.approx([0.0, 0.5, 0.8, 0.5]) and at == pytest.approx([0.5, 0.8, 1.0, 0.8])
    assert log_score == pytest.approx(np.log([0.5, 0.3, 0.2, 0.3]))
    pit = randomized_pit(below, at, np.random.default_rng(0))
    assert ((below <= pit) & (pit <= at)).all()
    stacked = randomized_pit(np.stack([below, np.zeros(4)]), np.stack([at, np.ones(4)]), np.random.default_rng(0))
    assert stacked[0] == pytest.approx(pit)  # the second model's PIT is V itself: the same V for both rows
    assert (stacked[0] - below) / (at - below) == pytest.approx(stacked[1])


def test_the_duration_check_passes_on_data_from_the_model_and_fails_on_data_that_are_not():
    """Can fail: the PIT/KS check must accept fresh draws from the fitted model and reject a mixture."""
    rng = np.random.default_rng(11)
    train, fresh = _simulate_wars(12, 0.04, 600, rng), _simulate_wars(12, 0.04, 300, rng)
    fit = fit_duration(train)
    assert fit.length in (10, 12, 14) and fit.hazard == pytest.approx(0.04, rel=0.3)
    assert _pit_pvalue(fit, fresh, rng) > 0.01
    # a mixture of very short and very long wars, as in the COW data: one hazard cannot fit it
    mixture = np.concatenate([rng.geometric(0.5, 300), rng.geometric(0.02, 300)])
    assert _pit_pvalue(fit_duration(mixture[::2]), mixture[1::2], rng) < 0.01
    assert fit_geometric(np.array([1, 2, 3])).hazard == pytest.approx(0.5)  # MLE n / sum(t) = 3 / 6


# -- the war and crisis tables against independent counts -------------------------------------------

def _cow_by_war():
    with open(reference_path("war", "Inter-StateWarData_v4.0.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    wars: dict[str, list[dict]] = {}
    for row in rows:
        wars.setdefault(row["WarNum"], []).append(row)
    return wars


def _independent_months(rows: list[dict]) -> int:
    """Union of spells in days, / 30.4375, rounded up: recomputed from the raw cells."""
    days = set()
    for r in rows:
        for k in ("1", "2"):
            if r[f"StartYear{k}"] == "-8":
                continue
            start = date(int(r[f"StartYear{k}"]), int(r[f"StartMonth{k}"]), int(r[f"StartDay{k}"]))
            end = date(int(r[f"EndYear{k}"]), int(r[f"EndMonth{k}"]), int(r[f"EndDay{k}"]))
            days.update(range(start.toordinal(), end.toordinal() + 1))
    return max(1, math.ceil(len(days) / 30.4375))


@pytest.fixture(scope="module")
def result():
    return war_history(seed=2026)


def test_war_table_matches_an_independent_reading_of_the_cow_file(result):
    wars = _cow_by_war()
    months = {int(num): _independent_months(rows) for num, rows in wars.items()}
    table = result.wars.set_index("war_num")
    assert table["months"].to_dict() == months
    decided = draws = initiator_wins = 0
    for rows in wars.values():
        outcomes = {r["Outcome"] for r in rows}
        if outcomes & {"3", "6"}:
            draws += 1
            continue
        winners = {r["Side"] for r in rows if r["Outcome"] == "1"}
        losers = {r["Side"] for r in rows if r["Outcome"] == "2"}
        if len(winners) == 1 and losers and not losers & winners and len(losers) == 1:
            decided += 1
            initiator_wins += any(r["Initiator"] == "1" and r["Side"] in winners for r in rows)
    assert (result.summary["decided_wars"], result.summary["draw_wars"]) == (decided, draws)
    assert result.summary["initiator_wins"] == initiator_wins
    observed = result.duration_windows.set_index("within_months")["observed"]
    for window in (6, 12, 24):
        assert observed[window] == pytest.approx(sum(m <= window for m in months.values()) / 95)


def test_crisis_rates_match_an_independent_count_of_the_icb_files(result):
    """forout 1/2 (formal, semi-formal agreement) among crises with / without a COW major as crisis actor."""
    majors = {"2": (1898, 2011), "200": (1816, 2011), "365": (1816, 2011), "710": (1950, 2011)}
    with open(reference_path("war", "icb1v14.csv"), encoding="utf-8-sig", newline="") as handle:
        crises = {r["crisno"]: r for r in csv.DictReader(handle)}
    with open(reference_path("war", "icb2v14.csv"), encoding="utf-8-sig", newline="") as handle:
        actors = list(csv.DictReader(handle))
    # a partial but exact check: crises with the USA, the UK, Russia/USSR or China (whole-span majors) as actor
    flagged = {a["crisno"] for a in actors if a["cracid"] in majors and a["systrgyr"]
               and majors[a["cracid"]][0] <= int(a["systrgyr"]) <= majors[a["cracid"]][1]
               and not (a["cracid"] == "365" and 1918 <= int(a["systrgyr"]) <= 1921)}
    table = result.crises.set_index(result.crises["crisno"].astype(str))
    assert flagged <= set(table.index[table["major_power_actor"]])
    known = [c for c in crises.values() if c["forout"]]
    agreements = sum(c["forout"] in ("1", "2") for c in known)
    assert table["agreement"].sum() == agreements == 168 and len(known) == 486
    dated = [c for c in crises.values() if all(c[k] for k in ("yrtrig", "motrig", "yrterm", "moterm"))]
    months = sum((int(c["yrterm"]) - int(c["yrtrig"])) * 12 + int(c["moterm"]) - int(c["motrig"]) + 1 for c in dated)
    h = result.crisis_hazards
    assert h["n"].sum() == len(dated) == 482  # 487 less crisis 474 and four more without both months
    assert h["n"].sum() / (h["n"] / h["hazard"]).sum() == pytest.approx(len(dated) / months)
    victories = sum(a["outcom"] == "1" for a in actors)
    rated = sum(a["outcom"] in ("1", "2", "3", "4") for a in actors)
    rows = result.crisis_rates[result.crisis_rates["outcome"] == "victory"]
    assert rows["n"].sum() == rated and round((rows["n"] * rows["share"]).sum()) == victories


def test_two_kinds_of_war_benchmark_recovers_a_known_mixture():
    """EM on 4,000 seeded draws from 3/4 Geometric(0.5) + 1/4 Geometric(0.02): parameters within sampling error."""
    rng = np.random.default_rng(1)
    months = np.concatenate([rng.geometric(0.5, 3000), rng.geometric(0.02, 1000)])
    fit = fit_mixture(months)
    assert fit.weight == pytest.approx(0.75, abs=0.03)
    assert fit.hazards == pytest.approx((0.5, 0.02), rel=0.1)
    assert fit.pmf(5000).sum() == pytest.approx(1.0)


def test_the_report_says_where_the_model_does_not_fit(result):
    """The fits flags are computed, not asserted: each must agree with its own interval."""
    for table in (result.duration_windows, result.duration_quantiles, result.reliability):
        low, high = table["low"], table["high"]
        value = table["predicted"] if "predicted" in table else table["fitted"]
        assert (table["fits"] == ((low <= value) & (value <= high))).all()
    s = result.summary
    assert 0 <= s["duration_ks_pvalue"] <= 1 and s["brier_difference_low"] <= s["brier_difference_high"]
    assert s["settlement_fits"] == (s["draw_share_low"] <= s["settlement_probability"] <= s["draw_share_high"])


def test_same_seed_same_numbers(result):
    again = war_history(seed=result.seed)  # the module's run is the first (a run costs about 2 s)
    assert again.summary == result.summary and np.array_equal(again.pit, result.pit)


# -- the command ------------------------------------------------------------------------------------

def test_cli_json_html_and_the_run_recorded_with_the_data_files_digests(tmp_path):
    """JSON and the offline HTML report; provenance of a run without a scenario: each data file's sha256
    (computed here with hashlib from the shipped files), the seed, the package version and the command line;
    the headline numbers as summaries (COW v4.0 lists 95 inter-state wars, ICB v14 487 crises). One run of the
    command for all three (a run costs about 2 s)."""
    import hashlib
    import json

    from typer.testing import CliRunner

    import detente
    from detente.cli import app
    from detente.store import Store

    path, report = tmp_path / "runs.duckdb", tmp_path / "war.html"
    result = CliRunner().invoke(app, ["war-history", "--format", "json", "--seed", "7", "--store", str(path),
                                      "--html", str(report)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["seed"] == 7 and payload["summary"]["wars"] == 95 and payload["summary"]["crises"] == 487
    text = report.read_text()
    assert "<script src=" not in text and "Plotly.newPlot" in text  # plotly.js embedded: opens offline
    run_id = payload["run_id"]
    store = Store(path)
    record = store.get_run(run_id)
    assert record["command"] == "war-history" and record["status"] == "done" and record["scenario"] is None
    assert record["seed"] == "7" and record["package_version"] == detente.__version__
    files = {"cow": "Inter-StateWarData_v4.0.csv", "majors": "majors2011.csv", "icb1": "icb1v14.csv",
             "icb2": "icb2v14.csv"}
    inputs = record["extra"]["inputs"]
    assert set(inputs) == set(files)
    for label, name in files.items():
        assert inputs[label]["sha256"] == hashlib.sha256(reference_path("war", name).read_bytes()).hexdigest()
    lines = "\n".join(f"{label}={inputs[label]['sha256']}" for label in sorted(files))
    assert record["scenario_hash"] == hashlib.sha256(lines.encode()).hexdigest()
    summaries = store.tables(run_id)["summaries"].set_index("statistic")["value"]
    assert summaries["wars"] == 95 and summaries["crises"] == 487
    again = CliRunner().invoke(app, ["war-history", "--seed", "7", "--no-store", "--store", str(path)])
    assert again.exit_code == 0 and len(store.list_runs()) == 1
    with pytest.raises(ValueError, match="scenario, or the digests"):
        store.start_run("war-history", None)


def test_cli_bad_input_exit_2_no_traceback_nothing_written(tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app

    cow = reference_path("war", "Inter-StateWarData_v4.0.csv").read_text().splitlines()
    cow[3] = cow[3].replace(",4\r", ",4").rsplit(",", 1)[0] + ",5"  # Version 5 on line 4
    bad = tmp_path / "cow.csv"
    bad.write_text("\n".join(cow) + "\n")
    report = tmp_path / "war.html"
    result = CliRunner().invoke(app, ["war-history", "--cow", str(bad), "--html", str(report)])
    assert result.exit_code == 2
    assert f"{bad}: line 4, column Version: Input should be 4, got 5" in result.output
    assert "Traceback" not in result.output and not report.exists()


def test_the_explanation_page_shows_the_commands_own_numbers(result):
    """docs/explanation/war-history.md: regenerate with `python scripts/gen_war_history_docs.py` when this fails."""
    import re
    from pathlib import Path

    from detente.report.war_history import markdown_results

    page = (Path(__file__).resolve().parents[3] / "docs" / "explanation" / "war-history.md").read_text()
    block = re.search(r"<!-- war-history:results:begin -->\n(.*?)<!-- war-history:results:end -->", page, re.S)
    assert block and block.group(1).rstrip("\n") == markdown_results(result).rstrip("\n")


# -- properties -------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(half=st.integers(1, 30), p=st.floats(0.05, 0.95), hazard=st.floats(0.001, 0.9))
def test_decided_probabilities_are_probabilities_and_rise_with_the_step_probability(half, p, hazard):
    length = 2 * half
    win, loss = decided_probabilities(half, length, np.array([p, min(p + 0.01, 0.99)]), hazard)
    assert np.all(win >= 0) and np.all(loss >= 0) and np.all(win + loss <= 1 + 1e-12)
    assert win[1] >= win[0] - 1e-12 and loss[1] <= loss[0] + 1e-12


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 500), data=st.data())
def test_wilson_interval_is_inside_0_1_and_holds_the_observed_share(n, data):
    k = data.draw(st.integers(0, n))
    low, high = wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1
