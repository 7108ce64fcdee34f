"""Bueno de Mesquita's expected-utility model (EUM), as specified by Scholz et al. (2011).

Sources
-------
- Bueno de Mesquita, B. (1994), "Political forecasting: an expected utility
  method", in Bueno de Mesquita & Stokman (eds.), *European Community
  Decision Making*, Yale UP, pp. 71-104 (the model and the EC example).
- Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011), "Unravelling Bueno de
  Mesquita's group decision model", *Journal of Theoretical Politics* 23(4),
  510-531; ICAART 2011 version pp. 18-30 (the specification implemented;
  equation numbers below are theirs).

One round, for every ordered pair of actors (i, j) on one issue
---------------------------------------------------------------
1. ``D = max x - min x`` over the *initial* positions, fixed for the run.
2. Votes: actor k's vote for x_i over x_j is
   ``c_k s_k [(|x_k - x_j|/D)^r_k - (|x_k - x_i|/D)^r_k]`` (eqs. 30-31).
3. ``P_ij``: the positive votes for i over j, normalised (see readings).
4. Utilities with i's exponent r_i (eqs. 15, 16, 22-24) and
   ``EU_i(challenge j) = s_j[P U_s + (1-P) U_f] + (1-s_j) U_s - Q U_sq
   - (1-Q)[T U_b + (1-T) U_w]`` (eqs. 5-7); ``Q = 1`` by default, as in
   Scholz et al.'s replication (p. 27), which makes T irrelevant; with
   ``Q < 1``, ``T = 1`` when the median is closer to i than j is (p. 22).
5. Risk (eqs. 32-34): all of 2-4 with every ``r = 1``; security
   ``S_i = sum_j EU_j(challenge i)``; ``R_i = (2 S_i - S_max - S_min)/(S_max - S_min)``;
   ``r_i = (1 - R_i/3)/(1 + R_i/3)`` in [0.5, 2]; then 2-4 again with these r
   (voters' own r in the votes, the evaluator's r in the utilities).
6. Offers (section 6, fig. 6), with ``a = EU_i(challenge j)``,
   ``b = EU_j(challenge i)``: ``b > a > 0`` confrontation (i moves to x_j);
   ``a < 0 < b, |a| < b`` compromise; ``a < 0 < b, |a| > b`` capitulation
   (i moves to x_j); both negative, nothing. Each actor takes one offer and
   all move at once, from the old state.
7. The round's forecast is the vote-weighted median position: the actor
   position that wins every pairwise vote with ``r = 1`` (App. step 3; in
   one dimension the ``c s``-weighted median). The weighted mean
   ``sum(c s x)/sum(c s)`` is reported beside it. There is no convergence
   test: a fixed number of rounds ("in general the results do not
   stabilise", Scholz et al.).

Two readings (``reading="code"``, the default, or ``"paper"``)
--------------------------------------------------------------
The paper's text and Scholz et al.'s own code (followed by the public port
``jmckib/bdm-scholz-expected-utility-model``, which reproduces their
published trajectory) differ in four places. Each difference is a switch;
``reading`` only sets their defaults.

============================  ===================================  =================================
switch                        ``"code"`` (default)                 ``"paper"``
============================  ===================================  =================================
``probability``               ``"global"``: one normaliser per     ``"pairwise"``: votes on that
                              round, sum of ``|votes|`` over all   pair only, so P_ij + P_ji = 1
                              voters and ordered pairs             (eq. 30)
``selection``                 ``"code"``: see below                ``"least-move"``: confrontation,
                                                                   then compromise, then
                                                                   capitulation, each the offer that
                                                                   moves i least (p. 26)
``capitulation``              ``False`` (a slip in a comparison    ``True``
                              means it never happens)
``compromise``                see below                            ``"ratio"``: i moves ``|a/b|`` of
                                                                   the way to x_j (eq. 36)
============================  ===================================  =================================

Ties (several equally good offers, or equal positions in the median) go to
the first actor in input order in both readings, so permuting actors can
change a result only when there is an exact tie.

On the EC example the code reading reproduces the jmckib port round by
round (``tests/models/test_eum.py``) and Scholz et al.'s Table 2 where the
port does; the paper reading collapses every actor to 7 by round 3.
"""

from __future__ import annotations

import numpy as np

from ..errors import CostError
from ..scenario import IssueData
from . import register
from .base import IssueForecast, IssueModel

# Offer kinds as numbered in ._eum_kernels (imported lazily: numba loads only when the EUM runs).
OFFER_NAMES = {1: "confrontation", 2: "compromise", 3: "capitulation"}
READINGS = {
    "code": {"probability": "global", "selection": "code", "capitulation": False},
    "paper": {"probability": "pairwise", "selection": "least-move", "capitulation": True},
}


