"""The rules back-end's patterns: one function per element kind, each reading one sentence.

Each function gets a :class:`~detente.draft.text.Sentence` and the actors mentioned in it (from the
gazetteer) and returns the elements the sentence states, or nothing. The patterns are deliberately
narrow (a cue word and an actor in a fixed place around it): a missed element costs recall, which the
analyst sees as a gap, while a wrong one costs a reader's trust; precision and recall per kind are
measured on hand-labelled articles (``docs/explanation/drafting.md``).

Actors are placed by proximity: the *agent* of a verb is the nearest actor mentioned before it in the
sentence, the *target* the nearest after it (the shallow-parsing heuristic of Schrodt's event coders,
e.g. Schrodt 2012, "Precedents, Progress, and Prospects in Political Event Data", which code
source-verb-target triples by position in the sentence).
"""

from __future__ import annotations

import re

from .elements import Agreement, Argument, Attack, Ceasefire, Delegation, Lever, Quote
from .gazetteer import Mention
from .text import Sentence, number_word

__all__ = ["ISSUES", "delegations", "attacks", "ceasefires", "levers", "agreements", "arguments", "quote_of"]


def quote_of(s: Sentence) -> Quote:
    return Quote(article=s.article, paragraph=s.paragraph, quote=s.text)


def _before(mentions: list[Mention], pos: int, exclude: str | None = None, text: str = "") -> Mention | None:
    """The nearest actor mentioned before ``pos``, skipping those inside a relative clause (``, who ...,``)."""
    skip = [(m.start(), m.end()) for m in _RELATIVE.finditer(text, 0, pos)]
    found = [m for m in mentions if m.end <= pos and m.actor != exclude
             and not any(a <= m.start < b for a, b in skip)]
    return found[-1] if found else None


_RELATIVE = re.compile(r",\s*(?:who|which|whose)\b[^,]*,")


def _after(mentions: list[Mention], pos: int, exclude: str | None = None) -> Mention | None:
    found = [m for m in mentions if m.start >= pos and m.actor != exclude]
    return found[0] if found else None


#: Issues by name, with the words that name them.
ISSUES = {
    "ceasefire": r"\bcease-?fires?\b|\btruce\b",
    "territory": r"\bterritor(?:y|ial|ies)\b|\bborders?\b|\bannex\w*|\boccupied\b",
    "sanctions": r"\bsanctions\b",
    "security guarantees": r"\bsecurity guarantees?\b",
    "neutrality": r"\bneutrality\b|\bNATO membership\b|\bjoin(?:ing)? NATO\b",
    "prisoners and hostages": r"\bprisoners?\b|\bhostages?\b",
    "nuclear programme": r"\benrichment\b|\buranium\b|\bnuclear (?:programme|program)\b",
    "humanitarian aid": r"\bhumanitarian (?:aid|access|assistance|corridors?)\b",
    "grain exports": r"\b(?:grain|food|fertili[sz]er) exports?\b|\bexports? of (?:grain|food)",
    "troop withdrawal": r"\bwithdrawal of (?:troops|forces|heavy weapons)\b|\bheavy weapons\b",
    "elections": r"\belections?\b",
    "tariffs": r"\btariffs?\b",
}
ISSUE_PATTERNS = {name: re.compile(rx, re.IGNORECASE) for name, rx in ISSUES.items()}

# --------------------------------------------------------------------------- delegations
_DELEGATION = re.compile(r"\bdelegations?\b", re.IGNORECASE)
_LEVEL_CUES = (
    ("leader", re.compile(r"\b(?:headed|led) by (?:President|Prime Minister|the president)\b|\bhead of state\b")),
    ("aide", re.compile(r"\b(?:lower|low|junior|second|mid)[- ](?:level|ranking|tier)\b|\baides?\b|\badvis[eo]rs?\b"
                        r"|\bdeputy\b|\btechnical\b", re.IGNORECASE)),
    ("minister", re.compile(r"(?<!Prime )\bMinisters?\b|\bministers?\b|\bSecretary of State\b|\bForeign Secretary\b")),
)


