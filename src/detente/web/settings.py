"""What a running web app is allowed to touch: the run store, the scenario folder, the upload limit.

File names from requests go through :func:`scenario_path`, which accepts a
plain file name only and checks that the resolved path lies inside the
scenario folder, so no request can read or write anywhere else.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ScenarioError

__all__ = ["DEFAULT_MAX_UPLOAD", "Settings", "default_scenario_dir", "scenario_path"]

#: Default upload cap in bytes (5 MB); ``detente serve --max-upload`` changes it.
DEFAULT_MAX_UPLOAD = 5 * 1000 * 1000

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.()-]{0,120}$")


def default_scenario_dir() -> Path:
    """``$DETENTE_SCENARIOS``, else ``~/.local/share/detente/scenarios``: where the web app saves scenarios."""
    env = os.environ.get("DETENTE_SCENARIOS")
    return Path(env).expanduser() if env else Path.home() / ".local" / "share" / "detente" / "scenarios"


@dataclass
class Settings:
    """Configuration of one app instance.

    Parameters
    ----------
    store
        The run store file (``None``: :func:`detente.store.default_path`).
    scenario_dir
        The user's scenario folder: listed, opened and saved into; nothing else is.
    max_upload
        Largest accepted upload, in bytes.
    job_workers
        Runs executed at the same time (later ones queue).
    allowed_hosts
        ``Host`` headers answered (others get 400), against DNS rebinding: a web page elsewhere
        that points its own name at 127.0.0.1 cannot reach the app. ``None`` answers any.
    """

    store: Path | None = None
    scenario_dir: Path = field(default_factory=default_scenario_dir)
    max_upload: int = DEFAULT_MAX_UPLOAD
    job_workers: int = 1
    allowed_hosts: list[str] | None = None

    def __post_init__(self) -> None:
        self.scenario_dir = Path(self.scenario_dir).expanduser()
        if self.store is not None:
            self.store = Path(self.store).expanduser()
        if self.max_upload < 1:
            raise ValueError(f"max_upload must be at least 1 byte, got {self.max_upload}")


def scenario_path(folder: Path, name: str, suffix: str | None = None) -> Path:
    """``folder / name`` for a plain file name; a ScenarioError for anything that could leave the folder.

    Parameters
    ----------
    folder
        The scenario folder.
    name
        A file name: letters, digits, space, ``_ . ( ) -``; no separators, no leading dot, no ``..``.
    suffix
        Appended when ``name`` does not already end with it (``".yaml"`` when saving).
    """
    if not _NAME.match(name or "") or ".." in name:
        raise ScenarioError.single(name or "<empty>", "", "expected a plain file name (letters, digits, space, "
                                   "_ . ( ) -; no folders), e.g. my-scenario.yaml")
    if suffix and not name.lower().endswith(suffix):
        name += suffix
    root = folder.resolve()
    path = (root / name).resolve()
    if path.parent != root:
        raise ScenarioError.single(name, "", "the file must be inside the scenario folder")
    return path
