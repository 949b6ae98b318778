"""Deployment entrypoints (prefect.yaml): the flows the scheduler and `hr backfill` start on a server.

Each wraps a pipeline flow with what a scheduled run needs and an interactive run does not:
  - the period defaults to the one that has just ended, computed when the run starts, in Europe/Oslo;
  - landing/out default to HR_LANDING/HR_OUT (hr.settings.scheduled_paths);
  - a slot of the global concurrency limit `hr-warehouse` protects the warehouse (at most two report
    runs at once on PostgreSQL; DuckDB is one process at a time, so a run there takes every slot);
  - a failed run posts a notice to HR_VARSLING_URL (flows.notify);
  - a report run renders a draft, waits for approval (`hr approve`) and e-mails the approved report
    (flows.delivery); `deliver=False` renders only (backfills), `approval=False` sends without waiting.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from prefect import flow
from prefect.flows import FlowStateHook

from flows.notify import REJECTED_PREFIX, notify_failure
from hr.periods import Period

OSLO = ZoneInfo("Europe/Oslo")
WAREHOUSE_LIMIT = "hr-warehouse"
# Prefect's default lease: a dead holder's slots come back after this at the latest (the supervisor of
# `make serve` releases them at once when it marks the run Crashed).
LEASE_SECONDS = 300


# A failed, crashed or cancelled scheduled run sends a notice (flows/notify.py).
class NoticeHooks(TypedDict):
    """The hook keywords of @flow, typed so that `**NOTICE_HOOKS` checks against the decorator."""

    on_failure: list[FlowStateHook[..., Any]]
    on_crashed: list[FlowStateHook[..., Any]]
    on_cancellation: list[FlowStateHook[..., Any]]


NOTICE_HOOKS = NoticeHooks(on_failure=[notify_failure], on_crashed=[notify_failure], on_cancellation=[notify_failure])

# "flow name/deployment name" of each report's deployment, for run_deployment (kept where the CLI can
# read it without importing Prefect): hr.server_runs.report_deployments(), from the report registry.


def previous_period(report: str, now: datetime | None = None) -> Period:
    """The period that has just ended, by the calendar in Oslo: the half-year before the current one
    (2nd half of last year in January-June, 1st half of this year in July-December), or last year."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    from hr import report_registry

    local = now.astimezone(OSLO)
    return report_registry.previous_period(report_registry.get(report), local.year, local.month)


def period_code(value: str | int | None) -> str | None:
    """A `period`/`year` parameter as typed: 2018 (the CLI's `--param year=2018` arrives as a number),
    "2018", " 2018h1 " -> "2018", "2018H1"; None or "" -> None (the period that has just ended)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().upper()
    return text or None


def _run_name(report: str, key: str):
    """flow_run_name of a deployment flow: report and period (sykefravaer-2018H1), also for the default."""

    def name() -> str:
        from prefect.runtime import flow_run

        raw = (flow_run.parameters or {}).get(key)
        try:
            return f"{report}-{period_code(raw) or previous_period(report).code}"
        except Exception:  # noqa: BLE001 - a name must never fail the run; the run reports the bad value
            return f"{report}-{raw}"

    return name


class _OneLineRejection(logging.Filter):
    """An expected end re-raised by Prefect's engine at the end of a run is logged as one line with its
    message, not as a traceback: an HrError of a failed run (bad header, no data), and the CancelledRun of a
    draft its approver rejected (the Cancelled state "Avvist: ..." the run returns: its result raises)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from prefect.exceptions import CancelledRun

        from hr.errors import HrError

        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HrError) or (isinstance(exc, CancelledRun) and str(exc).startswith(REJECTED_PREFIX)):
            record.msg, record.args = "Kjøringen stoppet: %s", (str(exc),)
            record.exc_info = record.exc_text = None
        return True


for _name in ("prefect.flow_runs", "prefect.engine", "prefect.flow_engine"):
    logging.getLogger(_name).addFilter(_OneLineRejection())


def _limit_size(name: str) -> int | None:
    """The size of a global concurrency limit, or None when the server has no such (active) limit."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            limit = client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            return None
    return limit.limit if limit.active else None


def warehouse_slots(warehouse_url: str, exclusive: bool, limit: int) -> int:
    """Slots a run takes: all of them for writing runs and for DuckDB (one process at a time), else one."""
    if exclusive or warehouse_url.startswith("duckdb"):
        return limit
    return 1


def lease_dir() -> Path:
    """Where a run notes the concurrency leases it holds (`<flow run id>.<lease id>` files under
    PREFECT_HOME), so that `make serve`'s supervisor can release them when it finds the run crashed."""
    from prefect.settings import get_current_settings

    return Path(get_current_settings().home) / "hr-leases"


