"""What a run's record is made of besides its results: its id, its seed's entropy, the digests of its data files.

Plain functions of plain values (no database): :class:`~detente.store.Store` calls
them to fill a ``runs`` row, and commands over data files (``war-history``) call
:func:`file_digests` for their provenance.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any, Mapping

import numpy as np

__all__ = ["default_path", "file_digests", "new_run_id"]


def default_path() -> Path:
    """``$DETENTE_STORE``, else ``~/.local/share/detente/runs.duckdb``."""
    env = os.environ.get("DETENTE_STORE")
    return Path(env).expanduser() if env else Path.home() / ".local" / "share" / "detente" / "runs.duckdb"


_id_lock = threading.Lock()
_last_ms = 0


def new_run_id() -> str:
    """A run id that sorts by creation time: ``YYYYMMDD-HHMMSS-mmm-xxxx`` (UTC, milliseconds, 16 random bits).

    Ids made by one process are strictly increasing; ids made in the same
    millisecond by two processes differ in the random part.
    """
    global _last_ms
    with _id_lock:
        ms = max(time.time_ns() // 1_000_000, _last_ms + 1)
        _last_ms = ms
    stamp = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return f"{stamp:%Y%m%d-%H%M%S}-{ms % 1000:03d}-{secrets.token_hex(2)}"


def utcnow() -> datetime.datetime:
    """Now, in UTC, without a time zone (as the ``runs`` table keeps times)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def seed_columns(seed: Any) -> tuple[str | None, str | None]:
    """``(seed, seed_entropy)`` as text: the seed given, and the SeedSequence entropy it stands for."""
    if seed is None:
        return None, None
    sequence = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    entropy = str(sequence.entropy)
    return (entropy if isinstance(seed, np.random.SeedSequence) else str(seed)), entropy


def to_json(value: Any) -> str:
    """A JSON column's text: keys sorted, anything else as ``str``."""
    return json.dumps(value, default=str, sort_keys=True)


def file_digests(paths: Mapping[str, str | Path]) -> dict[str, dict[str, str]]:
    """``{label: {"path": ..., "sha256": ...}}``: the provenance of a run over data files rather than a scenario."""
    out = {}
    for label, path in sorted(paths.items()):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        out[label] = {"path": str(path), "sha256": digest.hexdigest()}
    return out


def inputs_hash(inputs: Mapping[str, Mapping[str, str]]) -> str:
    """sha256 of the sorted ``label=sha256`` lines: a data run's ``scenario_hash``."""
    text = "\n".join(f"{label}={entry['sha256']}" for label, entry in sorted(inputs.items()))
    return hashlib.sha256(text.encode()).hexdigest()
