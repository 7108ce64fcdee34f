"""Nash bargaining solution with the conflict point as disagreement (no reference point).

The same asymmetric Nash bargaining solution as :mod:`.nash` (Nash 1950,
*Econometrica* 18; Kalai 1977, *Int. J. Game Theory* 6)::

    x* = argmax_x  sum_i w_i log(u_i(x) - u_i(d_i)),   w_i = c_i s_i          (1)

with ``u_i(x) = -|x - x_i|**k`` (``k = 1``, linear loss, by default; ``k = 2`` quadratic), but
with each actor's disagreement utility at its *conflict point*: the bound
of the scale farthest from its position, ``u_i(d_i) = -max(x_i - lower,
upper - x_i)**k``. Every point of the scale is then acceptable to every
actor, and no single actor can block an agreement.

Why a second Nash model. ``nash`` takes the issue's reference point as the
disagreement point, as the procedural literature does. Under (1) with a
common disagreement point ``q`` every actor must gain over ``q``, i.e. the
agreement must lie within ``|x - x_i| <= |q - x_i|`` for all ``i``: the Nash
solution implicitly requires unanimity. On DEU III the reference point sits
at an end of the scale (``rp`` is 0 or 100 on 234 of the 252 backtest issues
that have one) and on 201 of those 252 some actor holds exactly ``q``; the
feasible set then shrinks to ``{q}`` (on 209 of the 252), and ``nash``
forecasts the reference point, which alone misses the outcome by 51 points on
average. The EU Council decides most of these issues by qualified majority,
where an actor at the reference point is outvoted, not a veto player. The
conflict point is the disagreement point of Achen (2006), *The European Union
Decides*, ch. 4, section "The Nash bargaining solution", whose limit for
disagreement far from every actor is the capability x salience weighted
mean (his compromise model).

Utility: linear loss by default. Of the two forms, it is the one with the
lower mean absolute error on the DEU III issues proposed before 2005 (the
backtest's training split: 23.30 against 24.11 with equal capabilities,
23.74 against 24.32 with Council votes); the later issues played no part in
the choice, and ``tests/models/test_nash_conflict.py`` re-makes it from the
training issues alone.

Closed form (linear utilities, two actors at the scale's ends ``0`` and
``U``): the gains are ``U - x`` and ``x``, and (1) gives ``x* = U w_2 / (w_1 +
w_2)``, the weighted mean (tested in ``tests/models/test_nash_conflict.py``).
"""

from __future__ import annotations

import numpy as np

from ..scenario import IssueData
from . import register
from .nash import NashBargaining, conflict_loss


@register
class NashConflict(NashBargaining):
    """Asymmetric Nash bargaining solution with disagreement at each actor's conflict point (Achen 2006)."""

    name = "nash_conflict"
    summary = "Asymmetric Nash bargaining solution, disagreement at each actor's worst point (no veto by rp)."
    source = "Nash (1950), Econometrica 18; Kalai (1977); Achen (2006), The European Union Decides, ch. 4"
    inputs = ("position", "salience", "capability", "scale")

    def __init__(self, utility: str = "linear", weights: str = "capability*salience"):
        super().__init__(utility, weights)

    def disagreement(self, data: IssueData, k: float) -> tuple[np.ndarray, str]:
        """The conflict point, whether or not the issue has a reference point."""
        return conflict_loss(data.position, data.lower, data.upper, k), "conflict point"
