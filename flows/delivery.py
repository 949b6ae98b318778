"""Delivery flow: render the report as a draft, wait for an approver, e-mail the approved PDF, archive it.

    deliver_report_flow("sykefravaer", "2018H1", landing, out)                  # waits for `hr approve`
    deliver_report_flow("sykefravaer", "2018H1", landing, out, approval=False)  # sends at once

The draft is made by the ordinary report flow (flows/reports.py) as a subflow. The wait is Prefect's
`pause_flow_run` with typed input (hr.delivery.approval.ApprovalInput): the run shows as Paused in the
UI with a form, and `hr approve`/`hr approve --reject` answers it through the API. Pause keeps this
process alive and polling, so what gets sent is exactly the draft the approver saw; the warehouse is
not held while waiting (its concurrency slot is taken only to render and to record). Approval needs a
Prefect server that the approver can reach (PREFECT_API_URL); without one, `hr deliver` runs the plain
core (hr.delivery.deliver, no Prefect), refuses approval and sends with `--no-approval`. The steps
of a delivery are the core's; this module adds Prefect's part of it (`prefect_edge`).

A rejection sends nothing and archives the draft with the approver's comment; an approval sends one
e-mail (every recipient Bcc) and archives the PDF, the figures file and a manifest of the extracts'
checksums (hr.delivery.archive). Logs and artifacts carry counts, never an address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger

from flows.reports import _as_state
from hr.delivery.approval import DELIVERY_FLOW
from hr.delivery.archive import Decision
from hr.delivery.deliver import APPROVAL_TIMEOUT_HOURS, DeliveryEdge, DeliveryOutcome, deliver
from hr.wording import count

# How often the paused run asks the server whether it has been answered.
APPROVAL_POLL_SECONDS = 5


def _wait_for_approval(title: str, pdf: Path, recipients: int, timeout_hours: float) -> Decision:
    from prefect.exceptions import FlowPauseTimeout
    from prefect.flow_runs import pause_flow_run

    from hr.delivery.approval import approval_form
    from hr.errors import HrError

    try:
        answer = pause_flow_run(
            wait_for_input=approval_form(title, str(pdf), recipients),
            timeout=int(timeout_hours * 3600),
            poll_interval=APPROVAL_POLL_SECONDS,
        )
    except FlowPauseTimeout:
        raise HrError(f"ingen godkjenning innen {timeout_hours:g} timer; ingenting er sendt") from None
    return Decision(bool(answer.approve), answer.approver.strip(), answer.comment.strip(), datetime.now(UTC))


# Who in this process hears that a draft waits, besides the notice channel: `hr deliver` tells the person
# at its terminal (the run's log line goes to the server, not to the console). A flow run the CLI starts runs
# in the CLI's own process, so a listener it registers here is called by that run.
_waiting_listeners: list[Callable[[str, str], None]] = []


@contextmanager
def on_waiting(listener: Callable[[str, str], None]) -> Iterator[None]:
    """Call `listener(report, period)` once when a delivery in this process starts to wait for approval."""
    _waiting_listeners.append(listener)
    try:
        yield
    finally:
        _waiting_listeners.remove(listener)


def _notify_waiting(report: str, code: str) -> None:
    """The approver is told through the failure-notice channel (HR_VARSLING_URL / HR_VARSLING_EPOST); then the
    person who started the delivery in this process (on_waiting), right before the run pauses."""
    from prefect.context import FlowRunContext

    from flows.notify import failure_notice, send_notice

    ctx = FlowRunContext.get()
    if ctx is not None and ctx.flow is not None and ctx.flow_run is not None:
        notice = failure_notice(ctx.flow.name, ctx.flow_run, None)
        notice.update(
            hendelse="venter-pa-godkjenning",
            status="Paused",
            melding=f"Utkast til {report} {code} venter på godkjenning: hr approve {report} {code}",
        )
        send_notice(notice)
    for listener in list(_waiting_listeners):
        listener(report, code)


def _flow_run_id() -> str | None:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return str(ctx.flow_run.id) if ctx and ctx.flow_run else None


def _artifact(outcome: DeliveryOutcome) -> None:
    from prefect.artifacts import create_markdown_artifact

    from flows.artifacts import artifact_key

    what = (
        f"sendt til {count(outcome.recipients, 'mottaker', 'mottakere')}"
        if outcome.status == "sendt"
        else "avvist, ingenting sendt"
    )
    lines = [
        f"# Levering: {outcome.report} {outcome.period}",
        "",
        f"**{what}**",
        "",
        f"- Besluttet av: {outcome.approver}",
        f"- Kommentar: {outcome.comment or '–'}",
        f"- Arkiv: `{outcome.archive_dir}`",
        f"- Nøkkeltall: {outcome.headline}",
    ]
    create_markdown_artifact(
        key=artifact_key(outcome.report, outcome.period, "levering"),
        markdown="\n".join(lines) + "\n",
        description=f"Levering {outcome.report} {outcome.period}",
    )


def prefect_edge() -> DeliveryEdge:
    """The delivery's edge in a flow run: task steps rendered in this run (so its task runs and artifacts sit
    on the run that waits), the warehouse slot, the wait for `hr approve` (only where a server can be
    reached), the waiting notice, the run's logger, its id in the archive and its artifact."""
    from flows.backfill import server_configured
    from flows.deployments import warehouse_slot
    from flows.reports import TASK_STEPS

    return DeliveryEdge(
        steps=TASK_STEPS,
        slot=warehouse_slot,
        wait_for_approval=_wait_for_approval if server_configured() else None,
        notify_waiting=_notify_waiting,
        logger=get_run_logger(),
        run_id=_flow_run_id,
        publish=_artifact,
    )


