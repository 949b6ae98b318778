"""The org tree: the municipality, its areas and units, with the 2018 reorganisation as history."""

from __future__ import annotations

from .model import AREAS, KOMMUNE_NAVN, KOMMUNENUMMER, UNITS, unit_code

FOUNDED = "01.01.2000"
LAST_DAY_BU = "31.12.2017"
FIRST_DAY_NEW = "01.01.2018"


def org_rows(kommunenummer: str = KOMMUNENUMMER, navn: str = KOMMUNE_NAVN) -> list[list[str]]:
    """Rows of hr/organisasjon_*.csv: org_enhet, navn, overordnet, niva, gyldig_fra, gyldig_til."""
    rows = [[kommunenummer, navn, "", "1", FOUNDED, ""]]
    for code, name in AREAS.items():
        rows.append([code, name, kommunenummer, "2", FOUNDED, LAST_DAY_BU if code == "BU" else ""])
    for area, names in UNITS.items():
        for i, name in enumerate(names):
            code = unit_code(area, i)
            if area == "BU":  # same unit code, new parent from the reorganisation
                rows.append([code, name, "BU", "3", FOUNDED, LAST_DAY_BU])
                rows.append([code, name, "OB", "3", FIRST_DAY_NEW, ""])
            else:
                rows.append([code, name, area, "3", FOUNDED, ""])
    return rows
