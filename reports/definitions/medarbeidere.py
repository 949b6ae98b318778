"""The annual chapter «Medarbeidere» (docs/definisjoner.md)."""

from __future__ import annotations

from hr.figures import Figure
from hr.periods import Period
from hr.report_registry import Presence, ReportDefinition, register


def breakdowns(conn, kommunenummer: str, period: Period, figures: list[Figure], min_n: int) -> list[Figure]:
    """Issue 18 item 5: the breakdowns of sick leave of the year and the care areas' full-time and
    part-time by position (hr.metrics.oppdelinger)."""
    from hr.metrics.oppdelinger import care_full_time, sick_leave_breakdowns

    return sick_leave_breakdowns(conn, kommunenummer, period, min_n) + care_full_time(conn, kommunenummer, period.year)


def compute(conn, kommunenummer: str, period: Period, min_n: int) -> list[Figure]:
    from hr.metrics.medarbeidere import compute_medarbeidere
    from hr.metrics.sammenligning import size_and_benchmark_figures

    figures = compute_medarbeidere(conn, kommunenummer, period.year, min_n)
    figures = figures + breakdowns(conn, kommunenummer, period, figures, min_n)
    return figures + size_and_benchmark_figures(conn, kommunenummer, period, figures, min_n)


def render(figures: list[Figure], meta, out_dir, *, web: bool = False):
    from reports.render import render_medarbeidere

    return render_medarbeidere(figures, meta, out_dir, web=web)


def summary(figures: list[Figure], meta) -> list:
    from reports.medarbeidere import build_context

    return build_context(figures, meta)["summary"]


DEFINITION = register(
    ReportDefinition(
        name="medarbeidere",
        title_nb="Medarbeidere",
        period_kind="year",
        period_hint="et år som 2018",
        period_help="År, f.eks. 2018.",
        command_help="Årskapittelet «Medarbeidere».",
        backfill_help="Alle år fra FRA til og med TIL (f.eks. 2014 2018).",
        flow_param="year",
        headline_metric="arsverk",
        headline_label="årsverk",
        presence=Presence("personer_totalt", lambda p: f"{p.year}-12-31"),
        horizon_kinds=("ansatte",),
        extracts=None,  # every extract
        payroll=True,
        compute=compute,
        render=render,
        summary=summary,
        deployment_name="hr-medarbeidere/medarbeidere-aar",
        order=20,
        modules=("reports.render", "reports.medarbeidere", "weasyprint"),
    )
)
