"""REX on Ray gives the serial runs exactly (child seeds per run, detente.rng.draw_seed).

Here rather than in tests/analysis/test_rex.py to share the session's local Ray (conftest.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

import detente
from detente.analysis import rex
from detente.datasets import reference_path


@pytest.mark.ray
def test_ray_rex_equals_serial(ray_executor):
    toll = detente.load(reference_path("decide", "sample_data.txt"))
    kw = dict(power_exponents=(0.5, 1.0), draws=3, rounds=4, seed=9)
    serial = rex.run(toll, **kw)
    on_ray = rex.run(toll, executor=ray_executor, chunksize=2, **kw)
    pd.testing.assert_frame_equal(serial.frame, on_ray.frame)
