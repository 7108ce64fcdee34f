"""Channel switches of the node's equilibrium: ``solve_node(..., off=...)`` (for the decomposition by channel of
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

  In the default order (``node.DEFAULT_ORDER = "after_failure"``: levers chosen after a failed node round,
  :mod:`.node_failure`) the levers respond to A's eve attack and ceasefire answer (one failure table each)
  and to the belief after the failure (unchanged, 0 or 1 by branch). Off, every failure game is played with
  one lottery: P(levers | A's observed move, the round failed), mixed over A's types at the belief after the
  observed move, B's response to it and the failure branches (:func:`failure_lottery`), with the purified
  private costs' first moments mixed alike; whatever A's move and whatever the belief
  (:class:`FrozenFailureTables`, a view of the draw's :class:`.node_failure.FailureTables` that shares its
  solved games).
"""

from __future__ import annotations

import numpy as np

from .node_round import branch_lotteries
from .signalling import Equilibrium

__all__ = ["CHANNELS", "check_off", "switched_moves", "naive_equilibrium", "lotteries_after", "frozen_lotteries",
           "failure_lottery", "frozen_failure_tables"]

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


# ----- third_parties off in the default order (levers after a failed node round) -------------------------

def failure_levers(tables, eve: bool, ceasefire: bool):
    """The lever equilibrium after a failed round at each grid belief (probabilities and moments), as
    :meth:`.node_failure.FailureTables._mix` solves it."""
    from .third_parties import solve_levers

    A = tables.failure_arrays(eve, ceasefire)
    shape = tuple(len(lv.levels) for lv in tables.levers)
    mu = tables.grid.reshape(-1, *(1,) * len(shape))
    players = sorted({lv.player for lv in tables.levers})
    return solve_levers(tables.levers, {q: (1 - mu) * A[q][0] + mu * A[q][1] for q in players},
                        {q: (1 - mu) * A[f"months:{q}"][0] + mu * A[f"months:{q}"][1] for q in players})


def _at(mu: float, grid: np.ndarray, arr: np.ndarray) -> np.ndarray:
    """(M, L) -> (L,) interpolated at ``mu``."""
    return np.array([np.interp(mu, grid, arr[:, k]) for k in range(arr.shape[1])])


def failure_lottery(node) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per lever, (level,) P(level | A's observed move, the node round failed) and its private-cost moment.

    ``node``: a solved :class:`._node_failure_node.FailureNode` (its equilibrium ``eq`` set). Mixed over B's
    response to the observed move, A's types at the belief ``mu`` after it and the failure branches ``b``, each
    weighted by ``P(type | mu) P(B's level) fail[type, mu, b]`` and normalised by P(fail) (module docstring).
    Where the round never fails, the lottery at ``mu`` itself stands in (no failure to condition on)."""
    m, mix, _ = node.parse_changes({}, None)
    mu, grid, tables = node.belief(m), node.grid, node.tables
    n = len(node.levers)
    acc = {"p": [0.0] * n, "q": [0.0] * n, "p0": [0.0] * n, "q0": [0.0] * n}
    total = 0.0
    for d, pd in mix.items():
        moves = node.game_moves(node.moves[m], d)
        nr = tables.round(moves, ())
        fail = nr.fail  # (2, M, 4)
        sol = failure_levers(tables, moves.eve_attack, moves.ceasefire)
        for k, wk in ((0, 1.0 - mu), (1, mu)):
            f = np.array([np.interp(mu, grid, fail[k, :, b]) for b in range(fail.shape[-1])])  # (4,)
            total += pd * wk * f.sum()
            for i in range(n):
                for key, arr in (("p", sol.probs[i]), ("q", sol.moments[i])):
                    at = branch_lotteries(arr, nr.post_index)  # (M, 4, L)
                    acc[key][i] = acc[key][i] + pd * wk * (f @ np.stack([_at(mu, grid, at[:, b]) for b in range(4)]))
        for i in range(n):
            acc["p0"][i] = acc["p0"][i] + pd * _at(mu, grid, sol.probs[i])
            acc["q0"][i] = acc["q0"][i] + pd * _at(mu, grid, sol.moments[i])
    if total <= 1e-12:
        return list(acc["p0"]), list(acc["q0"])
    return [p / total for p in acc["p"]], [q / total for q in acc["q"]]


def frozen_failure_tables(tables, frozen: tuple[list[np.ndarray], list[np.ndarray]]):
    """A view of ``tables`` (a :class:`.node_failure.FailureTables`) whose levers are ``frozen`` (per lever,
    probabilities and moments) whatever the moves and the belief; it shares the solved failure games and
    forward passes, not the lever equilibria or the node rounds built on them."""
    from types import SimpleNamespace

    from .node_failure import FailureTables

    class FrozenFailureTables(FailureTables):
        def _mix(self, eve: bool, ceasefire: bool, fixed: dict[int, int]) -> tuple:
            A = self.failure_arrays(eve, ceasefire)
            probs, moments = frozen_lotteries(frozen, fixed, len(self.grid))
            sol = SimpleNamespace(probs=probs, moments=moments)
            out = {p: np.stack([self._net(p, A, k, sol, fixed) for k in (0, 1)]) for p in A}
            return out, probs, (True, True)

    view = FrozenFailureTables.__new__(FrozenFailureTables)
    view.__dict__.update(tables.__dict__)
    view._mixed, view._rounds = {}, {}
    return view
