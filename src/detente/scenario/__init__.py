"""The scenario: actors, issues, each actor's position and salience per issue, and a war's ``war:`` section.

This is the validated form every reader produces and every model consumes. Validation happens here,
with pydantic, once; models then read plain numpy arrays through :meth:`Scenario.issue_data` (and the
war model the :class:`WarSpec`).

Modules
-------
numbers
    A number with its evidence and, optionally, a distribution (the grammar every number shares).
schema
    Actors, issues, positions and the :class:`Scenario` itself, with its consistency checks.
problems
    The boundary: plain data in, a :class:`Scenario` or every problem (file, record, field, expectation) out.
war
    The ``war:`` section: a bargaining-while-fighting game as data.
"""

from .numbers import Distribution, Evidence, split_number
from .schema import (
    MAX_RECORDS,
    Actor,
    Issue,
    IssueData,
    Position,
    Scenario,
)
from .problems import problems_from_validation, scenario_from_dict
from .war import WarSpec

__all__ = [
    "Distribution",
    "Evidence",
    "Actor",
    "Issue",
    "Position",
    "Scenario",
    "IssueData",
    "WarSpec",
    "scenario_from_dict",
    "problems_from_validation",
    "MAX_RECORDS",
    "split_number",
]
