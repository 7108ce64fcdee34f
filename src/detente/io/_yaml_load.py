"""YAML to plain data, as ``yaml.safe_load`` reads it, but safe on hostile and large files.

``yaml.safe_load`` composes the whole document into a tree of nodes and then
builds the data recursively. On a 49 MB scenario that took 89 s and 3.1 GB
even with the C parser (benchmarks/RESULTS.md, "Validating large files"), a
few thousand nested ``[`` raise ``RecursionError``, and a key repeated in one
mapping silently keeps the last value.

:func:`load` instead reads the parser's events one at a time (libyaml's
``CParser`` when PyYAML has it, the pure-Python parser otherwise) and builds
the data with an explicit stack, so that

- nesting deeper than :data:`MAX_DEPTH` is an error naming its line, never a
  ``RecursionError``;
- a document of more than :data:`MAX_VALUES` values (aliases counted as the
  size of what they repeat, so an "exponential entity" file is caught too) is
  an error as soon as the count passes it, before the rest is read;
- a key repeated in one mapping is an error naming both lines.

Scalars are resolved and built exactly as PyYAML's ``SafeLoader`` does
(its resolver and constructor functions are called), so the data equal
``yaml.safe_load``'s for every file both accept (tested on every shipped
file). Merge keys (``<<``) are honoured; explicit tags on collections other
than ``!!map``/``!!seq`` are refused.
"""

from __future__ import annotations

import gc
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

__all__ = ["load", "YamlProblem", "MAX_DEPTH", "MAX_VALUES"]

#: Deepest nesting of mappings and sequences (a scenario needs 5).
MAX_DEPTH = 64
#: Most values (scalars, mappings and sequences) in one document: about 10 per position, so
#: :data:`detente.scenario.MAX_RECORDS` positions fit with room for evidence.
MAX_VALUES = 1_500_000

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_NO_KEY = object()  # a mapping waiting for its next key
_MERGE_KEY = object()  # the merge key <<, whose value is merged at the end of the mapping