@register
class ExpectedUtility(IssueModel):
    """Bueno de Mesquita's expected-utility model (Scholz, Calbert & Smith 2011).

    Parameters
    ----------
    rounds
        Number of rounds (default 10; the model has no convergence test).
    reading
        ``"code"`` (Scholz et al.'s code, default) or ``"paper"`` (the text).
    q
        Probability the status quo persists if i does not challenge (Q, eq. 7).
    probability, selection, capitulation
        Override single switches of the reading (see the module docstring).
    """

    name = "eum"
    summary = "Bueno de Mesquita's expected-utility model: challenges, risk, offers, round by round."
    source = "Bueno de Mesquita (1994); Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4)"
    iterative = True
    rounds_parameter = "rounds"
    params = ("rounds", "reading", "q", "probability", "selection", "capitulation")

    def __init__(self, rounds: int = 10, reading: str = "code", q: float = 1.0,
                 probability: str | None = None, selection: str | None = None,
                 capitulation: bool | None = None):
        if reading not in READINGS:
            raise ValueError(f"reading must be one of {', '.join(READINGS)}, got {reading!r}")
        if not (isinstance(rounds, int) and rounds >= 0):
            raise ValueError(f"rounds must be a whole number >= 0, got {rounds!r}")
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"q must be within [0, 1], got {q!r}")
        base = READINGS[reading]
        self.rounds, self.reading, self.q = rounds, reading, float(q)
        self.probability = _choice("probability", probability or base["probability"], ("global", "pairwise"))
        self.selection = _choice("selection", selection or base["selection"], ("code", "least-move"))
        self.capitulation = base["capitulation"] if capitulation is None else bool(capitulation)

    def forecast_issue(self, data: IssueData, *, rng=None) -> IssueForecast:
        _refuse_if_too_costly(data, self.rounds)
        x0, c, s = data.position, data.capability, data.salience
        span = float(x0.max() - x0.min())
        x0 = _merge_near_ties(x0, span)
        if span == 0.0:  # unanimous: nothing to bargain over
            positions = np.repeat(x0[None, :], self.rounds + 1, axis=0)
            risk = np.ones((self.rounds, data.n))
            kinds = np.zeros((self.rounds, data.n), dtype=np.int64)
            partners = np.full((self.rounds, data.n), -1, dtype=np.int64)
        else:
            from ._eum_kernels import eum_run

            positions, risk, kinds, partners = eum_run(
                x0, c, s, span, self.rounds, self.q, self.probability == "pairwise",
                self.selection == "least-move", self.capitulation)
        median, mean = _series(positions, c * s)
        return IssueForecast(
            issue=data.issue,
            forecast=float(median[-1]),
            actors=data.actors,
            positions=positions,
            series={"median": median, "mean": mean},
            details={"risk": risk, "offers": _offers(data.actors, positions, kinds, partners)},
        )


def _merge_near_ties(x: np.ndarray, span: float, rel: float = 1e-9) -> np.ndarray:
    """Positions closer than ``rel * span`` to a smaller one become that one; every other position is unchanged.

    The model compares positions exactly (which side of an actor another stands on, Bueno de Mesquita 1994), so
    float noise in an input (a position of 9.4e-13 beside actors at 0, found by the permutation property test) would
    flip a comparison and make the forecast depend on the order in which actors are listed. Clusters start at their
    smallest value and reach ``rel * span`` from it (no chaining), so the result does not depend on that order.
    """
    if span == 0.0:
        return x
    tol = rel * span
    values = np.unique(x)
    reps = values.copy()
    for k in range(1, len(values)):
        if values[k] - reps[k - 1] <= tol:
            reps[k] = reps[k - 1]
    if np.array_equal(reps, values):
        return x
    return reps[np.searchsorted(values, x)]


#: The most actors³ x rounds a forecast may take. Each round compares every pair of actors
#: against every third actor, so the cost grows with the cube of the actors: measured on the 2-core
#: benchmark machine at 1.6e-9 s per step for 100 actors (benchmarks/RESULTS.md) and 1.9e-8 s for 800
#: actors on a loaded machine; 1e11 steps (about 2,150 actors at 10 rounds) is minutes to an hour.
MAX_STEPS = 1e11
SECONDS_PER_STEP = 1e-8  # a middle estimate of the two measurements above, for the message


def _refuse_if_too_costly(data: IssueData, rounds: int) -> None:
    """Refuse, with the reason and the expected cost, a run that would take hours (10,000 actors: about a day).

    Raises :class:`~detente.errors.CostError` (a ValueError): the CLI prints it and exits 2.
    """
    steps = float(data.n) ** 3 * rounds
    if steps <= MAX_STEPS:
        return
    hours = steps * SECONDS_PER_STEP / 3600
    largest = int((MAX_STEPS / max(rounds, 1)) ** (1 / 3))
    raise CostError(
        f"eum on issue {data.issue!r} with {data.n:,} actors and {rounds} rounds would take about "
        f"{steps:,.0f} steps (actors cubed times rounds: each round weighs every pair of actors against every "
        f"third one), roughly {hours:,.0f} hours on a 2-core machine; detente runs it up to {MAX_STEPS:,.0f} "
        f"steps (about {largest:,} actors at {rounds} rounds). Merge small actors into blocs, or use a model "
        "whose cost grows linearly, such as --model mean")


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _series(positions: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vote-weighted median (ties to the first actor) and weighted mean of each round's positions."""
    from ._eum_kernels import weighted_median_position

    w = weight if weight.sum() > 0 else np.ones_like(weight)
    median = np.array([weighted_median_position(row, w) for row in positions])
    mean = positions @ w / w.sum()
    return median, mean


def _offers(actors, positions, kinds, partners) -> list[dict]:
    """The accepted offers, round by round: who moved, towards whom, how, from where to where."""
    out = []
    for t in range(kinds.shape[0]):
        for i in np.flatnonzero(kinds[t]):
            out.append({"round": t + 1, "actor": actors[i], "partner": actors[partners[t, i]],
                        "kind": OFFER_NAMES[int(kinds[t, i])],
                        "from": float(positions[t, i]), "to": float(positions[t + 1, i])})
    return out
