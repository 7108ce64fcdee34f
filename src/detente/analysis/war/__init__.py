"""The war game's analyses: the missed opportunity at a decision node (:mod:`.missed_opportunity`), which
numbers drive it (:mod:`.sensitivity`), and the historical checks of the war model against COW and ICB
(:mod:`.history`, with its reduced form :mod:`.front`, its fits :mod:`.fit` and its case tables :mod:`.cases`).
The game itself lives in :mod:`detente.models.war`."""
