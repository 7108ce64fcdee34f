"""The channel decomposition (analysis/war/channels.py): exact Shapley values against closed forms and published
values, and its plumbing on a node stand-in whose missed opportunity per channel is known by construction."""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations
from pathlib import Path

import numpy as np
import pytest

import detente
from detente.analysis.war.channels import (CHANNELS, REMAINDER, channels_for, channels_of_draw, frame, rows_of,
                                           shapley, summarise)
from detente.analysis.war.draw import alternatives, missed_of_solution, move_label
from war_fakes import fake_solve_node

ISTANBUL = Path(detente.__file__).parent / "data" / "scenarios" / "istanbul_2025.yaml"


def _coalition(v):
    """A TU game v(S) as a 'switch-off' value: switching S off loses v(S), so phi_c is v's Shapley value."""
    return lambda off: -v(off)


def test_additive_game_gives_each_channel_its_own_term():
    # value(off) = r + sum of the terms of the channels still on: Shapley's additivity + null player give
    # phi_c = a_c exactly (Shapley 1953, axioms), the remainder r.
    terms = {"a": 0.3, "b": -0.1, "c": 0.05, "d": 0.0}
    dec = shapley(lambda off: 0.7 + sum(t for c, t in terms.items() if c not in off), terms)
    assert dec.contributions == pytest.approx(terms, abs=1e-15)
    assert dec.remainder == pytest.approx(0.7) and dec.total == pytest.approx(0.95)
    assert list(dec.rows()) == [*terms, REMAINDER]


def test_symmetric_channels_get_equal_shares():
    # value depends only on how many channels are off (a nonlinear f): all channels are symmetric, so each
    # gets (f(0) - f(n)) / n (Shapley 1953, symmetry + efficiency)
    f = {0: 1.0, 1: 0.9, 2: 0.2, 3: 0.15, 4: -0.05}
    dec = shapley(lambda off: f[len(off)], CHANNELS)
    assert all(v == pytest.approx(1.05 / 4) for v in dec.contributions.values())


def test_interaction_split_in_half():
    # the missed opportunity exists only when authority AND signals are on: each gets half
    dec = shapley(lambda off: 0.4 * ({"authority", "signals"}.isdisjoint(off)), CHANNELS)
    assert dec.contributions == pytest.approx({"authority": 0.2, "signals": 0.2, "third_parties": 0.0,
                                               "battlefield": 0.0})


def test_efficiency_and_the_average_over_orders():
    # a random game: the subset formula equals the average over all n! orders of the marginal falls (the
    # definition, computed independently here), and the parts add up to value(none) - value(all)
    rng = np.random.default_rng(7)
    names = ("p", "q", "r", "s", "t")
    table = {}

    def value(off):
        return table.setdefault(off, float(rng.normal()))

    dec = shapley(value, names)
    orders = list(permutations(names))
    for c in names:
        falls = []
        for order in orders:
            before = frozenset(order[: order.index(c)])
            falls.append(value(before) - value(before | {c}))
        assert dec.contributions[c] == pytest.approx(np.mean(falls), abs=1e-12)
    assert sum(dec.contributions.values()) == pytest.approx(value(frozenset()) - value(frozenset(names)))
    assert sum(dec.rows().values()) == pytest.approx(dec.total)


def test_glove_game():
    # one left glove (L), two right gloves (R1, R2); a pair is worth 1. Shapley values (2/3, 1/6, 1/6):
    # the glove game of Shapley's value literature (e.g. Maschler, Solan & Zamir 2013, Game Theory, ch. 18;
    # Wikipedia "Shapley value", glove game)
    dec = shapley(_coalition(lambda s: float("L" in s and bool({"R1", "R2"} & s))), ("L", "R1", "R2"))
    assert dec.contributions == pytest.approx({"L": 2 / 3, "R1": 1 / 6, "R2": 1 / 6}, abs=1e-12)
    assert dec.total == 0.0 and dec.remainder == -1.0


def test_security_council_1954():
    # Shapley & Shubik (1954), "A method for evaluating the distribution of power in a committee system",
    # APSR 48(3): the 11-member Security Council (5 permanent members with a veto, 6 others, 7 votes to pass):
    # each permanent member 76/385, each other member 1/462 ("the five great powers ... 76/77 of the power")
    perm = [f"P{i}" for i in range(5)]
    rest = [f"N{i}" for i in range(6)]

    def wins(s):
        return float(set(perm) <= s and len(s) >= 7)

    dec = shapley(_coalition(wins), perm + rest)
    for p in perm:
        assert dec.contributions[p] == pytest.approx(float(Fraction(76, 385)), abs=1e-12)
    for p in rest:
        assert dec.contributions[p] == pytest.approx(float(Fraction(1, 462)), abs=1e-12)


