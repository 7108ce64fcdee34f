"""Match Istanbul 2025's talks rate and Ukraine's cost of war jointly to COW at the node (review 2, F6; issue 13).

The target is the COW-fitted two-type game's P(a war aged 39 months ends within
12 more) with its 95% profile band, read from ``data/fits/war_types.json``
(``scripts/fit_war_types.py``). Ukraine's cost of war at the observed support
level is that fit's ``cost_b`` (maximum likelihood, fitted jointly with the
generic game's rate, enforcement and types), the other support levels in the
scenario's proportions (withdraw x 1.2, increase x 0.8). For each talks rate
this prints the scenario's P(the war ends within 12 months of the node) at the
observed moves and nominal inputs, and whether revealed preference holds
(neither side capitulates in month 0 with P >= 0.05: at nominal inputs, with US
support withdrawn or increased, and at each end of Russia's and Ukraine's cost
ranges; review R2). The shipped value is the feasible rate nearest the target,
the range the feasible rates inside the band; copy them by hand.

Cost: about 2-3 s a solve, 10 solves a rate.

Usage: ``python scripts/match_istanbul_talks.py [--rates 0.05,0.06,...]``
"""

from __future__ import annotations

import argparse

import detente
from detente.analysis.war import types_check as tc
from detente.analysis.war import types_scenario as ts

RATIO = {"maintain": 1.0, "withdraw": 1.2, "increase": 0.8}


def checks(scenario, cost_b_high: float) -> list[tuple[dict, str | None]]:
    """Revealed-preference cases: nominal, each other support level, each cost range's end (module doc)."""
    numbers = scenario.war.numbers()
    out: list[tuple[dict, str | None]] = [({}, None), ({}, "withdraw"), ({}, "increase")]
    for level, r in RATIO.items():
        key = f"support.levels.{level}.cost_b"
        out += [({key: 0.0}, level if level != "maintain" else None),
                ({key: round(cost_b_high * r, 6)}, level if level != "maintain" else None)]
    for key in ("types.cost_a.serious", "types.cost_a.stalling"):
        dist = numbers[key].distribution
        out += [({key: dist.low}, None), ({key: dist.high}, None)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="0.05,0.06,0.07,0.08,0.09,0.1,0.11,0.12")
    args = parser.parse_args()
    fit = tc.shipped_fit()
    target = fit["scenarios"]["istanbul_2025"]["p_end_within"]
    cost_b = float(fit["scenarios"]["istanbul_2025"]["fit"]["cost_b"])
    high = max(v for v in fit["grid"]["cost_b"])  # the profile range's high end is the grid's (0.01)
    scenario = detente.load(detente.example("istanbul_2025"))
    base = {f"support.levels.{k}.cost_b": round(cost_b * r, 6) for k, r in RATIO.items()}
    print(f"target {target['value']:.4f} [{target['low']:.4f}, {target['high']:.4f}]; cost_b {cost_b} {base}")
    for rate in (float(x) for x in args.rates.split(",")):
        p, feasible = None, True
        for end, level in checks(scenario, high):
            got = ts.scenario_outcome(scenario, {**base, **end, "talks.rate": rate}, support=level)
            p = got["p_end_12"] if p is None else p
            if max(got["quit_a_month0"], got["quit_b_month0"]) >= ts.QUIT_LIMIT:
                feasible = False
                print(f"  rate {rate}: capitulation at {end or 'nominal'} {level or ''}: {got}")
                break
        inside = target["low"] <= p <= target["high"]
        print(f"rate {rate:.2f}  P(end within 12) {p:.4f}  in band {inside}  revealed preference {feasible}", flush=True)


if __name__ == "__main__":
    main()
