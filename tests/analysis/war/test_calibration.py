"""The front's calibration on the DeepStateMap record (detente.analysis.war.calibration).

Expected numbers come from outside this module: O17 of the review note ``shared/notes/war2.md``
(the lazy walk, m = 318.7, s = 176.3 for 2024-05..2025-04, D = 400 -> a = 0.812950, r = 0.016180,
feasible D up to 416.2), the README of the shared data folder ``war/ukraine-front/`` (DeepState's
own monthly figures; the net gain of June 2024 - May 2025, 3,958 km2), and the closed form of a three-point distribution's moments.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from detente.analysis.war import calibration as cal

NODE = date(2025, 5, 16)  # the Istanbul talks


def test_window_is_the_12_complete_months_before_the_node():
    assert cal.window_months(NODE)[::11] == ("2024-05", "2025-04")
    assert cal.window_months(date(2025, 4, 30))[-1] == "2025-04"  # a month is complete on its last day
    assert cal.window_months(date(2022, 3, 29), 3) == ("2021-12", "2022-01", "2022-02")


def test_window_figures_match_o17_and_the_readme():
    window = cal.observed_window(NODE)
    # O17 (war2.md): m = 318.7, s = 176.3 (DeepState 2024-05..2025-04)
    assert window.mean == pytest.approx(318.7, abs=0.05)
    assert window.sd == pytest.approx(176.3, abs=0.05)
    # README "Checks": DeepState's own gains for May, Aug, Nov 2024, Jan and Mar 2025, within 12 km2
    published = {"2024-05": 317, "2024-08": 363, "2024-11": 730, "2025-01": 325, "2025-03": 133}
    by_month = dict(zip(window.months, window.values))
    assert all(abs(by_month[m] - v) <= 12 for m, v in published.items())
    # README "Checks": net gain June 2024 - May 2025 = 3,958 km2 (the window one month later)
    assert 12 * cal.observed_window(date(2025, 6, 16)).mean == pytest.approx(3958, abs=0.5)


def test_o17_walk_probabilities():
    # O17 gives a, r to 6 decimals from the window's unrounded m and s; the window gives them here
    window = cal.observed_window(NODE)
    a, r = cal.walk_probabilities(window.mean, window.sd, 400.0)
    assert (a, r) == (pytest.approx(0.812950, abs=1e-5), pytest.approx(0.016180, abs=1e-5))
    # from O17's rounded inputs, within what rounding m and s to 0.1 km2 can move (dA/dm ~ 0.003 per km2)
    a, r = cal.walk_probabilities(318.7, 176.3, 400.0)
    assert (a, r) == (pytest.approx(0.812950, abs=2e-4), pytest.approx(0.016180, abs=2e-4))


def test_feasible_steps_upper_end_is_o17s_and_lower_end_keeps_a_plus_r_at_most_one():
    low, high = cal.feasible_steps(318.7, 176.3)
    assert high == pytest.approx(416.2, abs=0.05)  # O17
    # O17 writes the lower end as D >= m (318.7); there a + r = (s^2 + m^2) / m^2 = 1.306 > 1, not a walk
    assert (176.3**2 + 318.7**2) / 318.7**2 == pytest.approx(1.306, abs=1e-3)
    with pytest.raises(ValueError, match=r"the step must lie in \[364.2, 416.2\] km2"):
        cal.walk_probabilities(318.7, 176.3, 318.7)
    a, r = cal.walk_probabilities(318.7, 176.3, low)
    assert a + r == pytest.approx(1.0)  # the walk never stays at the lower end
    assert cal.walk_probabilities(318.7, 176.3, high)[1] == pytest.approx(0.0, abs=1e-12)  # never retreats


@pytest.mark.parametrize("mean, sd, step", [(318.7, 176.3, 400.0), (-50.0, 120.0, 200.0), (0.0, 90.0, 150.0)])
def test_walk_reproduces_mean_and_sd_by_its_three_point_distribution(mean, sd, step):
    a, r = cal.walk_probabilities(mean, sd, step)
    support, pmf = np.array([step, -step, 0.0]), np.array([a, r, 1 - a - r])
    m = float(support @ pmf)
    assert m == pytest.approx(mean) and math.sqrt(float(support**2 @ pmf) - m * m) == pytest.approx(sd)
    assert cal.walk_moments(a, r, step) == (pytest.approx(mean), pytest.approx(sd))


def test_mixture_moments_against_a_sample():
    rng = np.random.default_rng(13)
    draws = np.concatenate([rng.normal(300, 150, 600_000), rng.normal(400, 100, 400_000)])
    mean, sd = cal.mixture_moments([0.6, 0.4], [300, 400], [150, 100])
    assert mean == pytest.approx(draws.mean(), abs=0.5) and sd == pytest.approx(draws.std(), abs=0.5)


def test_front_calibration_fields():
    out = cal.front_calibration(NODE, model_mean_km2=318.7, model_sd_km2=176.3).to_dict()
    assert out["window"] == ["2024-05", "2025-04"] and out["months"] == 12
    assert (out["observed_mean_km2"], out["observed_sd_km2"]) == (318.7, 176.3)
    assert (out["model_mean_km2"], out["model_sd_km2"]) == (318.7, 176.3)
    assert "DeepStateMap" in out["source"]


def test_a_node_before_the_usable_record_is_refused():
    with pytest.raises(ValueError, match=r"does not cover the 12 months before 2022-03-29 .*usable months start 2022-05"):
        cal.observed_window(date(2022, 3, 29))


def test_support_levels_and_what_the_record_shows():
    levels = cal.support_periods(until=NODE)
    assert [m for m, lv in levels.items() if lv == "withdraw"] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert levels["2025-03"] == "maintain"  # the 8-day pause of March 2025
    by = cal.by_support_level(NODE)
    # README "Checks": DeepState's own gain for March 2024, a stall month, is 39 km2; "monthly changes agree to
    # within 12 km2" bounds the stall's mean by the four months' values each within 12 of DeepState's
    net = dict(zip(by["withdraw"]["months"], (40.4, 118.0, 39.2, 131.2)))
    assert abs(net["2024-03"] - 39) <= 12
    assert by["withdraw"]["n"] == 4 and by["withdraw"]["mean_km2"] == pytest.approx(sum(net.values()) / 4)
    # the stall's months gained less than the year after aid resumed: the record cannot show "withdraw helps A"
    assert by["withdraw"]["mean_km2"] < cal.observed_window(NODE).mean


def test_claimed_oblasts_share_at_the_node():
    # README "Step 2": boundary areas 26,598.9 + 26,310.2 + 27,080.5 + 26,142.2; the scenario's share_a (0.78,
    # from ISW/DeepState figures as reported) must agree with the record's split
    held = cal.claimed_oblasts_at(NODE)
    assert held["stake_km2"] == pytest.approx(106_131.8) and held["share"] == pytest.approx(0.78, abs=0.005)


def test_istanbul_2025_front_inputs_are_the_record_as_of_the_node():
    """The shipped scenario's record-based numbers are what the record gave on 16 May 2025 (node_inputs reads
    it only up to the node; test_aftermath changes every later row and shows node_inputs does not move)."""
    import detente

    spec = detente.load(detente.example("istanbul_2025")).war
    assert cal.node_date(spec) == NODE
    known = cal.node_inputs(NODE)
    maintain = spec.support.levels["maintain"]
    assert maintain.drift.value == pytest.approx(known["mean_km2"], abs=0.05)
    assert maintain.sd.value == pytest.approx(known["sd_km2"], abs=0.05)
    assert spec.front.occupied_km2.value == pytest.approx(known["claimed_oblasts"]["held_km2"], abs=0.05)
    assert spec.front.area_km2.value == pytest.approx(known["claimed_oblasts"]["stake_km2"], abs=0.05)
    low, high = known["feasible_step_km2"]
    assert low <= spec.front.step_km2.value <= high


def test_node_date_from_the_node_text():
    from types import SimpleNamespace

    assert cal.node_date(SimpleNamespace(node="Kaesong armistice talks, 10 July 1951")) == date(1951, 7, 10)
    with pytest.raises(ValueError, match="names no date"):
        cal.node_date(SimpleNamespace(node="Istanbul talks"))


def test_model_front_moments_are_the_built_games():
    """The moments come from the game's own month-0 move probabilities (build_game), mixed at the prior."""
    import detente
    import numpy as np
    from detente.models.war.game import Levers, NodeMoves, build_game, nominal_params

    sc = detente.load(detente.example("istanbul_2025"))
    params = nominal_params(sc.war)
    game = build_game(sc.war, params, NodeMoves("aide", "minister", False, False), Levers())
    step = float(game.km2[1] - game.km2[0])
    level = list(game.support_names).index("maintain")
    means, sds = [], []
    for k in (0, 1):  # serious, stalling
        p = game.move[0, k, level]
        m = step * float(game.offsets @ p)
        means.append(m)
        sds.append(float(np.sqrt(step**2 * (game.offsets**2 @ p) - m * m)))
    prior = params["types.prior_stalling"]
    want = cal.mixture_moments([1 - prior, prior], means, sds)
    assert cal.model_front_moments(sc.war, params) == (pytest.approx(want[0]), pytest.approx(want[1]))
    out = cal.scenario_front_calibration(sc)
    assert out["window"] == ["2024-05", "2025-04"] and out["model_mean_km2"] == round(want[0], 1)
    assert cal.scenario_front_calibration(detente.load(detente.example("kaesong_1951"))) is None
