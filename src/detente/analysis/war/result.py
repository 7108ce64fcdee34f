"""The war answer's per-draw arrays and their summaries: the document ``detente war --format json`` prints.

Every figure is a distribution over the Monte Carlo draws, reported as its mean and 90% interval (5th-95th
percentiles; :func:`interval`). Per actor: the missed opportunity under the analyst's beliefs
(``missed_opportunity``, with ``p_positive``) and under the actor's own (``missed_opportunity_own``: per
type for A, who knows its type), ``p_observed_optimal`` (:mod:`.draw`), the best move, and per move its value
and ``levers`` (P(each third-party lever applied) after it). Top level: the counterfactuals' settlement and
terms, the joint missed opportunity, the break-even belief, the analyst's belief, the ``structural``
choices (:mod:`.structural`), and the record beside the model (``calibration.front``, ``aftermath``:
:mod:`.evidence`). docs/reference/json.md documents the shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ...scenario.war import WarSpec
from .draw import HORIZONS, TYPES, move_label

if TYPE_CHECKING:  # pandas is imported when a table is asked for
    import pandas as pd

__all__ = ["MissedOpportunityResult", "StoredWar", "interval"]

POSITIVE = 1e-9
#: What ``actors.<actor>.channels`` holds (docs/reference/json.md).
CHANNELS_METHOD = ("exact Shapley split of the missed opportunity (analyst's beliefs) over the channels authority, "
                   "signals, third_parties and battlefield, switched off in every order (16 node solves); 'value' at "
                   "the nominal inputs (rows add up to the nominal missed opportunity), 'mean'/'low'/'high' over the "
                   "run's first 'draws' draws only (a channel decomposition costs 16 node solves a draw)")


def interval(values) -> dict[str, float]:
    """Mean and 90% interval (5th, 95th percentiles) of the finite values; NaN when there are none."""
    values = np.asarray(values, dtype=float)
    ok = values[np.isfinite(values)]
    if ok.size == 0:
        return {"value": float("nan"), "low": float("nan"), "high": float("nan")}
    return {"value": float(ok.mean()), "low": float(np.quantile(ok, 0.05)), "high": float(np.quantile(ok, 0.95))}


def _missed(values: np.ndarray) -> dict[str, float]:
    return {**interval(values), "p_positive": float((values > POSITIVE).mean())}


@dataclass
class MissedOpportunityResult:
    """Per-draw values of the war answer and their summaries (see :func:`.missed_opportunity.missed_opportunity`).

    ``values[actor]`` is (draws, moves) under the analyst's beliefs; ``own[actor]`` the same under the actor's
    own ((draws, moves, 2) for A: per type, serious then stalling); ``optimal[actor]`` (draws,) the draw's
    P(observed move optimal); ``levers[actor]`` (draws, moves, levers) with names ``lever_names``.
    """

    spec: WarSpec
    draws: int
    seed: int
    moves: dict[str, list[dict[str, str]]]
    values: dict[str, np.ndarray]
    outcomes: dict[str, dict[str, np.ndarray]]
    own: dict[str, np.ndarray] = field(default_factory=dict)
    optimal: dict[str, np.ndarray] = field(default_factory=dict)
    levers: dict[str, np.ndarray] = field(default_factory=dict)
    lever_names: list[str] = field(default_factory=list)
    weights: np.ndarray | None = None  # (draws, 2): the analyst's and the others' P(stalling) after the moves
    strategy: np.ndarray | None = None  # (draws, 2, A's moves): A's equilibrium strategy per type
    move_outcomes: dict[str, np.ndarray] = field(default_factory=dict)  # A's moves: settled (draws, moves, H), terms
    joint: np.ndarray | None = None  # (draws, 2): joint missed opportunity, P(self-enforcing range)
    structural: list[dict[str, Any]] = field(default_factory=list)
    break_even: dict[str, Any] = field(default_factory=dict)
    refinement: str = "D1"
    nominal: dict[str, Any] = field(default_factory=dict)
    calibration: dict[str, Any] = field(default_factory=dict)  # {"front": ...} (:mod:`.evidence`)
    aftermath: list[dict[str, Any]] | None = None
    channels: dict[str, Any] = field(default_factory=dict)  # actor -> :func:`.channels.for_json`'s entry
    draws_rejected: dict[str, Any] = field(default_factory=dict)  # :func:`.consistency.summary`
    selection: np.ndarray | None = None  # (draws, 3): PBE surviving the refinement, A's lowest and highest missed

    def missed(self, actor: str) -> np.ndarray:
        """Per draw, under the analyst's beliefs: best move's value minus the observed move's (>= 0)."""
        v = self.values[actor]
        return v.max(axis=1) - v[:, 0]

    def missed_own(self, actor: str) -> np.ndarray:
        """Per draw under the actor's own beliefs: (draws,), or (draws, 2) per type for A."""
        v = self.own[actor]
        return v.max(axis=1) - v[:, 0]

    def _own_summary(self, actor: str) -> dict[str, Any]:
        if actor not in self.own:
            return {}
        m = self.missed_own(actor)
        if m.ndim == 2:
            return {t: _missed(m[:, k]) for k, t in enumerate(TYPES)}
        return _missed(m)

    def _move_entry(self, actor: str, k: int, best: np.ndarray) -> dict[str, Any]:
        entry = {"move": move_label(self.moves[actor][k]), "observed": k == 0, **interval(self.values[actor][:, k]),
                 "best_share": float(best[k] / self.draws)}
        if actor in self.levers:
            entry["levers"] = {n: interval(self.levers[actor][:, k, j]) for j, n in enumerate(self.lever_names)}
        if actor == self.spec.a:
            if self.move_outcomes:
                settled, terms = self.move_outcomes["settled"], self.move_outcomes["terms"]
                entry.update({f"settled_{h}": interval(settled[:, k, i])
                              for i, h in enumerate(HORIZONS[: settled.shape[2]])})
                entry["terms"] = interval(terms[:, k])
            if self.strategy is not None:
                entry["strategy"] = {t: interval(self.strategy[:, i, k]) for i, t in enumerate(TYPES)}
        return entry

    def summary(self, actor: str) -> dict[str, Any]:
        """The actor's entry of the JSON document (see the module doc)."""
        best = np.bincount(self.values[actor].argmax(axis=1), minlength=len(self.moves[actor]))
        out = {"observed_move": move_label(self.moves[actor][0]),
               "missed_opportunity": _missed(self.missed(actor)),
               "missed_opportunity_own": self._own_summary(actor),
               "p_observed_optimal": float(np.mean(self.optimal[actor])) if actor in self.optimal else None,
               "best_move": move_label(self.moves[actor][int(best.argmax())]),
               "best_move_share": float(best.max() / self.draws),
               "moves": [self._move_entry(actor, k, best) for k in range(len(self.moves[actor]))]}
        if actor in self.channels:
            out["channels"] = self.channels[actor]
        return out

    def joint_summary(self) -> dict[str, float]:
        """The joint missed opportunity (mean, 90% interval) and the mean P(a self-enforcing range); {} when
        the node does not report it."""
        if self.joint is None or not np.isfinite(self.joint).any():
            return {}
        return {**interval(self.joint[:, 0]), "p_range": float(np.nanmean(self.joint[:, 1]))}

    def selection_summary(self) -> dict[str, Any]:
        """Where the refinement leaves several equilibria: the share of the draws where it does, and A's missed
        opportunity (analyst's beliefs) under the surviving equilibrium with the lowest and with the highest
        (mean, 90% interval over every draw; with one survivor both are the answer's own); {} without them."""
        if self.selection is None:
            return {}
        sel = np.asarray(self.selection, dtype=float)
        return {"actor": self.spec.a, "rule": "sender-optimal", "several_equilibria": float(np.mean(sel[:, 0] > 1)),
                "survivors": interval(sel[:, 0]), "lowest": interval(sel[:, 1]), "highest": interval(sel[:, 2])}

    def beliefs(self) -> dict[str, Any]:
        """P(A is the stalling type) after the observed moves: the analyst's and the one B and third parties hold."""
        if self.weights is None:
            return {}
        return {"analyst_stalling": interval(self.weights[:, 0]), "posterior_stalling": interval(self.weights[:, 1])}

    def counterfactual_table(self) -> list[dict[str, Any]]:
        """Per counterfactual (observed first): P(settled within 6/12/24 rounds), P(A or B quits within them),
        A's terms in a settlement, A's expected share of the stake at the horizon, each actor's value."""
        labels = {"observed": "Observed moves"} | {cf.name: cf.label for cf in self.spec.counterfactuals}
        rows = []
        for name, out in self.outcomes.items():
            row = {"counterfactual": name, "label": labels[name]}
            for k, h in enumerate(HORIZONS[: out["settled"].shape[1]]):
                row[f"settled_{h}"] = interval(out["settled"][:, k])
            for key in ("quit_a", "quit_b"):
                if key in out:
                    row.update({f"{key}_{h}": interval(out[key][:, k])
                                for k, h in enumerate(HORIZONS[: out[key].shape[1]])})
            row["terms"] = interval(out["terms"])
            row["share"] = interval(out["share"])
            row["values"] = {a: interval(out["values"][:, i]) for i, a in enumerate(self.spec.moves)}
            rows.append(row)
        return rows

    @property
    def bands(self) -> dict[str, dict[str, list[float]]]:
        """Per counterfactual (observed first): P(settled within t rounds), t = 1, 2, ...: ``mean``, ``low``
        and ``high`` (5th and 95th percentiles over the draws)."""
        return {name: {"mean": out["curve"].mean(axis=0).tolist(),
                       "low": np.quantile(out["curve"], 0.05, axis=0).tolist(),
                       "high": np.quantile(out["curve"], 0.95, axis=0).tolist()} for name, out in self.outcomes.items()}

    def to_tables(self) -> dict[str, "pd.DataFrame"]:
        """The run store's tables: ``summaries`` (issue = an actor, a counterfactual or ``joint``; statistic = the
        summary's key: ``missed_opportunity.value``, ``p_observed_optimal``, ``missed_opportunity_own.stalling.value``,
        ...), ``draws`` (each actor's missed opportunity per draw, series ``missed_opportunity``) and the ``war``
        document: :meth:`to_json` plus the settlement bands (:attr:`bands`), what :class:`StoredWar` re-opens."""
        import pandas as pd

        from ...tidy import SUMMARY_COLUMNS, documents_table

        doc = self.to_json()
        draws = [pd.DataFrame({"draw": np.arange(len(mo)), "issue": actor, "series": "missed_opportunity",
                               "value": mo}) for actor, mo in ((a, self.missed(a)) for a in self.spec.moves)]
        return {"summaries": pd.DataFrame(_summary_rows(doc), columns=SUMMARY_COLUMNS).astype({"value": float}),
                "draws": pd.concat(draws, ignore_index=True),
                "documents": documents_table({"war": {**doc, "settlement": self.bands}})}

    @classmethod
    def from_tables(cls, tables: dict[str, "pd.DataFrame"], record: dict[str, Any]) -> "StoredWar | None":
        """The war answer of a stored run, behind the interface the war report reads (:class:`StoredWar`); None
        for a run recorded without its ``war`` document, or by an earlier war game whose ``war:`` section the
        current schema no longer reads (its tables remain)."""
        from ...scenario import Scenario
        from ...tidy import documents_of

        doc = documents_of(tables).get("war")
        try:
            sc = Scenario.model_validate(record["scenario"])
        except ValueError:  # pydantic's ValidationError is one: a scenario of an earlier war game
            return None
        if doc is None or sc.war is None:
            return None
        return StoredWar(sc.war, doc, sc)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (docs/reference/json.md, section ``detente war``)."""
        return {"node": self.spec.node, "draws": self.draws, "seed": self.seed, "refinement": self.refinement,
                "beliefs": self.beliefs(), "levers": list(self.lever_names),
                "actors": {a: self.summary(a) for a in self.spec.moves},
                "counterfactuals": self.counterfactual_table(),
                "joint_missed_opportunity": self.joint_summary(),
                "break_even": self.break_even, "structural": self.structural,
                "equilibrium_selection": self.selection_summary(),
                "calibration": self.calibration, "aftermath": self.aftermath,
                "draws_rejected": self.draws_rejected, "channels_method": CHANNELS_METHOD if self.channels else None}


def _summary_rows(doc: dict[str, Any]) -> list[tuple[str, str, float]]:
    """``(issue, statistic, value)`` rows of the war document's summaries
    (see :meth:`MissedOpportunityResult.to_tables`)."""
    rows = []
    for actor, s in doc["actors"].items():
        rows += [(actor, f"missed_opportunity.{k}", v) for k, v in s["missed_opportunity"].items()]
        if s.get("p_observed_optimal") is not None:
            rows.append((actor, "p_observed_optimal", s["p_observed_optimal"]))
        own = s.get("missed_opportunity_own") or {}
        for typ, entry in ({"": own} if "value" in own else own).items():  # per type for A, who knows its type
            prefix = f"missed_opportunity_own{'.' + typ if typ else ''}"
            rows += [(actor, f"{prefix}.{k}", v) for k, v in entry.items()]
    for cf in doc["counterfactuals"]:
        for key, value in cf.items():
            if isinstance(value, dict) and "value" in value:
                rows.append((cf["counterfactual"], key, value["value"]))
    rows += [("joint", f"joint_missed_opportunity.{k}", v) for k, v in doc["joint_missed_opportunity"].items()]
    return rows


@dataclass
class StoredWar:
    """A re-opened ``detente war`` run: its stored document behind the interface the war report reads.

    ``spec`` is the stored scenario's ``war:`` section; its actors are put back in the document's order
    (the run store keeps the scenario with sorted keys).
    """

    spec: Any
    doc: dict[str, Any]
    scenario: Any = None  # the stored scenario (a Scenario), whose content hash the report's header shows

    def __post_init__(self):
        order = [a for a in self.doc["actors"] if a in self.spec.moves]
        order += [a for a in self.spec.moves if a not in order]
        self.spec = self.spec.model_copy(update={"moves": {a: self.spec.moves[a] for a in order}})

    @property
    def draws(self) -> int:
        return int(self.doc["draws"])

    @property
    def seed(self) -> int:
        return int(self.doc["seed"])

    @property
    def bands(self) -> dict[str, dict[str, list[float]]]:
        return self.doc["settlement"]

    @property
    def break_even(self) -> dict[str, Any]:
        return self.doc["break_even"]

    @property
    def structural(self) -> list[dict[str, Any]]:
        return self.doc.get("structural") or []  # runs stored before the structural choices have none

    @property
    def lever_names(self) -> list[str]:
        return self.doc.get("levers") or []

    @property
    def refinement(self) -> str | None:
        return self.doc.get("refinement")  # None: a run of the first war game

    @property
    def calibration(self) -> dict[str, Any]:
        return self.doc.get("calibration") or {}

    @property
    def aftermath(self) -> list[dict[str, Any]] | None:
        return self.doc.get("aftermath")

    @property
    def draws_rejected(self) -> dict[str, Any]:
        return self.doc.get("draws_rejected") or {}  # runs stored before the month-0 rejection have none

    def summary(self, actor: str) -> dict[str, Any]:
        return self.doc["actors"][actor]

    def counterfactual_table(self) -> list[dict[str, Any]]:
        return self.doc["counterfactuals"]

    def joint_summary(self) -> dict[str, float]:
        return self.doc["joint_missed_opportunity"]

    def selection_summary(self) -> dict[str, Any]:
        return self.doc.get("equilibrium_selection") or {}  # runs stored before it have none

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.doc.items() if k != "settlement"}
