"""Issue 12's required properties, as hypothesis property tests on the SHIPPED Istanbul node.

tests/models/war/test_game_properties.py checks the properties on small made-up games; here every input is
a draw of istanbul_2025.yaml's own ranges and every number comes from the solver the answer uses:

* **draws**: the Monte Carlo's draw ``k`` of the default run (seed 0) is ``SeedSequence(0).spawn(n)[k]``
  (:func:`detente.execution.run_draws`), drawn by :func:`detente.analysis.war.draw.draw_params` and redrawn
  while it contradicts the history (a side capitulating in month 0: :func:`detente.analysis.war.consistency.
  accepted`), exactly as ``missed_opportunity._draw_task`` does; hypothesis picks ``k`` and how far an input
  moves inside its range;
* **solve**: :func:`detente.models.war.node.solve_node` (the node's PBE, D1, levers after a failed round),
  read through ``NodeSolution`` (``strategy``, ``posterior``, ``levers``/``levers_of``, ``outcome_of``);
* a perturbed draw must itself pass the Monte Carlo's revealed-preference test (else it is outside the
  scenario's region and hypothesis discards it).

**Where a property does not hold** (findings relayed to the owners; each is pinned below by an
``xfail(strict=True)`` example with its figures, or the hypothesis test is restricted with the reason):

1. Raising only the SERIOUS type's cost of war lowers P(settled by t) (MC draw 12: by 6 months 0.769 ->
   0.746): the uninformed side screens more (Fearon 1995's risk-return trade-off), and the stalling type
   rejects the screening offers. Raising the stalling type's cost, or both types' by the same amount,
   holds while the node's signalling equilibrium stays the same; where the raise moves the node to
   another equilibrium (MC draw 0: both types start mixing over the eve attack) it can fall. And the third
   parties answer A's cost as well, so P(settled by t) mixes the lever games with new weights: on MC draw 3
   (cost_a.stalling 0.00309 -> 0.00405) P(US sanctions) 0.0090 -> 0.0111 and P(aid increased) 0.0165 ->
   0.0195, and the stalling type's P(settled by 6) falls by 2.5e-7 although it rises (weakly) in every
   game with the levers fixed; the tests allow 1e-6 for this.
2. A more credible US sanctions threat (cheaper for the US, or a war costlier to it) raises P(sanctions),
   but the US's OTHER lever answers the same payoff: a war costlier to the US also makes withdrawing aid
   pay (Ukraine gives up sooner), and a stalling Russia then settles LESS (MC draw 8). With the US's aid
   held at its observed level the property holds.
3. More US support moves each type's settlement terms toward Ukraine. The levels' numbers were drawn
   independently, so in 10 of MC draws 0-15 they were not ordered (e.g. Ukraine's cost of war without US
   aid drawn 0.00037 a month against 0.00956 with aid maintained, draw 5, though the scenario's note makes
   it 1.2 x the maintained one), and in 5 of those the property failed. Since ``war.support.coupled``
   (default true) each field's levels are drawn at one quantile, so every draw is ordered and the test
   runs on every draw; over MC draws 0-15 it holds for each type but one: on draw 12 the serious type's
   terms are 0.5447 with aid maintained and 0.5454 increased (pinned below, not traced; likewise on the
   accepted draw of ``SeedSequence(0)``, 0.6640 vs 0.6657). The answer's
   type-averaged terms reversed by composition on the independent draw of ``SeedSequence(0)``; with the
   levels coupled they do not there, nor on MC draws 0-15 (now a passing test).
4. Not an issue property, met on the way (a bug, fixed): the DRAWN sender cost of the US's sanctions,
   which third_parties.py adds back before charging the purified private cost, moved P(US sanctions)
   after moves that accept the ceasefire (by about 1-8%; not after the observed move): the pause's month
   was charged at ``ceasefire.cost_share`` but added back in full, and the EU's ultimatum was charged only
   if A breaks the pause but added back over the whole game. Now pinned as a passing test.

The strict xfails' figures are measured with the support levels coupled (``war.support.coupled``, this file's
draws since then: each draw's other numbers as before, its maintain and withdraw levels not, and so which of
a seed's redraws is accepted); figures in the hypothesis tests' docstrings about why they are restricted (MC
draws 0, 3, 6, 10) were measured with the levels drawn independently.

Runtime: every node solve is memoised per parameter set (module fixture); the file is kept near 40 s CPU.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import detente
from detente.analysis.war.consistency import THRESHOLD, accepted, month0_by_side
from detente.analysis.war.draw import analyst_weight, draw_params, observed_label
from detente.models.war.node import solve_node

ISTANBUL = "src/detente/data/scenarios/istanbul_2025.yaml"
#: Hypothesis picks among the default run's first DRAWS draws (seed 0, as ``detente war`` runs them).
DRAWS = 10
RUN_SEED = 0
HORIZONS = (6, 12, 24)
TYPES = ("serious", "stalling")
#: Weak monotonicity tolerance (probabilities and utilities).
TOL = 1e-9
#: ... for P(settled by t) when A's cost moves: the third parties' levers answer A's cost too, and the mixture
#: of the lever games' settlement curves (each of them weakly rising) can dip by a few 1e-7 (module docstring,
#: finding 1; measured 2.5e-7)
TOL_MIXED = 1e-6
SENDER = "sanctions.us_secondary_sanctions.sender_cost"
US_WAR_COST = "third_parties.United States.war_cost"
US_STAKE = "third_parties.United States.stake_in_b"
#: The US's aid held at its observed level: the US's own deviation, every other lever still responding.
HOLD_AID = {"United States.support": "maintain"}
SUPPORT = ("withdraw", "maintain", "increase")

PROPERTY = settings(deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


class Node:
    """The shipped scenario's node, solved once per parameter set."""

    def __init__(self) -> None:
        self.spec = detente.load(ISTANBUL).war
        self.observed = observed_label(self.spec)
        self._draws: dict[int, tuple[dict, object]] = {}
        self._solved: dict[tuple, object] = {}

    def solve(self, params: dict[str, float]):
        key = tuple(sorted(params.items()))
        if key not in self._solved:
            self._solved[key] = solve_node(self.spec, params)
        return self._solved[key]

    def month0(self, params: dict[str, float], sol) -> float:
        """P(either side capitulates in month 0 | observed moves): the Monte Carlo's rejection statistic."""
        return sum(month0_by_side(sol, analyst_weight(params, sol, self.observed)))

    def accepted(self, seed: np.random.SeedSequence) -> tuple[dict, object]:
        """The draw the Monte Carlo keeps for ``seed`` (missed_opportunity._draw_task's ``attempt``)."""

        def attempt(s):
            params = draw_params(self.spec, s)
            sol = self.solve(params)
            return (params, sol), month0_by_side(sol, analyst_weight(params, sol, self.observed))

        (params, sol), _, ok, _, _ = accepted(seed, attempt)
        assert ok
        return params, sol

    def draw(self, k: int) -> tuple[dict, object]:
        """The Monte Carlo's draw ``k``: ``SeedSequence(RUN_SEED).spawn(n)[k]`` for any ``n > k``."""
        if k not in self._draws:
            self._draws[k] = self.accepted(np.random.SeedSequence(RUN_SEED, spawn_key=(k,)))
        return self._draws[k]

    def perturbed(self, params: dict[str, float], changes: dict[str, float]):
        """The node with ``changes``; None when the perturbed draw fails revealed preference."""
        new = {**params, **changes}
        sol = self.solve(new)
        return sol if self.month0(new, sol) < THRESHOLD else None


