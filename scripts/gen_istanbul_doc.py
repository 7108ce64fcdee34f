"""Write docs/explanation/istanbul-2025.md, "Did Putin miss an opportunity in Istanbul?", from the war game.

    .venv/bin/python scripts/gen_istanbul_doc.py [--draws 300] [--seed 2025] [--workers 2] [--save run.pkl]
    .venv/bin/python scripts/gen_istanbul_doc.py --load run.pkl   # re-render a saved run (same scenario)

Every number in the page comes from detente's war game run on the shipped scenario
(src/detente/data/scenarios/istanbul_2025.yaml): the node's perfect Bayesian equilibrium solved in each of a
Monte Carlo's draws of the scenario's uncertain numbers, the game at the nominal inputs, a Morris screening
of what drives Russia's missed opportunity, the structural choices, the channels (Shapley) that carry the answer, the aftermath beside the record, the
draws rejected as inconsistent with the history, and the break-even belief; and "What carries the answer"
(review 2 of the answer: scripts/istanbul_facts.py probes the node at the nominal inputs, one change at a
time; scripts/istanbul_disclosures.py phrases what they show). Sentences
that interpret a number are chosen by the number (e.g. whether each Russian type played a best response),
so the page says only what the model supports. tests/analysis/war/test_istanbul_doc.py checks that the
page's nominal-input numbers are the model's and that it was made from the shipped scenario as it is now.
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "explanation" / "istanbul-2025.md"
ZERO = 1e-6


def local(name: str):
    """A helper module of scripts/ (istanbul_facts, istanbul_disclosures), however this script was loaded."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def f(x, digits: int = 3) -> str:
    if x is None or x != x:
        return "n/a"
    return f"{x:.{digits}g}" if abs(x) >= 1e-4 else "0"


def nominal_lines(spec) -> list[str]:
    """Each actor's missed opportunity and best move at the nominal inputs (analyst's beliefs), then
    A's per type (own beliefs): one node solve."""
    from detente.analysis.war.missed_opportunity import alternatives, evaluate_draw, move_label, nominal_params
    from detente.analysis.war.draw import TYPES

    out = evaluate_draw(spec, nominal_params(spec))
    lines = []
    for actor in spec.moves:
        v = out["actors"][actor]["analyst"]
        best = alternatives(spec, actor)[int(v.argmax())]
        lines.append(f"| {actor} | {f(v.max() - v[0])} | {move_label(best)} |")
    own = out["actors"][spec.a]["own"]
    for k, t in enumerate(TYPES):
        best = alternatives(spec, spec.a)[int(own[:, k].argmax())]
        lines.append(f"| {spec.a}, if {t} (own beliefs) | {f(own[:, k].max() - own[0, k])} | {move_label(best)} |")
    return lines


def _table(frame, first: str) -> list[str]:
    lines = [f"| {first} | " + " | ".join(frame.columns[1:]) + " |", "|---" * len(frame.columns) + "|"]
    for row in frame.itertuples(index=False):
        lines.append(f"| {row[0]} | " + " | ".join(v if isinstance(v, str) else str(v) if isinstance(v, bool)
                                                     else f(v) for v in row[1:]) + " |")
    return lines


def _answer(spec, result) -> list[str]:
    ru = result.summary(spec.a)
    mo, own, p_opt = ru["missed_opportunity"], ru["missed_opportunity_own"], ru["p_observed_optimal"]
    beliefs = result.beliefs()
    lines = [f"**Under the analyst's beliefs about {spec.a}'s type, its missed opportunity is {f(mo['value'])} "
             f"(90% interval {f(mo['low'])} to {f(mo['high'])}); the observed move is optimal with probability "
             f"{f(p_opt)}** (over the draws and over {spec.a}'s type, weighted by the analyst's P(stalling) after "
             f"the observed moves, {f(beliefs['analyst_stalling']['value'])}). The best move is most often "
             f"*{ru['best_move']}* ({ru['best_move_share']:.0%} of the draws), against the observed "
             f"*{ru['observed_move']}*.", ""]
    lines.append(f"Under its own beliefs ({spec.a} knows its type) the missed opportunity is "
                 + "; ".join(f"{f(v['value'])} if {t} (90% interval {f(v['low'])} to {f(v['high'])})"
                             for t, v in own.items()) + ".")
    if all(v["high"] <= ZERO for v in own.values()):
        lines.append(f"Each type played a best response in every draw: in the equilibrium, {spec.a} missed "
                     f"nothing on its own terms. What the analyst's figure measures is the value of a move the "
                     f"analyst, not knowing the type, would have advised; it is not a mistake by {spec.a}.")
    elif any(v["value"] > ZERO for v in own.values()):
        worse = [t for t, v in own.items() if v["value"] > ZERO]
        share = {t: v["p_positive"] for t, v in own.items()}
        lines.append(f"The observed move is not a best response of the {' and the '.join(worse)} type in "
                     + " and ".join(f"{share[t]:.0%}" for t in worse) + f" of the draws (its own-belief miss is "
                     f"positive there): if {spec.a} was that type, it left the model's equilibrium path.")
    return lines


