"""The Istanbul write-up's "What carries the answer" section, phrased by the computed values.

scripts/gen_istanbul_doc.py calls :func:`section` with the Monte Carlo result and the nominal-input probes of
scripts/istanbul_facts.py. Each sentence that could go either way is chosen by the numbers it reports
(review 2 of the war answer, /work/coord/REVIEW2.md, findings 2-5 and 8): nothing here is typed but words.
"""

from __future__ import annotations

from typing import Any

ZERO = 1e-6
#: A gain "dwarfs" a cost when it is at least this many times the cost.
DWARFS = 3.0


def f(x, digits: int = 3) -> str:
    if x is None or x != x:
        return "n/a"
    return f"{x:.{digits}g}" if abs(x) >= 1e-4 else "0"


def pct(x: float) -> str:
    return f"{x:.0%}"


def observed_lines(spec, result, facts: dict[str, Any]) -> list[str]:
    """Is the observed move ever an equilibrium move? (finding 4)"""
    ru = result.summary(spec.a)
    p_draws, p_nom = ru["p_observed_optimal"] or 0.0, facts["p_observed_optimal"]
    head = (f"At the nominal inputs the observed move (*{ru['observed_move']}*) is a best response with "
            f"probability {f(p_nom)}, over the {result.draws} accepted draws with probability {f(p_draws)}; the "
            f"model's best move is *{ru['best_move']}* in {pct(ru['best_move_share'])} of the draws.")
    aud = facts.get("audience_high")
    if aud:
        head += (f" A dearer failed summit does not change this: with a leader's audience cost at its range's high "
                 f"end ({f(aud['value'])}) the observed move is a best response with probability "
                 f"{f(aud['p_observed_optimal'])} and the missed opportunity is {f(aud['missed'])}."
                 if aud["p_observed_optimal"] <= p_nom + ZERO else
                 f" With a leader's audience cost at its range's high end ({f(aud['value'])}) the observed move "
                 f"becomes a best response with probability {f(aud['p_observed_optimal'])} (missed opportunity "
                 f"{f(aud['missed'])}).")
    if p_draws <= ZERO and p_nom <= ZERO:
        return [f"**The model does not explain why Putin sent an aide.** {head} Neither of {spec.a}'s types "
                f"would make the observed move in the model's equilibrium, so the missed opportunity measures the "
                f"gap between the model's best move and the observed one: what the modelled channels would have "
                f"paid for the best move, not a mistake the model can show. Whatever kept Putin away (the op-ed "
                f"itself wonders about intelligence of an assassination plot, or blackmail) is not in the model. "
                f"The draws are conditioned on the history only through the month-0 test below; the same revealed "
                f"preference applied to the delegation itself would reject every draw.", ""]
    if p_nom <= ZERO and p_draws < 0.5:
        return [f"**At the nominal inputs the model does not explain why Putin sent an aide; over the draws it "
                f"does so with probability {f(p_draws)} only.** {head} Where the observed move is no type's best "
                f"response, the missed opportunity measures the gap between the model's best move and the observed "
                f"one: what the modelled channels would have paid for the best move, not a mistake the model can "
                f"show. Whatever kept Putin away (the op-ed itself wonders about intelligence of an assassination "
                f"plot, or blackmail) is not in the model. The draws are conditioned on the history only through "
                f"the month-0 test below, not on the delegation Russia sent.", ""]
    if p_draws < 0.5:
        return [f"**The model rarely explains the observed move.** {head} Where it is not a best response the "
                f"missed opportunity measures the gap between the model's best move and the observed one.", ""]
    return [f"**The model explains the observed move in most draws.** {head}", ""]


def _structural_row(result, name: str, actor: str) -> list[tuple[Any, float, bool]]:
    for row in result.structural or []:
        if row["choice"] == name:
            return [(v, row["missed_opportunity"][actor][i]["value"], v == row["nominal"])
                    for i, v in enumerate(row["values"])]
    return []


