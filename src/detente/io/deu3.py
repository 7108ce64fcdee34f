"""DEU III: positions, saliences, reference points and outcomes of 364 EU legislative issues.

Source: Arregui & Perarnaud (2021), *Journal of European Public Policy*,
data doi:10.34810/data53 (CC BY 4.0), via the repository
``blksv/predictioneers_game``; see ``data/reference/ATTRIBUTION.md``.

Format: tab-separated, double-quoted text, 75 columns: 13 descriptive columns
(``prnrnmc isnrnmc prnr prname isnr type council proc counvte proccde issues
intro finact``), ``p<actor>`` and ``s<actor>`` for 30 actors (the Commission
``com``, the Parliament ``ep`` and 28 member states), ``rp`` (reference
point) and ``out`` (outcome), all on 0-100. Issues are named by ``isnr``.

Quirks, each handled explicitly:

1. **Row 2 is not an issue**: its first 13 fields are empty and its position
   columns hold one GDP figure per actor (trillions, as quoted strings). It is
   skipped, or used as capabilities with ``capability="gdp"``.
2. **Blank means missing, never 0.** An actor takes part in an issue when its
   position *and* salience are non-blank; a salience of 0 counts as present
   (365 cells hold a real position with salience 0). The 54 cells with a
   position but a blank salience are left out and counted in the issue's
   ``metadata["positions_without_salience"]``. Salience is 0, not blank, for
   most actors without a position (non-members at the time): only saliences
   beside a position are read.
3. **Dates are unreliable**: ``intro`` comes as ``dd-mm-yy``, ``dd-mm-yyyy``
   and a mangled ``yyyy-mm-dd`` whose "year" is the day; ``finact`` is worse
   (impossible dates, the code ``999``). Both are kept verbatim in the
   issue's metadata, never parsed. The proposal year comes from ``prnr``
   instead: characters 2-3 are the two-digit year (``d05...`` = 2005, 90-99 =
   19xx).
4. ``rp`` becomes the issue's ``status_quo`` (present for 261 issues), ``out``
   its ``outcome`` (353; the source repository removed invalid ones).

Capabilities (``capability=``): ``"equal"`` (default, so the ``mean`` model
is the salience-weighted mean); ``"gdp"`` (row 2); ``"votes"``, Council
voting weights of the period the proposal falls in (by its year from
``prnr``; :func:`detente.models.council.voting_weights`), with the Commission and the Parliament given the largest member
state's weight, as in the public ``hamzagul07/schelling`` analysis. Periods:
before 2004, the weights of the Treaty of Amsterdam (EU-15); 2004-2013 (or an
earlier issue on which an acceding state holds a position), the Treaty of
Nice (Art. 205(2) EC as amended by the 2003 and 2005 Acts of Accession, and
7 for Croatia from 2013); from 2014, the double majority of the Treaty of
Lisbon, approximated by population (Eurostat, 1 January 2014, millions).
Since weights differ between issues, ``"votes"`` works with
:func:`read_scenarios` (one scenario per issue) only.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..models.council import voting_weights
from ..scenario import Scenario, scenario_from_dict
from .format import Format
from ._table import numbered_rows

ACTORS = ("com", "ep", "at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el", "hu", "ie", "it",
          "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk")
NAMES = {"com": "European Commission", "ep": "European Parliament", "at": "Austria", "be": "Belgium",
         "bu": "Bulgaria", "cr": "Croatia", "cy": "Cyprus", "cz": "Czech Republic", "dk": "Denmark",
         "ee": "Estonia", "fi": "Finland", "fr": "France", "de": "Germany", "el": "Greece", "hu": "Hungary",
         "ie": "Ireland", "it": "Italy", "lv": "Latvia", "lt": "Lithuania", "lu": "Luxembourg", "mt": "Malta",
         "nl": "Netherlands", "pl": "Poland", "pt": "Portugal", "ro": "Romania", "si": "Slovenia",
         "sk": "Slovakia", "es": "Spain", "se": "Sweden", "uk": "United Kingdom"}
DESCRIPTIVE = ("prnrnmc", "isnrnmc", "prnr", "prname", "isnr", "type", "council", "proc", "counvte", "proccde",
               "issues", "intro", "finact")
COLUMNS = DESCRIPTIVE + tuple(f"p{a}" for a in ACTORS) + tuple(f"s{a}" for a in ACTORS) + ("rp", "out")
METADATA = ("prnr", "prname", "type", "council", "proc", "counvte", "intro", "finact")

CAPABILITIES = ("equal", "gdp", "votes")


def sniff(text: str) -> bool:
    return text.lstrip().startswith('"prnrnmc"')


def proposal_year(prnr: str) -> int:
    """The proposal's year from its id: characters 2-3 are the year (``d05127`` -> 2005, ``n99...`` -> 1999)."""
    yy = int(prnr[1:3])
    return 1900 + yy if yy >= 90 else 2000 + yy


