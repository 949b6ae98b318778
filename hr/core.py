"""The plain core: ingest a landing directory, run one report for one period. No Prefect here.

    ingest(settings, landing, accept=()) -> IngestSummary
    run_report(settings, report, period, landing, out) -> ReportOutcome

Both raise the typed errors of hr.errors (exit status in `exit_code`): InputRejected for a rejected
file, NothingToReport for a period without data, UsageError for a bad period, and so on.

`hr` without PREFECT_API_URL calls these directly (no Prefect server, no flow runs). The report flows
(flows/reports.py) run the same `run_report` with `ReportSteps` whose steps are Prefect tasks (retries,
caching, task runs in the UI) and whose ingest is the ingest flow; errors become Failed states there,
once, at the edge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hr import report_registry, report_steps
from hr.demo import generate_landing
from hr.errors import HrError, InputRejected
from hr.figures import Figure
from hr.gc_tuning import fewer_full_collections
from hr.ingest.kommune import kommunenummer_of
from hr.ingest.pipeline import run_ingest
from hr.ingest.summary import IngestSummary
from hr.metrics.sykefravaer import period_sums_shared
from hr.periods import Period
from hr.publish_log import PublishResult
from hr.settings import Settings
from hr.warehouse import engine_for, ensure_schema, query


@dataclass
class ReportOutcome:
    """One rendered report: the one result type of a report run, locally, in a flow and in a backfill."""

    report: str
    period: str
    pdf: Path
    figures_csv: Path
    headline: str
    rows_quarantined: int
    revision: str = ""  # what changed against the period's previous publication; empty when nothing did
    html: Path | None = None  # the web edition beside the PDF (reports.render.web_edition_path)


def ingest(
    settings: Settings,
    landing: Path | str,
    accept: Iterable[str] = (),
    before_rebuild: Callable[[], object] | None = None,
) -> IngestSummary:
    """Validate and load every extract in `landing` not loaded before (loading twice = loading once).

    `accept`: newest snapshots the data engineer confirmed despite the plausibility hold.
    `before_rebuild`: called before the rebuild of the intermediate layer (hr.ingest.pipeline.run_ingest)."""
    return run_ingest(Path(landing), settings, accept=accept, before_rebuild=before_rebuild)


def check_ingest(summary: IngestSummary) -> None:
    """InputRejected (exit 3, as `hr ingest`) when a file was rejected, a file that may hold a delivery was not
    read (a misnamed payroll month, a link out of the landing) or a newest snapshot is held back: no report
    is made from an incomplete delivery, nor silently from the snapshot before a held one."""
    problems = [f"{f.file_name}: {f.message}" for f in summary.rejected]
    problems += [f"{i.file_name}: {i.reason}" for i in summary.refused]
    problems += [f.message or f"{f.file_name}: holdt tilbake" for f in summary.held]
    if problems:
        raise InputRejected(f"avvist inndata, rapporten er ikke laget ({'; '.join(problems)})")


def _no_artifacts(outcome: ReportOutcome, summary: IngestSummary | None, figures: list[Figure], meta: Any) -> None:
    return None


class IngestStep(Protocol):
    """A report run's ingest. `before_rebuild`: the report's preload (ReportDefinition.preload), started when
    the warehouse rebuilds, so that the render step's imports are done by the time it needs them."""

    def __call__(
        self, settings: Settings, landing: str, *, before_rebuild: Callable[[], object] | None = None
    ) -> IngestSummary: ...


@dataclass(frozen=True)
class ReportSteps:
    """The steps of a report run. PLAIN calls hr.report_steps directly; flows/reports.py passes the same
    functions as Prefect tasks, the ingest flow as `ingest` and the UI artifacts as `after`."""

    ingest: IngestStep
    compute: Callable[[Settings, str, str, Period], list[Figure]] = report_steps.compute_figures
    meta: Callable[[Settings, str, str, Period], Any] = report_steps.load_report_meta
    render: Callable[[str, list[Figure], Any, Path], tuple[Path, Path, str]] = report_steps.render_report
    publish: Callable[[Settings, str, str, str, list[Figure], str], PublishResult] = report_steps.publish
    after: Callable[[ReportOutcome, IngestSummary | None, list[Figure], Any], None] = field(default=_no_artifacts)


