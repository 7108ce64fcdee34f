"""KTAB's Spatial Model of Politics (SMP) scenario XML (e.g. KTAB's ``smpExample.xml``).

Layout (KAPSARC's KTAB, ``examples/smp/doc/smpSchema.xsd``, read by
``SMPModel::xmlRead`` in ``examples/smp/libsrc/smpread.cpp``; MIT licence, see
``data/reference/ktab/LICENSE-KTAB-MIT.txt``)::

    <Scenario>
      <name/> <desc/> <prngSeed/>
      <ModelParameters> <VictoryProbModel>Linear</VictoryProbModel> ... </ModelParameters>
      <Dimensions> <dName/>... </Dimensions>
      <Actors>
        <Actor> <name/> <description/> <capability/>
          <Position> <dCoord/>... </Position>  <Salience> <dSal/>... </Salience>
        </Actor> ...
      </Actors>
      <IdealAdjustment> <iaPair> <adjustingIdeal/> <referencePos/> <adjust/> </iaPair>... </IdealAdjustment>
    </Scenario>

Each dimension becomes an issue on 0-100; capability as given; saliences on
0-100 (divided by 100, as KTAB does; an actor's must sum to at most 100).
The model parameters and the ideal-adjustment pairs are not part of a
scenario: :func:`switches` and :func:`accommodation` read them, for
``detente.models.get("smp", **switches(text))`` and
``SpatialModelOfPolitics.run_arrays(..., accommodation=...)``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

from ..errors import Problem, ScenarioError
from ..scenario import Scenario, scenario_from_dict
from .format import Format

#: KTAB's ModelParameters element -> the SMP model's parameter
PARAMETERS = {"VictoryProbModel": "victory_probability", "VotingRule": "voting_rule",
              "PCEModel": "outcome_probability", "StateTransitions": "state_transition", "BigRRange": "big_r_range",
              "BigRAdjust": "big_r_adjust", "ThirdPartyCommit": "third_party_commit",
              "InterVecBrgn": "interpolation", "BargnModel": "bargain_model"}


def sniff(text: str) -> bool:
    head = text[:4000]
    return "<Scenario" in head and ("<Actors" in text) and ("<Dimensions" in text)


def _root(text: str, file: str) -> ET.Element:
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as exc:
        line, column = exc.position
        raise ScenarioError.single(file, f"line {line}, column {column}", f"not well-formed XML: {exc}") from None
    if root.tag != "Scenario":
        raise ScenarioError.single(file, f"<{root.tag}>", "expected a KTAB <Scenario> document")
    return root


def _number(text: str | None, where: str, low: float | None, high: float | None,
            problems: list[Problem], file: str) -> float | None:
    try:
        value = float((text or "").strip())
    except ValueError:
        problems.append(Problem(file, where, f"expected a number, got {text or ''!r}"))
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        problems.append(Problem(file, where, f"expected a number within [{low:g}, {high:g}], got {value:g}"))
        return None
    return value


def _actor(el: ET.Element, k: int, dims: list[str], problems: list[Problem], file: str) -> dict | None:
    name = (el.findtext("name") or "").strip()
    where = f"Actors/Actor {k + 1}" + (f" ({name})" if name else "")
    if not name:
        problems.append(Problem(file, where, "expected a <name>"))
        return None
    cap = _number(el.findtext("capability"), f"{where}/capability", 0.0, 1e8, problems, file)
    coords = [c.text for c in el.findall("Position/dCoord")]
    sals = [s.text for s in el.findall("Salience/dSal")]
    before = len(problems)
    for what, values in (("Position/dCoord", coords), ("Salience/dSal", sals)):
        if len(values) != len(dims):
            problems.append(Problem(file, f"{where}/{what}", f"expected {len(dims)} values (one per dimension), "
                                    f"got {len(values)}"))
    if len(problems) > before:
        return None
    pos = [_number(v, f"{where}/Position/dCoord {d + 1}", 0.0, 100.0, problems, file) for d, v in enumerate(coords)]
    sal = [_number(v, f"{where}/Salience/dSal {d + 1}", 0.0, 100.0, problems, file) for d, v in enumerate(sals)]
    if None in pos or None in sal or cap is None:
        return None
    if sum(sal) > 100.0:
        problems.append(Problem(file, f"{where}/Salience", f"saliences sum to {sum(sal):g}; KTAB expects at most 100"))
        return None
    return {"name": name, "description": (el.findtext("description") or "").strip(), "capability": cap,
            "position": pos, "salience": sal}


def read(text: str, file: str) -> Scenario:
    """Parse a KTAB SMP XML scenario into a scenario with one issue per dimension."""
    root = _root(text, file)
    dims = [(d.text or "").strip() for d in root.findall("Dimensions/dName")]
    if not dims:
        raise ScenarioError.single(file, "Dimensions", "expected at least one <dName>")
    problems: list[Problem] = []
    actors = [_actor(el, k, dims, problems, file) for k, el in enumerate(root.findall("Actors/Actor"))]
    if not actors:
        problems.append(Problem(file, "Actors", "expected at least one <Actor>"))
    if problems:
        raise ScenarioError(problems)
    issues = dims if len(set(dims)) == len(dims) else [f"{d} {k + 1}" for k, d in enumerate(dims)]
    data = {"name": (root.findtext("name") or "KTAB scenario").strip(),
            "description": (root.findtext("desc") or "").strip(),
            "source": "KTAB SMP scenario XML (KAPSARC, MIT licence)", "salience_scale": 100,
            "actors": [{k: a[k] for k in ("name", "description", "capability")} for a in actors],
            "issues": [{"name": i, "lower": 0.0, "upper": 100.0} for i in issues],
            "positions": [{"actor": a["name"], "issue": i, "position": a["position"][d],
                           "salience": a["salience"][d]} for a in actors for d, i in enumerate(issues)]}
    return scenario_from_dict(data, file)


def switches(text: str, file: str = "<input>") -> dict[str, str]:
    """The SMP model parameters a KTAB XML scenario sets (``ModelParameters``), as keyword arguments."""
    params = _root(text, file).find("ModelParameters")
    if params is None:
        return {}
    return {PARAMETERS[el.tag]: (el.text or "").strip() for el in params if el.tag in PARAMETERS}


def accommodation(text: str, actors: list[str], file: str = "<input>") -> np.ndarray:
    """KTAB's ideal-accommodation matrix: the identity, with each ``iaPair`` setting one entry (``xmlRead``)."""
    matrix = np.eye(len(actors))
    index = {name: k for k, name in enumerate(actors)}
    problems: list[Problem] = []
    for k, pair in enumerate(_root(text, file).findall("IdealAdjustment/iaPair")):
        a, b = (pair.findtext("adjustingIdeal") or "").strip(), (pair.findtext("referencePos") or "").strip()
        where = f"IdealAdjustment/iaPair {k + 1}"
        value = _number(pair.findtext("adjust"), f"{where}/adjust", 0.0, 1.0, problems, file)
        unknown = [n for n in (a, b) if n not in index]
        if unknown:
            problems.append(Problem(file, where, f"actor {unknown[0]!r} is not in the Actors list"))
        elif value is not None:
            matrix[index[a], index[b]] = value
    if problems:
        raise ScenarioError(problems)
    return matrix


FORMAT = Format(
    name="ktab-xml",
    description="KTAB SMP scenario XML (actors, dimensions -> issues; model parameters via ktab_xml.switches)",
    suffixes=(".xml",),
    sniff=sniff,
    read=read,
)
