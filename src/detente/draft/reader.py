"""Reading an article: plain text, HTML (main text only) or standard input, split into paragraphs.

Every drafted element cites its article by label, a paragraph number (1-based, in the order the
paragraphs appear) and a verbatim quote, so the reader keeps the paragraphs exactly as they are in
the text it drafts from. HTML pages go through trafilatura's main-text extraction (Barbaresi 2021,
"Trafilatura: A Web Scraping Library and Command-Line Tool for Text Discovery and Extraction",
ACL demo track), which drops menus, footers and comments; the extracted text is then the article.

Bad input is a :class:`~detente.errors.ScenarioError` naming the file and what was expected:
an empty file, a binary file, one larger than :data:`MAX_BYTES`, text that is not English.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScenarioError

__all__ = ["Article", "Paragraph", "read_article", "article_from_text", "MAX_BYTES"]

#: An article is at most 2 MB: a long report is ~100 kB; anything bigger is not one article.
MAX_BYTES = 2_000_000

#: Common English function words; an English news text has ~40% of its words among them (Zipf's law:
#: the 50 most frequent words cover ~40% of running English text, Francis & Kucera 1982).
_ENGLISH = frozenset("""the of and to a in is that for it as was with be by on not he i this are or his from at
which but have an they you were her she there been if has their one would will all we what when who
had more its no said than also after into over about could after did do these so up out them some
""".split())


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its number (1-based) and exact text."""

    number: int
    text: str


@dataclass(frozen=True)
class Article:
    """An article to draft from, with the label its citations use."""

    label: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    date: str | None = None
    sha256: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())


def _paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Blocks separated by blank lines; a text without blank lines has one paragraph a line."""
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    kept = [b.strip() for b in blocks if b.strip()]
    return tuple(Paragraph(k + 1, b) for k, b in enumerate(kept))


def english_share(text: str) -> float:
    """Share of the text's words that are common English function words (0-1)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return 0.0
    return sum(w in _ENGLISH for w in words) / len(words)


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(p|div|article|body)[\s>]", head))


def _html_main_text(html: str, label: str) -> str:
    try:
        import trafilatura
    except ModuleNotFoundError:  # pragma: no cover - a declared dependency
        raise ScenarioError.single(label, "", "reading HTML needs trafilatura: pip install trafilatura") from None
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise ScenarioError.single(label, "", "no article text found in the HTML page")
    return text


def article_from_text(text: str, label: str, date: str | None = None) -> Article:
    """An :class:`Article` from text already in memory (HTML is reduced to its main text)."""
    if not text.strip():
        raise ScenarioError.single(label, "", "the article is empty; expected an English news text")
    if "\x00" in text:
        raise ScenarioError.single(label, "", "the article contains NUL bytes; expected a text or HTML file")
    if _looks_html(text):
        text = _html_main_text(text, label)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    share = english_share(text)
    if len(text.split()) >= 20 and share < 0.15:
        raise ScenarioError.single(label, "", f"the article does not look like English ({share:.0%} of its words "
                                   "are common English words, expected at least 15%); the rules back-end reads "
                                   "English only")
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(label=label, text=text, paragraphs=_paragraphs(text), date=date, sha256=digest)


def _decode(raw: bytes, label: str) -> str:
    if not raw.strip():
        raise ScenarioError.single(label, "", "the article is empty; expected an English news text")
    if b"\x00" in raw[:65536]:
        raise ScenarioError.single(label, "", "binary file (it contains NUL bytes); expected a text or HTML file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError.single(label, f"line {line}", f"byte 0x{raw[exc.start]:02x} is not UTF-8; expected "
                                   "a UTF-8 text or HTML file") from None


def read_article(path: str | Path, label: str | None = None, date: str | None = None) -> Article:
    """Read one article from a file, or from standard input when ``path`` is ``-``.

    Parameters
    ----------
    path
        A text or HTML file, or ``-``.
    label
        The name citations use (default: the file's name, or ``stdin``).
    date
        The article's date (YYYY-MM-DD), carried into the draft's evidence.
    """
    if str(path) == "-":
        label = label or "stdin"
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ScenarioError.single(label, "", f"more than {MAX_BYTES:,} bytes on standard input; "
                                       f"an article is at most {MAX_BYTES:,}")
        return article_from_text(_decode(raw, label), label, date)
    path = Path(path)
    label = label or path.name
    if not path.exists():
        raise ScenarioError.single(path, "", "file not found")
    if path.is_dir():
        raise ScenarioError.single(path, "", "is a directory, expected an article (text or HTML)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ScenarioError.single(path, "", f"file is {size:,} bytes; an article is at most {MAX_BYTES:,} "
                                   "(split a report into its articles)")
    return article_from_text(_decode(path.read_bytes(), str(path)), label, date)
