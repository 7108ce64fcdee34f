"""Forward pass: the distribution of outcomes round by round under a solved game's equilibrium.

The state distribution over (A's true type, front, regime, B's belief on the
grid) is pushed through each round's policy (:func:`detente.models.war.solver.solve`).
Beliefs between grid points are split between the two neighbours with the
same linear weights the solver interpolates with, so the forward pass and
the values agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .solver import Solution, _interp_weights, interpolation

__all__ = ["Outcomes", "forward"]


@dataclass
class Outcomes:
    """What happens from the start of a solved game, as probabilities per round.

    ``settled[t]``, ``a_wins[t]``, ``b_wins[t]`` and ``quit[t]`` are the
    probabilities that the war ends in round ``t`` (0-based) by a
    settlement, by A or B reaching its barrier, or by a side quitting for its
    outside option. ``terms_sum`` is the sum over settlements of probability
    times A's share; ``frozen`` the front distribution left at the horizon
    (settled at the line of contact, ``s/N``); ``third_party_settlement[q]``
    the discounted utility ``1 - |x - ideal_q|`` of settlements for the
    third parties passed to :func:`forward`.
    """

    settled: np.ndarray
    a_wins: np.ndarray
    b_wins: np.ndarray
    quit: np.ndarray
    terms_sum: float
    frozen: np.ndarray
    length: int
    third_party_settlement: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def horizon(self) -> int:
        return len(self.settled)

    def settled_within(self, rounds: int) -> float:
        """P(a negotiated settlement within ``rounds`` rounds)."""
        return float(self.settled[:rounds].sum())

    def ended_within(self, rounds: int) -> float:
        """P(the war ends, by settlement, victory or quitting, within ``rounds`` rounds)."""
        return float((self.settled + self.a_wins + self.b_wins + self.quit)[:rounds].sum())

    def expected_terms(self) -> float:
        """A's expected share in a negotiated settlement, given one happens before the horizon (NaN if none)."""
        total = self.settled.sum()
        return float(self.terms_sum / total) if total > 1e-12 else float("nan")

    def expected_share(self) -> float:
        """A's expected final share over every ending: settlement, victory, defeat or the frozen line."""
        s = np.arange(self.length + 1) / self.length
        return float(self.terms_sum + self.a_wins.sum() + self.frozen @ s)

    def fought(self) -> np.ndarray:
        """P(a battle round is fought) per round: the war is on and does not end at the table."""
        ended_before = np.concatenate([[0.0], np.cumsum(self.settled + self.a_wins + self.b_wins + self.quit)[:-1]])
        return np.clip(1.0 - ended_before - self.settled - self.quit, 0.0, 1.0)


def _split_belief(grid: np.ndarray, mu: float) -> np.ndarray:
    w = np.zeros(len(grid))
    lo, up = _interp_weights(grid, np.array([mu]))
    w[lo[0]] += 1 - up[0]
    w[lo[0] + 1] += up[0]
    return w


def initial_mass(solution: Solution, true_type: float, belief: float, regime0, start: int) -> np.ndarray:
    """The state distribution at round 0: (A's type, front, regime, belief grid point)."""
    game, grid = solution.game, solution.grid
    G = np.asarray(game.regime_switch).shape[0]
    if len(regime0) != G or abs(sum(regime0) - 1) > 1e-9:
        raise ValueError(f"regime0 must give a probability for each of the {G} regimes and sum to 1, got {regime0}")
    mass = np.zeros((2, game.length + 1, G, len(grid)))
    mass[:, start] = (np.array([true_type, 1 - true_type])[:, None, None] * np.asarray(regime0, float)[None, :, None]
                      * _split_belief(grid, belief)[None, None, :])
    return mass


def forward(solution: Solution, true_type: float | None = None, belief: float | None = None, regime0=None,
            start: int | None = None, third_parties: tuple[tuple[float, float], ...] = (),
            backend: str = "numba") -> Outcomes:
    """Outcome probabilities per round.

    Parameters
    ----------
    solution
        A solved game.
    true_type
        Probability that A's true type is 0 (default: B's prior, i.e. the analyst shares B's prior).
    belief, regime0, start
        B's initial belief, the initial regime distribution and the front (default: the game's).
    third_parties
        ``(ideal share of A, discount)`` per third party, for :attr:`Outcomes.third_party_settlement`.
    backend
        ``"numba"`` (compiled kernel) or ``"numpy"`` (reference).
    """
    game = solution.game
    pk = game.prior if true_type is None else true_type
    mass = initial_mass(solution, pk, game.prior if belief is None else belief,
                        game.regime0 if regime0 is None else regime0, game.start if start is None else start)
    ideals = np.array([tp[0] for tp in third_parties], dtype=float)
    discounts = np.array([tp[1] for tp in third_parties], dtype=float)
    if backend == "numba":
        from . import _kernels

        pol = solution.policy
        up_lo, up_w, dn_lo, dn_w = solution.interp or interpolation(game, solution.grid)
        res = _kernels.forward(game.length, game.horizon, np.ascontiguousarray(game.p_advance, dtype=float),
                               float(game.talks), np.ascontiguousarray(game.per_round(game.proposer_a)),
                               np.ascontiguousarray(game.per_round(game.battle)),
                               np.ascontiguousarray(game.regime_switch, dtype=float), up_lo, up_w, dn_lo, dn_w,
                               pol["a_offers"], pol["x_a"], pol["b_quits"], pol["b_choice"], pol["x_b"],
                               pol["b_accepted"], pol["a_quits"], mass, ideals, discounts)
        settled, a_wins, b_wins, quit, terms, frozen, u_settle = res
        return Outcomes(settled, a_wins, b_wins, quit, float(terms), frozen, game.length, u_settle)
    return _forward_numpy(solution, mass, ideals, discounts)


