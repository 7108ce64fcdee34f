"""One exchange of the exchange model: its two sides, its rate and its gains (see :mod:`detente.models.exchange`
and docs/explanation/exchange-model.md).

Positions are on 0-100 here. Notation: for an exchange, actor ``i`` supplies
(moves on) issue ``q`` and demands ``p``; actor ``j`` supplies ``p`` and
demands ``q``. ``W_d = sum_k c_kd s_kd`` and a shift ``dx`` of actor k on d
moves the forecast ``O_d`` by ``c_kd s_kd dx / W_d`` (Stokman & Van Oosten 1994).
With forecast shifts ``dp``, ``dq`` (magnitudes) the gains are
``G_i = s_ip dp - s_iq dq`` and ``G_j = s_jq dq - s_jp dp``; the exchange rate
``r = dp / dq`` gives both a gain iff ``s_iq / s_ip <= r <= s_jq / s_jp``.

With :mod:`._round` this is the reference implementation, in plain Python; :mod:`._kernel` is the same
round compiled with numba (identical results, checked in tests/models/exchange/test_exchange_kernel.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

TINY = 1e-10  # moves and gains at or below this are no exchange
EDGE = 1e-9   # tolerance at the ends of the 0-100 scale


@dataclass(slots=True)
class Side:
    """One actor's part in an exchange (slots: a round makes tens of thousands)."""

    actor: int
    supply: int
    demand: int
    x_supply: float      # current position on the supply issue (updated as other exchanges execute)
    x_demand: float      # position on the demand issue when the exchange was formed
    s_supply: float
    s_demand: float
    c_supply: float
    start: float         # supply position at the start of the round
    moves: list[float] = field(default_factory=list)
    move: float = 0.0
    y: float = 0.0
    other: "Side | None" = None

    def move_is_valid(self, move: float) -> bool:
        """A move is possible: not (near) zero, stays on 0-100, and in the same direction as this
        side's earlier moves in the round."""
        if abs(move) > 100 or abs(move) <= TINY:
            return False
        # EDGE: a move that lands on the end of the scale in exact arithmetic (Decide's decimals) can
        # overshoot it by a few ulps in floats; it is still a valid move.
        if not -EDGE <= self.x_supply + move <= 100 + EDGE:
            return False
        if sum(self.moves) > 100 + EDGE:
            return False
        lo, hi = min(self.moves), max(self.moves)
        return (lo < 0 and hi < 0) or (lo > 0 and hi > 0)


class Round:
    """The state one round starts from: positions, saliences, powers per issue (NaN = not on the issue)."""

    def __init__(self, x: np.ndarray, s: np.ndarray, c: np.ndarray):
        self.x, self.s, self.c = x, s, c           # shape (issues, actors)
        self.present = ~np.isnan(x)
        self.w = np.where(self.present, s * c, 0.0)
        # Who can trade on an issue: present with a positive weight c s. An actor with salience 0 gains
        # nothing on the issue and its moves do not shift the forecast (Decide divides by zero there).
        self.tradable = self.present & (self.w > 0)
        self.weight = self.w.sum(axis=1)           # W_d
        xs = np.where(self.present, x, 0.0)
        self.weighted = (xs * self.w).sum(axis=1)  # sum_k x_k c_k s_k
        self.forecast = np.divide(self.weighted, self.weight, out=np.zeros_like(self.weight),
                                  where=self.weight != 0)
        # Plain-float copies for the per-exchange arithmetic (numpy scalars are slow one at a time).
        self._x, self._w = x.tolist(), self.w.tolist()
        self._weight, self._weighted = self.weight.tolist(), self.weighted.tolist()

    def nbs(self, issue: int, updates: dict[int, float], actor: int, position: float) -> float:
        """The forecast on ``issue`` with ``updates`` applied and ``actor`` at ``position``."""
        x, w = self._x[issue], self._w[issue]
        total = self._weighted[issue]
        for k, value in updates.items():
            if k != actor:
                total += (value - x[k]) * w[k]
        total += (position - x[actor]) * w[actor]
        return total / self._weight[issue] if self._weight[issue] else 0.0

    def shift_to_nbs(self, issue: int, updates: dict[int, float], actor: int, position: float,
                     target: float) -> float:
        """The move of ``actor`` from ``position`` that brings the forecast (with ``updates``, which
        take precedence over ``position``) to ``target``: ``(target - O) W / (c s)``."""
        x, w = self._x[issue], self._w[issue]
        total = self._weighted[issue] + (position - x[actor]) * w[actor]
        for k, value in updates.items():
            current = position if k == actor else x[k]
            total += (value - current) * w[k]
        return (target * self._weight[issue] - total) / w[actor]


