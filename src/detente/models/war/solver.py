"""Backward induction for bargaining while fighting, with one-sided private information.

The game (after Fearon 1995, Filson & Werner 2002, Slantchev 2003, Powell
2004 and Smith & Stam 2004): two belligerents, A and B, dispute a stake of
value 1. The front is a random walk on ``0..N`` (Smith & Stam 2004): A
wins the stake on reaching ``N``, B on reaching 0. Each round:

1. with probability ``talks`` the sides negotiate: A proposes with
   probability ``proposer_a`` (else B), offering a split ``x`` (A's share);
   the responder accepts (the game ends: A gets ``x``, B ``1 - x``), rejects,
   or, if it has one, quits for its outside option (war to the end, worth
   ``outside``);
2. otherwise, or after a rejection, a battle takes place with probability
   ``battle``: A advances one step with probability ``p_advance[k, g]``
   (its type ``k``, the regime ``g``, e.g. whether B has a third party's
   support), each side pays its per-round cost, and the regime switches by
   the Markov matrix ``regime_switch`` (e.g. support withdrawn);
3. payoffs of the next round are discounted by each side's ``discount``.

At the horizon the line of contact becomes the settlement (``terminal=
"front"``: A gets ``s/N``), nothing (``"zero"``, Rubinstein's disagreement
point) or the outside options (``"outside"``).

Information: A knows its type ``k`` (one of two: e.g. strong/"stalling" and
weak/"serious"), B holds belief ``mu`` that A is type 0 and updates it by
Bayes' rule after every battle (Filson & Werner 2002, eq. 3) and after a
rejected screening offer. Complete information is the special case
``prior`` = 0 or 1, where the solution is exact subgame-perfect equilibrium.

Solution concept (incomplete information), and where it departs from a
perfect Bayesian equilibrium:

- B's belief lives on a grid of ``belief_points`` values; values between
  points are linearly interpolated (a discretisation, exact at 0 and 1).
- When B proposes it chooses, under its belief, among a pooling offer both
  types accept, a screening offer only one type accepts (the rejecting type
  is then revealed, Bayes' rule on the types' strategies), and no acceptable
  offer. Off the path (a pooling offer rejected) the belief is unchanged.
- When A proposes, B does not read A's offer as a signal: A's types offer B
  its expected continuation value under the current belief (pooling on
  offers). A full PBE would also let offers signal type; this is the main
  departure and is why the result is called an approximation in the docs.
- Certainty is kept: at belief 0 or 1 B offers only what the type it is
  sure of needs and makes no screening offer (a rejection there is off the
  path and does not move the belief), so the known-type case is exact.
- Offers are shares in [0, 1]: a responder whose continuation value is
  negative (war costs exceed what it can still win) accepts nothing, and
  gets nothing, rather than paying the proposer.
- Ties: the responder accepts when indifferent; B prefers pooling to
  screening to no offer when indifferent.

All values are in units of the stake (a settlement ``x`` is worth ``x`` to A).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Game", "Solution", "solve", "belief_grid"]


@dataclass(frozen=True)
class Game:
    """One bargaining-while-fighting game (plain numbers and arrays; validated upstream).

    Attributes
    ----------
    length, start
        The front ``N`` and its starting position (A wins at ``N``, B at 0).
    horizon
        Rounds ``T`` before the terminal payoff.
    p_advance
        Array ``(2, G)``: A's probability of advancing in a battle, per type and regime.
    cost_a
        Array ``(2, G)``: A's cost per battle round, per type and regime.
    cost_b
        Array ``(G,)``: B's cost per battle round, per regime.
    discount
        ``(d_A, d_B)`` per round.
    talks
        Probability that a round has a negotiation.
    proposer_a
        Probability that A proposes, one value or one per round.
    battle
        Probability of a battle in a round without agreement, one value or one per round.
    regime_switch
        Array ``(G, G)``: row ``g`` gives next round's regime distribution.
    prior
        B's initial belief that A is type 0; ``regime0`` the initial regime distribution.
    outside
        ``(w_A, w_B)``: values of quitting to war to the end, or None (no outside option).
    terminal
        ``"front"``, ``"zero"`` or ``"outside"``.
    belief_points
        Grid size for B's belief (ignored, and 2, under complete information).
    """

    length: int
    start: int
    horizon: int
    p_advance: np.ndarray
    cost_a: np.ndarray
    cost_b: np.ndarray
    discount: tuple[float, float]
    talks: float = 1.0
    proposer_a: float | tuple[float, ...] = 0.5
    battle: float | tuple[float, ...] = 1.0
    regime_switch: np.ndarray = field(default_factory=lambda: np.eye(1))
    prior: float = 1.0
    regime0: tuple[float, ...] = (1.0,)
    outside: tuple[float, float] | None = None
    terminal: str = "front"
    belief_points: int = 21

    def per_round(self, value) -> np.ndarray:
        return np.broadcast_to(np.asarray(value, dtype=float), (self.horizon,)) if np.ndim(value) == 0 \
            else np.asarray(value, dtype=float)[: self.horizon]


@dataclass
class Solution:
    """Values and policies of a solved :class:`Game`.

    ``value_a[t, k, s, g, j]`` is type ``k`` of A's value at the start of
    round ``t``, front ``s``, regime ``g`` and B's belief ``grid[j]``;
    ``value_b`` is B's value given A's true type ``k``. ``policy`` maps names
    (``a_offers``, ``x_a``, ``b_quits``, ``b_choice``, ``x_b``,
    ``b_accepted``, ``a_quits``) to arrays with the round first; the forward
    pass (:func:`detente.models.war.paths.forward`) reads them.
    """

    game: Game
    grid: np.ndarray
    value_a: np.ndarray
    value_b: np.ndarray
    policy: dict[str, np.ndarray]
    interp: tuple[np.ndarray, ...] | None = None

    def start_values(self, belief: float | None = None, regime0=None, start: int | None = None
                     ) -> tuple[np.ndarray, float]:
        """A's value per type and B's expected value at the start (belief default: the prior)."""
        va, vb = self.start_values_by_type(belief, regime0, start)
        mu = self.game.prior if belief is None else belief
        return va, float(mu * vb[0] + (1 - mu) * vb[1])

    def start_values_by_type(self, belief: float | None = None, regime0=None, start: int | None = None
                             ) -> tuple[np.ndarray, np.ndarray]:
        """A's value per type and B's value given A's type, at round 0."""
        g = self.game
        mu = g.prior if belief is None else belief
        w = np.asarray(g.regime0 if regime0 is None else regime0, dtype=float)
        s = g.start if start is None else start
        va = np.array([np.interp(mu, self.grid, w @ self.value_a[0, k, s]) for k in (0, 1)])
        vb = np.array([np.interp(mu, self.grid, w @ self.value_b[0, k, s]) for k in (0, 1)])
        return va, vb