def _rows(text: str, file: str) -> list[dict[str, str]]:
    numbered = numbered_rows(text, file, "\t", skipinitialspace=False)
    header = numbered[0][1]
    if tuple(header) != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        raise ScenarioError.single(file, "line 1", "not the DEU III header: expected 75 tab-separated columns "
                                   f"{COLUMNS[0]} ... {COLUMNS[-1]}" + (f"; missing {', '.join(missing[:5])}"
                                                                         if missing else ""))
    problems, out = [], []
    for line, row in numbered[1:]:
        if not any(row):
            continue
        if len(row) != len(COLUMNS):
            problems.append(Problem(file, f"line {line}", f"row has {len(row)} fields, expected {len(COLUMNS)}"))
            continue
        out.append({"_line": line, **dict(zip(COLUMNS, row))})
    if problems:
        raise ScenarioError(problems)
    return out


def _number(row: dict, column: str, file: str, problems: list[Problem], low=0.0, high=100.0) -> float | None:
    raw = row[column]
    if raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        problems.append(Problem(file, f"line {row['_line']}, column {column}", f"expected a number, got {raw!r}"))
        return None
    if not (math.isfinite(value) and low <= value <= high):
        problems.append(Problem(file, f"line {row['_line']}, column {column}",
                                f"expected a number within {low:g}-{high:g}, got {raw!r}"))
        return None
    return value


def _parse(text: str, file: str) -> tuple[dict[str, float], list[dict]]:
    """GDP per actor (row 2) and one record per issue: positions, saliences, rp, out, metadata."""
    rows = _rows(text, file)
    gdp_row = [r for r in rows if not any(r[c] for c in DESCRIPTIVE)]
    issue_rows = [r for r in rows if any(r[c] for c in DESCRIPTIVE)]
    problems: list[Problem] = []
    gdp = {}
    for r in gdp_row[:1]:
        gdp = {a: v for a in ACTORS if (v := _number(r, f"p{a}", file, problems, 0, 1e3)) is not None}
    issues = []
    for r in issue_rows:
        if not r["isnr"] or not r["prnr"]:
            problems.append(Problem(file, f"line {r['_line']}", "issue row without isnr or prnr"))
            continue
        try:
            year = proposal_year(r["prnr"])
        except ValueError:
            problems.append(Problem(file, f"line {r['_line']}, column prnr",
                                    f"expected a proposal id with the year in characters 2-3, got {r['prnr']!r}"))
            continue
        cells = {a: (_number(r, f"p{a}", file, problems), _number(r, f"s{a}", file, problems)) for a in ACTORS}
        issues.append({
            "name": r["isnr"], "line": r["_line"], "year": year,
            "positions": {a: ps for a, ps in cells.items() if ps[0] is not None and ps[1] is not None},
            "without_salience": sum(1 for p, s in cells.values() if p is not None and s is None),
            "status_quo": _number(r, "rp", file, problems), "outcome": _number(r, "out", file, problems),
            "metadata": {k: r[k] for k in METADATA} | {"year": year},
        })
    if problems:
        raise ScenarioError(problems)
    return gdp, issues