@pytest.fixture(scope="module")
def node():
    return Node()


def changes_of(spec, label: str) -> dict[str, str]:
    """A's move label -> ``{"Russia.delegation": ..., ...}``."""
    return {f"{spec.a}.{k}": v for k, v in (part.split("=") for part in label.split(", "))}


def on_path_settled(node: Node, sol, prior: float) -> tuple[np.ndarray, np.ndarray]:
    """(P(settled by t) on the equilibrium path, per type): each type's moves weighted by its equilibrium
    strategy, the types by the prior; t in HORIZONS."""
    at = [h - 1 for h in HORIZONS]
    per = np.zeros((2, len(HORIZONS)))
    for k, t in enumerate(TYPES):
        for label, p in sol.strategy[t].items():
            per[k] += p * np.asarray(sol.outcome_of(changes_of(node.spec, label), float(k)).settled_by)[at]
    return (1 - prior) * per[0] + prior * per[1], per


def same_strategies(a, b, tol: float = 1e-6) -> bool:
    """The node's selected equilibrium strategies agree (the same signalling equilibrium)."""
    return all(abs(a.strategy[t].get(m, 0.0) - b.strategy[t].get(m, 0.0)) <= tol
               for t in TYPES for m in set(a.strategy[t]) | set(b.strategy[t]))


