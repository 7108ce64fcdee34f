"""Draws consistent with the history before the node: neither side capitulates at once (revealed preference).

Both belligerents chose to fight on before the node (at Istanbul, 16 May 2025, Ukraine had not capitulated in
39 months of war and Russia had not withdrawn): revealed preference says each side's value of fighting on beat
its capitulation value. A joint random draw of the inputs can nevertheless make one side capitulate in the
node's own month (the ranges are each plausible, some combinations are not). Such a draw contradicts the
observed history, so the Monte Carlo **rejects** it: a draw whose P(either side capitulates in month 0) under
the observed moves (A's ``quit_a_by[0]`` plus B's ``quit_b_by[0]``, exclusive events, the analyst's weight on
A's types; :class:`detente.models.war.forward.Outcomes`) is at least :data:`THRESHOLD` is replaced.

This is rejection sampling (von Neumann 1951, "Various techniques used in connection with random digits"):
the accepted draws are distributed as the inputs' joint distribution *conditioned on* the event "both fought on
at the node" (approximately: the condition is a threshold on a probability, 0.05, the bound required of
the nominal inputs and the ranges' ends). The replacement is deterministic: draw ``k``'s ``j``-th redraw uses
the child ``j`` of draw ``k``'s own seed sequence (:func:`redraw_seed`), so a run is reproducible from its seed
and serial, parallel and Ray runs agree. After :data:`MAX_REDRAWS` rejections the last draw is kept and
counted as ``unresolved`` (the ranges then contradict the history: a finding to report, not to hide).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

__all__ = ["THRESHOLD", "MAX_REDRAWS", "redraw_seed", "month0_by_side", "p_capitulate_month0", "p_month0_by_side",
           "consistent", "accepted", "summary"]

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


def p_month0_by_side(outcomes) -> tuple[float, float]:
    """(P(A capitulates in month 0), P(B capitulates in month 0)): ``quit_a_by[0]``, ``quit_b_by[0]`` (0 when
    not reported)."""
    out = []
    for name in ("quit_a_by", "quit_b_by"):
        arr = getattr(outcomes, name, None)
        out.append(float(np.asarray(arr, dtype=float)[0]) if arr is not None and len(arr) else 0.0)
    return out[0], out[1]


def month0_by_side(sol, weight: float) -> tuple[float, float]:
    """:func:`p_month0_by_side` of ``sol``'s outcomes under the observed moves, A stalling with ``weight``,
    from month 0's forward passes alone (:func:`detente.models.war.forward.month0_only`: the whole passes wait
    for the draw's evaluation, and are dropped if the draw is rejected; the same numbers)."""
    from ...models.war.forward import month0_only

    with month0_only():
        return p_month0_by_side(sol.outcome_of({}, weight))


def p_capitulate_month0(outcomes) -> float:
    """P(A or B capitulates in month 0): ``quit_a_by[0] + quit_b_by[0]`` (exclusive events)."""
    return sum(p_month0_by_side(outcomes))


def consistent(outcomes, threshold: float = THRESHOLD) -> bool:
    """True when the draw's outcomes under the observed moves do not contradict the history (module doc)."""
    return p_capitulate_month0(outcomes) < threshold


def accepted(seed: np.random.SeedSequence,
             attempt_fn: Callable[[np.random.SeedSequence], tuple[Any, tuple[float, float]]],
             threshold: float = THRESHOLD, max_redraws: int = MAX_REDRAWS) -> tuple[Any, int, bool, float, list[int]]:
    """``attempt_fn(seed) -> (result, (P(A capitulates in month 0), P(B ...)))`` on the draw's seed, then on its
    redraws until the total is below ``threshold``. Returns (result, attempt used, consistent?, its total, and
    per rejected attempt the side more likely to capitulate: 0 for A, 1 for B)."""
    sides = []
    for attempt in range(max_redraws + 1):
        result, (p_a, p_b) = attempt_fn(redraw_seed(seed, attempt))
        if p_a + p_b < threshold:
            return result, attempt, True, p_a + p_b, sides
        sides.append(int(p_b > p_a))
    return result, max_redraws, False, p_a + p_b, sides[:-1]


def summary(attempts: list[int], ok: list[bool], threshold: float = THRESHOLD,
            sides: list[list[int]] | None = None, names: tuple[str, str] = ("A", "B")) -> dict[str, Any]:
    """The JSON ``draws_rejected``: rejected draws (redraws made), their share of every draw tried, the
    threshold, the draws that found no consistent redraw (kept as drawn last), and (``by_side``) how many
    rejected draws each side was the more likely to capitulate in."""
    rejected = int(sum(attempts))
    tried = len(attempts) + rejected
    flat = [s for draw in (sides or []) for s in draw]
    by_side = {names[0]: flat.count(0), names[1]: flat.count(1)} if sides is not None else None
    return {"count": rejected, "tried": tried, "rate": rejected / tried if tried else 0.0, "by_side": by_side,
            "threshold": threshold, "max_redraws": MAX_REDRAWS, "unresolved": int(sum(not x for x in ok)),
            "rule": "a draw with P(either side capitulates in month 0 under the observed moves) >= threshold "
                    "contradicts the history (both fought on) and is redrawn from its own seed"}