class Exchange:
    """A possible exchange between two actors on two issues, recomputed as other exchanges execute."""

    __slots__ = ("state", "p", "q", "i", "j", "updates", "rate", "gain", "valid", "gain_i", "gain_j",
                 "equal_gain", "rank")

    def __init__(self, state: Round, a: int, b: int, p: int, q: int, u: float | None = None):
        s = state.s
        # The actor caring relatively more about p demands p and supplies q.
        if s[p, a] / s[q, a] < s[p, b] / s[q, b]:
            a, b = b, a
        self.state, self.p, self.q = state, p, q
        self.i = self._side(a, supply=q, demand=p)
        self.j = self._side(b, supply=p, demand=q)
        self.i.other, self.j.other = self.j, self.i
        self.updates: dict[int, dict[int, float]] = {}
        self.rate = None if u is None else exchange_rate(self.i.s_supply, self.i.s_demand, self.j.s_demand,
                                                         self.j.s_supply, u)
        self.gain, self.valid = 0.0, True
        self.gain_i = self.gain_j = 0.0
        self.calculate()

    def _side(self, actor: int, supply: int, demand: int) -> Side:
        st = self.state
        x = st._x
        return Side(actor, supply, demand, x[supply][actor], x[demand][actor], float(st.s[supply, actor]),
                    float(st.s[demand, actor]), float(st.c[supply, actor]), x[supply][actor])

    # ------------------------------------------------------------------ equal gain
    def _ratio_from_move(self, side: Side, move: float) -> float:
        """Forecast shift on the side's supply issue when it moves by ``move``."""
        return move * side.s_supply * side.c_supply / self.state._weight[side.supply]

    def _move_from_ratio(self, side: Side, ratio: float) -> float:
        return ratio * self.state._weight[side.supply] / (side.c_supply * side.s_supply)

    def _other_ratio(self, side: Side, ratio: float) -> float:
        """The partner's forecast shift for ``side``'s shift ``ratio``.

        Equal gain (Dijkstra, Van Assen & Stokman 2008): ``dq / dp = (s_ip + s_jp) / (s_iq + s_jq)``, the
        rate at which ``G_i = G_j``. Random rate: ``dp = r dq`` with the exchange's drawn ``r``."""
        if self.rate is None:
            return (side.s_supply + side.other.s_demand) / (side.s_demand + side.other.s_supply) * ratio
        return ratio / self.rate if side is self.j else ratio * self.rate

    def _gain(self, side: Side, own: float, other: float) -> float:
        """The exchange's rank gain for ``side``'s shift ``own`` (its supply) and the partner's ``other``.

        Equal gain: ``|other s_demand - own s_supply|`` (both partners' gain). Random rate: the smaller of
        ``G_i`` and ``G_j`` (both kept in ``gain_i``, ``gain_j``)."""
        dq, dp = (own, other) if side is self.i else (other, own)
        if self.rate is None:
            self.gain_i = self.gain_j = abs(other * side.s_demand - own * side.s_supply)
            return self.gain_i
        i, j = self.i, self.j
        self.gain_i, self.gain_j = dp * i.s_demand - dq * i.s_supply, dq * j.s_demand - dp * j.s_supply
        return min(self.gain_i, self.gain_j)

    def calculate(self) -> None:
        """Moves and gain at equal gains, bounded by the partners' positions and the forecasts."""
        i, j = self.i, self.j
        dp = self._ratio_from_move(j, abs(i.x_demand - j.x_supply))  # j moves all the way to i on p
        dq = self._other_ratio(j, dp)
        i.move, j.move = self._move_from_ratio(i, dq), abs(i.x_demand - j.x_supply)
        if abs(i.move) > abs(j.x_demand - i.x_supply):               # too far: i moves all the way instead
            dq = self._ratio_from_move(i, abs(j.x_demand - i.x_supply))
            dp = self._other_ratio(i, dq)
            i.move, j.move = abs(j.x_demand - i.x_supply), self._move_from_ratio(j, dp)
        self._orient_and_record(dp, dq)
        self.equal_gain = self.gain  # before any forecast bound (what Decide's exchange table reports as eu)
        self.valid = i.move_is_valid(i.move) and j.move_is_valid(j.move) and self.gain >= TINY
        if self.valid:
            self._bound_by_forecast(i)
            self._bound_by_forecast(j)
            self.valid = i.move_is_valid(i.move) and j.move_is_valid(j.move)
        self.rank = rank(self.gain)

    def _orient_and_record(self, dp: float, dq: float) -> None:
        i, j = self.i, self.j
        if i.x_supply > j.x_demand:
            i.move = -i.move
        if j.x_supply > i.x_demand:
            j.move = -j.move
        i.moves.append(i.move)
        j.moves.append(j.move)
        i.y, j.y = i.x_supply + i.move, j.x_supply + j.move
        self.gain = self._gain(i, dq, dp)

    def _bound_by_forecast(self, side: Side) -> None:
        """If the move carries the forecast past the partner's position, shorten it to land there."""
        st, other = self.state, side.other
        updates = self.updates.get(side.supply, {})
        before = st.nbs(side.supply, updates, side.actor, side.x_supply)
        after = st.nbs(side.supply, updates, side.actor, side.y)
        target = other.x_demand
        # As in Decide: no bound unless the forecast ends on the other side of the partner's position.
        # When an earlier exchange left the forecast exactly there (d0 = 0 in Decide's decimals, so no
        # bound), floats leave a few ulps of either sign: within EDGE counts as exactly there.
        d0, d1 = target - before, target - after
        d0, d1 = (0.0 if abs(d0) <= EDGE else d0), (0.0 if abs(d1) <= EDGE else d1)
        if (d0 >= 0 and d1 >= 0) or (d0 <= 0 and d1 <= 0):
            return
        delta = abs(st.shift_to_nbs(side.supply, updates, side.actor, side.x_supply, target))
        own = self._ratio_from_move(side, delta)
        partner = self._other_ratio(side, own)
        other.move = abs(self._move_from_ratio(other, partner))
        side.move = delta
        if other.x_supply > side.x_demand:
            other.move = -other.move
        if side.x_supply > other.x_demand:
            side.move = -side.move
        other.moves[-1], side.moves[-1] = other.move, side.move
        other.y, side.y = other.x_supply + other.move, side.x_supply + side.move
        self.gain = self._gain(other, partner, own)
        self.valid = other.move_is_valid(other.move) and side.move_is_valid(side.move)

    # ------------------------------------------------------------------ after another exchange executes
    def recalculate(self, done: "Exchange") -> None:
        """Take over what ``done`` changed (shared actor and supply issue, or demand issue) and recompute."""
        changed = False
        for mine in (self.i, self.j):
            for theirs in (done.i, done.j):
                if mine.actor == theirs.actor and mine.supply == theirs.supply:
                    mine.x_supply = theirs.y
                    mine.moves.append(theirs.moves[-1])
                    changed = True
                    break
        if changed:
            self._drop_last_moves()
        for mover, demander in ((done.i, done.j), (done.j, done.i)):
            issue = demander.demand
            if any(s.actor == demander.actor and s.demand == issue for s in (self.j, self.i)):
                table = self.updates.setdefault(issue, {})
                table[mover.actor] = (self._updated(mover, table[mover.actor]) if mover.actor in table
                                      else mover.y)
                if not changed:
                    self._drop_last_moves()
                    changed = True
        if changed:
            self.calculate()

    def _drop_last_moves(self) -> None:
        self.i.moves.pop()
        self.j.moves.pop()

    @staticmethod
    def _updated(side: Side, previous: float) -> float:
        """The recorded position of ``side``'s actor after a further exchange (the nearer to the start wins)."""
        if side.start <= previous:
            return previous if previous < side.y else side.y
        return previous if previous > side.y else side.y


