"""Drafting a scenario from articles: ``detente draft``.

Two back-ends behind one interface, ``extract(articles) -> Extraction``:

rules
    Offline and deterministic (:mod:`.rules`): sentences, a gazetteer, patterns per element kind.
llm
    Any OpenAI-compatible chat endpoint (:mod:`.llm`); every claim whose quote is not verbatim in the
    article is dropped and reported.

Either way the result is a draft document (:func:`.build.build_document`): a scenario whose unknown
numbers are ``value: null``, evidence (article, paragraph, quote) for every element, a ``war:``
section in the war model's schema, and the ``war_draft`` record it was built from. :func:`draft` is
the Python entry; :func:`dump` writes YAML or JSON.

Modules
-------
reader     articles (text, HTML via trafilatura, stdin), paragraphs, bad-input checks
text       sentences, quantities, dates
gazetteer  states (pycountry), organisations, seats of government, office holders
patterns   one pattern function per element kind
rules      the rules back-end
elements   the extracted elements (pydantic)
war_draft  the ``war_draft`` record: what the text says about the war, element by element (pydantic)
war_section  ``war_draft`` -> the ``war:`` section (the war model's schema), every number unfilled
build      extraction -> draft document, the unfilled numbers
format     reading a draft back (``detente validate``), registered as the ``draft`` format
merge      several analysts' scenarios -> one, disagreement as distributions
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["draft", "dump", "BACKENDS"]

BACKENDS = ("rules", "llm")


def draft(articles, backend: str = "rules", **options) -> dict[str, Any]:
    """The draft document for ``articles`` (a list of :class:`~detente.draft.reader.Article`).

    Raises
    ------
    detente.errors.ScenarioError
        When the articles name no actor (nothing to draft).
    """
    from ..errors import ScenarioError
    from .build import build_document

    dropped: list[dict] = []
    if backend == "rules":
        from .rules import extract

        ex = extract(articles)
    elif backend == "llm":
        from .llm import extract as llm_extract

        ex, dropped = llm_extract(articles, **options)
    else:
        raise ValueError(f"unknown back-end {backend!r}; known: {', '.join(BACKENDS)}")
    if not ex.actors:
        raise ScenarioError.single(", ".join(a.label for a in articles), "",
                                   "the text names no state or organisation (no actors); expected a news text "
                                   "about a negotiation")
    if not ex.issues:
        raise ScenarioError.single(", ".join(a.label for a in articles), "",
                                   "the text names no issue under negotiation (ceasefire, territory, sanctions, ...)")
    return build_document(ex, articles, backend=backend, dropped=dropped)


def dump(document: dict[str, Any], fmt: str = "yaml") -> str:
    """The document as YAML (without the ``unfilled`` list, which ``detente validate`` recomputes) or JSON."""
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def mapping(dumper, data):
        flow = len(data) <= 4 and all(isinstance(v, (int, float, type(None))) or isinstance(v, str) and len(v) < 30
                                      for v in data.values())
        return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)

    Dumper.add_representer(dict, mapping)
    body = {k: v for k, v in document.items() if k != "unfilled"}
    return yaml.dump(body, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110)
