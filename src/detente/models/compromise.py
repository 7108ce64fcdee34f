"""Procedural compromise model: the weighted mean with weights from the legislative procedure.

Achen (2006), "Institutional realism and bargaining models", in Thomson,
Stokman, Achen & König (eds.), *The European Union Decides*, ch. 4, derives
the compromise model, the salience- and power-weighted mean of positions,
as an approximation to the Nash bargaining solution, with the actors'
"power" left to the institutions. Here the institutions set it:

- the Council's members share the Council's weight in proportion to their
  Shapley-Shubik power under the issue's voting rule (Shapley & Shubik
  1954, *APSR* 48; :func:`.council.shapley_shubik`; under unanimity every
  member is a veto player with equal power 1/n);
- the Commission, which proposes, has weight ``commission`` relative to the
  whole Council's 1;
- the Parliament has weight ``parliament`` under codecision (``proc = COD``,
  where it co-decides) and 0 under consultation (``CNS``, where its opinion
  does not bind).

The forecast is::

    x = (sum_i phi_i s_i x_i + a_c s_c x_c + a_e s_e x_e) / (sum_i phi_i s_i + a_c s_c + a_e s_e)   (1)

with ``phi_i`` the members' power (summing to 1), ``s`` saliences and
``a_c``, ``a_e`` the institutional weights. The defaults give the three
institutions equal weight (``commission = parliament = 1``): the neutral
choice, not one fitted to DEU outcomes. Without a Commission or a
Parliament position their terms drop out; when every weight is zero the
plain mean of positions is returned.
"""

from __future__ import annotations

import numpy as np

from ..scenario import IssueData
from . import register
from .council import COMMISSION, PARLIAMENT, EUModel, members, rule_threshold, shapley_shubik
from .base import IssueForecast
from .mean import weighted_mean
from .procedural import RULES


def procedural_weights(data: IssueData, t: float, codecision: bool, commission: float,
                       parliament: float) -> np.ndarray:
    """Each actor's weight in eq. (1) before salience: Shapley-Shubik power, or the institution's weight."""
    council = members(data.actors)
    weight = np.zeros(data.n)
    weight[council] = shapley_shubik(data.capability[council], t)
    for k, actor in enumerate(data.actors):
        if not council[k]:
            weight[k] = commission if actor == COMMISSION else (parliament if codecision else 0.0)
    return weight


@register
class ProceduralCompromise(EUModel):
    """Weighted mean with Shapley-Shubik Council power and procedural Commission/Parliament weights (Achen 2006)."""

    name = "compromise"
    summary = "Procedural compromise: salience x Shapley-Shubik power weighted mean; Parliament weighs under COD."
    source = "Achen (2006), The European Union Decides, ch. 4; Shapley & Shubik (1954)"
    params = ("commission", "parliament", "rule")
    inputs = ("position", "salience", "capability", "procedure")

    def __init__(self, commission: float = 1.0, parliament: float = 1.0, rule: str = "metadata"):
        if not (commission >= 0 and parliament >= 0):
            raise ValueError("commission and parliament weights must be >= 0")
        if rule not in RULES:
            raise ValueError(f"rule must be one of {', '.join(RULES)}, got {rule!r}")
        self.commission, self.parliament, self.rule = float(commission), float(parliament), rule

    def forecast_issue(self, data: IssueData, *, rng=None, context: dict | None = None) -> IssueForecast:
        context = context or {}
        t = rule_threshold(self.rule, context.get("year"), context.get("counvte"))
        weight = procedural_weights(data, t, context.get("proc") == "COD", self.commission, self.parliament)
        weight = weight * data.salience
        value = weighted_mean(data.position, weight) if weight.sum() > 0 else float(data.position.mean())
        return IssueForecast(data.issue, float(np.clip(value, data.position.min(), data.position.max())), data.actors,
                             data.position[None, :].copy(), details={"threshold": t})
