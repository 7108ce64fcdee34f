"""detente war on the shipped Istanbul 2025 scenario: the section's numbers, the command's output and exit codes.

The analysis' own numbers are checked on a closed-form stand-in node in test_war_answer.py; the game's and the
node's against the literature's values in tests/models/war/. Here: every number has its evidence, draws stay in
their ranges, the command prints the documented JSON and report, and bad input exits 2 naming file and field.
No value is copied from our output.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import detente
from detente.analysis.war import missed_opportunity as mo
from detente.cli import app
from detente.errors import ScenarioError

ISTANBUL = detente.example("istanbul_2025")


@pytest.fixture(scope="module")
def spec():
    return detente.load(ISTANBUL).war


def test_every_number_of_the_war_section_has_a_source(spec):
    """Rule 2 of the project: every number has evidence (a source, or an explicit 'Assumption')."""
    missing = [label for label, num in spec.numbers().items() if not num.source]
    assert not missing


def test_uncertain_numbers_are_drawn_within_their_ranges(spec):
    """Each uniform number's 50 draws lie in [low, high]; the scenario must have some uniform numbers (it has
    ranges in its war section), or the check would pass without checking anything."""
    draws = [mo.draw_params(spec, s) for s in np.random.SeedSequence(3).spawn(50)]
    uniform = [label for label, num in spec.numbers().items()
               if num.distribution is not None and num.distribution.kind == "uniform"]
    assert uniform, "no number of the Istanbul war section is uniform: the range check below checks nothing"
    for label in uniform:
        num = spec.numbers()[label]
        values = [d[label] for d in draws]
        assert min(values) >= num.distribution.low and max(values) <= num.distribution.high


def test_alternatives_put_the_observed_move_first(spec):
    for actor in spec.moves:
        alts = mo.alternatives(spec, actor)
        assert alts[0] == {f"{actor}.{m}": v for m, v in spec.observed[actor].items()}
        assert len(alts) == int(np.prod([len(v) for v in spec.moves[actor].values()]))


def _small(tmp_path):
    """The shipped scenario with a coarse game (3 months, 3 belief points, 5,000 km2 steps): the real node in
    seconds, for the command's plumbing end to end."""
    data = yaml.safe_load(ISTANBUL.read_text())
    data["war"].update(horizon=3, belief_points=3)
    data["war"]["front"]["step_km2"] = {"value": 5000, "source": "test: a coarse front"}
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.war_node
@pytest.mark.slow
def test_war_command_json_table_and_report_on_the_real_node(tmp_path):
    runner = CliRunner()
    small = _small(tmp_path)
    res = runner.invoke(app, ["war", str(small), "--draws", "1", "--seed", "2", "--format", "json",
                              "--structural-draws", "0", "--no-store", "--workers", "1",
                              "--html", str(tmp_path / "war.html")])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout[res.stdout.index("{"):])
    assert doc["draws"] == 1 and doc["refinement"] == "D1" and doc["structural"] == []
    russia = doc["actors"]["Russia"]
    assert {"missed_opportunity", "missed_opportunity_own", "p_observed_optimal"} <= set(russia)
    assert all("levers" in move for move in russia["moves"])
    html = (tmp_path / "war.html").read_text()
    assert "<script src=" not in html and "Plotly" in html and "after each move" in html


def test_war_command_prints_the_new_tables(tmp_path):
    """On the stand-in node (tests/conftest.py): the table output names P(observed optimal), the levers and
    the structural choices."""
    res = CliRunner().invoke(app, ["war", str(ISTANBUL), "--draws", "2", "--structural-draws", "1", "--no-store",
                                   "--workers", "1"])
    assert res.exit_code == 0, res.output
    for text in ("P(observed optimal)", "after each move", "structural choices"):
        assert text in res.output


def test_an_unknown_refinement_exits_2():
    res = CliRunner().invoke(app, ["war", str(ISTANBUL), "--refinement", "perfect", "--no-store"])
    assert res.exit_code == 2 and "Traceback" not in res.output


@pytest.mark.parametrize("path,value,message", [
    (("war", "talks", "authority", "aide"), 1.5, "war.talks.authority.aide"),
    (("war", "observed", "Russia", "delegation"), "general", "observed.Russia.delegation"),
])
def test_bad_war_section_gives_file_and_field_and_exit_2(tmp_path, path, value, message):
    data = yaml.safe_load(ISTANBUL.read_text())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError) as exc:
        detente.load(bad)
    assert any(message in str(p) for p in exc.value.problems)
    res = CliRunner().invoke(app, ["war", str(bad), "--draws", "2", "--no-store"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output and str(bad) in res.output


def test_scenario_without_a_war_section_is_a_clear_error():
    res = CliRunner().invoke(app, ["war", str(detente.example("ec_car_emissions")), "--no-store"])
    assert res.exit_code == 2 and "no war: section" in res.output


def test_war_section_survives_a_yaml_round_trip(tmp_path):
    """detente.save then detente.load gives the same scenario (same content hash, same draws' ranges)."""
    sc = detente.load(ISTANBUL)
    detente.save(sc, tmp_path / "again.yaml")
    again = detente.load(tmp_path / "again.yaml")
    assert again.content_hash() == sc.content_hash()
    assert {k: v.bounds for k, v in again.war.numbers().items()} == {k: v.bounds for k, v in sc.war.numbers().items()}
