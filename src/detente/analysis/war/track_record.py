"""The war model's track record at past nodes: its forecasts beside what followed, with a history-only baseline.

For each shipped historical node (:data:`CASES`) the model forecasts, with data up
to the node only, whether the war is settled within 12 months and how the front
moves over 6 and 12 months; :func:`track_record` sets these beside what happened
(the settlement date; the front record where it exists, :mod:`.aftermath`) and
beside a baseline that knows only history: the two-kinds-of-war mixture of
``detente war-history`` (:func:`detente.analysis.war.fit.fit_mixture`), fitted on
the COW wars that had *ended before the node* (out of sample by construction) and
conditioned on the war's age at the node.

Conditioned on age (``shared/notes/war2.md``, O16): with weight ``w`` on hazard ``h1``
and ``1 - w`` on ``h2`` a war that has lasted ``a`` months is of the first kind
with probability ``w (1-h1)^a / (w (1-h1)^a + (1-w) (1-h2)^a)`` (Bayes), and ends
within ``k`` more months with probability ``sum_j P(kind j | a) (1 - (1 - h_j)^k)``.

Scores: the Brier score ``(p - y)^2`` (Brier 1950) and the log score ``log p(y)``
of the settlement forecast, for the model and the baseline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from ...datasets import reference_path
from ...io.cow import read_cow_wars, read_majors
from .aftermath import aftermath
from .cases import DAYS_PER_MONTH, war_table
from .fit import MixtureFit, fit_mixture

HORIZON = 12


@dataclass(frozen=True)
class Case:
    """A past decision node and what followed it."""

    scenario: str
    node: date
    war_start: date
    settled_on: date | None
    front_record: bool
    sources: str

    @property
    def age_months(self) -> int:
        """Months of war before the node, rounded up as COW durations are (:mod:`.cases`)."""
        return max(1, math.ceil((self.node - self.war_start).days / DAYS_PER_MONTH))

    def settled_within(self, months: int = HORIZON) -> bool:
        return self.settled_on is not None and (self.settled_on - self.node).days <= months * DAYS_PER_MONTH


CASES = (
    Case("istanbul_2025", date(2025, 5, 16), date(2022, 2, 24), None, True,
         "Russia's full-scale invasion began 24 Feb 2022; no settlement by the record's end (21 Aug 2026)"),
    Case("istanbul_2022", date(2022, 3, 29), date(2022, 2, 24), None, True,
         "No agreement followed; Zelensky's decree of 4 Oct 2022 ruled out talks with Putin"),
    Case("kaesong_1951", date(1951, 7, 10), date(1950, 6, 25), date(1953, 7, 27), False,
         "COW war 151 (Korean), 25 Jun 1950 - 27 Jul 1953; armistice signed 27 Jul 1953"),
)


def kind_posterior(weight: float, hazards: tuple[float, float], age: float) -> np.ndarray:
    """P(each kind of war | it has lasted ``age`` months), by Bayes' rule (O16)."""
    alive = np.array([weight * (1 - hazards[0]) ** age, (1 - weight) * (1 - hazards[1]) ** age])
    return alive / alive.sum()


def p_end_within(weight: float, hazards: tuple[float, float], age: float, months: int = HORIZON) -> float:
    """O16: P(a war aged ``age`` months ends within ``months`` more), two kinds of war (module docstring)."""
    return float(kind_posterior(weight, hazards, age) @ (1 - (1 - np.asarray(hazards)) ** months))


def mixture_before(node: date) -> MixtureFit:
    """The two-kinds-of-war mixture fitted on the COW wars whose last day of fighting is before ``node``."""
    participants = read_cow_wars(reference_path("war", "Inter-StateWarData_v4.0.csv"))
    ended = {}
    for p in participants:
        ended[p.war_num] = max(ended.get(p.war_num, p.end), p.end)
    wars = war_table(participants, read_majors(reference_path("war", "majors2011.csv")))
    months = wars.loc[[ended[n] < node for n in wars["war_num"]], "months"].to_numpy()
    if len(months) < 10:
        raise ValueError(f"only {len(months)} COW wars ended before {node}: too few to fit the baseline")
    return fit_mixture(months)


def model_forecast(scenario, horizons: tuple[int, ...] = (6, 12), z: float = 1.6449) -> dict:
    """The war game's own forecast at the node, from the scenario's nominal inputs (data up to the node only).

    The belligerents' observed moves, the supporter's observed level and no
    sanction lever (the node's equilibrium levers are :mod:`detente.models.war.node`'s:
    this is the game alone); B's belief and the type weight are the prior.
    Returns ``{"p_settled_12": P(settled by month 12), "front": {k: {value, low,
    high}}}`` with the change of A's holding in km2 and a central band of
    ``value -+ z sd`` (z = 1.6449: 90% under a normal approximation).
    """
    from ...models.war.game import Levers, NodeMoves, build_game, nominal_params, outcomes, solve

    spec = scenario.war
    seen, seen_b = spec.observed[spec.a], spec.observed.get(spec.b, {})
    moves = NodeMoves(delegation_a=seen.get("delegation", "minister"), delegation_b=seen_b.get("delegation", "minister"),
                      eve_attack=seen.get("eve_attack") == "yes", ceasefire=seen.get("ceasefire") == "accept")
    support = spec.observed.get(spec.supporter, {}).get("support", "maintain")
    params = nominal_params(spec)
    prior = params["types.prior_stalling"]
    out = outcomes(solve(build_game(spec, params, moves, Levers(support=support)), backend="numpy"),
                   belief=prior, stalling_weight=prior)
    front = {}
    for k in horizons:
        change, sd = float(out.front_mean_km2[k] - out.front_mean_km2[0]), float(out.front_sd_km2[k])
        front[k] = {"value": change, "low": change - z * sd, "high": change + z * sd}
    return {"p_settled_12": float(out.settled_by[HORIZON - 1]), "front": front}