def toward_top(value: float, top: float, u: float) -> float:
    return value + u * (top - value)


def _range(node: Node, path: str) -> tuple[float, float]:
    d = node.spec.numbers()[path].distribution
    return d.low, d.high


# ----- 1. the informed side's cost of war ------------------------------------------------------------------

def _cost_raise(node: Node, k: int, u: float, which: str):
    params, sol = node.draw(k)
    serious, stalling = params["types.cost_a.serious"], params["types.cost_a.stalling"]
    top_serious = _range(node, "types.cost_a.serious")[1]
    top_stalling = _range(node, "types.cost_a.stalling")[1]
    if which == "stalling":
        changes = {"types.cost_a.stalling": toward_top(stalling, top_stalling, u)}
    else:  # both by the same amount, inside both ranges
        delta = u * min(top_stalling - stalling, top_serious - serious)
        changes = {"types.cost_a.stalling": stalling + delta, "types.cost_a.serious": serious + delta}
    new = node.perturbed(params, changes)
    assume(new is not None and same_strategies(sol, new))
    prior = params["types.prior_stalling"]
    before, _ = on_path_settled(node, sol, prior)
    after, _ = on_path_settled(node, new, prior)
    return before, after, changes


@settings(PROPERTY, max_examples=4)
@given(k=st.integers(0, DRAWS - 1), u=st.floats(0.05, 1.0))
def test_a_dearer_war_for_the_stalling_type_raises_settlement(node, k, u):
    """Issue 12 ("raising the informed side's cost of war raises P(settled by t) for every t"), after Fearon
    1995 (a costlier war widens the bargaining range and makes the uninformed side's offers less risky: the
    risk-return trade-off) and Powell 2004 (bargaining while fighting: the informed side's cost speeds the
    settlement). Raised here for the stalling type, whose cheap war is what blocks a deal, from its drawn
    value toward the top of its range; P(settled by 6, 12, 24) on the node's equilibrium path (each type's
    moves weighted by its strategy, the types by the prior) must not fall.

    Restricted to raises that keep the node's selected signalling equilibrium (the strategies to 1e-6):
    where the raise switches it, the belief after each move changes and the property can fail (in 1 of the first
    30 draws: the next test's docstring). Found on MC
    draw 0 (prior 0.546, cost_a.stalling 0.00343 -> 0.00491): both types pool on aide/no attack/reject below
    about 0.0045 (and settlement rises: by 24 months 0.159 -> 0.179 at 0.0045), then both mix over the eve
    attack and P(settled by 24) falls to 0.129.

    Tolerance 1e-6, not 1e-9: the third parties' levers answer A's cost too and the on-path curve mixes the
    lever games with new weights. Found by this test on MC draw 3 (prior 0.876, both types pool on leader/
    attack/accept; cost_a.stalling 0.00309 -> 0.00405): P(settled by 6) 0.93183135 -> 0.93183113, the
    stalling type's own -2.5e-7, while in each failure game with the levers fixed (maintain, increase,
    withdraw, sanctions on) its curve rises weakly in every month; P(US sanctions | move) 0.0090 -> 0.0111
    and P(aid increased) 0.0165 -> 0.0195 reweight them."""
    before, after, changes = _cost_raise(node, k, u, "stalling")
    assert np.all(after >= before - TOL_MIXED), (k, changes, before, after)