@contextmanager
def _leased_slots(name: str, occupy: int):
    """prefect.concurrency.sync.concurrency, with the lease noted in lease_dir() while it is held.

    A run killed with its process (kill -9, a lost worker) cannot release its slots; its lease then
    expires after LEASE_SECONDS, or the supervisor (flows/supervise.py) releases it as soon as it marks
    the run Crashed, so the next run does not wait for a slot nobody holds."""
    # The same steps as Prefect 3.8's concurrency() (prefect/concurrency/_sync.py), plus the note.
    from prefect.concurrency._asyncio import _discard_cleanup_lease
    from prefect.concurrency._events import emit_concurrency_acquisition_events, emit_concurrency_release_events
    from prefect.concurrency._leases import maintain_concurrency_lease
    from prefect.concurrency._sync import acquire_concurrency_slots_with_lease, release_concurrency_slots_with_lease
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    run_id = str(ctx.flow_run.id) if ctx and ctx.flow_run else "lokal"
    response = acquire_concurrency_slots_with_lease([name], occupy, lease_duration=LEASE_SECONDS)
    if not response.limits:
        yield
        return
    events = emit_concurrency_acquisition_events(response.limits, occupy)
    note = lease_dir() / f"{run_id}.{response.lease_id}"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.touch()
    try:
        with maintain_concurrency_lease(response.lease_id, LEASE_SECONDS, raise_on_lease_renewal_failure=False):
            yield
    finally:
        try:
            release_concurrency_slots_with_lease(response.lease_id)
            _discard_cleanup_lease(response.lease_id)
        finally:
            note.unlink(missing_ok=True)
        emit_concurrency_release_events(response.limits, occupy, events)


@contextmanager
def warehouse_slot(warehouse_url: str, exclusive: bool = False):
    """Hold slots of `hr-warehouse` for the block; close this process's connections before letting go,
    so the next run finds the DuckDB file unlocked."""
    from hr.warehouse import engine_for

    limit = _limit_size(WAREHOUSE_LIMIT)
    if not limit:
        try:
            yield
        finally:
            engine_for(warehouse_url).dispose()
        return
    occupy = warehouse_slots(warehouse_url, exclusive, limit)
    _logger().info("Venter på %d av %d plasser i %s.", occupy, limit, WAREHOUSE_LIMIT)
    with _leased_slots(WAREHOUSE_LIMIT, occupy):
        _logger().info("Fikk plass i %s.", WAREHOUSE_LIMIT)
        try:
            yield
        finally:
            engine_for(warehouse_url).dispose()


def _logger():
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except Exception:  # noqa: BLE001 - outside a run (tests, scripts): the module logger
        return logging.getLogger("hr.deployments")


def _as_result(state):
    """The pipeline flow's value, or a Failed state carrying its error: persisted (persist_result) so
    that `hr backfill` on another process can read the report outcome or the error's exit status."""
    from prefect.states import Failed

    value = state.result(raise_on_failure=False)
    if state.is_completed():
        return value
    return Failed(message=state.message, data=value)


def _resolved(workdir: str | None, warehouse_url: str | None):
    from hr.errors import UsageError
    from hr.settings import build_settings, has_password

    if has_password(warehouse_url):
        # Parameters are stored on the server and shown in the UI: a password belongs to the worker's
        # environment (HR_WAREHOUSE_URL, PGPASSWORD, ~/.pgpass) or to a Secret block (HR_PG_PASSWORD_BLOCK).
        raise UsageError(
            "warehouse_url-parameteren inneholder et passord; gi passordet til arbeideren "
            "(PGPASSWORD, ~/.pgpass eller Prefect-hemmeligheten i HR_PG_PASSWORD_BLOCK)"
        )

    # An unset {{ $HR_WAREHOUSE_URL }} in prefect.yaml arrives as "": the default warehouse then.
    return build_settings(workdir=workdir or None, warehouse_url=warehouse_url or None)


