"""The SMP run: turns until the stopping rule holds (KTAB's ``SMPModel::configExec``, ``SMPState::doBCN``).

Works on plain arrays on [0, 1]: ``pos[i, d]``, ``sal[i, d]``, ``cap[i]``.
Sources: ``examples/smp/libsrc/smp.cpp`` (``smpStopFn``, ``stateDist``,
``configExec``) and ``smpbcn.cpp`` (``doBCN``) of KTAB (MIT licence,
copyright KAPSARC; ``lsyaseen/KTAB`` commit ``3b5b063``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit

from ._switches import Switches
from ._turn import best_targets, choose_bargains, state_utilities, strike_bargains, win_probabilities

#: ``SMPModel::posTol``: positions closer than this (on [0, 1]) are the same option.
POSITION_TOLERANCE = 1e-3
#: ``configExec``: added to the first turn's change so a still first turn cannot divide by zero.
MIN_SIGNIFICANT_DELTA = 1e-4
#: ``configExec``: the rule is not checked before this many turns.
MIN_TURNS = 2


@dataclass
class Run:
    """A finished run.

    ``positions``, ``win_probability`` (KTAB's, per actor), ``expected`` (per
    dimension) and ``big_r`` have one entry per state (state 0 is the input);
    ``change``, ``fractional_change`` and ``targets`` (-1: no challenge) one per
    turn. ``converged`` is False when the run stopped at ``max_turns``.
    """

    positions: list[np.ndarray] = field(default_factory=list)
    win_probability: list[np.ndarray] = field(default_factory=list)
    expected: list[np.ndarray] = field(default_factory=list)
    big_r: list[np.ndarray] = field(default_factory=list)
    change: list[float] = field(default_factory=list)
    fractional_change: list[float] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)
    converged: bool = False

    @property
    def turns(self) -> int:
        return len(self.positions) - 1


@njit(cache=True)
def state_distance(a, b):
    """Sum over actors of the Euclidean distance between their positions in two states (``SMPModel::stateDist``)."""
    total = 0.0
    for i in range(a.shape[0]):
        s = 0.0
        for d in range(a.shape[1]):
            x = a[i, d] - b[i, d]
            s = s + x * x
        total = total + np.sqrt(s)
    return total


@njit(cache=True)
def new_ideals(accommodation, pos, ideal):
    """Ideal points after a move: ``sum_j a_ij x_j + (1 - sum_j a_ij) ideal_i`` (``SMPState::newIdeals``).

    With KTAB's default identity accommodation the ideals are the new positions.
    """
    n, nd = pos.shape
    out = np.empty((n, nd))
    for i in range(n):
        point = np.zeros(nd)
        total = 0.0
        for j in range(n):
            total = total + accommodation[i, j]
            point = point + (accommodation[i, j] * pos[j])
        total = 1.0 if 1.0 < total else total
        out[i] = point + ((1.0 - total) * ideal[i])
    return out


def _bargains(pos, sal, sal_sum, cap, au, target, p_win, sw: Switches):
    """Bargains struck this turn (:func:`._turn.strike_bargains` with the run's switches)."""
    return strike_bargains(pos, sal, sal_sum, cap, au, target, p_win, sw.voting_rule, sw.third_party_commit,
                           sw.interpolation, sw.bargain_model)


def _record(run: Run, pos, cap, au, r, canonical, sw: Switches):
    """Store a state: positions, KTAB's win probabilities (input order) and the expected outcome."""
    args = (sw.voting_rule, sw.victory_probability, sw.outcome_probability, POSITION_TOLERANCE)
    identity = np.arange(pos.shape[0])
    prob, _, reps, p = win_probabilities(pos, cap, au, identity, *args)
    if not np.array_equal(canonical, identity):
        _, _, reps, p = win_probabilities(pos, cap, au, canonical, *args)
    run.positions.append(pos)
    run.win_probability.append(prob)
    run.expected.append(p @ pos[reps])
    run.big_r.append(r)


def simulate(pos, sal, cap, sw: Switches, *, max_turns=100, min_delta_ratio=0.02,
             canonical=None, accommodation=None, rng: np.random.Generator | None = None) -> Run:
    """Run SMP from positions ``pos`` until the stopping rule holds.

    Stopping rule (``smpStopFn``): after turn t >= 2, stop when the change
    of turn t is below ``min_delta_ratio`` of the first turn's change (plus
    1e-4), or at ``max_turns``; a change is :func:`state_distance` between
    consecutive states. ``canonical`` is the actor order that names the
    options of the expected outcome (default input order); ``accommodation``
    (actors x actors, default the identity) how ideals follow positions
    (:func:`new_ideals`; ideals start at the positions); ``rng`` draws the
    stochastic transitions.
    """
    pos = np.ascontiguousarray(pos, dtype=float)
    sal = np.ascontiguousarray(sal, dtype=float)
    cap = np.ascontiguousarray(cap, dtype=float)
    n = pos.shape[0]
    canonical = np.arange(n) if canonical is None else np.asarray(canonical, dtype=np.int64)
    sal_sum = np.zeros(n)
    for d in range(sal.shape[1]):  # KBase::sum, in order of dimensions
        sal_sum = sal_sum + sal[:, d]
    util_args = (sw.voting_rule, sw.victory_probability, sw.outcome_probability, sw.big_r_range, sw.big_r_adjust)
    run = Run()
    ideal = pos.copy()
    _, r, au = state_utilities(ideal, pos, sal, cap, *util_args)
    _record(run, pos, cap, au, r, canonical, sw)
    first = None
    for turn in range(1, max_turns + 1):
        target, p_win, _ = best_targets(au, sal_sum, cap, sw.voting_rule, sw.third_party_commit)
        bargains = _bargains(pos, sal, sal_sum, cap, au, target, p_win, sw)
        draws = rng.random(n) if (sw.state_transition == 1 and rng is not None) else np.empty(0)
        new_pos, _ = choose_bargains(ideal, pos, sal, cap, r, au, *bargains, sw.voting_rule, sw.victory_probability,
                                     sw.outcome_probability, draws)
        change = state_distance(pos, new_pos)
        first = change + MIN_SIGNIFICANT_DELTA if first is None else first
        pos = new_pos
        ideal = pos.copy() if accommodation is None else new_ideals(accommodation, pos, ideal)
        _, r, au = state_utilities(ideal, pos, sal, cap, *util_args)
        run.targets.append(target)
        _record(run, pos, cap, au, r, canonical, sw)
        run.change.append(change)
        run.fractional_change.append(change / first)
        if turn >= MIN_TURNS and change / first < min_delta_ratio:
            run.converged = True
            break
    return run
