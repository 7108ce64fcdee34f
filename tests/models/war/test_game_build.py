"""The shipped Istanbul scenario's war game (v2): built from the data, solved, run forward.

Outside numbers here: the DeepStateMap record (front area and occupied area at the node, README of
shared/data/war/ukraine-front) and accounting identities of the forward pass (probabilities of all
endings plus the war going on sum to 1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import detente
from detente.models.war.game import Levers, NodeMoves, build_game, draw_params, nominal_params, outcomes, solve



@pytest.fixture(scope="module")
def spec():
    path = Path(detente.__file__).parent / "data" / "scenarios" / "istanbul_2025.yaml"
    return detente.load(path).war


@pytest.fixture(scope="module")
def observed(spec):
    game = build_game(spec, nominal_params(spec), NodeMoves("aide", "minister", True, False), Levers())
    return game, solve(game, backend="numpy")


def test_front_at_the_node_is_the_record(spec, observed):
    """DeepStateMap: 83,038 km2 of the four oblasts (106,131.8 km2 on the same outlines) on 2025-05-16."""
    game, _ = observed
    assert game.km2[game.start] == pytest.approx(83038.0, abs=game.km2[1] - game.km2[0])
    assert not game.barrier_high or game.km2[-1] == pytest.approx(106131.8)


def test_values_and_table_shapes(spec, observed):
    game, sol = observed
    values = sol.values(0.5)
    assert set(values) == {"Russia", "Ukraine", "United States", "European Union", "Turkey"}
    assert all(v.shape == (2,) and np.all(np.isfinite(v)) for v in values.values())
    table = sol.value_table()
    assert all(v.shape == (2, spec.belief_points) for v in table.values())
    assert np.allclose(table["Russia"][:, 0], sol.values(0.0)["Russia"])
    # the serious type fights at a higher cost and a lower drift: it values the war less
    assert values["Russia"][0] < values["Russia"][1]


def test_outcomes_account_for_every_path(spec, observed):
    _, sol = observed
    out = outcomes(sol, 0.8, 0.5)
    assert np.all(np.diff(out.settled_by) >= -1e-12) and np.all(out.ended_by <= 1 + 1e-9)
    assert out.front_mean_km2.shape == (spec.horizon + 1,) and out.front_sd_km2[0] == pytest.approx(0.0, abs=1e-6)
    assert out.settled_by_type.shape == (2, spec.horizon)
    assert 0 <= out.terms_a <= 1
    assert set(out.package) == {"territory", "neutrality", "security guarantees", "sanctions relief",
                                "ceasefire timing"}


def test_withdrawn_support_favours_russia(spec):
    """With US support withdrawn the front drifts faster (600 vs 318.7 km2 a month): Ukraine's value falls."""
    params = nominal_params(spec)
    moves = NodeMoves("aide", "minister", True, False)
    kept = solve(build_game(spec, params, moves, Levers("maintain")), "numpy").values(0.5)
    gone = solve(build_game(spec, params, moves, Levers("withdraw")), "numpy").values(0.5)
    assert np.all(gone["Ukraine"] < kept["Ukraine"]) and np.all(gone["Russia"] > kept["Russia"])


def test_ceasefire_game_carries_its_alternative(spec):
    game = build_game(spec, nominal_params(spec), NodeMoves("aide", "minister", True, True), Levers())
    assert game.alt is not None and game.alt.alt is None
    assert np.all(game.move[0, :, :, list(game.offsets).index(0)] == 1.0)  # the pause month: no move
    sol = solve(game, "numpy")
    assert set(sol.breakdown(0.5)) == {"keep", "belief_keep", "belief_break", "equilibrium"}


def test_draws_are_seeded_and_in_range(spec):
    a, b = draw_params(spec, 7), draw_params(spec, 7)
    assert a == b and a != draw_params(spec, 8)
    assert 0 <= a["positions.United States.territory.position"] <= 100


def test_missing_v2_number_is_named(spec):
    params = nominal_params(spec)
    del params["talks.rate"]
    with pytest.raises(ValueError, match="war.talks.rate"):
        build_game(spec, params)


