"""Read what a KTAB ``smpc`` log prints about a run (KTAB's own reference runs and our KTAB builds' logs).

The log's layout is KTAB's (``SMPModel::showVPHistory``, ``smpStopFn`` and
``SMPModel::displayModelParams`` in ``examples/smp/libsrc/smp.cpp``):

- ``Fractional change compared to first step: 0.9999  (target=0.0200)``, once per turn;
- ``There were 11 states, with 10 steps between them``;
- ``<actor>, <dimension>:  75.8  79.5 ...`` per actor and dimension, positions on 0-100 (``%5.1f``);
- ``<actor>, prob : 0.0047 0.6059 ...`` per actor, win probabilities (``%.4f``);
- ``VotingRule: Prop`` and the other switches.
"""

from __future__ import annotations

import re

_POSITION = re.compile(r"^(.*), (.*?):((?:\s+-?\d+\.\d)+)\s*$")
_PROB = re.compile(r"^(.*), prob :((?:\s+\d\.\d{4})+)\s*$")
_SWITCH = re.compile(r"^(VictoryProbModel|VotingRule|PCEModel|StateTransitions|BigRRange|BigRAdjust|"
                     r"ThirdPartyCommit|InterVecBrgn|BargnModel): (\S+)\s*$")


def parse(text: str) -> dict:
    """The run a KTAB log describes, as printed.

    Returns a dict with ``fractional_change`` (list of str, one per turn),
    ``states`` (int), ``actors`` (names), ``dimensions`` (names),
    ``positions`` (``[actor][dimension][state]`` as printed strings),
    ``win_probability`` (``[actor][state]`` as printed strings) and
    ``switches`` (KTAB label -> name).
    """
    lines = text.splitlines()
    out: dict = {"fractional_change": [], "actors": [], "dimensions": [], "positions": [],
                 "win_probability": [], "switches": {}, "states": None}
    section = None
    for line in lines:
        if line.startswith("Fractional change compared to first step:"):
            out["fractional_change"].append(line.split(":")[1].split()[0])
        elif line.startswith("There were ") and " states" in line:
            out["states"] = int(line.split()[2])
        elif line.startswith("History of actor positions over time"):
            section = "positions"
        elif line.startswith("History of actors' winning probabilities"):
            section = "probabilities"
        elif (m := _SWITCH.match(line)) and m.group(1) not in out["switches"]:
            out["switches"][m.group(1)] = m.group(2)
        elif section == "positions" and (m := _POSITION.match(line)):
            actor, dim, values = m.group(1), m.group(2), m.group(3).split()
            if actor not in out["actors"]:
                out["actors"].append(actor)
                out["positions"].append([])
            if dim not in out["dimensions"]:
                out["dimensions"].append(dim)
            out["positions"][-1].append(values)
        elif section == "probabilities" and (m := _PROB.match(line)):
            out["win_probability"].append(m.group(2).split())
        elif section == "probabilities" and line.strip() and not _PROB.match(line):
            section = None
    return out
