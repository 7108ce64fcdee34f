"""The ideas tried for issue 7's "better forecast", scored by the backtest: the table in docs/explanation/accuracy.md.

    python scripts/deu_ideas.py

Each idea is a forecaster of one DEU III issue (or, for the package deal, of one
proposal) with no fitted number: every weight is 1, every choice is stated.
Prints one markdown row per idea: MAE on the 211 issues before 2005 (train) and
on the 140 from 2005 (test), with equal capabilities and with Council votes.
An idea earns a place as a model only if it beats the weighted mean on the
*training* issues; the test column is reported, never used to choose.
"""

from __future__ import annotations

import sys
from collections import defaultdict

import numpy as np

from detente.analysis.backtest import run_backtest
from detente.datasets import reference_path
from detente.io import deu3
from detente.models.council import acceptable, members, pivots, rule_threshold
from detente.models.nash import nash_bargaining


def _mean(x, w):
    return float(np.dot(w, x) / w.sum()) if w.sum() > 0 else float(x.mean())


def _weights(d):
    w = d.capability * d.salience
    return w if w.sum() > 0 else np.ones(d.n)


def _meta(d, scenarios):
    return scenarios[d.issue].issues[0].metadata


def ideas(by_name):
    """Forecasters ``IssueData -> float``, by label (``by_name``: issue name -> scenario, for the metadata)."""
    def unanimity(d):
        return str(_meta(d, by_name).get("counvte", "")).lower().startswith("unan")

    def cod(d):
        return str(_meta(d, by_name).get("proc", "")).upper() == "COD"

    def rp_actor_under_unanimity(d):
        w = _weights(d)
        if d.status_quo is None or not unanimity(d):
            return _mean(d.position, w)
        return float((np.dot(w, d.position) + w.mean() * d.status_quo) / (w.sum() + w.mean()))

    def council_and_parliament(d):
        c = members(d.actors)
        council = _mean(d.position[c], _weights(d)[c])
        if cod(d) and "ep" in d.actors:
            return (council + d.position[d.actors.index("ep")]) / 2
        return council

    def three_institutions(d):
        c = members(d.actors)
        points = [_mean(d.position[c], _weights(d)[c])]
        points += [d.position[d.actors.index(a)] for a in ("com",) if a in d.actors]
        points += [d.position[d.actors.index("ep")]] if cod(d) and "ep" in d.actors else []
        return float(np.mean(points))

    def mean_in_win_set(d):
        value = _mean(d.position, _weights(d))
        if d.status_quo is None:
            return value
        c = members(d.actors)
        meta = _meta(d, by_name)
        p_right, p_left = pivots(d.position[c], d.capability[c], rule_threshold("metadata", meta["year"],
                                                                                 meta.get("counvte")))
        lo, hi = acceptable(d.status_quo, p_right, p_left)
        return float(np.clip(value, lo, hi))

    def nash_rp_under_unanimity(d):
        loss = np.maximum(d.position - d.lower, d.upper - d.position)
        if d.status_quo is not None and unanimity(d):
            loss = np.abs(d.status_quo - d.position)
        return nash_bargaining(d.position, _weights(d), loss, 1.0)

    def nash_range(d):
        loss = np.maximum(np.maximum(d.position - d.position.min(), d.position.max() - d.position), 1e-9)
        return nash_bargaining(d.position, _weights(d), loss, 1.0)

    return {"weighted mean (`mean`)": "mean",
            "reference point as one more actor under unanimity": rp_actor_under_unanimity,
            "Council's central tendency, averaged with the Parliament under COD": council_and_parliament,
            "mean of Council, Commission and (COD) Parliament": three_institutions,
            "weighted mean clipped to the Council's win set of rp (QMV/unanimity)": mean_in_win_set,
            "`nash` (rp as disagreement), linear": ("nash", {"utility": "linear"}),
            "`nash_conflict`, quadratic": ("nash_conflict", {"utility": "quadratic"}),
            "`nash_conflict` (linear)": "nash_conflict",
            "`nash_conflict` but rp as disagreement under unanimity": nash_rp_under_unanimity,
            "`nash_conflict` with conflict point at the farthest position held": nash_range}


def package_deal(scenarios):
    """Linear-loss Nash bargaining over all issues of a proposal at once (a package deal): actor i's gain is
    ``sum_j s_ij (L_ij - |x_j - x_ij|) / sum_j s_ij``, weight ``c_i`` times its mean salience; conflict
    points as ``nash_conflict``. On one issue it is ``nash_conflict``. Maximised with scipy's Powell method
    from the weighted means (scipy comes with SALib)."""
    from scipy.optimize import minimize

    groups = defaultdict(list)
    for sc in scenarios:
        groups[sc.issues[0].metadata["prnr"]].append(sc)
    forecast = {}
    for members_ in groups.values():
        actors = sorted({a for sc in members_ for a in sc.issue_data(sc.issue_names[0]).actors})
        index = {a: k for k, a in enumerate(actors)}
        shape = (len(actors), len(members_))
        X, S, C = np.zeros(shape), np.zeros(shape), np.zeros(len(actors))
        for j, sc in enumerate(members_):
            d = sc.issue_data(sc.issue_names[0])
            for a, x, s, c in zip(d.actors, d.position, d.salience, d.capability):
                X[index[a], j], S[index[a], j], C[index[a]] = x, s, c
        L = np.maximum(X, 100 - X)
        total = S.sum(axis=1)
        keep = total > 0
        X, S, L, C, total = X[keep], S[keep], L[keep], C[keep], total[keep]
        w = C * total / len(members_)

        def objective(y):
            gain = (S * (L - np.abs(y[None, :] - X))).sum(axis=1) / total
            return 1e9 if np.any(gain <= 0) else -float(np.sum(w * np.log(gain)))

        start = np.array([_mean(X[:, j], S[:, j] * C) for j in range(len(members_))])
        y = minimize(objective, start, method="Powell", bounds=[(0, 100)] * len(members_),
                     options={"xtol": 1e-6, "ftol": 1e-12, "maxiter": 20000}).x
        for j, sc in enumerate(members_):
            forecast[sc.issue_names[0]] = float(y[j])
    return forecast


def scores(capability: str) -> dict[str, tuple[float, float]]:
    scenarios = deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"), capability=capability)
    by_name = {sc.issue_names[0]: sc for sc in scenarios}
    bt = run_backtest(scenarios, ideas(by_name), split_year=2005, seed=0)
    out = {}
    for r in bt.results():
        out.setdefault(r["model"], {})[r["split"]] = r["mae"]
    result = {m: (s["train"], s["test"]) for m, s in out.items()}
    package = package_deal(scenarios)
    errors = {"train": [], "test": []}
    for sc in scenarios:
        issue = sc.issues[0]
        errors["train" if issue.metadata["year"] < 2005 else "test"].append(abs(package[issue.name] - issue.outcome))
    result["package deal: linear Nash bargaining over a proposal's issues"] = (
        float(np.mean(errors["train"])), float(np.mean(errors["test"])))
    return result


def main() -> None:
    equal, votes = scores("equal"), scores("votes")
    print("| idea | equal: before 2005 | equal: from 2005 | votes: before 2005 | votes: from 2005 |")
    print("|---|---:|---:|---:|---:|")
    for name in equal:
        print(f"| {name} | {equal[name][0]:.2f} | {equal[name][1]:.2f} | {votes[name][0]:.2f} | {votes[name][1]:.2f} |")


if __name__ == "__main__":
    main()
    sys.exit(0)
