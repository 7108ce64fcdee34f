"""detente's native YAML format (also reads the same structure as JSON).

Example::

    name: EC car emissions
    source: Bueno de Mesquita (1994), p. 78
    actors:
      - {name: Germany, capability: 0.16}
    issues:
      - {name: years, lower: 4, upper: 10, outcome: 8.833}
    positions:
      - {actor: Germany, issue: years, position: 4, salience: 0.8}

See :mod:`detente.scenario` for every field.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import ScenarioError
from ..scenario import Scenario, scenario_from_dict
from .format import Format
from ._yaml_load import YamlProblem
from ._yaml_load import load as load_yaml


def sniff(text: str) -> bool:
    head = text.lstrip()[:4000]
    return (head.startswith("name:") or "\nactors:" in head or head.startswith("actors:")
            or head.startswith("{") and '"actors"' in head)


def parse(text: str, file: str) -> Any:
    """YAML (or JSON) text as plain data; every problem a :class:`ScenarioError` naming its line.

    Read by :func:`._yaml_load.load`: libyaml's parser, no recursion (deep nesting is an error, not a
    ``RecursionError``), a size limit, and a key repeated in one mapping is an error naming both lines.
    """
    try:
        return load_yaml(text)
    except YamlProblem as exc:
        raise ScenarioError.single(file, f"line {exc.line}" if exc.line else "", exc.message) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError.single(file, where, f"not valid YAML: {problem}") from None


def read(text: str, file: str) -> Scenario:
    """Parse YAML (or JSON) text into a validated scenario (see :func:`parse`)."""
    return scenario_from_dict(parse(text, file), file)


class _Dumper(yaml.SafeDumper):
    pass


def _flow_small_mappings(dumper: yaml.SafeDumper, data: dict):
    flow = all(not isinstance(v, (dict, list)) for v in data.values()) and len(data) <= 6
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


_Dumper.add_representer(dict, _flow_small_mappings)


def write(scenario: Scenario) -> str:
    """The scenario as YAML text (block style, one record per line)."""
    return yaml.dump(scenario.to_dict(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


FORMAT = Format(
    name="yaml",
    description="detente YAML: name, actors, issues, positions",
    suffixes=(".yaml", ".yml", ".json"),
    sniff=sniff,
    read=read,
    write=write,
)
