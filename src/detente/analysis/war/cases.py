"""From COW participant rows and ICB crises to one row per war or crisis, with only what was known at the start.

War level (COW Inter-State War v4.0, codes in :mod:`detente.io.cow`):

* ``months``: months of fighting, the union over participants of their spells
  (so the pause between two spells of a war counts only if some state was
  still fighting), in days divided by 30.4375 and rounded up (at least 1);
* ``initiator_side``: the side of the states coded ``Initiator = 1``;
* information at the start: the states on each side whose first spell began
  within ``JOINING_DAYS`` of the war's start (the starting coalitions), and
  how many of them were COW major powers on their day of entry;
* ``result``: ``decided`` when exactly one side has winners (Outcome 1) and
  only that side's opponents have losers (Outcome 2), with ``winner_side``;
  ``draw`` when any participant is coded 3 (compromise/tied) or 6
  (stalemate); ``other`` otherwise (transformed into another type of war,
  changed sides, or mixed codes). Only ``decided`` wars enter the who-prevails
  check, and ``draw`` versus ``decided`` is compared with the model's
  settlement probability.

Crisis level (ICB v14): ``agreement`` when the form of outcome ``forout`` is
1 (formal agreement) or 2 (semi-formal agreement); ``tension_reduced`` when
``outesr`` is 2 (tension reduction) rather than 1 (escalation within five
years; code 3, too recent to tell, is left out); ``major_power_actor`` when a
crisis actor was a COW major power on the 15th of the month the crisis was
triggered (ICB day cells also hold codes 66, 77, 88 that we could not read).

``months``: calendar months from the trigger's month to the termination's,
both counted (1 for a crisis that ends in the month it began); days are not
used.

Actor level (ICB v14 ``icb2``): ``victory`` when the content of outcome
``outcom`` for that actor is 1 (victory), against 2 (compromise), 3
(stalemate) and 4 (defeat).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from ...io.cow import MajorPowerSpell, WarParticipant, is_major

DAYS_PER_MONTH = 30.4375
JOINING_DAYS = 30
# ICB actor ids follow Gleditsch & Ward (1999), "almost identical" to COW's (ICB codebook v12, p. 1-2);
# the one difference that matters for major powers: united Germany is 260 in G&W, 255 in COW.
_GW_TO_COW = {260: 255}


def fighting_days(spells: list[tuple[date, date]]) -> int:
    """Days covered by the union of the spells (both ends count as days of fighting)."""
    covered = 0
    current_start = current_end = None
    for start, end in sorted(spells):
        if current_end is None or start > current_end + timedelta(days=1):
            if current_end is not None:
                covered += (current_end - current_start).days + 1
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    covered += (current_end - current_start).days + 1
    return covered


def months_of_fighting(days: int) -> int:
    """Rounds (months) of a war that fought ``days`` days: ``ceil(days / 30.4375)``, at least 1."""
    return max(1, math.ceil(days / DAYS_PER_MONTH))


def war_table(participants: list[WarParticipant], majors: list[MajorPowerSpell]) -> pd.DataFrame:
    """One row per war: duration, result and the starting balance (see the module docstring)."""
    by_war: dict[int, list[WarParticipant]] = {}
    for p in participants:
        by_war.setdefault(p.war_num, []).append(p)
    return pd.DataFrame([_war_row(num, rows, majors) for num, rows in sorted(by_war.items())])


def _war_row(num: int, rows: list[WarParticipant], majors: list[MajorPowerSpell]) -> dict:
    start = min(p.start for p in rows)
    days = fighting_days([spell for p in rows for spell in p.spells])
    starters = [p for p in rows if (p.start - start).days <= JOINING_DAYS]
    initiator_sides = sorted({p.side for p in rows if p.initiator})
    result, winner = _result(rows)
    row = {"war_num": num, "war_name": rows[0].war_name, "start_year": start.year, "days": days,
           "months": months_of_fighting(days), "participants": len(rows), "result": result,
           "winner_side": winner,
           "initiator_side": initiator_sides[0] if len(initiator_sides) == 1 else None}
    for side in (1, 2):
        row[f"states_{side}"] = sum(p.side == side for p in starters)
        row[f"majors_{side}"] = sum(p.side == side and is_major(majors, p.ccode, p.start) for p in starters)
    return row


def _result(rows: list[WarParticipant]) -> tuple[str, int | None]:
    outcomes = {p.outcome for p in rows}
    if outcomes & {3, 6}:
        return "draw", None
    winners = {p.side for p in rows if p.outcome == 1}
    losers = {p.side for p in rows if p.outcome == 2}
    if len(winners) == 1 and losers == {3 - next(iter(winners))}:
        return "decided", next(iter(winners))
    return "other", None


def actor_table(actors: pd.DataFrame, majors: list[MajorPowerSpell]) -> pd.DataFrame:
    """One row per ICB crisis actor: whether it was a COW major power at the trigger, and whether it won.

    ``victory`` is ``outcom`` 1 (victory) against 2-4 (compromise, stalemate,
    defeat); 5 (other), the one 9 and blanks are left out (NA).
    """
    major = []
    for row in actors.itertuples():
        year = row.systrgyr
        if pd.isna(year):
            major.append(False)
            continue
        ccode = _GW_TO_COW.get(int(row.cracid), int(row.cracid)) if int(year) >= 1991 else int(row.cracid)
        month = 7 if pd.isna(row.systrgmo) else int(row.systrgmo)
        major.append(is_major(majors, ccode, date(int(year), month, 15)))  # ICB day cells are not all days
    outcome = actors["outcom"]
    return pd.DataFrame({"crisno": actors["crisno"].astype(int), "actor": actors["actor"], "major_power": major,
                         "victory": (outcome == 1).where(outcome.isin([1, 2, 3, 4]))})


def crisis_table(crises: pd.DataFrame, actors: pd.DataFrame, majors: list[MajorPowerSpell]) -> pd.DataFrame:
    """One row per ICB crisis with the outcome forms whose codes we confirmed and major-power participation."""
    table = actor_table(actors, majors)
    major_crises = set(table.loc[table["major_power"], "crisno"])
    out = pd.DataFrame({"crisno": crises["crisno"].astype(int), "crisname": crises["crisname"],
                        "trigger_year": crises["yrtrig"]})
    out["major_power_actor"] = out["crisno"].isin(major_crises)
    out["months"] = (crises["yrterm"] - crises["yrtrig"]) * 12 + crises["moterm"] - crises["motrig"] + 1
    forout, outesr = crises["forout"], crises["outesr"]
    out["agreement"] = (forout.isin([1, 2])).where(forout.notna())
    out["tension_reduced"] = (outesr == 2).where(outesr.isin([1, 2]))
    return out
