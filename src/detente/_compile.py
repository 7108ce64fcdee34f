"""Saying once that a first run compiles: numba builds a model's kernels on its first use after install.

The EUM, exchange, SMP and war kernels are compiled by numba (``@njit(cache=True)``) the first time
they run and cached beside their module (``__pycache__/<module>.<function>-<line>.py311.nbi``) or
under ``$NUMBA_CACHE_DIR``. A first forecast thus spends 7-16 s compiling; without a word it looks
hung. :func:`compile_note` prints one line when a model about to run has kernels not cached yet, so
the line appears on the first run and never again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ._console import note

PACKAGE = Path(__file__).parent

# Each model's numba modules, relative to the package (tests/cli/test_cli_messages.py checks that every module
# holding an @njit kernel is listed here, so a new kernel cannot start compiling silently).
KERNELS: dict[str, tuple[str, ...]] = {
    "eum": ("models/_eum_kernels.py",),
    "exchange": ("models/exchange/_kernel.py", "models/exchange/_compiled.py"),
    "smp": ("models/smp/_turn.py", "models/smp/_probability.py", "models/smp/_engine.py"),
    "war": ("models/war/_game_kernels.py", "models/war/_forward_kernel.py", "models/war/_levers_kernel.py",
            "models/war/_war_values_kernel.py"),
}


#: Kernel modules whose cached kernels have another module's kernels compiled into them (numba inlines or links
#: a called kernel into its caller, and its cache checks only the caller's own file): a newer dependency makes
#: the caller's cache stale (:func:`drop_stale_caches`).
KERNEL_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "models/war/_game_kernels.py": ("models/war/_offer_kernel.py", "models/war/_interp_kernels.py"),
    "models/war/_forward_kernel.py": ("models/war/_game_kernels.py", "models/war/_interp_kernels.py"),
}


def kernel_threads() -> int:
    """Threads a model may run its GIL-free kernels on at once (the war game's independent backward inductions):
    ``$DETENTE_THREADS`` if set; else 1 in a pool worker (a process of :class:`detente.execution.LocalExecutor`,
    or a Ray worker, which Ray starts with ``OMP_NUM_THREADS=1``), whose siblings already use the other cores;
    else every CPU this process may run on. Threads change no number: each kernel call is a pure function."""
    import multiprocessing

    given = os.environ.get("DETENTE_THREADS", "").strip()
    if given:
        if given.isdigit() and int(given) > 0:
            return int(given)
        import warnings

        warnings.warn(f"DETENTE_THREADS={given!r} ignored: expected a whole number of threads, at least 1",
                      stacklevel=2)
    if multiprocessing.parent_process() is not None or os.environ.get("OMP_NUM_THREADS") == "1":
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _cache_files(module: Path) -> list[Path]:
    """numba's cache files of ``module`` (index ``.nbi`` and data ``.nbc``), beside it or under $NUMBA_CACHE_DIR."""
    patterns = (f"{module.stem}.*.nbi", f"{module.stem}.*.nbc")
    out = [f for pattern in patterns for f in (module.parent / "__pycache__").glob(pattern)]
    cache_dir = os.environ.get("NUMBA_CACHE_DIR")
    if cache_dir:
        out += [f for pattern in patterns for f in Path(cache_dir).rglob(pattern)]
    return out


def drop_stale_caches(module: str, package: Path | None = None) -> list[Path]:
    """Delete ``module``'s numba cache files older than any of its :data:`KERNEL_DEPENDENCIES` (an edited kernel
    it calls), so that they are compiled again; called when the module is imported, before any kernel runs.
    Returns the files deleted. A fresh install's caches are newer than its sources, so nothing is dropped."""
    package = PACKAGE if package is None else package
    deps = [package / d for d in KERNEL_DEPENDENCIES.get(module, ())]
    if not deps:
        return []
    newest = max(d.stat().st_mtime for d in deps)
    dropped = []
    for f in _cache_files(package / module):
        try:
            if f.stat().st_mtime < newest:
                f.unlink()
                dropped.append(f)
        except FileNotFoundError:  # another process dropped it first
            continue
    return dropped


def _cached(module: Path) -> bool:
    """Whether numba has cached any kernel of ``module`` (an index file beside it, or under $NUMBA_CACHE_DIR)."""
    return any(f.suffix == ".nbi" for f in _cache_files(module))


def uncompiled(models: Iterable[str], package: Path | None = None) -> list[str]:
    """The models among ``models`` whose kernels numba has not compiled and cached yet (under ``package``)."""
    package = PACKAGE if package is None else package
    return [m for m in dict.fromkeys(models) if any(not _cached(package / k) for k in KERNELS.get(m, ()))]


def compile_note(models: Iterable[str], package: Path | None = None) -> None:
    """One line on stderr if this run compiles kernels first (the first run of those models after install)."""
    todo = uncompiled(models, package)
    if todo:
        note(f"first run of {', '.join(todo)} since install: compiling {'its' if len(todo) == 1 else 'their'} "
             "numerical kernels (numba) takes 5-20 s once; later runs start at once")
