"""Which of a war section's uncertain numbers drive an actor's missed opportunity (Morris screening).

Elementary effects (Morris 1991, *Technometrics* 33(2); mu* of Campolongo,
Cariboni & Saltelli 2007) computed with SALib (Herman & Usher 2017), over
every number of the ``war:`` section given as a distribution: uniform and
triangular numbers vary over [low, high], normal ones over mean +/- 2 sd.
``n (d + 1)`` evaluations for ``d`` numbers; each evaluation solves the
node's equilibrium once (every move of every type) at the nominal values of the other numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...scenario.war import WarSpec
from .missed_opportunity import missed_at, nominal_params
from ..sensitivity import distribution_range

__all__ = ["uncertain_ranges", "war_sensitivity"]


def uncertain_ranges(spec: WarSpec) -> dict[str, tuple[float, float]]:
    """Path -> (low, high) of every number given as a distribution, clipped to its valid range."""
    out = {}
    for label, num in sorted(spec.numbers().items()):
        if num.distribution is None:
            continue
        lo, hi = distribution_range(num.distribution)
        lo, hi = max(lo, num.bounds[0]), min(hi, num.bounds[1])
        if hi > lo:
            out[label] = (lo, hi)
    return out


def war_sensitivity(spec: WarSpec, actor: str | None = None, n: int = 8, seed: int = 0, levels: int = 4
                    ) -> pd.DataFrame:
    """Morris mu*, sigma and mu*'s confidence half-width per uncertain number, largest mu* first."""
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    actor = actor or spec.a
    ranges = uncertain_ranges(spec)
    names = list(ranges)
    problem = {"num_vars": len(names), "names": names, "bounds": [list(ranges[k]) for k in names]}
    X = morris_sample.sample(problem, n, num_levels=levels, seed=seed)
    base = nominal_params(spec)
    Y = np.array([missed_at(spec, {**base, **dict(zip(names, row))}, actor) for row in X])
    res = morris_analyze.analyze(problem, X, Y, num_levels=levels, seed=seed)
    frame = pd.DataFrame({"factor": names, "mu_star": res["mu_star"], "sigma": res["sigma"],
                          "mu_star_conf": res["mu_star_conf"],
                          "low": [ranges[k][0] for k in names], "high": [ranges[k][1] for k in names]})
    return frame.sort_values("mu_star", ascending=False, ignore_index=True)
