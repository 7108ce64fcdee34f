"""From the COW-fitted war game (:mod:`.types_fit`) to a scenario's numbers at its node, conditioned on the war's age.

Two steps, both run offline by ``scripts/fit_war_types.py`` (never at ``detente war`` time):

1. **Age targets.** In the fitted game a war that has lasted ``age`` months is
   of the slow kind (the stalling type's) with probability
   ``P(stalling | T > age)`` (:func:`.types_fit.stalling_posterior`, Bayes'
   rule on each type's survival: O16's conditioning, with the game's types as
   the two kinds of war) and ends within 12 more months with probability
   ``P(T <= age + 12 | T > age)``. Each comes with its 95% profile-likelihood
   interval: the values the function takes on the grid points whose
   log-likelihood is within 3.84 / 2 of the maximum (the likelihood-ratio set
   of a function of the parameters, Pawitan 2001, ch. 3; on the grid).
2. **The scenario's talks hazard.** The scenario's game (many issues, a front
   in km2, a 36-month horizon) is not the generic one, so its ``talks.rate`` is
   the monthly chance of a round that makes *its* war end within 12 months of
   the node as often as the fitted game says a war of that age does
   (:func:`match_rate`), scanning rates with the scenario's other numbers
   nominal and ``types.prior_stalling`` at the age target, among the rates at
   which neither side capitulates in month 0 with probability 0.05 or more
   (revealed preference: both sides fought on after the node).
"""

from __future__ import annotations

import numpy as np

from .types_fit import CHI2_95, NAMES, Table, p_end_within, stalling_posterior

RATES = tuple(np.round(np.arange(0.05, 0.36, 0.01), 2))
QUIT_LIMIT = 0.05


def profile_set(table: Table, months: np.ndarray, threshold: float = CHI2_95) -> tuple[np.ndarray, int]:
    """Indices of the grid points in the 95% likelihood-ratio set on ``months``, and the best point's index."""
    ll = table.loglik(months)
    return np.flatnonzero(2 * (ll.max() - ll) <= threshold), int(np.argmax(ll))


def age_targets(table: Table, months: np.ndarray, age: int, within: int = 12) -> dict:
    """``p_end_within`` and ``p_stalling`` at ``age``: value at the fit, low and high over the 95% set (module doc)."""
    kept, best = profile_set(table, months)
    horizon = table.pmfs.shape[1]
    end = {int(i): p_end_within(table.pmfs[i], age, within) for i in kept}
    posterior = {}
    for i in kept:
        params = dict(zip(NAMES, table.points[i]))
        posterior[int(i)] = stalling_posterior(params, age, horizon)
    return {"age_months": age, "points_in_set": int(len(kept)), "fit": dict(zip(NAMES, table.points[best])),
            "p_end_within": {"value": end[best], "low": min(end.values()), "high": max(end.values())},
            "p_stalling": {"value": posterior[best], "low": min(posterior.values()), "high": max(posterior.values())}}


def scenario_outcome(scenario, overrides: dict[str, float], support: str | None = None) -> dict:
    """The scenario's game at its observed node moves and support (or ``support``; nominal inputs plus
    ``overrides``, no sanctions):
    P(the war ends within 12 months), P(settled within 12), and each side's P(capitulating in month 0)."""
    from ...models.war.game import Levers, NodeMoves, build_game, nominal_params, outcomes, solve

    spec = scenario.war
    seen, seen_b = spec.observed[spec.a], spec.observed.get(spec.b, {})
    moves = NodeMoves(seen.get("delegation", "minister"), seen_b.get("delegation", "minister"),
                      seen.get("eve_attack") == "yes", seen.get("ceasefire") == "accept")
    support = support or spec.observed.get(spec.supporter, {}).get("support", "maintain")
    params = {**nominal_params(spec), **overrides}
    prior = params["types.prior_stalling"]
    out = outcomes(solve(build_game(spec, params, moves, Levers(support=support))), belief=prior,
                   stalling_weight=prior)
    return {"p_end_12": float(min(out.ended_by[11], 1.0)), "p_settled_12": float(out.settled_by[11]),
            "quit_a_month0": out.quit_a_month0, "quit_b_month0": out.quit_b_month0}


def cost_ends(scenario) -> list[dict[str, float]]:
    """Each cost number (A's per type, B's per support level) at either end of its range, one override each: the
    revealed-preference check of ``tests/test_shipped_scenarios.py`` (both sides fought on) holds at every one."""
    numbers = scenario.war.numbers()
    out = []
    for key, number in numbers.items():
        if key.startswith("types.cost_a.") or (key.startswith("support.levels.") and key.endswith(".cost_b")):
            dist = number.distribution
            out += [{key: end} for end in ((dist.low, dist.high) if dist is not None else ())]
    return out


def _level_of(end: dict[str, float]) -> str | None:
    """The support level a cost range's end belongs to (``support.levels.<level>.cost_b``: checked with support at
    that level, where it is paid), else None (the observed support)."""
    levels = {key.split(".")[2] for key in end if key.startswith("support.levels.")}
    return levels.pop() if len(levels) == 1 else None


def match_rate(scenario, target: float, overrides: dict[str, float], rates=RATES, ends=(), levels=()) -> dict:
    """The talks rate whose P(war ends within 12 months) is nearest ``target`` among those that pass revealed
    preference (neither side capitulates in month 0 with P >= 0.05 at nominal inputs, at each of ``ends``, e.g.
    :func:`cost_ends`, a support level's cost with support at that level, and at nominal inputs with support at
    each of ``levels``: Ukraine fought on through the US aid pause of March 2025); with every scanned rate's
    outcome, so a range can be read off."""
    scan = []
    for rate in rates:
        got = scenario_outcome(scenario, {**overrides, "talks.rate": float(rate)})
        fights_on = max(got["quit_a_month0"], got["quit_b_month0"]) < QUIT_LIMIT
        checks = [(end, _level_of(end)) for end in ends] + [({}, level) for level in levels]
        for end, level in checks if fights_on else ():
            alt = scenario_outcome(scenario, {**overrides, **end, "talks.rate": float(rate)}, support=level)
            if max(alt["quit_a_month0"], alt["quit_b_month0"]) >= QUIT_LIMIT:
                fights_on = False
                break
        scan.append({"rate": float(rate), **got, "fights_on": fights_on})
    ok = [row for row in scan if row["fights_on"]]
    if not ok:
        raise ValueError("no scanned talks rate keeps both sides fighting at the node (revealed preference)")
    best = min(ok, key=lambda row: abs(row["p_end_12"] - target))
    return {"target": target, "rate": best["rate"], "p_end_12": best["p_end_12"], "scan": scan}


def rate_range(match: dict, low: float, high: float, slack: float = 0.05) -> tuple[float, float]:
    """Rates (among the scan's revealed-preference-feasible ones) whose P(end within 12) lies in ``[low, high]``;
    when none does (the game cannot reach the target), those within ``slack`` of the matched rate's P."""
    ok = [row for row in match["scan"] if row["fights_on"]]
    inside = [row["rate"] for row in ok if low <= row["p_end_12"] <= high]
    if not inside:
        inside = [row["rate"] for row in ok if abs(row["p_end_12"] - match["p_end_12"]) <= slack]
    return min(inside), max(inside)
