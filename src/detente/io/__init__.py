"""Readers and writers: one module per file format, one registry.

:func:`load` decodes the file once, picks the format (``format=`` if given,
else by sniffing the content, else by the file's suffix) and hands the text
to that format's reader, which returns a validated
:class:`~detente.scenario.Scenario` or raises
:class:`~detente.errors.ScenarioError` naming the file, the row or field, and
what was expected.

Formats
-------
========  ==========================================  =====================
name      what                                        module
========  ==========================================  =====================
draft     a filled ``detente draft`` file             :mod:`detente.draft.format`
yaml      detente's own format, for people            :mod:`.yaml_format`
csv       detente's tidy CSV (one row actor x issue)  :mod:`.tidy_csv`
eum       ``actor,capability,position,salience``      :mod:`.eum_csv`
decide    Decide's ``#A/#P/#M/#D`` records            :mod:`.decide`
ktab      KTAB SMP scenario CSV                       :mod:`.ktab`
ktab-xml  KTAB SMP scenario XML                       :mod:`.ktab_xml`
deu3      DEU III dataset (one issue per row)         :mod:`.deu3`
========  ==========================================  =====================
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .._files import write_text_atomic
from ..errors import ScenarioError
from ..scenario import Scenario
from .format import Format

__all__ = ["Format", "load", "save", "formats", "get_format", "read_text"]

_MODULES = ("draft", "yaml_format", "tidy_csv", "eum_csv", "decide", "ktab", "ktab_xml", "deu3")
MAX_BYTES = 50 * 1024 * 1024


def formats() -> dict[str, Format]:
    """Every registered format, by name, in sniffing order."""
    out: dict[str, Format] = {}
    for name in _MODULES:
        try:
            module = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:  # a format module not written yet
            if exc.name and exc.name.endswith(name):
                continue
            raise
        out[module.FORMAT.name] = module.FORMAT
    return out


def get_format(name: str) -> Format:
    """The format called ``name``; ``KeyError`` listing the known ones otherwise."""
    known = formats()
    if name not in known:
        raise KeyError(f"unknown format {name!r}; known formats: {', '.join(known)}")
    return known[name]


def read_text(path: str | Path) -> str:
    """The file's text, with the problems of the file itself as a ScenarioError.

    Accepts UTF-8 (with or without a byte-order mark); line ends may be LF,
    CRLF or a bare CR.
    """
    path = Path(path)
    if not path.exists():
        raise ScenarioError.single(path, "", "file not found")
    if path.is_dir():
        raise ScenarioError.single(path, "", "is a directory, expected a scenario file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ScenarioError.single(path, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
    raw = path.read_bytes()
    if not raw.strip():
        raise ScenarioError.single(path, "", "file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError.single(
            path, f"line {line}", f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8") from None
    if "\x00" in text:
        raise ScenarioError.single(path, "", "file contains NUL bytes; expected a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _choose(path: Path, text: str, format: str | None) -> Format:
    known = formats()
    if format is not None:
        if format not in known:
            raise ScenarioError.single(path, "", f"unknown format {format!r}; known: {', '.join(known)}")
        return known[format]
    for fmt in known.values():
        if fmt.sniff(text):
            return fmt
    by_suffix = [f for f in known.values() if path.suffix.lower() in f.suffixes]
    if path.suffix.lower() in (".yaml", ".yml", ".json") and by_suffix:
        return by_suffix[0]  # its reader reports what is wrong with the content
    first = text.lstrip().split("\n", 1)[0][:120]
    hint = ""
    for sep, word in ((";", "semicolons"), ("\t", "tabs")):
        if sep in first and "," not in first:
            hint = f" (the first line is separated by {word}; detente's CSV formats use commas)"
    candidates = by_suffix or list(known.values())
    raise ScenarioError.single(
        path, "line 1", f"cannot tell the file's format from its first line {first!r}{hint}; expected one of: "
        + "; ".join(f"{f.name}: {f.description}" for f in candidates))


def load(path: str | Path, format: str | None = None, **options) -> Scenario:
    """Read a scenario file in any supported format.

    Parameters
    ----------
    path
        The file.
    format
        One of :func:`formats`; detected when ``None``.
    **options
        Passed to the format's reader (e.g. ``capability="gdp"`` for DEU III).
    """
    path = Path(path)
    text = read_text(path)
    fmt = _choose(path, text, format)
    return fmt.read(text, str(path), **options)


def save(scenario: Scenario, path: str | Path, format: str | None = None) -> Path:
    """Write ``scenario`` to ``path`` atomically (a half-written file never appears)."""
    path = Path(path)
    known = formats()
    if format is None:
        matches = [f for f in known.values() if f.write is not None and path.suffix.lower() in f.suffixes]
        if not matches:
            raise ScenarioError.single(path, "", "cannot tell the output format from the suffix; use "
                                       + ", ".join(s for f in known.values() if f.write for s in f.suffixes))
        fmt = matches[0]
    else:
        fmt = get_format(format)
        if fmt.write is None:
            raise ScenarioError.single(path, "", f"format {format!r} can be read but not written")
    return write_text_atomic(path, fmt.write(scenario))