def _capabilities(option: str, gdp: dict[str, float], issue: dict, file: str) -> dict[str, float]:
    if option == "equal":
        return {a: 1.0 for a in ACTORS}
    if option == "gdp":
        if not gdp:
            raise ScenarioError.single(file, "line 2", "capability='gdp' needs the GDP row, which is missing")
        return gdp
    return voting_weights(issue["year"], set(issue["positions"]))


def _issue_record(issue: dict) -> dict:
    rec = {"name": issue["name"], "description": issue["metadata"]["prname"],
           "metadata": issue["metadata"] | {"positions_without_salience": issue["without_salience"]}}
    for key in ("status_quo", "outcome"):
        if issue[key] is not None:
            rec[key] = issue[key]
    return rec


def read(text: str, file: str, capability: str = "equal") -> Scenario:
    """All issues as one scenario (actor-level capabilities: ``"equal"`` or ``"gdp"``)."""
    if capability not in ("equal", "gdp"):
        raise ScenarioError.single(file, "", f"capability={capability!r} differs between issues: use "
                                   "detente.io.deu3.read_scenarios for it (one scenario per issue)" if capability ==
                                   "votes" else f"capability must be one of {', '.join(CAPABILITIES)}")
    gdp, issues = _parse(text, file)
    caps = _capabilities(capability, gdp, {}, file)
    used = [a for a in ACTORS if any(a in i["positions"] for i in issues)]
    data = {
        "name": "DEU III", "source": "Arregui & Perarnaud (2021), DEU III, doi:10.34810/data53 (CC BY 4.0)",
        "salience_scale": 100,
        "actors": [{"name": a, "description": NAMES[a], "capability": caps.get(a, 0.0)} for a in used],
        "issues": [_issue_record(i) for i in issues],
        "positions": [{"actor": a, "issue": i["name"], "position": p, "salience": s}
                      for i in issues for a, (p, s) in i["positions"].items()],
    }
    return scenario_from_dict(data, file)


def read_scenarios(path: str | Path, capability: str = "equal") -> list[Scenario]:
    """One scenario per issue (named by ``isnr``), with the chosen capabilities."""
    from . import read_text

    if capability not in CAPABILITIES:
        raise ScenarioError.single(path, "", f"capability must be one of {', '.join(CAPABILITIES)}")
    file = str(path)
    gdp, issues = _parse(read_text(path), file)
    out = []
    for issue in issues:
        caps = _capabilities(capability, gdp, issue, file)
        data = {"name": issue["name"], "description": issue["metadata"]["prname"],
                "source": "Arregui & Perarnaud (2021), DEU III, doi:10.34810/data53 (CC BY 4.0)",
                "salience_scale": 100,
                "actors": [{"name": a, "description": NAMES[a], "capability": caps.get(a, 0.0)}
                           for a in issue["positions"]],
                "issues": [_issue_record(issue)],
                "positions": [{"actor": a, "issue": issue["name"], "position": p, "salience": s}
                              for a, (p, s) in issue["positions"].items()]}
        out.append(scenario_from_dict(data, f"{file} ({issue['name']})"))
    return out


def backtest_scenarios(path: str | Path, capability: str = "equal", min_actors: int = 3) -> list[Scenario]:
    """The issues the README's baselines use: an outcome, and at least ``min_actors`` actors with
    position and salience (351 issues)."""
    return [sc for sc in read_scenarios(path, capability)
            if sc.issues[0].outcome is not None and len(sc.positions) >= min_actors]


FORMAT = Format(
    name="deu3",
    description="DEU III dataset (tab-separated, one EU legislative issue per row)",
    suffixes=(".csv", ".tsv"),
    sniff=sniff,
    read=read,
)