def test_memoised_and_checked():
    calls = []
    shapley(lambda off: calls.append(off) or 0.0, CHANNELS)
    assert len(calls) == 16 and len(set(calls)) == 16
    with pytest.raises(ValueError, match="each channel once"):
        shapley(lambda off: 0.0, ("a", "a"))
    with pytest.raises(ValueError, match="remainder"):
        shapley(lambda off: 0.0, ("a", REMAINDER))


# ----- the war node, on a stand-in solver --------------------------------------------------------------

TERMS = {"authority": 0.05, "signals": 0.02, "third_parties": 0.01, "battlefield": 0.004}
JOINT = 0.006  # carried by authority x third_parties together
LEFT = 0.003   # carried by none of the channels


@pytest.fixture(scope="module")
def spec():
    return detente.load(ISTANBUL).war


def _stand_in(spec, calls):
    """solver(off): A's observed move worth 0.5 to both types, A's last move 0.5 + the terms of the channels on
    (+ JOINT when authority and third_parties are both on, + LEFT always); the others as war_fakes."""
    labels = [move_label(ch) for ch in alternatives(spec, spec.a)]

    def solve(off):
        calls.append(off)
        sol = fake_solve_node(spec, {"x": 0.0})
        for label in labels:
            sol.values[label][spec.a] = np.array([0.5, 0.5])
        extra = sum(t for c, t in TERMS.items() if c not in off) + LEFT
        extra += JOINT * {"authority", "third_parties"}.isdisjoint(off)
        sol.values[labels[-1]][spec.a] = np.array([0.5 + extra, 0.5 + extra])
        return sol

    return solve


def test_channels_of_a_draw_are_the_closed_form_shapley_values(spec):
    calls = []
    solve = _stand_in(spec, calls)
    out = channels_of_draw(spec, {}, solver=solve)
    assert len(calls) == 16  # every actor from the same 16 solves
    russia = out[spec.a]
    expected = dict(TERMS)
    expected["authority"] += JOINT / 2
    expected["third_parties"] += JOINT / 2
    assert {c: russia[c] for c in CHANNELS} == pytest.approx(expected, abs=1e-12)
    assert russia[REMAINDER] == pytest.approx(LEFT, abs=1e-12)
    # (the rows' sum equal to the total is Shapley efficiency, true by telescoping: not asserted, review 2; the
    # closed-form terms above are the check)
    total = missed_of_solution(spec, {}, solve(frozenset()))
    # the others' missed opportunities do not depend on the switches here: null channels, all in the remainder
    for actor in spec.moves:
        if actor != spec.a:
            assert all(out[actor][c] == 0.0 for c in CHANNELS)
            assert out[actor][REMAINDER] == pytest.approx(total[actor][0], abs=1e-12)
    assert channels_for(spec, {}, spec.a, solver=_stand_in(spec, [])) == pytest.approx(russia)


def test_summary_and_frame(spec):
    draws = [{"Russia": {"authority": a, "signals": 0.01, REMAINDER: 0.0}} for a in np.linspace(0.0, 0.1, 21)]
    summary = summarise(draws)["Russia"]
    assert summary["draws"] == 21
    assert [r["channel"] for r in summary["rows"]] == ["authority", "signals", REMAINDER]
    assert summary["rows"][0]["value"] == pytest.approx(0.05)
    assert summary["rows"][0]["low"] == pytest.approx(0.005) and summary["rows"][0]["high"] == pytest.approx(0.095)
    df = frame(summarise(draws), "Russia")
    assert list(df.columns) == ["channel", "value", "low", "high"] and len(df) == 3
    assert rows_of(summarise(draws), "Russia")[1] == ("signals", pytest.approx(0.01), pytest.approx(0.01),
                                                      pytest.approx(0.01))
    assert summarise([]) == {}


def test_channels_of_seed_draws_the_monte_carlo_params(spec, monkeypatch):
    import detente.analysis.war.channels as channels
    from detente.analysis.war.draw import draw_params

    seen = {}
    monkeypatch.setattr(channels, "channels_of_draw", lambda spec, params, **kw: seen.setdefault("p", params))
    seed = np.random.SeedSequence(5).spawn(3)[2]
    channels.channels_of_seed(spec, seed)
    assert seen["p"] == draw_params(spec, np.random.SeedSequence(5).spawn(3)[2])
