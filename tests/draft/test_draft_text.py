"""Sentences, counts and dates (detente.draft.text); expected values read off the example sentences."""

from __future__ import annotations

from detente.draft.reader import article_from_text, english_share
from detente.draft.text import dates, quantities, sentences


def test_sentences_keep_abbreviations_and_quotes_verbatim():
    text = ("U.S. officials have spoken about possible sanctions. Gen. Smith said the talks \"do not mean a "
            "solution.\" Russia sent 145 drones on May 15. Talks began on 16 May 2025.")
    article = article_from_text(text, "a")
    got = [s.text for s in sentences(article)]
    assert got == ["U.S. officials have spoken about possible sanctions.",
                   "Gen. Smith said the talks \"do not mean a solution.\"",
                   "Russia sent 145 drones on May 15.", "Talks began on 16 May 2025."]
    assert all(s in text for s in got)


def test_counts_and_durations():
    assert (145.0, "drones") in [(v, u) for v, u, _ in quantities("the army attacked Ukraine with 145 drones")]
    assert (30.0, "day") in [(v, u) for v, u, _ in quantities("a 30-day ceasefire")]
    assert (1000.0, "prisoners") in [(v, u) for v, u, _ in quantities("a 1,000 prisoners exchange")]
    assert (4.0, "cruise") in [(v, u) for v, u, _ in quantities("four cruise missiles")]


def test_dates_written_out():
    assert dates("Talks on 16 May 2025 and again on June 2, 2025.") == ["2025-05-16", "2025-06-02"]


def test_english_share_separates_english_from_french():
    assert english_share("The talks in Istanbul were held on Friday and the delegation of Russia was led by "
                         "an aide.") > 0.3
    assert english_share("Les pourparlers ont eu lieu à Istanbul et la délégation russe était dirigée par un "
                         "conseiller.") < 0.1
