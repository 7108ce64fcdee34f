"""The Council of the EU: its voting rules, and in one dimension its pivots, win sets and voting power.

The EU's voting rules (qualified-majority thresholds and each member's vote weight by treaty period)
live here once: the DEU III reader gives actors these weights as capabilities (``capability="votes"``,
:mod:`detente.io.deu3`), and :mod:`.procedural` and :mod:`.compromise` vote with them. Positions are on one
scale; preferences are Euclidean (an actor prefers the nearer of two points),
as in the procedural models of Steunenberg (1994), Tsebelis (1994) and
Crombez (1996) that Thomson, Stokman, Achen & König (eds.) (2006), *The
European Union Decides*, ch. 5, test on DEU data.

Actors named ``com`` and ``ep`` (the DEU III codes) are the Commission and
the Parliament; every other actor is a Council member whose vote weight is
its capability (use ``capability="votes"`` with DEU III for the Treaties'
weights; equal capabilities give one vote per member).
"""

from __future__ import annotations

from functools import lru_cache
from math import factorial

import numpy as np

from ..scenario import IssueData, Scenario
from .base import IssueForecast, IssueModel

COMMISSION, PARLIAMENT = "com", "ep"
#: Qualified-majority thresholds as shares of the votes, by treaty period (see :func:`qmv_share`).
AMSTERDAM_QMV = 62 / 87      # Art. 205(2) EC (Amsterdam): 62 of 87 weighted votes, EU-15
NICE_QMV = 255 / 345         # Art. 205(2) EC as amended by the 2005 Act of Accession: 255 of 345, EU-27
LISBON_QMV = 0.65            # Art. 16(4) TEU: 55% of members representing 65% of the population
_TOLERANCE = 1e-9

#: Council vote weights of the Treaty of Amsterdam (Art. 205(2) EC, EU-15).
AMSTERDAM = {"de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5, "at": 4, "se": 4,
             "dk": 3, "ie": 3, "fi": 3, "lu": 2}
#: The Treaty of Nice (Art. 205(2) EC as amended by the 2003 and 2005 Acts of Accession; 7 for Croatia from 2013).
NICE = {"de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13, "be": 12, "cz": 12,
        "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10, "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7,
        "cr": 7, "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3}
#: The Treaty of Lisbon's double majority, approximated by population (Eurostat, 1 January 2014, millions).
POPULATION_2014 = {"de": 80.8, "fr": 66.0, "uk": 64.3, "it": 60.8, "es": 46.5, "pl": 38.0, "ro": 19.9, "nl": 16.8,
                   "be": 11.2, "el": 10.9, "cz": 10.5, "pt": 10.4, "hu": 9.9, "se": 9.6, "at": 8.5, "bu": 7.2,
                   "dk": 5.6, "fi": 5.5, "sk": 5.4, "ie": 4.6, "cr": 4.2, "lt": 2.9, "si": 2.1, "lv": 2.0, "ee": 1.3,
                   "cy": 0.86, "lu": 0.55, "mt": 0.43}
#: States that joined in 2004-2013: an issue before 2004 on which one holds a position is weighed by Nice.
ACCEDING_2004 = {"cy", "cz", "ee", "hu", "lv", "lt", "mt", "pl", "si", "sk", "bu", "ro", "cr"}


def voting_weights(year: int, participants: set[str]) -> dict[str, float]:
    """Council vote weights of the period a proposal of ``year`` falls in, by DEU III actor code.

    Before 2004 (unless an acceding state takes part) the Treaty of Amsterdam's, 2004-2013 the Treaty of
    Nice's, from 2014 population as a stand-in for Lisbon's double majority. The Commission (``com``) and the
    Parliament (``ep``) get the largest member state's weight, as in the public ``hamzagul07/schelling``
    analysis of DEU III.
    """
    if year < 2004 and not participants & ACCEDING_2004:
        table: dict[str, float] = dict(AMSTERDAM)
    elif year < 2014:
        table = dict(NICE)
    else:
        table = dict(POPULATION_2014)
    top = max(table.values())
    return {**table, COMMISSION: top, PARLIAMENT: top}


def qmv_share(year: int | None) -> float:
    """The qualified-majority threshold share in force for a proposal of ``year`` (Amsterdam if unknown)."""
    if year is None or year < 2004:
        return AMSTERDAM_QMV
    return NICE_QMV if year < 2014 else LISBON_QMV


def rule_threshold(rule: str, year: int | None, counvte: str | None) -> float:
    """The share of votes a Council decision needs: 1 under unanimity, :func:`qmv_share` under QMV.

    ``rule="metadata"`` reads DEU III's ``counvte`` (``QMV``, ``Unan``, ``QMV(10)``); without it, QMV.
    """
    if rule == "unanimity" or (rule == "metadata" and str(counvte or "").lower().startswith("unan")):
        return 1.0
    return qmv_share(year)


def members(actors: tuple[str, ...]) -> np.ndarray:
    """Mask of the Council members (every actor but the Commission and the Parliament; all, if none is left)."""
    mask = np.array([a not in (COMMISSION, PARLIAMENT) for a in actors], dtype=bool)
    return mask if mask.any() else np.ones(len(actors), dtype=bool)


def pivots(x: np.ndarray, w: np.ndarray, t: float) -> tuple[float, float]:
    """The Council's pivots ``(p_right, p_left)`` under a threshold share ``t`` of the weights ``w``.

    ``p_right`` is the rightmost position such that the members at or to its
    right hold at least ``t`` of the votes: the pivotal member of any move to
    the right; ``p_left`` the leftmost position with ``t`` at or to its left.
    Under unanimity (``t = 1``) they are the extreme members; for ``t > 1/2``,
    ``p_right <= p_left`` and ``[p_right, p_left]`` is the Council's core
    (Tsebelis 2002, *Veto Players*, ch. 2: the points no qualified majority
    can replace).
    """
    w = w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))
    values = np.unique(x)
    right = [v for v in values if w[x >= v].sum() >= t - _TOLERANCE]
    left = [v for v in values if w[x <= v].sum() >= t - _TOLERANCE]
    return float(max(right)), float(min(left))


