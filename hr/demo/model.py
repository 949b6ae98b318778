"""The synthetic municipality's fixed facts: areas, units, position codes, calendar and day numbers.

Dates inside the generator are integer day numbers (days since 1970-01-01, as numpy's datetime64[D]),
so that whole populations can be compared and shifted with vectorised arithmetic.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)
OPEN = 10**6  # an open-ended validity (far beyond any date the demo writes)

KOMMUNE_NAVN = "Bærum kommune"
KOMMUNENUMMER = "0219"

HISTORY_START = date(2014, 1, 1)
HISTORY_END = date(2018, 12, 31)
REORG_DATE = date(2018, 1, 1)  # "Barn og unge" dissolved; its units moved to Oppvekst barnehage


def day(d: date) -> int:
    return (d - EPOCH).days


def to_date(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def ymd(y: int, m: int, d: int) -> int:
    return day(date(y, m, d))


REORG = day(REORG_DATE)

# Level-2 areas. "BU" exists until 31.12.2017 (areas_dissolved in the reference file).
AREAS = {
    "OS": "Oppvekst skole",
    "OB": "Oppvekst barnehage",
    "PO": "Pleie og omsorg",
    "HS": "Helse og sosial",
    "TT": "Tekniske tjenester",
    "PMK": "Plan, miljø og kultur",
    "OU": "Organisasjon og utvikling",
    "BU": "Barn og unge",
}
AREAS_2018 = ["OS", "OB", "PO", "HS", "TT", "PMK", "OU"]

# Level-3 units per area; the area code itself (level 2) also employs staff directly.
UNITS = {
    "OS": [
        "Bekkestua barneskole",
        "Eikeli skole",
        "Eineåsen skole",
        "Eiksmarka skole",
        "Emma Hjorth skole",
        "Gullhaug skole",
        "Grav skole",
        "Haslum skole",
        "Hosle skole",
        "Hundsund ungdomsskole",
        "Jar skole",
        "Kolsås skole",
        "Levre skole",
        "Lommedalen skole",
        "Lysaker skole",
        "Ringstabekk skole",
        "Rykkinn skole",
        "Skui skole",
        "Stabekk skole",
        "Tanum skole",
    ],
    "OB": [
        "Bekkestua barnehage",
        "Eiksmarka barnehage",
        "Fossum barnehage",
        "Gjettum barnehage",
        "Haslum barnehage",
        "Hosletoppen barnehage",
        "Jar barnehage",
        "Kolsås barnehage",
        "Lommedalen barnehage",
        "Rykkinn barnehage",
        "Stabekk barnehage",
        "Tanum barnehage",
        "Vøyenenga barnehage",
        "Østerås barnehage",
        "Spesialpedagogisk team for barnehager",
    ],
    "PO": [
        "Øvrevoll sykehjem",
        "Lindelia sykehjem",
        "Dønski bo- og behandlingssenter",
        "Lønnås bo- og behandlingssenter",
        "Vøyenenga sykehjem",
        "Berger sykehjem",
        "Hosletunet sykehjem",
        "Stabæktunet",
        "Hjemmetjenesten øst",
        "Hjemmetjenesten vest",
        "Hjemmetjenesten nord",
        "Hjemmetjenesten sentrum",
        "Bo- og aktivitetstilbud",
        "Tildelingskontoret",
    ],
    "HS": [
        "NAV Bærum, kommunal del",
        "Legevakten",
        "Psykisk helse og rus",
        "Flyktningetjenesten",
        "Fysio- og ergoterapitjenesten",
        "Boligkontoret",
    ],
    "TT": ["Bærum kommunale eiendom", "Vann og avløp", "Vei og trafikk", "Renovasjon", "Park og idrett", "Renhold"],
    "PMK": [
        "Kultur og fritid",
        "Bærum bibliotek",
        "Plan- og bygningstjenesten",
        "Miljø og klima",
        "Bærum kulturhus",
        "Natur og friluft",
    ],
    "OU": ["Digitalisering og IT", "Økonomi", "HR", "Kommunikasjon", "Dokumentsenteret", "Innkjøp"],
    "BU": ["Barnevernet", "Helsetjenester barn og unge"],
}


def unit_code(area: str, i: int) -> str:
    return f"{area}{(2 if area == 'BU' else 1)}{i + 1:02d}"


# Position codes: (code, title, competence group). Titles are the usual KS titles.
STILLINGSKODER = [
    ("6456", "Assistent", "UFAGLAERT"),
    ("6545", "Renholder", "UFAGLAERT"),
    ("6561", "Konsulent", "UFAGLAERT"),
    ("6459", "Sjåfør", "FAGARBEIDER"),
    ("6362", "Driftsoperatør", "FAGARBEIDER"),
    ("7518", "Barne- og ungdomsarbeider", "FAGARBEIDER"),
    ("7523", "Helsefagarbeider", "FAGARBEIDER"),
    ("7611", "Fagarbeider", "FAGARBEIDER"),
    ("7040", "Rådgiver", "HOYSKOLE"),
    ("7041", "Seniorrådgiver", "HOYSKOLE"),
    ("7047", "Ingeniør", "HOYSKOLE"),
    ("7068", "Sosionom", "HOYSKOLE"),
    ("7174", "Sykepleier", "HOYSKOLE"),
    ("7181", "Fysioterapeut", "HOYSKOLE"),
    ("7204", "Lege", "HOYSKOLE"),
    ("7213", "Bibliotekar", "HOYSKOLE"),
    ("7326", "Vernepleier", "HOYSKOLE"),
    ("7451", "Enhetsleder", "HOYSKOLE"),
    ("7954", "Pedagogisk leder", "HOYSKOLE"),
    ("7955", "Lærer", "HOYSKOLE"),
    ("7957", "Adjunkt", "HOYSKOLE"),
    ("7960", "Lektor", "HOYSKOLE"),
    ("7962", "Barnehagelærer", "HOYSKOLE"),
    ("9401", "Lærling", "LAERLING"),
]
KOMPETANSE = {code: group for code, _, group in STILLINGSKODER}
LEADER_CODE = "7451"
LAERLING_CODE = "9401"
TEACHER_CODES = {"7955", "7957", "7960"}

# Which codes each area uses within a competence group (first one most common).
AREA_CODES = {
    "OS": {"UFAGLAERT": ["6456"], "FAGARBEIDER": ["7518", "7611"], "HOYSKOLE": ["7957", "7955", "7960"]},
    "OB": {"UFAGLAERT": ["6456"], "FAGARBEIDER": ["7518"], "HOYSKOLE": ["7954", "7962"]},
    "PO": {"UFAGLAERT": ["6456", "6545"], "FAGARBEIDER": ["7523"], "HOYSKOLE": ["7174", "7326"]},
    "HS": {"UFAGLAERT": ["6561"], "FAGARBEIDER": ["7523"], "HOYSKOLE": ["7068", "7174", "7181", "7204"]},
    "TT": {"UFAGLAERT": ["6545"], "FAGARBEIDER": ["7611", "6459", "6362"], "HOYSKOLE": ["7047"]},
    "PMK": {"UFAGLAERT": ["6561"], "FAGARBEIDER": ["7611"], "HOYSKOLE": ["7040", "7213", "7047"]},
    "OU": {"UFAGLAERT": ["6561"], "FAGARBEIDER": ["6362"], "HOYSKOLE": ["7040", "7041"]},
    "BU": {"UFAGLAERT": ["6561"], "FAGARBEIDER": ["7523"], "HOYSKOLE": ["7068", "7326", "7174"]},
}


def area_of(home: np.ndarray | str, d: np.ndarray | int):
    """Area on day d of staff whose unit belongs to `home`: BU units belong to OB from the reorganisation."""
    if isinstance(home, str):
        return "OB" if home == "BU" and d >= REORG else home
    home = np.asarray(home, dtype=object)
    out = home.copy()
    out[(home == "BU") & (np.asarray(d) >= REORG)] = "OB"
    return out


class Calendar:
    """Workdays (Mon–Fri minus Norwegian public holidays) as a cumulative count for interval arithmetic."""

    def __init__(self, first: date = date(2005, 1, 1), last: date = date(2021, 12, 31)):
        import holidays

        self.first = day(first)
        n = day(last) - self.first + 1
        days = np.arange(n) + self.first
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday (3)
        hol = holidays.NO(years=range(first.year, last.year + 1))
        is_hol = np.isin(days, [day(h) for h in hol])
        self.is_workday = (weekday < 5) & ~is_hol
        # cum[i] = workdays before day first+i
        self.cum = np.concatenate([[0], np.cumsum(self.is_workday)])
        self._cum = self.cum.tolist()  # plain lists: fast for one day at a time in Python loops
        self._wd = self.is_workday.tolist()

    def count(self, a: int, b: int) -> int:
        """Workdays in [a, b] for plain integers (the per-case loops)."""
        return max(self._cum[b + 1 - self.first] - self._cum[a - self.first], 0) if b >= a else 0

    def is_wd(self, d: int) -> bool:
        return self._wd[d - self.first]

    def workdays(self, a, b):
        """Workdays in [a, b] (inclusive), vectorised; 0 when b < a."""
        a = np.clip(np.asarray(a) - self.first, 0, len(self.cum) - 1)
        b = np.clip(np.asarray(b) + 1 - self.first, 0, len(self.cum) - 1)
        return np.maximum(self.cum[b] - self.cum[a], 0)

    def workday(self, d):
        return self.is_workday[np.asarray(d) - self.first]
