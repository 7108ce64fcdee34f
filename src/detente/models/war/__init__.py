"""Bargaining while fighting: the war-termination model.

The game
--------
game
    The contract: ``Levers``, ``NodeMoves``, ``build_game`` (a scenario's war section and the node's
    moves to a solvable game), ``solve``, ``outcomes``, ``nominal_params``, ``draw_params``.
gamedef
    The game as plain arrays (``Game``), ``make_game`` for the textbook special cases, Bayes' rule.
frontier
    Settlements as packages over the scenario's issues; the A-B Pareto frontier (logrolls).
front
    The front as a lazy walk on km2 matched to the record's monthly drift and sd (O17).
bargaining
    Backward induction (numpy reference): screening by the uninformed side, refusals, capitulation
    as a PBE, self-enforcement floors, audience costs and authority to commit.
solution
    ``Solution`` (values per type and belief at the node), the ceasefire's keep-or-break choice,
    ``SolveCache`` (games that differ only at the node share their later months).
forward
    Outcomes month by month under the equilibrium (settlement, capitulation, victory, the line).
_game_kernels, _forward_kernel
    Numba versions of the backward induction and the forward pass.

The node (its perfect Bayesian equilibrium)
-------------------------------------------
node
    ``solve_node``: Russia's moves, Ukraine's delegation and the third parties' levers in equilibrium.
node_round, node_failure, node_tables, _node_failure_node
    The node's round of talks, the levers after a failed round (the default order), the game values the
    equilibrium reads per move and lever set.
signalling, _pieces
    Perfect Bayesian equilibria of finite signalling games and their refinements (Intuitive Criterion, D1).
third_parties
    Third parties as Bayesian players choosing their levers (purified best responses, a fixed point).
channel_switches
    ``solve_node(..., off=...)``: the node with a channel held at its value under the observed moves.
closed_forms
    The textbook results the model reduces to (Fearon 1995, Rubinstein 1982,
    Powell 2006, Smith & Stam 2004, Filson & Werner 2002, Slantchev 2003),
    each one short function; the oracles of the tests and the building
    blocks of the historical calibration.

The one-binding-round game with signals typed in, a special case of this one, is not shipped
(``benchmarks/bench_war.py`` runs it from commit dacf17a); its exact values O1-O12 are checked
through this game's solver (``tests/models/war/test_game_exact.py``).

The war model is not an issue model: it needs a ``war:`` section and does not
forecast each spatial issue on its own, so it is not in the model registry
(``detente.models.available()``) and ``detente forecast --model all`` does not
run it. It runs through ``detente war`` and
:func:`detente.analysis.war.missed_opportunity.missed_opportunity`.
"""
