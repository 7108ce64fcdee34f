"""Bargaining while fighting: the war-termination model (issues 6 and 12).

The game (version 2, issue 12)
------------------------------
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

Version 1 (kept while its users move to version 2)
--------------------------------------------------
closed_forms
    The textbook results the model reduces to (Fearon 1995, Rubinstein 1982,
    Powell 2006, Smith & Stam 2004, Filson & Werner 2002, Slantchev 2003),
    each one short function; the oracles of the tests and the building
    blocks of the historical calibration.
schema
    The pydantic schema of a scenario's ``war:`` section.
solver
    Backward induction over the front, the support regime and the
    uninformed side's belief (the model's solution).
flow_game
    Powell's (2006) game of per-round splits, for the commitment problem and
    the ceasefire test.
paths
    Forward pass: outcome probabilities round by round under the solution.
simulate
    Sampled wars (duration, winner, settled, terms) from a solved game.
third_parties
    Third parties' response rules (data) applied to the moves at a node.
node
    Moves at a decision node, counterfactuals and the games they induce.
_kernels
    Numba versions of the solver's and forward pass's loops.

The war model is not an issue model: it needs a ``war:`` section and does not
forecast each spatial issue on its own, so it is not in the model registry
(``detente.models.available()``) and ``detente forecast --model all`` does not
run it. It runs through ``detente war`` and
:func:`detente.analysis.war.missed_opportunity.missed_opportunity`.
"""
