"""Compute step: the report's figures from the warehouse marts, and the report's metadata."""
from __future__ import annotations

from prefect import task

from hr.errors import NothingToReport
from hr.figures import HELE_KOMMUNEN, Figure
from hr.periods import Period
from hr.settings import COMPUTE_TIMEOUT_SECONDS, Settings
from hr.warehouse import engine_for, query
from tasks.cache import WAREHOUSE_STATE
from tasks.retry import WAREHOUSE_RETRIES

# The extracts a report is built from: its data-quality section lists these and no others.
REPORT_KINDS = {
    "sykefravaer": {"kommune", "organisasjon", "ansatte", "fravaer", "mal", "tekst", "stillingskoder",
                    "sammenligning", "tiltak"},
    "medarbeidere": None,  # every extract
}

# The figure whose absence means "no data for this period" (exit status 4).
_PRESENCE = {
    "sykefravaer": ("sykefravaer_avtalte_dagsverk", lambda p: p.code),
    "medarbeidere": ("personer_totalt", lambda p: f"{p.year}-12-31"),
}


def _kommune(conn, kommunenummer: str):
    rows = query(conn, "marts/ref_kommune.sql", kommunenummer=kommunenummer)
    if rows.empty:
        raise NothingToReport(f"kommune {kommunenummer} finnes ikke i datavarehuset")
    return rows.iloc[0]


def _check_horizon(conn, kommunenummer: str, rapport: str, period: Period) -> None:
    """A period the extracts do not cover to its end is not reported: half a period would mislead.

    Open-ended employments would otherwise give agreed day-works for any future period.
    """
    from datetime import date

    kinds = ("ansatte", "fravaer") if rapport == "sykefravaer" else ("ansatte",)
    horizon = query(conn, "marts/data_horizon.sql", kommunenummer=kommunenummer)
    dates = dict(zip(horizon.kind, horizon.snapshot_date))
    missing = [k for k in kinds if not dates.get(k)]
    if missing:
        raise NothingToReport(f"ingen data: uttrekket {', '.join(missing)} er ikke lastet for kommune {kommunenummer}")
    known_until = min(date.fromisoformat(str(dates[k])) for k in kinds)
    if period.end > known_until:
        raise NothingToReport(
            f"ingen data for hele {period.label_nb()}: uttrekkene går bare til {known_until:%d.%m.%Y}")


def size_and_benchmark_figures(conn, kommunenummer: str, period: Period, figures: list[Figure], min_n: int) -> list[Figure]:
    """Both reports: the size of the problem (lost årsverk, kroner) and the published benchmarks (issue 18)."""
    from hr.metrics.sammenligning import benchmark_figures
    from hr.metrics.sykefravaer_storrelse import size_figures

    return size_figures(conn, kommunenummer, period, figures) + benchmark_figures(
        conn, kommunenummer, period, figures, min_n)


def year_view_and_breakdown_figures(conn, kommunenummer: str, rapport: str, period: Period, figures: list[Figure],
                                    min_n: int) -> list[Figure]:
    """Issue 18 items 3 and 5: the 2nd-half report's year view (hr.metrics.sykefravaer_aarsvisning), the
    breakdowns of sick leave in both reports and the care areas' full-time by position (hr.metrics.oppdelinger)."""
    from hr.metrics.oppdelinger import breakdown_figures
    from hr.metrics.sykefravaer_aarsvisning import year_view_figures

    year_view = year_view_figures(conn, kommunenummer, period, figures, min_n) if rapport == "sykefravaer" else []
    return year_view + breakdown_figures(conn, kommunenummer, rapport, period, min_n)


@task(name="beregn-tall", task_run_name="beregn-tall-{rapport}-{period}", cache_policy=WAREHOUSE_STATE,
      timeout_seconds=COMPUTE_TIMEOUT_SECONDS, **WAREHOUSE_RETRIES)
