"""The report's steps as plain functions: compute the figures, load the metadata, render, publish.

hr.core.run_report calls them in order; the report flow (flows/reports.py) calls the same functions as
Prefect tasks (tasks/), which add retries, caching and visibility in the UI. Nothing here imports Prefect.
"""

from __future__ import annotations

from pathlib import Path

from hr.errors import NothingToReport
from hr.figures import HELE_KOMMUNEN, Figure, figures_csv_text
from hr.metrics.sykefravaer import period_sums_shared
from hr.periods import Period
from hr.publish_log import PublishResult, record_publication
from hr.report_registry import ReportDefinition, get
from hr.settings import Settings
from hr.warehouse import engine_for, query


def _kommune(conn, kommunenummer: str):
    rows = query(conn, "marts/ref_kommune.sql", kommunenummer=kommunenummer)
    if rows.empty:
        raise NothingToReport(f"kommune {kommunenummer} finnes ikke i datavarehuset")
    return rows.iloc[0]


def _check_horizon(conn, kommunenummer: str, defn: ReportDefinition, period: Period) -> None:
    """A period the extracts do not cover to its end is not reported: half a period would mislead.

    Open-ended employments would otherwise give agreed day-works for any future period.
    """
    from datetime import date

    kinds = defn.horizon_kinds
    horizon = query(conn, "marts/data_horizon.sql", kommunenummer=kommunenummer)
    dates = dict(zip(horizon.kind, horizon.snapshot_date))
    missing = [k for k in kinds if not dates.get(k)]
    if missing:
        raise NothingToReport(f"ingen data: uttrekket {', '.join(missing)} er ikke lastet for kommune {kommunenummer}")
    known_until = min(date.fromisoformat(str(dates[k])) for k in kinds)
    if period.end > known_until:
        raise NothingToReport(
            f"ingen data for hele {period.label_nb()}: uttrekkene går bare til {known_until:%d.%m.%Y}"
        )


def compute_figures(settings: Settings, kommunenummer: str, report: str, period: Period) -> list[Figure]:
    """Every figure of the report, suppression applied; NothingToReport when the period has no data.

    Reads through `settings.reporting_url`: on PostgreSQL the reporting role, which sees only the aggregate
    views rpt_* of sql/views/ (docs/personvern.md)."""
    defn = get(report)
    engine = engine_for(settings.reporting_url)
    with engine.connect() as conn:
        min_n = int(_kommune(conn, kommunenummer).min_n)
        _check_horizon(conn, kommunenummer, defn, period)
        with period_sums_shared():  # the report's steps ask for many of the same periods
            figures = defn.compute(conn, kommunenummer, period, min_n)
    metric, period_of = defn.presence.metric, defn.presence.period_of
    present = any(
        f.metric == metric
        and f.period == period_of(period)
        and f.omrade == HELE_KOMMUNEN
        and f.gruppe == ""
        and (f.verdi or f.prikket)
        for f in figures
    )
    if not present:
        raise NothingToReport(f"ingen data for {period.label_nb()} i datavarehuset (kommune {kommunenummer})")
    return figures


