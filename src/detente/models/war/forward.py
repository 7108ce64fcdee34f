"""Forward pass: what happens month by month under a solved game's equilibrium.

The distribution over (A's true type, front, support level, B's belief on
the grid) is pushed through each month's policies. Beliefs between grid
points are split between the two neighbours with the weights the solver
interpolates with (the split keeps B's expected belief, so Bayes' rule's
martingale property holds on the grid exactly). A war that ends stays at
the line where it ended (a settlement or a capitulation freezes the line;
a win sits at the barrier), so ``front_mean_km2[t]`` is the line of
contact's mean at month ``t`` over every path.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from .forward_numpy import accumulators, month
from .gamedef import interp_weights, posteriors
from .solution import Solution

__all__ = ["Outcomes", "outcomes", "mass_after", "pooled_outcomes", "batched", "month0_only", "complete"]


@dataclass
class Outcomes:
    """Outcome probabilities by month (cumulative: ``..._by[t]`` = within months ``0..t``).

    ``package``: expected issue values of a settlement (given one before the horizon; NaN if none);
    ``terms_a``: A's expected utility in a settlement; ``settled_by_type[k]``: P(settled by t | type k);
    ``belief_mean[t]``: B's mean belief among wars still on at the start of month ``t``;
    ``ceasefire_equilibrium``: False when no pure keep/break profile of an accepted ceasefire is an
    equilibrium (:meth:`.solution.Solution.breakdown`; the outcomes then follow "both break", which is not one).
    """

    settled_by: np.ndarray
    quit_a_by: np.ndarray
    quit_b_by: np.ndarray
    won_a_by: np.ndarray
    won_b_by: np.ndarray
    package: dict[str, float]
    terms_a: float
    front_mean_km2: np.ndarray
    front_sd_km2: np.ndarray
    settled_by_type: np.ndarray
    belief_mean: np.ndarray
    ceasefire_equilibrium: bool = True

    @property
    def ended_by(self) -> np.ndarray:
        return self.settled_by + self.quit_a_by + self.quit_b_by + self.won_a_by + self.won_b_by

    @property
    def quit_a_month0(self) -> float:
        """P(A capitulates in month 0): revealed preference says it should be small at a node
        after which A fought on."""
        return float(self.quit_a_by[0])

    @property
    def quit_b_month0(self) -> float:
        """P(B capitulates in month 0) (see :attr:`quit_a_month0`)."""
        return float(self.quit_b_by[0])


def _split(grid: np.ndarray, mu: float) -> np.ndarray:
    lo, w = interp_weights(grid, np.array([float(mu)]))
    out = np.zeros(len(grid))
    out[lo[0]] += 1 - w[0]
    out[lo[0] + 1] += w[0]
    return out


def _initial(sol: Solution, weights: np.ndarray, belief: float) -> np.ndarray:
    g = sol.game
    mass = np.zeros((2, g.n_states, g.n_support, len(sol.grid)))
    mass[:, g.start] = weights[:, None, None] * g.support0[None, :, None] * _split(sol.grid, belief)[None, None, :]
    return mass


def mass_after(sol: Solution, belief: float, stalling_weight: float, months: int) -> np.ndarray:
    """The distribution over (A's type, front, support, B's belief on the grid) of wars still on after
    ``months`` months (no ceasefire alternative: the game's own equilibrium path)."""
    mass = _initial(sol, np.array([1.0 - stalling_weight, stalling_weight]), belief)
    acc = accumulators(sol)
    for t in range(months):
        mass = month(sol, t, mass, acc)
    return mass


def _forward(sol: Solution, mass: np.ndarray) -> dict:
    """The accumulators of one pass from the initial ``mass`` (consumed: the kernel moves it in place)."""
    if sol.backend == "numba":
        return _forward_numba(sol, mass)
    g = sol.game
    T = g.horizon
    acc = accumulators(sol)
    for t in range(T + 1):
        on_s = mass.sum(axis=(0, 2, 3)) + acc["ended_s"]
        acc["front"][t] = on_s @ g.km2, on_s @ g.km2 ** 2
        acc["belief"][t] = float(mass.sum(axis=(0, 1, 2)) @ sol.grid), float(mass.sum())
        if t < T:
            mass = month(sol, t, mass, acc)
    return acc


def _forward_numba(sol: Solution, mass: np.ndarray) -> dict:
    from ._forward_kernel import forward

    g, c = sol.game, np.ascontiguousarray
    months = tuple(sol.months[n] for n in POLICY_NAMES)
    month0 = months if sol.month0 is None else tuple(sol.month0[n] for n in POLICY_NAMES)
    lo, w = posteriors(g, sol.grid)
    knots = g.frontier.knots if g.frontier is not None else np.zeros((len(g.frontier_ua), 0))
    down, up = max(0, -int(g.offsets.min())), max(0, int(g.offsets.max()))
    out = forward(mass, g.horizon, int(g.start), down, up, bool(g.barrier_low),
                  bool(g.barrier_high),
                  c(g.km2, dtype=float), c(g.offsets, dtype=np.int64), c(g.move), c(g.support_switch), c(g.talks),
                  c(g.authority), c(g.proposer_a), sol.grid, c(lo, dtype=np.int64), c(w), months, month0,
                  c(g.frontier_ua), c(knots, dtype=float))
    settled, quits, wins, terms, pkg, front, belief_acc = out
    return {"settled": settled, "quit_a": quits[0], "quit_b": quits[1], "won_a": wins[0], "won_b": wins[1],
            "terms": float(terms), "pkg": pkg, "front": front, "belief": belief_acc}


#: the policies' names, in the order the forward kernel takes them
POLICY_NAMES = ("a_offers", "x_a", "b_choice", "x_b", "b_accepted", "a_quits", "b_quits", "post_quit", "b_post")


def outcomes(solution: Solution, belief: float, stalling_weight: float) -> "Outcomes":
    """Outcomes from the node when B's belief is ``belief`` and A is stalling with ``stalling_weight``.

    With a ceasefire the types that keep the pause follow the game and those that break it the
    alternative (:meth:`Solution.breakdown`), each from B's belief after that choice.
    """
    weights = np.array([1.0 - stalling_weight, stalling_weight])
    bd = solution.breakdown(belief)
    parts = []
    for sol, kept, mu in ((solution, True, bd["belief_keep"]), (solution.alt, False, bd["belief_break"])):
        wk = weights * np.array([bd["keep"][k] == kept for k in (0, 1)])
        if sol is not None and wk.sum() > 0:
            parts.append((sol, _forward(sol, _initial(sol, wk, mu))))
    out = _summarise(solution, weights, parts)
    out.ceasefire_equilibrium = bool(bd.get("equilibrium", True))
    return out


def pooled_outcomes(entries: list[tuple[float, Solution]], belief: float, stalling_weight: float) -> "Outcomes":
    """A lottery over solved games (``(probability, solution)``), each from the node at ``belief`` with A
    stalling with ``stalling_weight``: what :func:`outcomes` per game mixed by the lottery gives
    (:func:`detente.models.war.node_tables.mix_outcomes`), with one pass per distinct chain.

    The pass is linear in its initial mass, so games that differ only in the node's support level (the same
    solution, ``support0`` apart: :class:`~.solution.SolveCache`) run once from the lottery-weighted sum of
    their initial masses. Every probability, the front's moments, the terms and the package (ratios of sums
    over the mixture) equal the mixture of separate passes up to rounding; ``belief_mean`` is B's mean belief
    over every war still on in the mixture (mass-weighted), where the separate passes' mixture averages each
    game's mean by its probability. ``ceasefire_equilibrium`` is the probability-weighted share of games whose
    keep/break profile is an equilibrium, as :func:`~.node_tables.mix_outcomes` gives it.
    """
    entries = [(p, s) for p, s in entries if p > 0]
    total = sum(p for p, _ in entries)
    weights = np.array([1.0 - stalling_weight, stalling_weight])
    chains: dict[tuple, list] = {}
    equilibrium = 0.0
    for p, solution in entries:
        bd = solution.breakdown(belief)
        equilibrium += p * float(bool(bd.get("equilibrium", True)))
        for sol, kept, mu in ((solution, True, bd["belief_keep"]), (solution.alt, False, bd["belief_break"])):
            wk = weights * np.array([bd["keep"][k] == kept for k in (0, 1)])
            if sol is None or wk.sum() <= 0:
                continue
            mass = _initial(sol, wk * (p / total), mu)
            key = _chain_key(sol)
            if key in chains:
                chains[key][1] += mass
            else:
                chains[key] = [sol, mass]
    entry = (entries[0][1], weights, equilibrium / total, list(chains.values()))
    if getattr(_deferred, "month0", False) and entries[0][1].backend == "numba":
        return _month0(entry)
    pending = getattr(_deferred, "pending", None)
    if pending is not None:  # inside batched(): filled in at the block's end
        shell = Outcomes(*(np.zeros(0),) * 5, {}, float("nan"), *(np.zeros(0),) * 4)
        pending.append((shell, *entry))
        return shell
    parts = [(sol, _forward(sol, mass)) for sol, mass in chains.values()]
    out = _summarise(entries[0][1], weights, parts)
    out.ceasefire_equilibrium = equilibrium / total
    return out


_deferred = threading.local()


@contextmanager
def batched():
    """Within the block :func:`pooled_outcomes` defers its passes and returns an :class:`Outcomes` that is filled
    in when the block ends (read it after the block). Then every deferred pass runs, those of games that share
    months 1..T-1 and differ only in month 0 (the delegations' round: ``SolveCache``) as one batched pass
    (:func:`._forward_kernel.forward_batch`), each outcome with the same numbers as when run alone."""
    if getattr(_deferred, "pending", None) is not None:  # nested: the outer block runs them
        yield
        return
    _deferred.pending = []
    try:
        yield
    finally:
        pending, _deferred.pending = _deferred.pending, None
        pending += getattr(_deferred, "incomplete", [])
        _deferred.incomplete = []
        _run_deferred(pending)


@contextmanager
def month0_only():
    """Within the block :func:`pooled_outcomes` runs month 0 alone (a cheap check of the node's month, e.g.
    :mod:`detente.analysis.war.consistency`): the :class:`Outcomes` it returns holds only ``quit_a_by`` and
    ``quit_b_by``, month 0's (the numbers a whole pass gives), its other fields None. Its whole passes run with
    the next :func:`batched` block of this thread, which fills it in, unless another ``month0_only`` block
    comes first (then they are dropped: the solution was given up)."""
    _deferred.incomplete = []
    _deferred.month0 = True
    try:
        yield
    finally:
        _deferred.month0 = False


def complete(out: Outcomes) -> Outcomes:
    """``out`` whole: a :func:`month0_only` shell read outside both blocks (e.g. a memoised outcome asked for again
    after the history check) gets the whole passes deferred so far run now; inside a block it is left to it."""
    if out.settled_by is None and not getattr(_deferred, "month0", False) and \
            getattr(_deferred, "pending", None) is None:
        pending, _deferred.incomplete = getattr(_deferred, "incomplete", []), []
        _run_deferred(pending)
    return out


def _month0(entry: tuple) -> Outcomes:
    _, _, _, chains = entry
    accs = [_forward_batch([(sol, mass.copy())], horizon=1)[0] for sol, mass in chains]
    quits = [np.cumsum(sum(acc[key] for acc in accs)) for key in ("quit_a", "quit_b")]
    shell = Outcomes(None, *quits, *(None,) * 8)
    _deferred.incomplete.append((shell, *entry))
    return shell


def _run_deferred(pending: list) -> None:
    groups: dict[tuple, list] = {}
    for n, (_, _, _, _, chains) in enumerate(pending):
        for c, (sol, mass) in enumerate(chains):
            groups.setdefault(_later_key(sol), []).append((n, c))
    accs: dict[tuple[int, int], dict] = {}
    for members in groups.values():
        chains = [pending[n][4][c] for n, c in members]
        if chains[0][0].backend != "numba":
            got = [_forward(sol, mass) for sol, mass in chains]
        else:
            got = _forward_batch(chains)
        accs.update(zip(members, got))
    for n, (shell, solution, weights, equilibrium, chains) in enumerate(pending):
        out = _summarise(solution, weights, [(sol, accs[n, c]) for c, (sol, _) in enumerate(chains)])
        out.ceasefire_equilibrium = equilibrium
        shell.__dict__.update(out.__dict__)


def _later_key(sol: Solution) -> tuple:
    """What a pass reads besides the initial mass and month 0's round (policies, talks, authority, proposer):
    equal keys, one batched pass (:func:`_chain_key`; month 0's arrays compared by value)."""
    g = sol.game
    arrays = (sol.months, sol.grid, g.move, g.support_switch, g.km2, g.offsets, g.frontier, g.frontier_ua)
    later = tuple(np.ascontiguousarray(a[1:]).tobytes() for a in (g.talks, g.authority, g.proposer_a))
    return tuple(id(a) for a in arrays) + later + (int(g.start), g.horizon, bool(g.barrier_low),
                                                   bool(g.barrier_high))


def _forward_batch(chains: list[tuple[Solution, np.ndarray]], horizon: int | None = None) -> list[dict]:
    """The accumulators of each chain's pass, as :func:`_forward` gives them, from one batched pass (of the
    first ``horizon`` months only when given)."""
    from ._forward_kernel import forward_batch

    sol, c = chains[0][0], np.ascontiguousarray
    g = sol.game
    months = tuple(sol.months[n] for n in POLICY_NAMES)
    month0 = tuple(np.stack([(s.months if s.month0 is None else s.month0)[n][0] for s, _ in chains])
                   for n in POLICY_NAMES)
    rho0 = np.array([s.game.talks[0] * s.game.authority[0] for s, _ in chains], dtype=float)
    prop0 = np.array([s.game.proposer_a[0] for s, _ in chains], dtype=float)
    lo, w = posteriors(g, sol.grid)
    knots = g.frontier.knots if g.frontier is not None else np.zeros((len(g.frontier_ua), 0))
    down, up = max(0, -int(g.offsets.min())), max(0, int(g.offsets.max()))
    out = forward_batch(np.stack([m for _, m in chains], axis=-1), horizon or g.horizon, int(g.start), down, up,
                        bool(g.barrier_low), bool(g.barrier_high), c(g.km2, dtype=float),
                        c(g.offsets, dtype=np.int64), c(g.move), c(g.support_switch), c(g.talks), c(g.authority),
                        c(g.proposer_a), rho0, prop0, sol.grid, c(lo, dtype=np.int64), c(w), months, month0,
                        c(g.frontier_ua), c(knots, dtype=float))
    settled, quits, wins, terms, pkg, front, belief = out
    return [{"settled": settled[..., b], "quit_a": quits[0, :, b], "quit_b": quits[1, :, b], "won_a": wins[0, :, b],
             "won_b": wins[1, :, b], "terms": float(terms[b]), "pkg": pkg[:, b], "front": front[..., b],
             "belief": belief[..., b]} for b in range(len(chains))]


def _chain_key(sol: Solution) -> tuple:
    """What a forward pass reads besides the initial mass (policies and the game's arrays): equal keys, one
    chain. By identity: SolveCache hands games that differ only in ``support0`` the same arrays."""
    g = sol.game
    arrays = (sol.months, sol.month0, sol.grid, g.move, g.talks, g.authority, g.proposer_a, g.support_switch,
              g.km2, g.offsets, g.frontier, g.frontier_ua)
    return tuple(id(a) for a in arrays) + (int(g.start), g.horizon, bool(g.barrier_low), bool(g.barrier_high))


def _summarise(solution: Solution, weights: np.ndarray, parts: list) -> Outcomes:
    game = solution.game
    settled = sum(acc["settled"] for _, acc in parts)
    total = settled.sum()
    terms = sum(acc["terms"] for _, acc in parts) / total if total > 1e-12 else float("nan")
    package = _package(parts, total)
    front = sum(acc["front"] for _, acc in parts)
    mean = front[:, 0]
    sd = np.sqrt(np.maximum(front[:, 1] - mean ** 2, 0.0))
    by_type = np.cumsum(settled, axis=1) / np.where(weights > 0, weights, 1.0)[:, None]
    b = sum(acc["belief"] for _, acc in parts)
    belief = np.where(b[:, 1] > 1e-15, b[:, 0] / np.where(b[:, 1] > 1e-15, b[:, 1], 1.0), np.nan)
    cum = lambda key: np.cumsum(sum(acc[key] for _, acc in parts))  # noqa: E731
    return Outcomes(np.cumsum(settled.sum(0)), cum("quit_a"), cum("quit_b"), cum("won_a"), cum("won_b"),
                    package, float(terms), mean, sd, by_type, belief)


def _package(parts: list, total: float) -> dict[str, float]:
    frontier = parts[0][0].game.frontier
    if frontier is None:
        return {}
    if total <= 1e-12:
        return {name: float("nan") for name in frontier.issues.names}
    sums = sum(acc["pkg"] for _, acc in parts)
    return {name: frontier.issues.unscale(k, sums[k] / total) for k, name in enumerate(frontier.issues.names)}
