"""One place that turns a seed into a random generator.

Every stochastic entry point takes ``rng: int | numpy.random.Generator | None``
and calls :func:`as_generator`; nothing uses numpy's global state. Draw ``k`` of
a Monte Carlo run with seed ``seed`` gets :func:`draw_seed` ``(seed, k)``, which is
``child_seeds(seed, n)[k]`` for any ``n > k``, so serial, process-parallel and Ray
runs see the same numbers however the draws are grouped.
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


def draw_seed(seed: int | np.random.SeedSequence, k: int) -> np.random.SeedSequence:
    """The seed of draw ``k``: ``child_seeds(seed, n)[k]`` (``SeedSequence(seed).spawn(n)[k]``) for any n > k.

    numpy's ``spawn`` gives child ``k`` the parent's entropy with ``k`` appended to its spawn key, so the
    child is made directly, without spawning the ``k`` before it.
    """
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, k), pool_size=root.pool_size)
