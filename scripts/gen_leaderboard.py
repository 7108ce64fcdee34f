"""Write the DEU III leaderboard into docs/explanation/accuracy.md from the backtest's own output.

    python scripts/gen_leaderboard.py

The tables sit between ``<!-- leaderboard:<variant>:start -->`` and
``<!-- leaderboard:<variant>:end -->`` markers; everything else in the page
is prose. tests/analysis/test_leaderboard.py recomputes every figure and
fails when the page is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "explanation" / "accuracy.md"
#: The tables: name -> run_backtest options (models "all" and the stacked forecast unless said otherwise).
VARIANTS = {"equal": {"capability": "equal"}, "votes": {"capability": "votes"},
            "proposal": {"capability": "equal", "grouping": "proposal", "models": "mean,exchange,smp",
                         "stack": False}}
HEADER = ("| model | n | MAE all | MAE before 2005 | MAE from 2005 | minus the mean's, from 2005 (95% CI) "
          "| median AE | within 10 | within 20 | 80% coverage from 2005 | grouped CV | 80% coverage, grouped CV |")


def backtest(variant: str, models=None):
    """The backtest behind one table (``models`` overrides the variant's, e.g. with the page's own list)."""
    from detente.analysis.backtest import run_backtest
    from detente.datasets import reference_path
    from detente.io import deu3

    options = dict(VARIANTS[variant])
    chosen = models or options.pop("models", "all")
    options.pop("models", None)
    options.setdefault("stack", True)
    scenarios = deu3.backtest_scenarios(reference_path("deu3", "deu3.csv"), capability=options["capability"])
    return run_backtest(scenarios, chosen, split_year=2005, seed=0, **options)


def table(bt) -> str:
    """The leaderboard of one backtest, sorted by out-of-sample MAE."""
    rows = {}
    for r in bt.results():
        rows.setdefault(r["model"], {})[r["split"]] = r
    versus = {v["model"]: v for v in bt.versus()}
    lines = [HEADER, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for model, s in sorted(rows.items(), key=lambda kv: (round(kv[1]["test"]["mae"], 9), kv[0])):
        cover = s["test"].get("coverage80")
        cv = s.get("cv", {}).get("mae")
        cv_cover = s.get("cv", {}).get("coverage80")
        v = versus.get(model)
        gap = "" if v is None else "{:+.2f} [{:+.2f}, {:+.2f}]".format(
            *(round(v[k], 2) + 0.0 for k in ("difference", "low", "high")))
        lines.append(f"| `{model}` | {s['all']['n']} | {s['all']['mae']:.2f} | {s['train']['mae']:.2f} "
                     f"| {s['test']['mae']:.2f} | {gap} | {s['all']['median_ae']:.2f} | {s['all']['within10']:.0%} "
                     f"| {s['all']['within20']:.0%} | {'' if cover is None else f'{cover:.0%}'} "
                     f"| {'' if cv is None else f'{cv:.2f}'} | {'' if cv_cover is None else f'{cv_cover:.0%}'} |")
    fit = bt.fits.get("stacked")
    if fit:
        anchor = fit.get("anchor") or "mean"
        towards = (f"the best base model on the training issues, `{anchor}`, alone" if fit["shrink"] == "baseline"
                   else "zero")
        lines += ["", f"Stacked on: {', '.join(f'`{m}`' for m in fit['features'])}; weights shrunk towards "
                      f"{towards} with ridge penalty {fit['ridge']:g} (both chosen by grouped CV within the "
                      f"{fit['train_issues']} training issues); intercept {fit['coef'][0]:.2f}."]
    menu = bt.fits.get("menu")
    if menu:
        t = menu["theta"]
        lines += ["", f"Menu: anchored on `{menu['anchor']}`, "
                      f"{'held positions and their midpoints' if menu['midpoints'] else 'held positions'} "
                      f"(both chosen by grouped CV within the {menu['train_issues']} training issues); "
                      f"beta_distance {t['beta_distance']:.2f}, beta_midpoint {t['beta_midpoint']:.2f}, "
                      f"alpha {t['alpha_none']:.2f}, Laplace scale {t['laplace_scale']:.1f}; interval "
                      f"reach {menu['interval_reach']:.3f} either side of the median."]
    for f in bt.failures.to_dict("records"):
        lines.append(f"\n`{f['model']}` failed on {f['failed']} of {f['of']} issues: {f['message']}")
    return "\n".join(lines)


def render(text: str, tables: dict[str, str]) -> str:
    for cap, body in tables.items():
        pattern = re.compile(rf"(<!-- leaderboard:{cap}:start -->\n).*?(<!-- leaderboard:{cap}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{TARGET}: no leaderboard:{cap} markers")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


if __name__ == "__main__":
    tables = {variant: table(backtest(variant)) for variant in VARIANTS}
    TARGET.write_text(render(TARGET.read_text(), tables))
    print(f"wrote {TARGET}", file=sys.stderr)
