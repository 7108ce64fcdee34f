"""Perfect Bayesian equilibria of finite signalling games with two sender types, and their refinements.

A sender of type 0 or 1 (prior ``P(type 1) = prior``) sends one of finitely many messages; the receivers
see it, hold the posterior ``mu = P(type 1 | message)`` by Bayes' rule on path, and respond. Their
response after each message is data (:class:`Response`): a finite set of receiver actions whose payoffs,
the receiver's expected one and the sender's per type, are tables on a belief grid, linear in ``mu``
between grid points. That covers

* continuous responses (one action, the sender's payoff a function of ``mu``: e.g. the game values of a
  continuation whose play depends on the belief, with third parties' purified levers folded in);
* correspondences: a receiver choosing among actions mixes at indifference, so at a belief where two
  actions tie the sender's payoff is the segment between them (Cho & Kreps 1987's mixed best responses).

After each message the graph of the sender's payoff correspondence is a chain of linear pieces
(:mod:`._pieces`): along a piece the belief and both types' payoffs are linear in one parameter, so
every equilibrium condition is solved exactly, piece by piece.

**Enumeration** (:func:`equilibria`). A type's support has at most two messages and at most two messages
are on path: with ``P`` messages sent by both types and ``A0``, ``A1`` by one type only, the indifference
conditions number ``|A0| + |A1| + 2|P| - 2`` and the free beliefs ``|P|``, so generically
``|A0| + |A1| + |P| <= 2``. The structures enumerated are therefore pooling (one message), separating,
semi-separating (one type pure, the other mixing over its message and a second one) and both types mixing
over the same two messages. Non-generic continua (a type indifferent along a whole piece, a singular
system, a prior exactly at a receiver's indifference point) are not enumerated; at fixed beliefs (the
prior, 0, 1) the receiver's pure best responses are tried.

**Off path** a message is deterred when some belief and some best response to it leave each type no
better off than in equilibrium. **Intuitive Criterion** (Cho & Kreps 1987, p. 202): a type that gains
nothing from the message under any best response is ruled out; the equilibrium fails if the other type
gains under every best response to a belief concentrated on it. **D1** (Cho & Kreps 1987, p. 205;
Banks & Sobel 1987; Cho & Sobel 1990): type t is ruled out when the other type strictly gains under every
mixed best response under which t weakly gains; the equilibrium fails if no belief on the remaining
type supports it (one round; if both types are ruled out there is no restriction).

**Selection** (:func:`select`): among equilibria surviving the refinement (else the Intuitive Criterion,
else all), the highest ex-ante sender payoff, which no other survivor Pareto-dominates for the sender's
types (the idea of Mailath, Okuno-Fujiwara & Postlewaite 1993's undefeated equilibrium), then fewer
messages on path, then the lowest message indices (payoff-duplicate messages count as one, and are merged
before solving so that no belief comes from the messages' order: :func:`equilibria`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import permutations

import numpy as np

from ._pieces import TOL, Pieces, Response, Stack

__all__ = ["Response", "SignallingGame", "signalling_prior", "Equilibrium", "OffPath", "posterior", "equilibria", "duplicates",
           "select", "REFINEMENTS"]

#: Refinement names accepted by :func:`select`.
REFINEMENTS = ("D1", "intuitive", "none")


def posterior(prior: float, strategy: np.ndarray) -> np.ndarray:
    """Bayes' rule: ``P(type 1 | m)`` for each message from ``strategy[t, m] = P(m | type t)``; NaN off path."""
    strategy = np.asarray(strategy, dtype=float)
    joint1, joint0 = prior * strategy[1], (1 - prior) * strategy[0]
    total = joint0 + joint1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, joint1 / np.where(total > 0, total, 1.0), np.nan)


#: How far inside (0, 1) a degenerate prior is solved in the signalling game (:func:`signalling_prior`).
PRIOR_INSIDE = 1e-9


def signalling_prior(prior: float) -> float:
    """B's prior for the node's signalling game: a degenerate one (0 or 1, e.g. the end of a scenario's range,
    which a Morris design visits) is solved as the limit of interior priors, ``PRIOR_INSIDE`` from the end.
    At prior 1 Bayes' rule leaves B's belief at 1 after every on-path move and the absent type's strategy is
    payoff-irrelevant; the signalling solver's conditions (and the refinements' off-path beliefs) need both
    types possible (Fudenberg & Tirole 1991, sec. 8.2: PBE beliefs are defined for a prior of full support)."""
    return min(max(float(prior), PRIOR_INSIDE), 1.0 - PRIOR_INSIDE)