def _levers(spec, result) -> list[str]:
    from detente.report.war import levers_frame

    frame = levers_frame(result)
    frame = frame[frame["actor"] == spec.a].drop(columns="actor")
    if not len(frame):
        return []
    return ["## What Russia's moves did to the third parties' levers", "",
            "The US and the EU read the same signals as Ukraine, update by Bayes' rule and choose their levers "
            "by their own payoffs, each with a private cost (Harsanyi 1973's purification). Probability that each "
            f"lever is applied after each of {spec.a}'s moves (means over the draws):", "",
            *_table(frame, "move"), ""]


def _structural(result) -> list[str]:
    from detente.report.war import structural_frame

    frame = structural_frame(result)
    if not len(frame):
        return []
    n = int(frame["draws"].iloc[0])
    frame = frame.assign(choice=frame["choice"] + ": " + frame["value"]).drop(columns=["value", "draws"])
    return ["## Choices of the modeller", "",
            f"Who proposes, the horizon, the front's step, what a delegation's level can sign, the refinement and the "
            f"selection among the equilibria that survive it are choices no data fix. Each is varied alone on the "
            f"run's first {n} draws (the scenario's value marked); missed opportunities under the analyst's beliefs. "
            f"`delegation authority: equal` gives every level later rounds' authority to commit, so a delegation's "
            f"level signals only through who sends it and its audience cost. The model's selection rule "
            f"reads the equilibrium best for Russia ex ante; `lowest` and `highest` are the surviving equilibria with "
            f"Russia's lowest and highest missed opportunity, every actor's numbers read under that same "
            f"equilibrium:", "", *_table(frame, "choice"), ""]


def _record(spec, result) -> list[str]:
    from detente.report.war import evidence_frame

    frame = evidence_frame(result)
    if not len(frame):
        return []
    return ["## The model beside the record", "",
            "The front's monthly change in the year before the node (DeepStateMap's record, credit "
            "deepstatemap.live) beside the game's at the node, then the change of Russia's holding 6 and 12 months "
            "after the node: the model's forecast from the node's inputs only (mean and 90% band over the draws' "
            "equilibrium paths) beside what the record shows. `inside` says whether the record fell in the band.",
            "", *_table(frame.astype(object).where(frame.notna(), "n/a"), "check"), ""]


def _channels(spec, result) -> list[str]:
    """The channel split's table and what it supports: which channel carries most of A's missed opportunity
    at the nominal inputs, said only when one carries more than half of it."""
    from detente.report.war_channels import LABELS, channels_frame

    frame = channels_frame(result)
    ch = result.summary(spec.a).get("channels")
    if not len(frame) or not ch:
        return []
    rows = {r["channel"]: r["value"] for r in ch["rows"]}
    total = ch["missed_opportunity"]["value"]
    k = ch["draws"]
    lines = ["## Which channel carries the answer", "",
             f"Each actor's missed opportunity split exactly (Shapley values) over the four channels of the node: "
             f"each channel switched off in every order, its marginal effect averaged "
             f"([the war model](war-model.md#which-channel-carries-the-answer-shapley)). `nominal`: at the nominal "
             f"inputs (the rows add up to the total); "
             + (f"mean and 90% interval over the run's first {k} draws." if k else "no draws decomposed.") , "",
             *_table(frame.astype(object).where(frame.notna(), "n/a"), "actor"), ""]
    named = {c: v for c, v in rows.items() if c in LABELS}
    top = max(named, key=lambda c: abs(named[c])) if named else None
    if total > ZERO and top is not None and named[top] > 0.5 * total:
        lines.append(f"At the nominal inputs **{LABELS[top]}** carries {named[top] / total:.0%} of {spec.a}'s "
                     f"missed opportunity ({f(named[top])} of {f(total)}): the answer stands or falls with the "
                     f"numbers behind that channel" + (" (each delegation level's authority to commit, an "
                                                        "assumption whose range the draws cover)"
                                                        if top == "authority" else "") + ".")
    elif total > ZERO:
        lines.append(f"No single channel carries more than half of {spec.a}'s missed opportunity at the nominal "
                     f"inputs: the channels' interactions are split between them.")
    else:
        lines.append(f"At the nominal inputs {spec.a} missed nothing: the parts, if any, cancel.")
    return [*lines, ""]