@pytest.mark.parametrize("change, where", [
    (lambda w: w["talks"].pop("rate"), "war.talks.rate"),
    (lambda w: w["front"].update(occupied_km2=200000), "war.front.occupied_km2"),
    (lambda w: w["sanctions"]["eu_sanctions"].update(by="Nobody"), "war.sanctions.eu_sanctions.by"),
    (lambda w: w["types"]["cost_a"].pop("stalling"), "war.types.cost_a.stalling"),
    (lambda w: w["front"].update(issue="borders"), "war.front.issue"),
])
def test_bad_v2_section_names_the_field(change, where):
    """A v2 section (it has support:) missing or contradicting what the game reads fails at load, naming
    the file and the field."""
    import copy

    import yaml

    from detente.errors import ScenarioError
    from detente.scenario import scenario_from_dict

    data = yaml.safe_load((Path(detente.__file__).parent / "data" / "scenarios" / "istanbul_2025.yaml").read_text())
    data = copy.deepcopy(data)
    change(data["war"])
    with pytest.raises(ScenarioError, match=where.replace(".", r"\.")) as err:
        scenario_from_dict(data, "bad.yaml")
    assert "bad.yaml" in str(err.value)


def test_months_of_war_pseudo_player(spec):
    """months:<q> is the expected discounted months of war: (1) with no talks and no end in sight it is
    the geometric sum (1 - d^T)/(1 - d) (d the party's discount, T the horizon); (2) in the full game it
    equals V_q(cost) - V_q(cost + 1), the linearity of q's value in its own monthly cost."""
    from detente.models.war.game import with_months

    params = nominal_params(spec)
    moves = NodeMoves("aide", "minister", True, False)
    d = params["third_parties.United States.discount"]
    game = build_game(spec, params, moves, months_for=("United States",))
    quiet = game.with_(talks=np.zeros(spec.horizon), quit_a=game.quit_a - 10, quit_b=game.quit_b - 10,
                       barrier_low=False, barrier_high=False)
    months = solve(quiet).values(0.5)["months:United States"]
    assert months == pytest.approx([(1 - d ** spec.horizon) / (1 - d)] * 2, abs=1e-9)
    v = solve(game).values(0.5)
    bumped = dict(params, **{"third_parties.United States.war_cost": params["third_parties.United States.war_cost"] + 1})
    high = solve(build_game(spec, bumped, moves)).values(0.5)
    assert v["months:United States"] == pytest.approx(v["United States"] - high["United States"], abs=1e-9)
    assert with_months(game, ("United States",), [d]) is game  # idempotent


def test_months_of_war_count_a_pause_month_at_its_cost_share(spec):
    """After an accepted ceasefire the game charges every running cost at ``ceasefire.cost_share`` in the
    pause, so months:<q> (what a lever's monthly cost multiplies, third_parties.py) weighs a pause month by
    that share: it is still V_q(cost) - V_q(cost + 1) where A keeps the pause (9.160 / 13.969 at belief 0.5;
    with the pause month counted in full, as before, 9.580 / 14.529, and the drawn sender cost third_parties
    adds back did not cancel: test_node_properties' test_the_drawn_sender_cost_does_not_move_the_levers).
    The break game counts its months in full."""
    params = dict(nominal_params(spec), **{"ceasefire.break_cost": 1.0})  # a break dearer than any gain
    assert params["ceasefire.cost_share"] < 1
    moves = NodeMoves("leader", "minister", False, True)
    game = build_game(spec, params, moves, months_for=("United States",))
    sol = solve(game)
    assert all(sol.breakdown(0.5)["keep"])  # both types keep the pause (at nominal both break)
    v = sol.values(0.5)
    path = "third_parties.United States.war_cost"
    high = solve(build_game(spec, dict(params, **{path: params[path] + 1}), moves)).values(0.5)
    assert v["months:United States"] == pytest.approx(v["United States"] - high["United States"], abs=1e-9)


OBSERVED = NodeMoves("aide", "minister", True, False)  # the node's moves on 16 May 2025 (the scenario's observed:)


def _cost_ends(spec, params):
    """Nominal inputs at each support level, then each cost number (A's per type at the maintained level;
    B's per support level at that level) at either end of its range."""
    for level in spec.support.levels:
        yield f"nominal, support={level}", params, level
    numbers = spec.numbers()
    for key in sorted(params):
        level = key.split(".")[2] if key.startswith("support.levels.") and key.endswith(".cost_b") else None
        if key.startswith("types.cost_a.") or level is not None:
            dist = numbers[key].distribution
            for end in (dist.low, dist.high):
                yield f"{key}={end}", {**params, key: end}, level or "maintain"


def test_revealed_preference_neither_side_capitulates_at_the_node(spec):
    """Review R2 and the lead's decision: both sides fought on for 39 months before the node (Ukraine did not
    capitulate, not even during the US aid pause of March 2025; Russia did not withdraw), so at the observed
    moves, at nominal inputs and at each cost range's end, P(either side capitulates in month 0) < 0.05.
    The scenario's cost ranges are narrowed to this bound (their notes give where it binds)."""
    for label, params, level in _cost_ends(spec, nominal_params(spec)):
        prior = params["types.prior_stalling"]
        out = outcomes(solve(build_game(spec, params, OBSERVED, Levers(level))), belief=prior, stalling_weight=prior)
        assert max(out.quit_a_month0, out.quit_b_month0) < 0.05, label


