"""An ASGI middleware that refuses request bodies over the upload limit before they are parsed.

It guards every request (an upload, or a scenario sent as JSON to be validated, saved or run).

A declared ``Content-Length`` over the limit is answered with 413 at once;
a body sent without one (chunked) is counted as it arrives and cut off with
the same answer when it passes the limit. Multipart framing adds a little to
the file itself, so the body may exceed the limit by :data:`SLACK` bytes;
the upload endpoint then checks the file's own size exactly.
"""

from __future__ import annotations

import json

__all__ = ["SLACK", "UploadLimit"]

SLACK = 64 * 1024


def _message(limit: int) -> bytes:
    from ..errors import Problem
    from .errors import problem_json

    problem = problem_json(Problem("", "", f"the request is larger than the upload limit of {limit:,} bytes "
                                           "(detente serve --max-upload)"))
    return json.dumps({"detail": problem["text"], "problems": [problem]}).encode()


class UploadLimit:
    """Wrap ``app``; request bodies (sent to ``paths``, or to any path) may be at most ``limit`` (+ :data:`SLACK`) bytes."""

    def __init__(self, app, limit: int, paths: tuple[str, ...] | None = None):
        self.app, self.limit, self.paths = app, limit, paths

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or (self.paths is not None and scope["path"] not in self.paths):
            return await self.app(scope, receive, send)
        cap = self.limit + SLACK
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            return await self._refuse(send)
        seen, refused = 0, False

        async def counted():
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap and not refused:
                    refused = True
                    await self._refuse(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message):
            if not refused:
                await send(message)

        await self.app(scope, counted, guarded)

    async def _refuse(self, send) -> None:
        body = _message(self.limit)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
