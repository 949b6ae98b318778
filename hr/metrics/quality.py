"""How far rows in quarantine could move a headline figure, so a report can warn when it matters.

A row set aside at ingest is missing from the figures. We do not know what it would have said once
corrected, so we bound it: the lowest and the highest value the headline figure could take if every
quarantined row of the extracts in use were corrected and loaded. The report warns in its summary
when either bound lies more than `THRESHOLD_PP` percentage points from the published figure.

The bounds (docs/definitions-choices.md, "Rows in quarantine and the headline figures") assume nothing
about the content of a quarantined row, since the row may be broken anywhere:
- sick leave (`sykefravaer_prosent`, whole municipality): an ansatte row is one employment version,
  which can add at most the period's workdays at 100 % to agreed day-works, with none or all of them
  lost; a fravaer row belongs to one employment and can at most make the period's workdays of that
  employment lost (never more than the day-works not lost yet).
- full-time share (`andel_heltid_prosent`, annual chapter): an ansatte row can at most make one more
  person full-time without adding a person, or add one person who is part-time.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy.engine import Connection

from hr.periods import Period
from hr.warehouse import query, workdays_between

THRESHOLD_PP = Fraction(1, 10)  # OUTPUTS/issue #5: warn when a headline could move more than 0.1 points

SYKEFRAVAER = "sykefravaer_prosent"
HELTID = "andel_heltid_prosent"


@dataclass(frozen=True)
class QuarantineImpact:
    """The bounds of one headline figure if every quarantined row were corrected and loaded."""

    metric: str
    period: str
    verdi: float  # the figure as published (full precision)
    lavest: float  # lowest possible value
    hoyest: float  # highest possible value
    rader: int  # quarantined rows the bound accounts for

    @property
    def endring_pp(self) -> float:
        """The largest possible change in percentage points, either way."""
        return max(self.hoyest - self.verdi, self.verdi - self.lavest, 0.0)

    @property
    def warn(self) -> bool:
        return Fraction(self.endring_pp) > THRESHOLD_PP


@dataclass(frozen=True)
class RowsSetAside:
    ansatte: int
    fravaer: int


def rows_set_aside(conn: Connection, kommunenummer: str) -> RowsSetAside:
    """Quarantined rows (not findings) of the ansatte and fravaer extracts in use, from the load log."""
    row = query(conn, "marts/quarantine_impact_rows.sql", kommunenummer=kommunenummer).iloc[0]
    return RowsSetAside(int(row["ansatte_rader"]), int(row["fravaer_rader"]))


def sick_leave_impact(
    conn: Connection, kommunenummer: str, period: Period, rows: RowsSetAside
) -> QuarantineImpact | None:
    """Bounds of the whole municipality's sykefravaer_prosent for `period`; None without agreed day-works.

    Uses only the total's exact sums (the aggregate mart) and the period's workdays W:
    an ansatte row adds at most W agreed day-works (one version, at most 100 % on each workday), all
    lost or none; a fravaer row turns at most W not-lost day-works of its one employment into lost ones.
    """
    from hr.metrics.sykefravaer import period_sums

    total = next((s for s in period_sums(conn, kommunenummer, period) if s.omrade_kode is None and not s.gruppe), None)
    if total is None or total.avtalte <= 0:
        return None
    agreed, lost = total.avtalte, total.tapte
    workdays = workdays_between(period.start, period.end)
    added = rows.ansatte * workdays  # agreed day-works the ansatte rows could add
    more_lost = min(Fraction(rows.fravaer * workdays), agreed - lost)  # what the fravaer rows could add
    now = 100 * lost / agreed
    low = 100 * lost / (agreed + added)  # the added versions had no sick leave
    high = 100 * (lost + more_lost + added) / (agreed + added)  # ...or were sick every day
    return QuarantineImpact(SYKEFRAVAER, period.code, float(now), float(low), float(high), rows.ansatte + rows.fravaer)


def full_time_impact(
    verdi: float | None, personer: int | None, rows: RowsSetAside, period: str
) -> QuarantineImpact | None:
    """Bounds of andel_heltid_prosent (share of persons with size >= 100) from the figure and its n.

    A corrected employment version can make an existing part-timer full-time (numerator + 1) or add
    a new part-time person (denominator + 1); it can never make a full-timer part-time.
    """
    if verdi is None or not personer:
        return None
    n, k = Fraction(personer), rows.ansatte
    full = Fraction(verdi) * n / 100
    low = 100 * full / (n + k)
    high = min(Fraction(100), 100 * (full + k) / n)
    return QuarantineImpact(HELTID, period, float(verdi), float(low), float(high), k)