_LEADER = re.compile(r"\b(?:President|Prime Minister|Chancellor|King|Emir)\b")
_ATTENDED = re.compile(r"\battended\b(?! by)|\bcame in person\b")


def delegations(s: Sentence, mentions: list[Mention]) -> list[Delegation]:
    """``the Russian delegation ... lower-level`` -> Russia: aide; a level cue within 80 characters of the word.
    ``Russian President Vladimir Putin ... attended in person`` -> Russia: leader."""
    out = []
    attended = _ATTENDED.search(s.text)
    if attended:
        for title in _LEADER.finditer(s.text, 0, attended.start()):
            owner = _before(mentions, title.start())
            if owner and title.start() - owner.end <= 2:
                out.append(Delegation(actor=owner.actor, level="leader", evidence=[quote_of(s)]))
    for m in _DELEGATION.finditer(s.text):
        owner = _before(mentions, m.start())
        if owner is None or (m.start() - owner.end > 40 and not re.search(r"\btheir\s+$|\bhis\s+$",
                                                                           s.text[:m.start()])):
            owner = owner if owner and re.search(r"\b(?:send|sent|sends)\b", s.text[owner.end:m.start()]) else None
        if owner is None:
            continue
        window = (max(0, m.start() - 80), m.end() + 80)
        best = None
        for level, rx in _LEVEL_CUES:
            for cue in rx.finditer(s.text, *window):
                dist = abs(cue.start() - m.start())
                if best is None or dist < best[0]:
                    best = (dist, level)
        if best is not None:
            out.append(Delegation(actor=owner.actor, level=best[1], evidence=[quote_of(s)]))
    return out


# --------------------------------------------------------------------------- attacks
_ATTACK = re.compile(r"\b(?:attacked|struck|launched|shelled|bombed|fired)\b", re.IGNORECASE)
_ATTACK_NOUN = re.compile(r"\b(?:(?:air|missile|drone|rocket) )?(?:strikes|attacks?)\b", re.IGNORECASE)
_WEAPON_COUNT = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+|two|three|four|five|six|seven|eight|nine|ten|dozens of|"
                           r"hundreds of) (?:[a-z-]+ ){0,2}?(drones|missiles|rockets|shells|bombs|warheads)\b",
                           re.IGNORECASE)
_WEAPONS = ("drones", "drone", "missiles", "missile", "rockets", "rocket", "shells", "bombs", "warheads")
_EVE = re.compile(r"\b(?:prior to|before|ahead of|on the eve of|eve of)\b[^.]*\b(?:talks|negotiations|meeting|summit)",
                  re.IGNORECASE)


def attacks(s: Sentence, mentions: list[Mention]) -> list[Attack]:
    """``the Russian army attacked Ukraine with 145 drones`` -> Russia on Ukraine, size 145 drones."""
    m = _ATTACK.search(s.text)
    agent = _before(mentions, m.start(), text=s.text) if m else None
    if agent is None:  # 'Israeli air strikes killed': the noun right after an actor's adjective
        m = next((n for n in _ATTACK_NOUN.finditer(s.text) if any(0 <= n.start() - x.end <= 2 for x in mentions)),
                 None)
        agent = _before(mentions, m.start()) if m else None
    if agent is None:
        return []
    target = _after(mentions, m.end(), exclude=agent.actor)
    count = _WEAPON_COUNT.search(s.text)
    weapons = [(number_word(count.group(1)), count.group(2).lower())] if count else []
    weapons = [w for w in weapons if w[0] is not None]
    has_weapon = weapons or any(w in s.text.lower() for w in _WEAPONS)
    if target is None and not has_weapon and not _ATTACK_NOUN.match(s.text, m.start()):
        return []
    size, unit = weapons[0] if weapons else (None, None)
    return [Attack(actor=agent.actor, target=target.actor if target else None, size=size, unit=unit,
                   before_talks=bool(_EVE.search(s.text)), evidence=[quote_of(s)])]