def test_a_dearer_war_for_the_stalling_type_settles_strictly_sooner_on_draw_11(node):
    """Not only weakly (a model where the cost did not move settlement would pass the test above): on MC draw 11,
    the stalling type's cost raised to the top of its range keeps the node's equilibrium and P(settled by 6, 12,
    24) rises at every horizon by more than 0.01.

    How often the property holds (7 Dec 2026, the run's first 30 draws, cost_a.stalling raised to the top of its
    range, 0.005): the node's equilibrium is kept in 19 and settlement rises in all 19 (by up to 0.12 within 6
    months); it switches in 11, and settlement still rises in 10 of them (by up to 0.90: draw 2) and falls in
    one (draw 1: P(settled by 6) -0.10, by 24 -0.04), so 29 of 30."""
    params, sol = node.draw(11)
    top = _range(node, "types.cost_a.stalling")[1]
    new = node.perturbed(params, {"types.cost_a.stalling": top})
    assert new is not None and same_strategies(sol, new)
    prior = params["types.prior_stalling"]
    before, _ = on_path_settled(node, sol, prior)
    after, _ = on_path_settled(node, new, prior)
    assert np.all(after > before + 0.01), (before, after)


@settings(PROPERTY, max_examples=3)
@given(k=st.integers(0, DRAWS - 1), u=st.floats(0.05, 1.0))
def test_a_dearer_war_for_both_types_raises_settlement(node, k, u):
    """As the test above (Fearon 1995; Powell 2004; issue 12) with BOTH types' monthly cost raised by the
    same amount (the informed side's cost, its private information unchanged), inside both ranges; the
    same restriction to raises that keep the node's signalling equilibrium, for the same reason. Raises
    that make the serious type capitulate at once (MC draw 6) fail revealed preference and are outside the
    scenario's region. Tolerance as above (the levers' reweighting)."""
    before, after, changes = _cost_raise(node, k, u, "both")
    assert np.all(after >= before - TOL_MIXED), (k, changes, before, after)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="finding: raising only the serious type's cost lowers P(settled by t): "
                          "B screens more and the stalling type rejects (see the docstring)")
def test_a_dearer_war_for_the_serious_type_alone_can_lower_settlement(node):
    """The property of the tests above with only the SERIOUS type's cost raised fails on most draws, with the
    node's equilibrium unchanged. MC draw 12 (prior 0.585, cost_a.stalling 0.0027): cost_a.serious 0.01135
    -> 0.02 moves P(settled by 6 / 12 / 24) from 0.769 / 0.830 / 0.871 to 0.746 / 0.812 / 0.858 (with the
    levels drawn independently: 0.768 / 0.827 / 0.876 to 0.746 / 0.810 / 0.862). The serious type's own
    curve is unchanged to month 12 (0.770 / 0.832; by 24 0.905 -> 0.910); the stalling type's falls (0.768
    / 0.829 / 0.848 -> 0.729 / 0.799 / 0.822) because B, whose screening offer (one
    only the serious type accepts) now costs it less, screens in more states instead of pooling (traced on
    the accepted draw of ``SeedSequence(3)``, serious cost x1.2: in the failure game B pools in 14791
    states instead of 15783 and screens in 23509 instead of 21275), and the stalling type rejects each
    screening offer. Over MC draws 0-15, a raise toward 0.03 lowered the on-path curve in all 10 draws
    whose raised draw passes revealed preference (by 1e-6 to 0.02 at its lowest point). This is
    Fearon 1995's risk-return trade-off on the uninformed side, not a bug: a wider gap between the types
    makes screening pay."""
    params, sol = node.draw(12)
    new = node.perturbed(params, {"types.cost_a.serious": 0.02})
    assert new is not None and same_strategies(sol, new)
    prior = params["types.prior_stalling"]
    before, _ = on_path_settled(node, sol, prior)
    after, _ = on_path_settled(node, new, prior)
    assert np.all(after >= before - TOL), (before, after)


