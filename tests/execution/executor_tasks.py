"""Task functions for the executor tests: importable by name in worker processes and subprocesses."""

from __future__ import annotations

import os
import time

import numpy as np


def square(x):
    return x * x


def pid(_):
    return os.getpid()


def fail_on_three(x):
    if x == 3:
        raise ValueError("task 3 failed")
    return x


def slow_pid(seconds):
    time.sleep(seconds)
    return os.getpid()


def noisy_mean(seed: np.random.SeedSequence) -> float:
    """A draw: the mean of 5 normals from the draw's own generator (bit-exact comparisons)."""
    return float(np.random.default_rng(seed).normal(size=5).mean())


def shifted_draw(seed: np.random.SeedSequence, shift: float) -> float:
    """A per-draw value plus one uniform draw from the draw's seed (for ``run_draws(..., values=...)``)."""
    return shift + float(np.random.default_rng(seed).random())