TINY_GAIN = 1e-280  # below this, rounding to 12 digits would need a scale beyond float range

def rank(gain: float) -> float:
    """Sort key: the gain to 12 significant digits, so that gains equal in exact arithmetic (Decide's
    decimals) keep their order in a stable sort even when floats differ in the last bits. Plain
    arithmetic (not string formatting) so that the compiled kernel computes the same key. Gains below ``TINY_GAIN`` are
    returned as they are: their scale ``10**(11 - log10(gain))`` would overflow a float."""
    if not gain > TINY_GAIN or gain == math.inf:
        return gain
    scale = 10.0 ** (11 - math.floor(math.log10(gain)))
    return math.floor(gain * scale + 0.5) / scale


def exchange_rate(s_iq: float, s_ip: float, s_jq: float, s_jp: float, u: float) -> float | None:
    """The random exchange rate ``r = dp / dq = lo + u (hi - lo)``, uniform on the range where both gain.

    ``lo = s_iq / s_ip`` (i's break-even rate) and ``hi = s_jq / s_jp`` (j's), from the gains
    ``G_i = s_ip dp - s_iq dq >= 0`` and ``G_j = s_jq dq - s_jp dp >= 0`` (Stokman & Van Oosten 1994);
    ``u`` is a uniform draw. The random-rate variant is named in Stokman, Van Assen, Van der Knoop & Van
    Oosten (2000); a uniform rate on the whole range where both gain is detente's reading of it (see
    docs/explanation/exchange-model.md). ``None`` (use the equal-gain rate) when the range is not a
    finite positive interval, which happens only with a salience of 0."""
    if not (s_ip > 0.0 and s_jp > 0.0):
        return None
    lo, hi = s_iq / s_ip, s_jq / s_jp
    r = lo + u * (hi - lo)
    return r if r > 0.0 and math.isfinite(r) else None