# --------------------------------------------------------------------------- ceasefires
_CEASEFIRE = re.compile(r"\b(?:cease-?fire|truce)\b", re.IGNORECASE)
_DAYS = re.compile(r"\b(\d+|thirty)[- ]day\b", re.IGNORECASE)
_DEMAND = re.compile(r"\b(?:calls? for|called for|demand(?:s|ed)?|urg(?:ed|es)|propos(?:ed|es)|pushed for|"
                     r"pushing for|insist(?:s|ed) on)\b", re.IGNORECASE)
_REJECT = re.compile(r"\b(?:panned|rejected|rejects|refused|refuses|dismissed|dismisses|ruled out|rebuffed)\b",
                     re.IGNORECASE)
_ACCEPT = re.compile(r"(?<!not )\b(?:accepted|accepts|agreed(?: on [^.,;]{1,30}?)? to|agrees to|signed up to|backed)\b",
                     re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether)\b[^,.;]*$", re.IGNORECASE)


def _subjects(mentions: list[Mention], pos: int, text: str) -> list[Mention]:
    """The agent before ``pos`` and those joined to it by 'and' or commas (``Israel and Hamas agreed``)."""
    first = _before(mentions, pos, text=text)
    if first is None:
        return []
    chain = [first]
    earlier = [m for m in mentions if m.end <= chain[-1].start]
    while earlier and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[earlier[-1].end:chain[-1].start]):
        chain.append(earlier[-1])
        earlier = [m for m in mentions if m.end <= chain[-1].start]
    return chain[::-1]


def _days(text: str) -> float | None:
    m = _DAYS.search(text)
    return None if m is None else (30.0 if m.group(1).lower() == "thirty" else float(m.group(1)))


def ceasefires(s: Sentence, mentions: list[Mention]) -> list[Ceasefire]:
    """Demands (``Zelensky's calls for a ceasefire``), rejections (``Lavrov has panned``) and acceptances."""
    word = _CEASEFIRE.search(s.text)
    if word is None:
        return []
    out = []
    days = _days(s.text)
    for rx, stance in ((_REJECT, "reject"), (_ACCEPT, "accept")):
        verb = rx.search(s.text, 0, word.start())
        if verb and not _HYPOTHETICAL.search(s.text[:verb.start()]):
            for agent in _subjects(mentions, verb.start(), s.text):
                out.append(Ceasefire(actor=agent.actor, stance=stance, days=days, evidence=[quote_of(s)]))
    possessor = re.search(r"(\S+?)(?:'s|’s) calls? for an? (?:\S+ )?(?:cease-?fire|truce)", s.text)
    demand = _DEMAND.search(s.text, 0, word.start())
    agent = None
    if possessor:
        agent = next((m for m in mentions if m.start <= possessor.start(1) < m.end + 1), None)
    elif demand and not _HYPOTHETICAL.search(s.text[:demand.start()]) and not _REJECT.search(
            s.text, max(0, demand.start() - 12), demand.start()):
        agent = _before(mentions, demand.start(), text=s.text)
    if agent:
        out.append(Ceasefire(actor=agent.actor, stance="demand", days=days, evidence=[quote_of(s)]))
    return out


# --------------------------------------------------------------------------- levers
_INSTRUMENT = re.compile(r"\b(?:(secondary|financial|economic|new|further|additional|more) )?(sanctions|tariffs|"
                         r"embargo|arms supplies|military aid|(?:defensive|lethal) weapons)\b", re.IGNORECASE)
_THREAT = re.compile(r"\b(?:threaten\w*|consider\w*|weigh\w*|warn\w*|ultimatum|vow\w*|(?:could|would|will) "
                     r"impose|prepared to|ready to|possible|potential|on pain of)\b", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless|should|until)\b[^,;.!?]*", re.IGNORECASE)


