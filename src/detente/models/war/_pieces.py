"""The receivers' response to one message of a signalling game, and the graph it gives the sender's payoff.

:class:`Response` holds tables on a belief grid (``mu = P(type 1)``), linear in ``mu`` between grid
points: per receiver action, the receiver's expected payoff and the sender's payoff per type. The
receiver plays a best response; where two actions tie it may mix (Cho & Kreps 1987's mixed best
responses), so the sender's payoffs form a correspondence of ``mu``. :meth:`Response.pieces` gives its
graph as a chain of linear :class:`Pieces`: a *slope* piece (``mu`` rising, one receiver action) or a
*jump* (``mu`` fixed at an indifference point, the receiver's probability of the second action rising
from 0 to 1). Along every piece, ``mu`` and both types' payoffs are linear in the piece's parameter
``tau`` in [0, 1], so the equilibrium conditions of :mod:`.signalling` are solved exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

__all__ = ["TOL", "Response", "Pieces", "Stack"]

#: Absolute tolerance on payoffs and beliefs (ties within it count as ties).
TOL = 1e-9


@dataclass(frozen=True)
class Response:
    """The receivers' actions after one message and their payoffs on a belief grid.

    ``grid`` (G,) runs from 0 to 1; ``sender[a, t, g]`` is type t's payoff when the receiver plays
    action a at belief ``grid[g]``; ``receiver[a, g]`` the receiver's expected payoff of a at that belief.
    """

    actions: tuple[str, ...]
    grid: np.ndarray
    sender: np.ndarray
    receiver: np.ndarray

    def __post_init__(self) -> None:
        g = np.asarray(self.grid, dtype=float)
        A = len(self.actions)
        if g.ndim != 1 or len(g) < 2 or g[0] != 0.0 or g[-1] != 1.0 or np.any(np.diff(g) <= 0):
            raise ValueError("the belief grid must rise strictly from 0 to 1")
        if np.shape(self.sender) != (A, 2, len(g)) or np.shape(self.receiver) != (A, len(g)):
            raise ValueError(f"expected sender ({A}, 2, {len(g)}) and receiver ({A}, {len(g)}) tables, got "
                             f"{np.shape(self.sender)} and {np.shape(self.receiver)}")
        if not (np.all(np.isfinite(self.sender)) and np.all(np.isfinite(self.receiver))):
            raise ValueError("payoff tables must be finite")

    @classmethod
    def on_grid(cls, grid, sender, receiver=None, actions: tuple[str, ...] | None = None) -> "Response":
        """From tables: ``sender`` (A, 2, G), or (2, G) for one action (a continuous response)."""
        sender = np.asarray(sender, dtype=float)
        if sender.ndim == 2:
            sender = sender[None]
        A = sender.shape[0]
        receiver = np.zeros((A, sender.shape[2])) if receiver is None else np.asarray(receiver, dtype=float)
        actions = actions or (("respond",) if A == 1 else tuple(f"a{k}" for k in range(A)))
        return cls(tuple(actions), np.asarray(grid, dtype=float), sender, receiver)

    @classmethod
    def table(cls, sender, receiver, actions: tuple[str, ...] | None = None) -> "Response":
        """A finite receiver: ``sender[a, t]`` constant payoffs, ``receiver[a, t]`` its payoff of a against
        type t (its expected payoff is linear in ``mu``)."""
        sender, receiver = np.asarray(sender, dtype=float), np.asarray(receiver, dtype=float)
        return cls.on_grid([0.0, 1.0], np.repeat(sender[:, :, None], 2, axis=2), receiver, actions)

    @classmethod
    def threshold(cls, threshold: float, below, above, actions: tuple[str, str] = ("below", "above")
                  ) -> "Response":
        """A receiver playing ``actions[0]`` (sender payoffs ``below``, per type) when ``mu < threshold``,
        ``actions[1]`` (``above``) when ``mu > threshold``, and mixing at ``mu = threshold``."""
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {threshold}")
        receiver = np.array([[threshold, threshold - 1.0], [-threshold, 1.0 - threshold]])  # thr - mu, mu - thr
        return cls.table(np.array([below, above], dtype=float), receiver, actions)

    @classmethod
    def constant(cls, payoff, action: str = "respond") -> "Response":
        """A response whose sender payoffs (per type) do not depend on the belief."""
        return cls.table(np.asarray(payoff, dtype=float)[None], np.zeros((1, 2)), (action,))

    def pieces(self) -> "Pieces":
        """The graph of the sender's payoff correspondence as linear pieces (module docstring)."""
        S, R, grid = np.asarray(self.sender), np.asarray(self.receiver), np.asarray(self.grid)
        rows: list[tuple] = []
        prev: int | None = None
        for k in range(len(grid) - 1):
            g0, g1 = grid[k], grid[k + 1]
            R0, R1 = R[:, k], R[:, k + 1]
            cuts = sorted({0.0, 1.0, *_crossings(R0, R1)})

            def pay(c: float, a: int, k=k) -> np.ndarray:
                return S[a, :, k] + c * (S[a, :, k + 1] - S[a, :, k])

            for c0, c1 in zip(cuts[:-1], cuts[1:]):
                best = int(np.argmax(R0 + 0.5 * (c0 + c1) * (R1 - R0)))
                mu0, mu1 = g0 + c0 * (g1 - g0), g0 + c1 * (g1 - g0)
                if prev is not None and prev != best:
                    rows.append((mu0, mu0, pay(c0, prev), pay(c0, best), prev, best))
                rows.append((mu0, mu1, pay(c0, best), pay(c1, best), best, best))
                prev = best
        mu = np.array([[r[0], r[1]] for r in rows])
        pay = np.array([[r[2], r[3]] for r in rows])
        act = np.array([[r[4], r[5]] for r in rows], dtype=int)
        return Pieces(self.actions, mu, pay, act)


