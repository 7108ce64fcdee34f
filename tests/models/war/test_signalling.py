"""The signalling solver (detente.models.war.signalling) against published equilibria and hand computations.

Exact values: Cho & Kreps (1987, section II, the beer-quiche game); O14, O15 of the project's review
note (notes/war2.md) and O10 of notes/war.md, each computed by hand twice there; a continuous-response
version of O14 worked out in the test's docstring. Every equilibrium found is also checked against the
definition of a perfect Bayesian equilibrium by a brute-force verifier written here, independently of
the enumeration.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

from detente.models.war.signalling import Response, SignallingGame, equilibria, posterior, select


def o14(stalling_cost: float) -> SignallingGame:
    """O14 (war2.md): prior serious 0.4, so P(stalling) = 0.6 (type 1 = stalling); the receiver engages
    iff P(serious) >= 1/2, i.e. mu = P(stalling) <= 1/2; engagement is worth 0.12 to either type; the
    signal costs 0.05 (serious) or ``stalling_cost``."""
    sig = Response.threshold(0.5, below=[0.12 - 0.05, 0.12 - stalling_cost], above=[-0.05, -stalling_cost],
                             actions=("engage", "ignore"))
    none = Response.threshold(0.5, below=[0.12, 0.12], above=[0.0, 0.0], actions=("engage", "ignore"))
    return SignallingGame(0.6, ("signal", "none"), (sig, none))


def beer_quiche() -> SignallingGame:
    """Cho & Kreps (1987, p. 185): type 0 surly (0.9), type 1 wimp (0.1); a type gets 1 for its preferred
    breakfast (surly: beer, wimp: quiche) and 2 if not challenged; the receiver gets 1 for duelling a wimp,
    -1 for duelling a surly type, 0 for not duelling (duels iff P(wimp) > 1/2)."""
    receiver = [[0.0, 0.0], [-1.0, 1.0]]  # rows: no duel, duel; columns: surly, wimp
    beer = Response.table([[3.0, 2.0], [1.0, 0.0]], receiver, ("no duel", "duel"))
    quiche = Response.table([[2.0, 3.0], [0.0, 1.0]], receiver, ("no duel", "duel"))
    return SignallingGame(0.1, ("beer", "quiche"), (beer, quiche))


def by_kind(found, kind):
    return [e for e in found if e.kind == kind]


def test_o14_no_separating_equilibrium():
    """O14: separating fails (the stalling type would mimic: 0.12 > 0.10)."""
    assert by_kind(equilibria(o14(0.10)), "separating") == []


def test_o14_pooling_on_no_signal_survives_intuitive_not_d1():
    """O14: pooling on no signal is an equilibrium only with pessimistic off-path beliefs; it survives the
    Intuitive Criterion (neither type is equilibrium-dominated: 0.07 and 0.02 > 0) but not D1 (the
    stalling type gains only when engagement is at least 0.10/0.12, where the serious type gains strictly)."""
    pools = by_kind(equilibria(o14(0.10)), "pooling")
    assert len(pools) == 1
    pool = pools[0]
    assert pool.strategy[:, 1].tolist() == [1.0, 1.0] and pool.posterior[1] == pytest.approx(0.6)
    assert pool.off_path[0].supporting == [(pytest.approx(0.5), 1.0)]  # only beliefs P(serious) <= 1/2
    assert pool.survives("intuitive") and not pool.survives("D1")


def test_o14_semi_separating_values():
    """O14: the serious type always signals, the stalling type with probability 2/3, the receiver engages
    after a signal with probability 0.10/0.12 = 0.833333 and never after none; it survives D1 (no off-path
    message) and is the one selected."""
    found = equilibria(o14(0.10))
    semi = by_kind(found, "semi-separating")
    assert len(semi) == 1 and len(found) == 2
    e = semi[0]
    assert e.strategy[0].tolist() == [1.0, 0.0]
    assert e.strategy[1, 0] == pytest.approx(0.666667, abs=1e-6)
    assert e.posterior[0] == pytest.approx(0.5)
    assert e.response[0]["engage"] == pytest.approx(0.833333, abs=1e-6)
    assert e.response[1] == {"ignore": 1.0}
    assert e.payoff == pytest.approx([0.12 * 0.10 / 0.12 - 0.05, 0.0])
    chosen, applied = select(found, "D1", 0.6)
    assert chosen[0] is e and applied == "D1"


def test_o14_costlier_signal_separating_unique_under_intuitive():
    """O14: with the stalling type's cost 0.20 the unique equilibrium surviving the Intuitive Criterion
    is separating (serious signals and is engaged: 0.07; stalling stays silent)."""
    found = equilibria(o14(0.20))
    survivors = [e for e in found if e.survives("intuitive")]
    assert len(survivors) == 1 and survivors[0].kind == "separating"
    assert survivors[0].strategy.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert survivors[0].payoff == pytest.approx([0.07, 0.0])
    assert [e.kind for e in found if not e.survives("intuitive")] == ["pooling"]


def test_beer_quiche_intuitive_criterion():
    """Cho & Kreps (1987, section II): both pooling equilibria exist; pooling on quiche fails the
    Intuitive Criterion (the wimp is equilibrium-dominated at beer, 2 < 3, and a surly type believed
    surly gets 3 > 2), pooling on beer survives it and D1. No other equilibrium (prior 0.9 surly)."""
    found = equilibria(beer_quiche())
    assert sorted(e.kind for e in found) == ["pooling", "pooling"]
    beer = next(e for e in found if e.strategy[0, 0] == 1.0)
    quiche = next(e for e in found if e.strategy[0, 1] == 1.0)
    assert beer.payoff.tolist() == [3.0, 2.0] and quiche.payoff.tolist() == [2.0, 3.0]
    assert beer.survives("intuitive") and beer.survives("D1")
    assert not quiche.survives("intuitive") and not quiche.survives("D1")
    assert beer.belief(1, "D1") == 1.0  # after quiche: the wimp (D1 prunes the surly type)


def test_o15_posteriors_and_a_threshold_third_party():
    """O15 (war2.md): prior stalling 0.5; aide sent with probability 0.8 (stalling) / 0.3 (serious),
    leader 0.05 / 0.30: posteriors 0.727273 after aide, 0.142857 after leader; a third party sanctioning
    iff P(stalling) >= 0.5 sanctions after aide and not after leader."""
    strategy = np.array([[0.30, 0.40, 0.30], [0.05, 0.15, 0.80]])  # rows serious, stalling; leader, minister, aide
    post = posterior(0.5, strategy)
    assert post[2] == pytest.approx(0.727273, abs=1e-6)
    assert post[0] == pytest.approx(0.142857, abs=1e-6)
    third = Response.threshold(0.5, below=[0.0, 0.0], above=[-1.0, -1.0], actions=("none", "sanctions")).pieces()
    assert [r for _, r in third.points_at(post[2])] == [{"sanctions": 1.0}]
    assert [r for _, r in third.points_at(post[0])] == [{"none": 1.0}]


def test_o10_posterior():
    """O10 (war.md): prior 0.4 serious; a low-level delegation is sent with probability 0.3 (serious) and
    0.9 (stalling): P(serious | low) = 0.12 / 0.66 = 0.181818."""
    post = posterior(0.6, np.array([[0.3, 0.7], [0.9, 0.1]]))
    assert 1 - post[0] == pytest.approx(0.181818, abs=1e-6)
    assert np.isnan(posterior(0.6, np.array([[1.0, 0.0], [1.0, 0.0]]))[1])  # off path


def test_continuous_response_semi_separating():
    """A continuous response: after a signal the receivers' response is worth 0.2 (1 - mu) to either type
    (mu = P(type 1)), the signal costs 0.02 (type 0) and 0.10 (type 1), no signal is worth 0; prior 0.6.
    By hand: type 1 is indifferent where 0.2 (1 - mu) = 0.10, mu = 1/2, so it signals with probability
    s = mu (1 - p) / (p (1 - mu)) = 2/3; type 0 gets 0.2 x 0.5 - 0.02 = 0.08. Pooling on no signal needs
    0.2 (1 - mu) <= 0.02 off path (mu >= 0.9); it survives the Intuitive Criterion, not D1."""
    grid = np.linspace(0, 1, 11)
    sig = Response.on_grid(grid, np.stack([0.2 * (1 - grid) - 0.02, 0.2 * (1 - grid) - 0.10]))
    none = Response.on_grid(grid, np.zeros((2, 11)))
    found = equilibria(SignallingGame(0.6, ("signal", "none"), (sig, none)))
    assert sorted(e.kind for e in found) == ["pooling", "semi-separating"]
    semi = by_kind(found, "semi-separating")[0]
    assert semi.strategy[1, 0] == pytest.approx(2 / 3) and semi.payoff == pytest.approx([0.08, 0.0])
    pool = by_kind(found, "pooling")[0]
    assert pool.off_path[0].supporting[0][0] == pytest.approx(0.9)
    assert pool.survives("intuitive") and not pool.survives("D1")


def test_bad_tables_are_refused():
    with pytest.raises(ValueError, match="belief grid"):
        Response.on_grid([0.0, 0.5], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="expected sender"):
        Response.on_grid([0.0, 1.0], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="prior"):
        SignallingGame(1.0, ("m",), (Response.constant([0.0, 0.0]),))
    with pytest.raises(ValueError, match="refinement"):
        select([], "D2", 0.5)


# ----- an independent check of the definition: every equilibrium found is a PBE ------------------------------

def verify_pbe(game: SignallingGame, e, tol: float = 1e-7) -> None:
    """Brute force, from the definition: Bayes on path, the receiver's on-path responses best responses at
    the posterior, every type's message optimal, and off path a belief and best response deterring both."""
    p = game.prior
    on_path = [m for m in range(len(game.messages)) if e.strategy[:, m].max() > 0]
    assert np.allclose(e.strategy.sum(axis=1), 1.0) and e.strategy.min() >= -tol
    assert np.allclose(e.posterior[on_path], posterior(p, e.strategy)[on_path], atol=tol)
    value = {}
    for m in range(len(game.messages)):
        r = game.responses[m]
        mu = e.posterior[m] if m in on_path else e.belief(m, "none")
        payoff_r = np.array([np.interp(mu, r.grid, r.receiver[a]) for a in range(len(r.actions))])
        if m in on_path:
            mix = e.response[m]
        else:
            mix = e.off_path[m].point("none")[1]
        for action, prob in mix.items():  # only best responses are played
            if prob > tol:
                assert payoff_r[r.actions.index(action)] >= payoff_r.max() - tol
        value[m] = sum(prob * np.array([np.interp(mu, r.grid, r.sender[r.actions.index(a), t]) for t in (0, 1)])
                       for a, prob in mix.items())
    for t in (0, 1):
        best = max(value[m][t] for m in value)
        for m in on_path:
            if e.strategy[t, m] > tol:
                assert value[m][t] >= best - tol


