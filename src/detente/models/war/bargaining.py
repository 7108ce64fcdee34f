"""Backward induction of the bargaining-while-fighting game (:class:`~.gamedef.Game`).

A month ``t`` at front ``s``, support level ``g`` and B's belief ``mu``
(P(A is the stalling type)), each of A's types knowing its own:

1. With probability ``talks[t]`` a round of talks; with probability
   ``authority[t]`` an agreement at the table binds now (Putnam 1988 on
   ratification; Fearon 1997 on tying hands), otherwise no offer can be
   accepted. A failed round costs each side ``audience[t]`` (Fearon 1994).
2. In a binding round A proposes with probability ``proposer_a[t]`` and
   offers B its reservation under B's belief (B does not read A's offer as a
   signal: the uninformed side screens, Powell 2004, so only B's offers
   sort the types); each type of A makes it iff it beats its own
   continuation. Otherwise B proposes and screens (Fudenberg, Levine &
   Tirole 1985; Fudenberg & Tirole 1991, ch. 10): a *pooling* package both
   types accept, a *screening* package only one type accepts (the other
   rejects and is revealed: B's belief jumps to 0 or 1 by Bayes' rule), or
   nothing acceptable. A type asked to accept a screening package compares
   it with what it gets by rejecting and being taken for the other type
   (incentive compatibility). Offers are points on the Pareto frontier
   over the issues (:mod:`.frontier`), named by A's utility.
3. Self-enforcement (Powell 2006): a deal must leave each side at least
   its value of reneging, its no-talks war value plus ``enforce``; a deal
   below either floor is not on the table.
4. Without agreement B, then A, may capitulate (``quit_b``, ``quit_a``)
   when that is worth more than fighting on; A's types decide knowing
   their own values, B under its belief. Otherwise each player pays the
   month's cost, the front moves (its law depends on A's type and the
   support level), support moves by its Markov matrix, and B updates
   ``mu`` by Bayes' rule on the front's move (Filson & Werner 2002;
   Slantchev 2003).

Departures from a perfect Bayesian equilibrium, stated: B's belief lives on
a grid and is interpolated linearly between points (exact at 0 and 1); a
rejected *pooling* offer (off the path) leaves the belief unchanged; B
does not learn from A's decision not to capitulate (it moves first in the
capitulation stage). Ties: a responder accepts when indifferent, a side
fights on rather than capitulate when indifferent, B prefers pooling to
screening to no offer when indifferent.
"""

from __future__ import annotations

import numpy as np

from .gamedef import Game, belief_grid, posteriors

__all__ = ["solve_numpy", "war_values", "POLICY_NAMES"]

POLICY_NAMES = ("a_offers", "x_a", "b_choice", "x_b", "b_accepted", "a_quits", "b_quits")
TOL = 1e-12


def _at(game: Game, ua: np.ndarray) -> np.ndarray:
    """Every player's utility at frontier points ``ua`` (A's utility): shape ``(P, *ua.shape)``."""
    return np.stack([np.interp(ua, game.frontier_ua, row) for row in game.frontier_values])


def _ua_of_ub(game: Game, ub: np.ndarray) -> np.ndarray:
    return np.interp(ub, game.frontier_values[1][::-1], game.frontier_ua[::-1])


def _absorb(game: Game, V: np.ndarray) -> np.ndarray:
    """Fix the values at absorbing front states (the winner's positions)."""
    if game.barrier_low:
        V[:, :, 0] = game.end_low[:, None, None, None]
    if game.barrier_high:
        V[:, :, -1] = game.end_high[:, None, None, None]
    return V


