"""The sourcing audit (detente.analysis.war.sourcing) on a scenario written here, each number's kind known by construction."""

from __future__ import annotations

from detente.analysis.war import sourcing
from detente.scenario import scenario_from_dict

DATA = {
    "name": "audit", "actors": [
        {"name": "A", "capability": {"value": 0.6, "source": "SIPRI 2025"}},
        {"name": "B", "capability": {"value": 0.4, "low": 0.3, "high": 0.5, "source": "Assumption"}}],
    "issues": [{"name": "x", "status_quo": {"value": 40, "source": "Fitted: the record's window"}}],
    "positions": [
        {"actor": "A", "issue": "x", "position": {"value": 80, "source": "Assumption"}, "salience": 0.5},
        {"actor": "B", "issue": "x", "position": {"value": 10, "source": "Definition"},
         "salience": {"value": 0.7, "low": 0.6, "high": 0.8}}],
}


def test_each_number_is_classed_by_its_evidence():
    found = {n.path: (n.kind, n.ranged, n.bare) for n in sourcing.audit(scenario_from_dict(DATA))}
    assert found == {
        "actors[0] (A).capability": ("sourced", False, False),
        "actors[1] (B).capability": ("assumption", True, False),
        "issues[0] (x).status_quo": ("fitted", False, False),
        "positions[0] (A, x).position": ("assumption", False, True),
        "positions[0] (A, x).salience": ("none", False, True),
        "positions[1] (B, x).position": ("definition", False, False),
        "positions[1] (B, x).salience": ("none", True, False),
    }


def test_summary_counts():
    counts = sourcing.summary(scenario_from_dict(DATA))
    assert counts == {"sourced": 1, "fitted": 1, "definition": 1, "assumption": 2, "none": 2,
                      "ranged_assumptions": 1, "bare": 2, "total": 7}


def test_a_citation_beside_a_number_its_note_calls_an_assumption_does_not_source_it():
    """Issue 13: a citation that only gives context (SIPRI's spending beside a share of influence the note calls
    an assumption) leaves the number an assumption, bare unless it carries a range."""
    data = {**DATA, "actors": [
        {"name": "A", "capability": {"value": 0.6, "source": "SIPRI 2025", "note": "Assumption: scaled from spending."}},
        {"name": "B", "capability": {"value": 0.4, "low": 0.3, "high": 0.5, "source": "SIPRI 2025",
                                     "note": "Assumption, with a range."}}]}
    found = {n.path: (n.kind, n.bare) for n in sourcing.audit(scenario_from_dict(data))}
    assert found["actors[0] (A).capability"] == ("assumption", True)
    assert found["actors[1] (B).capability"] == ("assumption", False)


def test_war_numbers_are_classed_by_source_and_note():
    """The war section's numbers go through the same rule: a citation with an 'Assumption' note and no range is
    bare; with a range, or with a plain note, it is not."""
    from detente.analysis.war.sourcing import _kind

    assert _kind("Kiel Institute", "Assumption: the US's running cost") == "assumption"
    assert _kind("Kiel Institute", "Range: the tracker's revisions") == "sourced"
    assert _kind("Fitted: COW durations", "Assumption before the fit") == "fitted"
    assert _kind("Definition", None) == "definition"
    assert _kind(None, "Assumption") == "none"


def test_a_structural_choice_is_ranged_by_the_structural_sensitivity():
    """Who proposes (talks.proposer_a) needs no input range: the structural sensitivity tries it at 0, its value
    and 1 (analysis/war/structural.py), which is its stated range; a number no choice varies is not ranged.
    The shipped scenario, with proposer_a's input range taken away."""
    import yaml

    import detente

    doc = yaml.safe_load(detente.example("istanbul_2025").read_text())
    doc["war"]["talks"]["proposer_a"] = {"value": 0.5, "source": "Assumption"}
    sc = scenario_from_dict(doc)
    found = {n.path: n for n in sourcing.audit(sc)}
    assert sc.war.numbers()["talks.proposer_a"].distribution is None
    assert found["war.talks.proposer_a"].ranged and not found["war.talks.proposer_a"].bare
    assert not found["war.front.area_km2"].ranged
