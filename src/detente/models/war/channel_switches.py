"""Channel switches of the node's equilibrium: ``solve_node(..., off=...)`` (issue 13's decomposition by channel,
:mod:`detente.analysis.war.channels`).

A switched-off channel stops carrying differences between A's moves. Each is held at its value under the
*observed* moves, as mediation analysis holds a mediator at its value under the reference treatment (Pearl 2001,
"Direct and indirect effects", UAI: the natural direct effect), except the signals, held at the prior:

- ``authority``: every game of the node is built with the observed delegations of A and B, whatever the
  delegations: the node round's authority to commit and audience costs are the observed pair's (Putnam 1988;
  Fearon 1994, 1997: what a delegation changes at the table); the delegations stay messages and moves;
- ``battlefield``: every game is built with A's observed eve attack and ceasefire answer (the ceasefire's pause
  and rearmament, the eve attack's costs: the moves' effects on the war itself);
- ``signals``: nobody updates on A's move: the belief after every message is the prior, B best-responds at it
  (equal mixing over exact ties) and each of A's types sends its best message at those responses (ties: the
  lowest index). No signalling game is solved (there is nothing to signal), so no refinement applies;
- ``third_parties``: the levers do not respond to the moves: every state (A's move, B's delegation, belief) is
  valued with the levers' lotteries after the observed move (B's response to it mixed, at the belief after it)
  in the node solved with the levers responding (the other switches applied), and the signalling game is solved
  again on those values. A third party's own deviation still fixes its own lever; the purified private cost of
  a lever keeps its expectation after the observed move.
"""

from __future__ import annotations

import numpy as np

from .signalling import Equilibrium

__all__ = ["CHANNELS", "check_off", "switched_moves", "naive_equilibrium", "lotteries_after", "frozen_lotteries"]

CHANNELS = ("authority", "signals", "third_parties", "battlefield")


def check_off(off) -> frozenset[str]:
    """``off`` as a frozenset, or a ValueError naming an unknown channel."""
    off = frozenset(off or ())
    unknown = sorted(off - set(CHANNELS))
    if unknown:
        raise ValueError(f"off: unknown channel(s) {', '.join(unknown)}; expected some of {', '.join(CHANNELS)}")
    return off


def switched_moves(spec, off: frozenset[str], move: dict[str, str], level_b: str) -> tuple[dict[str, str], str]:
    """(A's move, B's delegation) as the game sees them with ``off`` (module docstring)."""
    obs_a, obs_b = spec.observed.get(spec.a, {}), spec.observed.get(spec.b, {})
    if "authority" in off:
        move = {**move, "delegation": obs_a.get("delegation", move.get("delegation"))}
        level_b = obs_b.get("delegation", level_b)
    if "battlefield" in off:
        move = {**move, **{k: obs_a[k] for k in ("eve_attack", "ceasefire") if k in obs_a}}
    return move, level_b


def naive_equilibrium(node, values: dict[str, np.ndarray], prior: float) -> Equilibrium:
    """``signals`` off (module docstring), from the node's per-type values (2, moves, B's levels, grid)."""
    a, b = values[node.spec.a], values[node.spec.b]
    levels = node.levels_b

    def at(arr):
        return float(np.interp(prior, node.grid, arr))

    response, payoff = {}, np.zeros((2, len(node.moves)))
    for m in range(len(node.moves)):
        rb = np.array([(1 - prior) * at(b[0, m, d]) + prior * at(b[1, m, d]) for d in range(len(levels))])
        best = [d for d in range(len(levels)) if rb[d] >= rb.max() - 1e-12]
        response[m] = {levels[d]: 1.0 / len(best) for d in best}
        for t in (0, 1):
            payoff[t, m] = sum(w * at(a[t, m, levels.index(d)]) for d, w in response[m].items())
    strategy = np.zeros((2, len(node.moves)))
    strategy[[0, 1], payoff.argmax(axis=1)] = 1.0
    return Equilibrium("no signals", strategy, np.full(len(node.moves), prior), response, payoff.max(axis=1))


def lotteries_after(node, m: int, mix: dict[str, float], mu: float, arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Each lever's (level,) array (probabilities or moments) after A's move ``m``, B's mix, at belief ``mu``,
    from per-state arrays (states = moves x B's levels x grid, as the node's lever solution has them)."""
    M, out = len(node.grid), []
    for p in arrays:
        p = p.reshape(len(node.moves), len(node.levels_b), M, -1)
        out.append(sum(w * np.array([np.interp(mu, node.grid, p[m, node.levels_b.index(d), :, k])
                                     for k in range(p.shape[-1])]) for d, w in mix.items()))
    return out


def frozen_lotteries(frozen, fixed: dict[int, int], states: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``third_parties`` off: the frozen (probabilities, moments) tiled over ``states``; a forced lever at its
    level (no private cost moment: its player's drawn cost is charged, as for any forced lever)."""
    probs, moments = [], []
    for i, (p, mom) in enumerate(zip(*frozen)):
        if i in fixed:
            p, mom = np.eye(len(p))[fixed[i]], np.zeros(len(p))
        probs.append(np.tile(p, (states, 1)))
        moments.append(np.tile(mom, (states, 1)))
    return probs, moments
