"""Sentences, numbers and dates in an article's paragraphs.

The sentence splitter is the usual rule-based one (a full stop, question or exclamation mark, an
optional closing quote, white space, then a capital or an opening quote), with the abbreviations of
news English (``U.S.``, ``Mr.``, ``Gen.``, month abbreviations, initials) protected; cf. Kiss &
Strunk (2006), "Unsupervised Multilingual Sentence Boundary Detection", whose abbreviation problem
this list answers for the titles and places that negotiation news uses. Each sentence keeps the
paragraph it came from and is an exact substring of it, so quotes stay verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .reader import Article

__all__ = ["Sentence", "sentences", "quantities", "dates", "number_word"]

_ABBREV = ("U.S", "U.K", "U.N", "E.U", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Col", "Sen", "Rep", "Gov",
           "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs",
           "e.g", "i.e", "a.m", "p.m", "Inc", "Ltd", "Co", "Corp", "Prof", "Amb", "Adm", "Maj", "Capt")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PROTECTED = re.compile(r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREV) + r")|\b[A-Z])\.$")


@dataclass(frozen=True)
class Sentence:
    """One sentence: the article it is from, its paragraph number and exact text."""

    article: str
    paragraph: int
    text: str


def _split(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _BOUNDARY.finditer(paragraph):
        head = paragraph[start:m.start()].rstrip("\"”’)")
        if _PROTECTED.search(head):
            continue
        end = m.start() + len(m.group(0).rstrip())
        out.append(paragraph[start:end].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def sentences(article: Article) -> list[Sentence]:
    """Every sentence of the article, in order."""
    return [Sentence(article.label, p.number, s) for p in article.paragraphs for s in _split(p.text)]


_NUMBER_WORDS = {w: k for k, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
                      "dozens": None, "hundreds": None})


def number_word(token: str) -> float | None:
    """``145``, ``1,000``, ``2.5`` or a number word (``thirty``) as a number; None otherwise."""
    token = token.lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", token):
        return float(token)
    return _NUMBER_WORDS.get(token)


_QUANTITY = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(w for w in _NUMBER_WORDS if w not in
                       ("dozens", "hundreds")) + r")(?:[- ](day|week|month|year|hour))?s?\b\s*"
                       r"([a-z][a-z-]+)?", re.IGNORECASE)


def quantities(text: str) -> list[tuple[float, str, str]]:
    """``(number, unit, matched text)`` for each count in ``text``: ``145 drones`` -> (145, 'drones', ...).

    A duration written as ``30-day`` has the unit ``day``; the noun after it is not the unit.
    """
    out = []
    for m in _QUANTITY.finditer(text):
        value = number_word(m.group(1))
        if value is None:
            continue
        unit = (m.group(2) or m.group(3) or "").lower()
        out.append((value, unit, m.group(0).strip()))
    return out


_MONTHS = "January February March April May June July August September October November December".split()
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b|\b(" + "|".join(_MONTHS)
                   + r") (\d{1,2}), (\d{4})\b")


def dates(text: str) -> list[str]:
    """Full dates written out in ``text`` (``16 May 2025``, ``May 16, 2025``) as ISO strings."""
    out = []
    for m in _DATE.finditer(text):
        if m.group(1):
            day, month, year = m.group(1), m.group(2), m.group(3)
        else:
            month, day, year = m.group(4), m.group(5), m.group(6)
        out.append(f"{int(year):04d}-{_MONTHS.index(month) + 1:02d}-{int(day):02d}")
    return out
