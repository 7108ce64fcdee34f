"""Scenarios shared by the analysis tests."""

import detente


def linear_scenario(uncertain=True):
    """Three actors; A's position uniform on [20, 60]. Weights c*s: A 1*0.5, B 2*0.5, C 1*1.0 (total 2.5)."""
    pos_a = {"low": 20, "high": 60} if uncertain else 40
    return detente.scenario_from_dict({
        "name": "linear", "actors": [{"name": "A"}, {"name": "B", "capability": 2}, {"name": "C"}],
        "issues": [{"name": "x"}],
        "positions": [{"actor": "A", "issue": "x", "position": pos_a, "salience": 0.5},
                      {"actor": "B", "issue": "x", "position": 50, "salience": 0.5},
                      {"actor": "C", "issue": "x", "position": 80, "salience": 1.0}]})


def with_later_outcomes_changed(scenarios, split_year):
    """Copies of DEU backtest scenarios in which every outcome from ``split_year`` on is replaced by
    100 - outcome (the others untouched): what a fit that peeks at later issues would notice."""
    out = []
    for sc in scenarios:
        copy = sc.model_copy(deep=True)
        if copy.issues[0].metadata["year"] >= split_year:
            copy.issues[0].outcome = 100.0 - copy.issues[0].outcome
        out.append(copy)
    return out


def deu3_kept_raw():
    """DEU III read with pandas from the raw file, not through detente's reader, and filtered as the data
    README says (shared/data/README.md, copy tests/fixtures/reference-data-README.md, "Baselines measured
    here"): skip the GDP row; keep an issue when ``out`` is present and at least 3 actors have a position
    and a salience. Returns the kept rows, their positions (issues x actors), which of those are held (a
    position and a salience) and the outcomes: what the tests count against detente's own reading."""
    import numpy as np
    import pandas as pd

    from detente.datasets import reference_path

    raw = pd.read_csv(reference_path("deu3", "deu3.csv"), sep="\t", dtype=str).iloc[1:]
    number = lambda column: pd.to_numeric(raw[column], errors="coerce").to_numpy()  # noqa: E731
    actors = [c[1:] for c in raw.columns if c.startswith("s") and "p" + c[1:] in raw.columns]
    pos = np.column_stack([number("p" + a) for a in actors])
    held = ~np.isnan(pos) & ~np.isnan(np.column_stack([number("s" + a) for a in actors]))
    out = number("out")
    keep = ~np.isnan(out) & (held.sum(axis=1) >= 3)
    return raw[keep], pos[keep], held[keep], out[keep]
