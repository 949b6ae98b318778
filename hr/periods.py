"""Reporting periods: a year `2018`, a half-year `2018H1`, a quarter `2018Q3` or a month `2018-01`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# ASCII digits only: «２０１８H1» (full-width) would be read as 2018H1 and name its files so.
_PATTERNS = [
    (re.compile(r"^(\d{4})$", re.ASCII), "year"),
    (re.compile(r"^(\d{4})H([12])$", re.ASCII), "half"),
    (re.compile(r"^(\d{4})Q([1-4])$", re.ASCII), "quarter"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII), "month"),
]
# The years a user may name (a report, a backfill): HR data of this century and the last. Periods the code
# derives from one (the year before, the trend) may lie outside; Python's dates end the range at 1..9998.
FIRST_YEAR, LAST_YEAR = 1900, 2099


class PeriodError(ValueError):
    """A period string that is not one of the forms DEFINITIONS.md allows."""


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    code: str
    kind: str  # year | half | quarter | month

    @classmethod
    def parse(cls, text: str) -> Period:
        text = text.strip()
        for rx, kind in _PATTERNS:
            m = rx.match(text)
            if not m:
                continue
            year = int(m.group(1))
            if not 1 <= year <= 9998:
                break
            if kind == "year":
                return cls(date(year, 1, 1), date(year, 12, 31), text, kind)
            n = int(m.group(2))
            if kind == "half":
                first = 1 if n == 1 else 7
                return cls(date(year, first, 1), _month_end(year, first + 5), text, kind)
            if kind == "quarter":
                first = 3 * (n - 1) + 1
                return cls(date(year, first, 1), _month_end(year, first + 2), text, kind)
            return cls(date(year, n, 1), _month_end(year, n), text, kind)
        raise PeriodError(f"ukjent periode «{text}»: bruk 2018, 2018H1, 2018Q3 eller 2018-01")

    @property
    def year(self) -> int:
        return self.start.year

    def shifted_years(self, years: int) -> Period:
        """The same period `years` years later (negative: earlier)."""
        code = str(self.year + years) + self.code[4:]
        return Period.parse(code)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return Period.parse(_step(self, -1))

    def next(self) -> Period:
        return Period.parse(_step(self, +1))

    def quarters(self) -> list[Period]:
        """The quarters inside this period (a year has four, a half-year two)."""
        if self.kind in ("month", "quarter"):
            return [self] if self.kind == "quarter" else []
        qs = [Period.parse(f"{self.year}Q{q}") for q in range(1, 5)]
        return [q for q in qs if self.start <= q.start and q.end <= self.end]

    def label_nb(self) -> str:
        """The period in words, in bokmål: '1. halvår 2018', '3. kvartal 2018', 'januar 2018', '2018'."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.code[-1]}. halvår {self.year}"
        if self.kind == "quarter":
            return f"{self.code[-1]}. kvartal {self.year}"
        from babel.dates import format_date

        return format_date(self.start, "LLLL y", locale="nb_NO")

    def __str__(self) -> str:
        return self.code


def _step(p: Period, n: int) -> str:
    if p.kind == "year":
        return str(p.year + n)
    if p.kind == "month":
        idx = p.year * 12 + p.start.month - 1 + n
        return f"{idx // 12}-{idx % 12 + 1:02d}"
    per_year = 2 if p.kind == "half" else 4
    idx = p.year * per_year + int(p.code[-1]) - 1 + n
    letter = "H" if p.kind == "half" else "Q"
    return f"{idx // per_year}{letter}{idx % per_year + 1}"


def forms_nb(kind: str, text: str = "") -> str:
    """The periods of `kind` in words, for a message about `text` that is no period of that kind: in the year
    `text` starts with (2018 when it starts with none), e.g. «et halvår, 2018H1 eller 2018H2»."""
    m = re.match(r"\s*(\d{4})", text, re.ASCII)
    year = m.group(1) if m and FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR else "2018"
    if kind == "year":
        return f"et år, for eksempel {year}"
    if kind == "half":
        return f"et halvår, {year}H1 eller {year}H2"
    if kind == "quarter":
        return f"et kvartal, {year}Q1, {year}Q2, {year}Q3 eller {year}Q4"
    return f"en måned, {year}-01 til {year}-12"


def check_year(period: Period) -> Period:
    """The period, if its year is one a user may name (FIRST_YEAR..LAST_YEAR); PeriodError if not."""
    if not FIRST_YEAR <= period.year <= LAST_YEAR:
        raise PeriodError(f"ukjent periode «{period.code}»: året må være fra {FIRST_YEAR} til {LAST_YEAR}")
    return period


def period_range(first: str, last: str) -> list[Period]:
    """Every period from `first` to `last` inclusive; both must be of the same kind, in years a user may name."""
    a, b = check_year(Period.parse(first)), check_year(Period.parse(last))
    if a.kind != b.kind:
        raise PeriodError(f"{first} og {last} er ikke samme slags periode")
    if b < a:
        raise PeriodError(f"{last} ligger før {first}")
    out = [a]
    while out[-1] != b:
        out.append(out[-1].next())
    return out
