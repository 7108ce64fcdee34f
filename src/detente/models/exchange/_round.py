"""One round of the exchange model in plain Python: form the candidate exchanges, execute them by decreasing
gain, and move the actors (Stokman & Van Oosten 1994; the steps of the public Decide tool).

The reference implementation, with :mod:`._trade` (one exchange); :mod:`._compiled` runs the same round
compiled, with identical results (tests/models/exchange/test_exchange_kernel.py).
"""

from __future__ import annotations

from itertools import combinations
from operator import attrgetter
from typing import Callable, Iterator

import numpy as np

from ._trade import Exchange, Round

#: Groups of :func:`issue_pair_groups` whose actors pair: right of both forecasts with left of both (0, 3),
#: left on p only with left on q only (1, 2).
OPPOSITE_GROUPS = ((0, 3), (1, 2))


def issue_pair_groups(state: Round) -> Iterator[tuple[int, int, list[list[int]]]]:
    """Per issue pair ``p < q``, in Decide's order, the actors who can trade on both in four groups:
    group ``left_p + 2 left_q``, ``left`` meaning at or left of the issue's forecast. A pair from
    opposite groups (:data:`OPPOSITE_GROUPS`) is on opposite sides of both forecasts: a candidate."""
    n_issues, n_actors = state.x.shape
    left = state.present & (state.x <= state.forecast[:, None])
    for p, q in combinations(range(n_issues), 2):
        groups: list[list[int]] = [[], [], [], []]
        for a in range(n_actors):
            if state.tradable[p, a] and state.tradable[q, a]:
                groups[int(left[p, a]) | int(left[q, a]) * 2].append(a)
        yield p, q, groups


def pairs(state: Round, draws: np.ndarray | None = None) -> list[Exchange]:
    """Every candidate exchange of a round, in Decide's order (issue pairs, then groups, then actors).

    ``draws`` (random-rate variant): one uniform draw per candidate, in this order."""
    out = []
    for p, q, groups in issue_pair_groups(state):
        for g, h in OPPOSITE_GROUPS:
            for a in groups[g]:
                for b in groups[h]:
                    out.append(Exchange(state, a, b, p, q, None if draws is None else float(draws[len(out)])))
    return out


def n_pairs(state: Round) -> int:
    """How many candidate exchanges :func:`pairs` forms (how many rate draws a random-rate round needs)."""
    return sum(len(groups[g]) * len(groups[h])
               for _, _, groups in issue_pair_groups(state) for g, h in OPPOSITE_GROUPS)


def execute(exchanges: list[Exchange], rng: np.random.Generator, tie: float = 1e-12,
            tie_break: Callable[[Exchange, Exchange, int], tuple[bool, bool]] | None = None) -> list[Exchange]:
    """Execute exchanges by decreasing gain until none is left; ties broken by a fair coin from ``rng``.

    A tie is two gains within ``tie`` (relative); Decide compares its decimal gains with 1e-20
    absolute. At a tie Decide flips a coin: either it executes the runner-up and puts the first
    exchange back at the end of the list, or it executes the first and appends the runner-up to the
    end *again* (it then stays in the list twice and is recalculated twice after each later
    exchange). detente keeps that behaviour, with a seeded coin, so its outcomes are among Decide's.
    ``tie_break(best, runner_up, n_done) -> (take_runner_up, duplicate_other)``, if given, decides
    instead (the tests use it to replay Decide's recorded runs).
    """
    done: list[Exchange] = []
    pending = list(exchanges)
    by_supply: dict[tuple[int, int], set[int]] = {}
    by_demand: dict[tuple[int, int], set[int]] = {}
    for e in exchanges:
        for side in (e.i, e.j):
            by_supply.setdefault((side.actor, side.supply), set()).add(id(e))
            by_demand.setdefault((side.actor, side.demand), set()).add(id(e))
    rank = attrgetter("rank")
    while pending:
        pending.sort(key=rank, reverse=True)
        best = pending.pop(0)
        if pending and abs(best.gain - pending[0].gain) <= tie * max(1.0, abs(best.gain)):
            runner_up = pending[0]
            take_runner_up = rng.random() >= 0.5 if tie_break is None else None
            duplicate = not take_runner_up
            if tie_break is not None:
                take_runner_up, duplicate = tie_break(best, runner_up, len(done))
            if take_runner_up:   # the runner-up executes; the other goes to the end (and stays first if duplicated)
                pending.pop(0)
                if duplicate:
                    pending.insert(0, best)
                pending.append(best)
                best = runner_up
            else:                # the first executes; the runner-up goes to the end (and stays first if duplicated)
                pending.append(runner_up if duplicate else pending.pop(0))
        if not best.valid:
            continue
        # Only exchanges sharing an actor and supply issue, or an actor and demand issue, with the
        # executed one can change (Exchange.recalculate); the others are kept or dropped as they are.
        touched = set()
        for side in (best.i, best.j):
            touched |= by_supply.get((side.actor, side.supply), set())
            touched |= by_demand.get((side.actor, side.demand), set())
        kept = []
        for e in pending:
            if e.valid:
                if id(e) in touched:
                    e.recalculate(best)
                if e.valid:
                    kept.append(e)
        pending = kept
        done.append(best)
    return done


def next_start(x: float, y: float, salience: float, salience_weight: float = 0.4, fixed_weight: float = 0.1) -> float:
    """Next round's start: ``((1 - s) a + b) y + (1 - (1 - s) a - b) x`` (Decide's defaults a = 0.4, b = 0.1)."""
    w = (1 - salience) * salience_weight + fixed_weight
    return w * y + (1 - w) * x


def run_round(x: np.ndarray, s: np.ndarray, c: np.ndarray, rng: np.random.Generator, tie_break=None,
              salience_weight: float = 0.4, fixed_weight: float = 0.1, random_rate: bool = False):
    """One round from start positions ``x``: (voting positions, next start positions, executed exchanges).

    ``random_rate``: draw every candidate's exchange rate (one ``rng.random()`` each, in candidate order,
    before any tie-break draw)."""
    state = Round(x, s, c)
    draws = rng.random(n_pairs(state)) if random_rate else None
    done = execute(pairs(state, draws), rng, tie_break=tie_break)
    return (*round_positions(x, done, salience_weight, fixed_weight), done)


def round_positions(x: np.ndarray, done: list, salience_weight: float, fixed_weight: float):
    """The round's voting positions (each executed exchange's supplier at its new position, the last
    exchange winning) and the next round's start positions (:func:`next_start`)."""
    voting, start = x.copy(), x.copy()
    for e in done:
        for side in (e.i, e.j):
            voting[side.supply, side.actor] = side.y
    for e in done:
        for side in (e.i, e.j):
            start[side.supply, side.actor] = next_start(side.start, side.y, side.s_supply, salience_weight,
                                                        fixed_weight)
    return voting, start
