"""KTAB's Spatial Model of Politics (SMP): challenges, bargains and votes in a multi-dimensional space.

Sources
-------
- Wise, B., Lester, L., Efird, B. et al., the KAPSARC Toolkit for
  Behavioral Analysis (KTAB) and its SMP documentation (KAPSARC, 2015-2017),
  in particular the KAPSARC papers "An Introduction to the KAPSARC Toolkit
  for Behavioral Analysis (KTAB)" and "Multidimensional Bargaining Using
  KTAB" (listed in KTAB's ``web/papers.html``).
- KTAB's C++ (MIT licence, copyright KAPSARC; ``lsyaseen/KTAB`` commit
  ``3b5b063``): ``examples/smp/libsrc/smp.cpp``, ``smpbcn.cpp``, ``smp.h`` and
  ``KTAB/kmodel/libsrc/kmodel.cpp``, followed function by function in
  :mod:`._probability`, :mod:`._turn` and :mod:`._engine`.

The model, one turn
-------------------
Every issue of the scenario is one dimension of a common space, rescaled to
[0, 1]. Actor i has capability c_i, ideal point and position x_i (the same:
KTAB's identity accommodation) and saliences s_id summing to at most 1.

1. Distance ``d_ij = sqrt(sum_d (s_id (x_id - x_jd))^2 / sum_d s_id^2)`` and
   utility ``u = (1 - d)(1 + d R_i)`` (``bvDiff``, ``bsUtil``).
2. Risk attitudes R ("big R") from the outcome probabilities of all positions
   under risk-neutral utilities: likely winners are risk averse
   (``bigRfromProb``); h's estimate of i's R moves one third of the way from
   h's own to i's (``estNRA``).
3. Each actor challenges the target with the largest expected gain
   (``probEduChlg``): principals vote with ``c s``, third parties join the
   side they expect to gain from (``thirdPartyVoteSU``).
4. A challenge yields a bargain: per dimension a weighted mean of the two
   positions, weights ``salience^2 x probability^2``, rounded to 1e-4
   (``interpBrgnSnPm``).
5. Each actor takes, among its status quo and the bargains it is party to,
   the one that the capability-weighted votes of all actors make most likely
   (``updateBestBrgnPositions``); all move at once.
6. Stop when a turn's change (sum over actors of the distance moved) is
   below 2% of the first turn's, after at least 2 turns, or after 100 turns.

Choices where a scenario is not a KTAB input
--------------------------------------------
- ``dimensions="auto"`` runs all issues jointly when every actor has a
  position on every issue, otherwise each issue on its own (``"joint"``
  insists on the former, ``"separate"`` always does the latter).
- KTAB requires an actor's saliences to sum to at most 1; ours are per issue
  on 0-1, so an actor whose saliences sum above 1 has them divided by their
  sum.
- ``capability_scale`` (default 100): capabilities are rescaled so the
  largest is 100 before the run. KTAB uses them as given, with absolute
  guards (1e-8, 1e-10) on coalition strengths, so its results shift very
  slightly with the unit of capability; ``None`` reproduces that exactly.
- When every position is equally likely (KTAB divides by zero), R = 0.

The forecast per issue is the expected outcome of the final turn: the sum
over distinct positions (KTAB's options, closer than 1e-3 counts as equal)
of each one's outcome probability times the position, with options named in
the order of actor names so that the input order does not matter. KTAB's
own per-actor win probabilities (options in input order, as KTAB prints
them) are in ``details["win_probability"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ...rng import Seed, as_generator
from ...scenario import Scenario
from .. import register
from ..base import Forecast, IssueForecast, ModelBase
from ._switches import KTAB_LABELS, SWITCHES, canonical_name, to_codes

if TYPE_CHECKING:  # numba loads when SMP runs, not when the registry lists it
    from ._engine import Run

__all__ = ["SpatialModelOfPolitics", "SWITCHES", "KTAB_LABELS"]
DIMENSIONS = ("auto", "joint", "separate")
#: Each state holds every actor's estimate of every utility, n^3 numbers (1 GB at 500 actors); KTAB allows 250.
MAX_ACTORS = 500


@register
class SpatialModelOfPolitics(ModelBase):
    """KTAB's Spatial Model of Politics, with KTAB's nine model switches.

    Parameters
    ----------
    voting_rule, victory_probability, outcome_probability, state_transition,
    big_r_range, big_r_adjust, third_party_commit, interpolation, bargain_model
        KTAB's switches, by KTAB's names (case-insensitive); defaults are
        KTAB's: ``Prop``, ``Linear``, ``Conditional``, ``Deterministic``,
        ``Mid``, ``OneThird``, ``SemiCommit``, ``S2P2``, ``InitOnlyInterp``
        (see :data:`SWITCHES`). ``Stochastic`` transitions draw from ``rng``.
    max_turns, min_delta_ratio
        The stopping rule (KTAB: 100 turns, 2%).
    capability_scale
        Largest capability after rescaling (default 100); ``None`` keeps the
        input's (KTAB's behaviour).
    dimensions
        ``"auto"``, ``"joint"`` or ``"separate"`` (see the module docstring).
    """

    name: ClassVar[str] = "smp"
    summary: ClassVar[str] = ("KTAB's Spatial Model of Politics: multi-dimensional challenges, bargains and "
                              "votes, turn by turn.")
    source: ClassVar[str] = ("Wise, Lester, Efird et al., KAPSARC Toolkit for Behavioral Analysis (KTAB), "
                             "SMP; KTAB C++ (MIT, KAPSARC)")
    iterative: ClassVar[bool] = True
    stochastic: bool = False  # with the default Deterministic transitions; set per instance (state_transition)
    params: ClassVar[tuple[str, ...]] = (*SWITCHES, "max_turns", "min_delta_ratio", "capability_scale", "dimensions")
    rounds_parameter: ClassVar[str] = "max_turns"  # what the CLI's --rounds sets
    inputs: ClassVar[tuple[str, ...]] = ("position", "salience", "capability", "scale")

    def __init__(self, voting_rule: str = "Prop", victory_probability: str = "Linear",
                 outcome_probability: str = "Conditional", state_transition: str = "Deterministic",
                 big_r_range: str = "Mid", big_r_adjust: str = "OneThird", third_party_commit: str = "SemiCommit",
                 interpolation: str = "S2P2", bargain_model: str = "InitOnlyInterp", max_turns: int = 100,
                 min_delta_ratio: float = 0.02, capability_scale: float | None = 100.0, dimensions: str = "auto"):
        given = dict(voting_rule=voting_rule, victory_probability=victory_probability,
                     outcome_probability=outcome_probability, state_transition=state_transition,
                     big_r_range=big_r_range, big_r_adjust=big_r_adjust, third_party_commit=third_party_commit,
                     interpolation=interpolation, bargain_model=bargain_model)
        for key, value in given.items():
            setattr(self, key, canonical_name(key, value))
        if not (isinstance(max_turns, int) and max_turns >= 1):
            raise ValueError(f"max_turns must be a whole number >= 1, got {max_turns!r}")
        if not 0.0 <= float(min_delta_ratio) < 1.0:
            raise ValueError(f"min_delta_ratio must be within [0, 1), got {min_delta_ratio!r}")
        if capability_scale is not None and not float(capability_scale) > 0:
            raise ValueError(f"capability_scale must be positive or None, got {capability_scale!r}")
        if dimensions not in DIMENSIONS:
            raise ValueError(f"dimensions must be one of {', '.join(DIMENSIONS)}, got {dimensions!r}")
        self.max_turns, self.min_delta_ratio = max_turns, float(min_delta_ratio)
        self.capability_scale = None if capability_scale is None else float(capability_scale)
        self.dimensions = dimensions
        self.stochastic = self.state_transition == "Stochastic"

    # ------------------------------------------------------------------ running
    def forecast(self, scenario: Scenario, *, rng: Seed = None) -> Forecast:
        """Forecast every issue of ``scenario`` (jointly or one by one, see ``dimensions``)."""
        generator = as_generator(rng) if self.stochastic else None
        issues: dict[str, IssueForecast] = {}
        for group in self._groups(scenario):
            issues.update(self._forecast_group(scenario, group, generator))
        return Forecast.of(self, scenario, [issues[name] for name in scenario.issue_names])

    def run_arrays(self, position: np.ndarray, salience: np.ndarray, capability: np.ndarray, *,
                   names: list[str] | None = None, accommodation: np.ndarray | None = None,
                   rng: Seed = None) -> "Run":
        """Run SMP on plain arrays: positions and saliences ``(actors, dimensions)`` on [0, 1].

        ``names`` order the options of the expected outcome (default: input
        order); ``accommodation`` is KTAB's ideal-accommodation matrix (default
        the identity: ideals are positions).
        """
        from ._engine import simulate

        if len(capability) > MAX_ACTORS:
            raise ValueError(f"SMP runs at most {MAX_ACTORS} actors (it keeps n^3 utility estimates per turn); "
                             f"got {len(capability)}")
        cap = np.asarray(capability, dtype=float)
        if self.capability_scale is not None and cap.max() > 0:
            cap = cap / cap.max() * self.capability_scale
        sal = np.asarray(salience, dtype=float)
        total = sal.sum(axis=1, keepdims=True)
        sal = np.where(total > 1.0, sal / np.where(total > 0, total, 1.0), sal)
        canonical = None if names is None else np.argsort(np.asarray(names, dtype=object), kind="stable")
        generator = as_generator(rng) if self.stochastic else None
        return simulate(position, sal, cap, to_codes({k: getattr(self, k) for k in SWITCHES}),
                        max_turns=self.max_turns, min_delta_ratio=self.min_delta_ratio, canonical=canonical,
                        accommodation=None if accommodation is None else np.asarray(accommodation, dtype=float),
                        rng=generator)

    def _groups(self, scenario: Scenario) -> list[list[str]]:
        names = scenario.issue_names
        held: dict[str, set[str]] = {i: set() for i in names}
        for p in scenario.positions:
            held[p.issue].add(p.actor)
        complete = all(len(held[i]) == len(scenario.actors) for i in names)
        if self.dimensions == "joint" and not complete:
            missing = next(i for i in names if len(held[i]) < len(scenario.actors))
            raise ValueError(f"dimensions='joint' needs every actor on every issue; issue {missing!r} has "
                             f"{len(held[missing])} of {len(scenario.actors)} actors (use 'separate' or 'auto')")
        if self.dimensions == "separate" or not complete:
            return [[i] for i in names]
        return [names]

    def _forecast_group(self, scenario: Scenario, group: list[str], rng) -> dict[str, IssueForecast]:
        data = [scenario.issue_data(i) for i in group]
        actors = data[0].actors
        lower = np.array([d.lower for d in data])
        width = np.array([d.upper - d.lower for d in data])
        position = np.column_stack([(d.position - lo) / w for d, lo, w in zip(data, lower, width)])
        salience = np.column_stack([d.salience for d in data])
        run = self.run_arrays(np.clip(position, 0.0, 1.0), salience, data[0].capability, names=list(actors),
                              rng=rng)
        history = np.stack(run.positions)  # (turns + 1, actors, dimensions)
        expected = np.stack(run.expected)
        change = np.array([0.0, *run.change])
        win = [{"turn": t, "probabilities": {a: float(p) for a, p in zip(actors, probs)}}
               for t, probs in enumerate(run.win_probability)]
        out = {}
        for d, issue in enumerate(data):
            positions = lower[d] + width[d] * history[:, :, d]
            positions[0] = issue.position
            out[issue.issue] = IssueForecast(
                issue=issue.issue, forecast=float(np.clip(lower[d] + width[d] * expected[-1, d], issue.lower,
                                                          issue.upper)),
                actors=actors, positions=positions,
                series={"expected": lower[d] + width[d] * expected[:, d]},
                details={"win_probability": win, "fractional_change": [float(x) for x in run.fractional_change],
                         "state_change": [float(x) for x in change],
                         "stopping_turn": run.turns, "converged": run.converged, "dimensions": list(group),
                         "big_r": np.stack(run.big_r), "switches": {k: getattr(self, k) for k in SWITCHES}},
            )
        return out