# ----- 2. a more credible US sanctions threat, from the US's own payoffs -------------------------------------

def _credible(node: Node, params: dict[str, float], lever: str, u: float) -> dict[str, float]:
    """A more credible US threat of secondary sanctions, from the US's own payoffs (third_parties.py):

    * ``sender``: a cheaper sanction for the US. Its private monthly cost is uniform on the number's range
      [0, 0.01] (third_parties._private's fallback); it becomes uniform on [0, h] with h below 0.01 (a first
      order stochastic shift down), written with the scenario's own ``_private_spread`` input (mean h / 2,
      spread h / 2; h = 0.01 gives the shipped lever exactly);
    * ``war_cost``: a war costlier to the US (``third_parties.United States.war_cost`` toward its top);
    * ``stake``: a larger US stake lost if Ukraine falls (``stake_in_b`` toward its top).
    """
    if lever == "sender":
        hi = _range(node, SENDER)[1] * (1 - u)
        return {SENDER: hi / 2, f"{SENDER}_private_spread": hi / 2}
    path = US_WAR_COST if lever == "war_cost" else US_STAKE
    return {path: toward_top(params[path], _range(node, path)[1], u)}


def _sanctions_and_stalling(node: Node, sol, changes: dict[str, str]) -> tuple[float, float]:
    """(P(US secondary sanctions | observed moves, changes), P(a stalling Russia settles within 24 months))."""
    p = sol.levers_of(changes)["us_secondary_sanctions"]
    return p, float(np.asarray(sol.outcome_of(changes, 1.0).settled_by)[23])


@settings(PROPERTY, max_examples=6)
@given(k=st.integers(0, DRAWS - 1), lever=st.sampled_from(["sender", "war_cost", "stake"]), u=st.floats(0.1, 0.95))
def test_a_more_credible_us_threat_sanctions_more_and_brings_a_stalling_russia_to_settle(node, k, lever, u):
    """Issue 12 ("a more credible sanctions threat raises the chance a stalling Russia settles"), with the
    credibility coming from the sender's OWN payoffs, not put on Russia as a cost: a threat is credible to
    the extent that carrying it out is the sender's best response (Selten 1975), and with the sender's cost
    private (Harsanyi 1973's purification) P(sanctions) is the share of costs for which sanctioning pays,
    so a cheaper sanction or a war costlier to the US (which a sanction shortens, Powell 2006: it lowers a
    stalling Russia's reneging floor and brings deals back) raises it; the sanction in force then raises
    P(the stalling type settles within 24 months) (Powell 2004). After the observed move (aide, eve attack,
    ceasefire rejected), the node solved again with the US's payoff changed.

    Restricted to the US's aid held at its observed level (``United States.support: maintain``, the US's
    own deviation; every other lever and B respond): with the aid lever free the US answers a dearer war by
    withdrawing aid too and the stalling type settles less (the xfail below). And restricted to changes
    that keep the node's signalling equilibrium: in the semi-separating equilibrium of MC draw 10 the
    serious type's mix moves with the US's war cost, and with it the belief after the aide, and P(stalling
    settles by 24) fell by 2.5e-6 (war_cost 0.01981 raised toward 0.02)."""
    params, sol = node.draw(k)
    changes = _credible(node, params, lever, u)
    new = node.perturbed(params, changes)
    assume(new is not None and same_strategies(sol, new))
    p0, s0 = _sanctions_and_stalling(node, sol, HOLD_AID)
    p1, s1 = _sanctions_and_stalling(node, new, HOLD_AID)
    assert p1 >= p0 - TOL, (k, changes, p0, p1)
    assert s1 >= s0 - TOL, (k, changes, s0, s1)


