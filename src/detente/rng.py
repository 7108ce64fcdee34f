"""One place that turns a seed into a random generator.

Every stochastic entry point takes ``rng: int | numpy.random.Generator | None``
and calls :func:`as_generator`; nothing uses numpy's global state. Monte Carlo
draws use :func:`child_seeds`, so serial, process-parallel and Ray runs see
the same numbers.
"""

from __future__ import annotations

import numpy as np

Seed = int | np.random.Generator | np.random.SeedSequence | None


def as_generator(rng: Seed = None) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a seed, a SeedSequence, a Generator, or None (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


def child_seeds(seed: int | np.random.SeedSequence, n: int) -> list[np.random.SeedSequence]:
    """``n`` independent child seed sequences, the same for the same ``seed`` wherever they run."""
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return root.spawn(n)
