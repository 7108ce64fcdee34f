"""Third parties as Bayesian players: the levers they choose after A's move at the node.

A *lever* is one choice of one third party: a sanction in force to the horizon (levels ``off``, ``on``) or
the supporter's aid level (``withdraw``, ``maintain``, ``increase``). After A's move and B's delegation the
third parties hold B's posterior ``mu`` (they read the same signals) and choose each lever by comparing
the game's values (:func:`detente.models.war.game.solve`) with and without it, at that belief.

**Purification** (Harsanyi 1973). The lever's sender has a private monthly cost of each level, uniform
on ``[c - spread, c + spread]`` around the game's (drawn) cost ``c`` (``sanctions.<name>.sender_cost``,
``support.levels.<g>.cost_supporter``) with its own width ``..._private_spread`` (how
private the cost is, not how unsure the analyst is; without it, as a fallback, the number's range). One
quantile ``u ~ U[0, 1]`` per lever drives all of its levels (cost ``low_k + u (high_k - low_k)``: a sender
that finds aid costly finds more aid more costly). With ``F`` the expected discounted months of war under
the lever set (what a monthly cost multiplies: a month of an accepted pause counts at
``ceasefire.cost_share``, as the game charges every running cost there, :func:`.game.with_months`), level k
is worth ``V_k(0) - cost_k(u) F_k`` to the sender, a line in ``u``; the sender picks the highest, so ``P(level k)`` is the length of the interval of ``u`` where line k is on top
(:func:`purified_probs`). For a binary lever with cost ``c ~ U[lo, hi]``:
``P(on) = P(c F < V_on(0) - V_off) = clip((b - lo) / (hi - lo), 0, 1)`` with ``b`` the benefit per month
of war, linear in the benefit. A pure strategy for almost every private cost, mixed from outside.

**Agent form** (Selten 1975): each lever is chosen by its own agent with its player's payoff, taking the
other levers' probabilities as given (a player's two levers are chosen with independent private costs);
the agent counts its sister agent's expected private cost, not the game's charged (drawn) value.
**Equilibrium**: the lever probabilities are a fixed point of the agents' purified best responses,
found by Gauss-Seidel iteration (damped after 20 steps) from uniform mixing, and again from every lever
at its lowest and at its highest level (:func:`solve_levers`); a purified best response with a spread
is continuous, so one exists (Brouwer; with no spread it is a step and may not); the uniform start's is
returned, ``converged`` and ``unique`` (the three starts agree) say what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from ...scenario.war import WarSpec

__all__ = ["Lever", "LeverSolution", "levers_of", "support_lever_name", "purified_probs", "solve_levers",
           "combinations", "contract"]


@dataclass(frozen=True)
class Lever:
    """One third party's choice: its levels, and the private monthly cost of each at quantiles 0 and 1.

    ``charged[k]`` is what the game's values already subtract per month at level k (the drawn number);
    it is added back before the private cost is charged.
    """

    name: str
    player: str
    levels: tuple[str, ...]
    low: np.ndarray
    high: np.ndarray
    charged: np.ndarray


def support_lever_name(spec: WarSpec) -> str:
    """The supporter's lever: its initials and ``_support`` (``United States`` -> ``us_support``)."""
    return "".join(w[0] for w in spec.supporter.split()).lower() + "_support"


def _range(num) -> tuple[float, float]:
    """The uniform range of a number: its distribution's low/high, mean +- sd sqrt(3) for a normal (the
    uniform with its mean and sd), its value if certain."""
    d = num.distribution
    if d is None:
        return num.value, num.value
    if d.kind == "normal":
        return d.mean - d.sd * 3 ** 0.5, d.mean + d.sd * 3 ** 0.5
    return d.low, d.high


def _private(params: dict[str, float], path: str, num) -> tuple[float, float]:
    """The private monthly cost's uniform range: the drawn mean ``params[path]`` +- ``params[path +
    "_private_spread"]`` when the scenario gives that spread (the purification's width is its own
    input, not the analyst's uncertainty); otherwise, as a fallback stated here, the number's own range."""
    spread = params.get(f"{path}_private_spread")
    if spread is None:
        return _range(num)
    return params[path] - spread, params[path] + spread


