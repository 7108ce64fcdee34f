"""The war report's channel split and draw rejection (draws in which a side capitulates in month 0).

:func:`channels_frame` is the table of each actor's missed opportunity split by channel (exact Shapley values
at the nominal inputs, with the mean and 90% interval over the run's first K draws when computed:
:func:`detente.analysis.war.channels.for_json`); :func:`channels_chart` draws A's (or any actor's) split as
horizontal bars; :func:`rejection_frame` says how many draws were redrawn because a side capitulated in month 0
(:mod:`detente.analysis.war.consistency`). Each reads a fresh result or a re-opened one (``summary(actor)``,
``draws_rejected``), and returns an empty frame / None for runs stored before these existed.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

__all__ = ["channels_frame", "channels_chart", "rejection_frame", "channel_parts"]

LABELS = {"authority": "authority to commit", "signals": "beliefs and signals",
          "third_parties": "third parties' reactions", "battlefield": "the battlefield"}


def _channels(result, actor: str) -> dict | None:
    return result.summary(actor).get("channels")


def channels_frame(result) -> pd.DataFrame:
    """One row per actor and channel (remainder last): the nominal contribution and, over the first K draws,
    mean and 90% interval; then the actor's total (the rows' sum: its missed opportunity at nominal inputs)."""
    rows = []
    for actor in result.spec.moves:
        ch = _channels(result, actor)
        if not ch:
            continue
        for r in ch["rows"]:
            rows.append({"actor": actor, "channel": LABELS.get(r["channel"], r["channel"]),
                         "nominal": r["value"], f"mean ({ch['draws']} draws)": r["mean"], "low": r["low"],
                         "high": r["high"]})
        mo = ch["missed_opportunity"]
        rows.append({"actor": actor, "channel": "total (missed opportunity)", "nominal": mo["value"],
                     f"mean ({ch['draws']} draws)": mo["mean"], "low": mo["low"], "high": mo["high"]})
    return pd.DataFrame(rows)


def channels_chart(result, actor: str | None = None) -> go.Figure | None:
    """Bars of ``actor``'s (default A's) missed opportunity by channel at the nominal inputs, with the 90%
    interval over the first K draws as error bars when computed; None when the run has no channels."""
    actor = actor or result.spec.a
    ch = _channels(result, actor)
    if not ch:
        return None
    rows = ch["rows"]
    labels = [LABELS.get(r["channel"], r["channel"]) for r in rows]
    values = [r["value"] for r in rows]
    bar = go.Bar(y=labels, x=values, orientation="h",
                 marker_color=["#c0392b" if (v or 0) > 0 else "#2c7fb8" for v in values], name="nominal")
    if ch["draws"] and all(r["low"] is not None for r in rows):
        bar.error_x = {"type": "data", "symmetric": False, "array": [max(r["high"] - v, 0) for r, v in zip(rows, values)],
                       "arrayminus": [max(v - r["low"], 0) for r, v in zip(rows, values)]}
    fig = go.Figure(bar)
    total = ch["missed_opportunity"]["value"]
    span = f"; bars: 90% interval over the first {ch['draws']} draws" if ch["draws"] else ""
    fig.update_layout(title=f"{actor}'s missed opportunity ({total:.3g} at nominal inputs) by channel: "
                            f"exact Shapley values{span}",
                      xaxis_title="contribution (share of the stake)", template="plotly_white",
                      height=160 + 40 * len(rows), yaxis={"autorange": "reversed"})
    return fig


def rejection_frame(result) -> pd.DataFrame:
    """One row: draws redrawn because a side capitulated in month 0 with P >= the threshold, their share of
    the draws tried, and the draws that found no consistent redraw; empty for runs stored before."""
    rej = getattr(result, "draws_rejected", None) or {}
    if not rej:
        return pd.DataFrame()
    row = {"rule": f"P(either side capitulates in month 0) >= {rej['threshold']:g}: redrawn",
           "draws kept": rej["tried"] - rej["count"], "draws rejected": rej["count"], "rejection rate": rej["rate"],
           "unresolved (kept inconsistent)": rej["unresolved"]}
    for side, n in (rej.get("by_side") or {}).items():
        row[f"rejected: {side} capitulates"] = n
    if "p_month0" in rej:
        row["P(capitulation in month 0), kept draws: mean"] = rej["p_month0"]["value"]
    return pd.DataFrame([row])


def channel_parts(result) -> tuple[list[tuple[str, pd.DataFrame]], list[go.Figure]]:
    """The war report's tables and figure for the channels and the rejection (empty when the run has none)."""
    parts, figures = [], []
    table = channels_frame(result)
    if len(table):
        parts.append(("Which channel carries the missed opportunity (exact Shapley split; nominal inputs, "
                      "and over the run's first draws)", table))
        fig = channels_chart(result)
        if fig is not None:
            figures.append(fig)
    rej = rejection_frame(result)
    if len(rej):
        parts.append(("Draws inconsistent with the history (a side capitulates at once), redrawn", rej))
    return parts, figures