games = st.builds(
    lambda prior, s, r: SignallingGame(prior, ("m0", "m1", "m2"), tuple(
        Response.table(np.array(s[k]).reshape(2, 2), np.array(r[k]).reshape(2, 2)) for k in range(3))),
    st.floats(0.1, 0.9),
    st.lists(st.lists(st.integers(-4, 4).map(float), min_size=4, max_size=4), min_size=3, max_size=3),
    st.lists(st.lists(st.integers(-4, 4).map(float), min_size=4, max_size=4), min_size=3, max_size=3))


@given(games)
def test_every_equilibrium_found_is_a_pbe(game):
    """Random finite games (3 messages, 2 receiver actions): every equilibrium the enumeration returns
    satisfies the definition, checked by :func:`verify_pbe`; refinement survivors are a subset of all."""
    found = equilibria(game)
    for e in found:
        verify_pbe(game, e)
        assert not e.survives("D1") or e.survives("none")


def test_selection_prefers_the_sender_pareto_best():
    """The selection rule: among equilibria surviving the refinement, one Pareto-better for the sender's
    types comes first (beer-quiche under 'none': pooling on beer, 3 and 2, against quiche's 2 and 3, is
    not Pareto-ranked, so the ex-ante payoff decides: 0.9 x 3 + 0.1 x 2 = 2.9 > 2.1)."""
    found = equilibria(beer_quiche())
    chosen, applied = select(found, "none", 0.1)
    assert applied == "none" and chosen[0].payoff.tolist() == [3.0, 2.0]


