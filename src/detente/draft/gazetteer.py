"""Who a mention speaks for: states, organisations, capitals, office holders.

States come from ISO 3166 through pycountry (every country's name, common and official name), with
the short names news English uses (``Russia`` for the Russian Federation, ``Turkey`` for Türkiye).
A small table adds what no country list holds: adjectives (``Russian Foreign Minister`` -> Russia),
capitals and seats of government used for their states (``Moscow``, ``the Kremlin``), organisations
that act in their own name (the EU, NATO, the UN) and office holders of 2022-2025 who speak for a
state (``Lavrov`` -> Russia). Matching is case-sensitive (``US`` is a state, ``us`` is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Mention", "Gazetteer", "gazetteer"]

#: Short names for states whose ISO name news English does not use.
_SHORT = {"RU": "Russia", "TR": "Turkey", "IR": "Iran", "SY": "Syria", "KR": "South Korea", "KP": "North Korea",
          "VE": "Venezuela", "MD": "Moldova", "VN": "Vietnam", "TW": "Taiwan", "PS": "Palestine",
          "BO": "Bolivia", "TZ": "Tanzania", "LA": "Laos", "CZ": "Czech Republic", "VA": "Vatican",
          "CD": "Democratic Republic of the Congo", "BN": "Brunei", "FM": "Micronesia"}
#: Other names of states (aliases), by short name.
_ALIASES = {"United States": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
            "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"], "Turkey": ["Türkiye", "Turkiye"],
            "Russia": ["Russian Federation"], "Palestine": ["Palestinian territories"],
            "Czech Republic": ["Czechia"], "Ivory Coast": [], "Iran": ["Islamic Republic of Iran"]}
#: Adjectives of states (only those the capital-letter rule below cannot guess).
_ADJECTIVES = {
    "Russian": "Russia", "Ukrainian": "Ukraine", "American": "United States", "British": "United Kingdom",
    "Turkish": "Turkey", "French": "France", "German": "Germany", "Chinese": "China", "Iranian": "Iran",
    "Israeli": "Israel", "Palestinian": "Palestine", "Egyptian": "Egypt", "Qatari": "Qatar", "Saudi": "Saudi Arabia",
    "Syrian": "Syria", "Polish": "Poland", "Italian": "Italy", "Spanish": "Spain", "Japanese": "Japan",
    "Indian": "India", "Pakistani": "Pakistan", "Belarusian": "Belarus", "Georgian": "Georgia",
    "Armenian": "Armenia", "Azerbaijani": "Azerbaijan", "Omani": "Oman", "Emirati": "United Arab Emirates",
    "Iraqi": "Iraq", "Lebanese": "Lebanon", "Jordanian": "Jordan", "Swiss": "Switzerland", "Dutch": "Netherlands",
    "Norwegian": "Norway", "Swedish": "Sweden", "Finnish": "Finland", "Canadian": "Canada", "Mexican": "Mexico",
    "Colombian": "Colombia", "Venezuelan": "Venezuela", "Brazilian": "Brazil", "Korean": None, "Afghan": "Afghanistan",
    "Sudanese": "Sudan", "Ethiopian": "Ethiopia", "Serbian": "Serbia", "Kosovar": "Kosovo", "Moldovan": "Moldova",
    "Hungarian": "Hungary", "Greek": "Greece", "Cypriot": "Cyprus", "Libyan": "Libya", "Yemeni": "Yemen",
}
#: Capitals and seats of government used for their state or organisation.
_SEATS = {"Moscow": "Russia", "Kremlin": "Russia", "Kyiv": "Ukraine", "Kiev": "Ukraine", "Washington": "United States",
          "White House": "United States", "Pentagon": "United States", "State Department": "United States",
          "Ankara": "Turkey", "Beijing": "China", "Tehran": "Iran", "Brussels": "European Union",
          "European Commission": "European Union", "Downing Street": "United Kingdom", "Élysée": "France",
          "Elysee": "France", "Berlin": "Germany", "Paris": "France", "London": "United Kingdom", "Doha": "Qatar",
          "Cairo": "Egypt", "Riyadh": "Saudi Arabia", "Muscat": "Oman", "Damascus": "Syria", "Minsk": "Belarus",
          "Tel Aviv": "Israel", "Jerusalem": "Israel"}
#: Organisations that act in their own name: name -> other names.
_ORGANISATIONS = {"European Union": ["EU", "E.U."], "NATO": ["North Atlantic Treaty Organization"],
                  "United Nations": ["UN", "U.N.", "Security Council"], "African Union": [], "ASEAN": [],
                  "OPEC": [], "IAEA": ["International Atomic Energy Agency"], "Hamas": [], "Hezbollah": [],
                  "OSCE": ["Organization for Security and Co-operation in Europe"], "G7": ["Group of Seven"]}
#: Office holders of 2022-2025 who speak for a state or organisation (surname and common spellings).
_PEOPLE = {
    "Russia": ["Putin", "Lavrov", "Peskov", "Medinsky", "Ushakov", "Dmitriev", "Shoigu", "Nebenzya"],
    "Ukraine": ["Zelensky", "Zelenskiy", "Zelenskyy", "Umerov", "Sybiha", "Yermak", "Budanov", "Kuleba"],
    "United States": ["Trump", "Biden", "Rubio", "Witkoff", "Vance", "Blinken", "Kellogg", "Sullivan"],
    "Turkey": ["Erdogan", "Erdoğan", "Fidan"], "France": ["Macron"], "Germany": ["Scholz", "Merz"],
    "United Kingdom": ["Starmer", "Lammy"], "European Union": ["von der Leyen", "Kallas", "Borrell"],
    "China": ["Xi Jinping", "Wang Yi"], "Israel": ["Netanyahu"], "Iran": ["Araghchi", "Khamenei", "Pezeshkian"],
    "Qatar": ["Al Thani"], "Egypt": ["Sisi"], "Belarus": ["Lukashenko"], "United Nations": ["Guterres"],
    "IAEA": ["Grossi"], "Oman": ["Busaidi"],
}
#: Names that are also common words or people's first names: never read as states.
_AMBIGUOUS = {"Chad", "Jordan", "Georgia", "Niger", "Guinea", "Turkey", "Mali", "Peru", "Togo", "Cuba"}


@dataclass(frozen=True)
class Mention:
    """One mention of an actor in a text: the actor, where it is, and how it was named."""

    actor: str
    start: int
    end: int
    how: str  # name, adjective, seat, person, organisation


class Gazetteer:
    """Finds every mention of a known actor in a sentence with one compiled pattern."""

    def __init__(self, names: dict[str, tuple[str, str]]):
        self.names = names  # surface form -> (actor, how)
        alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self._pattern = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")

    def mentions(self, text: str) -> list[Mention]:
        out = []
        for m in self._pattern.finditer(text):
            actor, how = self.names[m.group(0)]
            if how == "ambiguous" and not _state_context(text, m.start()):
                continue
            out.append(Mention(actor, m.start(), m.end(), "name" if how == "ambiguous" else how))
        return out

    def kind(self, actor: str) -> str:
        """``organisation`` or ``state``."""
        return "organisation" if actor in _ORGANISATIONS else "state"


def _state_context(text: str, start: int) -> bool:
    """An ambiguous name (Turkey, Jordan) counts as a state after 'to', 'in', 'from' or 'of', or at a clause start
    followed by a verb-like word; a person called Jordan rarely follows 'in'."""
    before = text[max(0, start - 12):start].lower()
    return bool(re.search(r"\b(to|in|from|of|and|with|by|on|at|hosted by|host)\s+$", before)) or start == 0


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer: ISO 3166 states (pycountry) plus the tables above."""
    import pycountry

    names: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        short = _SHORT.get(country.alpha_2) or getattr(country, "common_name", None) or country.name
        forms = {country.name, short, getattr(country, "official_name", None) or short}
        forms |= set(_ALIASES.get(short, []))
        for form in forms:
            if "," in form:
                continue
            names[form] = (short, "ambiguous" if form in _AMBIGUOUS else "name")
    for adjective, state in _ADJECTIVES.items():
        if state:
            names[adjective] = (state, "adjective")
    for seat, actor in _SEATS.items():
        names[seat] = (actor, "seat")
    for org, aliases in _ORGANISATIONS.items():
        for form in (org, *aliases):
            names[form] = (org, "organisation")
    for actor, people in _PEOPLE.items():
        for person in people:
            names[person] = (actor, "person")
    return Gazetteer(names)
