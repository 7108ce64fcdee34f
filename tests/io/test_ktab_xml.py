"""KTAB's SMP scenario XML reader against the XML scenarios our KTAB build ran.

Expected values: the numbers written in each XML (``tests/fixtures/ktab/xml-*.json``, field ``arrays``,
made by the procedure in ``tests/fixtures/ktab/README.md``), which is what KTAB's ``SMPModel::xmlRead``
read in those runs (its log prints the same per actor).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import detente
from detente.io import ktab_xml

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "ktab").glob("xml-*.json"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_reads_what_ktab_read(path, tmp_path):
    fixture = json.loads(path.read_text())
    xml = tmp_path / fixture["input"]["file"]
    xml.write_text(fixture["input"]["xml"])
    sc = detente.load(xml)
    arrays = fixture["arrays"]
    assert sc.actor_names == arrays["actors"]
    data = [sc.issue_data(i) for i in sc.issue_names]
    assert [a.capability for a in sc.actors] == [float(c) for c in arrays["capability"]]
    assert np.array_equal(np.column_stack([d.position for d in data]), np.array(arrays["position"], dtype=float))
    assert np.array_equal(np.column_stack([d.salience for d in data]), np.array(arrays["salience"], dtype=float) / 100)
    assert ktab_xml.switches(fixture["input"]["xml"]) == fixture["parameters"]
    assert np.array_equal(ktab_xml.accommodation(fixture["input"]["xml"], sc.actor_names),
                          np.array(arrays["accommodation"]))


def test_unknown_actor_in_ideal_adjustment_is_named():
    text = json.loads(FIXTURES[0].with_name("xml-smpExample-deterministic.json").read_text())["input"]["xml"]
    with pytest.raises(detente.ScenarioError, match="actor 'Zed' is not in the Actors list"):
        ktab_xml.accommodation(text.replace("<referencePos>Alice</referencePos>", "<referencePos>Zed</referencePos>",
                                            1), ["Alice", "Bob", "Carol", "David", "Ellie"])


def test_not_xml_gives_line_and_column(tmp_path):
    bad = tmp_path / "s.xml"
    bad.write_text("<Scenario><Actors><Dimensions>\n<broken")
    with pytest.raises(detente.ScenarioError, match="not well-formed XML"):
        detente.load(bad, format="ktab-xml")
