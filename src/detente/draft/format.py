"""Reading a draft as a scenario: the ``draft`` format of :mod:`detente.io`.

A file whose first key is ``draft:`` (what ``detente draft`` writes, YAML or JSON) is read here:
its ``war_draft`` part is checked with :class:`~detente.draft.war_draft.WarDraft`, every number still
``value: null`` is a problem "needs a value" quoting the text that introduced it, and once none is
left the scenario part (without ``draft``, ``evidence``, ``war_draft``, ``unfilled``; with its
``war:`` section) is validated as any scenario. So ``detente validate draft.yaml`` exits 2 until the
draft is filled, and then every command reads it (``detente convert draft.yaml -o scenario.yaml``
writes the plain scenario).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import Problem, ScenarioError
from ..io.format import Format
from .build import DRAFT_KEYS, unfilled
from .war_draft import WarDraft
from .war_section import plain_fields

__all__ = ["FORMAT", "draft_problems", "read_draft_data"]


def sniff(text: str) -> bool:
    head = text.lstrip()[:200]
    return head.startswith("draft:") or head.startswith("{") and head[1:].lstrip().startswith('"draft"')


def read_draft_data(text: str, file: str) -> dict:
    """The draft's plain data (YAML or JSON)."""
    from ..io.yaml_format import parse  # deep nesting, repeated keys, size: errors naming the line

    data = parse(text, file)
    if not isinstance(data, dict) or "draft" not in data:
        raise ScenarioError.single(file, "", "expected a draft (a mapping whose first key is draft:)")
    return data


def draft_problems(data: dict, file: str) -> list[Problem]:
    """Every number that needs a value, and what is wrong with the war_draft part."""
    problems = [Problem(file, u["path"], f'needs a value (the text gives none; quote: "{u["quote"]}")')
                for u in unfilled(data)]
    if data.get("war_draft") is not None:
        try:
            WarDraft.model_validate(data["war_draft"])
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = "war_draft" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
                problems.append(Problem(file, where, err["msg"]))
    return problems


def _scenario_part(data: dict) -> dict[str, Any]:
    """The scenario without the draft's own keys; the ``war:`` fields the schema takes plain (a name, a count)
    but the draft left ``{value: null, source, note}`` for the analyst are read as their values
    (:func:`~detente.draft.war_section.plain_fields`)."""
    out = {k: v for k, v in data.items() if k not in DRAFT_KEYS}
    if isinstance(out.get("war"), dict):
        out["war"] = plain_fields(out["war"])
    return out


def read(text: str, file: str):
    """A filled draft as a validated scenario; a ScenarioError listing every unfilled number otherwise."""
    from ..scenario import scenario_from_dict

    data = read_draft_data(text, file)
    problems = draft_problems(data, file)
    if problems:
        raise ScenarioError(problems)
    return scenario_from_dict(_scenario_part(data), file)


FORMAT = Format(
    name="draft",
    description="a draft written by detente draft (read once every 'value: null' is filled)",
    suffixes=(),  # recognised by its first key only: other .yaml files keep going to the YAML reader
    sniff=sniff,
    read=read,
    write=None,
)
