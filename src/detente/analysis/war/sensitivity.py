"""Which of a war section's uncertain numbers drive an actor's missed opportunity (Morris screening).

Elementary effects (Morris 1991, *Technometrics* 33(2); mu* of Campolongo,
Cariboni & Saltelli 2007) computed with SALib (Herman & Usher 2017), over
every number of the ``war:`` section given as a distribution: uniform and
triangular numbers vary over [low, high], normal ones over mean +/- 2 sd.
``n (d + 1)`` evaluations for ``d`` factors; each evaluation solves the
node's equilibrium once (every move of every type) at the nominal values of the other numbers. A coupled
group of numbers (the support levels' same-named numbers) is one factor, its shared quantile.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...scenario.war import WarSpec, read_by_no_model
from .missed_opportunity import missed_at, nominal_params
from ..sensitivity import distribution_range

__all__ = ["uncertain_ranges", "morris_factors", "group_values", "war_sensitivity"]


def uncertain_ranges(spec: WarSpec) -> dict[str, tuple[float, float]]:
    """Path -> (low, high) of every number the game reads given as a distribution, clipped to its valid range
    (an older file format's numbers, :func:`detente.scenario.war.read_by_no_model`, are left out: screening
    them would spend solves on factors whose effect is zero by construction)."""
    out = {}
    for label, num in sorted(spec.numbers().items()):
        if num.distribution is None or read_by_no_model(label):
            continue
        lo, hi = distribution_range(num.distribution)
        lo, hi = max(lo, num.bounds[0]), min(hi, num.bounds[1])
        if hi > lo:
            out[label] = (lo, hi)
    return out


def morris_factors(spec: WarSpec) -> tuple[dict[str, tuple[float, float]], dict[str, list[str]]]:
    """Morris's factors, name -> (low, high), and the coupled groups among them, group name -> member paths.

    Each uncertain number is a factor, except the numbers of a coupled group (:meth:`WarSpec.coupled_groups`,
    the support levels' same-named numbers), which are one factor, ``support.levels.*.<field>``: its quantile
    ``u`` in [0, 1], each member at its own inverse CDF at ``u`` (:func:`group_values`), as a Monte Carlo draw
    couples them. Moving the levels one at a time would visit unordered levels no draw can give.
    """
    ranges = uncertain_ranges(spec)
    groups: dict[str, list[str]] = {}
    for group in spec.coupled_groups():
        members = [path for path in group if path in ranges]
        if len(members) > 1:
            head, _, field = members[0].rpartition(".")
            groups[f"{head.rpartition('.')[0]}.*.{field}"] = members
    grouped = {path for members in groups.values() for path in members}
    factors = {k: v for k, v in ranges.items() if k not in grouped}
    factors.update({name: (0.0, 1.0) for name in groups})
    return dict(sorted(factors.items())), groups


def group_values(spec: WarSpec, members: list[str], u: float, _known: tuple | None = None) -> dict[str, float]:
    """A coupled group's numbers at quantile ``u``, each inside its screened range (:func:`uncertain_ranges`).
    ``_known``: ``(spec.numbers(), uncertain_ranges(spec))`` if the caller has them (a Morris design asks for
    every row)."""
    numbers, ranges = _known if _known is not None else (spec.numbers(), uncertain_ranges(spec))
    return {path: min(max(numbers[path].at_quantile(u), ranges[path][0]), ranges[path][1]) for path in members}


def war_sensitivity(spec: WarSpec, actor: str | None = None, n: int = 8, seed: int = 0, levels: int = 4,
                    executor=None) -> pd.DataFrame:
    """Morris mu*, sigma and mu*'s confidence half-width per factor (:func:`morris_factors`), largest mu*
    first; a coupled group's row has its members in ``members`` and its quantile's range, 0 to 1. The frame's
    ``attrs`` give the design's ``trajectories`` (``n``) and ``evaluations`` (node solves, ``n (factors + 1)``).

    ``executor`` (:func:`detente.execution.get_executor`): runs the design's node solves on its workers (the
    same numbers as in this process: each evaluation is a pure function of its inputs)."""
    from functools import partial

    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    from .missed_opportunity import _solver

    actor = actor or spec.a
    factors, groups = morris_factors(spec)
    names = list(factors)
    problem = {"num_vars": len(names), "names": names, "bounds": [list(factors[k]) for k in names]}
    X = morris_sample.sample(problem, n, num_levels=levels, seed=seed)
    base, known = nominal_params(spec), (spec.numbers(), uncertain_ranges(spec))

    def params_at(row) -> dict[str, float]:
        out = dict(base)
        for name, x in zip(names, row):
            out.update(group_values(spec, groups[name], x, known) if name in groups else {name: x})
        return out

    task = partial(missed_at, spec, actor=actor, solver=_solver())  # one evaluation: picklable for the workers
    rows = [params_at(row) for row in X]
    Y = np.array(executor.map(task, rows) if executor is not None else [task(p) for p in rows], dtype=float)
    res = morris_analyze.analyze(problem, X, Y, num_levels=levels, seed=seed)
    frame = pd.DataFrame({"factor": names, "mu_star": res["mu_star"], "sigma": res["sigma"],
                          "mu_star_conf": res["mu_star_conf"],
                          "low": [factors[k][0] for k in names], "high": [factors[k][1] for k in names],
                          "members": [tuple(groups.get(k, (k,))) for k in names]})
    frame = frame.sort_values("mu_star", ascending=False, ignore_index=True)
    frame.attrs.update(trajectories=n, evaluations=len(rows))
    return frame
