"""The report flows: ingest the landing directory, compute the figures, render PDF and figures.csv.

Every report of the registry (hr/report_registry.py) runs through `_run_report`; the two built-in reports
keep their own named flows (sykefravaer-rapport, medarbeidere-rapport: run names and parameters as
before), any other registered report runs as `rapport` (report_flow_for)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import flow
from prefect.states import Failed

from hr.errors import HrError, InputRejected
from hr.periods import Period
from hr.settings import build_settings
from tasks.compute import compute_figures, load_report_meta
from tasks.publish import publish
from tasks.render import render_report_cached


@dataclass
class ReportOutcome:
    rapport: str
    period: str
    pdf: Path
    figures_csv: Path
    headline: str
    rows_quarantined: int
    revision: str = ""  # what changed against the period's previous publication; empty when nothing did
    html: Path | None = None  # the web edition beside the PDF (reports.render.web_edition_path)


def _check_ingest(summary) -> None:
    if summary.rejected:
        names = ", ".join(f"{f.file_name}: {f.message}" for f in summary.rejected)
        raise InputRejected(f"avvist inndata, rapporten er ikke laget ({names})")


def _run_report(rapport: str, period: str, landing: str, out: str, workdir: str | None,
                warehouse_url: str | None, ingest: bool = True, reporting_url: str | None = None) -> ReportOutcome:
    """`ingest=False` when the caller (a backfill) has just ingested the landing directory itself.

    Ingest and the publish log use `warehouse_url` (the loader); compute reads `reporting_url`
    (HR_REPORTING_URL; on PostgreSQL the reporting role, docs/personvern.md), by default the same URL."""
    from flows.ingest import ingest_flow
    from hr.ingest.kommune import kommunenummer_of

    settings = build_settings(workdir=workdir, warehouse_url=warehouse_url, reporting_url=reporting_url)
    per = Period.parse(period)
    summary = None
    if ingest:
        summary = ingest_flow(landing=landing, workdir=str(settings.workdir), warehouse_url=settings.warehouse_url)
        _check_ingest(summary)
    kommunenummer = summary.kommunenummer if summary else kommunenummer_of(landing)
    figures = compute_figures(settings, kommunenummer, rapport, per)
    meta = load_report_meta(settings, kommunenummer, rapport, per)
    pdf, csv_path, headline = render_report_cached(rapport, figures, meta, Path(out))
    published = publish(settings, kommunenummer, rapport, per.code, figures, str(pdf))
    revision = published.revision.describe_nb() if published.revision else ""
    quarantined = summary.rows_quarantined if summary else 0
    outcome = ReportOutcome(rapport, per.code, pdf, csv_path, headline, quarantined, revision,
                            html=Path(pdf).with_suffix(".html"))
    from flows.artifacts import publish_report_artifacts

    publish_report_artifacts(outcome, summary, figures, meta)
    return outcome


def _as_state(fn, *args):
    """Expected errors end the run as Failed with the error as data: a clear message, no traceback."""
    try:
        return fn(*args)
    except HrError as exc:
        return Failed(message=str(exc), data=exc)


@flow(name="sykefravaer-rapport", flow_run_name="sykefravaer-{period}", log_prints=False)
def sykefravaer_report_flow(period: str, landing: str, out: str, workdir: str | None = None,
                            warehouse_url: str | None = None, ingest: bool = True, reporting_url: str | None = None):
    """Half-yearly sickness-absence status report for `period` (e.g. 2018H1)."""
    return _as_state(_run_report, "sykefravaer", period, landing, out, workdir, warehouse_url, ingest, reporting_url)


@flow(name="medarbeidere-rapport", flow_run_name="medarbeidere-{year}", log_prints=False)
def medarbeidere_report_flow(year: str, landing: str, out: str, workdir: str | None = None,
                             warehouse_url: str | None = None, ingest: bool = True, reporting_url: str | None = None):
    """The annual "Medarbeidere" chapter for `year` (e.g. 2018)."""
    return _as_state(_run_report, "medarbeidere", year, landing, out, workdir, warehouse_url, ingest, reporting_url)


@flow(name="rapport", flow_run_name="{rapport}-{period}", log_prints=False)
def report_flow(rapport: str, period: str, landing: str, out: str, workdir: str | None = None,
                warehouse_url: str | None = None, ingest: bool = True, reporting_url: str | None = None):
    """Any registered report `rapport` for `period` (hr/report_registry.py)."""
    return _as_state(_run_report, rapport, period, landing, out, workdir, warehouse_url, ingest, reporting_url)


def report_flow_for(rapport: str):
    """The flow of a registered report, called as flow(period, landing, out, **options): its own named flow
    (<rapport>-rapport) when it has one, else `report_flow` for that report. UnknownReport (exit 2) for
    a name nobody registered."""
    from functools import partial

    from hr.report_registry import get

    defn = get(rapport)
    named = {f.name: f for f in (sykefravaer_report_flow, medarbeidere_report_flow)}.get(f"{defn.name}-rapport")
    return named if named is not None else partial(report_flow, defn.name)
