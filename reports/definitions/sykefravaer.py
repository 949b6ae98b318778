"""The half-yearly sick-leave status report (docs/definisjoner.md)."""

from __future__ import annotations

from hr.figures import Figure
from hr.periods import Period
from hr.report_registry import Presence, ReportDefinition, register


def year_view_and_breakdowns(
    conn, kommunenummer: str, period: Period, figures: list[Figure], min_n: int
) -> list[Figure]:
    """Issue 18 items 3 and 5: the 2nd-half report's year view (hr.metrics.sykefravaer_aarsvisning) and
    the breakdowns of sick leave (hr.metrics.oppdelinger)."""
    from hr.metrics.oppdelinger import sick_leave_breakdowns
    from hr.metrics.sykefravaer_aarsvisning import year_view_figures

    return year_view_figures(conn, kommunenummer, period, figures, min_n) + sick_leave_breakdowns(
        conn, kommunenummer, period, min_n
    )


def compute(conn, kommunenummer: str, period: Period, min_n: int) -> list[Figure]:
    from hr.metrics.sammenligning import size_and_benchmark_figures
    from hr.metrics.sykefravaer import compute_sykefravaer
    from hr.metrics.sykefravaer_aarsvisning import year_view_periods

    figures = compute_sykefravaer(conn, kommunenummer, period, min_n, also=year_view_periods(period))
    figures = figures + year_view_and_breakdowns(conn, kommunenummer, period, figures, min_n)
    return figures + size_and_benchmark_figures(conn, kommunenummer, period, figures, min_n)


def render(figures: list[Figure], meta, out_dir, *, web: bool = False):
    from reports.render import render_sykefravaer

    return render_sykefravaer(figures, meta, out_dir, web=web)


def summary(figures: list[Figure], meta) -> list:
    from reports.sykefravaer import build_context

    return build_context(figures, meta)["summary"]


DEFINITION = register(
    ReportDefinition(
        name="sykefravaer",
        title_nb="Sykefravær – status",
        period_kind="half",
        period_hint="et halvår som 2018H1",
        period_help="Halvår, f.eks. 2018H1.",
        command_help="Halvårlig statusrapport for sykefravær.",
        backfill_help="Alle halvår fra FRA til og med TIL (f.eks. 2015H1 2018H2).",
        flow_param="period",
        headline_metric="sykefravaer_prosent",
        headline_label="sykefravær",
        presence=Presence("sykefravaer_avtalte_dagsverk", lambda p: p.code),
        horizon_kinds=("ansatte", "fravaer"),
        extracts=frozenset(
            {
                "kommune",
                "organisasjon",
                "ansatte",
                "fravaer",
                "mal",
                "tekst",
                "stillingskoder",
                "sammenligning",
                "tiltak",
            }
        ),
        compute=compute,
        render=render,
        summary=summary,
        deployment_name="hr-sykefravaer/sykefravaer-halvaar",
        order=10,
        modules=("reports.render", "reports.sykefravaer", "weasyprint"),
    )
)
