"""Bad input as JSON: the same :class:`~detente.errors.Problem` lines the CLI prints, never a traceback.

Every error response has the shape::

    {"detail": "first line", "problems": [{"file": ..., "where": ..., "message": ..., "text": "error: ..."}]}

``text`` is exactly the line ``detente`` writes to stderr for the same input
(without colour), so the page shows what the terminal would.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ..errors import Problem, ScenarioError
from ..store import RunNotFound, StoreBusyError

__all__ = ["ApiError", "install_handlers", "problem_json"]


class ApiError(Exception):
    """An error with an HTTP status and one message (e.g. an upload over the size limit)."""

    def __init__(self, status: int, message: str, file: str = "", where: str = ""):
        super().__init__(message)
        self.status, self.problem = status, Problem(file, where, message)


def problem_json(problem: Problem) -> dict[str, str]:
    """One problem as JSON, with the CLI's own line in ``text``."""
    text = f"error: {problem}" if problem.file else f"error: {problem.message}"
    return {"file": problem.file, "where": problem.where, "message": problem.message, "text": text}


def _response(status: int, problems: list[Problem]) -> JSONResponse:
    body = [problem_json(p) for p in problems]
    return JSONResponse({"detail": body[0]["text"], "problems": body}, status_code=status)


def _message(exc: BaseException) -> str:
    return str(exc.args[0]) if exc.args else type(exc).__name__


def install_handlers(app: FastAPI) -> None:
    """Map the library's exceptions to 4xx answers (the CLI's exit status 2 becomes 400, 404, 413, 422 or 503)."""

    @app.exception_handler(ScenarioError)
    async def _scenario(request: Request, exc: ScenarioError) -> JSONResponse:
        return _response(422, exc.problems)

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return _response(exc.status, [exc.problem])

    @app.exception_handler(RunNotFound)
    async def _not_found(request: Request, exc: RunNotFound) -> JSONResponse:
        return _response(404, [Problem("", "", str(exc))])

    @app.exception_handler(StoreBusyError)
    async def _busy(request: Request, exc: StoreBusyError) -> JSONResponse:
        return _response(503, [Problem("", "", str(exc))])

    @app.exception_handler(RequestValidationError)
    async def _request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [Problem("request", ".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        return _response(422, problems or [Problem("request", "", "invalid request")])

    for kind in (ValueError, KeyError, TypeError, FileExistsError):
        app.add_exception_handler(kind, _bad_input)


async def _bad_input(request: Request, exc: Exception) -> JSONResponse:
    return _response(400, [Problem("", "", _message(exc))])
