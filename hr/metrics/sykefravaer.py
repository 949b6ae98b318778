"""Sick-leave figures (DEFINITIONS.md "Sick leave") for the half-yearly report and the annual chapter.

SQL (sql/marts/fct_sykefravaer_periode.sql) returns exact numeric sums per group; every division
happens here on those exact values (as fractions, rounded once to a float), so DuckDB and PostgreSQL
give byte-identical figures. Choices where DEFINITIONS.md is silent:
- `sykefravaer_varighet_prosent` is, like korttid/langtid, 100 x lost day-works of cases in the duration
  group / agreed day-works, so the four groups add up to `sykefravaer_prosent` (NAV's breakdown).
- The n of every figure of a group is the group's persons with agreed day-works; the gender figures
  have their own n. A target (`sykefravaer_mal_prosent`) is not about persons: n is empty.
- If two area codes would show the same name in one period, the code is added to both names so that
  no two figures share a key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy.engine import Connection

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.coverage import NotCovered, absence_start, covers, not_covered_message
from hr.metrics.suppression import suppress
from hr.periods import Period
from hr.warehouse import query

PROSENT = "sykefravaer_prosent"
KORTTID = "sykefravaer_korttid_prosent"
LANGTID = "sykefravaer_langtid_prosent"
EGENMELDT = "sykefravaer_egenmeldt_prosent"
LEGEMELDT = "sykefravaer_legemeldt_prosent"
TAPTE = "sykefravaer_tapte_dagsverk"
AVTALTE = "sykefravaer_avtalte_dagsverk"
VARIGHET = "sykefravaer_varighet_prosent"
MAL = "sykefravaer_mal_prosent"

# duration group -> the mart's column of lost day-works of cases of that length (calendar days)
DURATION_COLUMNS = {"1-3": "tapte_1_3", "4-16": "tapte_4_16", "17-56": "tapte_17_56", "57+": "tapte_57"}
SHORT_TERM = ("1-3", "4-16")  # cases of 1-16 days
TREND_PERIODS = 8
GENDERS = ("K", "M")

# Figures that describe one group's sick leave; if one of them is suppressed, all of them are
# (DEFINITIONS.md "Small numbers": a suppressed area's korttid must not stay readable).
GROUP_METRICS = {PROSENT, KORTTID, LANGTID, EGENMELDT, LEGEMELDT, TAPTE, AVTALTE, VARIGHET}


@dataclass(frozen=True)
class GroupSums:
    """The exact sums of one group (Hele kommunen, an area or a gender) in one period."""

    omrade: str  # HELE_KOMMUNEN or the area's display name
    omrade_kode: str | None
    gruppe: str  # "" or K / M
    n: int
    avtalte: Fraction
    tapte: Fraction
    tapte_egenmeldt: Fraction
    tapte_varighet: dict[str, Fraction]

    @property
    def tapte_korttid(self) -> Fraction:
        return sum((self.tapte_varighet[g] for g in SHORT_TERM), Fraction(0))

    def prosent(self, tapte: Fraction) -> float:
        return float(100 * tapte / self.avtalte)


def compute_sykefravaer(
    conn: Connection, kommunenummer: str, period: Period, min_n: int, *, also: Iterable[Period] = ()
) -> list[Figure]:
    """Every sick-leave figure of the half-yearly report (or the annual chapter) for `period`, suppressed.
    Periods the absence register does not cover get no figure (DEFINITIONS.md "Coverage"); NotCovered
    (exit status 4) when that is the report's own period. `also`: periods a later step of the same report
    asks for (the year view's), fetched in the same mart query, for that step to find in
    `period_sums_shared` (one query of ~27 periods costs 0.75 s of Bærum's 1.1 s for two)."""
    start = absence_start(conn, kommunenummer)
    if not covers(start, period):
        raise NotCovered(not_covered_message(start, period))
    figures: dict[tuple[str, str, str, str], Figure] = {}

    def add(new: Iterable[Figure]) -> None:
        for f in new:
            figures.setdefault(f.key, f)

    others = [p for p in [period.shifted_years(-1), *period.quarters(), *_trend(period)] if covers(start, p)]
    # one mart query for all of them (a report wants some 25: one query costs little more than one period)
    sums = periods_sums(conn, kommunenummer, [period, *others, *(p for p in also if covers(start, p))])
    main = sums[period]
    add(_full_figures(period, main))
    add(_target_figures(conn, kommunenummer, period, main))
    for other in others:
        add(_rate_figures(other, sums[other], (PROSENT, KORTTID, LANGTID)))
    return suppress(list(figures.values()), min_n, together=_group)


def sykefravaer_series(conn: Connection, kommunenummer: str, periods: list[Period], min_n: int) -> list[Figure]:
    """sykefravaer_prosent, _korttid_ and _langtid_ for each period the absence register covers, in total
    and by area, suppressed."""
    start = absence_start(conn, kommunenummer)
    figures: list[Figure] = []
    covered = [p for p in dict.fromkeys(periods) if covers(start, p)]
    sums = periods_sums(conn, kommunenummer, covered)
    for period in covered:
        figures += _rate_figures(period, sums[period], (PROSENT, KORTTID, LANGTID))
    return suppress(figures, min_n, together=_group)


def period_figures(conn: Connection, kommunenummer: str, period: Period, min_n: int) -> list[Figure]:
    """The sick-leave figures of `period` itself (rates in total and by area, day-works, durations, genders),
    suppressed as the report of that period suppresses them. The caller checks that the absence register
    covers the period."""
    return suppress(_full_figures(period, period_sums(conn, kommunenummer, period)), min_n, together=_group)


def _trend(period: Period) -> list[Period]:
    """The last TREND_PERIODS periods of the same kind, ending with `period`."""
    periods = [period]
    while len(periods) < TREND_PERIODS:
        periods.insert(0, periods[0].previous())
    return periods


def period_sums(conn: Connection, kommunenummer: str, period: Period) -> list[GroupSums]:
    """The exact sums of every group with agreed day-works in `period`: total first, then areas, genders."""
    return periods_sums(conn, kommunenummer, [period])[period]


# Within `period_sums_shared`: (warehouse, kommunenummer) -> the sums of each period asked for so far.
_SHARED: ContextVar[dict[tuple[str, str], dict[Period, list[GroupSums]]] | None] = ContextVar(
    "hr_period_sums_shared", default=None
)


@contextmanager
def period_sums_shared() -> Iterator[None]:
    """Within the block, each period's sums are asked of a warehouse once and shared by every step that
    needs them (a report's figures, its year view, size and benchmark figures, and the measures of its
    metadata ask for many of the same periods: ~0.4 s of queries of a cold Bærum report). For a block in
    which nothing writes to the warehouse: hr.core.render_draft's figures and metadata, after the ingest, and
    hr.report_steps.compute_figures (a block within a block uses the outer one's sums)."""
    if _SHARED.get() is not None:  # inside another block: its sums serve this one too
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def periods_sums(conn: Connection, kommunenummer: str, periods: Iterable[Period]) -> dict[Period, list[GroupSums]]:
    """period_sums of each period, from one query; a period without agreed day-works gets an empty list."""
    wanted = list(dict.fromkeys(periods))
    shared = _SHARED.get()
    if shared is None:
        return _queried_sums(conn, kommunenummer, wanted)
    known = shared.setdefault((conn.engine.url.render_as_string(hide_password=True), kommunenummer), {})
    missing = [p for p in wanted if p not in known]
    if missing:
        known.update(_queried_sums(conn, kommunenummer, missing))
    return {p: list(known[p]) for p in wanted}


def _queried_sums(conn: Connection, kommunenummer: str, wanted: list[Period]) -> dict[Period, list[GroupSums]]:
    if not wanted:
        return {}
    # the mart keeps exactly the (first day, last day) pairs asked for; two periods with the same days
    # (a year and the rolling 12 months ending with its 4th quarter) share their rows
    rows = query(
        conn,
        "marts/fct_sykefravaer_periode.sql",
        kommunenummer=kommunenummer,
        fra=sorted({p.start for p in wanted}),
        til=sorted({p.end for p in wanted}),
        perioder=sorted({(p.start, p.end) for p in wanted}),
    )
    by_days: dict[tuple[date, date], list[dict[str, Any]]] = {}
    for r in rows.to_dict("records"):
        by_days.setdefault((_day(r["fra"]), _day(r["til"])), []).append(r)
    known: dict[date, dict[str, str]] = {}  # the area names as of a last day, asked once per distinct day
    out = {}
    for period in wanted:
        of_period = by_days.get((period.start, period.end), [])
        if period.end not in known:
            known[period.end] = _known_area_names(conn, kommunenummer, period.end)
        codes = [r["omrade"] for r in of_period if r["niva"] == "omrade"]
        out[period] = _group_sums(of_period, _names_of(known[period.end], codes))
    return out


def _day(value: date | datetime) -> date:
    """A date column as a date (DuckDB gives date, a driver may give datetime or a pandas Timestamp)."""
    return value.date() if isinstance(value, datetime) else value


def _group_sums(rows: list[dict[str, Any]], names: dict[str, str]) -> list[GroupSums]:
    out = []
    for r in rows:
        if r["niva"] == "kjonn" and r["kjonn"] not in GENDERS:
            continue
        omrade = names[r["omrade"]] if r["niva"] == "omrade" else HELE_KOMMUNEN
        out.append(
            GroupSums(
                omrade=omrade,
                omrade_kode=r["omrade"] if r["niva"] == "omrade" else None,
                gruppe=r["kjonn"] if r["niva"] == "kjonn" else "",
                n=int(r["personer"]),
                avtalte=_exact(r["avtalte"]),
                tapte=_exact(r["tapte"]),
                tapte_egenmeldt=_exact(r["tapte_egenmeldt"]),
                tapte_varighet={g: _exact(r[col]) for g, col in DURATION_COLUMNS.items()},
            )
        )
    order = {"": 0, "K": 2, "M": 3}
    return sorted(out, key=lambda s: (order[s.gruppe], s.omrade != HELE_KOMMUNEN, s.omrade))


def area_names(conn: Connection, kommunenummer: str, period: Period, codes: list[str]) -> dict[str, str]:
    """Display name of each area code for `period`; codes that would share a name get the code added."""
    return _names_of(_known_area_names(conn, kommunenummer, period.end), codes)


def _known_area_names(conn: Connection, kommunenummer: str, til: date) -> dict[str, str]:
    rows = query(conn, "marts/dim_omrade_navn.sql", kommunenummer=kommunenummer, til=til)
    return {r["omrade"]: r["navn"] for r in rows.to_dict("records")}


def _names_of(known: dict[str, str], codes: list[str]) -> dict[str, str]:
    names = {code: known.get(code, code) for code in codes}
    shared = {name for name, count in Counter(names.values()).items() if count > 1}
    return {code: f"{name} ({code})" if name in shared else name for code, name in names.items()}


def _exact(value: Decimal | int | None) -> Fraction:
    if value is None:
        return Fraction(0)
    if isinstance(value, float):  # a float here would mean a sum left the exact numeric types
        raise TypeError("sykefraværssummen kom som flyttall, ikke eksakt desimaltall")
    return Fraction(value)


def _figure(
    metric: str, period: Period, s: GroupSums, verdi: float, enhet: str = "prosent", gruppe: str | None = None
) -> Figure:
    return Figure(metric, period.code, s.omrade, s.gruppe if gruppe is None else gruppe, verdi, enhet, s.n)


def _rate_figures(period: Period, groups: list[GroupSums], metrics: tuple[str, ...]) -> list[Figure]:
    """The chosen rates (PROSENT, KORTTID, LANGTID) for Hele kommunen and every area."""
    out = []
    for s in groups:
        if s.gruppe:
            continue
        values = {PROSENT: s.tapte, KORTTID: s.tapte_korttid, LANGTID: s.tapte - s.tapte_korttid}
        out += [_figure(m, period, s, s.prosent(values[m])) for m in metrics]
    return out


def _full_figures(period: Period, groups: list[GroupSums]) -> list[Figure]:
    """Everything the report shows about its own period: rates, day-works, durations, genders."""
    out = _rate_figures(period, groups, (PROSENT, KORTTID, LANGTID))
    for s in groups:
        if s.gruppe:
            out.append(_figure(PROSENT, period, s, s.prosent(s.tapte)))
            continue
        out += [
            _figure(EGENMELDT, period, s, s.prosent(s.tapte_egenmeldt)),
            _figure(LEGEMELDT, period, s, s.prosent(s.tapte - s.tapte_egenmeldt)),
            _figure(TAPTE, period, s, float(s.tapte), "dagsverk"),
            _figure(AVTALTE, period, s, float(s.avtalte), "dagsverk"),
        ]
        out += [_figure(VARIGHET, period, s, s.prosent(s.tapte_varighet[g]), gruppe=g) for g in DURATION_COLUMNS]
    return out


def target_figures(conn: Connection, kommunenummer: str, period: Period) -> list[Figure]:
    """`sykefravaer_mal_prosent` of `period`'s year, in total and for every area with sick leave and a target
    (the annual chapter's figures file carries them; DEFINITIONS.md "Targets"); none for a period the
    absence register does not cover."""
    if not covers(absence_start(conn, kommunenummer), period):
        return []
    return _target_figures(conn, kommunenummer, period, period_sums(conn, kommunenummer, period))


def _target_figures(conn: Connection, kommunenummer: str, period: Period, groups: list[GroupSums]) -> list[Figure]:
    """The year's target for Hele kommunen (root unit) and for each area shown, where one is given."""
    rows = query(conn, "marts/fct_sykefravaer_mal.sql", kommunenummer=kommunenummer, aar=period.year)
    root = [r["verdi"] for r in rows.to_dict("records") if r["er_kommunen"]]
    by_area = {r["org_enhet"]: r["verdi"] for r in rows.to_dict("records") if not r["er_kommunen"]}
    out = []
    for s in groups:
        if s.gruppe:
            continue
        verdi = (root[0] if root else None) if s.omrade_kode is None else by_area.get(s.omrade_kode)
        if verdi is not None:
            out.append(Figure(MAL, period.code, s.omrade, "", float(verdi), "prosent", None))
    return out


def _group(f: Figure) -> tuple[str, str] | None:
    """A group suppressed in one table is suppressed in all: its rates, day-works and durations go together
    (any one of them, with the day-works, gives the others)."""
    return (f.period, f.omrade) if f.metric in GROUP_METRICS and f.gruppe not in GENDERS else None
