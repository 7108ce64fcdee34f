"""The llm back-end: any OpenAI-compatible chat endpoint (a local llama.cpp or Ollama server, or a paid one).

The endpoint is asked for the :class:`~detente.draft.elements.Extraction` JSON schema (the
``response_format`` of the OpenAI chat-completions API; servers that ignore it are still parsed).
Its answer is never trusted: each element is validated on its own (an invalid one is dropped), and
**every quote is looked up verbatim in the articles**: a quote not found is dropped, an element left
without a quote is dropped, and each drop is reported. The paragraph number is then taken from where
the quote really is, not from the model. What survives goes through the same draft building and
validation as the rules back-end's output.

An API key, if the endpoint needs one, is read from ``$DETENTE_LLM_API_KEY``.
"""

from __future__ import annotations

import json
import os
import re

from pydantic import ValidationError

from .elements import KINDS, Extraction, Quote
from .reader import Article

__all__ = ["extract", "prompt", "check_quotes"]

_SYSTEM = ("You extract facts about a negotiation from news articles into JSON that follows the given schema. "
           "Every element must carry evidence: the article label, the paragraph number (1-based) and a quote "
           "copied character for character from the article. Never invent an element, a number or a quote; "
           "leave out what the text does not state. Actors are states or organisations (map a leader to the "
           "state they speak for). Answer with the JSON object only.")


def prompt(articles: list[Article]) -> list[dict[str, str]]:
    """The chat messages: the instructions and schema, then the articles with numbered paragraphs."""
    schema = json.dumps(Extraction.model_json_schema())
    body = "\n\n".join(f"Article {a.label!r}:\n" + "\n".join(f"[{p.number}] {p.text}" for p in a.paragraphs)
                       for a in articles)
    return [{"role": "system", "content": f"{_SYSTEM}\nJSON schema: {schema}"}, {"role": "user", "content": body}]


def _where(quote: str, articles: list[Article], label: str) -> Quote | None:
    """The quote's real place (its article, preferring the one named, and paragraph), or None if not verbatim."""
    ordered = sorted(articles, key=lambda a: a.label != label)
    for a in ordered:
        for p in a.paragraphs:
            if quote and quote in p.text:
                return Quote(article=a.label, paragraph=p.number, quote=quote)
    return None


def check_quotes(data: dict, articles: list[Article]) -> tuple[Extraction, list[dict]]:
    """Keep the elements whose quotes are verbatim in the articles; report every dropped quote or element."""
    kept: dict[str, list] = {}
    dropped: list[dict] = []
    for kind, (model, _) in KINDS.items():
        kept[kind] = []
        for raw in data.get(kind) or []:
            if not isinstance(raw, dict):
                dropped.append({"kind": kind, "quote": "", "reason": "not an object"})
                continue
            quotes = []
            for q in raw.get("evidence") or []:
                text = q.get("quote", "") if isinstance(q, dict) else ""
                found = _where(text, articles, q.get("article", "") if isinstance(q, dict) else "")
                if found is None:
                    dropped.append({"kind": kind, "quote": text, "reason": "quote not found verbatim in the article"})
                else:
                    quotes.append(found.model_dump())
            if not quotes:
                continue
            try:
                kept[kind].append(model.model_validate({**raw, "evidence": quotes}))
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                dropped.append({"kind": kind, "quote": quotes[0]["quote"],
                                "reason": f"invalid element: {'.'.join(map(str, first['loc']))}: {first['msg']}"})
    return Extraction(**kept), dropped


def _content(reply: dict) -> dict:
    try:
        text = reply["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise ValueError("the endpoint's reply has no choices[0].message.content (is it OpenAI-compatible?)") from None
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the model's answer is not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(data, dict):
        raise ValueError("the model's answer is not a JSON object")
    return data


def extract(articles: list[Article], url: str, model: str, timeout: float = 120.0) -> tuple[Extraction, list[dict]]:
    """Ask the endpoint at ``url`` (its base, e.g. ``http://127.0.0.1:8080/v1``) and check its answer."""
    try:
        import httpx
    except ModuleNotFoundError:  # pragma: no cover - the llm extra
        raise ValueError("the llm back-end needs httpx: pip install 'detente[llm]'") from None
    payload = {"model": model, "messages": prompt(articles), "temperature": 0,
               "response_format": {"type": "json_schema",
                                   "json_schema": {"name": "extraction", "schema": Extraction.model_json_schema()}}}
    headers = {"Authorization": f"Bearer {os.environ['DETENTE_LLM_API_KEY']}"} if os.environ.get(
        "DETENTE_LLM_API_KEY") else {}
    endpoint = url.rstrip("/") + "/chat/completions"
    try:
        response = httpx.post(endpoint, json=payload, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise ValueError(f"cannot reach the llm endpoint {endpoint}: {exc}") from None
    if response.status_code != 200:
        raise ValueError(f"the llm endpoint {endpoint} answered {response.status_code}: {response.text[:200]}")
    try:
        reply = response.json()
    except ValueError:
        raise ValueError(f"the llm endpoint {endpoint} did not answer JSON") from None
    return check_quotes(_content(reply), articles)
