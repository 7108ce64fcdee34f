"""Write the results of ``detente war-history`` into docs/explanation/war-history.md (run after changing the analysis).

The block between the ``war-history:results`` markers is checked by
tests/analysis/war/test_war_history.py; the block between the
``war-history:seeds`` markers (ten seeds, about 20 s) is written here only.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "explanation" / "war-history.md"
SEEDS = range(1, 11)
KEYS = ("duration_ks_pvalue", "duration_log_score", "geometric_log_score", "mixture_log_score",
        "mixture_ks_pvalue", "temporal_model_ks_pvalue", "temporal_mixture_ks_pvalue", "brier_model",
        "brier_base_rate", "brier_difference_low", "brier_difference_high")


def replace_block(text: str, name: str, block: str) -> str:
    pattern = re.compile(rf"(<!-- war-history:{name}:begin -->\n).*?(<!-- war-history:{name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"{TARGET}: no war-history:{name} markers")
    return pattern.sub(lambda m: m.group(1) + block.rstrip("\n") + "\n" + m.group(2), text)


def seeds_block() -> str:
    from detente.analysis.war.history import war_history

    runs = [war_history(seed=s).summary for s in SEEDS]
    lines = [f"Over seeds {SEEDS.start}-{SEEDS.stop - 1} (the folds, the PIT draws and the bootstrap change):", "",
             "| quantity | lowest | highest |", "|---|---|---|"]
    lines += [f"| {k} | {min(r[k] for r in runs):.4f} | {max(r[k] for r in runs):.4f} |" for k in KEYS]
    return "\n".join(lines)


def main() -> None:
    from detente.analysis.war.history import DEFAULT_SEED, war_history
    from detente.report.war_history import markdown_results

    text = TARGET.read_text()
    text = replace_block(text, "results", markdown_results(war_history(seed=DEFAULT_SEED)))
    text = replace_block(text, "seeds", seeds_block())
    TARGET.write_text(text)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
