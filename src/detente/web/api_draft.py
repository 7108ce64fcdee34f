"""``/api/draft``: draft a scenario from pasted or uploaded text, and save the (partly) filled draft.

The same functions as ``detente draft`` (:func:`detente.draft.draft`, the rules back-end): bad text is
a 422 with the CLI's own problem lines; saving writes the draft's YAML into the scenario folder and
answers with what still needs a value, as ``detente validate`` would list it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from ..errors import ScenarioError
from .errors import ApiError, problem_json
from .settings import scenario_path

router = APIRouter(prefix="/api/draft", tags=["draft"])


class DraftRequest(BaseModel):
    """Pasted text to draft from."""

    text: str = Field(description="The article: plain text or HTML.")
    source: str = Field(default="pasted text", min_length=1, description="Label the citations use.")
    date: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class DraftSave(BaseModel):
    """A draft document (as /api/draft returned it, numbers filled or not) to write into the scenario folder."""

    document: dict[str, Any]
    overwrite: bool = False


def _answer(article) -> dict[str, Any]:
    from ..draft import draft

    document = draft([article])
    return {"document": document, "article": {"label": article.label, "paragraphs": [
        {"number": p.number, "text": p.text} for p in article.paragraphs]}}


@router.post("")
def draft_text(body: DraftRequest) -> dict[str, Any]:
    """Draft from pasted text: the draft document and the article's paragraphs (for highlighting the quotes)."""
    from ..draft.reader import MAX_BYTES, article_from_text

    if len(body.text.encode()) > MAX_BYTES:
        raise ApiError(413, f"the text is longer than {MAX_BYTES:,} bytes; an article is at most that",
                       file=body.source)
    return _answer(article_from_text(body.text, body.source, body.date))


@router.post("/upload")
async def draft_upload(request: Request, file: UploadFile = File(...),
                       date: Optional[str] = Form(None)) -> dict[str, Any]:
    """Draft from an uploaded text or HTML file (its name labels the citations)."""
    from ..draft.reader import MAX_BYTES, _decode, article_from_text

    name = Path(file.filename or "upload").name or "upload"
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ApiError(413, f"file is larger than {MAX_BYTES:,} bytes; an article is at most that", file=name)
    return _answer(article_from_text(_decode(data, name), name, date))


@router.put("/user/{name}")
def save_draft(name: str, body: DraftSave, request: Request) -> dict[str, Any]:
    """Write the draft as YAML; answer with every number that still needs a value (or that it now validates)."""
    from .._files import write_text_atomic
    from ..draft import dump
    from ..draft.format import draft_problems, read

    if "draft" not in body.document:
        raise ApiError(422, "expected a draft document (as /api/draft returns it)", file=name)
    folder = request.app.state.settings.scenario_dir
    path = scenario_path(folder, name, suffix=".yaml" if not name.lower().endswith((".yaml", ".yml")) else None)
    if path.exists() and not body.overwrite:
        raise ApiError(409, f"{path.name} exists in the scenario folder; save under another name or overwrite it",
                       file=path.name)
    text = dump(body.document)
    problems = draft_problems(body.document, path.name)
    if not problems:
        try:
            read(text, path.name)
        except ScenarioError as exc:
            problems = exc.problems
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return {"file": path.name, "saved": str(path), "valid": not problems,
            "problems": [problem_json(p) for p in problems]}
