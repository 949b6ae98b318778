"""The report flows: ingest the landing directory, compute the figures, render PDF and figures.csv.

Every report of the registry (hr/report_registry.py) runs through `_run_report`; the two built-in reports
keep their own named flows (sykefravaer-rapport, medarbeidere-rapport: run names and parameters as
before), any other registered report runs as `rapport` (report_flow_for)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.states import Failed

from hr.core import ReportOutcome, ReportSteps, run_report
from hr.errors import HrError
from hr.settings import build_settings
from tasks.compute import compute_figures, load_report_meta
from tasks.publish import publish
from tasks.render import render_report_cached

__all__ = ["ReportOutcome", "report_flow_for"]


def _ingest_subflow(settings, landing: str, *, before_rebuild=None):
    """The ingest flow as a subflow (its own run in the UI). A flow's parameters are data, so the report's
    preload (`before_rebuild`) is not passed on: its imports happen at the render step instead."""
    from flows.ingest import ingest_flow

    return ingest_flow(landing=landing, workdir=str(settings.workdir), warehouse_url=settings.warehouse_url)


def _artifacts(outcome, summary, figures, meta) -> None:
    from flows.artifacts import publish_report_artifacts

    publish_report_artifacts(outcome, summary, figures, meta)


# hr.core.run_report with its steps as Prefect tasks: the ingest as a subflow, compute and metadata cached
# and retried, the render cached on its content, the publish retried, and the UI artifacts at the end.
TASK_STEPS = ReportSteps(
    ingest=_ingest_subflow,
    compute=compute_figures,
    meta=load_report_meta,
    render=render_report_cached,
    publish=publish,
    after=_artifacts,
)


def _run_report(
    report: str,
    period: str,
    landing: str,
    out: str,
    workdir: str | None,
    warehouse_url: str | None,
    ingest: bool = True,
    reporting_url: str | None = None,
) -> ReportOutcome:
    """`ingest=False` when the caller (a backfill) has just ingested the landing directory itself.

    Ingest and the publish log use `warehouse_url` (the loader); compute reads `reporting_url`
    (HR_REPORTING_URL; on PostgreSQL the reporting role, docs/personvern.md), by default the same URL."""
    settings = build_settings(workdir=workdir, warehouse_url=warehouse_url, reporting_url=reporting_url)
    return run_report(settings, report, period, landing, Path(out), ingest=ingest, steps=TASK_STEPS)


def _as_state(fn, *args):
    """Expected errors end the run as Failed with the error as data: a clear message, no traceback."""
    try:
        return fn(*args)
    except HrError as exc:
        return Failed(message=str(exc), data=exc)


@flow(name="sykefravaer-rapport", flow_run_name="sykefravaer-{period}", log_prints=False)
def sykefravaer_report_flow(
    period: str,
    landing: str,
    out: str,
    workdir: str | None = None,
    warehouse_url: str | None = None,
    ingest: bool = True,
    reporting_url: str | None = None,
):
    """Half-yearly sickness-absence status report for `period` (e.g. 2018H1)."""
    return _as_state(_run_report, "sykefravaer", period, landing, out, workdir, warehouse_url, ingest, reporting_url)


@flow(name="medarbeidere-rapport", flow_run_name="medarbeidere-{year}", log_prints=False)
def medarbeidere_report_flow(
    year: str,
    landing: str,
    out: str,
    workdir: str | None = None,
    warehouse_url: str | None = None,
    ingest: bool = True,
    reporting_url: str | None = None,
):
    """The annual "Medarbeidere" chapter for `year` (e.g. 2018)."""
    return _as_state(_run_report, "medarbeidere", year, landing, out, workdir, warehouse_url, ingest, reporting_url)


@flow(name="rapport", flow_run_name="{report}-{period}", log_prints=False)
def report_flow(
    report: str,
    period: str,
    landing: str,
    out: str,
    workdir: str | None = None,
    warehouse_url: str | None = None,
    ingest: bool = True,
    reporting_url: str | None = None,
):
    """Any registered report `report` for `period` (hr/report_registry.py)."""
    return _as_state(_run_report, report, period, landing, out, workdir, warehouse_url, ingest, reporting_url)


def report_flow_for(report: str):
    """The flow of a registered report, called as flow(period, landing, out, **options): its own named flow
    (<rapport>-rapport) when it has one, else `report_flow` for that report. UnknownReport (exit 2) for
    a name nobody registered."""
    from functools import partial

    from hr.report_registry import get

    defn = get(report)
    named = {f.name: f for f in (sykefravaer_report_flow, medarbeidere_report_flow)}.get(f"{defn.name}-rapport")
    return named if named is not None else partial(report_flow, defn.name)
