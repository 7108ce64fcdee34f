"""The registry lists models in the order of ``_MODULES``, whatever was imported first."""

from __future__ import annotations

import subprocess
import sys


def _order_after_importing(first: str) -> list[str]:
    code = (f"import detente.models.{first}\nimport detente\n"
            "print(','.join(detente.models.available()))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip().split(",")


def test_order_does_not_depend_on_import_order():
    """Importing a late-listed model module first does not move it to the front of ``--model all``."""
    from detente.models import _MODULES

    orders = {first: _order_after_importing(first) for first in ("compromise", "median")}
    assert orders["compromise"] == orders["median"]
    listed = [m for m in _MODULES if m in orders["median"]]
    assert [m for m in orders["median"] if m in _MODULES] == listed


def test_rounds_reach_each_iterative_model_under_its_own_parameter():
    """--rounds reaches SMP too, whose parameter is ``max_turns`` (KTAB's name), instead of being dropped."""
    from detente.models import with_rounds

    assert with_rounds("eum", {}, 3) == {"rounds": 3}
    assert with_rounds("smp", {"voting_rule": "Prop"}, 3) == {"voting_rule": "Prop", "max_turns": 3}
    assert with_rounds("mean", {}, 3) == {}          # not iterative: nothing to set
    assert with_rounds("eum", {"rounds": 5}, None) == {"rounds": 5}
