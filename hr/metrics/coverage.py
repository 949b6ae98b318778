"""Coverage (DEFINITIONS.md "Coverage"): a figure is computed only for a period the extracts cover.

The absence register covers the time from `fravaer_fra` in referanse/kommune.yaml, else from the first day
of the first month with a registration in the fravaer snapshot in use; with neither, it covers nothing. A
half-year or year that starts before that date has no sick-leave figure (absent from the figures file, a
gap in charts, "ingen data" in tables, never 0 %). Not yet here: DEFINITIONS.md's rule that a year's pay
figures need all twelve payroll months (a year is computed from the months delivered; docs/definisjoner.md).
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from hr.errors import NothingToReport
from hr.periods import Period
from hr.warehouse import query

NOTHING = date.max  # the start of a register with no registration at all: no period is covered


class NotCovered(NothingToReport):
    """A report for a period the absence register does not cover: exit status 4, with a clear message."""


def absence_start(conn, kommunenummer: str) -> date:
    """The day from which the absence register is complete (NOTHING when it holds no registration)."""
    rows = query(conn, "marts/fravaer_dekning.sql", kommunenummer=kommunenummer)
    if rows.empty:
        return NOTHING
    fra, forste = rows.iloc[0]["fravaer_fra"], rows.iloc[0]["forste_registrering"]
    if _given(fra):
        return pd.Timestamp(fra).date()
    if _given(forste):
        return pd.Timestamp(forste).date().replace(day=1)
    return NOTHING


def covers(start: date | None, period: Period) -> bool:
    """True when the register covers the whole period (None: coverage unknown, e.g. report tests)."""
    return start is None or period.start >= start


def not_covered_message(start: date, period: Period) -> str:
    if start == NOTHING:
        return f"ingen sykefraværstall for {period.label_nb()}: fraværsuttrekket har ingen registreringer"
    return (f"ingen sykefraværstall for {period.label_nb()}: fraværsregisteret er komplett først fra "
            f"{start:%d.%m.%Y}")


def _given(v) -> bool:
    return v is not None and not (isinstance(v, float) and pd.isna(v)) and v is not pd.NaT