def node_forecast(scenario, horizons: tuple[int, ...] = (6, 12), z: float = 1.6449, solver=None) -> dict:
    """The answer's own forecast at the node (what ``detente war`` reports as the observed moves' outcome), at the
    scenario's nominal inputs: the node's equilibrium (:func:`detente.models.war.node.solve_node`; ``solver``
    for a stand-in) and its outcomes after the observed moves, mixed over B's response and the third parties'
    lever lotteries, A's types at the analyst's weight (:mod:`.draw`). Same return as :func:`model_forecast`,
    plus ``p_capitulate_month0`` (:mod:`.consistency`)."""
    from .consistency import p_capitulate_month0
    from .draw import analyst_weight, observed_label
    from .missed_opportunity import _solver, nominal_params

    spec = scenario.war
    params = nominal_params(spec)
    sol = (solver or _solver())(spec, params, refinement="D1")
    out = sol.outcome_of({}, analyst_weight(params, sol, observed_label(spec)))
    mean, sd = np.asarray(out.front_mean_km2, float), np.asarray(out.front_sd_km2, float)
    front = {k: {"value": float(mean[k] - mean[0]), "low": float(mean[k] - mean[0] - z * sd[k]),
                 "high": float(mean[k] - mean[0] + z * sd[k])} for k in horizons if k < len(mean)}
    return {"p_settled_12": float(np.asarray(out.settled_by)[HORIZON - 1]), "front": front,
            "p_capitulate_month0": p_capitulate_month0(out)}


def track_record_table(cases: tuple[Case, ...] = CASES, solver=None) -> list[dict]:
    """:func:`track_record` with the node's forecast (:func:`node_forecast`) of every case's shipped scenario
    (``detente.example(case.scenario)``): what ``detente war-history`` prints as the track record."""
    import detente

    forecasts = {c.scenario: node_forecast(detente.load(detente.example(c.scenario)), solver=solver) for c in cases}
    rows = track_record(forecasts, cases)
    for row in rows:
        row["model_p_capitulate_month0"] = forecasts[row["scenario"]]["p_capitulate_month0"]
    return rows


def track_record_frame(rows: list[dict]):
    """One row per case and check (settlement within 12 months; the front's change at 6/12 months where the
    record measures it): the model's forecast, the age-conditioned COW baseline, what happened, Brier scores,
    and the model's P(a side capitulates in month 0) (history says neither did: a large value flags a scenario
    whose nominal inputs contradict the record, :mod:`.consistency`)."""
    import pandas as pd

    out = []
    for r in rows:
        out.append({"node": f"{r['scenario']} ({r['node']}, war aged {r['war_age_months']} months)",
                    "check": "P(settled within 12 months)", "model": r["model_p_settled_12"],
                    "low": None, "high": None, "COW baseline": r["baseline_p_ended_12"],
                    "happened": "yes" if r["settled_within_12"] else "no",
                    "Brier model": r["model"]["brier"], "Brier baseline": r["baseline"]["brier"],
                    "model: P(a side capitulates at once)": r.get("model_p_capitulate_month0")})
        for f in r.get("front") or []:
            out.append({"node": f"{r['scenario']} ({r['node']})",
                        "check": f"change of the occupied area, {f['months']} months (km2)", "model": f["value"],
                        "low": f["low"], "high": f["high"], "COW baseline": None,
                        "happened": (f"{f['observed_km2']:.0f}" if f["observed_km2"] is not None else "not yet"),
                        "Brier model": None, "Brier baseline": None, "model: P(a side capitulates at once)": None})
    return pd.DataFrame(out)


def mean_brier(rows: list[dict]) -> dict:
    """Mean Brier score of the settlement forecasts over the cases, the model's and the baseline's."""
    model = [r["model"]["brier"] for r in rows if r["model"]["brier"] is not None]
    base = [r["baseline"]["brier"] for r in rows if r["baseline"]["brier"] is not None]
    return {"model": float(np.mean(model)) if model else None, "baseline": float(np.mean(base)) if base else None,
            "cases": len(rows)}


def _scores(p: float | None, settled: bool) -> dict:
    if p is None:
        return {"brier": None, "log_score": None}
    q = p if settled else 1 - p
    return {"brier": (p - float(settled)) ** 2, "log_score": math.log(max(q, 1e-12))}


def track_record(forecasts: dict[str, dict], cases: tuple[Case, ...] = CASES) -> list[dict]:
    """One row per case: the model's and the baseline's P(settled within 12 months), what happened, the scores,
    and the front's forecast beside the record where there is one.

    ``forecasts`` maps a case's scenario name to ``{"p_settled_12": p, "front": {6: {value, low, high}, 12:
    {...}}}`` (either part may be missing); cases without a forecast still get the baseline.
    """
    rows = []
    for case in cases:
        given = forecasts.get(case.scenario, {})
        fit = mixture_before(case.node)
        baseline = p_end_within(fit.weight, fit.hazards, case.age_months)
        settled = case.settled_within()
        model_p = given.get("p_settled_12")
        row = {"scenario": case.scenario, "node": case.node.isoformat(), "war_age_months": case.age_months,
               "settled_within_12": settled, "settled_on": case.settled_on.isoformat() if case.settled_on else None,
               "model_p_settled_12": model_p, "baseline_p_ended_12": baseline, "baseline_wars": fit.n,
               "model": _scores(model_p, settled), "baseline": _scores(baseline, settled), "sources": case.sources}
        if case.front_record and given.get("front"):
            row["front"] = aftermath(case.node, given["front"])
        rows.append(row)
    return rows
