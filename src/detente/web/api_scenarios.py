"""``/api/scenarios``: list, open, upload, validate and save scenarios, with detente's own readers.

Uploads are parsed by :func:`detente.io.load` (never executed) from a
private temporary folder; problems name the uploaded file as the CLI would
name it. Saving writes YAML with :func:`detente.save`, inside the scenario
folder only (see :func:`.settings.scenario_path`).
"""

from __future__ import annotations

import functools
import logging
import re
import tempfile
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, File, Form, Request, UploadFile

import detente

from .. import io as dio
from ..errors import Problem, ScenarioError
from ..scenario import scenario_from_dict
from .errors import ApiError
from .schemas import SaveRequest, ValidateRequest
from .settings import scenario_path

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])
log = logging.getLogger(__name__)

_READABLE = tuple(s for f in dio.formats().values() for s in f.suffixes) + (".csv", ".txt")


def _settings(request: Request):
    return request.app.state.settings


def _summary(source: str, name: str, sc) -> dict[str, Any]:
    return {"source": source, "name": name, "title": sc.name, "actors": len(sc.actors), "issues": len(sc.issues)}


@router.get("")
def list_scenarios(request: Request) -> dict[str, Any]:
    """The shipped scenarios and the files of the user's scenario folder (with any problem reading them)."""
    shipped = [_summary("shipped", name, _shipped(name)) for name in detente.examples()]
    user, problems = [], []
    folder = _settings(request).scenario_dir
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in _READABLE:
            continue
        try:
            user.append(_summary("user", path.name, _read(path, str(path))))
        except ScenarioError as exc:  # skipped and reported: one bad file never hides the others
            problems += [_relative(p, folder) for p in exc.problems]
    return {"shipped": shipped, "user": user, "folder": str(folder),
            "problems": [{"file": p.file, "where": p.where, "message": p.message, "text": f"error: {p}"}
                         for p in problems]}


@functools.lru_cache(maxsize=64)
def _shipped(name: str):
    """A shipped scenario, read once per process (the package's files do not change while it runs)."""
    return detente.load(detente.example(name))


def _relative(problem: Problem, folder: Path) -> Problem:
    return Problem(Path(problem.file).name if problem.file.startswith(str(folder)) else problem.file,
                   problem.where, problem.message)


@router.get("/{source}/{name}")
def open_scenario(source: str, name: str, request: Request) -> dict[str, Any]:
    """One scenario as plain data (the YAML form), ready for the editor."""
    if source == "shipped":
        if name not in detente.examples():
            raise ApiError(404, f"no shipped scenario {name!r}; shipped: {', '.join(detente.examples())}")
        sc, file = _shipped(name), f"{name}.yaml"
    elif source == "user":
        path = scenario_path(_settings(request).scenario_dir, name)
        if not path.is_file():
            raise ApiError(404, f"no scenario {name!r} in the scenario folder", file=name)
        sc, file = _renamed(lambda: _read(path, str(path)), str(path), name), name
    else:
        raise ApiError(404, f"unknown scenario source {source!r}; expected 'shipped' or 'user'")
    return {"file": file, "source": source, "scenario": sc.to_dict()}


def _read(path: Path, file: str, format: str | None = None):
    """:func:`detente.io.load`, with any failure of a reader a :class:`ScenarioError` (answered 422, not 500).

    The readers report bad input as ScenarioError themselves; this is the boundary's guard against one
    that does not (a reader's bug, or a resource exhausted), so that a hostile file in the scenario
    folder or an upload never turns into a server error that drops the connection.
    """
    try:
        return dio.load(path, format=format)
    except ScenarioError:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, IndexError, OSError) as exc:
        log.warning("reading %s failed: %r", file, exc)
        raise ScenarioError.single(file, "", f"could not be read ({type(exc).__name__}); expected a scenario "
                                   "file in one of the formats of `detente convert --help`") from None


def _renamed(load, internal: str, shown: str):
    """Run ``load()``; problems that name ``internal`` name ``shown`` instead (the name the user knows)."""
    try:
        return load()
    except ScenarioError as exc:
        raise ScenarioError([Problem(shown if p.file == internal else p.file, p.where, p.message)
                             for p in exc.problems]) from None


@router.post("/upload")
async def upload(request: Request, file: UploadFile = File(...),
                 format: Optional[str] = Form(None)) -> dict[str, Any]:
    """Parse an uploaded file in any supported format (capped at the upload limit); nothing is saved."""
    limit = _settings(request).max_upload
    data = await file.read(limit + 1)
    name = Path(file.filename or "upload").name or "upload"
    if len(data) > limit:
        raise ApiError(413, f"upload is larger than the limit of {limit:,} bytes", file=name)
    with tempfile.TemporaryDirectory(prefix="detente-upload-") as folder:
        path = Path(folder) / _safe_name(name)  # readers name a scenario after its file's stem
        path.write_bytes(data)
        sc = _renamed(lambda: _read(path, str(path), format or None), str(path), name)
    return {"file": name, "source": "upload", "scenario": sc.to_dict()}


def _safe_name(name: str) -> str:
    """The uploaded file's name with anything but letters, digits, ``_ . -`` replaced: a name, never a path."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", name).lstrip(".")[:120]
    return cleaned or "upload"


@router.post("/validate")
def validate(body: ValidateRequest) -> dict[str, Any]:
    """Check an edited scenario; ``problems`` lists every one, each with its field path (``positions[3].salience``)."""
    try:
        sc = scenario_from_dict(body.scenario, body.file)
    except ScenarioError as exc:
        return {"valid": False, "problems": [_problem(p) for p in exc.problems]}
    return {"valid": True, "problems": [], "summary": f"valid: {body.file}: scenario {sc.name!r}, {len(sc.actors)} "
            f"actors, {len(sc.issues)} issues, {len(sc.positions)} positions"}


def _problem(p: Problem) -> dict[str, str]:
    from .errors import problem_json

    return problem_json(p)


@router.put("/user/{name}")
def save(name: str, body: SaveRequest, request: Request) -> dict[str, Any]:
    """Validate and write the scenario as YAML into the scenario folder (atomic; an invalid one is not written)."""
    folder = _settings(request).scenario_dir
    path = scenario_path(folder, name, suffix=".yaml" if not name.lower().endswith((".yaml", ".yml")) else None)
    sc = scenario_from_dict(body.scenario, path.name)
    if path.exists() and not body.overwrite:
        raise ApiError(409, f"{path.name} exists in the scenario folder; save under another name or overwrite it",
                       file=path.name)
    folder.mkdir(parents=True, exist_ok=True)
    detente.save(sc, path)
    return {"file": path.name, "source": "user", "saved": str(path)}