def _forward_numpy(solution: Solution, mass: np.ndarray, ideals: np.ndarray, discounts: np.ndarray) -> Outcomes:
    game, grid = solution.game, solution.grid
    n, T = game.length, game.horizon
    p = np.asarray(game.p_advance, dtype=float)
    P = np.asarray(game.regime_switch, dtype=float)
    up_lo, up_w, dn_lo, dn_w = interpolation(game, grid)
    battle, prop_a = game.per_round(game.battle), game.per_round(game.proposer_a)
    settled, a_wins, b_wins, quit = (np.zeros(T) for _ in range(4))
    terms, u_settle = 0.0, np.zeros(len(ideals))
    for t in range(T):
        pol = {name: values[t] for name, values in solution.policy.items()}
        talk = mass * game.talks
        fight = mass - talk
        prop = talk * prop_a[t]
        settle_a = prop * pol["a_offers"]
        quits_a = prop * (pol["b_quits"] & ~pol["a_offers"])
        fight += prop - quits_a - settle_a
        prop = talk - talk * prop_a[t]
        settle_b = prop * pol["b_accepted"]
        rejected = prop - settle_b
        screened = (pol["b_choice"] == 1) | (pol["b_choice"] == 2)
        quits_b = rejected * pol["a_quits"] * ~screened
        revealed, quits_rev = _reveal(rejected * screened, pol["a_quits"])
        fight += revealed + rejected * ~screened - quits_b
        quit[t] = quits_a.sum() + quits_b.sum() + quits_rev
        settled[t] = settle_a.sum() + settle_b.sum()
        for amount, x in ((settle_a.sum(0), pol["x_a"]), (settle_b.sum(0), pol["x_b"])):
            keep = amount > 0
            terms += float((amount[keep] * x[keep]).sum())
            for q in range(len(ideals)):
                u_settle[q] += float((amount[keep] * discounts[q] ** t * (1 - np.abs(x[keep] - ideals[q]))).sum())
        mass = _battle(fight, battle[t], p, (up_lo, up_w), (dn_lo, dn_w), P)
        a_wins[t], b_wins[t] = mass[:, n].sum(), mass[:, 0].sum()
        mass[:, n] = 0.0
        mass[:, 0] = 0.0
    return Outcomes(settled, a_wins, b_wins, quit, terms, mass.sum(axis=(0, 2, 3)), n, u_settle)


def _reveal(mass: np.ndarray, a_quits: np.ndarray) -> tuple[np.ndarray, float]:
    """A screening offer rejected by type k: B's belief jumps to 'type k' (mu = 1 for 0, 0 for 1).

    Returns the mass fighting on at the revealed belief and the mass of types that quit instead.
    """
    out = np.zeros_like(mass)
    stay0, stay1 = ~a_quits[0][..., -1:], ~a_quits[1][..., :1]
    out[0, ..., -1] = (mass[0] * stay0).sum(-1)
    out[1, ..., 0] = (mass[1] * stay1).sum(-1)
    return out, float(mass.sum() - out.sum())


def _move_beliefs(mass: np.ndarray, lo: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Mass over (k, S, G, M) moved to the posterior grid points ``lo``/``lo + 1`` (per regime, per point)."""
    out = np.zeros_like(mass)
    for g in range(mass.shape[2]):
        np.add.at(out[:, :, g, :], (slice(None), slice(None), lo[g]), mass[:, :, g, :] * (1 - w[g]))
        np.add.at(out[:, :, g, :], (slice(None), slice(None), lo[g] + 1), mass[:, :, g, :] * w[g])
    return out


def _battle(mass, beta, p, up, dn, P):
    """One round without agreement: a battle with probability ``beta`` (front and belief move), then regimes switch."""
    out = (1 - beta) * mass
    pg = p[:, None, :, None]
    won = _move_beliefs(mass * pg * beta, *up)
    lost = _move_beliefs(mass * (1 - pg) * beta, *dn)
    out[:, 1:] += won[:, :-1]
    out[:, :-1] += lost[:, 1:]
    return np.einsum("ksgj,gh->kshj", out, P)