def test_cheaper_sanctions_reproduce_the_shipped_lever_at_the_range(node):
    """The ``sender`` change of the test above at h = 0.01 (``_private_spread`` = half the range, mean its
    midpoint) is the shipped lever: the same P(sanctions) after every move (third_parties._private: the
    drawn cost is added back, the private one charged; after an accepted ceasefire too since the pause's
    month is added back at the share it is charged at, the test below)."""
    params, sol = node.draw(1)
    same = node.solve({**params, SENDER: 0.005, f"{SENDER}_private_spread": 0.005})
    assert same.levers[node.observed]["us_secondary_sanctions"] > 0.01
    for label, levers in sol.levers.items():
        assert same.levers[label]["us_secondary_sanctions"] == pytest.approx(
            levers["us_secondary_sanctions"], abs=1e-12 if "ceasefire=reject" in label else 1e-9), label


EU_SENDER = "sanctions.eu_sanctions.sender_cost"


@pytest.mark.parametrize("path, value", [(SENDER, 0.0), (SENDER, 0.005), (EU_SENDER, 0.0), (EU_SENDER, 0.01)])
def test_the_drawn_sender_cost_does_not_move_the_levers(node, path, value):
    """third_parties.py: the game's values charge the drawn ``sender_cost``, which is added back before the
    private (purified) cost is charged, so the drawn number should not move P(sanctions): the third parties
    choose by their own payoffs (issue 12), and their payoffs price a lever at its private cost, not at the
    analyst's draw. After every move, the US's or the EU's drawn cost set to another value.

    Was a strict xfail (a bug, fixed): after moves that ACCEPT the ceasefire the drawn US cost moved
    P(US sanctions) (MC draw 1 with the levels drawn independently, drawn 0.00606, leader/no attack/accept: 0.000835 at the drawn cost, 0.000827
    at 0.005, 0.000788 at 0; aide/attack/accept 0.0650 at the drawn cost, 0.0598 at 0), for two reasons:
    (1) the game charges every running cost, the sender's included, at ``ceasefire.cost_share`` in the
    pause's month, but the months of war the drawn cost is added back with (``months:<q>``) counted that
    month in full, so (1 - cost_share) x the drawn cost stayed in the lever's benefit
    (:func:`detente.models.war.game.with_months` now weighs a pause month by the share); (2) the EU's
    ultimatum after an accepted pause was charged only in the break game while its add-back (and its
    private cost) spans the whole failure game, so the drawn EU cost moved the EU's threat and, through it,
    the US's lever wherever A keeps the pause (``FailureTables._threat_charged`` now charges it in the kept
    pause too). Now 0.000831081 and 0.0625064 at any of these costs; the observed aide/attack/reject
    0.05850152790287 is unchanged."""
    params, sol = node.draw(1)
    other = node.solve({**params, path: value})
    for label, levers in sol.levers.items():
        for lever in ("us_secondary_sanctions", "eu_sanctions"):
            assert other.levers[label][lever] == pytest.approx(levers[lever], abs=1e-9), (label, lever)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="finding: with its aid lever free, a war costlier to the US also makes "
                          "withdrawing aid pay, and a stalling Russia settles less")
