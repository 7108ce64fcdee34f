"""Writing files so that a half-written file never appears (temp file in the same folder, then rename).

Every file detente writes (``--html`` reports, ``convert`` outputs, drafts, exports) goes through
here, and gets the permissions any other tool would give it: a new file follows the umask (0644
under the usual 022), an overwritten file keeps its mode. ``tempfile.mkstemp`` creates its file
0600 and ``mkdtemp`` its folder 0700 whatever the umask, so a plain rename of either left reports
readable by their owner only, and turned a 0644 file into 0600 when it replaced it.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def umask() -> int:
    """The process's umask, read without changing it where Linux says it (/proc), else set and restored."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for entry in status:
                if entry.startswith("Umask:"):
                    return int(entry.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:  # pragma: no cover - not Linux
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def new_file_mode(path: str | Path | None = None, *, folder: bool = False) -> int:
    """The mode a file (or folder) written at ``path`` should have: the existing file's, else the umask's."""
    if path is not None:
        try:
            current = os.stat(path)
        except OSError:
            pass
        else:
            if stat.S_ISREG(current.st_mode) or (folder and stat.S_ISDIR(current.st_mode)):
                return stat.S_IMODE(current.st_mode)
    return (0o777 if folder else 0o666) & ~umask()


def temporary_folder(target: Path) -> Path:
    """A new folder beside ``target`` to build it in, with the mode a folder made by ``mkdir`` would have."""
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    os.chmod(tmp, new_file_mode(folder=True))
    return tmp


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, LF) to ``path`` atomically; parent folders are created.

    The file gets :func:`new_file_mode`: the umask's mode when new, its own mode when replaced.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = new_file_mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
