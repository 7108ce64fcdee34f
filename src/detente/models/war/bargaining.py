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
   rejects and is revealed: B's belief jumps to 0 or 1 by Bayes' rule), a
   *semi-separating* package one type accepts with a probability (the
   other rejects; B's belief after a refusal lands on a grid point where
   the accepting type is indifferent: Fudenberg & Tirole 1991, sec. 10.2,
   :func:`_screens`), or nothing acceptable. A type asked to accept a
   screening package compares it with what it gets by rejecting and being
   taken for the other type, or, semi-separating, with B's belief after
   the refusal (incentive compatibility). Offers are points on the Pareto
   frontier over the issues (:mod:`.frontier`), named by A's utility.
3. Self-enforcement (Powell 2006): a deal must leave each side at least
   its value of reneging, its no-talks war value plus ``enforce``; a deal
   below either floor is not on the table.
4. Without agreement A, then B, may capitulate (``quit_a``, ``quit_b``)
   when that is worth more than fighting on; A's types decide knowing
   their own values, B under its belief after seeing A fight on (a type
   that alone capitulates reveals the other). Otherwise each player pays the
   month's cost, the front moves (its law depends on A's type and the
   support level), support moves by its Markov matrix, and B updates
   ``mu`` by Bayes' rule on the front's move (Filson & Werner 2002;
   Slantchev 2003).

