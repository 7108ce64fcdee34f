"""The bargaining-while-fighting game as plain numbers: what the solver reads.

:func:`detente.models.war.game.build_game` makes one from a scenario's war
section; tests make small ones directly (the degenerate games that reduce to
Fearon 1995, Rubinstein 1982, Fudenberg & Tirole 1991, Powell 2006 and the
gambler's ruin). Index conventions:

- players ``p``: 0 = A (the informed belligerent), 1 = B, then third parties;
- A's types ``k``: 0 = serious, 1 = stalling; B's belief ``mu`` = P(stalling);
- front states ``s``: index into ``km2`` (area held by A); the first is A's
  total loss if ``barrier_low``, the last A's total win if ``barrier_high``;
- support levels ``g``: in the order of ``support_names``;
- ``e``: the month's move in whole steps, ``offsets[e]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

__all__ = ["Game", "belief_grid", "bayes", "make_game"]


@dataclass(frozen=True, eq=False)
class Game:
    """One game. Arrays are per month ``t`` first where they vary over time.

    Attributes
    ----------
    horizon
        Months ``T``; at ``T`` the line freezes (``terminal``).
    start, km2, barrier_low, barrier_high
        The node's front state, the area held by A per state, and whether the ends absorb.
    offsets, move
        Steps per month and their probabilities ``(T, 2, G, E)`` by type and support level.
    support_switch, support0
        Monthly Markov matrix of support levels ``(G, G)`` and the node's distribution ``(G,)``.
    cost
        ``(T, P, 2, G)``: each player's cost of a month without agreement (A's by type; B's and third
        parties' by support level, including their levers' running costs).
    discount
        ``(P,)`` monthly discount factors.
    talks, authority, proposer_a
        ``(T,)``: P(a round of talks), P(an agreement at the table binds), P(A proposes).
    audience
        ``(T, 2)``: A's and B's cost of a round that fails (Fearon 1994).
    frontier_ua, frontier_values
        The Pareto frontier's knots: A's utility ``(K,)`` and every player's ``(P, K)``.
    end_low, end_high, terminal, quit_a, quit_b
        Players' values ``(P,)`` when the front reaches A's total loss / win, ``(P, S)`` of the frozen
        line at the horizon, ``(T, P)`` when A / B capitulates in month ``t`` (in the war game the
        other's positions; an outside option that varies by month covers Binmore, Shaked & Sutton's
        timing, where only the responder may opt out).
    enforce
        ``(e_A, e_B)``: what a side gains by reneging on a deal beyond its war value (Powell 2006).
    prior
        B's belief at the node when nothing else is said.
    eve_cost_b, eve_cost_a
        One-off costs of A's attack on the eve of the node to B and to A (charged in the node's values).
    break_cost_a
        A's one-off cost of breaking an accepted ceasefire (charged to the break values, ``alt``).
    """

    horizon: int
    start: int
    km2: np.ndarray
    barrier_low: bool
    barrier_high: bool
    offsets: np.ndarray
    move: np.ndarray
    support_switch: np.ndarray
    support0: np.ndarray
    cost: np.ndarray
    discount: np.ndarray
    talks: np.ndarray
    authority: np.ndarray
    proposer_a: np.ndarray
    audience: np.ndarray
    frontier_ua: np.ndarray
    frontier_values: np.ndarray
    end_low: np.ndarray
    end_high: np.ndarray
    terminal: np.ndarray
    quit_a: np.ndarray
    quit_b: np.ndarray
    enforce: tuple[float, float] = (0.0, 0.0)
    prior: float = 0.5
    belief_points: int = 11
    players: tuple[str, ...] = ("A", "B")
    support_names: tuple[str, ...] = ("maintain",)
    eve_cost_b: float = 0.0
    eve_cost_a: float = 0.0
    break_cost_a: float = 0.0
    alt: "Game | None" = None
    frontier: object = field(default=None, repr=False)

    @property
    def n_players(self) -> int:
        return int(self.frontier_values.shape[0])

    @property
    def n_states(self) -> int:
        return int(self.km2.shape[0])

    @property
    def n_support(self) -> int:
        return int(self.support_switch.shape[0])

    def with_(self, **changes) -> "Game":
        """A copy with ``changes`` (``dataclasses.replace``)."""
        return replace(self, **changes)

    def check(self) -> "Game":
        """Raise ``ValueError`` naming the first inconsistent array (shapes, probabilities)."""
        T, P, S, G, E = self.horizon, self.n_players, self.n_states, self.n_support, len(self.offsets)
        shapes = {"move": (T, 2, G, E), "cost": (T, P, 2, G), "talks": (T,), "authority": (T,),
                  "proposer_a": (T,), "audience": (T, 2), "terminal": (P, S), "support0": (G,),
                  "end_low": (P,), "end_high": (P,), "quit_a": (T, P), "quit_b": (T, P), "discount": (P,)}
        for name, shape in shapes.items():
            if np.shape(getattr(self, name)) != shape:
                raise ValueError(f"Game.{name}: expected shape {shape}, got {np.shape(getattr(self, name))}")
        if np.abs(self.move.sum(-1) - 1.0).max() > 1e-9 or self.move.min() < 0:
            raise ValueError("Game.move: each month's step probabilities must be >= 0 and sum to 1")
        if np.abs(self.support_switch.sum(1) - 1.0).max() > 1e-9:
            raise ValueError("Game.support_switch: rows must sum to 1")
        if not 0 <= self.start < S:
            raise ValueError(f"Game.start: {self.start} is not a state index (0..{S - 1})")
        return self


def belief_grid(game: Game) -> np.ndarray:
    """B's belief grid, ``belief_points`` even steps on [0, 1] (exact at 0 and 1)."""
    return np.linspace(0.0, 1.0, max(int(game.belief_points), 2))