def size_lines(spec, result, facts: dict[str, Any]) -> list[str]:
    """What the figure's size is made of: authority, impatience, the proposer's rent, the horizon (finding 5)."""
    a, m = spec.a, facts["missed"]
    parts = [f"**What the figure's size is made of.** At the nominal inputs {a}'s missed opportunity is {f(m)}."]
    ch = result.summary(a).get("channels")
    if ch and ch["missed_opportunity"]["value"] > ZERO:
        rows = {r["channel"]: r["value"] for r in ch["rows"]}
        total = ch["missed_opportunity"]["value"]
        auth = rows.get("authority", 0.0)
        kap = facts["signals"]["authority"]
        parts.append(f"*Authority*: the channel split below puts {f(auth)} of {f(total)} ({pct(auth / total)}) on "
                     f"the delegations' authority to commit (a round binds with P {f(kap['leader'])} with a leader, "
                     f"{f(kap['aide'])} with an aide: assumptions with ranges).")
    disc = facts.get("discount") or {}
    if disc:
        (lo, m_lo), (hi, m_hi) = sorted(disc["ends"].items())
        trend = ("the figure does not shrink with patience" if m_hi >= m_lo else
                 "the more patient, the smaller the figure: most of it is the cost of waiting for a round that binds"
                 if m_hi < 0.5 * m else "the more patient, the smaller the figure: part of it is the cost of waiting "
                 "for a round that binds")
        parts.append(f"*Impatience*: with {a}'s monthly discount factor at its range's ends, {f(lo, 4)} and "
                     f"{f(hi, 4)} (nominal {f(disc['nominal'], 4)}), it is {f(m_lo)} and {f(m_hi)}: {trend}.")
    prop = _structural_row(result, "who proposes", a)
    if prop:
        n = result.structural[0]["draws"]
        nom = next(v for _, v, is_nom in prop if is_nom)
        text = ("; ".join(f"{f(v)} when {a} proposes with P {f(p)}" + (" (the scenario's)" if is_nom else "")
                          for p, v, is_nom in prop))
        low_p, low = min(((p, v) for p, v, is_nom in prop if not is_nom), key=lambda t: t[1], default=(None, nom))
        who = spec.b if low_p == 0 else spec.a
        rent = (f": with {who} always making the offer it falls to {f(low)}, so much of it is the proposer's rent "
                f"({a} gains from a round that binds sooner by the chance to make the offer in it)"
                if low < 0.5 * nom else ": who proposes moves it little" if low >= 0.9 * nom else
                f": with {who} always making the offer it falls to {f(low)}")
        parts.append(f"*The proposer's rent* (the structural choices, means over the run's first {n} draws): "
                     f"{text}{rent}.")
    hor = _structural_row(result, "horizon", a)
    if hor:
        nom = next(v for _, v, is_nom in hor if is_nom)
        moved = any(abs(v - nom) > 0.25 * abs(nom) for _, v, _ in hor)
        parts.append("*The horizon* (the same draws): " + "; ".join(f"{f(v)} at {h} months" for h, v, _ in hor)
                     + (": the truncation, a modelling choice, moves the figure too." if moved else "."))
    return [" ".join(parts), ""]


def settlement_lines(spec, result, facts: dict[str, Any]) -> list[str]:
    """P(settled within 12 months) under each counterfactual and probe, beside each other (finding 2)."""
    rows = facts["settlement"]
    base = rows[0]["settled"]
    means = {r["counterfactual"]: r["settled_12"]["value"] for r in result.counterfactual_table()
             if "settled_12" in r}
    lines = [f"| change from the observed moves | P(settled <= 12), nominal inputs | change | mean over the draws |",
             "|---|---|---|---|"]
    for r in rows:
        mean = means.get(r["name"]) if r["kind"] in ("move", "delegation") else None
        d = r["settled"] - base
        lines.append(f"| {r['label']} | {f(r['settled'])} | {'0' if abs(d) < 5e-4 else f'{d:+.3f}'} | {f(mean)} |")
    movers = [r for r in rows[1:] if abs(r["settled"] - base) > 1e-3]
    others = [r for r in movers if r["kind"] not in ("delegation", "authority")]
    still = [r["label"] for r in rows[1:] if r not in movers]
    if movers and not others:
        head = (f"**At the shipped calibration the chance of settling moves only with the delegations' authority.** "
                f"Within 12 months it is {f(base)} after the observed moves; "
                + ", ".join(f"*{r['label']}* {f(r['settled'])}" for r in movers)
                + (f"; {', '.join(still)}: within 0.001 of it. They do not move the chance of a deal (what they move, the terms among it, is in the counterfactuals' table below). "
                   f"A model of bargaining while fighting should let costs, sanctions and the battlefield move the "
                   f"chance of settling (Powell 2004; Slantchev 2003); at these inputs they do not." if still else "."))
    elif others:
        head = ("**The chance of settling moves with more than authority.** Besides the delegations, "
                + ", ".join(f"*{r['label']}* ({r['settled'] - base:+.3f})" for r in others)
                + " move it by more than 0.001.")
    else:
        head = "**Nothing on the list moves the chance of settling by more than 0.001.**"
    return [head, "", *lines, ""]


def _pooled_draws(result, draws: dict[str, Any]) -> str:
    """How often the types pool over the accepted draws, and the signals channel's mean where decomposed."""
    if "pooled" not in draws:
        return ""
    n, k = draws["draws"], draws["pooled"]
    text = f" Over the {n} accepted draws both types pool on one move in {k}"
    ch = result.summary(result.spec.a).get("channels")
    sig = next((r for r in (ch or {}).get("rows", []) if r["channel"] == "signals"), None)
    if k < n and sig is not None and ch.get("draws"):
        text += (f"; elsewhere a move can say something about the type (the channel's mean over the "
                 f"{ch['draws']} decomposed draws: {f(sig['mean'])})")
    return text + "."