def _continuation(game: Game, t: int, V: np.ndarray, lo: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Expected next-month values after a month without agreement, before its cost: ``(P, 2, S, G, M)``."""
    S, G = game.n_states, game.n_support
    mixed = np.einsum("gh,pkshj->pksgj", game.support_switch, V)
    gi = np.arange(G)[:, None]
    out = np.zeros_like(V)
    for e, off in enumerate(game.offsets):
        shifted = mixed[:, :, np.clip(np.arange(S) + int(off), 0, S - 1)]
        l, we = lo[t, :, e, :], w[t, :, e, :]
        moved = shifted[:, :, :, gi, l] * (1 - we) + shifted[:, :, :, gi, l + 1] * we
        out += game.move[t, :, :, e][None, :, None, :, None] * moved
    return out


def _quit_stage(game: Game, F: np.ndarray, grid: np.ndarray):
    """Capitulation: B decides under its belief, then A's types; returns the values and both policies."""
    a_quits = game.quit_a[0] > F[0] + TOL
    Xa = np.where(a_quits[None], game.quit_a[:, None, None, None, None], F)
    exp_b = grid * Xa[1, 1] + (1 - grid) * Xa[1, 0]
    b_quits = game.quit_b[1] > exp_b + TOL
    X = np.where(b_quits[None, None], game.quit_b[:, None, None, None, None], Xa)
    return X, a_quits, b_quits


def _revealed(arr: np.ndarray, k: int) -> np.ndarray:
    """``arr[..., j]`` at the belief where B is sure A is type ``k`` (mu = 0 for serious, 1 for stalling)."""
    return arr[..., -1:] if k == 1 else arr[..., :1]


def _a_proposes(game: Game, Xf, W, grid):
    e_a, e_b = game.enforce
    res_b = grid * Xf[1, 1] + (1 - grid) * Xf[1, 0]
    floor_b = (grid * W[1, 1][..., None] + (1 - grid) * W[1, 0][..., None]) + e_b
    r_b = np.maximum(res_b, floor_b)
    x_a = _ua_of_ub(game, r_b)
    feasible = r_b <= game.frontier_values[1, 0] + TOL
    offers = feasible[None] & (x_a[None] >= Xf[0] - TOL) & (x_a[None] >= W[0][..., None] + e_a - TOL)
    values = np.where(offers[None], _at(game, x_a)[:, None], Xf)
    return values, offers, x_a


def _b_proposes(game: Game, Xf, W, grid):
    """B's options (pool, screen serious in, screen stalling in, none), its choice and everyone's values."""
    e_a, e_b = game.enforce
    mu = grid
    floor_a = W[0][..., None] + e_a  # (2, S, G, 1)
    floor_b = (mu * W[1, 1][..., None] + (1 - mu) * W[1, 0][..., None]) + e_b
    need = np.maximum(Xf[0], floor_a)
    x_pool = np.where(mu == 0.0, need[0], np.where(mu == 1.0, need[1], np.maximum(need[0], need[1])))
    x_pool = np.maximum(x_pool, game.frontier_ua[0])
    at_pool = _at(game, x_pool)
    ok_pool = (x_pool <= 1.0 + TOL) & (at_pool[1] >= floor_b - TOL)
    options = [np.where(ok_pool, at_pool[1], -np.inf)]
    screens = []
    for target in (0, 1):
        other = 1 - target
        x_s = np.maximum(np.maximum(_revealed(Xf[0, target], other), floor_a[target]), game.frontier_ua[0])
        x_s = np.broadcast_to(x_s, x_pool.shape)
        other_rejects = (_revealed(Xf[0, other], other) > x_s + TOL) | (x_s < floor_a[other] - TOL)
        at_s = _at(game, x_s)
        share = mu if target == 1 else 1 - mu
        value = share * at_s[1] + (1 - share) * np.where(other_rejects, _revealed(Xf[1, other], other), at_s[1])
        ok = (x_s <= 1.0 + TOL) & (at_s[1] >= floor_b - TOL) & (share < 1.0)
        options.append(np.where(ok, value, -np.inf))
        screens.append((x_s, other_rejects, at_s))
    options.append(mu * Xf[1, 1] + (1 - mu) * Xf[1, 0])
    stacked = np.stack(options)
    choice = np.argmax(stacked >= stacked.max(axis=0) - TOL, axis=0)
    values, accepted = Xf.copy(), np.zeros(Xf.shape[1:], dtype=bool)
    x_b = np.where(choice == 0, x_pool, np.nan)
    for k in (0, 1):
        got = np.where((choice == 0)[None], at_pool, Xf[:, k])
        acc = choice == 0
        for target in (0, 1):
            x_s, other_rejects, at_s = screens[target]
            sel = choice == 1 + target
            rejects = other_rejects if k != target else np.zeros_like(other_rejects)
            rejected = np.broadcast_to(_revealed(Xf[:, k], k), got.shape)
            got = np.where(sel[None], np.where(rejects[None], rejected, at_s), got)
            acc = acc | (sel & ~rejects)
            if k == 0:
                x_b = np.where(sel, x_s, x_b)
        values[:, k], accepted[k] = got, acc
    return values, choice, x_b, accepted


def war_values(game: Game) -> np.ndarray:
    """Every player's value of war with no talks and no capitulation from each month on: ``(T+1, P, 2, S, G)``.

    The value of reneging on a deal (Powell 2006) when ``enforce`` is 0; belief plays no part.
    """
    grid = np.array([0.0, 1.0])
    lo = np.zeros((game.horizon, game.n_support, len(game.offsets), 2), dtype=int)
    w = np.broadcast_to(grid, lo.shape).copy()
    V = _absorb(game, np.broadcast_to(game.terminal[:, None, :, None, None],
                                      (game.n_players, 2, game.n_states, game.n_support, 2)).copy())
    out = [V[..., 0]]
    for t in range(game.horizon - 1, -1, -1):
        cont = _continuation(game, t, V, lo, w)
        V = _absorb(game, -game.cost[t][:, :, None, :, None] + game.discount[:, None, None, None, None] * cont)
        out.append(V[..., 0])
    return np.stack(out[::-1])


def solve_numpy(game: Game) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Backward induction: values at month 0 ``(P, 2, S, G, M)`` and the policies (month first)."""
    grid = belief_grid(game)
    lo, w = posteriors(game, grid)
    W = war_values(game)
    P, S, G, M = game.n_players, game.n_states, game.n_support, len(grid)
    V = _absorb(game, np.broadcast_to(game.terminal[:, None, :, None, None], (P, 2, S, G, M)).copy())
    policy: dict[str, list] = {name: [] for name in POLICY_NAMES}
    for t in range(game.horizon - 1, -1, -1):
        cont = _continuation(game, t, V, lo, w)
        F = -game.cost[t][:, :, None, :, None] + game.discount[:, None, None, None, None] * cont
        X, a_quits, b_quits = _quit_stage(game, F, grid)
        Xf = X.copy()
        Xf[0] -= game.audience[t, 0]
        Xf[1] -= game.audience[t, 1]
        va, a_offers, x_a = _a_proposes(game, Xf, W[t], grid)
        vb, choice, x_b, accepted = _b_proposes(game, Xf, W[t], grid)
        pa, kappa, rho = game.proposer_a[t], game.authority[t], game.talks[t]
        neg = pa * va + (1 - pa) * vb
        V = _absorb(game, (1 - rho) * X + rho * ((1 - kappa) * Xf + kappa * neg))
        for name, arr in zip(POLICY_NAMES, (a_offers, x_a, choice, x_b, accepted, a_quits, b_quits)):
            policy[name].append(arr)
    return V, {name: np.stack(arrs[::-1]) for name, arrs in policy.items()}
