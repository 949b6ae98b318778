"""The long-term indicator (KPI) rows of the annual chapter (DEFINITIONS.md "Long-term indicators").

How they appear in figures.csv (omrade is always "Hele kommunen"):

- ``kpi``: one row per indicator and year of the last five (Y-4 .. Y); ``period`` is the year (``2016``),
  ``gruppe`` the indicator's metric name (``sykefravaer_prosent``, ``andel_deltid_under_80_prosent``,
  ``sokere_per_stilling``, ``turnover_prosent``). The value, unit, ``n`` and ``prikket`` are copied from the
  chapter's own figure for that year (for andel_deltid_under_80_prosent the status date 31.12 of the year),
  so a KPI row never shows what the figure itself suppresses. Years without data have no row.
- ``kpi_trend_3aar``: ``period`` = Y, ``gruppe`` = indicator, the mean yearly change over the last three
  years: the mean of the changes Y-3→Y-2, Y-2→Y-1 and Y-1→Y, which telescopes to (v[Y] - v[Y-3]) / 3.
  Left out when v[Y] or v[Y-3] is missing or suppressed. Unit as the indicator (percentage points for the
  percentages).
- ``kpi_mal``: ``period`` = Y, ``gruppe`` = indicator, the target from referanse/mal.csv for the whole
  municipality (root unit) and year Y, when given.
- ``kpi_maal_retning``: ``period`` = Y, ``gruppe`` = indicator, the direction the indicator must move to
  reach that target: -1 (down), +1 (up), 0 (at the target); sign(target - v[Y]). Unit ``antall``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from hr.figures import HELE_KOMMUNEN, Figure

KPI_YEARS = 5

# indicator -> the period of its figure for a year
KPI_INDICATORS: dict[str, Callable[[int], str]] = {
    "sykefravaer_prosent": lambda y: str(y),
    "andel_deltid_under_80_prosent": lambda y: f"{y}-12-31",
    "sokere_per_stilling": lambda y: str(y),
    "turnover_prosent": lambda y: str(y),
}


def trend_3aar(values: dict[int, float], year: int) -> float | None:
    """Mean yearly change over the three years up to `year`: (v[Y] - v[Y-3]) / 3, or None without both ends."""
    if year not in values or year - 3 not in values:
        return None
    return (values[year] - values[year - 3]) / 3


def kpi_figures(figures: Iterable[Figure], year: int, targets: dict[tuple[int, str], float]) -> list[Figure]:
    """The kpi rows for `year`, read from the chapter's (already suppressed) figures and the targets."""
    index = {f.key: f for f in figures}
    out: list[Figure] = []
    for indicator, period_of in KPI_INDICATORS.items():
        values: dict[int, float] = {}
        enhet = None
        for y in range(year - KPI_YEARS + 1, year + 1):
            src = index.get((indicator, period_of(y), HELE_KOMMUNEN, ""))
            if src is None:
                continue
            enhet = src.enhet
            out.append(Figure("kpi", str(y), HELE_KOMMUNEN, indicator, src.verdi, src.enhet, src.n, src.prikket))
            if not src.prikket and src.verdi is not None:
                values[y] = src.verdi
        if enhet is None:
            continue
        trend = trend_3aar(values, year)
        if trend is not None:
            out.append(Figure("kpi_trend_3aar", str(year), HELE_KOMMUNEN, indicator, trend, enhet))
        target = targets.get((year, indicator))
        if target is not None:
            out.append(Figure("kpi_mal", str(year), HELE_KOMMUNEN, indicator, target, enhet))
            if year in values:
                direction = (target > values[year]) - (target < values[year])
                out.append(Figure("kpi_maal_retning", str(year), HELE_KOMMUNEN, indicator, direction, "antall"))
    return out
