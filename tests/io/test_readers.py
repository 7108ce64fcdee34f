"""Readers on the real shipped files; expected counts and values come from the files' documentation
(shared/data/README.md, written from the sources; copy: tests/fixtures/reference-data-README.md) and from
reading the files by eye."""

from __future__ import annotations

import pytest

import detente
from detente.datasets import reference_path as ref
from detente.io import deu3
from detente.models import council


def _load(*parts, **kw):
    return detente.load(ref(*parts), **kw)


# ------------------------------------------------------------------ EUM CSV
@pytest.mark.parametrize("name", ["ec_car_emissions.csv", "ExampleActors.csv", "ExampleActors_dmasad.csv"])
def test_eum_csv_variants_give_the_same_ec_example(name):
    """Same 10 actors in three spellings: lower-case header, jmckib's header, dmasad's bare-CR 0-100 file."""
    d = _load("eum", name).issue_data(_load("eum", name).issue_names[0])
    assert d.actors[:3] == ("Netherlands", "Belgium", "Luxembourg")
    assert d.position.tolist() == [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
    assert d.salience.tolist() == pytest.approx([0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7])
    assert (d.lower, d.upper) == (4, 10) and d.capability.sum() == pytest.approx(1.01)


def test_eum_csv_stakeholder_header_and_tiny_resources():
    sc = _load("eum", "HondurasCrisisData.csv")
    d = sc.issue_data(sc.issue_names[0])
    assert d.n == 5 and d.capability[0] == pytest.approx(0.0001958) and (d.lower, d.upper) == (0, 1)
    assert _load("eum", "ChinaData.csv").issue_data("ChinaData").n == 24
    assert _load("eum", "Sultan.csv").issue_data("Sultan").n == 17


def test_eum_csv_round_trip(tmp_path):
    sc = _load("eum", "ec_car_emissions.csv")
    back = detente.load(detente.save(sc, tmp_path / "ec.csv", format="eum"), format="eum")
    assert back.issue_data("ec").position.tolist() == sc.issue_data("ec_car_emissions").position.tolist()


# ------------------------------------------------------------------ Decide
@pytest.mark.parametrize("name, actors, issues, rows", [
    ("sample_data.txt", 10, 6, 60), ("copenhagen.csv", 11, 7, 75), ("cop21.csv", 15, 13, 181),
    ("cop21_full_802ebd1.csv", 15, 13, 181), ("CoP21_802ebd1.csv", 15, 13, 181)])
def test_decide_counts(name, actors, issues, rows):
    sc = _load("decide", name)
    assert (len(sc.actors), len(sc.issues), len(sc.positions)) == (actors, issues, rows)


def test_decide_scales_labels_and_ids():
    toll = _load("decide", "sample_data.txt")
    assert (toll.issue("tol-hoogte").lower, toll.issue("tol-hoogte").upper) == (0.5, 7)
    assert toll.issue("wanneer-tol").description == "Wat is dit voor onzin?"
    assert "Canadas" in _load("decide", "copenhagen.csv").actor_names
    assert "EU (incl Norway)" in _load("decide", "copenhagen.csv").actor_names
    full = _load("decide", "cop21_full_802ebd1.csv")
    assert sorted(full.issue("differentiation").labels) == [0, 25, 50, 75, 100]
    cop = _load("decide", "cop21.csv")
    assert len(cop.issue_data("amb2050").actors) == 8


def test_decide_semicolon_variant_has_the_same_positions():
    """CoP21.csv (semicolons, some ids without underscores) holds the numbers of data.csv (tabs)."""
    tab, semi = _load("decide", "cop21_full_802ebd1.csv"), _load("decide", "CoP21_802ebd1.csv")
    key = lambda sc: sorted((p.issue.replace("_", ""), p.position, p.salience) for p in sc.positions)  # noqa: E731
    assert key(tab) == key(semi)


def test_decide_planted_errors_are_found_with_their_lines():
    with pytest.raises(detente.ScenarioError) as info:
        _load("decide", "copenhagen_with_errors.csv")
    text = str(info.value)
    assert "line 86: #D record: position 160 of Russia/Control is outside" in text
    assert "line 87: #D record: power -0.247 of China India must be >= 0" in text


# ------------------------------------------------------------------ KTAB
@pytest.mark.parametrize("name, actors, dims", [
    ("dummyData_3Dim.csv", 7, 3), ("dummyData_3Dim-no-final-comma.csv", 7, 3), ("dummyData_6Dim.csv", 27, 6),
    ("dummyData-a040.csv", 40, 1), ("dummyData-a160.csv", 160, 1), ("SOE-Pol-Comp.csv", 13, 2),
    ("SOE-Policy.csv", 26, 1), ("SOE-Competitive.csv", 34, 1)])
def test_ktab_counts(name, actors, dims):
    sc = _load("ktab", name)
    assert (len(sc.actors), len(sc.issues), len(sc.positions)) == (actors, dims, actors * dims)


def test_ktab_values_and_names():
    sc = _load("ktab", "dummyData_3Dim.csv")
    assert sc.issue_names == ["Pstn1", "Pstn2", "Pstn3"]
    assert sc.actor("SActor-00").capability == 102.543
    first = sc.issue_data("Pstn1")
    assert first.position[0] == 75.79 and first.salience[0] == pytest.approx(0.4953)
    assert _load("ktab", "SOE-Pol-Comp.csv").issue_names == ["Policy", "Competitive"]
    same = _load("ktab", "dummyData_3Dim-no-final-comma.csv")
    assert [p.position for p in same.positions] == [p.position for p in sc.positions]


# ------------------------------------------------------------------ DEU III
def test_deu3_counts():
    """README: 364 issues, 30 actors; out on 353, rp on 261 (the GDP row is not an issue)."""
    sc = _load("deu3", "deu3.csv")
    assert len(sc.issues) == 364 and len(sc.actors) == 30
    assert sum(i.outcome is not None for i in sc.issues) == 353
    assert sum(i.status_quo is not None for i in sc.issues) == 261


def test_deu3_quirks():
    sc = _load("deu3", "deu3.csv")
    first = sc.issue("d00032i1")
    assert first.metadata["year"] == 2000 and first.metadata["counvte"] == "QMV"
    assert first.metadata["intro"] == "26-01-00" and first.metadata["finact"] == "1930-05-01"  # kept verbatim
    assert deu3.proposal_year("n99123") == 1999 and deu3.proposal_year("a04163") == 2004
    assert deu3.proposal_year("d170245") == 2017
    # the data README: "365 cells have a position and salience 0 ...; 54 cells have a position and a blank salience"
    assert sum(i.metadata["positions_without_salience"] for i in sc.issues) == 54
    zero = [p for p in sc.positions if p.salience == 0]
    assert len(zero) == 365  # real positions held with salience 0


def test_deu3_backtest_filter_keeps_351_and_splits_211_140():
    scs = deu3.backtest_scenarios(ref("deu3", "deu3.csv"))
    assert len(scs) == 351
    years = [sc.issues[0].metadata["year"] for sc in scs]
    assert sum(y < 2005 for y in years) == 211 and sum(y >= 2005 for y in years) == 140
    dropped = {i.name for i in _load("deu3", "deu3.csv").issues} - {sc.name for sc in scs}
    assert {"n98189i2", "n03327i3", "d95341i2", "d05127i1"} <= dropped and len(dropped) == 13


def test_deu3_capability_options():
    gdp = _load("deu3", "deu3.csv", capability="gdp")
    assert gdp.actor("de").capability == 4.1 and gdp.actor("uk").capability == 2.64
    with pytest.raises(detente.ScenarioError, match="read_scenarios"):
        _load("deu3", "deu3.csv", capability="votes")
    votes = {sc.name: sc for sc in deu3.read_scenarios(ref("deu3", "deu3.csv"), capability="votes")}
    early = votes["d00032i1"]  # 2000, EU-15: Amsterdam weights
    assert early.actor("de").capability == 10 and early.actor("lu").capability == 2
    assert early.actor("com").capability == 10
    late = next(sc for sc in votes.values() if 2005 <= sc.issues[0].metadata["year"] < 2014)
    assert late.actor(late.actor_names[0]).capability in (*council.NICE.values(),)


def test_format_detection_picks_the_right_reader():
    for parts, fmt in [(("deu3", "deu3.csv"), "deu3"), (("ktab", "dummyData_6Dim.csv"), "ktab"),
                       (("decide", "cop21.csv"), "decide"), (("eum", "Sultan.csv"), "eum")]:
        text = detente.io.read_text(ref(*parts))
        assert [f.name for f in detente.io.formats().values() if f.sniff(text)][0] == fmt