def compute_figures(settings: Settings, kommunenummer: str, rapport: str, period: Period) -> list[Figure]:
    """Every figure of the report, suppression applied; NothingToReport when the period has no data.

    Reads through `settings.reporting_url`: on PostgreSQL the reporting role, which sees only the aggregate
    views of sql/views/reporting.sql (docs/personvern.md)."""
    engine = engine_for(settings.reporting_url)
    with engine.connect() as conn:
        min_n = int(_kommune(conn, kommunenummer).min_n)
        _check_horizon(conn, kommunenummer, rapport, period)
        if rapport == "sykefravaer":
            from hr.metrics.sykefravaer import compute_sykefravaer

            figures = compute_sykefravaer(conn, kommunenummer, period, min_n)
        else:
            from hr.metrics.medarbeidere import compute_medarbeidere

            figures = compute_medarbeidere(conn, kommunenummer, period.year, min_n)
        figures = figures + year_view_and_breakdown_figures(conn, kommunenummer, rapport, period, figures, min_n)
        figures = figures + size_and_benchmark_figures(conn, kommunenummer, period, figures, min_n)
    metric, period_of = _PRESENCE[rapport]
    present = any(f.metric == metric and f.period == period_of(period) and f.omrade == HELE_KOMMUNEN
                  and f.gruppe == "" and (f.verdi or f.prikket) for f in figures)
    if not present:
        raise NothingToReport(f"ingen data for {period.label_nb()} i datavarehuset (kommune {kommunenummer})")
    return figures


@task(name="rapport-metadata", task_run_name="rapport-metadata-{rapport}-{period}", cache_policy=WAREHOUSE_STATE,
      timeout_seconds=COMPUTE_TIMEOUT_SECONDS, **WAREHOUSE_RETRIES)
def load_report_meta(settings: Settings, kommunenummer: str, rapport: str, period: Period):
    """Name, threshold, extracts used, quarantined rows and HR's text for the report (as the reporting role)."""
    from reports.render import ExtractUsed, QuarantineCount, ReportMeta

    engine = engine_for(settings.reporting_url)
    with engine.connect() as conn:
        kommune = _kommune(conn, kommunenummer)
        extracts = query(conn, "marts/data_quality_extracts.sql", kommunenummer=kommunenummer)
        quarantine = query(conn, "marts/data_quality_quarantine.sql", kommunenummer=kommunenummer)
        tekst = query(conn, "marts/ref_tekst.sql", kommunenummer=kommunenummer, rapport=rapport,
                      periode=period.code)
        rows, impacts = _quarantine_impact(conn, kommunenummer, period)
        from hr.metrics.coverage import absence_start, delivered_pension_years, missing_payroll_months

        fravaer_fra = absence_start(conn, kommunenummer)
        payroll_missing = pension_years = None
        if rapport == "medarbeidere":
            payroll_missing = missing_payroll_months(conn, kommunenummer, period.year)
            pension_years = delivered_pension_years(conn, kommunenummer)
        from hr.metrics.sammenligning import benchmarks

        published = benchmarks(conn, kommunenummer, period)
        from hr.metrics.oppdelinger import position_titles

        titles = position_titles(conn, kommunenummer)
        from hr.metrics.sykefravaer_aarsvisning import ia_setting

        ia = ia_setting(conn, kommunenummer)
        tiltak = None
        if "tiltak" in set(extracts["kind"]):
            from hr.metrics.tiltak import measures

            tiltak = measures(conn, kommunenummer, period, int(kommune.min_n))
    kinds = REPORT_KINDS[rapport]   # the extract kinds behind the report; None: all
    return ReportMeta(
        kommune_navn=str(kommune.navn),
        kommunenummer=kommunenummer,
        period=period,
        min_n=int(kommune.min_n),
        extracts=[ExtractUsed(kind=r.kind, file_name=r.file_name, file_date=r.file_date, checksum=r.checksum,
                              rows_read=int(r.rows_read), rows_loaded=int(r.rows_loaded),
                              rows_quarantined=int(r.rows_quarantined))
                  for r in extracts.itertuples() if kinds is None or r.kind in kinds],
        quarantine=[QuarantineCount(file_name=r.file_name, rule=r.rule, message=r.message, count=int(r.count))
                    for r in quarantine.itertuples() if kinds is None or r.kind in kinds],
        tiltak_markdown=None if tekst.empty else str(tekst.iloc[0].innhold),
        quarantine_impact=impacts,
        rows_set_aside=rows,
        fravaer_fra=fravaer_fra,
        payroll_missing=payroll_missing,
        pension_years=pension_years,
        benchmarks=published,
        stillingstitler=titles,
        ia=(ia[0], float(ia[1])) if ia else None,
        tiltak=tiltak,
    )


def _quarantine_impact(conn, kommunenummer: str, period: Period):
    """Rows set aside in ansatte/fravaer and the bounds they put on the report's sick-leave headline
    (the period itself: the half-year, or the year of the annual chapter)."""
    from hr.metrics.quality import rows_set_aside, sick_leave_impact

    rows = rows_set_aside(conn, kommunenummer)
    impact = sick_leave_impact(conn, kommunenummer, period, rows)
    return rows, [impact] if impact is not None else []
