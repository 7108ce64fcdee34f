"""Compile numba's kernels into its cache once, before pytest-xdist's workers start (tests/conftest.py runs it).

On a fresh checkout nothing is cached (``@njit(cache=True)`` writes beside the module, in ``__pycache__``),
so without this every xdist worker, and every CLI subprocess a test starts before a cache exists, compiles
the same kernels itself (about 35 s of CPU for the EUM, exchange and SMP kernels and 50 s for the war
game's). Run as ``python tests/numba_warmup.py GROUP``: each group is one ordinary run that uses its
kernels, so the signatures compiled are the ones a test meets; a kernel the run misses still compiles
where it is first used, as before. Nothing here checks a number.
"""

from __future__ import annotations

import os
import sys
import tempfile


def forecasts() -> None:
    """The EUM, exchange (both variants, compiled rounds) and SMP kernels on Decide's sample data (13 issues)."""
    import detente
    from detente.datasets import reference_path

    sc = detente.load(reference_path("decide", "sample_data.txt"))
    for name in ("eum", "smp"):
        detente.models.get(name).forecast(sc)
    for variant in ("equal-gain", "random-rate"):
        detente.models.get("exchange", rounds=2, variant=variant).forecast(sc, rng=0, compiled=True)


def war() -> None:
    """The war game's kernels, backward and forward: one draw of the war answer on the real Istanbul node."""
    import detente
    from detente.analysis.war.missed_opportunity import missed_opportunity

    sc = detente.load(detente.example("istanbul_2025"))
    missed_opportunity(sc, draws=1, seed=0, break_even_belief=False, structural_draws=0)


GROUPS = {"forecasts": forecasts, "war": war}

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DETENTE_STORE"] = os.path.join(tmp, "runs.duckdb")  # never the user's store
        GROUPS[sys.argv[1]]()
