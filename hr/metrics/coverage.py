"""Coverage (DEFINITIONS.md "Coverage"): a figure is computed only for a period the extracts cover.

The absence register covers the time from `fravaer_fra` in referanse/kommune.yaml, else from the first day
of the first month with a registration in the fravaer snapshot in use; with neither, it covers nothing. A
half-year or year that starts before that date has no sick-leave figure (absent from the figures file, a
gap in charts, "ingen data" in tables, never 0 %).

Payroll and pensions (the same section): a year's pay figures (PAY_METRICS) are published only when all
twelve payroll months of the year are delivered (a payroll file in use in meta_load_log), and a pension
year has figures only when a pension file of some provider was delivered for it; the annual chapter names
what is missing.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from hr.errors import NothingToReport
from hr.periods import Period
from hr.warehouse import query

PAY_METRICS = ("lonn_kvinner_andel_av_menn_prosent", "lonnskostnad_kroner")  # computed from payroll lines
MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
NOTHING = date.max  # the start of a register with no registration at all: no period is covered


class NotCovered(NothingToReport):
    """A report for a period the absence register does not cover: exit status 4, with a clear message."""


def absence_start(conn: Connection, kommunenummer: str) -> date:
    """The day from which the absence register is complete (NOTHING when it holds no registration)."""
    rows = query(conn, "marts/fravaer_dekning.sql", kommunenummer=kommunenummer)
    if rows.empty:
        return NOTHING
    fra, forste = rows.iloc[0]["fravaer_fra"], rows.iloc[0]["forste_registrering"]
    day: date
    if _given(fra):
        day = pd.Timestamp(fra).date()
        return day
    if _given(forste):
        day = pd.Timestamp(forste).date().replace(day=1)
        return day
    return NOTHING


def covers(start: date | None, period: Period) -> bool:
    """True when the register covers the whole period (None: coverage unknown, e.g. report tests)."""
    return start is None or period.start >= start


def not_covered_message(start: date, period: Period) -> str:
    if start == NOTHING:
        return f"ingen sykefraværstall for {period.label_nb()}: fraværsuttrekket har ingen registreringer"
    return f"ingen sykefraværstall for {period.label_nb()}: fraværsregisteret er komplett først fra {start:%d.%m.%Y}"


def _given(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and pd.isna(v)) and v is not pd.NaT


def missing_payroll_months(conn: Connection, kommunenummer: str, year: int) -> list[int]:
    """The months (1-12) of `year` with no payroll file in use: the year's pay figures need none missing."""
    rows = query(conn, "marts/levert_lonn.sql", kommunenummer=kommunenummer, aar=str(year))
    delivered = {int(str(m)[5:7]) for m in rows["maaned"]}
    return [m for m in range(1, 13) if m not in delivered]


def delivered_pension_years(conn: Connection, kommunenummer: str) -> set[int]:
    """The years for which some provider's pension file is in use."""
    rows = query(conn, "marts/levert_pensjon.sql", kommunenummer=kommunenummer)
    return {int(str(y)[:4]) for y in rows["aar"]}


def payroll_missing_sentence(year: int, months: list[int]) -> str:
    """Why the chapter has no pay figures for `year` ("… lønnsuttrekket for mars og oktober mangler.")."""
    if len(months) == 12:
        return f"Lønnstall for {year} vises ikke: det er ikke levert noe lønnsuttrekk for {year}."
    return f"Lønnstall for {year} vises ikke: lønnsuttrekket for {_and([MONTHS_NB[m - 1] for m in months])} mangler."


def pension_missing_sentence(years: list[int]) -> str:
    """Which pension years have no figures because no provider delivered them."""
    names = _and([str(y) for y in years])
    return (
        f"Pensjonsuttrekket for {names} er ikke levert, så {'året' if len(years) == 1 else 'de årene'} "
        "har ingen pensjonstall."
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