def test_a_dearer_war_for_the_us_with_its_aid_free(node):
    """The property of the test above WITHOUT holding the US's aid: the levers after the observed move as the
    answer reports them (``NodeSolution.levers``). MC draw 8 (war_cost 0.00412): raising the US's war cost
    to its top 0.02 raises P(secondary sanctions | aide) 0 -> 0.0052, but P(US withdraws aid) 0.512 ->
    0.726 and P(a stalling Russia settles within 24 months) falls 0.637 -> 0.631 (node strategies
    unchanged). Both of the US's agents answer the same payoff (Selten 1975's agent form): a dearer war
    makes the US want it over by any means, and withdrawing aid ends it by Ukraine's capitulation. A
    legitimate equilibrium effect, not a bug: the threat is more credible, the support less. Re-pinned with
    the levels coupled: the finding was on MC draw 12 (0.6015 -> 0.5994) and draw 11, which with their
    maintain and withdraw levels coupled no longer show it (draw 12: withdrawal 0.567 -> 0.619, the stalling
    type settles 0.5984 -> 0.6002); over MC draws 0-15 the fall is on draws 8 and 11 (0.2775 -> 0.2770, the
    node's strategies moving)."""
    params, sol = node.draw(8)
    new = node.perturbed(params, {US_WAR_COST: 0.02})
    assert new is not None and same_strategies(sol, new)
    p0, s0 = _sanctions_and_stalling(node, sol, {})
    p1, s1 = _sanctions_and_stalling(node, new, {})
    assert p1 >= p0 - TOL
    assert s1 >= s0 - TOL, (s0, s1)


# ----- 3. US support and the terms ----------------------------------------------------------------------------

def _ordered(params: dict[str, float]) -> bool:
    """More support is better for Ukraine in the drawn numbers: Russia's drift and Ukraine's cost of war
    both fall (weakly) withdraw -> maintain -> increase."""
    return all(params[f"support.levels.{a}.{x}"] >= params[f"support.levels.{b}.{x}"]
               for x in ("drift", "cost_b") for a, b in zip(SUPPORT, SUPPORT[1:]))


def _terms(sol, weight: float) -> list[float]:
    """A's expected terms in a settlement with the US's aid forced to each level (others respond)."""
    return [float(sol.outcome_of({"United States.support": g}, weight, pooled=False).terms_a) for g in SUPPORT]


@settings(PROPERTY, max_examples=5)
@given(k=st.integers(0, DRAWS - 1))
def test_more_us_support_moves_the_terms_toward_ukraine(node, k):
    """Issue 12 ("more US support moves terms toward Ukraine"), after Powell 2004 and Slantchev 2003 (the
    terms of a settlement track what fighting on would bring each side: a Ukraine that fights better and
    more cheaply concedes less) and Fearon 1995 (the bargaining range moves with the expected war outcome).
    With the US's aid forced to withdraw, maintain, increase (the US's deviation; the other levers and B
    respond) after the observed move, A's expected utility of the settlement terms falls (weakly) for each
    of A's types.

    The premise, that the levels are ordered (Russia's drift and Ukraine's cost of war both fall withdraw ->
    maintain -> increase), holds in every draw: the scenario couples the levels (``war.support.coupled``,
    each field's levels drawn at one quantile, tests/models/war/test_coupled_levels.py). It used to be
    restricted to ordered draws: drawn independently the order broke in 10 of MC draws 0-15 and the property
    failed in 5 (MC draw 5: Ukraine's cost of war 0.00037 without aid, 0.00956 maintained, 0.00261
    increased; the serious type's terms 0.6167 / 0.6194 / 0.5967; draw 8: cost_b 0.00067 / 0.00842 /
    0.00786 and the terms rising with support). A type that never settles under a level has no terms there
    (NaN: MC draw 2's stalling type, whose commitment problem leaves no deal within the horizon at any
    level); only defined terms are compared. Per type; the answer's average over the types: the test
    after the xfail below."""
    params, sol = node.draw(k)
    assert _ordered(params), k
    for weight in (0.0, 1.0):
        w, m, i = _terms(sol, weight)
        assert not (w < m - TOL or m < i - TOL), (k, TYPES[int(weight)], w, m, i)  # NaN: no terms, no order


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="finding: on MC draw 12, ordered levels, the serious type's terms are "
                          "better for Russia with aid increased than maintained (0.5454 > 0.5447)")
