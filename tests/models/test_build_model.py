"""detente.models.build_model: the one way the CLI and the web give a model its rounds and variant."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.models import build_model


def test_a_variant_reaches_the_models_that_have_one():
    model = build_model("exchange", {"salience_weight": 0.5}, rounds=3, variant="random-rate")
    assert model.get_params() == detente.models.get("exchange", salience_weight=0.5, rounds=3,
                                                    variant="random-rate").get_params()
    assert build_model("exchange").variant == detente.models.get("exchange").variant  # no variant: the default
    assert build_model("eum", variant="random-rate", several=True).get_params() == detente.models.get("eum").get_params()


def test_a_variant_for_a_model_without_variants_is_an_error_naming_the_option():
    with pytest.raises(ValueError, match=r"^variant: model 'eum' has no variants \(the exchange model has\)$"):
        build_model("eum", variant="random-rate")
    with pytest.raises(ValueError, match=r"^--variant: model 'eum'"):
        build_model("eum", variant="random-rate", option="--variant")
    with pytest.raises(ValueError, match="variant must be one of"):
        build_model("exchange", variant="fair")


def test_forecast_variant_on_the_command_line(ec_path):
    result = CliRunner().invoke(app, ["forecast", str(ec_path), "-m", "eum", "--variant", "random-rate", "--no-store"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --variant: model 'eum' has no variants (the exchange model has)"
    result = CliRunner().invoke(app, ["forecast", str(ec_path), "-m", "exchange", "--variant", "random-rate",
                                      "--seed", "3", "--format", "json", "--no-store"])
    assert result.exit_code == 0, result.output
    assert '"variant": "random-rate"' in result.output