PLAIN = ReportSteps(ingest=ingest)


def parse_period(report: str, period: str) -> Period:
    """The period, checked against the report's kind (half-year or year): UsageError (exit 2) if not."""
    defn = report_registry.get(report)  # UnknownReport (a UsageError) first, as `hr report` and `hr deliver` always did
    return defn.parse_period(period)


def latest_period(landing: Path | str, report: str) -> Period:
    """The last period of the report's kind that had ended when the newest HR snapshot was taken."""
    hr_dir = Path(landing) / "hr"
    dates = sorted(m.group(1) for p in hr_dir.glob("*_*.csv") if (m := re.search(r"_(\d{8})\.csv$", p.name)))
    if not dates:
        raise InputRejected(f"ingen HR-uttrekk i {hr_dir}")
    return report_registry.previous_period(report_registry.get(report), int(dates[-1][:4]), int(dates[-1][4:6]))


def run_report(
    settings: Settings,
    report: str,
    period: str,
    landing: Path | str,
    out: Path | str,
    *,
    ingest: bool = True,
    steps: ReportSteps = PLAIN,
) -> ReportOutcome:
    """Ingest `landing` (unless the caller just did: `ingest=False`), compute, render and publish `report`
    for `period` into `out`.

    Ingest and the publish log use `settings.warehouse_url` (the loader); compute reads
    `settings.reporting_url` (on PostgreSQL the reporting role, docs/personvern.md)."""
    return render_draft(settings, report, period, landing, out, ingest=ingest, steps=steps).outcome


@dataclass
class Draft:
    """A rendered report with what it was rendered from (a delivery mails it and summarises the figures)."""

    outcome: ReportOutcome
    kommunenummer: str
    figures: list[Figure]
    meta: Any


@fewer_full_collections()
def render_draft(
    settings: Settings,
    report: str,
    period: str,
    landing: Path | str,
    out: Path | str,
    *,
    ingest: bool = True,
    steps: ReportSteps = PLAIN,
) -> Draft:
    """run_report, returning the figures and metadata beside the outcome."""
    per = Period.parse(period)
    summary = None
    if ingest:
        summary = steps.ingest(settings, str(landing), before_rebuild=report_registry.get(report).preload)
        check_ingest(summary)
    kommunenummer = summary.kommunenummer if summary else kommunenummer_of(str(landing))
    with period_sums_shared():  # nothing writes to the warehouse between the ingest and the publication
        figures = steps.compute(settings, kommunenummer, report, per)
        meta = steps.meta(settings, kommunenummer, report, per)
    pdf, csv_path, headline = steps.render(report, figures, meta, Path(out))
    published = steps.publish(settings, kommunenummer, report, per.code, figures, str(pdf))
    revision = published.revision.describe_nb() if published.revision else ""
    quarantined = summary.rows_quarantined if summary else 0
    outcome = ReportOutcome(
        report,
        per.code,
        Path(pdf),
        Path(csv_path),
        headline,
        quarantined,
        revision,
        html=Path(pdf).with_suffix(".html"),
    )
    steps.after(outcome, summary, figures, meta)
    return Draft(outcome, kommunenummer, figures, meta)


@dataclass
class DemoOutcome:
    landing: Path
    reports: list[ReportOutcome]


