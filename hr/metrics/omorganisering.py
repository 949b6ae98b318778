"""Reorganisations between the periods a report compares (docs/definitions-choices.md «Reorganisations»).

Every figure of an area counts the units that belonged to it on the day (docs/definisjoner.md «Område»), so
after a reorganisation the same area name covers other units in the two periods a table sets side by side,
and an area that was dissolved has no row in the newer period. The reports say so under their area tables;
this finds the units that were in one area on the first day of the earlier period and in another on the
last day of the report's period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from hr.metrics.sykefravaer import area_names
from hr.periods import Period
from hr.warehouse import query


@dataclass(frozen=True)
class AreaMove:
    """`enheter` org units went from area `fra` to area `til` (display names); the first of them on `dato`.
    `fra_nedlagt`: the area they left no longer exists at the end of the report's period."""

    fra: str
    til: str
    enheter: int
    dato: date
    fra_nedlagt: bool


def area_moves(conn: Connection, kommunenummer: str, compared: Period, period: Period) -> list[AreaMove]:
    """The units that changed area between the first day of `compared` (the earlier period a table shows)
    and the last day of `period` (the report's), grouped by the pair of areas, in the order of the areas'
    codes."""
    rows = query(conn, "marts/org_flytting.sql", kommunenummer=kommunenummer, fra=compared.start, til=period.end)
    if rows.empty:
        return []
    codes = sorted(set(rows["omrade_fra"]) | set(rows["omrade_til"]))
    names = area_names(conn, kommunenummer, period, codes)
    return [
        AreaMove(
            fra=names[r["omrade_fra"]],
            til=names[r["omrade_til"]],
            enheter=int(r["enheter"]),
            dato=pd.Timestamp(r["fra_dato"]).date(),
            fra_nedlagt=not bool(r["finnes_fortsatt"]),
        )
        for r in rows.to_dict("records")
    ]