def _rejected(result) -> list[str]:
    rej = getattr(result, "draws_rejected", None) or {}
    if not rej:
        return []
    text = (f"Draws in which a side capitulates in the node's own month with probability {rej['threshold']:g} or "
            f"more contradict the history (both sides fought on) and were redrawn from their own seed: "
            f"{rej['count']} of {rej['tried']} draws tried ({rej['rate']:.0%})")
    sides = {k: v for k, v in (rej.get("by_side") or {}).items() if v}
    text += (" (the side more likely to capitulate: " + ", ".join(f"{k} in {v}" for k, v in sides.items()) + ")."
             if sides else ".")
    text += (" **The accepted draws are therefore the input ranges conditioned on the history** (rejection "
             "sampling): every interval and share on this page is over them, not over the ranges as stated. The "
             "conditioning uses only the month-0 test, a weak summary of the war's 39 months; it does not apply to "
             "the delegation (see *What carries the answer*).")
    cut = _cut_ranges(result.spec)
    if cut:
        text += (f" {len(cut)} range(s) were also cut beforehand one number at a time by the same test, the others "
                 f"at their nominal values (" + ", ".join(f"`{c}`" for c in cut) + "): the cuts stay as guards "
                 "against edits, so the intervals are conditional on them as well.")
    if rej["unresolved"]:
        text += (f" {rej['unresolved']} draw(s) found no consistent redraw in {rej['max_redraws']} tries and were "
                 f"kept: the input ranges there contradict the history.")
    return ["## Draws inconsistent with the history", "", text, ""]


def _cut_ranges(spec) -> list[str]:
    """The numbers whose note says their range was narrowed by revealed preference (one at a time)."""
    return sorted(path for path, num in spec.numbers().items()
                  if num.note and "narrowed" in num.note.lower() and "revealed preference" in num.note.lower())


def _joint(spec, result) -> list[str]:
    joint = result.joint_summary()
    if not joint:
        return []
    return ["## The joint missed opportunity", "",
            f"What the war costs {spec.a} and {spec.b} together from the node against the best self-enforcing "
            f"agreement available there: **{f(joint['value'])} (90% interval {f(joint['low'])} to "
            f"{f(joint['high'])})**; such an agreement existed with probability {f(joint['p_range'])}.", ""]


def _break_even(spec, result) -> list[str]:
    be = result.break_even
    if not be:
        return []
    if be.get("hazard") is None:
        text = (f"{spec.a}'s missed opportunity (analyst's beliefs) keeps its sign whatever the monthly hazard of "
                f"the withdrawal of US support in [0, 0.5]: {f(be['missed_at_0'])} at 0, {f(be['missed_at_0.5'])} "
                f"at 0.5.")
    else:
        text = (f"{spec.a}'s missed opportunity vanishes at a monthly hazard of withdrawal of US support of "
                f"{f(be['hazard'])}, i.e. P(withdrawal within {be['rounds']} months) = {f(be['p_within'])} "
                f"(the scenario's value: {f(be['nominal'])} a month).")
    return ["## The break-even belief", "", text, ""]


def _channel_draws(result) -> int:
    ch = result.summary(result.spec.a).get("channels")
    return ch["draws"] if ch else 0


def _structural_draws(result) -> int:
    return result.structural[0]["draws"] if result.structural else 0


def _reading(spec, result) -> str:
    p = result.summary(spec.a)["p_observed_optimal"] or 0.0
    if p < 0.5:
        return ("- The missed opportunity is the gap between the model's best move and the observed one, which the "
                + ("model never makes optimal" if p <= ZERO else f"model makes optimal with probability {f(p)} only")
                + ": it is not a verdict on Russia's choice, but what the modelled channels would have paid for the "
                "best move.")
    return ("- The missed opportunity under the analyst's beliefs is not a verdict on Russia's choice: in the "
            "equilibrium each type chooses its best move, and the analyst's figure is the value of advice given "
            "without knowing the type. P(observed optimal) says how often the observed move was right.")


