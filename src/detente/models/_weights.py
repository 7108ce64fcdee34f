"""Actor weights shared by the baseline models."""

from __future__ import annotations

import numpy as np

from ..scenario import IssueData

WEIGHTS = ("capability*salience", "salience", "capability", "equal")


def check_weights(weights: str) -> str:
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, got {weights!r}")
    return weights


def actor_weights(data: IssueData, weights: str) -> np.ndarray:
    """Each actor's weight on the issue; all-zero weights fall back to equal weights."""
    w = {
        "capability*salience": data.capability * data.salience,
        "salience": data.salience,
        "capability": data.capability,
        "equal": np.ones(data.n),
    }[weights]
    return w if w.sum() > 0 else np.ones(data.n)