def test_types_drifts_average_to_the_record(spec):
    """W4's calibration finding: the prior-weighted mean of the types' month-0 drifts is the maintained
    level's drift, the DeepStateMap record's 318.7 km2 a month (2024-05..2025-04, O17)."""
    params = nominal_params(spec)
    game = build_game(spec, params, OBSERVED, Levers())
    g = game.support_names.index("maintain")
    step = float(game.km2[1] - game.km2[0])
    means = game.move[0, :, g] @ game.offsets * step
    prior = params["types.prior_stalling"]
    assert (1 - prior) * means[0] + prior * means[1] == pytest.approx(318.7, abs=1e-6)
    assert means[1] - means[0] == pytest.approx(params["types.drift_bonus"], abs=1e-6)


def test_node_moves_have_type_dependent_consequences(spec):
    """Review R9 (lead's decision): the eve attack raises B's cost in every month of war by
    eve_attack.cost_b_monthly (Schelling 1966) and costs A eve_attack.cost_a once; breaking an accepted
    ceasefire costs A ceasefire.break_cost once (Fearon 1994). Checked by the game's own accounting: the
    monthly cost array, and one-offs equal to the difference of the node's values."""
    params = {**nominal_params(spec), "eve_attack.cost_b_monthly": 0.001, "eve_attack.cost_a": 0.004,
              "ceasefire.break_cost": 0.02}
    quiet = build_game(spec, params, NodeMoves("aide", "minister", False, False), Levers())
    loud = build_game(spec, params, NodeMoves("aide", "minister", True, False), Levers())
    assert np.allclose(loud.cost[:, 1] - quiet.cost[:, 1], 0.001)
    assert np.allclose(np.delete(loud.cost, 1, axis=1), np.delete(quiet.cost, 1, axis=1))
    no_charge = loud.with_(eve_cost_a=0.0, eve_cost_b=0.0)
    v, v0 = solve(loud).values(0.5), solve(no_charge).values(0.5)
    assert v["Russia"] == pytest.approx(v0["Russia"] - 0.004)
    assert v["Ukraine"] == pytest.approx(v0["Ukraine"] - params["eve_attack_cost_b"])
    # B loses from the attack's monthly cost against either type (at nominal inputs about 0.022-0.023:
    # which type's war it lengthens more depends on the screening, so no order between them is asserted)
    loss = solve(quiet).values(0.5)["Ukraine"] - v0["Ukraine"]
    assert (loss > 0).all()
    pause = solve(build_game(spec, params, NodeMoves("aide", "minister", False, True), Levers()))
    free = solve(build_game(spec, {**params, "ceasefire.break_cost": 0.0}, NodeMoves("aide", "minister", False, True),
                            Levers()))
    assert np.allclose(pause._broken(0.5)[0], free._broken(0.5)[0] - 0.02)


def test_keep_profile_never_passes_a_non_equilibrium_off():
    """Review R7: values (by hand, step functions of B's belief at 0.5) where no pure keep/break profile is
    a PBE at prior 0.3. Keep: serious 1 below 0.5 else 0, stalling 0 else 2; break: serious -1 else 2,
    stalling 1 else -2. Both keep (off-path break -> 1): serious 1 < 2, breaks. Serious keeps, stalling
    breaks (beliefs 0, 1): serious 1 < 2, breaks. Serious breaks, stalling keeps (1, 0): serious 0 >= -1,
    keeps. Both break (off-path keep -> 0): serious 1 >= -1, keeps. So none: the breakdown must say so.
    And where both break at every belief (break 1, keep 0) the profile is found and is one."""
    from detente.models.war.solution import keep_profile

    def keep(mu):  # (P, 2): A's value per type; B's row unused
        return np.array([[1.0, 0.0] if mu < 0.5 else [0.0, 2.0], [0.0, 0.0]])

    def brk(mu):
        return np.array([[-1.0, 1.0] if mu < 0.5 else [2.0, -2.0], [0.0, 0.0]])

    assert keep_profile(keep, brk, 0.3)["equilibrium"] is False
    assert keep_profile(lambda mu: np.zeros((2, 2)), lambda mu: np.ones((2, 2)), 0.5) == {
        "keep": (False, False), "belief_keep": 0.0, "belief_break": 0.5, "equilibrium": True}