def signal_lines(spec, facts: dict[str, Any], result=None, draws: dict[str, Any] | None = None) -> list[str]:
    """Is the signalling channel active, and why not (finding 3)."""
    s = facts["signals"]
    a, prior = spec.a, s["prior"]
    over = _pooled_draws(result, draws) if result is not None and draws else ""
    if s["pool"] is None:
        return [f"**{a}'s move can signal its type at the nominal inputs**: the types do not pool on one move; "
                f"B's belief after the moves ranges over {f(s['posterior_low'])} to {f(s['posterior_high'])} "
                f"(prior {f(prior)}).{over}", ""]
    pooled = [p for p, m in s["priors"].items() if m is not None]
    split = [p for p, m in s["priors"].items() if m is None]
    prior_text = ""
    if pooled:
        prior_text += f" With the prior P(stalling) set to {', '.join(f(p) for p in pooled)} they pool too."
    if split:
        prior_text += f" With the prior set to {', '.join(f(p) for p in split)} they do not."
    g_serious, g_stalling = s["gain"]
    c, kap = s["audience_cost"], s["authority"]
    ratio = min(g_serious, g_stalling) / c if c else float("inf")
    verdict = ("dwarfs" if ratio >= DWARFS else "exceeds" if ratio > 1 else "does not exceed")
    return [f"**At the nominal inputs no move signals {a}'s type: the signalling channel is inactive.** Both "
            f"types play *{s['pool']}* "
            f"at the nominal inputs, so the belief after every move stays at the prior ("
            + (f"{f(prior)}" if f(s['posterior_low']) == f(s['posterior_high']) == f(prior) else
               f"{f(prior)}; after any move between {f(s['posterior_low'])} and {f(s['posterior_high'])}")
            + f").{prior_text} Why: the leader's round "
            f"binds with P {f(kap['leader'])} against the aide's {f(kap['aide'])}; that is worth {f(g_serious)} to "
            f"the serious type and {f(g_stalling)} to the stalling type over the observed move, against a leader's "
            f"audience cost of {f(c)} on a failed summit, which both types pay alike. The authority gain {verdict} "
            f"the cost that could sort the types, so at these inputs the 'beliefs and signals' channel below is 0 "
            f"by construction, and the aide is not read as a sign of stalling.{over}", ""]


def us_lines(spec, result, facts: dict[str, Any], draws: dict[str, Any]) -> list[str]:
    """Whether the US sanctions more after an aide than after Putin attends, and the channel it holds through."""
    us = facts["us"]
    name = next((n for n in us["levers"] if n.startswith("us_")), None)
    if name is None:
        return []
    aide, lead = us["levers"][name]
    post_a, post_l = us["posterior"]
    fa, fl = us["fail"]["aide"], us["fail"]["leader"]
    holds = aide > lead + ZERO
    same = abs(post_a - post_l) <= ZERO
    fails = (f"the node's round fails with P {f(fa)} after the aide and {f(fl)} after a leader (1 minus each "
             f"delegation's authority), and the levers are chosen after a failure")
    if holds and same:
        text = (f"**The US-sanctions property holds through authority, not beliefs.** P(US secondary sanctions) is "
                f"{f(aide)} after the observed move and {f(lead)} after the same move with a leader; the belief after "
                f"both is {f(post_a)}, so the difference is not a reading of Russia's type: {fails}, so failure, "
                f"likelier after an aide, is what brings the sanctions.")
    elif holds:
        text = (f"**The US-sanctions property holds, through authority and beliefs.** P(US secondary sanctions) is "
                f"{f(aide)} after the observed move and {f(lead)} after the same move with a leader; the belief after "
                f"them is {f(post_a)} and {f(post_l)}, and {fails}.")
    elif max(aide, lead) <= ZERO:
        text = (f"**The US-sanctions property does not hold at the nominal inputs: the US never sanctions.** "
                f"P(US secondary sanctions) is {f(aide)} after the observed move and {f(lead)} after the same move "
                f"with a leader, although {fails}: after a failure, at the belief then held ({f(post_a)}), the "
                f"lever does not pay the US at any of its private costs.")
    else:
        text = (f"**The US-sanctions property does not hold at the nominal inputs.** P(US secondary sanctions) is "
                f"{f(aide)} after the observed move and {f(lead)} after the same move with a leader ({fails}).")
    freq = (draws.get("us") or {}).get(name)
    if freq:
        n = freq["holds"] + freq["ties"] + freq["reverses"]
        text += (f" Over the run's {n} accepted draws it holds in {freq['holds']}, ties in "
                 f"{freq['ties']} (equal, at 0 in {freq['zero']}) and reverses in {freq['reverses']}.")
    return [text, ""]


def section(spec, result, facts: dict[str, Any], draws: dict[str, Any]) -> list[str]:
    """The whole "What carries the answer" section."""
    return ["## What carries the answer", "",
            "Review of the answer against the model itself: each figure below is computed in the run that wrote "
            "this page (`scripts/istanbul_facts.py`: the node solved at the nominal inputs with one number or move "
            "changed; the draws where the Monte Carlo has the figure).", "",
            *observed_lines(spec, result, facts), *size_lines(spec, result, facts),
            *settlement_lines(spec, result, facts), *signal_lines(spec, facts, result, draws),
            *us_lines(spec, result, facts, draws)]
