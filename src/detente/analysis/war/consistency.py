"""Draws consistent with the history before the node: neither side capitulates at once (issue 12; review R2).

Both belligerents chose to fight on before the node (at Istanbul, 16 May 2025, Ukraine had not capitulated in
39 months of war and Russia had not withdrawn): revealed preference says each side's value of fighting on beat
its capitulation value. A joint random draw of the inputs can nevertheless make one side capitulate in the
node's own month (the ranges are each plausible, some combinations are not). Such a draw contradicts the
observed history, so the Monte Carlo **rejects** it: a draw whose P(either side capitulates in month 0) under
the observed moves (A's ``quit_a_by[0]`` plus B's ``quit_b_by[0]``, exclusive events, the analyst's weight on
A's types; :class:`detente.models.war.forward.Outcomes`) is at least :data:`THRESHOLD` is replaced.

This is rejection sampling (von Neumann 1951, "Various techniques used in connection with random digits"):
the accepted draws are distributed as the inputs' joint distribution *conditioned on* the event "both fought on
at the node" (approximately: the condition is a threshold on a probability, 0.05, the bound the lead set for
the nominal inputs and the ranges' ends). The replacement is deterministic: draw ``k``'s ``j``-th redraw uses
the child ``j`` of draw ``k``'s own seed sequence (:func:`redraw_seed`), so a run is reproducible from its seed
and serial, parallel and Ray runs agree. After :data:`MAX_REDRAWS` rejections the last draw is kept and
counted as ``unresolved`` (the ranges then contradict the history: a finding to report, not to hide).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

__all__ = ["THRESHOLD", "MAX_REDRAWS", "redraw_seed", "p_capitulate_month0", "consistent", "accepted",
           "summary"]

#: P(either side capitulates in month 0) at or above which a draw contradicts the observed history.
THRESHOLD = 0.05
#: Redraws tried per draw before the last one is kept (and counted as unresolved).
MAX_REDRAWS = 20


def redraw_seed(seed: np.random.SeedSequence, attempt: int) -> np.random.SeedSequence:
    """Attempt 0: the draw's own seed; attempt ``j >= 1``: its ``j``-th child (``spawn_key + (j,)``), the same
    wherever it runs and independent of the run's other draws (NumPy's ``SeedSequence`` spawning)."""
    if attempt == 0:
        return seed
    return np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, int(attempt)),
                                  pool_size=seed.pool_size)


def p_capitulate_month0(outcomes) -> float:
    """P(A or B capitulates in month 0): ``quit_a_by[0] + quit_b_by[0]`` (NaN-free; 0 when not reported)."""
    total = 0.0
    for name in ("quit_a_by", "quit_b_by"):
        arr = getattr(outcomes, name, None)
        if arr is not None and len(arr):
            total += float(np.asarray(arr, dtype=float)[0])
    return total


def consistent(outcomes, threshold: float = THRESHOLD) -> bool:
    """True when the draw's outcomes under the observed moves do not contradict the history (module doc)."""
    return p_capitulate_month0(outcomes) < threshold


def accepted(seed: np.random.SeedSequence, attempt_fn: Callable[[np.random.SeedSequence], tuple[Any, float]],
             threshold: float = THRESHOLD, max_redraws: int = MAX_REDRAWS) -> tuple[Any, int, bool, float]:
    """``attempt_fn(seed) -> (result, P(capitulation in month 0))`` on the draw's seed, then on its redraws until
    the probability is below ``threshold``. Returns (result, attempt used, consistent?, its probability)."""
    for attempt in range(max_redraws + 1):
        result, p = attempt_fn(redraw_seed(seed, attempt))
        if p < threshold:
            return result, attempt, True, p
    return result, max_redraws, False, p


def summary(attempts: list[int], ok: list[bool], threshold: float = THRESHOLD) -> dict[str, Any]:
    """The JSON ``draws_rejected``: rejected draws (redraws made), their share of every draw tried, the
    threshold, and the draws that found no consistent redraw (kept as drawn last)."""
    rejected = int(sum(attempts))
    tried = len(attempts) + rejected
    return {"count": rejected, "tried": tried, "rate": rejected / tried if tried else 0.0,
            "threshold": threshold, "max_redraws": MAX_REDRAWS, "unresolved": int(sum(not x for x in ok)),
            "rule": "a draw with P(either side capitulates in month 0 under the observed moves) >= threshold "
                    "contradicts the history (both fought on) and is redrawn from its own seed"}