@flow(name="hr-ingest", **NOTICE_HOOKS, persist_result=True)
def scheduled_ingest(landing: str | None = None, warehouse_url: str | None = None, workdir: str | None = None):
    """Daily: validate and load every new extract in the landing directory."""
    from flows.ingest import ingest_flow
    from hr.settings import scheduled_paths

    landing, _ = scheduled_paths(landing, None)
    settings = _resolved(workdir, warehouse_url)
    with warehouse_slot(settings.warehouse_url, exclusive=True):
        result = _as_result(
            ingest_flow(
                landing=landing, workdir=str(settings.workdir), warehouse_url=settings.warehouse_url, return_state=True
            )
        )
    held = getattr(result, "held", None)
    if held:
        # A held snapshot needs the data engineer as much as a failure does: the same failed state and
        # notice (on_failure), naming the file and the command that confirms it. The rest is loaded.
        from prefect.states import Failed

        return Failed(message=" ".join(f.message for f in held), data=result)
    return result


def _report(
    report: str,
    period: str | int | None,
    landing: str | None,
    out: str | None,
    warehouse_url: str | None,
    workdir: str | None,
    deliver: bool = False,
    approval: bool = True,
    force: bool = False,
):
    """Runs in the deployment run itself (no inner report or delivery flow run): its logs, task runs,
    artifacts and its Paused state while the draft waits are those of the run the user started.
    An expected error ends it Failed with the error as data (exit status for `hr backfill`); a rejected
    draft ends it Cancelled «Avvist: <kommentar>»."""
    from prefect.states import Cancelled, Failed

    from flows.reports import _run_report
    from hr.errors import HrError
    from hr.settings import scheduled_paths

    try:
        code = period_code(period) or previous_period(report).code
        landing, out = scheduled_paths(landing, out)
        settings = _resolved(workdir, warehouse_url)
        if deliver:
            # Draft, wait for approval, e-mail, archive (flows/delivery.py); it takes the warehouse slot only
            # to render and to record, never while the draft waits for its approver.
            from flows.delivery import prefect_edge
            from hr.delivery.deliver import deliver as deliver_report

            outcome = deliver_report(settings, report, code, landing, out, approval=approval, edge=prefect_edge())
            if outcome.status == "avvist":
                return Cancelled(message=f"{REJECTED_PREFIX} {outcome.comment or '(ingen kommentar)'}")
            return outcome
        with warehouse_slot(settings.warehouse_url):
            unchanged = None if force else _unchanged(settings, report, code, landing, out)
            if unchanged is not None:
                return unchanged
            return _run_report(report, code, landing, out, str(settings.workdir), settings.warehouse_url)
    except HrError as exc:
        return Failed(message=str(exc), data=exc)


@dataclass(frozen=True)
class Unchanged:
    """A render-only run (a backfill's period) with nothing to do: the published outcome, as the local
    up-to-date check gives it (hr/up_to_date.py), and `hr backfill` says "uendret"."""

    report: str
    period: str
    pdf: Path
    figures_csv: Path
    headline: str
    rows_quarantined: int = 0
    revision: str = ""
    unchanged: bool = True


def _unchanged(settings, report: str, code: str, landing: str, out: str) -> Unchanged | None:
    from hr import up_to_date

    fresh = up_to_date.check(settings, Path(landing), report, [code], Path(out))
    if not fresh:
        return None
    (done,) = fresh
    _logger().info("%s %s er uendret siden forrige kjøring: %s", report, code, done.headline)
    return Unchanged(done.report, done.period, done.pdf, done.figures_csv, done.headline, done.rows_quarantined)


@flow(name="hr-sykefravaer", flow_run_name=_run_name("sykefravaer", "period"), **NOTICE_HOOKS, persist_result=True)
def scheduled_sykefravaer(
    period: str | int | None = None,
    landing: str | None = None,
    out: str | None = None,
    warehouse_url: str | None = None,
    workdir: str | None = None,
    deliver: bool = True,
    approval: bool = True,
    force: bool = False,
):
    """The half-yearly sickness-absence report; `period` defaults to the half-year that has just ended.
    deliver: e-mail the report to its recipients after approval (False: render only, as backfills do);
    approval: wait for `hr approve` before sending; force: render (deliver=False) even when nothing changed."""
    return _report("sykefravaer", period, landing, out, warehouse_url, workdir, deliver, approval, force)


@flow(name="hr-medarbeidere", flow_run_name=_run_name("medarbeidere", "year"), **NOTICE_HOOKS, persist_result=True)
def scheduled_medarbeidere(
    year: str | int | None = None,
    landing: str | None = None,
    out: str | None = None,
    warehouse_url: str | None = None,
    workdir: str | None = None,
    deliver: bool = True,
    approval: bool = True,
    force: bool = False,
):
    """The annual "Medarbeidere" chapter; `year` defaults to last year. deliver/approval/force as for the
    half-yearly report."""
    return _report("medarbeidere", year, landing, out, warehouse_url, workdir, deliver, approval, force)
