"""``/api/models``, ``/api/formats``, ``/api/jobs``: what can run, and runs in the background with progress and cancel."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import __version__
from .. import io as dio
from .. import models as registry
from .errors import ApiError
from .schemas import RunRequest
from .tasks import prepare

router = APIRouter(prefix="/api", tags=["runs"])


@router.get("/health")
def health() -> dict[str, str]:
    """``{"status": "ok", "version": ...}``: the server is up."""
    return {"status": "ok", "version": __version__}


@router.get("/models")
def list_models() -> list[dict[str, Any]]:
    """The registered models (as ``detente models``), with their parameters and the variants a run request's
    ``variant`` may name (empty for a model without a ``variant`` parameter)."""
    return [{"name": name, "summary": cls.summary, "source": cls.source, "iterative": bool(cls.iterative),
             "stochastic": bool(cls.stochastic), "params": list(cls.params), "variants": list(cls.variants)}
            for name, cls in registry.available().items()]


@router.get("/formats")
def list_formats() -> list[dict[str, Any]]:
    """The file formats detente reads and writes (as ``detente formats``)."""
    return [{"name": f.name, "description": f.description, "suffixes": list(f.suffixes), "writes": f.write is not None}
            for f in dio.formats().values()]


@router.post("/jobs", status_code=202)
def start(body: RunRequest, request: Request) -> dict[str, Any]:
    """Check the request, then run it in a worker; poll ``GET /api/jobs/{id}`` for progress and the result.

    Bad input (an invalid scenario, an unknown model, a bad shock) is answered
    at once with the problems; the run itself is recorded in the run store.
    """
    total, work = prepare(body)  # the scenario is validated here, once, for the whole run
    state = request.app.state
    store = state.store() if body.store else None
    job = state.jobs.submit(body.kind, total, lambda progress: work(store, progress))
    return job.to_json(with_result=False)


@router.get("/jobs")
def list_jobs(request: Request) -> list[dict[str, Any]]:
    """The jobs this server has run or is running, newest first (without their results)."""
    return [job.to_json(with_result=False) for job in request.app.state.jobs.list()]


def _job(request: Request, job_id: str):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise ApiError(404, f"no job {job_id!r} (jobs are kept in memory while the server runs)")
    return job


@router.get("/jobs/{job_id}")
def status(job_id: str, request: Request) -> dict[str, Any]:
    """The job's status (``queued``, ``running``, ``done``, ``failed``, ``cancelled``), progress, and result or problems."""
    return _job(request, job_id).to_json()


@router.post("/jobs/{job_id}/cancel")
def cancel(job_id: str, request: Request) -> dict[str, Any]:
    """Ask the job to stop; it stops at its next progress step (finished chunks stay in the store)."""
    job = _job(request, job_id)
    job.cancel()
    return job.to_json(with_result=False)


@router.get("/jobs/{job_id}/report", response_class=HTMLResponse)
def report(job_id: str, request: Request) -> HTMLResponse:
    """The finished job's self-contained HTML report: the same file the CLI's ``--html`` writes."""
    job = _job(request, job_id)
    if job.status != "done" or job.report is None:
        raise ApiError(409, f"job {job_id} is {job.status}; a report needs a finished run")
    return report_response(job.report, f"detente-{job.kind}-{job.id}.html")


def report_response(write, filename: str) -> HTMLResponse:
    with tempfile.TemporaryDirectory(prefix="detente-report-") as folder:
        path = write(Path(folder) / "report.html")
        text = Path(path).read_text(encoding="utf-8")
    return HTMLResponse(text, headers={"Content-Disposition": f'inline; filename="{filename}"'})
