"""Drafting a 1,000-word article with the rules back-end (issue 16: under 2 s).

    python benchmarks/bench_draft.py [--repeat 5]

The article is the seed (907 words) followed by the first paragraphs of the Gaza fixture, cut at
exactly 1,000 words. Measured: (1) the first draft in a fresh process, imports and the gazetteer's
one compiled pattern (pycountry's 249 states) included, as `detente draft` pays it; (2) the median
of the next drafts (warm). Printed only; the suite makes no timing assertion.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "draft"


def thousand_words() -> str:
    words = (FIXTURES / "istanbul-2025.txt").read_text().split("\n")
    words += (FIXTURES / "gaza-2025.txt").read_text().split("\n")
    out, n = [], 0
    for line in words:
        k = len(line.split())
        if n + k > 1000:
            out.append(" ".join(line.split()[: 1000 - n]))
            break
        out.append(line)
        n += k
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = thousand_words()
    t = time.perf_counter()
    from detente.draft import draft
    from detente.draft.reader import article_from_text

    article = article_from_text(text, "bench")
    draft([article])
    cold = time.perf_counter() - t
    warm = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        draft([article_from_text(text, "bench")])
        warm.append(time.perf_counter() - t)
    print(f"draft, rules back-end, {article.words} words: first {cold:.3f} s (imports and gazetteer included), "
          f"then median {statistics.median(warm) * 1000:.1f} ms over {args.repeat}")


if __name__ == "__main__":
    main()
