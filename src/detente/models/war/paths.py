"""Forward pass: the distribution of outcomes round by round under a solved game's equilibrium.

The state distribution over (A's true type, front, regime, B's belief on the
grid) is pushed through each round's policy (:func:`detente.models.war.solver.solve`).
Beliefs between grid points are split between the two neighbours with the
same linear weights the solver interpolates with, so the forward pass and
the values agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .solver import Solution, _interp_weights, _posterior_after_battle

__all__ = ["Outcomes", "forward"]


@dataclass
class Outcomes:
    """What happens from the start of a solved game, as probabilities per round.

    ``settled[t]``, ``a_wins[t]``, ``b_wins[t]`` and ``quit[t]`` are the
    probabilities that the war ends in round ``t`` (0-based) by a settlement,
    by A or B reaching its barrier, or by a side quitting for its outside
    option. ``settlements`` lists ``(round, share, probability)`` rows of
    the settled terms (A's share); ``frozen`` the front distribution left at
    the horizon (settled at the line of contact, ``s/N``).
    """

    settled: np.ndarray
    a_wins: np.ndarray
    b_wins: np.ndarray
    quit: np.ndarray
    settlements: np.ndarray
    frozen: np.ndarray
    length: int

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
        total = self.settlements[:, 2].sum() if len(self.settlements) else 0.0
        return float(self.settlements[:, 1] @ self.settlements[:, 2] / total) if total > 1e-12 else float("nan")

    def expected_share(self) -> float:
        """A's expected final share over every ending: settlement, victory, defeat or the frozen line."""
        s = np.arange(self.length + 1) / self.length
        settled = self.settlements[:, 1] @ self.settlements[:, 2] if len(self.settlements) else 0.0
        return float(settled + self.a_wins.sum() + self.frozen @ s)


def _split_belief(grid: np.ndarray, mu: float) -> np.ndarray:
    w = np.zeros(len(grid))
    lo, up = _interp_weights(grid, np.array([mu]))
    w[lo[0]] += 1 - up[0]
    w[lo[0] + 1] += up[0]
    return w


def _move_beliefs(mass: np.ndarray, lo: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Mass over (k, S, G, M) moved to the posterior grid points ``lo``/``lo + 1`` (per regime, per point)."""
    out = np.zeros_like(mass)
    for g in range(mass.shape[2]):
        np.add.at(out[:, :, g, :], (slice(None), slice(None), lo[g]), mass[:, :, g, :] * (1 - w[g]))
        np.add.at(out[:, :, g, :], (slice(None), slice(None), lo[g] + 1), mass[:, :, g, :] * w[g])
    return out


def forward(solution: Solution, true_type: float | None = None, belief: float | None = None) -> Outcomes:
    """Outcome probabilities per round.

    Parameters
    ----------
    solution
        A solved game.
    true_type
        Probability that A's true type is 0 (default: B's prior, i.e. the analyst shares B's prior).
    belief
        B's initial belief (default: the game's prior).
    """
    game, grid = solution.game, solution.grid
    n, T = game.length, game.horizon
    p = np.asarray(game.p_advance, dtype=float)
    P = np.asarray(game.regime_switch, dtype=float)
    G = P.shape[0]
    pk = game.prior if true_type is None else true_type
    mass = np.zeros((2, n + 1, G, len(grid)))
    mass[:, game.start] = (np.array([pk, 1 - pk])[:, None, None] * np.asarray(game.regime0, float)[None, :, None]
                           * _split_belief(grid, game.prior if belief is None else belief)[None, None, :])
    up_lo, up_w = _interp_weights(grid, _posterior_after_battle(grid, p, True))
    dn_lo, dn_w = _interp_weights(grid, _posterior_after_battle(grid, p, False))
    battle = game.per_round(game.battle)
    settled, a_wins, b_wins, quit = (np.zeros(T) for _ in range(4))
    rows = []
    for t in range(T):
        pol = solution.policy[t]
        talk = mass * game.talks
        fight = mass - talk
        # A proposes
        prop = talk * pol["prop_a"]
        quits_a_prop = prop * (pol["b_quits"] & ~pol["a_offers"])
        settle_a = prop * pol["a_offers"]
        fight += prop - quits_a_prop - settle_a
        # B proposes
        prop = talk - talk * pol["prop_a"]
        settle_b = prop * pol["b_accepted"]
        rejected = prop - settle_b
        screened = (pol["b_choice"] == 1) | (pol["b_choice"] == 2)
        quits_b_prop = rejected * pol["a_quits"] * ~screened
        fight += _reveal(rejected * screened, pol["a_quits"]) + rejected * ~screened - quits_b_prop
        quit[t] = quits_a_prop.sum() + quits_b_prop.sum()
        settled[t] = settle_a.sum() + settle_b.sum()
        for amount, x in ((settle_a.sum(0), pol["x_a"]), (settle_b.sum(0), pol["x_b"])):
            keep = amount > 1e-15
            if keep.any():
                rows.append(np.column_stack([np.full(keep.sum(), t), x[keep], amount[keep]]))
        mass = _battle(fight, battle[t], p, (up_lo, up_w), (dn_lo, dn_w), P)
        a_wins[t], b_wins[t] = mass[:, n].sum(), mass[:, 0].sum()
        mass[:, n] = 0.0
        mass[:, 0] = 0.0
    frozen = mass.sum(axis=(0, 2, 3))
    settlements = np.concatenate(rows) if rows else np.zeros((0, 3))
    return Outcomes(settled, a_wins, b_wins, quit, settlements, frozen, n)


def _reveal(mass: np.ndarray, a_quits: np.ndarray) -> np.ndarray:
    """A screening offer rejected by type k: B's belief jumps to 'type k' (mu = 1 for 0, 0 for 1).

    Mass of a type that would quit at the revealed belief leaves the war (counted nowhere: a type that
    quits rather than fight is rare and, in the shipped scenarios, absent); the rest fights on.
    """
    out = np.zeros_like(mass)
    out[0, ..., -1] = (mass[0] * ~a_quits[0][..., -1:]).sum(-1)
    out[1, ..., 0] = (mass[1] * ~a_quits[1][..., :1]).sum(-1)
    return out


def _battle(mass, beta, p, up, dn, P):
    """One round without agreement: a battle with probability ``beta`` (front and belief move), then regimes switch."""
    n = mass.shape[1] - 1
    out = (1 - beta) * mass
    pg = p[:, None, :, None]
    won = _move_beliefs(mass * pg * beta, *up)
    lost = _move_beliefs(mass * (1 - pg) * beta, *dn)
    out[:, 1:] += won[:, :-1]
    out[:, :-1] += lost[:, 1:]
    # barrier cells are emptied before each battle, so nothing leaks through them
    out[:, n] += 0.0
    return np.einsum("ksgj,gh->kshj", out, P)
