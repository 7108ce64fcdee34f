"""Hypothesis strategies that build valid scenarios (as in Axelrod's tests/property.py)."""

from __future__ import annotations

from hypothesis import strategies as st

import detente


@st.composite
def scenarios(draw, min_actors: int = 2, max_actors: int = 8, max_issues: int = 2, grid: bool | None = None):
    """A valid scenario: every actor on every issue, positions within [lower, upper]."""
    n = draw(st.integers(min_actors, max_actors))
    k = draw(st.integers(1, max_issues))
    lower = draw(st.sampled_from([0.0, -10.0, 4.0]))
    width = draw(st.sampled_from([1.0, 6.0, 100.0]))
    on_grid = draw(st.booleans()) if grid is None else grid
    if on_grid:  # few distinct values: exercises ties
        pos = st.sampled_from([lower + width * f for f in (0.0, 0.25, 0.5, 0.75, 1.0)])
    else:
        pos = st.floats(lower, lower + width, allow_nan=False)
    actors = [{"name": f"a{i}", "capability": draw(st.floats(0.01, 10.0))} for i in range(n)]
    issues = [{"name": f"i{j}", "lower": lower, "upper": lower + width} for j in range(k)]
    positions = [{"actor": f"a{i}", "issue": f"i{j}", "position": draw(pos),
                  "salience": draw(st.floats(0.05, 1.0))} for i in range(n) for j in range(k)]
    return detente.scenario_from_dict({"name": "generated", "actors": actors, "issues": issues,
                                       "positions": positions})
