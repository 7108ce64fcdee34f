"""What carries the Istanbul answer: probes of the node at the nominal inputs, for scripts/gen_istanbul_doc.py.

Review 2 of the war answer (/work/coord/REVIEW2.md, findings 2-5, 7, 8) asked the write-up to say what
the model supports and no more: whether the chance of settling moves with anything but the delegations'
authority, whether any move signals Russia's type, whether the observed move is ever an equilibrium move,
what the missed opportunity's size is made of (authority, impatience, the proposer's rent) and through what
channel the US-sanctions property of issue 12 holds. Every figure here is computed in the run that writes
the page, from the public API (:func:`detente.models.war.node.solve_node`, ``NodeSolution.outcome_of``,
``.strategy``, ``.posterior``, ``.levers``, :func:`detente.analysis.war.draw.missed_of_solution`), one node
solve per probe at the nominal inputs with one number changed; :func:`facts` gathers them and the
``*_lines`` functions phrase them by the computed values (a sentence that could change sign is chosen by
the sign). The Monte Carlo result supplies the same quantities over the accepted draws where it has them.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

#: P(settled within 12 months) differences below this are "no change" (a tenth of a percentage point).
MOVES = 1e-3
TIE = 1e-6
#: The priors on which the pooling is re-checked (review 2, F3).
PRIORS = (0.3, 0.5, 0.8)
DISCOUNT = "discount.{a}"
SETTLE_MONTH = 12


def _solver(solver: Callable | None) -> Callable:
    if solver is not None:
        return solver
    from detente.models.war.node import solve_node

    return solve_node


def _leader(spec) -> dict[str, str]:
    return {f"{spec.a}.delegation": "leader"}


def _label_with(spec, changes: dict[str, str]) -> str:
    from detente.analysis.war.draw import alternatives, move_label

    obs = alternatives(spec, spec.a)[0]
    return move_label({**obs, **{f"{spec.a}.{k}": v for k, v in changes.items()}})


def _settled(out, month: int = SETTLE_MONTH) -> float:
    return float(np.asarray(out.settled_by)[month - 1])


def _pooling(sol) -> str | None:
    """The move both types play for sure, or None when they do not pool on one move."""
    s, t = sol.strategy.get("serious", {}), sol.strategy.get("stalling", {})
    pure = [max(d, key=d.get) for d in (s, t) if d and max(d.values()) > 1 - TIE]
    return pure[0] if len(pure) == 2 and pure[0] == pure[1] else None


def _range_ends(spec, path: str) -> tuple[float, float] | None:
    num = spec.numbers().get(path)
    if num is None or num.distribution is None:
        return None
    from detente.analysis.sensitivity import distribution_range

    lo, hi = distribution_range(num.distribution)
    return max(lo, num.bounds[0]), min(hi, num.bounds[1])


def _settlement(spec, params, sol, solve) -> list[dict[str, Any]]:
    """P(settled within 12) after the observed moves, each counterfactual, and the authority probes."""
    from detente.analysis.war.draw import analyst_weight, observed_label

    w = analyst_weight(params, sol, observed_label(spec))
    rows = [{"name": "observed", "label": "Observed moves", "kind": "move", "settled": _settled(sol.outcome_of({}, w))}]
    for cf in spec.counterfactuals:
        kind = "delegation" if any(k.endswith(".delegation") and k.startswith(spec.a) for k in cf.set) else "move"
        rows.append({"name": cf.name, "label": cf.label, "kind": kind, "settled": _settled(sol.outcome_of(cf.set, w))})
    leader = params.get("talks.authority.leader")
    if leader is not None and "talks.authority.aide" in params:  # the aide's round given the leader's authority
        q = {**params, "talks.authority.aide": leader}
        s2 = solve(spec, q)
        rows.append({"name": "aide_with_leader_authority", "kind": "authority",
                     "label": f"Observed moves, the aide's delegation given a leader's authority ({leader:g})",
                     "settled": _settled(s2.outcome_of({}, analyst_weight(q, s2, observed_label(spec))))})
    for label, paths in ((f"{spec.a}'s cost of war at its range's high end (both types)",
                          [k for k in params if k.startswith("types.cost_a.")]),
                         (f"{spec.b}'s cost of war at its range's low end (every support level)",
                          [k for k in params if k.startswith("support.levels.") and k.endswith(".cost_b")])):
        ends = {k: _range_ends(spec, k) for k in paths}
        changed = {k: (e[1] if "cost_a" in k else e[0]) for k, e in ends.items() if e is not None}
        if changed:
            q = {**params, **changed}
            s2 = solve(spec, q)
            rows.append({"name": "cost", "kind": "cost", "label": label,
                         "settled": _settled(s2.outcome_of({}, analyst_weight(q, s2, observed_label(spec))))})
    return rows


def _signals(spec, params, sol, solve) -> dict[str, Any]:
    a = spec.a
    label_obs, label_lead = _label_with(spec, {}), _label_with(spec, {"delegation": "leader"})
    posts = list(sol.posterior.values())
    out = {"pool": _pooling(sol), "prior": params.get("types.prior_stalling"),
           "posterior_low": float(min(posts)), "posterior_high": float(max(posts)),
           "authority": {k: params.get(f"talks.authority.{k}") for k in ("leader", "minister", "aide")},
           "audience_cost": params.get("talks.audience_cost.leader"),
           "gain": [float(np.asarray(sol.values[label_lead][a])[k] - np.asarray(sol.values[label_obs][a])[k])
                    for k in (0, 1)], "priors": {}}
    if "types.prior_stalling" in params:
        for prior in PRIORS:
            s = solve(spec, {**params, "types.prior_stalling": prior})
            out["priors"][prior] = _pooling(s)
    return out


def _us_property(spec, params, sol) -> dict[str, Any]:
    """P(each sanction lever | the observed move) against the same move with a leader, their posteriors, and
    P(no deal in the node's round) after each (the channel the lever follows: sanctions come after a failure)."""
    from detente.analysis.war.draw import analyst_weight, observed_label

    obs, lead = _label_with(spec, {}), _label_with(spec, {"delegation": "leader"})
    w = analyst_weight(params, sol, observed_label(spec))
    fail = {k: 1.0 - float(np.asarray(sol.outcome_of(ch, w).settled_by)[0]) for k, ch in (("aide", {}),
                                                                                         ("leader", _leader(spec)))}
    levers = sorted(n for n in sol.levers.get(obs, {}) if "sanction" in n)
    return {"levers": {n: (float(sol.levers[obs][n]), float(sol.levers[lead][n])) for n in levers},
            "posterior": (float(sol.posterior[obs]), float(sol.posterior[lead])), "fail": fail,
            "authority": (params.get("talks.authority.aide"), params.get("talks.authority.leader"))}


def _missed(spec, params, solve) -> float:
    from detente.analysis.war.draw import missed_of_solution

    return float(missed_of_solution(spec, params, solve(spec, params))[spec.a][0])


def facts(spec, solver: Callable | None = None, refinement: str = "D1") -> dict[str, Any]:
    """Every nominal-input probe the disclosures read (module doc): about 6 + len(PRIORS) node solves."""
    from detente.analysis.war.draw import missed_of_solution
    from detente.analysis.war.missed_opportunity import nominal_params

    base = _solver(solver)

    def solve(s, p):
        return base(s, p, refinement=refinement)

    params = nominal_params(spec)
    sol = solve(spec, params)
    missed, optimal = (float(x) for x in missed_of_solution(spec, params, sol)[spec.a])
    out = {"missed": missed, "p_observed_optimal": optimal, "settlement": _settlement(spec, params, sol, solve),
           "signals": _signals(spec, params, sol, solve), "us": _us_property(spec, params, sol), "discount": {}}
    cost = "talks.audience_cost.leader"
    ends = _range_ends(spec, cost)
    if ends is not None:  # review 2, F4: does a dearer failed summit make the aide a best response?
        q = {**params, cost: ends[1]}
        got = missed_of_solution(spec, q, solve(spec, q))[spec.a]
        out["audience_high"] = {"value": ends[1], "missed": float(got[0]), "p_observed_optimal": float(got[1])}
    path = DISCOUNT.format(a=spec.a)
    ends = _range_ends(spec, path)
    if ends is not None:
        out["discount"] = {"path": path, "nominal": params[path],
                           "ends": {v: _missed(spec, {**params, path: v}, solve) for v in ends}}
    return out


def over_draws(result) -> dict[str, Any]:
    """From the Monte Carlo's accepted draws: how often both types pool, and the US property's frequency
    (the sanction lever after the observed move against the same move with a leader: holds, ties, reverses)."""
    spec = result.spec
    out: dict[str, Any] = {"draws": result.draws}
    if result.strategy is not None:
        st = np.asarray(result.strategy)
        pooled = (np.abs(st[:, 0] - st[:, 1]).max(axis=1) < TIE) & (st[:, 0].max(axis=1) > 1 - TIE)
        out["pooled"] = int(pooled.sum())
    moves = result.moves[spec.a]
    lead = {**moves[0], f"{spec.a}.delegation": "leader"}
    if lead in moves and spec.a in result.levers:
        j = moves.index(lead)
        for n, name in enumerate(result.lever_names):
            if "sanction" not in name:
                continue
            d = result.levers[spec.a][:, 0, n] - result.levers[spec.a][:, j, n]
            zero = (np.abs(result.levers[spec.a][:, 0, n]) <= TIE) & (np.abs(d) <= TIE)
            out.setdefault("us", {})[name] = {"holds": int((d > TIE).sum()), "ties": int((np.abs(d) <= TIE).sum()),
                                              "zero": int(zero.sum()), "reverses": int((d < -TIE).sum())}
    return out