def load_report_meta(settings: Settings, kommunenummer: str, report: str, period: Period):
    """Name, threshold, extracts used, quarantined rows and HR's text for the report (as the reporting role)."""
    from reports.render import ExtractUsed, QuarantineCount, ReportMeta

    defn = get(report)
    engine = engine_for(settings.reporting_url)
    with engine.connect() as conn:
        kommune = _kommune(conn, kommunenummer)
        extracts = query(conn, "marts/data_quality_extracts.sql", kommunenummer=kommunenummer)
        quarantine = query(conn, "marts/data_quality_quarantine.sql", kommunenummer=kommunenummer)
        tekst = query(conn, "marts/ref_tekst.sql", kommunenummer=kommunenummer, rapport=report, periode=period.code)
        rows, impacts = _quarantine_impact(conn, kommunenummer, period)
        from hr.metrics.coverage import absence_start, delivered_pension_years, missing_payroll_months

        fravaer_fra = absence_start(conn, kommunenummer)
        payroll_missing = pension_years = None
        if defn.payroll:
            payroll_missing = missing_payroll_months(conn, kommunenummer, period.year)
            pension_years = delivered_pension_years(conn, kommunenummer)
        from hr.metrics.sammenligning import benchmarks

        published = benchmarks(conn, kommunenummer, period)
        from hr.metrics.oppdelinger import position_titles

        titles = position_titles(conn, kommunenummer)
        from hr.metrics.sykefravaer_aarsvisning import ia_setting

        ia = ia_setting(conn, kommunenummer)
        from hr.metrics.omorganisering import area_moves

        moves = area_moves(conn, kommunenummer, period.shifted_years(-1), period)
        tiltak = None
        if "tiltak" in set(extracts["kind"]):
            from hr.metrics.tiltak import measures

            tiltak = measures(conn, kommunenummer, period, int(kommune.min_n))
    return ReportMeta(
        kommune_navn=str(kommune.navn),
        kommunenummer=kommunenummer,
        period=period,
        min_n=int(kommune.min_n),
        extracts=[
            ExtractUsed(
                kind=r.kind,
                file_name=r.file_name,
                file_date=r.file_date,
                checksum=r.checksum,
                rows_read=int(r.rows_read),
                rows_loaded=int(r.rows_loaded),
                rows_quarantined=int(r.rows_quarantined),
            )
            for r in extracts.itertuples()
            if defn.uses_extract(r.kind)
        ],
        quarantine=[
            QuarantineCount(file_name=r.file_name, rule=r.rule, message=r.message, count=int(r.count))
            for r in quarantine.itertuples()
            if defn.uses_extract(r.kind)
        ],
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
        area_moves=moves,
    )


def _quarantine_impact(conn, kommunenummer: str, period: Period):
    """Rows set aside in ansatte/fravaer and the bounds they put on the report's sick-leave headline
    (the period itself: the half-year, or the year of the annual chapter)."""
    from hr.metrics.quality import rows_set_aside, sick_leave_impact

    rows = rows_set_aside(conn, kommunenummer)
    impact = sick_leave_impact(conn, kommunenummer, period, rows)
    return rows, [impact] if impact is not None else []


def render_report(report: str, figures: list[Figure], meta, out_dir: Path) -> tuple[Path, Path, str]:
    """PDF, figures.csv, the web edition (HTML) and the manifest, written atomically into `out_dir`;
    returns the PDF, the figures file and the headline."""
    from reports.headline import headline

    pdf, csv_path = get(report).render(figures, meta, Path(out_dir), web=True)
    return pdf, csv_path, headline(report, figures, meta.period.code)


def outputs_current(report: str, figures: list[Figure], period_code: str, out_dir: Path, meta=None) -> bool:
    """True when the PDF, the web edition and the manifest exist and the figures file on disk is exactly
    what these figures give (and, with a measures register, the measures file what it gives)."""
    pdf = out_dir / f"{report}_{period_code}.pdf"
    csv_path = out_dir / f"{report}_{period_code}.figures.csv"
    html = out_dir / f"{report}_{period_code}.html"
    manifest = out_dir / f"{report}_{period_code}.manifest.json"
    if not (pdf.is_file() and pdf.stat().st_size > 0 and csv_path.is_file() and html.is_file() and manifest.is_file()):
        return False
    if csv_path.read_text(encoding="utf-8") != figures_csv_text(figures):
        return False
    if meta is not None and getattr(meta, "tiltak", None) is not None:
        from reports import tiltak

        path = tiltak.tiltak_path(out_dir, report, period_code)
        return path.is_file() and path.read_text(encoding="utf-8") == tiltak.csv_text(figures, meta.tiltak, meta.period)
    return True


def publish(
    settings: Settings, kommunenummer: str, report: str, period: str, figures: list[Figure], pdf_path: str
) -> PublishResult:
    """Record the rendered period in the warehouse's publish log; says whether it is a revision."""
    from hr.code_version import code_version

    with engine_for(settings.warehouse_url).begin() as conn:
        return record_publication(
            conn,
            kommunenummer=kommunenummer,
            report=report,
            period=period,
            figures=figures,
            code_version=code_version(),
            pdf_path=pdf_path,
        )
