"""Figures and the HTML report of ``detente war``: the value of each move, settlement over time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .html import Part, figure_parts, write_report

__all__ = ["counterfactual_frame", "evidence_frame", "levers_frame", "move_values", "moves_frame", "settlement_bands",
           "settlement_curves", "structural_frame", "summary_frame", "war_parts", "write_war_report"]


def move_values(result, actor: str) -> go.Figure:
    """Bars of the expected value of each of ``actor``'s moves with 90% intervals (observed move marked)."""
    rows = result.summary(actor)["moves"]
    labels = [("observed: " if r["observed"] else "") + r["move"] for r in rows]
    fig = go.Figure(go.Bar(
        y=labels, x=[r["value"] for r in rows], orientation="h",
        marker_color=["#c0392b" if r["observed"] else "#2c7fb8" for r in rows],
        error_x={"type": "data", "symmetric": False, "array": [r["high"] - r["value"] for r in rows],
                 "arrayminus": [r["value"] - r["low"] for r in rows]}))
    fig.update_layout(title=f"{actor}: expected discounted utility of each move (mean, 90% interval)",
                      xaxis_title="utility (share of the stake)", template="plotly_white",
                      height=160 + 30 * len(rows), yaxis={"autorange": "reversed"})
    return fig


def settlement_bands(result) -> dict[str, dict[str, list[float]]]:
    """Per counterfactual (observed first): P(settled within t rounds), t = 1, 2, ...: ``mean``, ``low``
    and ``high`` (5th and 95th percentiles over the draws): the result's ``bands`` (computed from a fresh run's
    draws, stored with a re-opened one)."""
    return result.bands


def settlement_curves(result) -> go.Figure:
    """P(negotiated settlement within t rounds) per counterfactual: mean with its 90% band."""
    labels = {"observed": "Observed moves"} | {cf.name: cf.label for cf in result.spec.counterfactuals}
    fig = go.Figure()
    for name, band in settlement_bands(result).items():
        x = list(range(1, len(band["mean"]) + 1))
        fig.add_trace(go.Scatter(x=x + x[::-1], y=band["high"] + band["low"][::-1], fill="toself", opacity=0.12,
                                 line={"width": 0}, showlegend=False, legendgroup=name, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=x, y=np.asarray(band["mean"]), mode="lines", name=labels[name], legendgroup=name,
                                 line={"width": 3 if name == "observed" else 2}))
    fig.update_layout(title="Probability of a negotiated settlement within t rounds (mean, 90% band)",
                      xaxis_title=f"rounds ({result.spec.round}s) after the node", yaxis_title="probability",
                      template="plotly_white", yaxis={"range": [0, 1]})
    return fig


def _own(entry) -> str:
    """The missed opportunity under the actor's own beliefs: one number, or one per A's type."""
    own = entry.get("missed_opportunity_own") or {}
    if "value" in own:
        return f"{own['value']:.3g}"
    return ", ".join(f"{t} {v['value']:.3g}" for t, v in own.items())


def summary_frame(result) -> pd.DataFrame:
    """One row per actor: observed move, best move, missed opportunity (analyst's beliefs) with its interval,
    P(> 0), P(the observed move is optimal) and the missed opportunity under the actor's own beliefs (per type
    for A); for A also its missed opportunity under the equilibria surviving the refinement with the lowest and
    the highest (mean over the draws; the answer's range over the selection rule). A run stored before these
    existed shows the first columns only."""
    rows = []
    selection = result.selection_summary()
    for actor in result.spec.moves:
        s = result.summary(actor)
        mo = s["missed_opportunity"]
        row = {"actor": actor, "observed move": s["observed_move"], "best move": s["best_move"],
               "missed": mo["value"], "low": mo["low"], "high": mo["high"], "P(>0)": mo["p_positive"]}
        if s.get("p_observed_optimal") is not None:
            row["P(observed optimal)"] = s["p_observed_optimal"]
            row["missed, own beliefs"] = _own(s)
        if selection:  # A's missed opportunity under the surviving equilibria with the lowest and the highest
            mine = actor == selection["actor"]
            row["missed, lowest equilibrium"] = selection["lowest"]["value"] if mine else None
            row["missed, highest equilibrium"] = selection["highest"]["value"] if mine else None
        rows.append(row)
    return pd.DataFrame(rows)


def _labels(result) -> tuple[str, str]:
    """The terms' and the share's column names: the game's terms are A's utility of the settlement package and
    its share the stake's area it holds at the horizon; a run stored without a refinement (the one-round game's)
    has shares of the stake instead."""
    a = result.spec.a
    if getattr(result, "refinement", None) is None:
        return f"terms ({a}'s share)", f"{a}'s expected share"
    return f"terms ({a}'s utility)", f"{a}'s share of the area at the horizon"


def counterfactual_frame(result) -> pd.DataFrame:
    """One row per counterfactual: P(settled within 6/12/24 rounds) and the expected terms (A's share)."""
    rows = []
    for row in result.counterfactual_table():
        entry = {"counterfactual": row["label"]}
        for key, value in row.items():
            if key.startswith("settled_"):
                entry[f"P(settled <= {key.split('_')[1]})"] = value["value"]
        for key, who in (("quit_a_12", result.spec.a), ("quit_b_12", result.spec.b)):
            if key in row:  # runs stored before the game let a side quit have no such column
                entry[f"P({who} quits <= 12)"] = row[key]["value"]
        terms, share = _labels(result)
        entry[terms] = row["terms"]["value"]
        entry[share] = row["share"]["value"]
        rows.append(entry)
    return pd.DataFrame(rows)


