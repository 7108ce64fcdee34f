"""REX (the exchange model over a grid of exponents and seeded draws): seeds, backends, closed forms, CLI.

Expected numbers come from the two-actor closed form in tests/exchange_cases.py (derived in
tests/models/exchange/test_exchange_variants.py) and, for the random-rate spread, from integrating it
over the uniform rate (scipy.integrate.quad); the rest compares REX with itself across seeds and
executors, and with direct model runs on the documented child seeds.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import integrate
from typer.testing import CliRunner

import detente
from detente.analysis import rex
from detente.cli import app
from detente.datasets import reference_path
from detente.execution import LocalExecutor
from exchange_cases import closed_form, equal_gain_rate, two_actor_scenario

CASE = (2.0, 1.0, 0.9, 0.3, 0.4, 0.6)  # c_A, c_B, s_Ap, s_Aq, s_Bp, s_Bq


@pytest.fixture(scope="module")
def toll():
    return detente.load(reference_path("decide", "sample_data.txt"))


def test_same_seed_same_runs_other_seed_other_runs(toll):
    kw = dict(power_exponents=(0.5, 1.0), draws=3, rounds=4)
    a, b, c = rex.run(toll, seed=5, **kw), rex.run(toll, seed=5, **kw), rex.run(toll, seed=6, **kw)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert not np.array_equal(a.frame["forecast"], c.frame["forecast"])
    assert list(a.frame.columns) == rex.COLUMNS and len(a.frame) == 2 * 3 * len(toll.issues)


def test_serial_equals_parallel_and_any_chunking(toll):
    kw = dict(power_exponents=(0.5, 1.0, 2.0), draws=4, rounds=4, seed=9)
    serial = rex.run(toll, **kw)
    with LocalExecutor(2) as executor:
        parallel = rex.run(toll, executor=executor, chunksize=5, **kw)
    pd.testing.assert_frame_equal(serial.frame, parallel.frame)
    pd.testing.assert_frame_equal(serial.frame, rex.run(toll, chunksize=1, **kw).frame)


def test_run_k_is_the_model_on_the_kth_child_seed(toll):
    """Run k = grid point k // draws, seed SeedSequence(seed).spawn(n)[k] (detente.rng.child_seeds)."""
    result = rex.run(toll, power_exponents=(1.0, 2.0), salience_exponents=(0.5,), draws=2, seed=3, rounds=3)
    seeds = detente.rng.child_seeds(3, result.n_runs)
    for k, (a, b) in enumerate([(1.0, 0.5), (1.0, 0.5), (2.0, 0.5), (2.0, 0.5)]):
        model = detente.models.get("exchange", rounds=3, variant="random-rate", power_exponent=a, salience_exponent=b)
        expected = model.forecast(toll, rng=np.random.default_rng(seeds[k])).values
        got = result.frame[result.frame["run"] == k].set_index("issue")["forecast"].to_dict()
        assert got == expected


@pytest.mark.parametrize("a", [0.0, 1.0, 2.0])
def test_power_exponent_grid_equal_gain_closed_form(a):
    """Weight c^a s: the two-actor closed form with capabilities c_A^a, c_B^a, at the equal-gain rate."""
    c_a, c_b, *s = CASE
    result = rex.run(two_actor_scenario(*CASE), variant="equal-gain", power_exponents=(a,), draws=2, rounds=1)
    _, (o_p, o_q) = closed_form(c_a ** a, c_b ** a, *s, r=equal_gain_rate(*s))
    by_issue = result.frame.groupby("issue")["forecast"]
    assert by_issue.min()["p"] == pytest.approx(o_p, abs=1e-9) and by_issue.max()["p"] == pytest.approx(o_p, abs=1e-9)
    assert by_issue.min()["q"] == pytest.approx(o_q, abs=1e-9)


def test_random_rate_spread_matches_the_closed_form_over_the_uniform_rate():
    """With r ~ U(s_Aq/s_Ap, s_Bq/s_Bp), O_p'(r) ranges over [O_p'(lo), O_p'(hi)] and its mean is
    the integral of the closed form over r / (hi - lo); 400 draws, mean within 4 standard errors."""
    c_a, c_b, s_ap, s_aq, s_bp, s_bq = CASE
    lo, hi = s_aq / s_ap, s_bq / s_bp
    result = rex.run(two_actor_scenario(*CASE), draws=400, rounds=1, seed=11)
    p = result.frame[result.frame["issue"] == "p"]["forecast"].to_numpy()
    after = lambda r: closed_form(*CASE, r=r)[1][0]  # noqa: E731
    expected_mean = integrate.quad(after, lo, hi, points=[equal_gain_rate(s_ap, s_aq, s_bp, s_bq)])[0] / (hi - lo)
    assert after(lo) - 1e-9 <= p.min() and p.max() <= after(hi) + 1e-9
    assert abs(p.mean() - expected_mean) < 4 * p.std(ddof=1) / np.sqrt(len(p))
    row = result.summary().set_index("issue").loc["p"]
    assert row["spread"] == pytest.approx(p.max() - p.min()) and row["runs"] == 400


def test_cli_json_store_and_errors(toll, tmp_path):
    runner, path, db = CliRunner(), str(reference_path("decide", "sample_data.txt")), str(tmp_path / "runs.duckdb")
    args = ["rex", path, "--draws", "2", "--rounds", "3", "--power-exponents", "1,2", "--seed", "4",
            "--workers", "1", "--format", "json", "--store", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["runs"] == 4 and doc["variant"] == "random-rate" and len(doc["issues"]) == len(toll.issues)
    api = rex.run(toll, power_exponents=(1, 2), draws=2, rounds=3, seed=4).to_json()
    assert doc["issues"] == api["issues"]
    store = detente.store.Store(db)
    run = store.get_run(doc["run_id"])
    assert run["command"] == "rex" and run["status"] == "done"
    assert len(store.tables(doc["run_id"])["draws"]) == 4 * len(toll.issues)
    for bad, message in ((["--power-exponents", "x"], "comma-separated numbers"), (["--variant", "fast"], "fast")):
        out = runner.invoke(app, ["rex", path, "--no-store", *bad])
        assert out.exit_code == 2 and message in out.output and "Traceback" not in out.output
    missing = runner.invoke(app, ["rex", str(tmp_path / "nope.yaml"), "--no-store"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
