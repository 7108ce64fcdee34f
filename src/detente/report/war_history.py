"""The war-history report: figures of :class:`~detente.analysis.war.history.WarHistory` and the HTML page.

Written with :func:`~detente.report.html.write_report` (plotly.js embedded, opens offline).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from .._console import number
from .html import Part, figure_parts, write_report


def survival_figure(result) -> go.Figure:
    """Share of wars still being fought after t months: COW observed, the fitted model and the geometric baseline."""
    s = result.survival
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=s["months"], y=s["observed"], mode="lines", line={"shape": "hv"},
                             name=f"observed (COW, {len(result.wars)} wars)"))
    fig.add_trace(go.Scatter(x=s["months"], y=s["model"], mode="lines",
                             name=f"front {result.summary['duration_length']} steps + hazard "
                                  f"{result.summary['duration_hazard']:.3f}/month"))
    fig.add_trace(go.Scatter(x=s["months"], y=s["geometric"], mode="lines", line={"dash": "dot"},
                             name="settlement hazard only"))
    hazards = result.summary["mixture_hazards"]
    fig.add_trace(go.Scatter(x=s["months"], y=s["two_kinds_of_war"], mode="lines", line={"dash": "dash"},
                             name=f"benchmark: two kinds of war ({hazards[0]:.2f} and {hazards[1]:.3f}/month)"))
    fig.update_layout(title="War durations: share still fighting after t months", xaxis_title="months",
                      yaxis_title="share of wars", xaxis_type="log", template="plotly_white")
    return fig


def pit_figure(result, bins: int = 10) -> go.Figure:
    """Histogram of the out-of-sample PIT values; flat at 1 when the duration forecasts are calibrated."""
    counts, edges = np.histogram(result.pit, bins=bins, range=(0.0, 1.0))
    density = counts / (len(result.pit) / bins)
    fig = go.Figure(go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=density, width=1 / bins, name="PIT"))
    fig.add_hline(y=1.0, line_dash="dot", annotation_text="calibrated")
    fig.update_layout(title=f"Durations: randomised PIT out of sample (KS p = {result.summary['duration_ks_pvalue']:.4f})",
                      xaxis_title="PIT", yaxis_title="density", template="plotly_white")
    return fig


def reliability_figure(result) -> go.Figure:
    """Predicted vs observed P(initiator's side wins), per bin, with Wilson 95% intervals."""
    r = result.reliability
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"dash": "dot"}, name="perfect calibration"))
    fig.add_trace(go.Scatter(x=r["predicted"], y=r["observed"], mode="markers+text", text=[f"n={n}" for n in r["n"]],
                             textposition="top center", name="decided wars",
                             error_y={"type": "data", "symmetric": False, "array": r["high"] - r["observed"],
                                      "arrayminus": r["observed"] - r["low"]}))
    fig.update_layout(title="Who prevails: reliability out of sample", xaxis_title="predicted",
                      yaxis_title="observed", template="plotly_white", xaxis_range=[0, 1], yaxis_range=[0, 1.05])
    return fig


def crisis_figure(result) -> go.Figure:
    """Shares of ICB crises ending in agreement / reduced tension, and of actors winning, with and without a major power."""
    r = result.crisis_rates
    fig = go.Figure()
    for major, rows in r.groupby("major_power", sort=False):
        fig.add_trace(go.Bar(x=rows["outcome"], y=rows["share"], name="major power" if major else "no major power",
                             error_y={"type": "data", "symmetric": False, "array": rows["high"] - rows["share"],
                                      "arrayminus": rows["share"] - rows["low"]}))
    fig.update_layout(title="ICB: outcomes with and without a major power (Wilson 95%)", barmode="group",
                      yaxis_title="share of crises", template="plotly_white")
    return fig