def levers_of(spec: WarSpec, params: dict[str, float]) -> tuple[Lever, ...]:
    """The node's levers: each of ``war.sanctions`` (by name) and the supporter's aid level."""
    out = []
    for name in sorted(spec.sanctions):
        path = f"sanctions.{name}.sender_cost"
        lo, hi = _private(params, path, spec.sanctions[name].sender_cost)
        out.append(Lever(name, spec.sanctions[name].by, ("off", "on"), np.array([0.0, lo]), np.array([0.0, hi]),
                         np.array([0.0, params[path]])))
    if spec.support is not None:
        levels = tuple(g for g in ("withdraw", "maintain", "increase") if g in spec.support.levels)
        paths = [f"support.levels.{g}.cost_supporter" for g in levels]
        ranges = [_private(params, path, spec.support.levels[g].cost_supporter) for g, path in zip(levels, paths)]
        out.append(Lever(support_lever_name(spec), spec.supporter, levels, np.array([r[0] for r in ranges]),
                         np.array([r[1] for r in ranges]), np.array([params[path] for path in paths])))
    return tuple(out)


def combinations(levers: tuple[Lever, ...]) -> list[tuple[int, ...]]:
    """Every lever set, as level indices in the levers' order (the axes of the value arrays)."""
    return list(product(*(range(len(lever.levels)) for lever in levers)))


