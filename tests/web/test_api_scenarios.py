"""/api/scenarios: list, open, upload, validate, save; problems exactly as the CLI prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import detente
from detente.cli import app as cli

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
EUM_CSV = Path(detente.__file__).parent / "data" / "reference" / "eum" / "ec_car_emissions.csv"


def _cli_lines(path: Path, monkeypatch) -> list[str]:
    """What `detente validate NAME` prints on stderr, run in the file's folder (so problems name NAME)."""
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(cli, ["validate", path.name], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 2
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_lists_shipped_scenarios_and_the_users_folder(client, settings, ec):
    settings.scenario_dir.mkdir()
    detente.save(detente.scenario_from_dict(ec), settings.scenario_dir / "mine.yaml")
    (settings.scenario_dir / "broken.yaml").write_text("name: x\nactors: [\n")
    data = client.get("/api/scenarios").json()
    assert [s["name"] for s in data["shipped"]] == list(detente.examples())
    assert [s["name"] for s in data["user"]] == ["mine.yaml"]
    assert data["problems"][0]["file"] == "broken.yaml" and "not valid YAML" in data["problems"][0]["text"]


def test_opens_a_shipped_scenario_as_plain_data(client, ec):
    data = client.get("/api/scenarios/shipped/ec_car_emissions").json()
    assert data["scenario"] == ec and data["file"] == "ec_car_emissions.yaml"


@pytest.mark.parametrize("url", ["/api/scenarios/shipped/nope", "/api/scenarios/user/nope.yaml",
                                 "/api/scenarios/elsewhere/x"])
def test_unknown_scenarios_are_404_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("error: ")


def test_upload_reads_other_tools_formats_with_detentes_readers(client):
    response = client.post("/api/scenarios/upload", files={"file": (EUM_CSV.name, EUM_CSV.read_bytes(), "text/csv")})
    assert response.status_code == 200, response.text
    expected = detente.load(EUM_CSV).to_dict()
    assert response.json()["scenario"] == expected and response.json()["file"] == EUM_CSV.name


@pytest.mark.parametrize("name", ["unknown_actor.yaml", "text_in_number.csv", "yaml_syntax.yaml", "latin1.csv",
                                  "decide_undeclared_actor.txt", "duplicate_actor.csv"])
def test_a_malformed_upload_gets_the_clis_exact_lines(client, name, monkeypatch):
    path = BAD / name
    response = client.post("/api/scenarios/upload", files={"file": (name, path.read_bytes())})
    assert response.status_code == 422
    assert [p["text"] for p in response.json()["problems"]] == _cli_lines(path, monkeypatch)


def test_upload_with_an_explicit_format(client):
    response = client.post("/api/scenarios/upload", data={"format": "ktab"},
                           files={"file": ("ec.csv", EUM_CSV.read_bytes())})
    assert response.status_code == 422 and response.json()["problems"][0]["file"] == "ec.csv"


@pytest.mark.parametrize("edit", ["salience", "types"])
def test_validate_reports_field_paths_and_the_clis_exact_lines(client, ec, edit, tmp_path, monkeypatch):
    if edit == "salience":
        ec["positions"][3]["salience"] = 7
    else:
        del ec["positions"][0]["position"]
        ec["actors"][1]["capability"] = "lots"
    data = client.post("/api/scenarios/validate", json={"scenario": ec, "file": "ec.yaml"}).json()
    assert data["valid"] is False
    where = {p["where"] for p in data["problems"]}
    assert where == ({"positions[3].salience"} if edit == "salience" else {"actors[1].capability",
                                                                             "positions[0].position"})
    (tmp_path / "ec.yaml").write_text(yaml.safe_dump(ec))
    assert [p["text"] for p in data["problems"]] == _cli_lines(tmp_path / "ec.yaml", monkeypatch)


def test_validate_says_valid_as_the_cli_does(client, ec):
    ok = client.post("/api/scenarios/validate", json={"scenario": ec, "file": "ec.yaml"}).json()
    assert ok == {"valid": True, "problems": [], "summary": "valid: ec.yaml: scenario 'EC car emissions', "
                  "10 actors, 1 issues, 10 positions"}


def test_validate_rejects_a_body_that_is_not_a_scenario_request(client):
    response = client.post("/api/scenarios/validate", json={"scenario": [1, 2]})
    assert response.status_code == 422 and response.json()["problems"][0]["file"] == "request"


def test_save_writes_yaml_into_the_scenario_folder_only(client, settings, ec):
    ec["actors"][0]["capability"] = 0.5
    response = client.put("/api/scenarios/user/edited", json={"scenario": ec})
    assert response.status_code == 200 and response.json()["file"] == "edited.yaml"
    saved = settings.scenario_dir / "edited.yaml"
    assert yaml.safe_load(saved.read_text())["actors"][0]["capability"] == 0.5
    assert detente.load(saved).to_dict() == ec
    again = client.put("/api/scenarios/user/edited.yaml", json={"scenario": ec})
    assert again.status_code == 409 and "exists" in again.json()["detail"]
    assert client.put("/api/scenarios/user/edited.yaml", json={"scenario": ec, "overwrite": True}).status_code == 200


def test_an_invalid_scenario_is_not_saved(client, settings, ec):
    ec["positions"][0]["actor"] = "Atlantis"
    response = client.put("/api/scenarios/user/bad.yaml", json={"scenario": ec})
    assert response.status_code == 422
    assert response.json()["problems"][0]["text"] == ("error: bad.yaml: positions[0].actor: actor 'Atlantis' is not "
                                                      "in the actors list")
    assert not (settings.scenario_dir / "bad.yaml").exists()