def _selection(result) -> list[str]:
    """A sentence on the equilibria the refinement leaves (the summary's last two columns)."""
    sel = result.selection_summary()
    if not sel:
        return []
    f = lambda d: f"{d['value']:.3g} [{d['low']:.3g}, {d['high']:.3g}]"  # noqa: E731
    return [f"D1 leaves more than one equilibrium in {sel['several_equilibria']:.0%} of the draws (up to "
            f"{sel['survivors']['high']:.0f} at the 95th percentile). The answer reads the one best for Russia ex "
            f"ante (the model's rule); under the surviving equilibrium with Russia's lowest missed opportunity it "
            f"is {f(sel['lowest'])}, under the highest {f(sel['highest'])} (the summary's last two columns give "
            f"their means). The selection among equilibria is a choice of the modeller, like the refinement.", ""]


def render(scenario, result, sensitivity, nominal: list[str], facts: dict | None = None,
           draws: dict | None = None) -> str:
    from detente import __version__
    from detente.report.war import counterfactual_frame, moves_frame, summary_frame

    spec = result.spec
    numbers = spec.numbers()
    parts = [
        "# Did Putin miss an opportunity in Istanbul?", "",
        f"*Generated by `scripts/gen_istanbul_doc.py` (detente {__version__}) from the shipped scenario "
        f"`istanbul_2025` (content hash `{scenario.content_hash()[:12]}`), {result.draws:,} Monte Carlo draws "
        f"with seed {result.seed}, refinement {result.refinement}. Do not edit by hand: rerun the script.*", "",
        "## The question", "",
        "At the Istanbul talks of 16 May 2025 Putin, who had proposed them, sent a delegation led by his aide "
        "Vladimir Medinsky while Ukraine sent its defence minister; Russia launched 145 drones on the eve; the "
        "EU demanded a 30-day ceasefire on pain of sanctions and the US weighed secondary sanctions on buyers of "
        "Russian oil. Did Russia choose badly? The [war game](war-model.md) answers with Russia's expected "
        "discounted utility of the settlement packages and war outcomes that follow each of its moves, with "
        "each Russian type (serious or stalling) choosing its moves in a perfect Bayesian equilibrium, Ukraine "
        "and the third parties responding to what the moves reveal.", "",
        "## The answer", "", *_answer(spec, result), "",
        *(local("istanbul_disclosures").section(spec, result, facts, draws or {}) if facts else []),
        "## Every actor", "",
        "Missed opportunity (best move's value minus the observed move's) under the analyst's beliefs, over the "
        "draws; P(observed optimal); and under the actor's own beliefs:", "",
        *_table(summary_frame(result), "actor"), "", *_selection(result),
        "At the nominal inputs (every number at its central value):", "",
        "| actor | missed | best move |", "|---|---|---|", *nominal, "",
        *_levers(spec, result),
        "## What each counterfactual changes", "",
        "Probability of a negotiated settlement within 6, 12 and 24 months, of either side quitting within 12, "
        "and the expected terms; means over the draws:", "",
        *_table(counterfactual_frame(result), "counterfactual"), "",
        f"The same for each of {spec.a}'s moves:", "", *_table(moves_frame(result), "move"), "",
        *_channels(spec, result), *_structural(result), *_record(spec, result), *_rejected(result),
        *_joint(spec, result),
        "## What drives the answer", ""]
    if sensitivity is None:
        parts += ["The Morris screening of the inputs was not run for this page (`--morris 0`: each of its "
                  "evaluations solves the node's equilibrium once). Run `war_sensitivity` "
                  "(`detente.analysis.war.sensitivity`) for it.", ""]
        sensitivity = []
    else:
        morris, solves = sensitivity.attrs.get("trajectories"), sensitivity.attrs.get("evaluations")
        parts += [f"Morris screening (SALib, {len(sensitivity)} factors: the uncertain numbers the game reads, the "
                  f"support levels' same-named numbers one factor each, at one quantile; {morris} trajectories, "
                  f"{solves} node solves) of {spec.a}'s missed "
                  "opportunity: the numbers whose range moves the answer most (mu*, with SALib's 95% bootstrap "
                  "half-width: a screen of a few trajectories ranks, it does not measure), with the evidence behind "
                  "them. The first war game's numbers, which no model reads, are drawn but not screened.",
                  "", "| number | range | mu* (± 95%) | evidence |", "|---|---|---|---|"]
    def mu(row) -> str:
        return f"{f(row.mu_star)} ± {f(row.mu_star_conf)}"

    for row in (sensitivity.head(6).itertuples(index=False) if len(sensitivity) else []):
        if row.factor in numbers:
            num = numbers[row.factor]
            note = (num.source or "") + (f" ({num.note})" if num.note else "")
            parts.append(f"| `{row.factor}` | {f(row.low)} to {f(row.high)} | {mu(row)} | {note} |")
        else:  # a coupled group: its levels at one quantile (war.support.coupled)
            from detente.analysis.war.sensitivity import uncertain_ranges

            ranges = uncertain_ranges(spec)
            spans = ", ".join(f"{p.split('.')[-2]} {f(ranges[p][0])} to {f(ranges[p][1])}" for p in row.members)
            sources = "; ".join(f"{p.split('.')[-2]}: {numbers[p].source}" for p in row.members)
            parts.append(f"| `{row.factor}` (the levels at one quantile) | {spans} | {mu(row)} | "
                         f"{sources} |")
    parts += ["", *_break_even(spec, result), "## Reading the answer", "",
              _reading(spec, result),
              "- Numbers marked as assumptions in the scenario carry ranges; the interval above is the spread over "
              "those ranges (a sensitivity band), not a forecast's uncertainty.",
              "- The game's departures from the literature are listed in [the war model](war-model.md).",
              *([f"- This page was made from {result.draws} draws (the structural choices from "
                 f"{_structural_draws(result)}): its intervals are rough. A run with more draws: the command below "
                 f"with a larger `--draws`."] if result.draws < 100 else []), "",
              "## Reproduce", "",
              "```bash", f"detente war src/detente/data/scenarios/istanbul_2025.yaml --draws {result.draws} "
              f"--seed {result.seed} --structural-draws {_structural_draws(result)} --channel-draws {_channel_draws(result)} "
              f"--html istanbul.html", "```", ""]
    return "\n".join(parts)