@dataclass(frozen=True)
class SignallingGame:
    """Two sender types (``prior`` = P(type 1)), named messages and the receivers' response to each."""

    prior: float
    messages: tuple[str, ...]
    responses: tuple[Response, ...]

    def __post_init__(self) -> None:
        if not 0.0 < self.prior < 1.0:
            raise ValueError(f"prior must be in (0, 1), got {self.prior}")
        if len(self.messages) != len(self.responses) or not self.messages:
            raise ValueError("one response per message, at least one message")


class OffPath:
    """An off-path message: the beliefs that deter it and what each refinement allows (computed when asked).

    ``supporting``: the belief intervals at which some best response deters both types.
    :meth:`belief` is the belief reported under a refinement (None: the equilibrium fails it) and
    :meth:`point` the sender's payoff (2,) and the receiver's response there.
    """

    def __init__(self, pc: Pieces, payoff: np.ndarray, prior: float, raw: list[tuple[float, float, int]]) -> None:
        self._pc, self._payoff, self._raw = pc, payoff, raw
        self.supporting = _merged([(lo, hi) for lo, hi, _ in raw])
        self._nearest = min((max(lo, min(hi, prior)) for lo, hi, _ in raw), key=lambda b: abs(b - prior))
        self._beliefs: dict[str, float | None] = {}
        self._points: dict[float, tuple | None] = {}

    def _at(self, b: float):
        if b not in self._points:
            self._points[b] = self._pc.deterring_point(b, self._payoff)
        return self._points[b]

    def belief(self, refinement: str) -> float | None:
        if refinement not in self._beliefs:
            rule = {"none": None, "intuitive": _intuitive_belief, "D1": _d1_belief}[refinement]
            pinned = None if rule is None else rule(self._pc, self._payoff)
            b = self._nearest if pinned is None else (pinned if _supports(self._raw, pinned) else None)
            self._beliefs[refinement] = None if b is None or self._at(b) is None else b
        return self._beliefs[refinement]

    def point(self, refinement: str) -> tuple[np.ndarray, dict[str, float]] | None:
        b = self.belief(refinement)
        return None if b is None else self._at(b)

    @property
    def beliefs(self) -> dict[str, float | None]:
        return {r: self.belief(r) for r in REFINEMENTS}


@dataclass(eq=False)
class Equilibrium:
    """One perfect Bayesian equilibrium.

    ``strategy[t, m] = P(m | type t)``; ``posterior[m]`` on path by Bayes (off path: nan, see
    ``off_path``); ``response[m]`` the receiver's mixed action on path; ``payoff[t]`` type t's payoff.
    """

    kind: str
    strategy: np.ndarray
    posterior: np.ndarray
    response: dict[int, dict[str, float]]
    payoff: np.ndarray
    off_path: dict[int, OffPath] = field(default_factory=dict)
    duplicates: list[list[int]] = field(default_factory=list)

    @property
    def on_path(self) -> list[int]:
        return [m for m in range(self.strategy.shape[1]) if self.strategy[:, m].max() > 0]

    def _order(self) -> tuple[int, list[int]]:
        """Messages on path counted once per class of duplicates (the selection's tie-break)."""
        merged = {m: min(c) for c in self.duplicates for m in c}
        classes = sorted({merged.get(m, m) for m in self.on_path})
        return len(classes), classes

    def survives(self, refinement: str) -> bool:
        """Does it survive ``"D1"``, ``"intuitive"`` or ``"none"``?"""
        return all(o.belief(refinement) is not None for o in self.off_path.values())

    def belief(self, m: int, refinement: str = "D1") -> float:
        """The receivers' belief after message ``m``: Bayes on path, the refinement's belief off path."""
        if m in self.off_path:
            b = self.off_path[m].belief(refinement)
            return float("nan") if b is None else b
        return float(self.posterior[m])

    def ex_ante(self, prior: float) -> float:
        return float((1 - prior) * self.payoff[0] + prior * self.payoff[1])


def duplicates(game: SignallingGame) -> list[list[int]]:
    """Classes of payoff-duplicate messages: the same sender payoffs, and receiver payoffs that differ by a
    constant at each belief (the same best responses: e.g. a one-off cost to the receiver)."""
    classes: list[list[int]] = []

    def centred(r: Response) -> np.ndarray:
        return np.asarray(r.receiver) - np.asarray(r.receiver).mean(axis=0)

    for m, r in enumerate(game.responses):
        for c in classes:
            q = game.responses[c[0]]
            if (q.actions == r.actions and np.array_equal(q.grid, r.grid) and np.allclose(q.sender, r.sender, atol=1e-12)
                    and np.allclose(centred(q), centred(r), atol=1e-12)):
                c.append(m)
                break
        else:
            classes.append([m])
    return classes