def acceptable(q: float, p_right: float, p_left: float) -> tuple[float, float]:
    """The Council's win set of the status quo ``q`` with ``q`` itself: ``[lo, hi]``.

    A move right to ``y > q`` passes when the members at or right of
    ``(q + y) / 2`` hold the threshold, i.e. when ``y <= 2 p_right - q``
    (Euclidean preferences; Steunenberg 1994, *J. Institutional and Theoretical
    Economics* 150, section 3); a move left when ``y >= 2 p_left - q``.
    """
    return min(q, 2 * p_left - q), max(q, 2 * p_right - q)


def shapley_shubik(weights: np.ndarray, t: float, resolution: int = 1000) -> np.ndarray:
    """Shapley-Shubik power of each voter in the weighted game with quota ``t`` (share of the weights).

    ``phi_i = sum_S |S|! (n - |S| - 1)! / n!`` over coalitions ``S`` without
    ``i`` that lose alone and win with ``i`` (Shapley & Shubik 1954, *APSR*
    48, eq. on p. 788). Counted exactly by dynamic programming over
    (coalition size, total weight) after rounding the weights to
    ``resolution`` units of the largest weight (exact for the Treaties'
    integer votes up to a rounding of 1/1000 of the largest weight). Cached
    by weights and quota: DEU issues repeat the same Council many times.
    """
    return np.array(_shapley_shubik(tuple(float(v) for v in weights), float(t), resolution))


@lru_cache(maxsize=512)
def _shapley_shubik(weights: tuple[float, ...], t: float, resolution: int) -> tuple[float, ...]:
    n = len(weights)
    if n == 1:
        return (1.0,)
    w = np.asarray(weights, dtype=float)
    if np.allclose(w, w[0]):
        return (1.0 / n,) * n
    units = np.rint(w / w.max() * resolution).astype(int)
    quota = t * units.sum() - _TOLERANCE * units.sum()
    total = int(units.sum())
    phi = np.zeros(n)
    coef = np.array([factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)])
    for i in range(n):
        others = np.delete(units, i)
        count = np.zeros((n, total + 1))      # count[s, v]: coalitions of size s and weight v
        count[0, 0] = 1.0
        for u in others:
            count[1:, u:] += count[:-1, :total + 1 - u].copy()
        v = np.arange(total + 1)
        pivotal = (v < quota) & (v + units[i] >= quota)
        phi[i] = float(coef @ count[:, pivotal].sum(axis=1))
    return tuple(phi / phi.sum())


def issue_context(scenario, issue: str) -> dict:
    """The issue's proposal year, Council voting rule and procedure from its metadata (DEU III's columns)."""
    meta = scenario.issue(issue).metadata
    year = meta.get("year")
    return {"year": int(year) if isinstance(year, (int, float)) else None,
            "counvte": meta.get("counvte"), "proc": str(meta.get("proc") or "").upper()}


class EUModel(IssueModel):
    """Base of the models that read an issue's procedure and voting rule (:func:`issue_context`)."""

    @classmethod
    def caveat(cls, scenario: Scenario) -> str | None:
        """What the model assumes of a scenario without the EU's institutions, or None when it has them.

        Without actors ``com`` and ``ep`` and without a ``proc`` in any issue's metadata (a scenario not
        read from DEU III, such as the Istanbul talks), every actor is a Council member voting with its
        capability and the procedure is consultation: the CLI prints this under the forecast.
        """
        names = set(scenario.actor_names)
        procedures = {issue_context(scenario, i)["proc"] for i in scenario.issue_names} - {""}
        if names & {COMMISSION, PARLIAMENT} or procedures:
            return None
        return ("models of EU legislation; here every actor is read as a Council member whose vote is its "
                "capability, deciding by qualified majority under consultation, with no Commission ('com') "
                "or Parliament ('ep') among the actors; read these columns as such a Council's outcome")

    def issue_arguments(self, scenario: Scenario, issue: str) -> dict:
        """``context``: the issue's year, Council voting rule and procedure (:func:`issue_context`)."""
        return {"context": issue_context(scenario, issue)}

    def forecast_issue(self, data: IssueData, *, rng=None, context: dict | None = None) -> IssueForecast:
        raise NotImplementedError
