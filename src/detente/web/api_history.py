"""``/api/runs``: the run store's history, filterable, re-openable, exportable, and shareable as an HTML report."""

from __future__ import annotations

import io
import json
import threading
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..runs import open_run
from .api_runs import report_response
from .errors import ApiError
from .views import stored_view, table_json

router = APIRouter(prefix="/api/runs", tags=["history"])

_FILTERS = ("command", "model", "status")


def _store(request: Request):
    return request.app.state.store()


_listing: dict[str, tuple[tuple, Any]] = {}
_listing_lock = threading.Lock()


def _stamp(path: Path) -> tuple:
    """What changes when the store file (or its write-ahead log) is written: sizes and modification times."""
    out = []
    for part in (path, path.with_name(path.name + ".wal")):
        try:
            st = part.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


def _list_runs(store):
    """``store.list_runs()``, read again only when the file changed (a busy history page stays cheap)."""
    key = str(store.path)
    with _listing_lock:  # one reader at a time (the store serialises them anyway); the others reuse its answer
        stamp = _stamp(store.path)
        cached = _listing.get(key)
        if not (cached and cached[0] == stamp and stamp[0] is not None):
            frame = store.list_runs()  # a write during the read changes the stamp: the next call reads again
            cached = _listing[key] = (stamp, frame)
        return cached[1].copy()


@router.get("")
def list_runs(request: Request, command: Optional[str] = None, model: Optional[str] = None,
              status: Optional[str] = None, q: Optional[str] = Query(None, max_length=200),
              limit: int = Query(200, ge=1, le=10_000)) -> dict[str, Any]:
    """Stored runs, newest first; ``command``, ``model``, ``status`` match exactly, ``q`` any part of the
    scenario name or run id."""
    frame = _list_runs(_store(request))
    total = len(frame)
    for key, value in zip(_FILTERS, (command, model, status)):
        if value:
            frame = frame[frame[key] == value]
    if q:
        needle = q.lower()
        frame = frame[frame["scenario_name"].fillna("").str.lower().str.contains(needle, regex=False)
                      | frame["run_id"].str.contains(needle, regex=False)]
    frame = frame.head(limit).astype({"created_at": str, "finished_at": str})
    return {"total": total, "shown": len(frame), **table_json(frame)}


@router.get("/{run_id}")
def show(run_id: str, request: Request, rows: int = Query(50, ge=0, le=10_000)) -> dict[str, Any]:
    """The run's record (provenance and scenario), the first ``rows`` of each table, and its charts."""
    store = _store(request)
    record, result = open_run(store, run_id)
    tables = store.tables(record["run_id"])
    view, _ = stored_view(record, result)
    record = json.loads(json.dumps(record, default=str))
    documents = tables.pop("documents", None)  # drawn in the view; whole in the export
    return {"run": record, "view": view, "documents": [] if documents is None else list(documents["name"]),
            "tables": {name: {"total": len(frame), **table_json(frame.head(rows).astype(
                {c: str for c in frame.columns if str(frame[c].dtype).startswith("datetime")}))}
                for name, frame in tables.items()}}


@router.delete("/{run_id}")
def delete(run_id: str, request: Request) -> dict[str, str]:
    """Remove the run and all its rows from the store (as ``detente runs delete``)."""
    return {"deleted": _store(request).delete(run_id)}


@router.get("/{run_id}/report", response_class=HTMLResponse)
def report(run_id: str, request: Request) -> HTMLResponse:
    """The stored run as a self-contained HTML report (plotly.js inside; opens offline)."""
    store = _store(request)
    record, result = open_run(store, run_id)
    _, write = stored_view(record, result)
    if write is None and record["command"] in ("war", "backtest"):
        raise ApiError(409, f"run {record['run_id']} was recorded without its result document (by an earlier "
                            f"detente, or by `detente war` until it keeps one), or by an earlier war game whose "
                            f"war: section this detente no longer reads, so it has no report; its tables remain "
                            f"(detente runs export); run it again in the web app to get one")
    if write is None:
        raise ApiError(409, f"run {record['run_id']} is a {record['command']} run, which has no report")
    return report_response(write, f"detente-{record['run_id']}.html")


@router.get("/{run_id}/export")
def export(run_id: str, request: Request, format: Literal["json", "csv", "parquet"] = "json") -> Response:
    """The run's record and tables as ``detente runs export`` writes them: one JSON file, or a zip of the
    CSV or Parquet folder."""
    store = _store(request)
    full = store.resolve(run_id)
    with tempfile.TemporaryDirectory(prefix="detente-export-") as folder:
        target = store.export(full, Path(folder) / full, format)
        if format == "json":
            return Response(target.read_bytes(), media_type="application/json",
                            headers={"Content-Disposition": f'attachment; filename="{full}.json"'})
        return Response(_zip(target, full), media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{full}-{format}.zip"'})


def _zip(folder: Path, name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{name}/{path.name}")
    return buffer.getvalue()