def equilibria(game: SignallingGame) -> list[Equilibrium]:
    """Every generic perfect Bayesian equilibrium of ``game`` (see the module docstring), deduplicated.

    Messages with identical responses (payoff duplicates) are merged, the game solved on one message per
    class, and a class's probability split evenly among its members: every member then has the class's
    posterior, so no belief depends on the messages' order (the PBE of the original game that split the
    mass otherwise form a continuum with the same payoffs). ``Equilibrium.duplicates`` lists the classes.
    """
    classes = duplicates(game)
    if len(classes) < len(game.messages):
        reduced = SignallingGame(game.prior, tuple(game.messages[c[0]] for c in classes),
                                 tuple(game.responses[c[0]] for c in classes))
        return [_expand(e, classes, len(game.messages)) for e in equilibria(reduced)]
    pcs = [r.pieces() for r in game.responses]
    found: dict[tuple, Equilibrium] = {}
    for cand in _candidates(game, pcs):
        key = _key(cand[1], cand[2])
        if key in found:
            continue
        eq = _finish(game, pcs, *cand)
        if eq is not None:
            found[key] = eq
    return list(found.values())


def _expand(e: Equilibrium, classes: list[list[int]], n: int) -> Equilibrium:
    """An equilibrium of the merged game on the original messages (module docstring of :func:`equilibria`)."""
    strategy, post = np.zeros((2, n)), np.full(n, np.nan)
    response, off = {}, {}
    for k, members in enumerate(classes):
        for m in members:
            strategy[:, m] = e.strategy[:, k] / len(members)
            post[m] = e.posterior[k]
            if k in e.response:
                response[m] = e.response[k]
            if k in e.off_path:
                off[m] = e.off_path[k]
    return Equilibrium(e.kind, strategy, post, response, e.payoff, off, [c for c in classes if len(c) > 1])


def _key(strategy: np.ndarray, on_path: dict) -> tuple:
    """What identifies an equilibrium: the sender's strategy and the on-path responses (rounded)."""
    resp = tuple((m, tuple(sorted((a, round(p, 7)) for a, p in on_path[m][2].items()))) for m in sorted(on_path))
    return tuple(np.round(strategy, 7).ravel().tolist()), resp


def _candidates(game: SignallingGame, pcs: list[Pieces]):
    """(kind, strategy, {message: (belief, payoff (2,), response)}) for every on-path structure."""
    p, n = game.prior, len(pcs)
    for m in range(n):
        for pay, resp in pcs[m].points_at(p):
            yield "pooling", _pure({0: m, 1: m}, n), {m: (p, pay, resp)}
    for m0, m1 in permutations(range(n), 2):
        for pay0, r0 in pcs[m0].points_at(0.0):
            for pay1, r1 in pcs[m1].points_at(1.0):
                if pay1[0] <= pay0[0] + TOL and pay0[1] <= pay1[1] + TOL:
                    yield "separating", _pure({0: m0, 1: m1}, n), {m0: (0.0, pay0, r0), m1: (1.0, pay1, r1)}
    stack = Stack(pcs)
    for t in (0, 1):
        yield from _semi_separating(game, stack, t)
    yield from _both_mix(game, stack)


def _pure(choice: dict[int, int], n: int) -> np.ndarray:
    s = np.zeros((2, n))
    for t, m in choice.items():
        s[t, m] = 1.0
    return s


def _semi_separating(game: SignallingGame, stack: Stack, t: int):
    """Type ``t`` mixes over ``m`` (pooled with the other type) and ``n`` (revealing: belief ``t``)."""
    p, n_msg, o = game.prior, len(stack.pcs), 1 - t
    lo, hi = (0.0, p) if t == 1 else (p, 1.0)
    for n in range(n_msg):
        for pay_n, r_n in stack.pcs[n].points_at(float(t)):
            for m, mu, pay_m, r_m in stack.solve_payoff(t, pay_n[t], lo, hi, exclude=n):
                if pay_n[o] > pay_m[o] + TOL:  # the pure type would rather reveal itself as t
                    continue
                s = np.zeros((2, n_msg))
                # mu = p s_t / (p s_t + 1 - p) if t == 1; mu = p / (p + (1 - p) s_t) if t == 0
                share = mu * (1 - p) / (p * (1 - mu)) if t == 1 else p * (1 - mu) / ((1 - p) * mu)
                s[t, m], s[t, n], s[o, m] = share, 1 - share, 1.0
                yield "semi-separating", s, {m: (mu, pay_m, r_m), n: (float(t), pay_n, r_n)}


