"""Two actors, two issues: the exchange model's closed form (derived in tests/models/exchange/test_exchange_variants.py).

A at 100 on both issues p, q (0-100), B at 0 on both; A cares relatively more about p. With weights
``w_k = c_k s_k``, the forecasts are ``O_d = 100 w_Ad / W_d``; the one exchange has A supply q and
B supply p, at rate ``r = dp / dq``: ``dq = min(dq_max, dp_max / r)``, ``dp = r dq`` with
``dp_max = 100 w_Bp / W_p`` and ``dq_max = 100 w_Aq / W_q``; after it ``O_p + dp`` and ``O_q - dq``.
"""

from __future__ import annotations

import detente


def two_actor_scenario(c_a, c_b, s_ap, s_aq, s_bp, s_bq):
    return detente.scenario_from_dict({
        "name": "two actors", "actors": [{"name": "A", "capability": c_a}, {"name": "B", "capability": c_b}],
        "issues": [{"name": "p", "lower": 0, "upper": 100}, {"name": "q", "lower": 0, "upper": 100}],
        "positions": [{"actor": "A", "issue": "p", "position": 100, "salience": s_ap},
                      {"actor": "A", "issue": "q", "position": 100, "salience": s_aq},
                      {"actor": "B", "issue": "p", "position": 0, "salience": s_bp},
                      {"actor": "B", "issue": "q", "position": 0, "salience": s_bq}]})


def closed_form(c_a, c_b, s_ap, s_aq, s_bp, s_bq, r):
    """(O_p, O_q) before, and (O_p', O_q') after round 1 at exchange rate r."""
    w_p, w_q = c_a * s_ap + c_b * s_bp, c_a * s_aq + c_b * s_bq
    o_p, o_q = 100 * c_a * s_ap / w_p, 100 * c_a * s_aq / w_q
    dp_max, dq_max = 100 * c_b * s_bp / w_p, 100 * c_a * s_aq / w_q
    dq = min(dq_max, dp_max / r)
    return (o_p, o_q), (o_p + r * dq, o_q - dq)


def equal_gain_rate(s_ap, s_aq, s_bp, s_bq):
    """The rate at which both gain the same: ``(s_Aq + s_Bq) / (s_Ap + s_Bp)`` (Dijkstra et al. 2008)."""
    return (s_aq + s_bq) / (s_ap + s_bp)
