"""The measures register (referanse/tiltak.csv, issue 18): which measures a report lists, and the
indicator's value when each started.

A report lists a measure while it is active in the report's period (startdato on or before the period's
last day, and no sluttdato or one on or after its first day), and once more in the first report after it
ended (sluttdato in the period before). "The period in which the measure started" is the period of the
report's own kind that holds startdato: a half-year in the half-year report, a year in the annual chapter.

The indicator's values are figures like any other (hr.metrics.sykefravaer), suppressed by "Small
numbers": the value in the report's period is taken from the report's own figures where they have it
(so the measures file never disagrees with figures.csv), the value when the measure started from the
figures of that period as its own report computes them (`period_figures`). A period the absence register
does not cover has no value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.coverage import absence_start, covers
from hr.metrics.sykefravaer import area_names, period_figures
from hr.periods import Period
from hr.warehouse import query

STATUSES = {"PLANLAGT": "Planlagt", "PAGAR": "Pågår", "FULLFORT": "Fullført", "AVBRUTT": "Avbrutt"}


@dataclass(frozen=True)
class Measure:
    """One measure as a report lists it. `omrade` is the area's name in the report's period,
    `omrade_start` its name in the period the measure started in (an area may be renamed)."""

    tiltak_id: str
    org_enhet: str
    omrade: str
    omrade_start: str
    tittel: str
    ansvarlig: str
    startdato: date
    sluttdato: date | None
    status: str
    indikator: str
    start_period: str
    ended: bool  # ended before the report's period: listed once more, with its outcome
    start_figure: Figure | None  # the indicator in start_period (None: not covered / no such group)
    now_figure: Figure | None  # the indicator in the report's period, where the report lacks it

    @property
    def status_nb(self) -> str:
        return STATUSES.get(self.status, self.status)


def period_of(day: date, kind: str) -> Period:
    """The period of `kind` (year or half) that holds `day`."""
    if kind == "year":
        return Period.parse(str(day.year))
    return Period.parse(f"{day.year}H{1 if day.month <= 6 else 2}")


def is_listed(startdato: date, sluttdato: date | None, period: Period) -> tuple[bool, bool]:
    """(listed, ended): active in `period`, or ended in the period just before it."""
    if startdato > period.end:
        return False, False
    if sluttdato is None or sluttdato >= period.start:
        return True, False
    before = period.previous()
    return (before.start <= sluttdato <= before.end), True


def _as_date(value: Any) -> date | None:
    if value is None or pd.isna(value):
        return None
    day: date = value.date() if hasattr(value, "date") and callable(value.date) else value
    return day


def measures(conn: Connection, kommunenummer: str, period: Period, min_n: int) -> list[Measure]:
    """The measures the report of `period` lists, in start order, with the indicator's values."""
    rows = query(conn, "marts/ref_tiltak.sql", kommunenummer=kommunenummer, til=period.end).to_dict("records")
    listed: list[tuple[dict[str, Any], date, date | None, bool]] = []
    for r in rows:
        start, end = _as_date(r["startdato"]), _as_date(r["sluttdato"])
        assert start is not None  # ref_tiltak.startdato is `not null`
        shown, ended = is_listed(start, end, period)
        if shown:
            listed.append((r, start, end, ended))
    if not listed:
        return []
    kind = "year" if period.kind == "year" else "half"
    start_of = absence_start(conn, kommunenummer)
    cache: dict[str, dict[tuple[str, str, str, str], Figure]] = {}

    def figures_of(p: Period) -> dict[tuple[str, str, str, str], Figure]:
        if p.code not in cache:
            cache[p.code] = (
                {f.key: f for f in period_figures(conn, kommunenummer, p, min_n)} if covers(start_of, p) else {}
            )
        return cache[p.code]

    out = []
    for r, start, end, ended in listed:
        sp = period_of(start, kind)
        code = str(r["org_enhet"])
        whole = bool(r["er_kommunen"])
        name_now = HELE_KOMMUNEN if whole else area_names(conn, kommunenummer, period, [code])[code]
        name_start = HELE_KOMMUNEN if whole else area_names(conn, kommunenummer, sp, [code])[code]
        indikator = str(r["indikator"])
        out.append(
            Measure(
                tiltak_id=str(r["tiltak_id"]),
                org_enhet=code,
                omrade=name_now,
                omrade_start=name_start,
                tittel=str(r["tittel"]),
                ansvarlig=str(r["ansvarlig"]),
                startdato=start,
                sluttdato=end,
                status=str(r["status"]),
                indikator=indikator,
                start_period=sp.code,
                ended=ended,
                start_figure=figures_of(sp).get((indikator, sp.code, name_start, "")),
                now_figure=figures_of(period).get((indikator, period.code, name_now, "")),
            )
        )
    return out
