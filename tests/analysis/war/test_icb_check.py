"""ICB forecasts against the base rate (detente.analysis.war.icb_check).

Oracles: closed forms of the Brier score (Brier 1950) on synthetic cases: an outcome equal to the
major-power flag is forecast perfectly by the per-group shares (Brier 0) while the base rate scores
p (1 - p); an outcome independent of the flag gives the same shares in both groups, so no skill.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detente.analysis.war.icb_check import SPLIT_YEAR, icb_check


def _frames(outcome_of_flag) -> dict:
    n = 200
    flag = np.arange(n) % 2 == 0
    years = np.where(np.arange(n) < n // 2, SPLIT_YEAR - 10, SPLIT_YEAR + 10)
    y = outcome_of_flag(flag)
    crises = pd.DataFrame({"crisno": np.arange(n), "trigger_year": years, "major_power_actor": flag,
                           "agreement": y, "tension_reduced": y})
    actors = pd.DataFrame({"crisno": np.arange(n), "major_power": flag, "victory": y, "trigger_year": years})
    return {"crises": crises, "actors": actors}


def test_an_outcome_the_flag_decides_is_forecast_perfectly_and_the_base_rate_is_not():
    table = icb_check(frames=_frames(lambda flag: flag))
    assert table["model_brier"].max() == pytest.approx(0.0, abs=1e-9)
    assert table["base_rate_brier"].to_numpy() == pytest.approx(0.25, abs=0.01)  # p (1 - p), p = 1/2
    assert (table["skill"] > 0.99).all()


def test_an_outcome_independent_of_the_flag_gives_no_skill():
    table = icb_check(frames=_frames(lambda flag: (np.arange(len(flag)) // 2) % 2 == 0))
    temporal = table[table["split"].str.startswith("fitted")]
    assert temporal["skill"].to_numpy() == pytest.approx(0.0, abs=1e-9)  # both groups' share is the base rate


def test_the_held_out_crises_do_not_move_the_temporal_forecasts():
    frames = _frames(lambda flag: flag)
    base = icb_check(frames=frames)
    later = frames["crises"]["trigger_year"] >= SPLIT_YEAR
    for name, column in (("crises", "agreement"), ("actors", "victory")):
        frames[name].loc[later.to_numpy(), column] = ~frames[name].loc[later.to_numpy(), column].astype(bool)
    moved = icb_check(frames=frames)
    rows = base["split"].str.startswith("fitted").to_numpy()
    # the forecasts come from the early crises only: after flipping the later outcomes, the perfect
    # forecast becomes perfectly wrong (Brier 1) and the base rate's Brier stays at 1/4
    assert moved.loc[rows & (base["outcome"] != "tension_reduced").to_numpy(), "model_brier"].to_numpy() == \
        pytest.approx(1.0, abs=1e-4)