def main(argv=None) -> None:
    import detente
    from detente.analysis.war.missed_opportunity import missed_opportunity
    from detente.analysis.war.sensitivity import war_sensitivity
    from detente.execution import get_executor

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--morris", type=int, default=13,
                        help="Morris trajectories (0: no screening); 13 x 47 = 611 node solves at Istanbul")
    parser.add_argument("--structural-draws", type=int, default=20, help="draws the structural choices are tried on")
    parser.add_argument("--no-break-even", action="store_true", help="skip the break-even belief (a bisection)")
    parser.add_argument("--channel-draws", type=int, default=5, help="draws the channels are decomposed on "
                        "besides the nominal inputs (16 node solves each)")
    parser.add_argument("--save", type=Path, help="also pickle the run's results here (to re-render with --load)")
    parser.add_argument("--load", type=Path, help="render from a --save'd run instead of solving (the scenario's "
                        "content hash must be the same)")
    args = parser.parse_args(argv)
    import detente.analysis.war.channels  # noqa: F401  every module the run imports lazily, loaded now: a tree
    import detente.models.war.node_failure  # noqa: F401  edited during a long run cannot mix two versions
    from detente.report import war, war_channels  # noqa: F401
    scenario = detente.load(detente.example("istanbul_2025"))
    if args.load:
        saved = pickle.loads(args.load.read_bytes())
        if saved["hash"] != scenario.content_hash():
            raise SystemExit(f"{args.load}: made from another version of the scenario; rerun without --load")
        result, sensitivity, nominal, draws = (saved[k] for k in ("result", "sensitivity", "nominal", "draws"))
        facts = local("istanbul_facts").facts(scenario.war)  # nominal-input probes: cheap, recomputed
    else:
        probes = local("istanbul_facts")
        facts, nominal = probes.facts(scenario.war), nominal_lines(scenario.war)  # cheap: fail before the run
        executor = get_executor("local", args.workers)
        result = missed_opportunity(scenario, draws=args.draws, seed=args.seed, executor=executor,
                                    structural_draws=args.structural_draws, break_even_belief=not args.no_break_even,
                                    channel_draws=args.channel_draws)
        sensitivity = (war_sensitivity(scenario.war, n=args.morris, seed=args.seed, executor=executor)
                       if args.morris > 0 else None)
        executor.close()
        draws = probes.over_draws(result)
        if args.save:
            args.save.write_bytes(pickle.dumps({"hash": scenario.content_hash(), "result": result, "facts": facts,
                                                "sensitivity": sensitivity, "nominal": nominal, "draws": draws}))
    TARGET.write_text(render(scenario, result, sensitivity, nominal, facts, draws))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
