"""The year view of the 2nd-half report (DEFINITIONS.md "Year view, size and breakdowns of sick leave",
issue 18 item 3): the full year's sick leave, the rolling 12 months at each quarter end of the trend, and
the IA goal line.

- `sykefravaer_prosent` with period = the year (Hele kommunen), in the report for the year's 2nd half.
- `sykefravaer_rullerende_12m_prosent`, period = a quarter: the sick leave of the 12 months ending with
  that quarter, for each quarter of the trend's eight half-years. The 12 months are one period of the
  warehouse's grid (sql/views/dim_periode_fravaer.sql), so the sums are the same exact sums as
  every other period's (hr.metrics.sykefravaer.period_sums) and n is the persons with agreed day-works in
  those 12 months. A quarter whose 12 months the absence register does not wholly cover has no figure.
- `sykefravaer_ia_mal_prosent`, period = the report's year: `sykefravaer_prosent` of kommune.yaml's
  `ia_basisaar` x (1 - `ia_reduksjon_prosent`/100), only when `ia_basisaar` is set, is covered and has
  ended by the report's period. Its n is the base year's persons: the line gives the base year's rate
  away, so it is hidden where that rate would be.
All of them are Hele kommunen's and follow "Small numbers" (hr.metrics.suppression).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sqlalchemy.engine import Connection

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.coverage import absence_start, covers
from hr.metrics.suppression import suppress
from hr.metrics.sykefravaer import PROSENT, GroupSums, period_sums, periods_sums
from hr.periods import Period
from hr.warehouse import query

RULLERENDE = "sykefravaer_rullerende_12m_prosent"
IA_MAL = "sykefravaer_ia_mal_prosent"
TREND_HALF_YEARS = 8  # the half-year report's trend (reports/sykefravaer.py TREND_LENGTH)


def has_year_view(period: Period) -> bool:
    """The year view belongs to the report for a year's 2nd half."""
    return period.kind == "half" and period.code.endswith("H2")


def rolling_window(quarter: Period) -> Period:
    """The 12 months ending with `quarter` (its code is the quarter's)."""
    end = quarter.end
    start = date(end.year - 1 + (end.month == 12), end.month % 12 + 1, 1)
    return Period(start, end, quarter.code, "rolling12")


def trend_quarters(period: Period) -> list[Period]:
    """The quarters of the trend's half-years, oldest first, ending with the report's last quarter."""
    halves = [period]
    while len(halves) < TREND_HALF_YEARS:
        halves.insert(0, halves[0].previous())
    return [q for h in halves for q in h.quarters()]


def year_view_periods(period: Period) -> list[Period]:
    """The periods whose sums the year view asks for (before its coverage check): the year and the rolling
    12 months of each trend quarter; none where the report has no year view."""
    if not has_year_view(period):
        return []
    return [Period.parse(str(period.year)), *(rolling_window(q) for q in trend_quarters(period))]


def _total(sums: list[GroupSums]) -> GroupSums | None:
    return next((s for s in sums if s.omrade == HELE_KOMMUNEN and not s.gruppe and s.avtalte), None)


def ia_setting(conn: Connection, kommunenummer: str) -> tuple[int, Fraction] | None:
    rows = query(conn, "marts/ref_ia.sql", kommunenummer=kommunenummer)
    if rows.empty:
        return None
    return int(rows.iloc[0]["ia_basisaar"]), Fraction(rows.iloc[0]["ia_reduksjon_prosent"])


def year_view_figures(
    conn: Connection, kommunenummer: str, period: Period, figures: list[Figure], min_n: int
) -> list[Figure]:
    """The year view's figures for the 2nd-half report (none for other periods), suppressed; a figure
    already among `figures` is not repeated."""
    if not has_year_view(period):
        return []
    start = absence_start(conn, kommunenummer)
    have = {f.key for f in figures}
    out: list[Figure] = []
    year = Period.parse(str(period.year))
    year_wanted = covers(start, year) and (PROSENT, year.code, HELE_KOMMUNEN, "") not in have
    windows = {q: w for q in trend_quarters(period) if covers(start, w := rolling_window(q))}
    sums = periods_sums(conn, kommunenummer, [year, *windows.values()] if year_wanted else windows.values())
    if year_wanted:
        total = _total(sums[year])
        if total is not None:
            out.append(Figure(PROSENT, year.code, HELE_KOMMUNEN, "", total.prosent(total.tapte), "prosent", total.n))
    for q, window in windows.items():
        total = _total(sums[window])
        if total is not None:
            out.append(Figure(RULLERENDE, q.code, HELE_KOMMUNEN, "", total.prosent(total.tapte), "prosent", total.n))
    out += _ia_line(conn, kommunenummer, period, start)
    return suppress(out, min_n)


def _ia_line(conn: Connection, kommunenummer: str, period: Period, start: date) -> list[Figure]:
    setting = ia_setting(conn, kommunenummer)
    if setting is None:
        return []
    basisaar, reduksjon = setting
    base = Period.parse(str(basisaar))
    if base.end > period.end or not covers(start, base):
        return []
    total = _total(period_sums(conn, kommunenummer, base))
    if total is None:
        return []
    verdi = 100 * total.tapte / total.avtalte * (1 - reduksjon / 100)
    return [Figure(IA_MAL, str(period.year), HELE_KOMMUNEN, "", float(verdi), "prosent", total.n)]
