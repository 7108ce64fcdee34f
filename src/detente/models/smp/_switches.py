"""KTAB's nine SMP model switches: names, enum codes and defaults.

Names and order are KTAB's (``KTAB/kmodel/libsrc/kmodel.h``: ``VotingRuleNames``,
``VPModelNames``, ``PCEModelNames``, ``StateTransModeNames``, ``BigRRangeNames``,
``BigRAdjustNames``, ``ThirdPartyCommitNames``; ``examples/smp/libsrc/smp.h``:
``InterVecBrgnNames``, ``SMPBargnModelNames``); a switch's code is the
position of its name, as in KTAB's ``SMPModel::updateModelParameters``.
Defaults are those of ``KBase::Model`` and ``SMPModel`` (the reference runs'
"Model Paramaters" block).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Switches:
    """KTAB's model switches as enum codes (names in :mod:`._switches`)."""

    voting_rule: int = 2
    victory_probability: int = 0
    outcome_probability: int = 0
    state_transition: int = 0
    big_r_range: int = 1
    big_r_adjust: int = 1
    third_party_commit: int = 1
    interpolation: int = 1
    bargain_model: int = 0

#: parameter name -> (KTAB's names in enum order, KTAB's default)
SWITCHES: dict[str, tuple[tuple[str, ...], str]] = {
    "voting_rule": (("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"), "Prop"),
    "victory_probability": (("Linear", "Square", "Quartic", "Octic", "Binary"), "Linear"),
    "outcome_probability": (("Conditional", "MarkovIncentive", "MarkovUniform"), "Conditional"),
    "state_transition": (("Deterministic", "Stochastic"), "Deterministic"),
    "big_r_range": (("Min", "Mid", "Max"), "Mid"),
    "big_r_adjust": (("None", "OneThird", "Half", "TwoThirds", "Full"), "OneThird"),
    "third_party_commit": (("NoCommit", "SemiCommit", "FullCommit"), "SemiCommit"),
    "interpolation": (("S1P1", "S2P2", "S2PMax"), "S2P2"),
    "bargain_model": (("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"), "InitOnlyInterp"),
}

#: KTAB's label for each switch in its logs' "Model Paramaters" block
KTAB_LABELS = {
    "victory_probability": "VictoryProbModel", "voting_rule": "VotingRule", "outcome_probability": "PCEModel",
    "state_transition": "StateTransitions", "big_r_range": "BigRRange", "big_r_adjust": "BigRAdjust",
    "third_party_commit": "ThirdPartyCommit", "interpolation": "InterVecBrgn", "bargain_model": "BargnModel",
}


def canonical_name(switch: str, value: str) -> str:
    """KTAB's spelling of ``value`` for ``switch`` (matched ignoring case, '-' and '_')."""
    names, _ = SWITCHES[switch]
    key = str(value).replace("-", "").replace("_", "").lower()
    for name in names:
        if name.lower() == key:
            return name
    raise ValueError(f"{switch} must be one of {', '.join(names)}, got {value!r}")


def to_codes(values: dict[str, str]) -> Switches:
    """The enum codes of the switches named in ``values`` (KTAB spellings)."""
    return Switches(**{k: SWITCHES[k][0].index(v) for k, v in values.items()})
