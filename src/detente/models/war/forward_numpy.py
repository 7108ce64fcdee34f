"""The forward pass in numpy: the readable reference of the compiled pass (:mod:`._forward_kernel`), which the
tests check against it, and :func:`detente.models.war.forward.mass_after`'s months (see :mod:`.forward`)."""

from __future__ import annotations

import numpy as np

from .gamedef import interp_weights, posteriors
from .solution import Solution

__all__ = ["accumulators", "month"]


def month(sol: Solution, t: int, mass: np.ndarray, acc: dict) -> np.ndarray:
    """One month: talks, capitulation, then the front, support and belief move. Returns next mass."""
    g, pol = sol.game, sol.policy
    talk = mass * g.talks[t] * g.authority[t]
    fail = mass - talk
    prop = talk * g.proposer_a[t]
    settle_a = prop * pol["a_offers"][t]
    fail += prop - settle_a
    prop = talk - prop
    settle_b = prop * pol["b_accepted"][t]  # P(accept): a semi-separating screen's type accepts with a probability
    # a refusal moves B's belief to b_post (a grid point: 1 after a refused pool inside, the screen's posterior,
    # the belief itself with no offer or at a degenerate belief)
    fail += _read_fighting_on(prop - settle_b, np.broadcast_to(pol["b_post"][t], mass.shape[1:]), sol.grid)
    for amount, x in ((settle_a, pol["x_a"][t][None]), (settle_b, pol["x_b"][t][None])):
        acc["settled"][:, t] += amount.sum(axis=(1, 2, 3))
        acc["terms"] += float(np.nansum(amount * x))
        frontier, flat = g.frontier, amount.sum(0).ravel()
        keep = flat > 0
        if frontier is not None and keep.any():
            acc["pkg"] += flat[keep] @ frontier.packages(np.broadcast_to(x[0], amount.shape[1:]).ravel()[keep])
        acc["ended_s"] += amount.sum(axis=(0, 2, 3))
    q_a = fail * pol["a_quits"][t]
    fail = _read_fighting_on(fail - q_a, pol["post_quit"][t], sol.grid)
    q_b = fail * pol["b_quits"][t][None]
    fail -= q_b
    acc["quit_b"][t], acc["quit_a"][t] = q_b.sum(), q_a.sum()
    acc["ended_s"] += (q_a + q_b).sum(axis=(0, 2, 3))
    return _move(sol, t, fail, acc)


def _read_fighting_on(mass: np.ndarray, post: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Move the mass at belief ``j`` to B's posterior ``post[s, g, j]`` (after seeing A fight on, or a refusal of
    B's offer), split between the two grid neighbours as the solver interpolates (a grid point: all there)."""
    out = np.zeros_like(mass)
    K, S, G, M = mass.shape
    lo, w = interp_weights(grid, post)
    k, s, g = np.meshgrid(np.arange(K), np.arange(S), np.arange(G), indexing="ij")
    for j in range(M):
        l, wj = np.broadcast_to(lo[..., j], (K, S, G)), w[..., j][None]
        np.add.at(out, (k, s, g, l), mass[..., j] * (1 - wj))
        np.add.at(out, (k, s, g, l + 1), mass[..., j] * wj)
    return out


def _move(sol: Solution, t: int, fight: np.ndarray, acc: dict) -> np.ndarray:
    g = sol.game
    S, G, M = g.n_states, g.n_support, len(sol.grid)
    lo, w = acc["lo"], acc["w"]
    nxt = np.zeros_like(fight)
    for e, off in enumerate(g.offsets):
        moved = fight * g.move[t, :, :, e][:, None, :, None]
        dest = np.clip(np.arange(S) + int(off), 0, S - 1)
        for gi in range(G):
            l, we = lo[t, gi, e], w[t, gi, e]
            part = np.zeros((2, S, M))
            np.add.at(part, (slice(None), slice(None), l), moved[:, :, gi, :] * (1 - we))
            np.add.at(part, (slice(None), slice(None), l + 1), moved[:, :, gi, :] * we)
            np.add.at(nxt[:, :, gi, :], (slice(None), dest), part)
    nxt = np.einsum("ksgj,gh->kshj", nxt, g.support_switch)
    if g.barrier_low:
        acc["won_b"][t] = nxt[:, 0].sum()
        acc["ended_s"][0] += nxt[:, 0].sum()
        nxt[:, 0] = 0.0
    if g.barrier_high:
        acc["won_a"][t] = nxt[:, -1].sum()
        acc["ended_s"][-1] += nxt[:, -1].sum()
        nxt[:, -1] = 0.0
    return nxt


def accumulators(sol: Solution) -> dict:
    g = sol.game
    T, S = g.horizon, g.n_states
    lo, w = posteriors(g, sol.grid)
    return {"settled": np.zeros((2, T)), "quit_a": np.zeros(T), "quit_b": np.zeros(T), "won_a": np.zeros(T),
           "won_b": np.zeros(T), "terms": 0.0, "pkg": np.zeros(_n_issues(g)), "ended_s": np.zeros(S), "lo": lo, "w": w,
           "front": np.zeros((T + 1, 2)), "belief": np.zeros((T + 1, 2))}


def _n_issues(game) -> int:
    return 0 if game.frontier is None else len(game.frontier.issues.names)