def track_record_parts(rows: list[dict] | None) -> list[Part]:
    """The track record at past nodes (:func:`detente.analysis.war.track_record.track_record_table`) as a table."""
    if not rows:
        return []
    from ..analysis.war.track_record import mean_brier, track_record_frame

    b = mean_brier(rows)
    return [(f"Track record at past nodes: the war answer's forecast (nominal inputs, data up to the node) beside "
             f"what happened and the COW baseline conditioned on the war's age (mean Brier: model "
             f"{number(b['model'])}, baseline {number(b['baseline'])}, {b['cases']} cases)", track_record_frame(rows))]


SPLITS = {"cv": "5-fold cross-validation", "temporal": "fitted on wars begun before {temporal_split_year}",
          "ended": "fitted on wars ended before {end_year}, scored on the rest"}
MODELS = ("game", "geometric", "mixture")


def types_check_frames(doc: dict | None) -> list[Part]:
    """The check of the two-type war game against COW (:func:`detente.analysis.war.types_check.types_check`):
    per split, each model's out-of-sample log score and KS p-value of the PIT; then the durations conditioned
    on the war's age (held-out wars still going at each age, the share over within 12 more months, observed
    and forecast). Empty when not run."""
    import pandas as pd

    if not doc:
        return []
    rows = []
    for split, label in SPLITS.items():
        row = {"split": label.format(**{k: doc.get(k, "?") for k in ("temporal_split_year", "end_year")})}
        for m in MODELS:
            for key, name in (("log_score", "log score"), ("ks_pvalue", "KS p")):
                value = doc.get(f"{split}_{m}_{key}")
                if value is not None:
                    row[f"{m}: {name}"] = value
        if len(row) > 1:
            rows.append(row)
    parts = []
    if rows:
        parts.append(("The two-type war game against COW durations, out of sample (log score: higher is better; "
                      "KS p of the PIT against uniform), beside the hazard-only and two-kinds-of-war baselines",
                      pd.DataFrame(rows)))
    if doc.get("ages"):
        parts.append(("Durations conditioned on the war's age (held-out wars still going at each age): share over "
                      "within 12 more months, observed (Wilson 95%) and each model's forecast", pd.DataFrame(doc["ages"])))
    if doc.get("fit") and doc.get("ranges"):
        parts.append(("The two-type war game fitted on all COW wars (maximum likelihood on a grid; range: 95% profile "
                      "likelihood, read on the grid)", pd.DataFrame([{"parameter": k, "value": v, "low": doc["ranges"][k][0],
                                                                       "high": doc["ranges"][k][1]}
                                                                      for k, v in doc["fit"].items()])))
    if doc.get("icb"):
        parts.append(("ICB: outcomes forecast out of sample from major-power status, beside the base rate (Brier; "
                      "skill = 1 - Brier / the base rate's)", pd.DataFrame(doc["icb"])))
    return parts


def war_history_parts(result, track: list[dict] | None = None, types: dict | None = None) -> list[Part]:
    """The verdicts, the track record at past nodes (when given), the result's tables and every headline
    number; then the four figures."""
    import pandas as pd

    headline = pd.DataFrame([{"quantity": k, "value": v if not isinstance(v, list) else ", ".join(number(x) for x in v)}
                             for k, v in result.summary.items()])
    tables = [("Verdicts", verdicts(result)), *track_record_parts(track), *types_check_frames(types),
              *result.tables().items(),
              ("All headline numbers", headline)]
    return tables + figure_parts([survival_figure(result), pit_figure(result), reliability_figure(result),
                                  crisis_figure(result)])


def write_war_history_report(path: str | Path, result, meta: dict[str, str] | None = None,
                             parts: list[Part] | None = None) -> Path:
    """The whole report of :func:`war_history_parts`."""
    return write_report(path, "The war model checked against history (COW 1823-2003, ICB 1918-2017)",
                        parts if parts is not None else war_history_parts(result),
                        meta={"seed": str(result.seed), **(meta or {})})


