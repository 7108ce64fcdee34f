"""The exchange model against Decide (Stokman's model as implemented by foarsitter/decide-exchange-model).

Fixtures in tests/fixtures/decide/ were made by scripts/oracles/run_decide.py, which ran Decide
2025.3.1 (GPL-3; run in its own environment, never imported here) five times for 10 rounds on the
toll case, Copenhagen and COP21, and kept every executed exchange in order and Decide's mean
forecast per round. Decide breaks ties between equal gains with an unseeded coin, so its runs
differ from each other after the first tie. What is checked:

- up to the first tie Decide is deterministic, and detente executes the same exchanges (any seed);
- replaying Decide's tie choices, detente reproduces round 1 of recorded runs exchange by
  exchange (positions to 1e-6 on Decide's 0-100 scale, gains to 1e-9): its first round is one of
  Decide's outcomes; and at least one recorded run of the toll case and of Copenhagen in all 10
  rounds, with the same forecasts to 0.01;
- Decide's reported mean forecasts equal the weighted means rebuilt from its own exchange records
  with detente's definitions (forecast and between-round update) to 0.01.

Measured (this file's Replay, replaying each recorded run round by round): rounds
reproduced before the first divergence, per run: toll 4, 4, 4, 8, 10; Copenhagen 1, 1, 10, 0, 2;
COP21 2, 1, 1, 2, 2. Replays diverge where an earlier exchange leaves a forecast exactly on a
partner's position: Decide's decimal arithmetic and detente's floats then fall on different sides
of the forecast bound (see docs/explanation/exchange-model.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import detente
from detente.datasets import reference_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "decide"
CASES = {"sample_data": "sample_data.txt", "copenhagen": "copenhagen.csv", "cop21": "cop21.csv"}


def _fixture(case):
    return json.loads((FIXTURES / f"{case}.json").read_text())


def _key(row):
    return (row[0], row[1], row[4], row[5])


def _ours(fc, sc):
    """Executed exchanges per round, in order, as fixture rows (positions on 0-100)."""
    seen, rounds = {}, {}
    scale = {i.name: (i.lower, i.upper - i.lower) for i in sc.issues}
    norm = lambda side: (side["to"] - scale[side["supply"]][0]) * 100 / scale[side["supply"]][1]  # noqa: E731
    for f in fc.issues:
        for e in f.details["exchanges"]:
            seen[(e["round"], e["order"])] = e
    for (t, k), e in sorted(seen.items()):
        rounds.setdefault(t, []).append((e["i"]["actor"], e["i"]["supply"], norm(e["i"]), e["j"]["actor"],
                                         e["j"]["supply"], norm(e["j"]), e["unbounded_gain"]))
    return rounds


class Replay:
    """Tie-breaks that follow a recorded Decide run.

    At a tie the exchange to execute is the one the run executed next. What Decide did with the
    other one depends on which of the two came first in its exact decimal ordering, which floats
    cannot always tell; so each tie also carries a guess (``duplicate``) that :func:`_replay_round`
    revises by backtracking until the round's whole sequence matches.
    """

    def __init__(self, names, expected, flips=()):
        self.names, self.expected, self.flips, self.ties = names, expected, set(flips), []

    def key(self, e):
        a, i = self.names
        return (a[e.i.actor], i[e.i.supply], a[e.j.actor], i[e.j.supply])

    def __call__(self, best, runner_up, n_done):
        want = _key(self.expected[n_done]) if n_done < len(self.expected) else None
        take_runner_up = want is not None and self.key(runner_up) == want != self.key(best)
        k = len(self.ties)
        self.ties.append(n_done)
        return take_runner_up, (not take_runner_up) != (k in self.flips)


def _replay_round(x, s, c, names, expected, limit=256):
    """Run one round following ``expected`` (a recorded round); returns (start, done) or None."""
    from detente.models.exchange._round import run_round

    stack = [frozenset()]
    tried = 0
    while stack and tried < limit:
        flips = stack.pop()
        tried += 1
        replay = Replay(names, expected, flips)
        voting, start, done = run_round(x, s, c, np.random.default_rng(0), replay)
        got = [replay.key(e) for e in done]
        want = [_key(e) for e in expected]
        if got == want:
            return start, done
        first_bad = next((n for n, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
        for k, n_done in enumerate(replay.ties):
            if n_done <= first_bad and k not in flips and all(j < k for j in flips):
                stack.append(flips | {k})
    return None


@pytest.fixture(scope="module", params=sorted(CASES))
def replayed(request):
    """Every recorded run replayed round by round: per run, the list of executed exchanges per round."""
    from detente.models.exchange._inputs import scenario_arrays

    case = request.param
    fixture = _fixture(case)
    sc = detente.load(reference_path("decide", CASES[case]))
    x0, s, c, lower, width = scenario_arrays(sc)
    names = (sc.actor_names, sc.issue_names)
    runs = []
    for run in fixture["runs"]:
        x, rounds = x0, []
        for expected in run:
            result = _replay_round(x, s, c, names, expected)
            if result is None:
                break
            x, done = result
            rounds.append(done)
        runs.append(rounds)
    return case, fixture, sc, runs, (lower, width)


def _matches(done, expected):
    return all(e.i.y == pytest.approx(row[3], abs=1e-6) and e.j.y == pytest.approx(row[7], abs=1e-6)
               and e.equal_gain == pytest.approx(row[8], rel=1e-9, abs=1e-12) for e, row in zip(done, expected))


def test_round_one_reproduces_recorded_runs(replayed):
    case, fixture, sc, runs, _ = replayed
    reproduced = [r for r, rounds in enumerate(runs) if rounds and _matches(rounds[0], fixture["runs"][r][0])]
    assert len(reproduced) >= 4, f"{case}: round 1 reproduced for runs {reproduced}"


@pytest.mark.parametrize("case, minimum", [("sample_data", 1), ("copenhagen", 1)])
def test_some_recorded_runs_are_reproduced_in_all_ten_rounds(case, minimum, request):
    fixture = _fixture(case)
    sc = detente.load(reference_path("decide", CASES[case]))
    from detente.models.exchange._inputs import scenario_arrays

    x0, s, c, lower, width = scenario_arrays(sc)
    full = 0
    for run in fixture["runs"]:
        x, rounds = x0, []
        for expected in run:
            result = _replay_round(x, s, c, (sc.actor_names, sc.issue_names), expected)
            if result is None or not _matches(result[1], expected):
                break
            x, done = result
            rounds.append(done)
        if len(rounds) == len(run):
            full += 1
            ours, theirs = _forecasts(sc, rounds), _recorded_forecasts(sc, run)
            for issue in sc.issue_names:
                np.testing.assert_allclose(ours[issue]["voting"], theirs[issue]["voting"], atol=0.01)
    assert full >= minimum


@pytest.mark.parametrize("case", ["sample_data", "cop21"])
def test_decide_reports_the_forecasts_its_exchanges_imply(case):
    """Mean over runs of the weighted means rebuilt from Decide's own exchange records (with detente's
    forecast and between-round update) equals Decide's reported mean forecasts: exactly for the toll
    case and COP21. For Copenhagen three issues differ by 0.06-1.05 (Commitments, Newtreaty,
    DevlopC2020); not yet explained, reported on issue 4, so that case is not asserted here."""
    fixture = _fixture(case)
    sc = detente.load(reference_path("decide", CASES[case]))
    rebuilt = [_recorded_forecasts(sc, run) for run in fixture["runs"]]
    for issue, series in fixture["forecast_mean_over_runs"].items():
        for name in ("start", "voting"):
            got = np.mean([r[issue][name] for r in rebuilt], axis=0)
            np.testing.assert_allclose(got, series[name], atol=0.01, err_msg=f"{case} {issue} {name}")


def _recorded_forecasts(sc, run):
    """Per issue, the weighted means of start and voting positions implied by a recorded Decide run."""
    actors, issues = {a: k for k, a in enumerate(sc.actor_names)}, {i: k for k, i in enumerate(sc.issue_names)}
    return _weighted_means(sc, [[(actors[a], issues[i], y) for row in rows
                                 for a, i, y in ((row[0], row[1], row[3]), (row[4], row[5], row[7]))]
                                for rows in run])


def _forecasts(sc, rounds):
    """Per issue, the weighted means of start and voting positions of detente's replayed rounds."""
    return _weighted_means(sc, [[(side.actor, side.supply, side.y) for e in done for side in (e.i, e.j)]
                                for done in rounds])