def purified_probs(intercept: np.ndarray, slope: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(level k) and ``int u du`` over where k is chosen, when level k is worth ``intercept[..., k] -
    slope[..., k] u`` and ``u ~ U[0, 1]`` (the upper envelope of the lines; ties go to the lower level).

    Returns two arrays shaped like ``intercept``: the probabilities and the first moments (for the
    expected private cost ``low P + (high - low) moment``).
    """
    intercept, slope = np.broadcast_arrays(np.asarray(intercept, float), np.asarray(slope, float))
    L = intercept.shape[-1]
    if L == 2:
        return _purified_two(intercept, slope)
    cuts = [np.zeros(intercept.shape[:-1]), np.ones(intercept.shape[:-1])]
    for a in range(L):
        for b in range(a + 1, L):
            ds = slope[..., a] - slope[..., b]
            with np.errstate(divide="ignore", invalid="ignore"):
                u = (intercept[..., a] - intercept[..., b]) / np.where(ds != 0, ds, 1.0)
            cuts.append(np.where((ds != 0) & (u > 0) & (u < 1), u, 0.0))
    cuts = np.sort(np.stack(cuts, axis=-1), axis=-1)
    lo, hi = cuts[..., :-1], cuts[..., 1:]
    mid = 0.5 * (lo + hi)
    worth = intercept[..., None, :] - slope[..., None, :] * mid[..., None]  # (..., segments, L)
    best = np.argmax(worth, axis=-1)
    onehot = best[..., None] == np.arange(L)
    probs = ((hi - lo)[..., None] * onehot).sum(axis=-2)
    moments = ((0.5 * (hi ** 2 - lo ** 2))[..., None] * onehot).sum(axis=-2)
    return probs, moments


def _purified_two(intercept: np.ndarray, slope: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`purified_probs` for two levels, the same arithmetic without the sort: the cuts are 0, the
    lines' crossing ``c`` (0 when it is outside (0, 1)) and 1, already in order."""
    ds = slope[..., 0] - slope[..., 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        u = (intercept[..., 0] - intercept[..., 1]) / np.where(ds != 0, ds, 1.0)
    c = np.where((ds != 0) & (u > 0) & (u < 1), u, 0.0)
    probs, moments = np.zeros(intercept.shape), np.zeros(intercept.shape)
    parts = []
    for lo, hi in ((np.zeros_like(c), c), (c, np.ones_like(c))):
        mid = 0.5 * (lo + hi)
        best = np.argmax(intercept - slope * mid[..., None], axis=-1)
        parts.append((best, hi - lo, 0.5 * (hi ** 2 - lo ** 2)))
    for k in (0, 1):
        (b0, l0, m0), (b1, l1, m1) = parts
        probs[..., k] = l0 * (b0 == k) + l1 * (b1 == k)
        moments[..., k] = m0 * (b0 == k) + m1 * (b1 == k)
    return probs, moments


def contract(array: np.ndarray, weights: list[np.ndarray], keep: int | None = None) -> np.ndarray:
    """``array`` (S, L_1, ..., L_n) summed over every lever axis but ``keep`` against ``weights[i]`` (S, L_i)."""
    out = array
    for i in reversed(range(len(weights))):
        if i == keep:
            continue
        shape = [out.shape[0]] + [1] * (out.ndim - 1)
        shape[i + 1] = weights[i].shape[1]
        out = (out * weights[i].reshape(shape)).sum(axis=i + 1)
    return out


@dataclass
class LeverSolution:
    """The lever probabilities ``probs[i]`` (S, L_i) at the fixed point, their first moments, the values
    of each lever's player (expected private costs counted), whether the iterations converged and whether
    the three starts reached one point (``unique``)."""

    levers: tuple[Lever, ...]
    probs: list[np.ndarray]
    moments: list[np.ndarray]
    player_values: dict[str, np.ndarray]
    converged: bool
    iterations: int
    unique: bool = True

    def expected(self, array: np.ndarray) -> np.ndarray:
        """Any (S, L_1, ..., L_n) table averaged over the lever lotteries (independent levers)."""
        return contract(array, self.probs)


def _cost_weights(lever: Lever, probs: np.ndarray, moments: np.ndarray) -> np.ndarray:
    """``E[private monthly cost; level k]`` per level: ``low_k P_k + (high_k - low_k) moment_k``."""
    return lever.low * probs + (lever.high - lever.low) * moments


def _zero_cost_values(levers, values, months) -> dict[str, np.ndarray]:
    """Each lever player's values with the game's charges of its own levers added back (``V(0)``)."""
    out = {}
    for player in {lever.player for lever in levers}:
        v = values[player].copy()
        for i, lever in enumerate(levers):
            if lever.player == player:
                shape = [1] * v.ndim
                shape[i + 1] = len(lever.levels)
                v += lever.charged.reshape(shape) * months[player]
        out[player] = v
    return out


def _agent_lines(i: int, levers, v0, months, probs, moments) -> tuple[np.ndarray, np.ndarray]:
    """Lever i's levels as lines ``intercept - slope u`` in its private quantile, others at ``probs``."""
    lever = levers[i]
    F = contract(months[lever.player], probs, keep=i)
    intercept = contract(v0[lever.player], probs, keep=i) - lever.low * F
    for j, sister in enumerate(levers):
        if j != i and sister.player == lever.player:
            w = list(probs)
            w[j] = _cost_weights(sister, probs[j], moments[j])
            intercept = intercept - contract(months[lever.player], w, keep=i)
    return intercept, (lever.high - lever.low) * F


def solve_levers(levers: tuple[Lever, ...], values: dict[str, np.ndarray], months: dict[str, np.ndarray],
                 fixed: dict[int, int] | None = None, tol: float = 1e-11, max_iter: int = 2000,
                 damping: float = 0.5, backend: str = "numba") -> LeverSolution:
    """The agents' purified equilibrium at each of S states (module docstring), from three starts.

    The iteration starts from uniform mixing (the solution returned), from every lever at its lowest level
    and from every lever at its highest; ``unique`` says whether the three reached the same point (within
    1e-6), ``converged`` whether all three converged.

    Parameters
    ----------
    values
        Per lever player: (S, L_1, ..., L_n) its value (expected over A's types at the state's belief) for
        every lever set.
    months
        Per lever player, the same shape: its expected discounted months of war.
    fixed
        Levers held at a level (lever index -> level index): a deviation of their player; the other
        agents respond to it.
    backend
        ``"numba"``: the iteration compiled (:mod:`._levers_kernel`, the same arithmetic); ``"numpy"``: the
        vectorised reference.
    """
    fixed = fixed or {}
    S = next(iter(values.values())).shape[0] if values else 1
    v0 = _zero_cost_values(levers, values, months)
    # the two check starts only need to land within the uniqueness tolerance (1e-6) of the returned point
    iterate = _iterate if backend == "numpy" else _iterate_compiled
    runs = iterate(levers, v0, months, fixed, S, ("uniform", "lowest", "highest"), (tol, max(tol, 1e-8),
                   max(tol, 1e-8)), max_iter, damping)
    probs, moments, converged, it = runs[0]
    unique = all(max(float(np.abs(p - q).max()) for p, q in zip(probs, r[0])) < 1e-6 for r in runs[1:])
    player_values = {}
    for player in v0:
        total = contract(v0[player], probs)
        for j, lever in enumerate(levers):
            if lever.player == player:
                w = list(probs)
                cost = (lever.charged * probs[j] if j in fixed else _cost_weights(lever, probs[j], moments[j]))
                w[j] = cost
                total = total - contract(months[player], w)
        player_values[player] = total
    return LeverSolution(levers, probs, moments, player_values, all(r[2] for r in runs), it, unique)


def _starts(levers, fixed, S, starts) -> list[np.ndarray]:
    """Each lever's probabilities (B S, L) at the starts (stacked), a fixed lever at its level."""
    probs = []
    for lv in levers:
        L = len(lv.levels)
        first = {"uniform": np.full(L, 1.0 / L), "lowest": np.eye(L)[0], "highest": np.eye(L)[L - 1]}
        probs.append(np.concatenate([np.tile(first[start], (S, 1)) for start in starts]))
    for i, k in fixed.items():
        probs[i] = np.tile(np.eye(len(levers[i].levels))[k], (len(starts) * S, 1))
    return probs


def _iterate_compiled(levers, v0, months, fixed, S, starts, tols, max_iter, damping):
    """:func:`_iterate` by :func:`._levers_kernel.iterate_levers` (the same arithmetic, bit for bit)."""
    from ._levers_kernel import iterate_levers

    B, n = len(starts), len(levers)
    players = sorted({lv.player for lv in levers})
    Ls = np.array([len(lv.levels) for lv in levers], dtype=np.int64)
    Lmax = int(Ls.max())
    low, high, probs = np.zeros((n, Lmax)), np.zeros((n, Lmax)), np.zeros((n, B * S, Lmax))
    for i, lv in enumerate(levers):  # the starts as _starts gives them, padded to Lmax levels
        L = len(lv.levels)
        low[i, :L], high[i, :L] = lv.low, lv.high
        for b, start in enumerate(starts):
            probs[i, b * S:(b + 1) * S, :L] = (np.full(L, 1.0 / L) if start == "uniform" else
                                               np.eye(L)[0 if start == "lowest" else L - 1])
        if i in fixed:
            probs[i, :, :L] = np.eye(L)[fixed[i]]
    V0 = np.stack([v0[p].reshape(S, -1) for p in players])
    MO = np.stack([months[p].reshape(S, -1) for p in players])
    moments = 0.5 * probs * probs  # a start; replaced by the exact moments
    free = np.array([i not in fixed for i in range(n)])
    converged, its = iterate_levers(Ls, np.array([players.index(lv.player) for lv in levers], dtype=np.int64),
                                    low, high, free,
                                    np.ascontiguousarray(V0, dtype=float), np.ascontiguousarray(MO, dtype=float),
                                    probs, moments, S, np.asarray(tols, dtype=float), max_iter, damping)
    block = lambda arr, b: [arr[i, b * S:(b + 1) * S, :Ls[i]].copy() for i in range(n)]  # noqa: E731
    return [(block(probs, b), block(moments, b), bool(converged[b]), int(its[b])) for b in range(B)]


def _iterate(levers, v0, months, fixed, S, starts, tols, max_iter, damping):
    """Gauss-Seidel best responses (plain for 20 steps, then damped) from each of ``starts``, stacked along the
    states (every state's iteration is its own, so a start's block is what it alone would give): a block stops
    changing once its largest step is below its ``tols`` entry. Per start: (probs, moments, converged, its)."""
    B = len(starts)
    v0 = {p: np.concatenate([v] * B) for p, v in v0.items()}
    months = {p: np.concatenate([v] * B) for p, v in months.items()}
    probs = _starts(levers, fixed, S, starts)
    moments = [0.5 * p * p for p in probs]  # a start; replaced by the exact moments below
    free = [i for i in range(len(levers)) if i not in fixed]
    active = np.ones(B, dtype=bool)
    converged, its = np.zeros(B, dtype=bool), np.zeros(B, dtype=int)
    for it in range(1, max_iter + 1):
        change = np.zeros(B)
        rows = np.repeat(active, S)
        for i in free:
            new, mom = purified_probs(*_agent_lines(i, levers, v0, months, probs, moments))
            step = 1.0 if it <= 20 else damping
            mixed = (1 - step) * probs[i] + step * new
            change = np.maximum(change, np.abs(mixed - probs[i]).reshape(B, -1).max(axis=1))
            probs[i][rows] = mixed[rows]
            moments[i][rows] = ((1 - step) * moments[i] + step * mom)[rows]
        its[active] = it
        done = active & (change < np.asarray(tols))
        converged |= done
        active &= ~done
        if not active.any():
            break
    for i in free:  # the moments of the final probabilities, exactly
        probs[i], moments[i] = purified_probs(*_agent_lines(i, levers, v0, months, probs, moments))
    for i in fixed:
        moments[i] = np.zeros_like(probs[i])
    block = lambda arrays, b: [a[b * S:(b + 1) * S].copy() for a in arrays]  # noqa: E731
    return [(block(probs, b), block(moments, b), bool(converged[b]), int(its[b])) for b in range(B)]