def verdicts(result) -> "pd.DataFrame":
    """One row per check: what the model says, what it is compared with, and the verdict."""
    import pandas as pd

    s = result.summary
    rows = [
        ("durations, out-of-sample PIT vs uniform (KS)", f"statistic {s['duration_ks_statistic']:.3f}",
         f"p = {s['duration_ks_pvalue']:.4f}", "fits" if s["duration_ks_pvalue"] > 0.05 else "does not fit"),
        ("durations, log score per war (out of sample)", f"{s['duration_log_score']:.3f}",
         f"hazard only {s['geometric_log_score']:.3f}; two kinds of war {s['mixture_log_score']:.3f}",
         "walk adds nothing" if s["duration_log_score"] <= s["geometric_log_score"] + 0.01 else "walk helps"),
        ("durations, AIC on all wars (parameters: 2, 1, 3)", f"{s['aic_model']:.1f}",
         f"hazard only {s['aic_geometric']:.1f}; two kinds of war {s['aic_mixture']:.1f}",
         "two kinds of war best" if s["aic_mixture"] < min(s["aic_model"], s["aic_geometric"]) else "single hazard best"),
        ("two kinds of war, PIT vs uniform (KS)", f"hazards {s['mixture_hazards'][0]:.3f} "
         f"({s['mixture_weight_fast']:.0%} of wars) and {s['mixture_hazards'][1]:.3f} a month",
         f"p = {s['mixture_ks_pvalue']:.3f}", "fits" if s["mixture_ks_pvalue"] > 0.05 else "does not fit"),
        (f"durations in time: fitted on the {s['temporal_train_wars']} wars begun before "
         f"{s['temporal_split_year']}, scored on the {s['temporal_test_wars']} since",
         f"log score {s['temporal_model_log_score']:.3f}, KS p = {s['temporal_model_ks_pvalue']:.3f}",
         f"hazard only {s['temporal_geometric_log_score']:.3f}; two kinds of war "
         f"{s['temporal_mixture_log_score']:.3f} (KS p = {s['temporal_mixture_ks_pvalue']:.3f})",
         ("fits" if s["temporal_model_ks_pvalue"] > 0.05 else "does not fit") + " at the 5% level"),
        ("who prevails, Brier score (out of sample)", f"{s['brier_model']:.3f}",
         f"base rate {s['brier_base_rate']:.3f}; difference 90% [{s['brier_difference_low']:+.3f}, "
         f"{s['brier_difference_high']:+.3f}]",
         "better than the base rate" if s["brier_difference_high"] < 0 else "not clearly better"),
        ("ends by settlement before the front decides", f"{s['settlement_probability']:.3f}",
         f"COW draws {s['draw_share']:.3f} [{s['draw_share_low']:.3f}, {s['draw_share_high']:.3f}]",
         "fits" if s["settlement_fits"] else "does not fit"),
        ("ICB crises: monthly hazard of ending, with / without a major power among the actors",
         f"ratio {s['crisis_hazard_ratio']:.2f}", f"90% [{s['crisis_hazard_ratio_low']:.2f}, "
         f"{s['crisis_hazard_ratio_high']:.2f}]",
         "no detectable shift" if s["crisis_hazard_ratio_low"] <= 1 <= s["crisis_hazard_ratio_high"] else "shifted"),
    ]
    return pd.DataFrame(rows, columns=["check", "model", "reference", "verdict"])


def markdown_results(result) -> str:
    """The results block of ``docs/explanation/war-history.md`` (written by ``scripts/gen_war_history_docs.py``)."""
    s = result.summary
    lines = [f"Seed {result.seed}; {s['wars']} COW wars, {s['decided_wars']} of them decided, {s['crises']} ICB crises.",
             "", _markdown_table(verdicts(result)), ""]
    for caption, frame in result.tables().items():
        lines += [f"**{caption}**", "", _markdown_table(frame), ""]
    return "\n".join(lines)


def _markdown_table(frame) -> str:
    def cell(v):
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])