def moves_frame(result) -> pd.DataFrame:
    """One row per move of A (the first belligerent): its value, P(settled within 6/12/24 rounds), terms."""
    rows = []
    for entry in result.summary(result.spec.a)["moves"]:
        row = {"move": ("observed: " if entry["observed"] else "") + entry["move"], "value": entry["value"]}
        for key, value in entry.items():
            if key.startswith("settled_"):
                row[f"P(settled <= {key.split('_')[1]})"] = value["value"]
        if "terms" in entry:
            row[_labels(result)[0]] = entry["terms"]["value"]
        rows.append(row)
    return pd.DataFrame(rows)


def levers_frame(result) -> pd.DataFrame:
    """One row per move of each actor: P(each third-party lever is applied) after it (mean over the draws)."""
    rows = []
    for actor in result.spec.moves:
        for entry in result.summary(actor)["moves"]:
            if entry.get("levers"):
                rows.append({"actor": actor, "move": ("observed: " if entry["observed"] else "") + entry["move"],
                             **{name: v["value"] for name, v in entry["levers"].items()}})
    return pd.DataFrame(rows)


def structural_frame(result) -> pd.DataFrame:
    """One row per structural choice and value tried: each actor's missed opportunity (analyst's beliefs, mean
    over the draws tried) and A's P(observed move optimal); the scenario's value is marked."""
    rows = []
    for entry in getattr(result, "structural", None) or []:
        choice = entry["choice"]
        if entry.get("several_equilibria") is not None:  # the selection among the refinement's survivors
            choice = f"{choice} (several equilibria survive in {entry['several_equilibria']:.0%} of the draws)"
        for i, value in enumerate(entry["values"]):
            mark = ("" if value != entry["nominal"] else
                    " (the model's rule)" if entry.get("sets") == "selection" else " (scenario)")
            row = {"choice": choice, "value": f"{value}{mark}", "draws": entry["draws"]}
            row.update({f"missed: {a}": v[i]["value"] for a, v in entry["missed_opportunity"].items()})
            row[f"P(observed optimal): {result.spec.a}"] = entry["p_observed_optimal"][result.spec.a][i]
            rows.append(row)
    return pd.DataFrame(rows)


def evidence_frame(result) -> pd.DataFrame:
    """The record beside the model: the front's monthly mean and sd before the node (record, model), then the
    change of A's holding 6 and 12 months after it (the model's forecast from the node, the record)."""
    rows = []
    front = (getattr(result, "calibration", None) or {}).get("front")
    if front:
        rows.append({"check": f"front, monthly mean change {front['window'][0]}..{front['window'][1]} (km2)",
                     "model": front["model_mean_km2"], "low": None, "high": None,
                     "record": front["observed_mean_km2"], "inside": None})
        rows.append({"check": "front, monthly sd (km2)", "model": front["model_sd_km2"], "low": None, "high": None,
                     "record": front["observed_sd_km2"], "inside": None})
    for row in getattr(result, "aftermath", None) or []:
        rows.append({"check": f"change of {result.spec.a}'s holding {row['months']} months after the node (km2)",
                     "model": row["value"], "low": row["low"], "high": row["high"], "record": row["observed_km2"],
                     "inside": row["inside"]})
    return pd.DataFrame(rows)


def war_parts(result) -> list[Part]:
    """A war result, fresh or re-opened (:class:`~detente.analysis.war.result.StoredWar`): the missed opportunity
    per actor, settlement and terms per counterfactual and per move of A, the levers after each move and the
    structural choices (when the run has them: older stored runs do not); then settlement over time per
    counterfactual and the value of each actor's moves."""
    figures = [settlement_curves(result)] + [move_values(result, actor) for actor in result.spec.moves]
    parts = [("Missed opportunity per actor", summary_frame(result)),
             ("Settlement and terms per counterfactual", counterfactual_frame(result)),
             (f"Settlement and terms per move of {result.spec.a}", moves_frame(result))]
    levers = levers_frame(result)
    if len(levers):
        parts.append(("Third parties' levers after each move: P(applied)", levers))
    structural = structural_frame(result)
    if len(structural):
        parts.append(("Structural choices: missed opportunity under each", structural))
    record = evidence_frame(result)
    if len(record):
        parts.append(("The model beside the record (DeepStateMap): the front before the node, what followed", record))
    from .war_channels import channel_parts

    extra, extra_figures = channel_parts(result)
    return [*parts, *extra, *figure_parts(figures + extra_figures)]


def war_meta(result, scenario, run_id: str | None) -> dict[str, str]:
    """The header line of a war report and page: draws, seed, the scenario's content hash, the run."""
    return {"draws": f"{result.draws:,}", "seed": str(result.seed), "scenario": scenario.content_hash()[:12],
            "run": run_id or "not stored"}


def write_war_report(path: str | Path, result, scenario_name: str, meta: dict[str, str],
                     parts: list[Part] | None = None) -> Path:
    """The self-contained HTML report of :func:`war_parts` (plotly.js embedded, no CDN)."""
    return write_report(path, f"{scenario_name}: {result.spec.node or 'decision node'}",
                        parts if parts is not None else war_parts(result), meta=meta)