Departures from a perfect Bayesian equilibrium, stated: B's belief lives on
a grid and is interpolated linearly between points (exact at 0 and 1); B's
posterior after a refused semi-separating offer is a grid point (so the
continuation after it is an exact grid value; an indifference belief
between grid points is reached to the grid's step); a belief of exactly 0
or 1 stays there after every event (Rubinstein 1985's "never dissuaded
once convinced": no off-path refusal at a sure belief is read as the
absent type); a
rejected *pooling* offer (off the path) is read as coming from the stalling
type (mu = 1: the D1 belief, Cho & Kreps 1987, since the stalling type, whose
war values are the higher, gains from rejecting whenever the serious type
does; the skimming logic of Fudenberg, Levine & Tirole 1985), and
an offer is a screening offer only if the type it is not meant for rejects
it (else it is a pooling offer, priced with that belief); A's offer is not
read as a signal (a stated departure from a PBE: Powell 2004 gives
the uninformed side all offers; at Istanbul's nominal inputs both types or
neither make A's offer in 98.6% of states); B's own offers are the only ones that screen (Powell
2004). Ties: a responder accepts when indifferent (a type asked to mix
is indifferent), a side fights on rather than capitulate when
indifferent, B prefers screening (the serious type's, then the stalling
type's; pure, then the semi-separating posterior nearest to it) to pooling
to no offer when indifferent, pooling first at a degenerate belief
(:func:`_choose`).
"""

from __future__ import annotations

import numpy as np

from .gamedef import Game, belief_grid, interp_weights, posteriors

__all__ = ["solve_numpy", "war_values", "POLICY_NAMES"]

POLICY_NAMES = ("a_offers", "x_a", "b_choice", "x_b", "b_accepted", "a_quits", "b_quits", "post_quit",
                "b_post")
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


def _crossing(y: np.ndarray, q: float, grid: np.ndarray, j: int, up: bool) -> np.ndarray:
    """The belief beyond grid point ``j`` (above it if ``up``) where the piecewise-linear ``y`` first
    reaches ``q`` from below; NaN where it does not. ``y`` has the grid last."""
    out = np.full(y.shape[:-1], np.nan)
    steps = range(j, len(grid) - 1) if up else range(j, 0, -1)
    for i in steps:
        i2 = i + 1 if up else i - 1
        hit = np.isnan(out) & (y[..., i] < q) & (y[..., i2] >= q)
        frac = (q - y[..., i]) / np.where(hit, y[..., i2] - y[..., i], 1.0)
        out = np.where(hit, grid[i] + frac * (grid[i2] - grid[i]), out)
    return out


def _interp_grid(y: np.ndarray, grid: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """``y`` (grid last) at beliefs ``mu``, linear between grid points; ``mu`` has the shape of ``y``
    (one belief per grid point) or of ``y`` without its last axis (one belief)."""
    lo, w = interp_weights(grid, np.nan_to_num(mu))
    if mu.ndim == y.ndim:
        return np.take_along_axis(y, lo, axis=-1) * (1 - w) + np.take_along_axis(y, lo + 1, axis=-1) * w
    take = lambda idx: np.take_along_axis(y, idx[..., None], axis=-1)[..., 0]  # noqa: E731
    return take(lo) * (1 - w) + take(lo + 1) * w


def _quit_stage(game: Game, t: int, F: np.ndarray, grid: np.ndarray):
    """Capitulation after a month without agreement: A's types first, then B, who reads A's choice.

    B quits at belief ``mu`` iff its capitulation value beats fighting on (``b_quits``). A's types then
    play a PBE of the capitulation choice given B's posterior after "A fights on" (Bayes' rule): if
    one type wants out at ``mu`` it quits alone when it would even if taken for the other type (the
    other type revealed); otherwise it quits with the probability that raises B's posterior to the
    belief where it is indifferent (a semi-separating equilibrium, as in wars of attrition: Fudenberg
    & Tirole 1991 ch. 4), provided the other type then stays. If both want out both quit. Where B is
    sure (mu = 0 or 1), or none of these holds, each type decides at the current belief.
    Returns the values, P(A's type quits) ``(2, S, G, M)``, B's quits ``(S, G, M)`` and B's posterior
    belief after A fights on ``(S, G, M)``.
    """
    q_a, q_b = game.quit_a[t], game.quit_b[t]
    M = len(grid)
    b_quits = q_b[1] > grid * F[1, 1] + (1 - grid) * F[1, 0] + TOL
    Y = np.where(b_quits[None, None], q_b[:, None, None, None, None], F)
    ya = Y[0] + TOL  # A's types' values of fighting on, per belief (ties: fight on)
    quit = np.zeros(Y.shape[1:])
    post = np.broadcast_to(grid, Y.shape[2:]).copy()
    for j in range(1, M - 1):
        stay0, stay1 = ya[0, ..., j] >= q_a[0], ya[1, ..., j] >= q_a[0]
        for k, up in ((0, True), (1, False)):  # the serious type wants out: B's belief after it rises
            wants = ~(stay1 if k else stay0) & (stay0 if k else stay1)
            other = ya[1 - k]
            end = M - 1 if up else 0
            pure = wants & (ya[k, ..., end] < q_a[0]) & (other[..., end] >= q_a[0])
            mu_star = _crossing(ya[k], q_a[0], grid, j, up)
            mixed = wants & ~pure & ~np.isnan(mu_star) & (_interp_grid(other, grid, mu_star) >= q_a[0])
            mu, ms = grid[j], np.where(mixed, mu_star, 0.5)
            # Bayes: P(stalling | fights on) = ms gives the quitting type's probability
            sigma = 1 - (mu * (1 - ms)) / (ms * (1 - mu)) if k == 0 else 1 - ((1 - mu) * ms) / ((1 - ms) * mu)
            quit[k, ..., j] = np.where(pure, 1.0, np.where(mixed, sigma, quit[k, ..., j]))
            post[..., j] = np.where(pure, grid[end], np.where(mixed, ms, post[..., j]))
            done = pure | mixed
            alone = wants & ~done  # no equilibrium of this shape: each type on its own
            quit[k, ..., j] = np.where(alone, 1.0, quit[k, ..., j])
        both = ~stay0 & ~stay1
        quit[:, both, j] = 1.0
    for j in (0, M - 1):
        quit[..., j] = ya[..., j] < q_a[0]
    cont = np.stack([_interp_grid(Y[p, k], grid, post) for p in range(Y.shape[0]) for k in (0, 1)])
    cont = cont.reshape(Y.shape)
    X = quit[None] * q_a[:, None, None, None, None] + (1 - quit[None]) * cont
    return X, quit, b_quits, post


def _revealed(arr: np.ndarray, k: int) -> np.ndarray:
    """``arr[..., j]`` at the belief where B is sure A is type ``k`` (mu = 0 for serious, 1 for stalling)."""
    return arr[..., -1:] if k == 1 else arr[..., :1]


def a_proposes(game: Game, Xf, W, grid):
    """A's offer: the frontier point giving B its reservation value (at least its floor), made where feasible
    and worth at least A's continuation and floor; everyone's values, where A offers, and A's utility of it."""
    e_a, e_b = game.enforce
    res_b = grid * Xf[1, 1] + (1 - grid) * Xf[1, 0]
    floor_b = (grid * W[1, 1][..., None] + (1 - grid) * W[1, 0][..., None]) + e_b
    r_b = np.maximum(res_b, floor_b)
    x_a = _ua_of_ub(game, r_b)
    feasible = r_b <= game.frontier_values[1, 0] + TOL
    offers = feasible[None] & (x_a[None] >= Xf[0] - TOL) & (x_a[None] >= W[0][..., None] + e_a - TOL)
    values = np.where(offers[None], _at(game, x_a)[:, None], Xf)
    return values, offers, x_a


def _pool_refusal_index(grid: np.ndarray) -> np.ndarray:
    """Grid index of B's belief after a refused pool: mu = 1 inside (the D1 belief: the stalling type gains from
    rejecting whenever the serious type does), the belief itself where it is 0 or 1 (a B sure of A's type stays
    sure: Bayes' rule has nothing to revise, and no 0/0 is resolved toward the absent type; Rubinstein 1985's
    "never dissuaded once convinced")."""
    M = len(grid)
    return np.where((grid > 0.0) & (grid < 1.0), M - 1, np.arange(M))


def screen_terms(mu, post, k: int):
    """``(P(type k accepts), P(a refusal))`` at B's belief ``mu`` when type ``k`` accepts with the probability
    that leaves B's belief at ``post`` after a refusal and the other type refuses for sure. Bayes' rule with
    ``s_k`` = P(k) under ``mu`` and ``q`` = P(k | refusal) (``1 - post`` for the serious type, ``post`` for the
    stalling type): ``s_k (1 - sigma) / (s_k (1 - sigma) + s_o) = q`` gives ``P(refusal) = s_o / (1 - q)`` and
    ``P(accept) = s_k - q s_o / (1 - q)``; a pure screen is ``q = 0`` (Fudenberg & Tirole 1991, sec. 10.2)."""
    s_k = 1.0 - mu if k == 0 else mu
    s_o = 1.0 - s_k
    q = 1.0 - post if k == 0 else post
    return s_k - q * s_o / (1.0 - q), s_o / (1.0 - q)


def _screens(game: Game, Xf, floor_a, floor_b, grid, k: int):
    """B's best screen of type ``k`` at each belief ``mu_j``: an offer type ``k`` accepts, surely or with a
    probability, and the other type refuses, with B's belief after a refusal on a grid point ``mu_i`` beyond
    ``mu_j`` (away from type ``k``). The pure screen (``mu_i`` = 0 or 1: the refusal reveals the other type) and
    the semi-separating screens (Fudenberg & Tirole 1991, sec. 10.2): type ``k`` is indifferent, so the offer is
    its value of refusing at ``mu_i``, ``Xf[0, k, i]``, and it mixes with the probability that puts B's
    posterior at ``mu_i`` (:func:`screen_terms`); B's value ``P(accept) u_B(x_i) + P(refusal) E_{mu_i}[Xf_B]``,
    computed as ``s_k u_B + s_o (E_{mu_i}[Xf_B] - q_i u_B) / (1 - q_i)`` (the same, by screen_terms).
    Semi-separating screens only where ``0 < mu_j < 1`` and where neither floor nor frontier forces the price
    above that value (a type paid more than its refusal is worth accepts surely). Ties: the pure screen, then
    the posterior nearest to it. Returns B's value, the posterior's index, the offer (A's utility) and P(type k
    accepts | type k), each ``(S, G, M)``. ``floor_b`` ``(S, G, 1)``: B's reneging floor once type ``k`` has
    taken the deal (its war value against type ``k`` plus its gain from reneging), the same at every belief."""
    M, o = len(grid), 1 - k
    end = M - 1 if k == 0 else 0
    x = np.maximum(np.maximum(Xf[0, k], floor_a[k]), game.frontier_ua[0])  # (S, G, M_i): the offer at posterior i
    pure = np.arange(M) == end
    ok = (x <= 1.0 + TOL) & ((Xf[0, o] > x + TOL) | (x < floor_a[o] - TOL))  # the other type refuses
    ok &= pure | (x <= Xf[0, k] + TOL)
    ub = np.interp(x, game.frontier_ua, game.frontier_values[1])
    cont_b = grid * Xf[1, 1] + (1 - grid) * Xf[1, 0]
    mu, post = grid[:, None], grid[None, :]  # (M_j, M_i)
    s_k = 1.0 - mu if k == 0 else mu
    beyond = (post > mu) if k == 0 else (post < mu)
    allowed = np.where(pure[None, :], s_k < 1.0, beyond & (mu > 0.0) & (mu < 1.0))
    q = 1.0 - grid if k == 0 else grid  # P(type k | refusal) at posterior i
    with np.errstate(divide="ignore", invalid="ignore"):  # posteriors not allowed (q = 1) give inf, dropped below
        p_acc, _ = screen_terms(mu, post, k)
        # P(accept) u_B + P(refusal) c = s_k u_B + s_o (c - q u_B) / (1 - q) (screen_terms), the last factor per i
        rest = (cont_b - q * ub) / (1.0 - q)
        value = s_k * ub[..., None, :] + (1.0 - s_k) * rest[..., None, :]  # (S, G, M_j, M_i)
    keep = allowed & ok[..., None, :] & (ub[..., None, :] >= floor_b[..., None] - TOL)
    value = np.where(keep, value, -np.inf)
    order = np.arange(M)[::-1] if k == 0 else np.arange(M)
    ranked = value[..., order]
    best = order[np.argmax(ranked >= ranked.max(axis=-1, keepdims=True) - TOL, axis=-1)]  # (S, G, M_j)
    j = np.arange(M)
    v = np.take_along_axis(value, best[..., None], axis=-1)[..., 0]
    share = s_k[:, 0]
    sigma = np.where(share > 0.0, p_acc[j, best] / np.where(share > 0.0, share, 1.0), 1.0)
    return v, best, np.take_along_axis(x, best, axis=-1), sigma


def _choose(pool, screen0, screen1, none, grid):
    """B's offer: 0 pool, 1 screen of the serious type, 2 of the stalling type, 3 none acceptable. Ties inside
    (0 < mu < 1): a screen (pure or semi-separating) before a pool, then none. At the belief where B is
    indifferent, the PBE has B make the offer that leaves a type that mixed into that belief indifferent
    (Fudenberg & Tirole 1991, sec. 10.2: the seller charges the high price there; a pure screen of the serious
    type leaves each of A's types no more than the pool, priced at the D1 belief, does). At a degenerate belief:
    pool, screen, none."""
    top = np.maximum(np.maximum(pool, screen0), np.maximum(screen1, none))
    inner = (grid > 0.0) & (grid < 1.0)
    ties = ((screen0 >= top - TOL) & inner, 1), ((screen1 >= top - TOL) & inner, 2), (pool >= top - TOL, 0), \
        (screen0 >= top - TOL, 1), (screen1 >= top - TOL, 2)
    choice = np.full(top.shape, 3, dtype=np.int8)
    for hit, code in ties[::-1]:
        choice = np.where(hit, np.int8(code), choice)
    return choice


def b_proposes(game: Game, Xf, W, grid):
    """B's options (pool, screen of either type, pure or semi-separating, none), its choice and everyone's values.

    Returns the values ``(P, 2, S, G, M)``, the choice, the offer (A's utility; NaN if none), P(each type
    accepts) ``(2, S, G, M)`` and B's belief after a refusal ``(S, G, M)`` (a grid point: 1 after a refused
    pool inside, the belief itself at 0 or 1 (:func:`_pool_refusal_index`), the screen's posterior after a
    refused screen, the belief itself with no offer)."""
    e_a, e_b = game.enforce
    mu = grid
    floor_a = W[0][..., None] + e_a  # (2, S, G, 1)
    floor_b = (mu * W[1, 1][..., None] + (1 - mu) * W[1, 0][..., None]) + e_b
    # a rejected pooling offer (off the path) is read as the stalling type's (the D1 belief; the stalling
    # type gains from rejecting whenever the serious type does): each type's price is its value of rejecting
    # and being taken for the stalling type; at a degenerate belief B stays sure
    ref = _pool_refusal_index(grid)
    need = np.maximum(Xf[0][..., ref], floor_a)
    x_pool = np.where(mu == 0.0, need[0], np.where(mu == 1.0, need[1], np.maximum(need[0], need[1])))
    x_pool = np.maximum(x_pool, game.frontier_ua[0])
    at_pool = _at(game, x_pool)
    ok_pool = (x_pool <= 1.0 + TOL) & (at_pool[1] >= floor_b - TOL)
    # a screen's deal reveals the type that took it, so B's reneging floor is its war value against that type
    # (Powell 2006's floor at B's belief after the deal; the pool's keeps B's belief, hence the mixed floor)
    screens = [_screens(game, Xf, floor_a, W[1, k][..., None] + e_b, grid, k) for k in (0, 1)]
    none = mu * Xf[1, 1] + (1 - mu) * Xf[1, 0]
    choice = _choose(np.where(ok_pool, at_pool[1], -np.inf), screens[0][0], screens[1][0], none, grid)
    values, accepted = Xf.copy(), np.zeros(Xf.shape[1:])
    x_b = np.where(choice == 0, x_pool, np.nan)
    post = np.where(choice == 0, grid[ref], np.broadcast_to(grid, choice.shape))
    for target, (_, best, x_s, sigma) in enumerate(screens):
        sel = choice == 1 + target
        x_b = np.where(sel, x_s, x_b)
        post = np.where(sel, grid[best], post)
    for k in (0, 1):
        # per type: at a degenerate belief the pool is priced for one type only, and the
        # other type (believed absent) accepts it only if it beats its own continuation
        acc = ((choice == 0) & (x_pool >= need[k] - TOL)).astype(float)
        got = np.where((choice == 0)[None], Xf[:, k][..., ref], Xf[:, k])
        got = np.where((acc > 0)[None], at_pool, got)
        for target, (_, best, x_s, sigma) in enumerate(screens):
            sel = choice == 1 + target
            refused = np.take_along_axis(Xf[:, k], np.broadcast_to(best[None], got.shape), axis=-1)
            if k == target:  # accepts with sigma, indifferent where sigma < 1
                got = np.where(sel[None], sigma * _at(game, x_s) + (1 - sigma) * refused, got)
                acc = np.where(sel, sigma, acc)
            else:
                got = np.where(sel[None], refused, got)
        values[:, k], accepted[k] = got, acc
    return values, choice, x_b, accepted, post


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
        X, a_quits, b_quits, post = _quit_stage(game, t, F, grid)
        Xf = X.copy()
        Xf[0] -= game.audience[t, 0]
        Xf[1] -= game.audience[t, 1]
        va, a_offers, x_a = a_proposes(game, Xf, W[t], grid)
        vb, choice, x_b, accepted, b_post = b_proposes(game, Xf, W[t], grid)
        pa, kappa, rho = game.proposer_a[t], game.authority[t], game.talks[t]
        neg = pa * va + (1 - pa) * vb
        V = _absorb(game, (1 - rho) * X + rho * ((1 - kappa) * Xf + kappa * neg))
        for name, arr in zip(POLICY_NAMES, (a_offers, x_a, choice, x_b, accepted, a_quits, b_quits, post,
                                                b_post)):
            policy[name].append(arr)
    return V, {name: np.stack(arrs[::-1]) for name, arrs in policy.items()}
