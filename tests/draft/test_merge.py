"""``detente merge``: analysts' differing numbers become triangular distributions that simulate carries.

Expected numbers: the triangular (low, mode, high) is (lowest, median, highest) of the analysts' values
(detente.draft.merge); a triangular's mean is (low + mode + high) / 3 (Johnson & Kotz, *Continuous
Univariate Distributions*, vol. 2, ch. 26), which the Monte Carlo's drawn inputs must average to.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from typer.testing import CliRunner

import detente
from detente.analysis.simulate import simulate
from detente.cli import app

runner = CliRunner()


def _scenario(russia_position, salience, extra_actor=False, war=None):
    actors = [{"name": "Russia", "capability": {"value": 0.35, "source": "SIPRI"}}, {"name": "Ukraine",
                                                                                    "capability": 0.15}]
    positions = [{"actor": "Russia", "issue": "territory", "position": {"value": russia_position, "source": "memo"},
                  "salience": salience},
                 {"actor": "Ukraine", "issue": "territory", "position": 0, "salience": 1.0}]
    if extra_actor:
        actors.append({"name": "Turkey", "capability": 0.05})
        positions.append({"actor": "Turkey", "issue": "territory", "position": 60, "salience": 0.3})
    data = {"name": "Istanbul", "actors": actors, "issues": [{"name": "territory", "lower": 0, "upper": 100}],
            "positions": positions}
    if war:
        data["war"] = war
    return data


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_merge_makes_triangular_distributions_with_each_analysts_evidence(tmp_path):
    a = _write(tmp_path, "alice", _scenario(100, 0.9))
    b = _write(tmp_path, "bob", _scenario(70, 0.8, extra_actor=True))
    c = _write(tmp_path, "carol", _scenario(90, 0.9))
    out = tmp_path / "merged.yaml"
    result = runner.invoke(app, ["merge", str(a), str(b), str(c), "-o", str(out), "--report"])
    assert result.exit_code == 0, result.output
    assert "actor 'Turkey' only in bob" in result.output
    assert "Russia/territory: position" in result.output  # the report's top disagreement
    sc = detente.load(out)
    pos = next(p for p in sc.positions if p.actor == "Russia")
    dist = pos.uncertainty["position"]
    assert (dist.kind, dist.low, dist.mode, dist.high) == ("triangular", 70, 90, 100)
    assert pos.position == 90
    source = pos.evidence["position"].source
    assert "alice: 100 (memo)" in source and "bob: 70 (memo)" in source and "carol: 90 (memo)" in source
    sal = pos.uncertainty["salience"]
    assert (sal.low, sal.mode, sal.high) == (0.8, 0.9, 0.9)
    assert "capability" not in sc.actor("Russia").uncertainty  # all three agree: a plain number
    assert sc.actor("Russia").evidence["capability"].source == "SIPRI"


def test_simulate_carries_the_disagreement_as_uncertainty(tmp_path):
    a = _write(tmp_path, "alice", _scenario(100, 0.9))
    b = _write(tmp_path, "bob", _scenario(70, 0.9))
    out = tmp_path / "merged.yaml"
    assert runner.invoke(app, ["merge", str(a), str(b), "-o", str(out)]).exit_code == 0
    sc = detente.load(out)
    sim = simulate(sc, "eum", draws=400, seed=3)
    assert any("Russia" in label for label in sim.inputs)
    k = list(sim.actors["territory"]).index("Russia")
    drawn = sim.positions["territory"][:, 0, k]
    assert drawn.min() >= 70 and drawn.max() <= 100 and drawn.std() > 3
    mean = (70 + 85 + 100) / 3  # two analysts: the mode is their midpoint
    sd = np.sqrt((70**2 + 85**2 + 100**2 - 70 * 85 - 70 * 100 - 85 * 100) / 18)
    assert abs(drawn.mean() - mean) < 4 * sd / np.sqrt(400)
    assert sim.outcomes[:, 0].std() > 0  # the forecast itself spreads
    same = detente.load(a)
    assert not same.uncertain


def test_merge_war_sections_number_by_number(tmp_path):
    war_a = {"front": {"length": 20, "share_a": {"value": 0.78, "low": 0.74, "high": 0.82, "source": "ISW"}}}
    war_b = {"front": {"length": 20, "share_a": {"value": 0.70, "source": "DeepState"}}}
    from detente.draft.merge import MergeResult
    from detente.draft.merge_war import merge_war

    result = MergeResult(data={})
    merged = merge_war({"alice": war_a, "bob": war_b}, result)
    assert merged["front"]["length"] == 20
    assert merged["front"]["share_a"]["triangular"] == [0.70, 0.74, 0.82]
    assert "alice: 0.78 (ISW)" in merged["front"]["share_a"]["source"]
    assert result.disagreements[0]["where"] == "war.front.share_a"


def test_merge_refuses_issues_on_different_scales(tmp_path):
    a = _write(tmp_path, "alice", _scenario(100, 0.9))
    other = _scenario(7, 0.9)
    other["issues"][0]["upper"] = 10
    other["positions"][1]["position"] = 0
    b = _write(tmp_path, "bob", other)
    out = tmp_path / "merged.yaml"
    result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(out)])
    assert result.exit_code == 2 and "different scales" in result.output and not out.exists()


def test_merging_two_versions_of_the_istanbul_scenario_keeps_agreed_ranges(tmp_path):
    """Bob differs from the shipped scenario on Russia's capability and the war's withdrawal hazard only."""
    shipped = (Path(detente.__file__).parent / "data" / "scenarios" / "istanbul_2025.yaml").read_text()
    alice = tmp_path / "alice.yaml"
    alice.write_text(shipped)
    bob = tmp_path / "bob.yaml"
    bob.write_text(shipped.replace("capability: {value: 0.35,", "capability: {value: 0.45,")
                   .replace("withdrawal_hazard: {value: 0.03,", "withdrawal_hazard: {value: 0.05,"))
    out = tmp_path / "merged.yaml"
    result = runner.invoke(app, ["merge", str(alice), str(bob), "-o", str(out), "--report"])
    assert result.exit_code == 0, result.output
    merged, original = detente.load(out), detente.load(alice)
    assert merged.actor("Russia").uncertainty["capability"].mode == 0.4
    for p, q in zip(merged.positions, original.positions):  # the analysts agree: ranges kept as written
        assert (p.position, p.uncertainty, p.evidence) == (q.position, q.uncertainty, q.evidence)
    hazard = yaml.safe_load(out.read_text())["war"]["withdrawal_hazard"]
    assert hazard["triangular"] == [0.01, 0.04, 0.06]  # lowest low, median of 0.03 and 0.05, highest high
    assert merged.war is not None