def _both_mix(game: SignallingGame, stack: Stack):
    """Both types mix over ``m`` (belief below the prior) and ``n`` (above), indifferent between them."""
    p = game.prior
    for m, mu_m, pay_m, r_m, n, mu_n, pay_n, r_n in stack.solve_pairs((0.0, p), (p, 1.0)):
        lam = (mu_n - p) / (mu_n - mu_m)  # P(m): lam mu_m + (1 - lam) mu_n = p
        s = np.zeros((2, len(stack.pcs)))
        s[1, m], s[0, m] = lam * mu_m / p, lam * (1 - mu_m) / (1 - p)
        s[1, n], s[0, n] = 1 - s[1, m], 1 - s[0, m]
        yield "hybrid", s, {m: (mu_m, pay_m, r_m), n: (mu_n, pay_n, r_n)}


def _finish(game: SignallingGame, pcs: list[Pieces], kind: str, strategy: np.ndarray,
            on_path: dict[int, tuple[float, np.ndarray, dict[str, float]]]) -> Equilibrium | None:
    """The equilibrium with these on-path beliefs and responses, if every off-path message is deterred."""
    payoff = np.array([max(on_path[m][1][t] for m in on_path if strategy[t, m] > 0) for t in (0, 1)])
    post = np.full(len(pcs), np.nan)
    for m, (mu, _, _) in on_path.items():
        post[m] = mu
    off_msgs = [m for m in range(len(pcs)) if m not in on_path]
    if not all(pcs[m].deters(payoff) for m in off_msgs):  # cheap test first: most candidates fail here
        return None
    off = {m: _off_path(pcs[m], payoff, game.prior) for m in off_msgs}
    if any(o is None for o in off.values()):
        return None
    response = {m: r for m, (_, _, r) in on_path.items()}
    return Equilibrium(kind, strategy, post, response, payoff, off)


def _off_path(pc: Pieces, payoff: np.ndarray, prior: float) -> OffPath | None:
    """Deterrence of an off-path message (None: not deterred); the refinements' beliefs come when asked."""
    raw = pc.deterring(payoff)
    if not raw:
        return None
    return OffPath(pc, payoff, prior, raw)


def _merged(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Union of belief intervals, as disjoint sorted intervals."""
    out: list[tuple[float, float]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + TOL:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _supports(supporting, belief: float) -> bool:
    return any(lo - TOL <= belief <= hi + TOL for lo, hi, _ in supporting)


def _intuitive_belief(pc: Pieces, payoff: np.ndarray) -> float | None:
    """Cho & Kreps (1987): with J the types equilibrium-dominated at the message, the belief on the other
    type when J has exactly one type (None: no restriction). The equilibrium fails the criterion iff the
    other type gains under every best response to that belief, i.e. iff that belief does not deter it; the
    dominated type never gains, so deterring the other type is deterring both."""
    best = pc.max_payoff()
    dominated = [t for t in (0, 1) if payoff[t] > best[t] + TOL]
    if len(dominated) != 1:
        return None
    return float(1 - dominated[0])


def _d1_belief(pc: Pieces, payoff: np.ndarray) -> float | None:
    """D1 (Cho & Kreps 1987, p. 205): type t is pruned when every mixed best response (to any belief) that
    gives t at least its equilibrium payoff gives the other type strictly more than its own. Returns the
    belief on the unpruned type, or None when neither or both are pruned."""
    pruned = [t for t in (0, 1) if pc.dominated_gain(t, payoff)]
    if len(pruned) != 1:
        return None
    return float(1 - pruned[0])


def select(found: list[Equilibrium], refinement: str, prior: float) -> tuple[list[Equilibrium], str]:
    """The equilibria, the selected one first, and the refinement actually applied (``refinement``, else
    ``"intuitive"``, else ``"none"`` when nothing survives the stronger one).

    Selected: among the survivors, the highest ex-ante sender payoff (no other survivor Pareto-dominates
    it for the sender's types, since one that did would have a higher ex-ante payoff), then fewer
    messages on path, then the lowest message indices. The others follow in the same order; whether each
    survives is computed when asked (:meth:`Equilibrium.survives`).
    """
    if refinement not in REFINEMENTS:
        raise ValueError(f"refinement must be one of {', '.join(REFINEMENTS)}, got {refinement!r}")
    ordered = sorted(found, key=lambda e: (-round(e.ex_ante(prior), 12), *e._order()))
    for applied in REFINEMENTS[REFINEMENTS.index(refinement):]:
        chosen = next((e for e in ordered if e.survives(applied)), None)
        if chosen is not None:
            return [chosen] + [e for e in ordered if e is not chosen], applied
    return [], refinement
