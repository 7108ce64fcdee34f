"""Regenerate the exchange-model oracle fixtures (tests/fixtures/decide/) by running Decide.

Decide (PyPI ``decide-exchange-model``, GPL-3, repository ``foarsitter/decide-exchange-model``)
is run, never imported into detente nor copied: make its own environment first with
``scripts/oracles/decide_env.sh`` (Python 3.13, ``.peers/decide-venv``), then::

    python scripts/oracles/run_decide.py                 # all fixtures (a few minutes)
    python scripts/oracles/run_decide.py --time          # time Decide on COP21, 10 rounds

Decide runs in a subprocess of its own environment through the ``RUNNER`` string below. The
runner seeds Python's global random generator (Decide's tie-breaks use it and Decide itself never
seeds it, so without a seed every run may differ), wraps two of Decide's methods at run time to
log every tie it draws (which two exchanges tied, which one the coin chose) without changing what
they do, and then calls Decide's own command line, equivalent to::

    python -c "from decide.cli import app; app()" --input-file FILE --model equal \\
        --iterations 10 --repetitions 5 --p 0.0 --output-dir DIR

(``--p`` is in fact ignored by Decide 2025.3.1: its ``--start/--step/--stop`` defaults always win,
so p = 0 unless ``--start P --step S --stop P`` is given with S > 0.)

It then reads what Decide wrote: the executed exchanges per repetition and round
(``exchanges/<rep>/round.<r>.*.csv``, exact decimals), every actor's position at the start of each
round and its voting position at the end of it (the SQLite file ``decide-data.sqlite.db``, table
``actorissue``, types ``before`` and ``after``), and Decide's per-round forecasts averaged over
repetitions (``issues/summary/csv``), which are used as a check on the per-run forecasts this
script computes from the recorded positions.

Fixtures written, for each case (``sample_data`` = toll, ``copenhagen``, ``cop21``):

- ``<case>_equal.json``: the equal-gain model (p = 0), 5 repetitions of 10 rounds, plus the
  distinct round-1 outcomes of 20 one-round repetitions;
- ``<case>_rex.json``: the same model with random exchange rates, p = 0.5 (Dijkstra et al. 2018;
  Decide's ``--model random`` class crashes, see ``index.json``), lighter: per-round forecasts,
  round-1 exchanges with their random draws, final forecasts;
- ``index.json``: what was run, how long it took, which runs crashed, where repetitions differ.

All positions and forecasts are on Decide's internal 0-100 scale, ``100 (x - lower) / (upper -
lower)`` per issue; each fixture lists the issue bounds under ``scale``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "src" / "detente" / "data" / "reference" / "decide"
OUT = ROOT / "tests" / "fixtures" / "decide"
VENV = ROOT / ".peers" / "decide-venv"
CASES = {"sample_data": "sample_data.txt", "copenhagen": "copenhagen.csv", "cop21": "cop21.csv"}
SCRIPT = "scripts/oracles/run_decide.py"
ENV = {"QT_QPA_PLATFORM": "offscreen", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}

# Runs inside Decide's environment: python -c RUNNER TIE_LOG SEED DECIDE_ARGS...
# It only observes: the wrappers call Decide's own methods and return what they return (the
# extra sort in highest_gain is the same stable sort Decide does first, on the same list).
RUNNER = r'''
import json, random, sys
tie_log, seed, args = sys.argv[1], sys.argv[2], sys.argv[3:]
if seed != "none":
    random.seed(int(seed))
from decide.model import equalgain, utils
events, state = [], {"repetition": 0, "round": 0, "picks": 0, "done": 0, "executed": set()}
_loop, _highest = utils.ModelLoop.loop, equalgain.EqualGainModel.highest_gain

def key(e):
    return [e.i.actor.actor_id, e.i.supply.issue.name, e.j.actor.actor_id, e.j.supply.issue.name]

FIELDS = {"start": "supply.position", "round_start": "start_position", "move": "move", "voting": "y",
          "nbs_0": "nbs_0", "nbs_1": "nbs_1", "eu": "eu", "eu_max": "eu_max", "u": "u", "v": "v", "z": "z",
          "equal_gain_voting": "equal_gain_voting"}

def side(a):
    """One side of an exchange as Decide holds it when it executes it (exact decimals as text)."""
    out = {"actor": a.actor.actor_id, "supply": a.supply.issue.name, "demand": a.demand.issue.name,
           "target": str(a.opposite_actor.demand.position)}
    for name, path in FIELDS.items():
        value = a
        for part in path.split("."):
            value = getattr(value, part, None)
        out[name] = None if value is None else str(value)
    return out

def loop(self):
    state.update(repetition=self.repetition_number, round=self.iteration_number + 1, picks=0, done=0,
                 executed=set())
    return _loop(self)

def highest_gain(self):
    self.sort_exchanges()
    first = self.exchanges[0] if self.exchanges else None
    second = self.exchanges[1] if len(self.exchanges) > 1 else None
    ties = self.tie_count
    chosen = _highest(self)
    where = {"repetition": state["repetition"], "round": state["round"], "pick": state["picks"],
             "executed_before": state["done"]}
    if self.tie_count != ties:
        events.append({"event": "tie", **where, "first": key(first), "second": key(second),
                       "first_valid": bool(first.is_valid), "second_valid": bool(second.is_valid),
                       "same_object": first is second, "gain": str(first.gain),
                       "gain_second": str(second.gain),
                       "chose": "first" if chosen is first else "second"})
    if chosen is not None and chosen.is_valid:
        if id(chosen) in state["executed"]:
            events.append({"event": "executed_again", **where, "exchange": key(chosen)})
        state["executed"].add(id(chosen))
        events.append({"event": "executed", **where, "gain": str(chosen.gain),
                       "i": side(chosen.i), "j": side(chosen.j)})
        state["done"] += 1
    state["picks"] += 1
    return chosen

utils.ModelLoop.loop = loop
equalgain.EqualGainModel.highest_gain = highest_gain
from decide.cli import app
sys.argv = ["decide", *args]
try:
    app()
finally:
    with open(tie_log, "w") as f:
        json.dump(events, f)
'''


def decide_version(venv: Path) -> str:
    code = "import importlib.metadata as m; print(m.version('decide-exchange-model'))"
    return subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def python_version(venv: Path) -> str:
    code = "import platform; print(platform.python_version())"
    return subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def decide_args(path: Path, out: Path, model: str, iterations: int, repetitions: int, p: float) -> list[str]:
    args = ["--input-file", str(path), "--model", model, "--iterations", str(iterations),
            "--repetitions", str(repetitions), "--output-dir", str(out)]
    if p:
        # --p is ignored by Decide 2025.3.1; a one-value range is what selects p
        args += ["--start", str(p), "--step", "0.1", "--stop", str(p)]
    else:
        args += ["--p", "0.0"]
    return args


def run_decide(venv: Path, args: list[str], seed: int | None, tie_log: Path) -> dict:
    """Run Decide through RUNNER; return wall time, exit status and the tail of stderr."""
    cmd = [str(venv / "bin" / "python"), "-c", RUNNER, str(tie_log), "none" if seed is None else str(seed), *args]
    t0 = time.perf_counter()
    # COLUMNS only widens rich's traceback so that the error message is not wrapped
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **ENV, "COLUMNS": "250"})
    seconds = time.perf_counter() - t0
    error = None
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        error = next((ln.strip() for ln in reversed(lines) if re.match(r"^\s*\w*(Error|Exception)\b", ln)),
                     lines[-1].strip() if lines else f"exit {proc.returncode}")
    return {"seconds": round(seconds, 2), "returncode": proc.returncode, "error": error}


def time_decide(venv: Path, path: Path, iterations: int = 10, repetitions: int = 1) -> dict:
    """Wall time and peak resident memory of one plain Decide run (no runner, unseeded).

    Peak memory comes from ``os.wait4`` on that one child, so it is not mixed with other
    children of the calling process (benchmarks can call this next to detente's own run).
    """
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(venv / "bin" / "python"), "-c", "from decide.cli import app; app()",
               *decide_args(path, Path(tmp), "equal", iterations, repetitions, 0.0)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, **ENV})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"Decide exited with {proc.returncode}")
    return {"seconds": seconds, "max_rss_mb": usage.ru_maxrss / 1024}


# ---------------------------------------------------------------------------- reading outputs


def _f(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _issue_name(text: str) -> str:
    return text.rsplit(" [", 1)[0] if text.endswith("]") else text


def read_sqlite(db: Path):
    con = sqlite3.connect(db)
    actors = con.execute("select id, key, name from actor order by id").fetchall()
    issues = con.execute("select id, key, lower, upper from issue order by id").fetchall()
    actor_key = {a: k for a, k, _ in actors}
    issue_key = {i: k for i, k, _, _ in issues}
    name_to_key = {}
    for _, k, n in actors:
        if name_to_key.setdefault(n, k) != k:
            raise ValueError(f"actor display name {n!r} is not unique")
    rows = con.execute(
        "select r.pointer, it.pointer, ai.type, ai.issue_id, ai.actor_id, ai.position, ai.salience, ai.power "
        "from actorissue ai join iteration it on ai.iteration_id = it.id "
        "join repetition r on it.repetition_id = r.id order by ai.id").fetchall()
    positions = defaultdict(lambda: defaultdict(lambda: {"before": {}, "after": {}}))
    weights = {}
    for rep, it, kind, issue, actor, x, s, c in rows:
        positions[rep][it + 1][kind].setdefault(issue_key[issue], {})[actor_key[actor]] = float(x)
        weights[(issue_key[issue], actor_key[actor])] = float(s) * float(c)
    ex = con.execute(
        "select r.pointer, it.pointer, ai.actor_id, ai.supply_issue_id, ai.x, ai.y, aj.actor_id, aj.supply_issue_id "
        "from exchange e join exchangeactor ai on e.i_id = ai.id join exchangeactor aj on e.j_id = aj.id "
        "join iteration it on e.iteration_id = it.id join repetition r on it.repetition_id = r.id "
        "order by e.id").fetchall()
    exchanges = defaultdict(lambda: defaultdict(list))
    for rep, it, ai, si, x, y, aj, sj in ex:
        exchanges[rep][it + 1].append((actor_key[ai], issue_key[si], float(x), float(y), actor_key[aj], issue_key[sj]))
    con.close()
    scale = {k: [float(lo), float(hi)] for _, k, lo, hi in issues}
    return [k for _, k, _ in actors], [k for _, k, _, _ in issues], scale, positions, weights, exchanges, name_to_key


def read_round_csv(path: Path, name_to_key: dict) -> list[dict]:
    rows = list(csv.reader(path.open(), delimiter=";"))
    head = rows[0]
    width = head.index("")  # one side's columns, then an empty column, then the other side's
    out = []
    for r in rows[1:]:
        sides = []
        for part in (r[:width], r[width + 1:]):
            d = dict(zip(head[:width], part))
            sides.append({"actor": name_to_key[d["actor_name"]], "supply": _issue_name(d["supply"]),
                          "start": float(d["start"]), "move": float(d["move"]), "voting": float(d["voting"]),
                          "target": float(d["demand"]), "nbs_0": _f(d["nbs 0"]), "nbs_1": _f(d["nbs 1"]),
                          "eu": _f(d["eu"]), "u": _f(d["u"]), "v": _f(d["v"]), "z": _f(d["z"]),
                          "eu_max": _f(d["max eu"]), "equal_gain_voting": _f(d["equal gain voting"]),
                          "gain": float(d["gain p=0"])})
        i, j = sides
        i["demand"], j["demand"] = j["supply"], i["supply"]
        out.append({"i": i, "j": j, "gain": i["gain"]})
    return out


def read_summary(folder: Path) -> dict:
    """Decide's per-round forecasts averaged over repetitions, on each issue's own scale."""
    out = {}
    for path in (folder / "issues" / "summary" / "csv").glob("*.summary.csv"):
        rows = list(csv.reader(path.open(), delimiter=";"))
        data = [r for r in rows if r and r[0].startswith("rn-")]
        out[_issue_name(rows[0][0])] = {"start": [float(r[1]) for r in data], "voting": [float(r[4]) for r in data]}
    return out


def forecast(pos: dict, weights: dict) -> dict:
    """Power x salience weighted mean per issue (Decide's MDS/NBS), on 0-100."""
    out = {}
    for issue, xs in pos.items():
        w = sum(weights[(issue, a)] for a in xs)
        out[issue] = sum(weights[(issue, a)] * x for a, x in xs.items()) / w if w else 0.0
    return out


def _snapshot(event: dict) -> dict:
    sides = []
    for a in (event["i"], event["j"]):
        sides.append({k: (_f(v) if isinstance(v, str) and k not in ("actor", "supply", "demand") else v)
                      for k, v in a.items()})
    return {"i": sides[0], "j": sides[1], "gain": float(event["gain"])}


def _ekey(e: dict) -> tuple:
    return e["i"]["actor"], e["i"]["supply"], e["j"]["actor"], e["j"]["supply"]


def collect(folder: Path, db: Path, iterations: int, repetitions: int, events: list):
    """Everything Decide recorded for one invocation, per repetition and round.

    The exchanges are the runner's snapshots, taken when Decide executed each one. Decide's own
    records (SQLite ``exchange`` rows and the round CSVs) are written at the end of the round from
    the same objects, and an executed exchange can still be recalculated after its execution (when
    a tie left a second reference to it in the candidate list): its record then shows the changed
    values, and the CSV leaves it out if it became invalid. The snapshots are checked against
    those records; where they differ the exchange is listed under ``changed_after_execution``.
    """
    actors, issues, scale, positions, weights, sql_ex, name_to_key = read_sqlite(db)
    executed = defaultdict(list)
    for ev in events:
        if ev["event"] == "executed":
            executed[(ev["repetition"], ev["round"])].append(_snapshot(ev))
    runs, changed = [], []
    for rep in range(repetitions):
        rounds = []
        for t in range(1, iterations + 1):
            done = executed[(rep, t)]
            sql = sql_ex[rep][t]
            files = sorted((folder / "exchanges" / str(rep)).glob(f"round.{t}.*.csv"))
            written = read_round_csv(files[0], name_to_key) if files else []
            if [_ekey(e) for e in done] != [(s[0], s[1], s[4], s[5]) for s in sql]:
                raise AssertionError(f"rep {rep} round {t}: executed exchanges differ from Decide's SQLite records")
            left = list(written)
            for k, (e, s) in enumerate(zip(done, sql)):
                csv_row = left.pop(0) if left and _ekey(left[0]) == _ekey(e) else None
                if csv_row and (abs(csv_row["i"]["start"] - s[2]) > 1e-9 or abs(csv_row["i"]["voting"] - s[3]) > 1e-9):
                    raise AssertionError(f"rep {rep} round {t}: CSV and SQLite disagree at exchange {k}")
                same = abs(e["i"]["start"] - s[2]) <= 1e-9 and abs(e["i"]["voting"] - s[3]) <= 1e-9
                if not same or csv_row is None:
                    changed.append({"repetition": rep, "round": t, "index": k, "exchange": list(_ekey(e)),
                                    "recorded_start_i": s[2], "recorded_voting_i": s[3],
                                    "in_csv": csv_row is not None})
            if left:
                raise AssertionError(f"rep {rep} round {t}: CSV rows not matched: {left[:1]}")
            start, voting = positions[rep][t]["before"], positions[rep][t]["after"]
            rounds.append({"round": t, "exchanges": done, "start": start, "voting": voting,
                           "forecast": {"start": forecast(start, weights), "voting": forecast(voting, weights)}})
        runs.append(rounds)
    return actors, issues, scale, runs, changed


def check_against_summary(runs, scale, summary) -> float:
    """Largest gap between Decide's averaged forecasts and the mean of the per-run ones (issue scale)."""
    worst = 0.0
    for issue, series in summary.items():
        lo, hi = scale[issue]
        for kind in ("start", "voting"):
            for t, value in enumerate(series[kind]):
                ours = sum(run[t]["forecast"][kind][issue] for run in runs) / len(runs)
                worst = max(worst, abs(lo + ours * (hi - lo) / 100 - value))
    return worst


# ---------------------------------------------------------------------------- fixture shaping

COLUMNS = ["actor_i", "supply_i", "start_i", "voting_i", "actor_j", "supply_j", "start_j", "voting_j", "gain"]
DETAIL = ("actor", "supply", "demand", "round_start", "start", "move", "voting", "target", "nbs_0", "nbs_1")
REX_DETAIL = DETAIL + ("eu", "eu_max", "equal_gain_voting", "u", "v", "z")


def row(e: dict) -> list:
    i, j = e["i"], e["j"]
    return [i["actor"], i["supply"], i["start"], i["voting"], j["actor"], j["supply"], j["start"], j["voting"], e["gain"]]


def detail(e: dict, fields=DETAIL) -> dict:
    return {"i": {k: e["i"][k] for k in fields}, "j": {k: e["j"][k] for k in fields}, "gain": e["gain"]}


def key_sequence(rnd: dict) -> list:
    return [(e["i"]["actor"], e["i"]["supply"], e["j"]["actor"], e["j"]["supply"]) for e in rnd["exchanges"]]


def variation(runs, issues, tol=1e-9) -> dict:
    """Where repetitions part: per round, whether all executed the same exchanges, and the spread of
    each issue's forecasts over repetitions (issues listed where the spread exceeds ``tol``)."""
    out, first = [], None
    for t in range(len(runs[0])):
        same = all(key_sequence(r[t]) == key_sequence(runs[0][t]) for r in runs)
        spread = {}
        for kind in ("start", "voting"):
            for issue in issues:
                values = [r[t]["forecast"][kind][issue] for r in runs]
                spread.setdefault(issue, 0.0)
                spread[issue] = max(spread[issue], max(values) - min(values))
        differing = [i for i in issues if spread[i] > tol]
        if first is None and (not same or differing):
            first = t + 1
        out.append({"round": t + 1, "same_exchanges": same, "issues_differing": differing,
                    "max_spread": round(max(spread.values()), 6)})
    final = {i: max(r[-1]["forecast"]["voting"][i] for r in runs) - min(r[-1]["forecast"]["voting"][i] for r in runs)
             for i in issues}
    return {"first_round_differing": first, "rounds": out, "final_spread": final}


def first_divergence(runs) -> dict | None:
    """In round 1: the first executed exchange at which some repetition differs from repetition 0."""
    seqs = [key_sequence(r[0]) for r in runs]
    n = min(len(s) for s in seqs)
    for k in range(n):
        if any(s[k] != seqs[0][k] for s in seqs):
            return {"index": k, "alternatives": sorted({tuple(s[k]) for s in seqs})}
    return None if all(len(s) == len(seqs[0]) for s in seqs) else {"index": n, "alternatives": []}


def shape_equal(case, meta, actors, issues, scale, runs, events, one_round, one_round_events) -> dict:
    fixture = {**meta, "actors": actors, "issues": issues,
               "scale": {"note": "positions and forecasts on Decide's 0-100 scale: 100 (x - lower)/(upper - lower)",
                         "bounds": scale},
               "exchange_columns": COLUMNS,
               "runs": []}
    for rep, rounds in enumerate(runs):
        out = []
        for rnd in rounds:
            item = {"round": rnd["round"], "exchanges": [row(e) for e in rnd["exchanges"]]}
            if rnd["round"] == 1:
                item["exchange_detail"] = [detail(e) for e in rnd["exchanges"]]
            item["positions"] = {"start": rnd["start"], "voting": rnd["voting"]}
            item["forecast"] = rnd["forecast"]
            out.append(item)
        fixture["runs"].append({"repetition": rep, "rounds": out, "final": rounds[-1]["forecast"]["voting"],
                                "ties": [e for e in events if e["repetition"] == rep]})
    fixture["variation"] = variation(runs, issues)
    fixture["variation"]["round1_first_divergence"] = first_divergence(runs)
    fixture["variation"]["ties_per_round"] = dict(sorted(Counter(
        f"{e['repetition']}:{e['round']}" for e in events if e["event"] == "tie").items()))
    # the distinct round-1 outcomes of many one-round repetitions
    seen = {}
    for rep, rounds in enumerate(one_round):
        k = json.dumps(key_sequence(rounds[0]))
        if k not in seen:
            seen[k] = {"count": 0, "repetition": rep, "exchanges": [row(e) for e in rounds[0]["exchanges"]],
                       "forecast": rounds[0]["forecast"]["voting"],
                       "ties": [e for e in one_round_events if e["repetition"] == rep]}
        seen[k]["count"] += 1
    fixture["round1_outcomes"] = {
        "note": "distinct round-1 exchange sequences over the one-round repetitions, with how often each came up; "
                "'ties' are the draws that produced it",
        "repetitions": len(one_round), "distinct": list(seen.values())}
    return fixture


def shape_rex(meta, actors, issues, scale, runs) -> dict:
    return {**meta, "actors": actors, "issues": issues,
            "scale": {"note": "positions and forecasts on Decide's 0-100 scale: 100 (x - lower)/(upper - lower)",
                      "bounds": scale},
            "note": "random exchange rates: every exchange's split of the gain is drawn afresh each time it is "
                    "(re)calculated, so repetitions differ everywhere; compare distributions, not runs. Kept: round-1 "
                    "exchanges with their draws (u, v, z), the start positions of round 1, the per-round forecasts "
                    "and the final forecasts",
            "start_positions": runs[0][0]["start"],
            "runs": [{"repetition": rep,
                      "round1_exchanges": [detail(e, REX_DETAIL) for e in rounds[0]["exchanges"]],
                      "exchanges_per_round": [len(r["exchanges"]) for r in rounds],
                      "forecast": [{"round": r["round"], **r["forecast"]} for r in rounds],
                      "final": rounds[-1]["forecast"]["voting"]} for rep, rounds in enumerate(runs)]}


def legacy(fixture: dict, summary: dict, iterations: int) -> dict:
    """The older single-file layout (``<case>.json``) some tests may still read."""
    return {"source": fixture["source"], "input": fixture["input"], "iterations": iterations, "columns": COLUMNS,
            "runs": [[r["exchanges"] for r in run["rounds"]] for run in fixture["runs"]],
            "forecast_mean_over_runs": summary}


# ---------------------------------------------------------------------------- main


def _round_floats(obj, digits=12):
    if isinstance(obj, float):
        return float(f"{obj:.{digits}g}")
    if isinstance(obj, dict):
        return {k: _round_floats(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round_floats(v, digits) for v in obj]
    return obj


def write(path: Path, data: dict) -> int:
    text = json.dumps(data, separators=(",", ":")) + "\n"
    path.write_text(text)
    return len(text)


def run_case(venv, case, file, version, py, args, index):
    path = INPUTS / file
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = index["cases"].setdefault(case, {"file": file, "sha256": sha})

    def invoke(model, iterations, repetitions, p, seed):
        tmp = Path(tempfile.mkdtemp(prefix=f"decide-{case}-"))
        argv = decide_args(path, tmp, model, iterations, repetitions, p)
        status = run_decide(venv, argv, seed, tmp / "ties.json")
        shown = [a if a not in (str(path), str(tmp)) else ("FILE" if a == str(path) else "DIR") for a in argv]
        return tmp, status, shown

    def source(shown, seed, seconds):
        return {"tool": "decide-exchange-model", "version": version, "python": py, "script": SCRIPT,
                "invocation": {"decide_args": shown, "runner": f"{SCRIPT}:RUNNER", "seed": seed, "env": ENV,
                               "equivalent": "python -c \"from decide.cli import app; app()\" " + " ".join(shown)},
                "seconds": seconds}

    # the equal-gain model: R repetitions of N rounds, and many one-round repetitions
    tmp, status, shown = invoke("equal", args.iterations, args.repetitions, 0.0, args.seed)
    if status["returncode"]:
        raise RuntimeError(f"{case}: Decide failed: {status['error']}")
    folder = tmp / path.stem / "0"
    events = json.loads((tmp / "ties.json").read_text())
    actors, issues, scale, runs, changed = collect(folder, tmp / path.stem / "decide-data.sqlite.db",
                                                   args.iterations, args.repetitions, events)
    events = [e for e in events if e["event"] != "executed"]
    summary = read_summary(folder)
    gap = check_against_summary(runs, scale, summary)
    if gap > 1e-9:
        raise AssertionError(f"{case}: forecasts from recorded positions differ from Decide's summary by {gap}")
    tmp1, status1, shown1 = invoke("equal", 1, args.round1_repetitions, 0.0, args.seed + 1)
    if status1["returncode"]:
        raise RuntimeError(f"{case}: Decide failed: {status1['error']}")
    events1 = json.loads((tmp1 / "ties.json").read_text())
    _, _, _, one, changed1 = collect(tmp1 / path.stem / "0", tmp1 / path.stem / "decide-data.sqlite.db", 1,
                                     args.round1_repetitions, events1)
    events1 = [e for e in events1 if e["event"] != "executed"]
    meta = {"source": source(shown, args.seed, status["seconds"]),
            "input": {"file": file, "path": str(path.relative_to(ROOT)), "sha256": sha},
            "model": {"name": "equal gain", "p": 0.0, "salience_weight": 0.4, "fixed_weight": 0.1},
            "iterations": args.iterations, "repetitions": args.repetitions,
            "round1_source": source(shown1, args.seed + 1, status1["seconds"]),
            "checks": {"summary_forecast_max_gap": gap}}
    fixture = shape_equal(case, meta, actors, issues, scale, runs, events, one, events1)
    fixture["changed_after_execution"] = {
        "note": "executed exchanges that Decide recalculated after executing them (a tie had left a second "
                "reference in its candidate list); the exchange rows hold the values at execution, Decide's "
                "records the later ones (in_csv false: it had become invalid and Decide's CSV omits it)",
        "runs": changed, "round1_runs": changed1}
    size = write(OUT / f"{case}_equal.json", _round_floats(fixture, args.digits))
    if args.legacy:
        write(OUT / f"{case}.json", legacy(fixture, summary, args.iterations))
    var = fixture["variation"]
    entry["equal"] = {"fixture": f"{case}_equal.json", "bytes": size, "seconds": status["seconds"],
                      "seconds_round1_runs": status1["seconds"],
                      "exchanges_per_round": [[len(r["exchanges"]) for r in run] for run in runs],
                      "first_round_differing": var["first_round_differing"],
                      "round1_first_divergence": var["round1_first_divergence"],
                      "ties": sum(e["event"] == "tie" for e in events),
                      "ties_round1_runs": sum(e["event"] == "tie" for e in events1),
                      "executed_again": [e for e in events + events1 if e["event"] == "executed_again"],
                      "changed_after_execution": len(changed) + len(changed1),
                      "round1_distinct_outcomes": len(fixture["round1_outcomes"]["distinct"]),
                      "final_spread_max": max(var["final_spread"].values())}

    # Decide's RandomRateModel class (--model random)
    tmp_r, status_r, shown_r = invoke("random", args.iterations, 1, 0.0, args.seed)
    shutil.rmtree(tmp_r, ignore_errors=True)
    entry["random_model"] = {"invocation": shown_r, "returncode": status_r["returncode"], "error": status_r["error"]}

    # random exchange rates in the equal-gain model (p > 0)
    tmp_x, status_x, shown_x = invoke("equal", args.iterations, args.repetitions, args.p, args.seed)
    if status_x["returncode"]:
        entry["rex"] = {"invocation": shown_x, "returncode": status_x["returncode"], "error": status_x["error"]}
    else:
        folder = tmp_x / path.stem / str(args.p)
        events_x = json.loads((tmp_x / "ties.json").read_text())
        actors, issues, scale, runs_x, changed_x = collect(folder, tmp_x / path.stem / "decide-data.sqlite.db",
                                                           args.iterations, args.repetitions, events_x)
        gap_x = check_against_summary(runs_x, scale, read_summary(folder))
        meta_x = {**meta, "source": source(shown_x, args.seed, status_x["seconds"]),
                  "model": {"name": "equal gain with random exchange rates", "p": args.p,
                            "salience_weight": 0.4, "fixed_weight": 0.1},
                  "checks": {"summary_forecast_max_gap": gap_x, "changed_after_execution": len(changed_x)}}
        meta_x.pop("round1_source")
        fixture_x = shape_rex(meta_x, actors, issues, scale, runs_x)
        size_x = write(OUT / f"{case}_rex.json", _round_floats(fixture_x, args.digits))
        finals = {i: [r[-1]["forecast"]["voting"][i] for r in runs_x] for i in issues}
        entry["rex"] = {"fixture": f"{case}_rex.json", "bytes": size_x, "p": args.p, "seconds": status_x["seconds"],
                        "final_spread_max": max(max(v) - min(v) for v in finals.values())}
    for folder in (tmp, tmp1, tmp_x):
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{case}: equal {status['seconds']} s ({size} bytes), first differing round "
          f"{var['first_round_differing']}; random model: {status_r['error'] or 'ok'}; "
          f"rex: {entry['rex'].get('error') or entry['rex'].get('seconds')}", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=VENV)
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--round1-repetitions", type=int, default=20)
    parser.add_argument("--p", type=float, default=0.5, help="p of the random-exchange-rate runs")
    parser.add_argument("--seed", type=int, default=2026, help="seed for Python's random in Decide's process")
    parser.add_argument("--digits", type=int, default=15, help="significant digits kept in the fixtures")
    parser.add_argument("--legacy", action="store_true", help="also write <case>.json in the older layout")
    parser.add_argument("--time", action="store_true", help="only time Decide on COP21 (10 rounds, 3 runs)")
    args = parser.parse_args(argv)
    if not (args.venv / "bin" / "python").exists():
        sys.exit(f"no Decide environment at {args.venv}: run scripts/oracles/decide_env.sh first")
    if args.time:
        for case in ("cop21", "sample_data", "copenhagen"):
            for _ in range(3 if case == "cop21" else 1):
                r = time_decide(args.venv, INPUTS / CASES[case], args.iterations)
                print(f"{case}: {args.iterations} rounds {r['seconds']:.2f} s, peak RSS {r['max_rss_mb']:.0f} MB",
                      flush=True)
        return
    version, py = decide_version(args.venv), python_version(args.venv)
    OUT.mkdir(parents=True, exist_ok=True)
    index_path = OUT / "index.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {}
    index.update({"source": {"tool": "decide-exchange-model", "version": version, "python": py, "script": SCRIPT,
                             "seed": args.seed, "repetitions": args.repetitions, "iterations": args.iterations,
                             "round1_repetitions": args.round1_repetitions, "p_rex": args.p}})
    index.setdefault("cases", {})
    for case in args.cases:
        run_case(args.venv, case, CASES[case], version, py, args, index)
        write(index_path, index)
    index_path.write_text(json.dumps(index, indent=1) + "\n")


if __name__ == "__main__":
    main()