def test_more_us_support_and_the_serious_types_terms_on_draw_12(node):
    """The property above on MC draw 12, outside the hypothesis test's draws 0-9: the levels are ordered
    (coupled), the stalling type's terms fall withdraw -> maintain -> increase (0.5925 / 0.5886 / 0.5845),
    but the serious type's are 0.5494 / 0.5447 / 0.5454: increasing the aid raises Russia's terms by 7e-4
    over maintaining it (its P(settled) 0.7450 / 0.7448 / 0.7448). Not traced: the other levers respond to
    the forced aid level (the lever games are reweighted, as in finding 1), and B's screening offers move
    with its cost of war. Found by this branch's re-check of MC draws 0-15 with the levels coupled; the
    serious type's terms on the accepted draw of ``SeedSequence(0)`` do the same (0.6933 / 0.6640 /
    0.6657), while the answer's type-averaged terms there are ordered (the test after next)."""
    params, sol = node.draw(12)
    assert _ordered(params)
    w, m, i = _terms(sol, 0.0)
    assert w >= m - TOL and m >= i - TOL, (w, m, i)


def test_more_us_support_moves_the_answers_averaged_terms_toward_ukraine(node):
    """The property above on the answer's own number (terms averaged over the types with the analyst's
    weight) at the draw ``draw_params(spec, SeedSequence(0))`` (accepted at once; P(stalling | aide) 0.831).

    This was a strict xfail while the levels were drawn independently: drift 997 / 296 / 157 km2 (withdraw
    / maintain / increase), cost_b 0.0074 / 0.0044 / 0.0029, and the averaged terms reversed, withdraw
    0.733 < maintain 0.754 > increase 0.729: without US aid a stalling Russia almost never settled (0.03 by
    24 months: Ukraine capitulated first, 0.93), so the few settlements were mostly the serious type's,
    whose terms are worse for Russia (composition, Simpson's paradox). With the levels coupled
    (``war.support.coupled``: one quantile per field; the increase level, first in path order, drawn as
    before) the same seed gives drift 777.5 / 333.4 / 157.3 and cost_b 0.00438 / 0.00365 / 0.00292, and the
    averaged terms are ordered, 0.7528 > 0.7265 > 0.7094 (serious 0.693 / 0.664 / 0.666, stalling 0.772 /
    0.737 / 0.719). The composition effect is possible in principle; it reversed none of MC draws 0-15 (draw
    2 has no averaged terms: its analyst weight is 1 and the stalling type never settles)."""
    params, sol = node.accepted(np.random.SeedSequence(0))
    assert _ordered(params)
    w, m, i = _terms(sol, analyst_weight(params, sol, node.observed))
    assert w >= m - TOL and m >= i - TOL, (w, m, i)


# ----- 4. B's beliefs --------------------------------------------------------------------------------------------

@settings(PROPERTY, max_examples=5)
@given(k=st.integers(0, DRAWS - 1))
def test_beliefs_are_probabilities_and_follow_bayes_on_path(node, k):
    """Issue 12 ("beliefs stay in [0, 1] and follow Bayes' rule on path"), the definition of a perfect
    Bayesian equilibrium (Fudenberg & Tirole 1991, ch. 8): after every move of A, B's posterior is in [0, 1];
    after a move some type plays, it is prior x sigma_stalling(m) / P(m); the posteriors average back to the
    prior over the moves (the law of total probability); and along the war after each on-path move B's
    mean belief stays in [0, 1]."""
    params, sol = node.draw(k)
    prior = params["types.prior_stalling"]
    assert all(0.0 <= b <= 1.0 for b in sol.posterior.values())
    mean = 0.0
    for label, b in sol.posterior.items():
        s, r = sol.strategy["stalling"].get(label, 0.0), sol.strategy["serious"].get(label, 0.0)
        p = prior * s + (1 - prior) * r
        if p > 0:
            assert b == pytest.approx(prior * s / p, abs=1e-9), label
            mean += p * b
            path = np.asarray(sol.outcome_of(changes_of(node.spec, label), b, pooled=False).belief_mean)
            path = path[np.isfinite(path)]
            assert np.all((path >= -1e-12) & (path <= 1 + 1e-12)), label
    assert mean == pytest.approx(prior, abs=1e-9)
