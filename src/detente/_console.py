"""Everything the command line prints goes through here: user and file text printed literally.

Scenario, actor and issue names, file names and error messages come from files
and command lines the user (or someone else) wrote. Two things must never happen
to them on the way to the terminal:

- they must not be read as console markup: rich reads ``[red]...[/red]``, so
  ``pip install 'detente[ray]'`` lost ``[ray]``, an actor ``Council [rotating]``
  lost ``[rotating]`` and a name containing ``[/]`` raised ``MarkupError``;
- their control characters must not reach the terminal raw: a name holding
  ``ESC[2J`` would clear the user's screen.

So :data:`out` and :data:`err` are consoles with markup and highlighting off
that show every control character as a visible escape (``\\x1b``) in any string
they render (printed text, table titles and cells alike); colour is added only
through :class:`rich.text.Text` built here (:func:`error`, :func:`note`,
:func:`styled`). :func:`number` is the one format of numbers in tables.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidirectional overrides and isolates
# (which can make a line read differently from what it holds, CVE-2021-42574).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: Any) -> str:
    """``text`` as a string with each control character shown as an escape (``ESC`` -> ``\\x1b``)."""
    return _CONTROL.sub(lambda m: _escape(m.group()), str(text))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class LiteralConsole(Console):
    """A rich console that prints strings as they are: no markup, no highlighting, controls escaped."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("highlight", False)
        kwargs.setdefault("emoji", False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["markup"] = False  # even if a caller asks for it: the strings printed here are data
        return super().render_str(visible(text), **kwargs)


def _console(stderr: bool) -> LiteralConsole:
    stream = sys.stderr if stderr else sys.stdout
    return LiteralConsole(stderr=stderr, width=None if stream.isatty() else 200)


out = _console(stderr=False)
err = _console(stderr=True)


def styled(text: Any, style: str) -> Text:
    """``text`` (escaped by :func:`visible`) in ``style``, e.g. ``styled("War durations", "bold")``."""
    return Text(visible(text), style=style)


def line(*parts: Any) -> Text:
    """One line from plain parts (escaped by :func:`visible`) and :class:`~rich.text.Text` parts (kept)."""
    return Text.assemble(*(p if isinstance(p, Text) else visible(p) for p in parts))


def error(message: Any) -> None:
    """``error: MESSAGE`` on stderr, the message printed literally."""
    err.print(line(styled("error", "red"), ": ", message), soft_wrap=True)


def note(message: Any) -> None:
    """``note: MESSAGE`` on stderr, for what the user should know about a run that still goes ahead."""
    err.print(line(styled("note", "yellow"), ": ", message), soft_wrap=True)


def warning(message: Any) -> None:
    """``warning: MESSAGE`` on stderr."""
    err.print(line(styled("warning", "yellow"), ": ", message), soft_wrap=True)


def write_data(text: str) -> None:
    """Machine-readable output (CSV) on stdout: exact when piped, control characters escaped on a terminal."""
    sys.stdout.write(visible(text) if sys.stdout.isatty() else text)


def number(value: Any, digits: int = 4) -> str:
    """A number as a person reads it in a table: fixed notation, ``digits`` significant digits, no exponent.

    Whole numbers print whole (``10000``, not ``1e+04``); float noise below 1e-12 prints as ``0``
    (``1.421e-14`` is a difference of equal numbers); NaN and None print blank; non-numbers print as text.
    """
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "dtype"):
        return "" if value is None else visible(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return visible(value)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if abs(x) < 1e-12:
        return "0"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = f"{x:.{min(decimals, 12)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