def run_demo(
    settings: Settings, out: Path | str, scale: str = "baerum", seed: int = 2018, steps: ReportSteps = PLAIN
) -> DemoOutcome:
    """A synthetic municipality's extracts (hr.demo) under `out`/landing, ingested once, and every
    registered report for the latest period they cover, rendered into `out`."""
    out_dir = Path(out).resolve()
    landing = generate_landing(out_dir / "landing", scale=scale, seed=seed)
    summary = steps.ingest(settings, str(landing))
    check_ingest(summary)
    outcomes = []
    for report in report_registry.names():
        outcome = run_report(
            settings, report, latest_period(landing, report).code, landing, out_dir, ingest=False, steps=steps
        )
        outcome.rows_quarantined = summary.rows_quarantined
        outcomes.append(outcome)
    return DemoOutcome(landing, outcomes)


@dataclass
class PeriodResult:
    """One period of a backfill: rendered (with its headline and PDF) or failed (with exit status and reason)."""

    period: str
    ok: bool
    exit_code: int
    headline: str = ""
    pdf: str = ""
    message: str = ""
    revision: str = ""  # figures that changed against the period's previous publication, old -> new
    unchanged: bool = False  # nothing to do: the published report is current (server path; flows.deployments)


@dataclass
class BackfillResult:
    report: str
    results: list[PeriodResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def exit_code(self) -> int:
        """0 when every period succeeded, else the highest failing period's status (4: no data)."""
        return max((r.exit_code for r in self.results if not r.ok), default=0)


def _failed(period: str, exc: BaseException) -> PeriodResult:
    if isinstance(exc, HrError):
        return PeriodResult(period, False, exc.exit_code, message=str(exc))
    return PeriodResult(period, False, 1, message=f"{type(exc).__name__}: {exc}")


def backfill(
    settings: Settings,
    report: str,
    periods: list[Period],
    landing: Path | str,
    out: Path | str,
    on_done: Callable[[PeriodResult], None] | None = None,
    steps: ReportSteps = PLAIN,
) -> BackfillResult:
    """Ingest once, then render every period from the same warehouse state, one after the other. A failed
    period is recorded with its reason and the others still run; an unusable landing directory or a
    rejected file fails every period with that reason."""
    report_registry.get(report)
    failure: BaseException | None = None
    try:
        check_ingest(steps.ingest(settings, str(landing)))
    except HrError as exc:
        failure = exc
    results = []
    for period in periods:
        if failure is not None:
            result = _failed(period.code, failure)
        else:
            try:
                outcome = run_report(settings, report, period.code, landing, out, ingest=False, steps=steps)
                result = PeriodResult(
                    period.code, True, 0, outcome.headline, str(outcome.pdf), revision=outcome.revision
                )
            except Exception as exc:  # noqa: BLE001 - one failed period must not stop the others
                result = _failed(period.code, exc)
        results.append(result)
        if on_done:
            on_done(result)
    return BackfillResult(report, results)


def file_delivered(settings: Settings, file_name: str, kommunenummer: str | None = None) -> bool:
    """Whether a file of this name was ever delivered (loaded, rejected, superseded, …) to the warehouse."""
    engine = engine_for(settings.warehouse_url)
    ensure_schema(engine)
    with engine.connect() as conn:
        rows = query(conn, "marts/delivered_file.sql", file_name=file_name, kommunenummer=kommunenummer)
    return int(rows["deliveries"].iloc[0]) > 0


def quarantine_rows(
    settings: Settings, file_name: str | None = None, kommunenummer: str | None = None, ignored: bool = False
) -> list[dict[str, Any]]:
    """Without `file_name`: rule counts per delivery. With it: that file's quarantined rows.
    With `ignored`: the files each municipality's last ingest did not read, and why."""
    engine = engine_for(settings.warehouse_url)
    ensure_schema(engine)
    with engine.connect() as conn:
        if ignored:
            rows = query(conn, "marts/ignored_files.sql", kommunenummer=kommunenummer)
        elif file_name:
            rows = query(conn, "marts/quarantine_rows.sql", file_name=file_name, kommunenummer=kommunenummer)
        else:
            rows = query(conn, "marts/quarantine_overview.sql", kommunenummer=kommunenummer)
    records: list[dict[str, Any]] = rows.astype(object).where(rows.notna(), None).to_dict("records")
    return records
