"""Several perfect Bayesian equilibria can survive the refinement at the node; the answer reports its range over
them (``NodeSolution.survivors``, the ``equilibrium selection`` structural choice).

On the shipped Istanbul scenario's Monte Carlo draw 10 of seed 2025 (``SeedSequence(2025).spawn(16)[10]``, the
documentation run's seed) five equilibria survive D1. The checks are the definitions, not numbers of ours:

* each survivor is a PBE: every move a type plays with positive probability is worth as much to that type as
  its best move, the values read under that survivor's own beliefs and responses (sequential rationality,
  Fudenberg & Tirole 1991, def. 8.2), and the posterior after a move on its path is Bayes' rule on its strategy;
* each survives D1 (Cho & Kreps 1987), and they are distinct;
* the selected one (first) has the highest ex-ante payoff for A among them (the stated rule,
  ``signalling.select``);
* the structural choice's ``lowest`` and ``highest`` bracket the selected equilibrium's missed opportunity.
"""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.analysis.war.draw import draw_params, missed_of_solution
from detente.analysis.war.structural import SURVIVORS, choices, structural_task
from detente.models.war.node import solve_node
from detente.models.war.signalling import signalling_prior

SEED = np.random.SeedSequence(2025).spawn(16)[10]


@pytest.fixture(scope="module")
def setting():
    spec = detente.load(detente.example("istanbul_2025")).war
    params = draw_params(spec, SEED)
    sol = solve_node(spec, params)
    return spec, params, sol, sol.survivors()


def test_several_equilibria_survive_on_this_draw(setting):
    _, _, sol, found = setting
    assert len(found) == 5
    assert found[0] is sol
    assert all(s.equilibria[0] is sol.equilibria[0] for s in found)  # one list of PBE, shared


def test_each_survivor_is_a_distinct_pbe_that_survives_the_refinement(setting):
    spec, params, sol, found = setting
    keys = set()
    for s in found:
        eq = s._node.eq
        assert eq.survives(sol.refinement)
        keys.add(tuple(np.round(eq.strategy.ravel(), 12)))
        for t, name in enumerate(("serious", "stalling")):
            values = {label: float(v[spec.a][t]) for label, v in s.values.items()}
            best = max(values.values())
            for label in s.strategy[name]:
                assert values[label] >= best - 1e-9, (name, label)
        prior = signalling_prior(params["types.prior_stalling"])
        for label, p_label in ((lab, (1 - prior) * s.strategy["serious"].get(lab, 0.0)
                                + prior * s.strategy["stalling"].get(lab, 0.0)) for lab in s.posterior):
            if p_label > 0:
                bayes = prior * s.strategy["stalling"].get(label, 0.0) / p_label
                assert s.posterior[label] == pytest.approx(bayes, abs=1e-12)
    assert len(keys) == len(found)


def test_the_selected_equilibrium_is_best_for_a_ex_ante(setting):
    _, params, sol, found = setting
    prior = signalling_prior(params["types.prior_stalling"])
    ex_ante = [s._node.eq.ex_ante(prior) for s in found]
    assert ex_ante[0] == pytest.approx(max(ex_ante), abs=1e-12)


def test_lowest_and_highest_bracket_the_model_rule(setting):
    spec, params, sol, found = setting
    chosen = [c for c in choices(spec) if c.sets == "selection"]
    out = structural_task(spec, solve_node, chosen, SEED)
    table = out["equilibrium selection"]  # (values, actors, 2): the rule (NaN: the main run's), lowest, highest
    actors = list(spec.moves)
    rule = missed_of_solution(spec, params, sol)[spec.a][0]
    lowest, highest = table[1, actors.index(spec.a), 0], table[2, actors.index(spec.a), 0]
    assert np.isnan(table[0]).all()
    assert out[SURVIVORS] == len(found)
    assert lowest <= rule + 1e-12 <= highest + 2e-12
    assert lowest < highest  # the rule matters on this draw


def test_the_run_wide_row_reads_the_same_survivors(setting):
    """draw.selection_row (every draw of a run) and the structural choice (its first draws) agree."""
    spec, params, sol, found = setting
    from detente.analysis.war.draw import selection_row

    n, lowest, highest = selection_row(spec, params, sol)
    chosen = [c for c in choices(spec) if c.sets == "selection"]
    table = structural_task(spec, solve_node, chosen, SEED)["equilibrium selection"]
    a = list(spec.moves).index(spec.a)
    assert n == len(found)
    assert lowest == pytest.approx(table[1, a, 0], abs=1e-12) and highest == pytest.approx(table[2, a, 0], abs=1e-12)