def _deliver(
    report: str,
    period: str,
    landing: str,
    out: str,
    workdir: str | None,
    warehouse_url: str | None,
    approval: bool,
    mottakere: str | None,
    ingest: bool,
    approval_timeout_hours: float,
) -> DeliveryOutcome:
    """The plain delivery (hr.delivery.deliver) with the Prefect edge, in a flow run."""
    from hr.settings import build_settings

    return deliver(
        build_settings(workdir=workdir or None, warehouse_url=warehouse_url or None),
        report,
        period,
        landing,
        out,
        approval=approval,
        mottakere=mottakere,
        ingest=ingest,
        approval_timeout_hours=approval_timeout_hours,
        edge=prefect_edge(),
    )


@flow(name=DELIVERY_FLOW, flow_run_name="levering-{report}-{period}", log_prints=False, persist_result=True)
def deliver_report_flow(
    report: str,
    period: str,
    landing: str,
    out: str,
    workdir: str | None = None,
    warehouse_url: str | None = None,
    approval: bool = True,
    mottakere: str | None = None,
    ingest: bool = True,
    approval_timeout_hours: float = APPROVAL_TIMEOUT_HOURS,
):
    """Render `report` for `period` as a draft, wait for approval (unless approval=False), then e-mail
    it to the report's recipients and archive it; a rejection sends nothing and archives the draft."""
    return _as_state(
        _deliver,
        report,
        period,
        landing,
        out,
        workdir,
        warehouse_url,
        approval,
        mottakere,
        ingest,
        approval_timeout_hours,
    )


@flow(name="leveringsarkiv")
def delivery_archive_flow(
    kommunenummer: str | None = None,
    report: str | None = None,
    period: str | None = None,
    warehouse_url: str | None = None,
) -> list[dict]:
    """The decided deliveries, newest first: when, what, decided by whom, to how many (no addresses)."""
    from hr.delivery.archive import archive_rows
    from hr.settings import build_settings

    return archive_rows(build_settings(warehouse_url=warehouse_url).warehouse_url, kommunenummer, report, period)