def interp_weights(grid: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower grid index and weight on the upper neighbour for linear interpolation at ``values``."""
    values = np.clip(values, grid[0], grid[-1])
    lo = np.clip(np.searchsorted(grid, values, side="right") - 1, 0, len(grid) - 2)
    return lo, (values - grid[lo]) / (grid[lo + 1] - grid[lo])


def bayes(mu, like_stalling, like_serious):
    """B's posterior P(stalling) after an event of likelihood ``like_stalling`` / ``like_serious``.

    Bayes' rule (Filson & Werner 2002, eq. 3 for battle outcomes); an event both types give
    probability 0 (off the path) leaves the belief where it was.
    """
    mu = np.asarray(mu, float)
    num = mu * like_stalling
    den = num + (1.0 - mu) * like_serious
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), mu)


_POSTERIORS: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def posteriors(game: Game, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Grid neighbours and weights of B's posterior after each month's move: ``(T, G, E, M)`` each.

    Memoised on the front's law and the grid (the games of a draw share a few); callers only read them."""
    move = np.ascontiguousarray(game.move, dtype=float)
    key = (move.shape, move.tobytes(), np.asarray(grid, float).tobytes())
    found = _POSTERIORS.get(key)  # read once: another thread may clear the memo (SolveCache.prefetch)
    if found is None:
        if len(_POSTERIORS) > 64:
            _POSTERIORS.clear()
        post = bayes(grid[None, None, None, :], move[:, 1, :, :, None], move[:, 0, :, :, None])
        lo, w = interp_weights(grid, post)
        found = _POSTERIORS[key] = (np.ascontiguousarray(lo, dtype=np.int64), np.ascontiguousarray(w, dtype=float))
    return found


def _per_month(value, horizon: int, shape: tuple[int, ...] = ()) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == len(shape):
        return np.broadcast_to(arr, (horizon, *shape)).copy()
    return arr.copy()


def _per_type_level(value, levels: int) -> np.ndarray:
    """A number, one per type ``(2,)`` or one per type and level ``(2, G)``, as ``(2, G)``."""
    arr = np.asarray(value, dtype=float)
    return np.broadcast_to(arr[:, None] if arr.ndim == 1 else arr, (2, levels)).copy()


def make_game(horizon: int, states: int, start: int, advance=0.5, retreat=None, cost_a=(0.0, 0.0),
              cost_b=0.0, discount=(1.0, 1.0), talks=1.0, authority=1.0, proposer_a=0.5,
              terminal=None, terminal_b=None, quit_a=None, quit_b=None, enforce=(0.0, 0.0), prior: float = 0.5,
              belief_points: int = 11, barriers: bool = True, support_switch=None, support0=None, **extra) -> Game:
    """A one-issue game of two players on a front of ``states`` states (the textbook special cases).

    The stake is one issue (A's utility ``x``, B's ``1 - x``: a linear frontier); the front moves one
    step up with ``advance`` and down with ``retreat`` (default ``1 - advance``) a month, per type and
    support level (broadcast to ``(2, G)``); ``cost_b`` per support level; scalars or per-month arrays
    for ``talks``, ``authority``, ``proposer_a``. ``terminal``: A's utility of the frozen line per
    state (default its share ``s / (states - 1)``; a number for every state), ``terminal_b`` B's
    (default ``1 - terminal``). ``quit_a``/``quit_b``: ``(value to A, value to B)`` when A / B
    capitulates, or one such pair per month (default: the other's whole stake). ``support_switch`` ``(G, G)`` and ``support0``
    ``(G,)``: the support chain (default one level). ``extra`` goes to :class:`Game` as is.
    """
    switch = np.eye(1) if support_switch is None else np.asarray(support_switch, float)
    G = switch.shape[0]
    adv = _per_type_level(advance, G)
    ret = 1 - adv if retreat is None else _per_type_level(retreat, G)
    stay = 1 - adv - ret
    if (stay < -1e-12).any():
        raise ValueError("make_game: advance + retreat exceed 1 for some type or support level")
    # 0.5 + 0.4 + 0.1 is above 1 by a rounding error: such a stay is 0, not -2.8e-17
    step = np.stack([ret, np.maximum(stay, 0.0), adv], axis=-1)  # offsets -1, 0, 1
    move = np.broadcast_to(step[None], (horizon, 2, G, 3)).copy()
    cost = np.zeros((horizon, 2, 2, G))
    cost[:, 0] = np.asarray(cost_a, float)[:, None]
    cost[:, 1] = np.broadcast_to(np.asarray(cost_b, float), (G,))[None, :]
    share = np.arange(states) / max(states - 1, 1)
    term_a = share if terminal is None else np.broadcast_to(np.asarray(terminal, float), (states,))
    term_b = 1 - term_a if terminal_b is None else np.broadcast_to(np.asarray(terminal_b, float), (states,))
    return Game(
        horizon=horizon, start=start, km2=np.arange(states, dtype=float), barrier_low=barriers,
        barrier_high=barriers, offsets=np.array([-1, 0, 1]), move=move, support_switch=switch,
        support0=np.eye(G)[0] if support0 is None else np.asarray(support0, float), cost=cost,
        discount=np.asarray(discount, float), talks=_per_month(talks, horizon),
        authority=_per_month(authority, horizon), proposer_a=_per_month(proposer_a, horizon),
        audience=np.zeros((horizon, 2)), frontier_ua=np.array([0.0, 1.0]),
        frontier_values=np.array([[0.0, 1.0], [1.0, 0.0]]), end_low=np.array([0.0, 1.0]),
        end_high=np.array([1.0, 0.0]), terminal=np.stack([term_a, term_b]),
        quit_a=_per_month(quit_a if quit_a is not None else (0.0, 1.0), horizon, (2,)),
        quit_b=_per_month(quit_b if quit_b is not None else (1.0, 0.0), horizon, (2,)),
        enforce=tuple(enforce), prior=prior, belief_points=belief_points,
        support_names=tuple(f"level{g}" for g in range(G)), **extra).check()
