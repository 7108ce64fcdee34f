"""The war game's analyses (the game itself is :mod:`detente.models.war`).

The answer at a decision node: :mod:`.missed_opportunity` drives the Monte Carlo, :mod:`.draw` reads one
draw's numbers off the node's equilibrium, :mod:`.structural` varies the modeller's choices, :mod:`.joint`
the belligerents' joint missed opportunity, :mod:`.result` the summaries and the JSON document;
:mod:`.sensitivity` screens which numbers drive it. The evidence: :mod:`.calibration` (the front against
the record), :mod:`.aftermath` (what happened after the node), :mod:`.sourcing`, :mod:`.track_record`;
and the historical checks against COW and ICB: :mod:`.history`, with its reduced form :mod:`.front`, its
fits :mod:`.fit` and its case tables :mod:`.cases`.
"""
