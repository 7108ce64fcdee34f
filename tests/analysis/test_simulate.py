"""Monte Carlo against closed forms, and seed reproducibility within and across processes."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import detente
from analysis_helpers import linear_scenario as _linear
from detente.analysis.simulate import Range, simulate
from detente.rng import draw_seed


def test_weighted_mean_quantiles_match_the_uniform_closed_form():
    """mean = (0.5 x_A + 1.0*50 + 1.0*80)/2.5 = 0.2 x_A + 52 with x_A ~ U(20, 60):
    the outcome is U(56, 64): mean 60, quantile p at 56 + 8p, P(outcome <= 58) = 0.25."""
    sim = simulate(_linear(), "mean", draws=20000, seed=11, ranges=["x:0-58"])
    row = sim.summary().iloc[0]
    se = 8 / np.sqrt(12) / np.sqrt(20000)
    assert row["mean"] == pytest.approx(60, abs=4 * se)
    for p in (0.05, 0.25, 0.5, 0.75, 0.95):
        assert row[f"q{p:g}"] == pytest.approx(56 + 8 * p, abs=0.1)
    assert row["P(x:0-58)"] == pytest.approx(0.25, abs=4 * np.sqrt(0.25 * 0.75 / 20000))
    assert sim.outcomes.min() >= 56 and sim.outcomes.max() <= 64


def test_plain_scenario_gives_identical_draws():
    sc = detente.load(detente.example("ec_car_emissions"))
    sim = simulate(sc, "eum", draws=5, seed=1)
    single = detente.models.get("eum").forecast(sc).values["years"]
    assert np.all(sim.outcomes[:, 0] == single) and sim.inputs == []


def test_draw_seed_is_the_spawned_child():
    """Draw k's seed equals SeedSequence(seed).spawn(n)[k] (so any chunking sees the same streams)."""
    children = np.random.SeedSequence(42).spawn(10)
    for k in (0, 3, 9):
        a = np.random.default_rng(draw_seed(42, k)).random(5)
        b = np.random.default_rng(children[k]).random(5)
        np.testing.assert_array_equal(a, b)


def test_same_seed_same_numbers_whatever_the_chunking():
    sc = _linear()
    runs = [simulate(sc, "eum", draws=40, seed=5, chunksize=c).outcomes for c in (1, 7, 40)]
    for other in runs[1:]:
        np.testing.assert_array_equal(runs[0], other)
    assert not np.array_equal(runs[0], simulate(sc, "eum", draws=40, seed=6).outcomes)


def test_same_seed_same_numbers_in_another_process(tmp_path):
    path = detente.save(_linear(), tmp_path / "linear.yaml")
    here = simulate(detente.load(path), "eum", draws=30, seed=9)
    proc = subprocess.run([sys.executable, "-m", "detente", "simulate", str(path), "--draws", "30", "--seed", "9",
                           "--workers", "1", "--format", "json"], capture_output=True, text=True, check=True)
    there = json.loads(proc.stdout)["issues"][0]
    assert there["mean"] == float(here.outcomes[:, 0].mean())
    assert there["quantiles"]["0.5"] == float(np.quantile(here.outcomes[:, 0], 0.5))


def test_a_resumed_run_computes_the_missing_chunks_and_gives_the_uninterrupted_numbers():
    """A run stopped after some chunks (skip, previous: what the run store kept) computes exactly the chunks it
    lacks, each one of the uninterrupted run's (start, stop) blocks, and ends with the same outcomes."""
    sc = _linear()
    chunks = []
    whole = simulate(sc, "eum", draws=23, seed=5, chunksize=5, on_result=chunks.append)
    assert sorted((c[0], c[0] + len(c[1])) for c in chunks) == [(0, 5), (5, 10), (10, 15), (15, 20), (20, 23)]
    kept = [c for c in chunks if c[0] in (0, 10)]
    redone = []
    resumed = simulate(sc, "eum", draws=23, seed=5, chunksize=5, skip=[(0, 5), (10, 15)],
                       previous=[(c[0], c[1], None) for c in kept], on_result=redone.append)
    assert sorted((c[0], c[0] + len(c[1])) for c in redone) == [(5, 10), (15, 20), (20, 23)]
    np.testing.assert_array_equal(resumed.outcomes, whole.outcomes)


def test_fan_has_quantiles_per_round_and_actor():
    sim = simulate(_linear(), "eum", draws=20, seed=1, params={"rounds": 3})
    fan = sim.fan("x")
    assert len(fan) == 4 * 3 and (fan["q0.05"] <= fan["q0.95"]).all()


@pytest.mark.parametrize("text, expected", [("x:0-50", Range("x", 0, 50)), ("a:b:-5-7.5", Range("a:b", -5, 7.5))])
def test_range_parsing(text, expected):
    assert Range.parse(text) == expected


@pytest.mark.parametrize("text", ["x", "x:5", "x:9-1", "x:a-b"])
def test_bad_ranges_rejected(text):
    with pytest.raises(ValueError):
        Range.parse(text)


def test_range_for_unknown_issue_rejected():
    with pytest.raises(ValueError, match="unknown issue"):
        simulate(_linear(), "mean", draws=2, ranges=["y:0-1"])


def test_html_report_is_self_contained(tmp_path):
    from detente.report import fan_chart, outcome_distribution, write_report

    sim = simulate(_linear(), "eum", draws=20, seed=1)
    path = write_report(tmp_path / "r.html", "t", tables={"s": sim.summary()},
                        figures=[outcome_distribution(sim, "x"), fan_chart(sim, "x")])
    text = path.read_text()
    assert "<script src=" not in text and "Plotly.newPlot" in text