def test_duplicate_messages_are_merged():
    """O14 with 'no signal' offered twice (two messages with identical responses): the duplicates are one
    message split evenly, so both carry the class's posterior (R9 of the review: no belief from the order).
    Semi-separating: stalling puts 1/3 on 'no signal', 1/6 on each copy, both with P(stalling) = 1."""
    base = o14(0.10)
    game = SignallingGame(0.6, ("signal", "none", "none again"), base.responses + (base.responses[1],))
    found = equilibria(game)
    assert [sorted(e.duplicates) for e in found] == [[[1, 2]], [[1, 2]]]
    semi = by_kind(found, "semi-separating")[0]
    assert semi.strategy[1, 1:].tolist() == pytest.approx([1 / 6, 1 / 6])
    assert semi.posterior[1] == semi.posterior[2] == pytest.approx(1.0)
    pool = by_kind(found, "pooling")[0]
    assert pool.strategy[:, 1:].tolist() == [[0.5, 0.5], [0.5, 0.5]] and pool.posterior[2] == pytest.approx(0.6)
    chosen, _ = select(found, "D1", 0.6)
    assert chosen[0] is semi


def test_a_constant_receiver_cost_is_still_a_duplicate():
    """A message that costs the receiver a constant (e.g. Ukraine's one-off cost of an eve attack) leaves
    its best responses unchanged: with the same sender payoffs it is a duplicate."""
    sig = o14(0.10).responses[0]
    shifted = Response(sig.actions, sig.grid, sig.sender, np.asarray(sig.receiver) - 0.3)
    other = Response(sig.actions, sig.grid, np.asarray(sig.sender) + 0.01, sig.receiver)
    game = SignallingGame(0.6, ("a", "b", "c"), (sig, shifted, other))
    from detente.models.war.signalling import duplicates
    assert duplicates(game) == [[0, 1], [2]]
