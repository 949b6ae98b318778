"""The size of the problem (DEFINITIONS.md "Year view, size and breakdowns of sick leave", issue 18):
lost day-works as full-time equivalents, and in kroner where kommune.yaml sets `kostnad_per_dagsverk`.

- `sykefravaer_tapte_arsverk` = lost day-works / the number of workdays in the period (Monday-Friday
  without public holidays, the same calendar as dim_kalender): the full-time equivalents lost.
- `sykefravaer_kostnad_kroner` = lost day-works x `kostnad_per_dagsverk`.
Both are computed from the exact sums of the mart, for Hele kommunen and every area the report shows.
A figure here gives away the group's lost day-works, so it is hidden exactly where the group's
`sykefravaer_prosent` is (primary and secondary suppression alike): the figures follow the report's
already suppressed rates instead of being suppressed on their own.
"""

from __future__ import annotations

from fractions import Fraction

from sqlalchemy.engine import Connection

from hr.figures import Figure
from hr.metrics.sykefravaer import PROSENT, period_sums
from hr.periods import Period
from hr.warehouse import calendar_frame, query

TAPTE_ARSVERK = "sykefravaer_tapte_arsverk"
KOSTNAD = "sykefravaer_kostnad_kroner"


def workdays(period: Period) -> int:
    """Monday-Friday without Norwegian public holidays in the period (hr.warehouse.calendar_frame)."""
    return int(calendar_frame(period.start, period.end)["er_arbeidsdag"].sum())


def kostnad_per_dagsverk(conn: Connection, kommunenummer: str) -> Fraction | None:
    rows = query(conn, "marts/ref_kostnad.sql", kommunenummer=kommunenummer)
    return None if rows.empty else Fraction(rows.iloc[0]["kostnad_per_dagsverk"])


def size_figures(conn: Connection, kommunenummer: str, period: Period, figures: list[Figure]) -> list[Figure]:
    """Lost full-time equivalents (and kroner) for each group whose sykefravaer_prosent of `period` is among
    `figures` (already suppressed); hidden where that rate is hidden."""
    rates = {f.omrade: f for f in figures if f.metric == PROSENT and f.period == period.code and f.gruppe == ""}
    if not rates:
        return []
    days = workdays(period)
    kostnad = kostnad_per_dagsverk(conn, kommunenummer)
    out: list[Figure] = []
    for s in period_sums(conn, kommunenummer, period):
        rate = rates.get(s.omrade)
        if s.gruppe or rate is None or days == 0:
            continue
        new = [Figure(TAPTE_ARSVERK, period.code, s.omrade, "", float(s.tapte / days), "arsverk", s.n)]
        if kostnad is not None:
            new.append(Figure(KOSTNAD, period.code, s.omrade, "", float(s.tapte * kostnad), "kroner", s.n))
        out += [f.suppressed() if rate.prikket else f for f in new]
    return out