def belief_grid(game: Game) -> np.ndarray:
    """B's belief grid: ``{0, 1}`` under complete information, else ``belief_points`` even steps."""
    if game.prior in (0.0, 1.0) and np.allclose(game.p_advance[0], game.p_advance[1]) \
            or game.prior in (0.0, 1.0) and game.belief_points <= 2:
        return np.array([0.0, 1.0])
    return np.linspace(0.0, 1.0, max(game.belief_points, 2))


def _interp_weights(grid: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower grid index and weight on the upper neighbour for linear interpolation at ``values``."""
    values = np.clip(values, grid[0], grid[-1])
    lo = np.clip(np.searchsorted(grid, values, side="right") - 1, 0, len(grid) - 2)
    w = (values - grid[lo]) / (grid[lo + 1] - grid[lo])
    return lo, w


def _posterior_after_battle(grid: np.ndarray, p: np.ndarray, a_won: bool) -> np.ndarray:
    """B's belief that A is type 0 after a battle, per regime and grid point (Filson & Werner 2002, eq. 3).

    ``p`` has shape ``(2, G)``; returns ``(G, M)``.
    """
    like0 = p[0] if a_won else 1 - p[0]
    like1 = p[1] if a_won else 1 - p[1]
    num = grid[None, :] * like0[:, None]
    den = num + (1 - grid[None, :]) * like1[:, None]
    return np.where(den > 0, num / np.where(den > 0, den, 1), grid[None, :])


def _terminal(game: Game, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    n = game.length
    s = np.arange(n + 1, dtype=float)
    if game.terminal == "front":
        a = np.broadcast_to((s / n)[None, :, None, None], shape).copy()
        return a, 1.0 - a
    if game.terminal == "outside":
        w = game.outside or (0.0, 0.0)
        return np.full(shape, w[0]), np.full(shape, w[1])
    return np.zeros(shape), np.zeros(shape)


def _expect_next(game: Game, va: np.ndarray, vb: np.ndarray, interp: dict) -> tuple[np.ndarray, np.ndarray]:
    """Continuation values after a battle (before this round's costs and discounting), shape (2, S, G, M)."""
    P = np.asarray(game.regime_switch, dtype=float)
    out = []
    for v in (va, vb):
        mixed = np.einsum("hg,ksgj->kshj", P, v)  # value at the start of next round given this round's regime
        up = mixed[:, :, :, interp["up_lo"]] * (1 - interp["up_w"]) + mixed[:, :, :, interp["up_lo"] + 1] * interp["up_w"]
        dn = mixed[:, :, :, interp["dn_lo"]] * (1 - interp["dn_w"]) + mixed[:, :, :, interp["dn_lo"] + 1] * interp["dn_w"]
        # take the diagonal over regimes: the posterior depends on the regime in which the battle was fought
        g_idx = np.arange(mixed.shape[2])
        up = up[:, :, g_idx, g_idx, :]
        dn = dn[:, :, g_idx, g_idx, :]
        p = game.p_advance[:, None, :, None]
        cont = np.empty_like(mixed)
        cont[:, 1:-1] = p * up[:, 2:] + (1 - p) * dn[:, :-2]
        cont[:, 0], cont[:, -1] = mixed[:, 0], mixed[:, -1]
        out.append((cont, mixed))
    return out[0], out[1]


def solve(game: Game, backend: str = "numba", interp: tuple[np.ndarray, ...] | None = None) -> Solution:
    """Solve ``game`` by backward induction (see the module docstring for the solution concept).

    ``backend="numba"`` runs the compiled kernel (:mod:`._kernels`); ``"numpy"`` the vectorised
    reference below, kept as the readable version and as the baseline of the benchmark.
    ``interp``: :func:`interpolation` of the game on its :func:`belief_grid`, if already at hand
    (it depends only on ``p_advance`` and the grid, so games that share them can share it).
    """
    if backend == "numba":
        return _solve_numba(game, interp)
    if backend != "numpy":
        raise ValueError(f"backend must be 'numba' or 'numpy', got {backend!r}")
    grid = belief_grid(game)
    n, G, M = game.length, np.asarray(game.regime_switch).shape[0], len(grid)
    shape = (2, n + 1, G, M)
    d_a, d_b = game.discount
    p = np.asarray(game.p_advance, dtype=float)
    up_mu, dn_mu = _posterior_after_battle(grid, p, True), _posterior_after_battle(grid, p, False)
    up_lo, up_w = _interp_weights(grid, up_mu)
    dn_lo, dn_w = _interp_weights(grid, dn_mu)
    interp = {"up_lo": up_lo, "up_w": up_w, "dn_lo": dn_lo, "dn_w": dn_w}
    battle, prop_a = game.per_round(game.battle), game.per_round(game.proposer_a)
    cost_a = np.asarray(game.cost_a, dtype=float)[:, None, :, None]
    cost_b = np.asarray(game.cost_b, dtype=float)[None, None, :, None]
    va, vb = _terminal(game, shape)
    values_a, values_b, policy = [va], [vb], []
    interior = np.zeros(n + 1, dtype=bool)
    interior[1:-1] = True
    won = interior[None, :, None, None]
    for t in range(game.horizon - 1, -1, -1):
        (cont_a, mixed_a), (cont_b, mixed_b) = _expect_next(game, va, vb, interp)
        beta = battle[t]
        # rejection continuation: a battle (costly) with probability beta, else a costless delay
        rej_a = beta * (d_a * cont_a - cost_a) + (1 - beta) * d_a * mixed_a
        rej_b = beta * (d_b * cont_b - cost_b) + (1 - beta) * d_b * mixed_b
        neg_a, neg_b, pol = _negotiate(game, grid, rej_a, rej_b, prop_a[t])
        va_new = game.talks * neg_a + (1 - game.talks) * rej_a
        vb_new = game.talks * neg_b + (1 - game.talks) * rej_b
        # the barriers are absorbing: the winner holds the stake
        va = np.where(won, va_new, np.where(np.arange(n + 1)[None, :, None, None] == n, 1.0, 0.0))
        vb = np.where(won, vb_new, np.where(np.arange(n + 1)[None, :, None, None] == 0, 1.0, 0.0))
        pol.update(rej_a=rej_a, rej_b=rej_b)
        values_a.append(va)
        values_b.append(vb)
        policy.append(pol)
    policy = policy[::-1]
    names = ("a_offers", "x_a", "b_quits", "b_choice", "x_b", "b_accepted", "a_quits")
    stacked = {name: np.stack([np.broadcast_to(pol[name], pol[name].shape) for pol in policy]) for name in names}
    return Solution(game, grid, np.stack(values_a[::-1]), np.stack(values_b[::-1]), stacked)


def interpolation(game: Game, grid: np.ndarray) -> tuple[np.ndarray, ...]:
    """Grid neighbours and weights of B's posterior after A wins (up) or loses (down) a battle."""
    p = np.asarray(game.p_advance, dtype=float)
    up_lo, up_w = _interp_weights(grid, _posterior_after_battle(grid, p, True))
    dn_lo, dn_w = _interp_weights(grid, _posterior_after_battle(grid, p, False))
    return up_lo, up_w, dn_lo, dn_w


def _solve_numba(game: Game, interp: tuple[np.ndarray, ...] | None = None) -> Solution:
    from . import _kernels

    grid = belief_grid(game)
    up_lo, up_w, dn_lo, dn_w = interp if interp is not None else interpolation(game, grid)
    has_outside = game.outside is not None
    w_a, w_b = game.outside if has_outside else (0.0, 0.0)
    terminal = {"front": 0, "zero": 1, "outside": 2}[game.terminal]
    out = _kernels.backward(
        game.length, game.horizon, np.ascontiguousarray(game.p_advance, dtype=float),
        np.ascontiguousarray(game.cost_a, dtype=float), np.ascontiguousarray(game.cost_b, dtype=float),
        float(game.discount[0]), float(game.discount[1]), float(game.talks),
        np.ascontiguousarray(game.per_round(game.proposer_a)), np.ascontiguousarray(game.per_round(game.battle)),
        np.ascontiguousarray(game.regime_switch, dtype=float), grid, up_lo, up_w, dn_lo, dn_w,
        has_outside, float(w_a), float(w_b), terminal)
    names = ("a_offers", "x_a", "b_quits", "b_choice", "x_b", "b_accepted", "a_quits")
    return Solution(game, grid, out[0], out[1], dict(zip(names, out[2:])), (up_lo, up_w, dn_lo, dn_w))


def _revealed(values: np.ndarray, k: int) -> np.ndarray:
    """``values[..., j]`` at the grid end where B is sure A is type ``k`` (mu = 1 for type 0, 0 for type 1)."""
    return values[..., -1:] if k == 0 else values[..., :1]


def _negotiate(game: Game, grid: np.ndarray, rej_a: np.ndarray, rej_b: np.ndarray, prop_a: float):
    """Values of a negotiation round for A's types and for B (given A's type), and the policy.

    Arrays are ``(2, S, G, M)`` (A's type first) for A and B, ``(S, G, M)`` for B's choices.
    """
    mu = grid  # broadcasts over the last axis
    w_a, w_b = game.outside if game.outside is not None else (-np.inf, -np.inf)
    # ---- A proposes: B accepts x iff 1 - x >= its reservation (expected under its belief)
    exp_rej_b = mu * rej_b[0] + (1 - mu) * rej_b[1]
    b_quits = w_b > exp_rej_b
    reserve_b = np.maximum(exp_rej_b, w_b)
    x_a = np.minimum(1.0, 1.0 - reserve_b)  # a share: A cannot demand more than the stake
    if_rejected_a = np.where(b_quits, w_a, rej_a)
    if_rejected_b = np.where(b_quits, w_b, rej_b)
    a_offers = x_a >= if_rejected_a
    a_prop_a = np.where(a_offers, x_a, if_rejected_a)
    a_prop_b = np.where(a_offers, 1.0 - x_a, if_rejected_b)
    # ---- B proposes: A's type k, if it rejects, gets ra[k] (quitting when its outside option is better)
    a_quits = w_a > rej_a
    ra = np.maximum(rej_a, w_a)
    rb = np.where(a_quits, w_b, rej_b)
    # pooling: acceptable to every type B gives positive probability (off the path a rejection leaves
    # the belief unchanged)
    x_pool = np.maximum(0.0, np.where(mu == 1.0, ra[0], np.where(mu == 0.0, ra[1], ra.max(axis=0))))
    options, screens = [1.0 - x_pool], []
    for target in (0, 1):
        other = 1 - target
        x_s = np.maximum(0.0, np.broadcast_to(_revealed(ra[target], other), x_pool.shape))  # target's value if it rejected
        other_rejects = np.broadcast_to(_revealed(ra[other], other), x_pool.shape) > x_s
        other_b = np.broadcast_to(_revealed(rb[other], other), x_pool.shape)
        share = mu if target == 0 else 1 - mu
        value = share * (1 - x_s) + (1 - share) * np.where(other_rejects, other_b, 1 - x_s)
        # a screen needs a type to screen out: none when B is sure (Bayes' rule keeps certainty)
        options.append(np.where(share == 1.0, -np.inf, value))
        screens.append((x_s, other_rejects))
    options.append(mu * rb[0] + (1 - mu) * rb[1])  # no acceptable offer
    stacked = np.stack(options)
    choice = np.argmax(stacked >= stacked.max(axis=0) - 1e-12, axis=0)  # pool, screen 0, screen 1, none
    b_a, b_b = np.empty_like(rej_a), np.empty_like(rej_b)
    accepted = np.zeros(rej_a.shape, dtype=bool)
    offer_b = np.where(choice == 0, x_pool, np.nan)
    for target in (0, 1):
        offer_b = np.where(choice == 1 + target, screens[target][0], offer_b)
    for k in (0, 1):
        ra_rev = np.broadcast_to(_revealed(ra[k], k), x_pool.shape)
        rb_rev = np.broadcast_to(_revealed(rb[k], k), x_pool.shape)
        got_a, got_b = np.where(choice == 0, x_pool, ra[k]), np.where(choice == 0, 1 - x_pool, rb[k])
        acc = choice == 0
        for target in (0, 1):
            sel = choice == 1 + target
            x_s, other_rejects = screens[target]
            rejects = other_rejects if k != target else np.zeros_like(other_rejects)
            got_a = np.where(sel, np.where(rejects, ra_rev, x_s), got_a)
            got_b = np.where(sel, np.where(rejects, rb_rev, 1 - x_s), got_b)
            acc = acc | (sel & ~rejects)
        b_a[k], b_b[k], accepted[k] = got_a, got_b, acc
    neg_a = prop_a * a_prop_a + (1 - prop_a) * b_a
    neg_b = prop_a * a_prop_b + (1 - prop_a) * b_b
    policy = {"a_offers": a_offers, "x_a": x_a, "b_quits": b_quits, "b_choice": choice, "x_b": offer_b,
              "b_accepted": accepted, "a_quits": a_quits, "prop_a": prop_a}
    return neg_a, neg_b, policy
