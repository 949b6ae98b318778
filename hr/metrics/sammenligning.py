"""Published benchmarks beside the municipality's own figure (issue 18, EXTRACTS.md referanse/sammenligning.csv).

A report shows the benchmarks whose periode is the report's period, its year, or a quarter inside the
report's period (SSB and NAV publish sick leave by quarter). Each becomes the figure
`sammenligning_<indikator>` (period = the benchmark's periode, omrade Hele kommunen, gruppe = its label,
no n: a published figure is never suppressed). The municipality's own figure is always the one of the
same indicator and period (legemeldt against legemeldt): when the report does not compute it already
(e.g. the year's legemeldt sick leave in the 2nd-half report), it is computed here from the mart's exact
sums and suppressed like every sick-leave figure. A benchmark whose period ends after the report's
period (the year, in the 1st-half report) gets no own figure: the municipality's year is not over.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.engine import Connection

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.suppression import suppress
from hr.metrics.sykefravaer import (
    EGENMELDT,
    KORTTID,
    LANGTID,
    LEGEMELDT,
    PROSENT,
    GroupSums,
    period_sums,
)
from hr.periods import Period
from hr.warehouse import query

PREFIX = "sammenligning_"
INDICATORS = (LEGEMELDT, PROSENT, EGENMELDT, KORTTID, LANGTID)  # expectations/ref_sammenligning.json


@dataclass(frozen=True)
class Benchmark:
    periode: str
    indikator: str
    sammenligning: str
    verdi: Decimal
    kilde: str

    @property
    def metric(self) -> str:
        return PREFIX + self.indikator


def benchmarks(conn: Connection, kommunenummer: str, period: Period) -> list[Benchmark]:
    """The rows of referanse/sammenligning.csv for the report's period, its year or its quarters."""
    quarters = [q.code for q in period.quarters()] or [period.code]
    k1, k2, k3, k4 = (quarters * 4)[:4]
    rows = query(
        conn,
        "marts/ref_sammenligning.sql",
        kommunenummer=kommunenummer,
        periode=period.code,
        aar=str(period.year),
        k1=k1,
        k2=k2,
        k3=k3,
        k4=k4,
    )
    return [
        Benchmark(str(r["periode"]), str(r["indikator"]), str(r["sammenligning"]), Decimal(r["verdi"]), str(r["kilde"]))
        for r in rows.to_dict("records")
        if r["indikator"] in INDICATORS
    ]


def own_value(s: GroupSums, indikator: str) -> float:
    tapte: Fraction = {
        PROSENT: s.tapte,
        LEGEMELDT: s.tapte - s.tapte_egenmeldt,
        EGENMELDT: s.tapte_egenmeldt,
        KORTTID: s.tapte_korttid,
        LANGTID: s.tapte - s.tapte_korttid,
    }[indikator]
    return s.prosent(tapte)


def benchmark_figures(
    conn: Connection, kommunenummer: str, period: Period, figures: list[Figure], min_n: int
) -> list[Figure]:
    """The benchmarks as figures, and the municipality's own figure for each where `figures` lacks it."""
    have = {f.key for f in figures}
    out: list[Figure] = []
    own: list[Figure] = []
    sums: dict[str, list[GroupSums]] = {}
    for b in benchmarks(conn, kommunenummer, period):
        out.append(Figure(b.metric, b.periode, HELE_KOMMUNEN, b.sammenligning, float(b.verdi), "prosent", None))
        key = (b.indikator, b.periode, HELE_KOMMUNEN, "")
        of = Period.parse(b.periode)
        if key in have or of.end > period.end:
            continue
        if b.periode not in sums:
            sums[b.periode] = period_sums(conn, kommunenummer, of)
        total = next((s for s in sums[b.periode] if s.omrade == HELE_KOMMUNEN and not s.gruppe), None)
        if total is not None and total.avtalte:
            own.append(
                Figure(b.indikator, b.periode, HELE_KOMMUNEN, "", own_value(total, b.indikator), "prosent", total.n)
            )
            have.add(key)
    return suppress(own, min_n) + out


def size_and_benchmark_figures(
    conn: Connection, kommunenummer: str, period: Period, figures: list[Figure], min_n: int
) -> list[Figure]:
    """Both reports: the size of the problem (lost årsverk, kroner) and the published benchmarks (issue 18)."""
    from hr.metrics.sykefravaer_storrelse import size_figures

    return size_figures(conn, kommunenummer, period, figures) + benchmark_figures(
        conn, kommunenummer, period, figures, min_n
    )