def levers(s: Sentence, mentions: list[Mention]) -> list[Lever]:
    """``X (is considering|threatened) sanctions on Y if ...`` -> X's lever on Y with its condition."""
    inst = _INSTRUMENT.search(s.text)
    if inst is None:
        return []
    threat = _THREAT.search(s.text, 0, inst.start()) or _THREAT.search(s.text, inst.end())
    if threat is None:
        return []
    agent = _before(mentions, min(threat.start(), inst.start()), text=s.text)
    if agent is None:
        return []
    cond = _CONDITION.search(s.text, inst.end())
    # the threat is aimed at whoever must meet the condition; else at the actor named after the instrument
    target = (_after(mentions, cond.start(), exclude=agent.actor) if cond else None)
    if target is not None and target.start > cond.end():
        target = None
    target = target or _after(mentions, inst.end(), exclude=agent.actor)
    kind = (inst.group(1) or "").lower()
    instrument = f"secondary {inst.group(2).lower()}" if kind == "secondary" else inst.group(2).lower()
    return [Lever(actor=agent.actor, instrument=instrument, target=target.actor if target else None,
                  condition=cond.group(0).strip() if cond else None, evidence=[quote_of(s)])]


# --------------------------------------------------------------------------- agreements
_AGREEMENT = re.compile(r"((?:[A-Z][\w-]+ )*(?:[a-z]+ )?)(deal|agreement|accord|treaty|memorandum|pact|Initiative)\b")
_AGREED = re.compile(r"\b(?:agreed to|signed|sign|reached|concluded|ratified|struck|brokered|joined|withdrew from|"
                     r"renewed|extended|approved|announced)\b", re.IGNORECASE)
_STAKE = re.compile(r"\bgives? (?:the )?([\w .]+?) (?:a |an )?(?:[\w-]+ )?(?:interest|stake)\b")
_NOT_A_NAME = {"the", "a", "an", "that", "this", "any", "no", "its", "their", "his", "her", "peace", "final"}


def agreements(s: Sentence, mentions: list[Mention]) -> list[Agreement]:
    """``Zelensky agreed to Trump's minerals deal, which gives the United States a definable interest``."""
    if not _AGREED.search(s.text):
        return []
    out = []
    for m in _AGREEMENT.finditer(s.text):
        words = m.group(1).split()
        if m.group(2) == "memorandum" and s.text.startswith(" of understanding", m.end()):
            words, m_name = [], "memorandum of understanding"
        elif not words or words[-1].lower() in _NOT_A_NAME:
            continue
        else:
            m_name = m.group(2)
        name = " ".join([*words, m_name])
        stake_m = _STAKE.search(s.text, m.end())
        stake = None
        if stake_m:
            stake = next((x.actor for x in mentions if stake_m.start(1) <= x.start < stake_m.end(1)), None)
        parties = sorted({x.actor for x in mentions})
        out.append(Agreement(name=name, parties=parties, stake=stake, evidence=[quote_of(s)]))
    return out


# --------------------------------------------------------------------------- arguments
_REARM = re.compile(r"\b(?:rearm|re-arm|regroup|resupply|reconstitute|replenish|buy time|regain strength)\b",
                    re.IGNORECASE)
_WOULD = re.compile(r"\b(?:would|could|will|might|to)\b[^.]*?\b(?:use|rearm|re-arm|regroup|buy)\b", re.IGNORECASE)


def arguments(s: Sentence, mentions: list[Mention]) -> list[Argument]:
    """``X ... claiming that Y would merely use the time to rearm`` -> X argues a pause lets Y rearm."""
    cue = _REARM.search(s.text)
    if cue is None or not (_CEASEFIRE.search(s.text) or re.search(r"\b(?:pause|time|halt)\b", s.text)):
        return []
    let = re.search(r"\b(?:let|allow|give|gives|allowing|letting)\s+(?:the\s+)?(\S+)[^.]*$", s.text[:cue.start()])
    would = _WOULD.search(s.text, 0, cue.end())
    if let:
        about = next((m for m in mentions if m.start <= let.start(1) < m.end + 1), None)
    else:
        about = _before(mentions, would.start()) if would else None
    agent = next((m for m in mentions if about is None or m.actor != about.actor), None)
    if agent is None:
        return []
    return [Argument(actor=agent.actor, about=about.actor if about else None, evidence=[quote_of(s)])]