def _weighted_means(sc, moves_per_round):
    """Weighted means of start and voting positions per round, from each round's (actor, issue, y) in order.

    The last move of an actor on an issue sets its voting position; the next round starts part of the
    way there from this round's start (detente's next_start, Decide's rule)."""
    from detente.models.exchange._round import next_start
    from detente.models.exchange._inputs import scenario_arrays

    x, s, c, lower, width = scenario_arrays(sc)
    out = {i: {"start": [], "voting": []} for i in sc.issue_names}
    for moves in moves_per_round:
        voting, start = x.copy(), x.copy()
        for a, d, y in moves:
            voting[d, a] = y
            start[d, a] = next_start(x[d, a], y, s[d, a])
        for d, issue in enumerate(sc.issue_names):
            on = ~np.isnan(x[d])
            w = s[d, on] * c[d, on]
            for name, pos in (("start", x), ("voting", voting)):
                out[issue][name].append(float(pos[d, on] @ w / w.sum()) * width[d] / 100 + lower[d])
        x = start
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_any_seed_matches_decide_up_to_the_first_tie(case):
    """Before the first tie the round is deterministic: detente executes Decide's exchanges, with
    any seed. (A tie for detente is two gains equal to 1e-12; Decide's decimals may still order them,
    so its runs can agree a little further.)"""
    fixture = _fixture(case)
    sc = detente.load(reference_path("decide", CASES[case]))
    first_tie = []

    def spy(round_, best, runner_up, n_done):
        first_tie.append(n_done)
        return False, True

    got = _ours(detente.models.get("exchange", rounds=1).forecast(sc, rng=0, tie_break=spy), sc)[1]
    prefix = first_tie[0] if first_tie else len(got)
    assert prefix >= 1  # toll case 6 exchanges before the first tie, Copenhagen 1, COP21 more
    for seed in (0, 1, 2):  # the seeded tie-breaks themselves, not the spy's
        got = _ours(detente.models.get("exchange", rounds=1).forecast(sc, rng=seed), sc)[1]
        for run in fixture["runs"]:
            assert [(g[0], g[1], g[3], g[4]) for g in got[:prefix]] == [_key(e) for e in run[0][:prefix]]
            for g, e in zip(got[:prefix], run[0][:prefix]):
                assert g[2] == pytest.approx(e[3], abs=1e-6) and g[5] == pytest.approx(e[7], abs=1e-6)
