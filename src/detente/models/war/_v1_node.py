"""v1 of the node (kept while v1's analyses import it through node.py; removed with them).

A decision node of the war section: from moves (a profile) to the games they induce, and their values.

The moves at the node act on the game through data of the ``war:`` section:

- delegation levels and a host set the probability that a round has a
  binding negotiation (``talks``: a senior delegation can commit);
- delegation level and an attack on the eve are signals of A's type, so
  they set B's initial belief by Bayes' rule
  (:func:`~detente.models.war.closed_forms.signal_posterior`);
- an accepted ceasefire pauses battles for its length while both sides
  rearm (Lavrov's objection), shifting A's advance probability afterwards;
- third parties' rules pull levers (sanctions raise A's cost, withdrawal
  switches B's support off; :mod:`.third_parties`).

:func:`evaluate` returns every actor's expected discounted utility of a
profile and the outcome probabilities, mixing over the lever lotteries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .paths import Outcomes, forward
from ...scenario.war import WarSpec
from .solver import Game, Solution, belief_grid, interpolation, solve
from ._v1_rules import Profile, lever_lotteries

__all__ = ["NodeValue", "nominal_params", "profile_with", "initial_belief", "build_game", "evaluate", "war_values",
           "joint_loss", "joint_missed"]


def nominal_params(spec: WarSpec) -> dict[str, float]:
    """Every number of the section at its nominal value, by path."""
    return {label: num.value for label, num in spec.numbers().items()}


def profile_with(spec: WarSpec, changes: dict[str, str] | None = None) -> Profile:
    """The observed profile with ``{"Actor.move": value}`` changes."""
    profile = {actor: dict(moves) for actor, moves in spec.observed.items()}
    for key, value in (changes or {}).items():
        actor, _, move = key.rpartition(".")
        profile.setdefault(actor, {})[move] = value
    return profile


def initial_belief(spec: WarSpec, params: dict[str, float], profile: Profile) -> float:
    """B's belief that A is the strong ('stalling') type after A's delegation level and eve attack."""
    a = profile.get(spec.a, {})
    strong, weak = params["types.prior_strong"], 1 - params["types.prior_strong"]
    level = a.get("delegation")
    if level is not None:
        strong *= params[f"types.delegation.strong.{level}"]
        weak *= params[f"types.delegation.weak.{level}"]
    attack = a.get("eve_attack")
    if attack is not None:
        ps, pw = params["types.eve_attack.strong"], params["types.eve_attack.weak"]
        strong *= ps if attack == "yes" else 1 - ps
        weak *= pw if attack == "yes" else 1 - pw
    return strong / (strong + weak) if strong + weak > 0 else params["types.prior_strong"]


def _talks(spec: WarSpec, params: dict[str, float], profile: Profile) -> float:
    talks = params["talks.base"]
    for side in (spec.a, spec.b):
        level = profile.get(side, {}).get("delegation")
        if level is not None:
            talks *= params[f"talks.level.{level}"]
    if any(moves.get("host") == "yes" for moves in profile.values()):
        talks *= params["talks.host"]
    return float(min(max(talks, 0.0), 1.0))


def build_game(spec: WarSpec, params: dict[str, float], profile: Profile, levers: frozenset[str]) -> Game:
    """The game induced by a profile once the levers in ``levers`` are pulled."""
    x = {"cost_a": params["costs.a"], "cost_b": params["costs.b"], "withdrawal_hazard": params["withdrawal_hazard"],
         "talks": _talks(spec, params, profile), "advance": params["battle.advance"], "withdrawn": 0.0}
    for lever in sorted(levers):
        for k, effect in enumerate(spec.levers[lever]):
            key = f"levers.{lever}[{k}]"
            if effect.add is not None:
                x[effect.parameter] += params[f"{key}.add"]
            else:
                x[effect.parameter] *= params[f"{key}.multiply"]
    battle = np.ones(spec.horizon)
    if profile.get(spec.a, {}).get("ceasefire") == "accept":
        L = spec.ceasefire.length
        battle[:L] = 0.0
        x["advance"] += L * (params["ceasefire.rearm_a"] - params["ceasefire.rearm_b"])
    gain, bonus = params["battle.withdrawal_gain"], params["battle.strong_bonus"]
    weak = np.array([x["advance"], x["advance"] + gain])
    p = np.clip(np.stack([weak + bonus, weak]), 0.01, 0.99)
    h = float(np.clip(x["withdrawal_hazard"], 0.0, 1.0))
    withdrawn = x["withdrawn"] >= 0.5
    cost_b = params["costs.b_without_support"]
    return Game(
        length=spec.front.length,
        start=int(round(params["front.share_a"] * spec.front.length)),
        horizon=spec.horizon,
        p_advance=p,
        cost_a=np.full((2, 2), max(x["cost_a"], 0.0)),
        cost_b=np.array([max(x["cost_b"], 0.0), max(x["cost_b"], 0.0) + cost_b]),
        discount=(params[f"discount.{spec.a}"], params[f"discount.{spec.b}"]),
        talks=x["talks"],
        proposer_a=params["talks.proposer_a"],
        battle=tuple(battle),
        regime_switch=np.array([[1 - h, h], [0.0, 1.0]]),
        prior=0.5,
        regime0=(0.0, 1.0) if withdrawn else (1.0, 0.0),
        belief_points=spec.belief_points,
    )


def _key(game: Game) -> tuple:
    """What tells apart the games of one section and draw (the initial regime is not part of a solution)."""
    return (game.start, game.talks, game.proposer_a, game.discount, game.battle, game.p_advance.tobytes(),
            game.cost_a.tobytes(), game.cost_b.tobytes(), np.asarray(game.regime_switch).tobytes(),
            game.belief_points, game.prior, game.horizon, game.length)


@dataclass
class NodeValue:
    """Expected discounted utility per actor of one profile, and the outcome probabilities.

    ``settled_by[t]`` is P(negotiated settlement within ``t + 1`` rounds); ``terms`` A's expected
    share in a settlement; ``share`` A's expected final share over every ending.
    """

    values: dict[str, float]
    settled_by: np.ndarray
    terms: float
    share: float
    belief: float


class Cache:
    """Solved games and forward passes of one parameter draw, shared across profiles.

    Profiles that induce the same game (the same talks, ceasefire and pulled levers) share one
    backward induction; games with the same battle odds share the belief interpolation; and a
    game started from the same belief, type weight, regime and front shares one forward pass
    (e.g. a third party's alternative that pulls a lever the observed lottery already pulls).
    Memoisation only: every value is what a fresh computation would give, bit for bit. Cached
    solutions keep only round 0 of ``value_a`` and ``value_b`` (what
    :meth:`~detente.models.war.solver.Solution.start_values` reads) and every policy array.
    """

    def __init__(self, backend: str = "numba") -> None:
        self.backend = backend
        self.solutions: dict[tuple, Solution] = {}
        self.games: dict[tuple, Game] = {}
        self.interps: dict[tuple, tuple[np.ndarray, ...]] = {}
        self.outcomes: dict[tuple, tuple] = {}
        self.starts: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._keys: dict[int, tuple[Game, tuple]] = {}  # id(game) -> (game, _key(game)); the game kept alive

    def key(self, game: Game) -> tuple:
        """:func:`_key` of ``game``, computed once per game object."""
        hit = self._keys.get(id(game))
        if hit is None or hit[0] is not game:
            hit = self._keys[id(game)] = (game, _key(game))
        return hit[1]

    def start_values(self, game: Game, belief: float) -> tuple[np.ndarray, np.ndarray]:
        """``solve(game).start_values_by_type(belief, game.regime0, game.start)``, memoised."""
        key = (self.key(game), tuple(game.regime0), game.start, belief)
        if key not in self.starts:
            self.starts[key] = self.solve(game).start_values_by_type(belief, game.regime0, game.start)
        return self.starts[key]

    def game(self, spec: WarSpec, params: dict[str, float], profile: Profile, levers: frozenset[str]) -> Game:
        """:func:`build_game`, memoised on what it reads from the profile (talks, ceasefire, levers)."""
        key = (_talks(spec, params, profile), profile.get(spec.a, {}).get("ceasefire"), levers)
        if key not in self.games:
            self.games[key] = build_game(spec, params, profile, levers)
        return self.games[key]

    def solve(self, game: Game) -> Solution:
        key = self.key(game)
        if key not in self.solutions:
            interp = None
            if self.backend == "numba":
                grid = belief_grid(game)
                ikey = (game.p_advance.tobytes(), grid.tobytes())
                if ikey not in self.interps:
                    self.interps[ikey] = interpolation(game, grid)
                interp = self.interps[ikey]
            sol = solve(game, backend=self.backend, interp=interp)
            # keep round 0 of the values (all that start values read) and free the rest now, so that
            # a draw's dozens of solutions stay small and their memory is reused, not paged in again
            sol.value_a, sol.value_b = sol.value_a[:1].copy(), sol.value_b[:1].copy()
            self.solutions[key] = sol
        return self.solutions[key]

    def outcome(self, game: Game, sol: Solution, w: float, belief: float, tps: tuple, war_costs: tuple) -> tuple:
        """The forward pass of ``game`` (solved: ``sol``) from ``belief`` with type weight ``w``, summarised
        (memoised).

        ``game`` rather than ``sol.game``: games that differ only in their initial regime share a
        solution. Returns P(settled within ``t + 1`` rounds) per round, the terms' numerator and
        denominator, A's expected share and each third party's value.
        """
        key = (self.key(game), w, belief, tuple(game.regime0), game.start, tps, war_costs)
        if key not in self.outcomes:
            out = forward(sol, true_type=w, belief=belief, regime0=game.regime0, start=game.start,
                          third_parties=tps, backend=self.backend)
            fought = out.fought()
            tp_values = tuple(_third_party_value(out, q, tps[q][0], war_costs[q], tps[q][1], fought)
                              for q in range(len(tps)))
            self.outcomes[key] = (np.cumsum(out.settled), out.terms_sum, out.settled.sum(), out.expected_share(),
                                  tp_values)
        return self.outcomes[key]


def _third_party_value(out: Outcomes, q: int, ideal: float, war_cost: float, d: float,
                       fought: np.ndarray | None = None) -> float:
    """Discounted utility ``1 - |x - ideal|`` of the ending minus ``war_cost`` for each round fought.

    ``fought``: ``out.fought()``, if already at hand.
    """
    T, n = out.horizon, out.length
    disc = d ** np.arange(T)
    u = float(out.third_party_settlement[q])
    u += float((out.a_wins * disc * d).sum() * (1 - abs(1 - ideal)) + (out.b_wins * disc * d).sum() * (1 - ideal))
    s = np.arange(n + 1) / n
    u += float(d ** T * (out.frozen * (1 - np.abs(s - ideal))).sum())
    return u - war_cost * float(disc @ (out.fought() if fought is None else fought))


def evaluate(spec: WarSpec, params: dict[str, float], profile: Profile, cache: Cache | None = None,
             type_weight: float | None = None, outcomes: bool = True) -> NodeValue:
    """Every actor's value of ``profile`` (mixed over the third-party lever lotteries).

    Parameters
    ----------
    type_weight
        The analyst's probability that A is the strong type (default: B's belief after the observed moves).
    outcomes
        Also run the forward pass (settlement probabilities, terms, third parties' values).
    """
    cache = cache or Cache()
    belief = initial_belief(spec, params, profile)
    w = initial_belief(spec, params, profile_with(spec)) if type_weight is None else type_weight
    values = {spec.a: 0.0, spec.b: 0.0, **{name: 0.0 for name in spec.third_parties}}
    settled_by, terms_num, terms_den, share = np.zeros(spec.horizon), 0.0, 0.0, 0.0
    attack_cost = params["eve_attack_cost_b"] if profile.get(spec.a, {}).get("eve_attack") == "yes" else 0.0
    names = list(spec.third_parties)
    tps = tuple((params[f"third_parties.{name}.ideal_share_a"], params[f"third_parties.{name}.discount"])
                for name in names)
    war_costs = tuple(params[f"third_parties.{name}.war_cost"] for name in names)
    for prob, levers in lever_lotteries(spec, profile, params):
        game = cache.game(spec, params, profile, levers)
        va_k, vb_k = cache.start_values(game, belief)
        values[spec.a] += prob * (w * va_k[0] + (1 - w) * va_k[1])
        values[spec.b] += prob * (w * vb_k[0] + (1 - w) * vb_k[1] - attack_cost)
        if not outcomes:
            continue
        cum, t_num, t_den, exp_share, tp_values = cache.outcome(game, cache.solve(game), w, belief, tps, war_costs)
        settled_by += prob * cum
        terms_num += prob * t_num
        terms_den += prob * t_den
        share += prob * exp_share
        for q, name in enumerate(names):
            values[name] += prob * tp_values[q]
    terms = terms_num / terms_den if terms_den > 1e-12 else float("nan")
    return NodeValue(values, settled_by, terms, share, belief)


def war_values(game: Game, cache: Cache, belief: float) -> tuple[np.ndarray, np.ndarray]:
    """Each side's value of fighting on with no talks from the game's start, per A's type and regime.

    The war values of Fearon (1995) for the model's war: the game with ``talks = 0`` (the front walks
    until a side wins or the horizon freezes the line), solved by the same backward induction. Returns
    ``(w_a, w_b)`` of shape ``(2, G)``: ``w_a[k, g]`` is type ``k`` of A's value in regime ``g``.
    """
    # with no talks the values do not depend on B's belief: a two-point grid gives them at a fifth of the cost
    sol = cache.solve(replace(game, talks=0.0, belief_points=2))
    G = np.asarray(game.regime_switch).shape[0]
    w_a, w_b = np.zeros((2, G)), np.zeros((2, G))
    for g in range(G):
        w_a[:, g], w_b[:, g] = sol.start_values_by_type(belief, np.eye(G)[g], game.start)
    return w_a, w_b


def joint_loss(game: Game, cache: Cache, belief: float, w: float) -> tuple[float, float]:
    """The joint missed opportunity of a game's equilibrium at its start, and P(a self-enforcing range).

    For A's type ``k`` a *self-enforcing bargaining range* exists when some split gives each side at
    least its war value whichever regime comes (support kept or withdrawn), so that neither would
    renege when the balance shifts (Fearon 1995, p. 386-388; Powell 2006, p. 176-180):
    ``max_g W_A(k, g) + max_g W_B(k, g) < 1`` (:func:`war_values`). Then a settlement at the node on a
    split in the range would have given both sides together the whole stake, 1, instead of
    ``V_A(k) + V_B(k)`` under the equilibrium: the joint missed opportunity ``1 - V_A(k) - V_B(k)``
    is what the war costs both from the node (battle costs plus the discounting of a later ending).
    Types are weighted by ``w`` (the analyst's probability of type 0).

    Returns
    -------
    (float, float)
        ``sum_k w_k 1{range_k} (1 - V_A(k) - V_B(k))`` and ``sum_k w_k 1{range_k}``.
    """
    va, vb = cache.start_values(game, belief)
    w_a, w_b = war_values(game, cache, belief)
    joint, p_range = 0.0, 0.0
    for k, weight in ((0, w), (1, 1 - w)):
        if w_a[k].max() + w_b[k].max() < 1.0:
            joint += weight * (1.0 - va[k] - vb[k])
            p_range += weight
    return float(joint), float(p_range)


def joint_missed(spec: WarSpec, params: dict[str, float], profile: Profile, cache: Cache | None = None
                 ) -> tuple[float, float]:
    """:func:`joint_loss` of a profile, mixed over the third-party lever lotteries.

    The belligerents' values exclude the eve attack's cost to B, sunk before the node.
    """
    cache = cache or Cache()
    belief = initial_belief(spec, params, profile)
    w = initial_belief(spec, params, profile_with(spec))
    joint, p_range = 0.0, 0.0
    for prob, levers in lever_lotteries(spec, profile, params):
        j, r = joint_loss(cache.game(spec, params, profile, levers), cache, belief, w)
        joint += prob * j
        p_range += prob * r
    return joint, p_range