def _crossings(R0: np.ndarray, R1: np.ndarray) -> list[float]:
    """Where two actions' linear receiver payoffs cross strictly inside a grid segment (fractions)."""
    out = []
    for a in range(len(R0)):
        for b in range(a + 1, len(R0)):
            d0, d1 = R0[a] - R0[b], R1[a] - R1[b]
            if d0 * d1 < 0:
                out.append(float(d0 / (d0 - d1)))
    return out


@dataclass(frozen=True)
class Pieces:
    """Linear pieces: ``mu[i, e]`` and ``pay[i, e, t]`` at the piece's ends e = 0, 1 (``tau`` = 0, 1);
    ``act[i, e]`` the receiver's action there (a jump when they differ: P(act[i, 1]) = tau)."""

    actions: tuple[str, ...]
    mu: np.ndarray
    pay: np.ndarray
    act: np.ndarray

    def point(self, i: int, tau: float) -> tuple[float, np.ndarray, dict[str, float]]:
        """Belief, sender payoff (2,) and the receiver's mixed action at ``tau`` along piece ``i``."""
        tau = float(min(max(tau, 0.0), 1.0))
        mu = self.mu[i, 0] + tau * (self.mu[i, 1] - self.mu[i, 0])
        pay = self.pay[i, 0] + tau * (self.pay[i, 1] - self.pay[i, 0])
        a0, a1 = self.act[i]
        if a0 == a1:
            resp = {self.actions[a0]: 1.0}
        else:
            resp = {k: v for k, v in ((self.actions[a0], 1.0 - tau), (self.actions[a1], tau)) if v > 0}
        return float(mu), pay, resp

    def points_at(self, mu: float) -> list[tuple[np.ndarray, dict[str, float]]]:
        """The sender's payoffs under the receiver's pure best responses at belief ``mu`` (memoised)."""
        memo = self.__dict__.setdefault("_points", {})
        if mu not in memo:
            memo[mu] = self._points_at(mu)
        return memo[mu]

    def _points_at(self, mu: float) -> list[tuple[np.ndarray, dict[str, float]]]:
        m0, m1 = self.mu[:, 0], self.mu[:, 1]
        slope = (m1 > m0) & (m0 - TOL <= mu) & (mu <= m1 + TOL)
        jump = (m1 == m0) & (np.abs(mu - m0) <= TOL)
        out: list[tuple[np.ndarray, dict[str, float]]] = []
        for i in np.flatnonzero(slope | jump):
            taus = [(mu - m0[i]) / (m1[i] - m0[i])] if slope[i] else [0.0, 1.0]
            for tau in taus:
                _, pay, resp = self.point(int(i), tau)
                if not any(np.allclose(pay, q, atol=1e-12) and r == resp for q, r in out):
                    out.append((pay, resp))
        return out

    @cached_property
    def _coef(self) -> tuple[np.ndarray, np.ndarray]:
        return self.pay[:, 0, :], self.pay[:, 1, :] - self.pay[:, 0, :]

    def _linear(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """Type t's payoff along each piece: ``a + b tau``."""
        a, b = self._coef
        return a[:, t], b[:, t]

    def _feasible(self, payoff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per piece, the interval of ``tau`` where neither type gets more than ``payoff`` (lo > hi: empty);
        memoised on the payoff (an equilibrium asks several times)."""
        memo = self.__dict__.setdefault("_feas", {})
        key = (float(payoff[0]), float(payoff[1]))
        if key not in memo:
            a, b = self._coef
            c = payoff + TOL - a
            up, down = b > 1e-14, b < -1e-14
            bound = np.divide(c, b, out=np.zeros_like(c), where=up | down)
            hi = np.where(up, bound, 1.0).min(axis=1, initial=1.0)
            lo = np.where(down, bound, 0.0).max(axis=1, initial=0.0)
            blocked = (~up & ~down & (c < 0)).any(axis=1)
            memo[key] = (lo, np.where(blocked, -1.0, hi))
        return memo[key]

    def deters(self, payoff: np.ndarray) -> bool:
        """Is there a belief and a best response to it leaving both types at most ``payoff``?"""
        lo, hi = self._feasible(payoff)
        return bool(np.any(lo <= hi))

    def deterring(self, payoff: np.ndarray) -> list[tuple[float, float, int]]:
        """Belief intervals ``(lo, hi, piece)`` at which some best response leaves both types at most ``payoff``."""
        lo, hi = self._feasible(payoff)
        ok = np.flatnonzero(lo <= hi)
        span = self.mu[ok, 1] - self.mu[ok, 0]
        m0, m1 = self.mu[ok, 0] + lo[ok] * span, self.mu[ok, 0] + hi[ok] * span
        return [(float(x), float(y), int(i)) for x, y, i in zip(m0, m1, ok)]

    def deterring_point(self, belief: float, payoff: np.ndarray) -> tuple[np.ndarray, dict[str, float]] | None:
        """A best response at ``belief`` leaving both types at most ``payoff``: sender payoff and response."""
        lo, hi = self._feasible(payoff)
        m0, m1 = self.mu[:, 0], self.mu[:, 1]
        tau = np.where(m1 > m0, (belief - m0) / np.where(m1 > m0, m1 - m0, 1.0), lo)
        ok = (lo <= hi) & np.where(m1 > m0, (tau >= lo - 1e-9) & (tau <= hi + 1e-9), np.abs(belief - m0) <= TOL)
        hits = np.flatnonzero(ok)
        if not len(hits):
            return None
        _, pay, resp = self.point(int(hits[0]), tau[hits[0]])
        return pay, resp

    def max_payoff(self) -> np.ndarray:
        """Each type's highest payoff under any best response to any belief."""
        return self.pay.max(axis=(0, 1))

    def dominated_gain(self, t: int, payoff: np.ndarray) -> bool:
        """D1's test: does the other type gain strictly wherever type ``t`` gains weakly?"""
        o = 1 - t
        a, b = self._coef
        c = payoff[t] - TOL - a[:, t]  # type t gains weakly where b tau >= c
        bt = b[:, t]
        up, down = bt > 1e-14, bt < -1e-14
        ratio = np.divide(c, bt, out=np.zeros_like(c), where=up | down)
        lo = np.where(up, np.maximum(ratio, 0.0), np.where(down, 0.0, np.where(c <= 0, 0.0, 1.0)))
        hi = np.where(up, 1.0, np.where(down, np.minimum(ratio, 1.0), np.where(c <= 0, 1.0, 0.0)))
        gains = lo <= hi
        other_lo, other_hi = a[:, o] + lo * b[:, o], a[:, o] + hi * b[:, o]
        strict = (other_lo > payoff[o] + TOL) & (other_hi > payoff[o] + TOL)
        return bool(np.all(strict[gains]))


class Stack:
    """Every message's pieces in one array, to solve the equilibrium equations for all messages at once."""

    def __init__(self, pcs: list[Pieces]) -> None:
        self.pcs = pcs
        self.msg = np.concatenate([np.full(len(p.mu), m) for m, p in enumerate(pcs)])
        self.local = np.concatenate([np.arange(len(p.mu)) for p in pcs])
        self.mu = np.concatenate([p.mu for p in pcs])
        self.a = np.concatenate([p._coef[0] for p in pcs])  # (P, 2): payoff at tau = 0 per type
        self.b = np.concatenate([p._coef[1] for p in pcs])  # (P, 2): its change along the piece

    def _point(self, i: int, tau: float) -> tuple:
        return self.pcs[self.msg[i]].point(int(self.local[i]), float(tau))

    def _belief(self, i, tau):
        return self.mu[i, 0] + tau * (self.mu[i, 1] - self.mu[i, 0])

    def solve_payoff(self, t: int, target: float, lo: float, hi: float, exclude: int) -> list[tuple]:
        """``(message, belief, payoff, response)`` where type t's payoff is ``target``, the belief strictly
        inside (lo, hi), on every message but ``exclude`` (a type indifferent along a piece is skipped)."""
        b = self.b[:, t]
        ok = (np.abs(b) > 1e-14) & (self.msg != exclude)
        tau = np.where(ok, (target - self.a[:, t]) / np.where(ok, b, 1.0), -1.0)
        mu = self._belief(slice(None), tau)
        ok &= (tau >= -TOL) & (tau <= 1 + TOL) & (mu > lo + TOL) & (mu < hi - TOL)
        out: list[tuple] = []
        for i in np.flatnonzero(ok):
            mu_i, pay, resp = self._point(int(i), tau[i])
            if not any(x[0] == self.msg[i] and abs(mu_i - x[1]) < 1e-10 and resp == x[3] for x in out):
                out.append((int(self.msg[i]), mu_i, pay, resp))
        return out

    def solve_pairs(self, range_m: tuple[float, float], range_n: tuple[float, float]) -> list[tuple]:
        """Points on two different messages' graphs where both types' payoffs are equal, the first's belief
        strictly inside ``range_m`` and the second's inside ``range_n``: ``(m, mu_m, pay_m, r_m, n, mu_n,
        pay_n, r_n)``. A singular system (a continuum) is skipped."""
        A0, B0, A1, B1 = (x[:, None] for x in (self.a[:, 0], self.b[:, 0], self.a[:, 1], self.b[:, 1]))
        C0, D0, C1, D1 = (x[None, :] for x in (self.a[:, 0], self.b[:, 0], self.a[:, 1], self.b[:, 1]))
        det = D0 * B1 - B0 * D1
        ok = (np.abs(det) > 1e-12) & (self.msg[:, None] != self.msg[None, :])
        safe = np.where(ok, det, 1.0)
        r0, r1 = C0 - A0, C1 - A1
        tau, ups = (D0 * r1 - D1 * r0) / safe, (B0 * r1 - B1 * r0) / safe
        ok &= (tau >= -TOL) & (tau <= 1 + TOL) & (ups >= -TOL) & (ups <= 1 + TOL)
        mu_m = self.mu[:, 0, None] + tau * (self.mu[:, 1, None] - self.mu[:, 0, None])
        mu_n = self.mu[None, :, 0] + ups * (self.mu[None, :, 1] - self.mu[None, :, 0])
        ok &= (mu_m > range_m[0] + TOL) & (mu_m < range_m[1] - TOL) & (mu_n > range_n[0] + TOL) & (mu_n < range_n[1] - TOL)
        out: list[tuple] = []
        for i, j in zip(*np.nonzero(ok)):
            m_i, pay_m, r_m = self._point(int(i), tau[i, j])
            m_j, pay_n, r_n = self._point(int(j), ups[i, j])
            key = (int(self.msg[i]), int(self.msg[j]))
            if not any(x[0] == key[0] and x[4] == key[1] and abs(m_i - x[1]) < 1e-10 and abs(m_j - x[5]) < 1e-10
                       for x in out):
                out.append((key[0], m_i, pay_m, r_m, key[1], m_j, pay_n, r_n))
        return out
