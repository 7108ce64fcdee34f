"""``detente draft``: a scenario drafted from articles, every element with its quote."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import err, error
from .options import fail
from ..errors import ScenarioError


class Backend(str, Enum):
    rules = "rules"
    llm = "llm"


class DraftFormat(str, Enum):
    yaml = "yaml"
    json = "json"


def draft(
    articles: Annotated[list[str], typer.Argument(help="Articles: text or HTML files, or - for standard input.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Draft file to write (YAML or JSON).")],
    backend: Annotated[Backend, typer.Option(help="rules (offline, deterministic) or llm (an OpenAI-compatible "
                                                  "chat endpoint).")] = Backend.rules,
    source: Annotated[Optional[str], typer.Option("--source", help="Label citations use for the (first) article "
                                                  "(default: its file name).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="The article's date, YYYY-MM-DD.")] = None,
    fmt: Annotated[Optional[DraftFormat], typer.Option("--format", help="yaml or json (default: from -o's "
                                                       "suffix).")] = None,
    llm_url: Annotated[Optional[str], typer.Option("--llm-url", help="OpenAI-compatible base URL, e.g. "
                                                   "http://127.0.0.1:8080/v1 (llm back-end).")] = None,
    llm_model: Annotated[Optional[str], typer.Option("--llm-model", help="Model name the endpoint serves.")] = None,
) -> None:
    """Draft a scenario from articles: actors, issues, moves, levers, each with a verbatim quote; numbers the text
    does not give are left 'value: null' for `detente validate` to list."""
    from ..draft import draft as make_draft
    from ..draft import dump
    from ..draft.reader import read_article
    from .._files import write_text_atomic

    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        error(f"--date {date!r}: expected YYYY-MM-DD")
        raise typer.Exit(2)
    chosen = (fmt.value if fmt else "json" if output.suffix.lower() == ".json" else "yaml")
    options = {}
    if backend is Backend.llm:
        if not llm_url or not llm_model:
            error("the llm back-end needs --llm-url and --llm-model")
            raise typer.Exit(2)
        options = {"url": llm_url, "model": llm_model}
    try:
        texts = [read_article(a, label=source if k == 0 else None, date=date) for k, a in enumerate(articles)]
        document = make_draft(texts, backend=backend.value, **options)
    except ScenarioError as exc:
        fail(exc)
    except (ValueError, OSError) as exc:
        error(exc)
        raise typer.Exit(2)
    write_text_atomic(output, dump(document, chosen))
    n = len(document["unfilled"])
    dropped = document["draft"].get("dropped", [])
    for d in dropped:
        err.print(f"dropped: {d['kind']}: {d['reason']}: {d['quote']!r}", highlight=False, soft_wrap=True)
    err.print(f"wrote {output}: {len(document['actors'])} actors, {len(document['issues'])} issues, "
              f"{len(document['war_draft'].get('moves', []))} moves, {len(document['war_draft'].get('levers', []))} "
              f"levers; {n} numbers need a value (detente validate {output} lists them)", highlight=False)
