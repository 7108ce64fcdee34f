"""Bargaining while fighting: the war-termination model (issue 6).

Modules
-------
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
