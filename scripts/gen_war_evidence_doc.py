"""Write docs/explanation/war-evidence.md: the war model against the evidence (issue 13), every number generated.

Run ``.venv/bin/python scripts/gen_war_evidence_doc.py`` after changing the front record, the calibration,
the shipped war scenarios or the game (about two minutes: the game's durations against COW solve 60 games).
tests/analysis/war/test_war_evidence_doc.py checks the cheap parts (the record's figures, the calibration, the
aftermath, the sourcing counts) against what the modules give today.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "explanation" / "war-evidence.md"
NODE_2025 = date(2025, 5, 16)


def _km2(x: float | None) -> str:
    return "" if x is None else f"{x:+,.0f}"


def calibration_lines() -> list[str]:
    from detente.analysis.war import calibration as cal

    w = cal.observed_window(NODE_2025)
    low, high = cal.feasible_steps(w.mean, w.sd)
    a, r = cal.walk_probabilities(w.mean, w.sd, 400.0)
    held = cal.claimed_oblasts_at(NODE_2025)
    lines = ["| quantity | value |", "|---|---|",
             f"| window (12 complete months before 16 May 2025) | {w.months[0]} .. {w.months[-1]} |",
             f"| mean monthly net change (+ = Russian gain) | {w.mean:.1f} km2 |",
             f"| standard deviation (n - 1) | {w.sd:.1f} km2 |",
             f"| feasible steps D of the lazy walk | {low:.1f} .. {high:.1f} km2 |",
             f"| at D = 400 km2: advance a, retreat r | {a:.6f}, {r:.6f} |",
             f"| Russia's holding in the four claimed oblasts on {held['date']} | {held['held_km2']:,.1f} of "
             f"{held['stake_km2']:,.1f} km2 ({held['share']:.3f}) |"]
    return lines


def support_lines() -> list[str]:
    from detente.analysis.war import calibration as cal

    lines = ["| US support level | months (2023-01 .. 2025-04) | n | mean km2 | sd km2 |", "|---|---|---|---|---|"]
    for level, e in sorted(cal.by_support_level(NODE_2025).items()):
        span = f"{e['months'][0]} .. {e['months'][-1]}" if level != "maintain" else "2023, 2024-05 .. 2025-04"
        lines.append(f"| {level} | {span} | {e['n']} | {e['mean_km2']:.1f} | {e['sd_km2']:.1f} |")
    lines += ["", "| months | level | why | sources |", "|---|---|---|---|"]
    lines += [f"| {p.first} .. {p.last} | {p.level} | {p.why} | {'; '.join(p.sources)} |" for p in cal.SUPPORT_PERIODS]
    return lines


def aftermath_lines() -> list[str]:
    from detente.analysis.war.aftermath import observed_change
    from detente.analysis.war.track_record import CASES

    lines = ["| node | months | from | to | change km2 | note |", "|---|---|---|---|---|---|"]
    for case in CASES:
        if not case.front_record:
            continue
        for k in (6, 12):
            seen = observed_change(case.node, k)
            if seen is not None:
                lines.append(f"| {case.scenario} | {k} | {seen.from_date} | {seen.to_date} | "
                             f"{_km2(seen.change_km2)} | {seen.note} |")
    return lines


def sourcing_lines() -> list[str]:
    import detente
    from detente.analysis.war import sourcing

    lines = ["| scenario | numbers | sourced | fitted | definition | assumption (ranged) | bare |", "|---|---|---|---|---|---|---|"]
    for name in sorted(detente.examples()):
        sc = detente.load(detente.example(name))
        if sc.war is None:
            continue
        s = sourcing.summary(sc)
        lines.append(f"| {name} | {s['total']} | {s['sourced']} | {s['fitted']} | {s['definition']} | "
                     f"{s['assumption']} ({s['ranged_assumptions']}) | {s['bare']} |")
    return lines


def sanctions_lines() -> list[str]:
    """The sanctions levers of the shipped war scenarios: cost to A and to the sender a month, each with its range."""
    import detente

    def num(n) -> str:
        d = n.distribution
        return f"{n.value:g}" + ("" if d is None else f" [{d.low:g}, {d.high:g}]")

    lines = ["| scenario | lever | by | cost to A a month [range] | sender's cost a month [range] | as of |",
             "|---|---|---|---|---|---|"]
    for name in sorted(detente.examples()):
        war = detente.load(detente.example(name)).war
        if war is None:
            continue
        numbers = war.numbers()
        for lever in sorted(war.sanctions):
            a, s = numbers[f"sanctions.{lever}.cost_a"], numbers[f"sanctions.{lever}.sender_cost"]
            lines.append(f"| {name} | {lever} | {war.sanctions[lever].by} | {num(a)} | {num(s)} | {a.date or ''} |")
    return lines


def track_lines() -> list[str]:
    import detente
    from detente.analysis.war import track_record as tr

    forecasts = {c.scenario: tr.model_forecast(detente.load(detente.example(c.scenario))) for c in tr.CASES}
    lines = ["| node | war's age (months) | model P(settled <= 12) | COW baseline P(ended <= 12) | settled <= 12 | "
             "Brier model / baseline |", "|---|---|---|---|---|---|"]
    fronts = ["| node | months | model change km2 [90% band] | observed km2 | inside |", "|---|---|---|---|---|"]
    for row in tr.track_record(forecasts):
        lines.append(f"| {row['scenario']} ({row['node']}) | {row['war_age_months']} | {row['model_p_settled_12']:.2f} | "
                     f"{row['baseline_p_ended_12']:.2f} ({row['baseline_wars']} wars) | "
                     f"{'yes' if row['settled_within_12'] else 'no'} | {row['model']['brier']:.2f} / "
                     f"{row['baseline']['brier']:.2f} |")
        for f in row.get("front", []):
            fronts.append(f"| {row['scenario']} | {f['months']} | {_km2(f['value'])} [{_km2(f['low'])}, "
                          f"{_km2(f['high'])}] | {_km2(f['observed_km2'])} | {'yes' if f['inside'] else 'no'} |")
        if row["scenario"] == "kaesong_1951":
            f6 = forecasts["kaesong_1951"]["front"][6]
            fronts.append(f"| kaesong_1951 | 6 | {_km2(f6['value'])} [{_km2(f6['low'])}, {_km2(f6['high'])}] | "
                          "no area record | |")
    return lines + [""] + fronts


def strategic_lines() -> list[str]:
    from detente.analysis.war.strategic import strategic_check

    s = strategic_check()
    return ["| duration model | log score (5-fold) | KS p (PIT) | log score (fitted before 1914, scored after) |",
            "|---|---|---|---|",
            f"| the war game (rate {s['rate']}, cost {s['cost']}, {s['states']} states) | {s['game_log_score']:.3f} | "
            f"{s['game_ks_pvalue']:.2g} | {s['temporal_game_log_score']:.3f} |",
            f"| hazard only (geometric) | {s['geometric_log_score']:.3f} | {s['geometric_ks_pvalue']:.2g} | "
            f"{s['temporal_geometric_log_score']:.3f} |",
            f"| two kinds of war | {s['mixture_log_score']:.3f} | {s['mixture_ks_pvalue']:.2g} | "
            f"{s['temporal_mixture_log_score']:.3f} |",
            "", f"The fitted game gives a war aged 39 months a probability of {s['p_end_within_12_at_39']:.3f} of ending "
            "within 12 more months; the two kinds of war give 0.315 (O16)."]


def render(parts: dict[str, list[str]]) -> str:
    text = (ROOT / "scripts" / "war_evidence_template.md").read_text()
    for name, lines in parts.items():
        text = text.replace("{{" + name + "}}", "\n".join(lines))
    return text


def main() -> None:
    parts = {"calibration": calibration_lines(), "support": support_lines(), "aftermath": aftermath_lines(),
             "sourcing": sourcing_lines(), "sanctions": sanctions_lines(), "track": track_lines(),
             "strategic": strategic_lines()}
    TARGET.write_text(render(parts))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
