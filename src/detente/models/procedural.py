"""Procedural model of EU legislation: who may propose, who must accept, and what the status quo allows.

One dimension, Euclidean preferences, the reference point ``q`` (DEU III's
``rp``, the issue's ``status_quo``) as what happens without a decision, and
the Council voting by the threshold share ``t`` of :func:`.council.rule_threshold`
(QMV, or unanimity when ``counvte`` says so). ``p_right`` and ``p_left`` are
the Council's pivots and ``[lo, hi]`` its win set of ``q`` with ``q``
(:func:`.council.pivots`, :func:`.council.acceptable`); ``m_min``, ``m_max``
the extreme members.

Consultation (``proc = CNS``; Steunenberg 1994, *J. Institutional and
Theoretical Economics* 150; Tsebelis 1994, *APSR* 88, "conditional agenda
setting"; Crombez 1996, *Eur. J. Political Research* 29): the Commission
(at ``c``) proposes; the Council accepts by ``t`` or amends by unanimity; the
Parliament's opinion does not bind. The Commission gets the point nearest
``c`` that a qualified majority prefers to ``q`` and no unanimous Council can
amend::

    x = clip(c, max(lo, m_min), min(hi, m_max))                          (1)

Codecision (``proc = COD``; Crombez 2000, *Eur. Union Politics* 1;
Steunenberg 2000, *Eur. Union Politics* 1; Tsebelis & Garrett 2000, *Eur.
Union Politics* 1): the Council and the Parliament (at ``e``) must both
accept, and bargain in conciliation. The Council is represented by its
pivot nearest the Parliament, ``k = clip(e, p_right, p_left)``; the outcome is
the Nash bargaining solution between ``k`` and ``e`` with disagreement point
``q`` (Nash 1950, *Econometrica* 18), with linear losses on the segment
between them: maximising ``(d_e - |x - e|)(d_k - |x - k|)``, ``d_e = |q - e|``,
``d_k = |q - k|``, gives::

    x* = (k + e + s (d_k - d_e)) / 2,  s = sign(e - k)                   (2)

clipped to the segment ``[k, e]`` and then to the joint win set
``[lo, hi]`` ∩ ``[min(q, 2e - q), max(q, 2e - q)]`` (which contains ``q``).

Without a reference point (99 of the 351 DEU issues) the Council's core
``[p_right, p_left]`` replaces the win set: (1) becomes
``clip(c, p_right, p_left)`` and (2) the midpoint of ``k`` and ``e``. Without a
Commission position the Council's weighted median proposes; without a
Parliament position codecision is read as consultation. Council members'
votes are their capabilities (see :mod:`.council`).

These are the procedural models of *The European Union Decides* (Thomson,
Stokman, Achen & König (eds.) 2006, ch. 5, and the comparison in ch. 10),
where they forecast DEU outcomes worse than the compromise model; the
backtest measures how they do on DEU III.
"""

from __future__ import annotations

import numpy as np

from ..scenario import IssueData
from . import register
from .council import COMMISSION, PARLIAMENT, EUModel, acceptable, members, pivots, rule_threshold
from .base import IssueForecast
from .median import weighted_median

RULES = ("metadata", "qmv", "unanimity")
PROCEDURES = ("metadata", "cns", "cod")


def consultation(c: float, q: float | None, x: np.ndarray, p_right: float, p_left: float) -> float:
    """Eq. (1): the Commission's best proposal that passes and cannot be amended unanimously."""
    if q is None:
        return float(np.clip(c, p_right, p_left))
    lo, hi = acceptable(q, p_right, p_left)
    return float(np.clip(c, max(lo, x.min()), min(hi, x.max())))


def codecision(e: float, q: float | None, p_right: float, p_left: float) -> float:
    """Eq. (2): Nash bargaining between the Council pivot nearest the Parliament and the Parliament."""
    k = float(np.clip(e, p_right, p_left))
    if q is None:
        return (k + e) / 2
    sign = 1.0 if e >= k else -1.0
    x = (k + e + sign * (abs(q - k) - abs(q - e))) / 2
    x = float(np.clip(x, min(k, e), max(k, e)))
    lo, hi = acceptable(q, p_right, p_left)
    lo, hi = max(lo, min(q, 2 * e - q)), min(hi, max(q, 2 * e - q))
    return float(np.clip(x, lo, hi))


@register
class ProceduralModel(EUModel):
    """Consultation and codecision models of EU legislation (Steunenberg 1994; Tsebelis 1994; Crombez 2000)."""

    name = "procedural"
    summary = "EU procedural model: Commission agenda setting (CNS), Council-Parliament bargain (COD), with rp."
    source = "Steunenberg (1994); Tsebelis (1994); Crombez (1996, 2000); Thomson et al. (2006), ch. 5"
    params = ("rule", "procedure")
    inputs = ("position", "capability", "status_quo", "procedure")

    def __init__(self, rule: str = "metadata", procedure: str = "metadata"):
        if rule not in RULES:
            raise ValueError(f"rule must be one of {', '.join(RULES)}, got {rule!r}")
        if procedure not in PROCEDURES:
            raise ValueError(f"procedure must be one of {', '.join(PROCEDURES)}, got {procedure!r}")
        self.rule, self.procedure = rule, procedure

    def forecast_issue(self, data: IssueData, *, rng=None, context: dict | None = None) -> IssueForecast:
        context = context or {}
        council = members(data.actors)
        x, w = data.position[council], data.capability[council]
        t = rule_threshold(self.rule, context.get("year"), context.get("counvte"))
        p_right, p_left = pivots(x, w, t)
        position = dict(zip(data.actors, data.position))
        proc = context.get("proc", "") if self.procedure == "metadata" else self.procedure.upper()
        q = data.status_quo
        if proc == "COD" and PARLIAMENT in position:
            value = codecision(position[PARLIAMENT], q, p_right, p_left)
        else:
            c = position.get(COMMISSION)
            if c is None:
                c = weighted_median(x, w)  # all weights 0: the plain median (weighted_median's own rule)
            value = consultation(c, q, x, p_right, p_left)
        return IssueForecast(data.issue, value, data.actors, data.position[None, :].copy(),
                             details={"threshold": t, "p_right": p_right, "p_left": p_left, "procedure": proc})