class YamlProblem(ValueError):
    """What is wrong and the 1-based line it is on (0 when unknown)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class _Collection:
    """A mapping or sequence being built, with what the events inside it still need."""

    __slots__ = ("value", "anchor", "key", "key_line", "lines", "merges", "start", "is_map")

    def __init__(self, value: Any, anchor: str | None, start: int, count_at: int):
        self.value, self.anchor, self.is_map = value, anchor, isinstance(value, dict)
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.lines: dict[Any, int] = {}
        self.merges: list[Any] = []
        self.start = count_at



class _Builder:
    def __init__(self) -> None:
        resolver = yaml.resolver.Resolver()
        self.implicit = {first: tuple(found) + tuple(resolver.yaml_implicit_resolvers.get(None, ()))
                         for first, found in resolver.yaml_implicit_resolvers.items() if first is not None}
        self.constructor = yaml.constructor.SafeConstructor()
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Collection] = []
        self.count = 0

    # ---------------------------------------------------------------- values
    def scalar(self, event: ScalarEvent, line: int) -> Any:
        """The scalar's value as SafeLoader builds it (the merge key ``<<`` as :data:`_MERGE_KEY`)."""
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value  # quoted: a string
            tag = self._implicit_tag(value)
        if tag == _STR:
            return value
        if tag == _FLOAT and "_" not in value and ":" not in value:
            try:  # the common case, faster than the constructor (which also reads .inf, 1_000.5, 1:30.5)
                return float(value)
            except ValueError:
                pass
        elif tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)  # (a leading 0 is octal in YAML 1.1: left to the constructor)
        if tag == _MERGE:
            return _MERGE_KEY
        build = self.constructor.yaml_constructors.get(tag)
        if build is None or tag in (_MAP, _SEQ):
            raise YamlProblem(line, f"unknown tag {event.tag!r} (detente reads plain YAML data)")
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return build(self.constructor, node)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            raise YamlProblem(line, f"cannot read {value!r} as {tag.rsplit(':', 1)[-1]}: "
                                    f"{getattr(exc, 'problem', None) or exc}") from None

    def _implicit_tag(self, value: str) -> str:
        """The tag PyYAML's resolver gives a plain scalar (its regular expressions, by first character)."""
        for tag, regexp in self.implicit.get(value[:1], ()):
            if regexp.match(value):
                return tag
        return _STR

    def count_values(self, n: int, line: int) -> None:
        self.count += n
        if self.count > MAX_VALUES:
            raise YamlProblem(line, f"more than {MAX_VALUES:,} values (aliases counted as what they repeat); "
                                    "detente reads scenarios far smaller than this")

    def add(self, value: Any, line: int) -> None:
        """Put a finished value into the collection being built (or return it as the document)."""
        if not self.stack:
            self.document = value
            return
        top = self.stack[-1]
        if not top.is_map:
            top.value.append(value)
        elif top.key is _NO_KEY:
            self._key(top, value, line)
        else:
            if top.key is _MERGE_KEY:
                top.merges.append((value, line))
            else:
                top.value[top.key] = value
            top.key = _NO_KEY

    def _key(self, top: _Collection, key: Any, line: int) -> None:
        if key is _MERGE_KEY:
            top.key = _MERGE_KEY
            return
        try:
            first = top.lines.get(key)
        except TypeError:
            raise YamlProblem(line, f"a mapping key must be a plain value, got a {type(key).__name__}") from None
        if first is not None:
            raise YamlProblem(line, f"key {key!r} appears twice in one mapping, on line {first} and on line "
                                    f"{line}; the first value would be lost")
        top.lines[key] = line
        top.key, top.key_line = key, line

    def open(self, event, value: Any, line: int) -> None:
        if event.tag not in (None, "!", _MAP, _SEQ):
            raise YamlProblem(line, f"unknown tag {event.tag!r} (detente reads plain YAML data)")
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep; a scenario needs 5")
        self.count_values(1, line)
        self.stack.append(_Collection(value, event.anchor, line, self.count))

    def close(self) -> None:
        done = self.stack.pop()
        if done.is_map and done.merges:
            _merge_into(done.value, done.merges)
        if done.anchor is not None:
            self.anchors[done.anchor] = (done.value, self.count - done.start + 1)
        self.add(done.value, done.start)



def _merge_into(mapping: dict, merges: list[tuple[Any, int]]) -> None:
    """``<<: *base`` or ``<<: [*a, *b]``: keys not given in the mapping itself come from the merged ones."""
    for value, line in merges:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise YamlProblem(line, "a merge key (<<) needs a mapping or a list of mappings")
            for key, item in source.items():
                mapping.setdefault(key, item)


def load(text: str) -> Any:
    """The single YAML document in ``text`` as plain data (None for an empty one).

    Raises
    ------
    YamlProblem
        Nesting, size, a repeated key, a tag or a value that cannot be built.
    yaml.YAMLError
        Syntax errors from the parser, with their marks.
    """
    parser = _Parser(text)
    builder = _Builder()
    builder.document = None
    documents = 0
    collecting = gc.isenabled()
    gc.disable()  # millions of new containers, none cyclic: the collector's passes over them cost half the time
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            mark = event.start_mark
            line = mark.line + 1 if mark is not None else 0
            if kind is ScalarEvent:
                builder.count_values(1, line)
                value = builder.scalar(event, line)
                if event.anchor is not None:
                    builder.anchors[event.anchor] = (value, 1)
                builder.add(value, line)
            elif kind is MappingStartEvent:
                builder.open(event, {}, line)
            elif kind is SequenceStartEvent:
                builder.open(event, [], line)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                builder.close()
            elif kind is AliasEvent:
                if event.anchor not in builder.anchors:
                    raise YamlProblem(line, f"alias *{event.anchor} refers to no anchor defined before it")
                value, size = builder.anchors[event.anchor]
                builder.count_values(size, line)
                builder.add(value, line)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(line, "expected a single YAML document, found a second one")
            elif kind is StreamEndEvent:
                return builder.document
    finally:
        parser.dispose()
        if collecting:
            gc.enable()
