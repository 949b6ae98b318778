"""Delivery flow: render the report as a draft, wait for an approver, e-mail the approved PDF, archive it.

    deliver_report_flow("sykefravaer", "2018H1", landing, out)                  # waits for `hr approve`
    deliver_report_flow("sykefravaer", "2018H1", landing, out, approval=False)  # sends at once

The draft is made by the ordinary report flow (flows/reports.py) as a subflow. The wait is Prefect's
`pause_flow_run` with typed input (hr.delivery.approval.ApprovalInput): the run shows as Paused in the
UI with a form, and `hr approve`/`hr approve --reject` answers it through the API. Pause keeps this
process alive and polling, so what gets sent is exactly the draft the approver saw; the warehouse is
not held while waiting (its concurrency slot is taken only to render and to record). Approval needs a
Prefect server that the approver can reach (PREFECT_API_URL); without one, `hr deliver` runs the plain
core (`_deliver(local=True)`), refuses approval and sends with `--no-approval`.

A rejection sends nothing and archives the draft with the approver's comment; an approval sends one
e-mail (every recipient Bcc) and archives the PDF, the figures file and a manifest of the extracts'
checksums (hr.delivery.archive). Logs and artifacts carry counts, never an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger

from flows.reports import _as_state
from hr.delivery.approval import DELIVERY_FLOW

# How long a draft may wait for its approver before the run gives up (nothing is sent then).
APPROVAL_TIMEOUT_HOURS = 14 * 24
# How often the paused run asks the server whether it has been answered.
APPROVAL_POLL_SECONDS = 5
NO_APPROVAL = "uten godkjenning"


@dataclass
class DeliveryOutcome:
    rapport: str
    period: str
    status: str  # sendt | avvist
    pdf: Path
    figures_csv: Path
    headline: str
    approver: str
    comment: str
    recipients: int  # accepted by the SMTP server; 0 when rejected
    archive_dir: Path
    delivery_id: str
    revision: str = ""


def _draft(rapport, per, landing, out, settings, ingest, local: bool = False):
    """The report's outcome, and the figures and metadata it was rendered from. In a flow rendered in
    this run (not an inner flow run), so its task runs and artifacts sit on the run that waits; `local`:
    the plain core, without Prefect."""
    from hr.core import PLAIN, render_draft

    if local:
        draft = render_draft(settings, rapport, per.code, landing, out, ingest=ingest, steps=PLAIN)
        return draft.outcome, draft.kommunenummer, draft.figures, draft.meta
    from flows.deployments import warehouse_slot
    from flows.reports import TASK_STEPS

    with warehouse_slot(settings.warehouse_url):
        draft = render_draft(settings, rapport, per.code, landing, out, ingest=ingest, steps=TASK_STEPS)
    return draft.outcome, draft.kommunenummer, draft.figures, draft.meta


def _wait_for_approval(title: str, pdf: Path, recipients: int, timeout_hours: float):
    from prefect.exceptions import FlowPauseTimeout
    from prefect.flow_runs import pause_flow_run

    from hr.delivery.approval import approval_form
    from hr.delivery.archive import Decision
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


def _notify_waiting(rapport: str, code: str) -> None:
    """The approver is told through the failure-notice channel (HR_VARSLING_URL / HR_VARSLING_EPOST)."""
    from prefect.context import FlowRunContext

    from flows.notify import failure_notice, send_notice

    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow is None or ctx.flow_run is None:
        return
    notice = failure_notice(ctx.flow.name, ctx.flow_run, None)
    notice.update(
        hendelse="venter-pa-godkjenning",
        status="Paused",
        melding=f"Utkast til {rapport} {code} venter på godkjenning: hr approve {rapport} {code}",
    )
    send_notice(notice)


def _record(settings, local: bool = False, **kwargs):
    from contextlib import AbstractContextManager, nullcontext
    from typing import Any

    from hr.delivery.archive import archive_delivery
    from hr.warehouse import engine_for, ensure_schema

    engine = engine_for(settings.warehouse_url)
    slot: AbstractContextManager[Any]
    if local:
        slot = nullcontext()
    else:
        from flows.deployments import warehouse_slot

        slot = warehouse_slot(settings.warehouse_url)
    with slot:
        ensure_schema(engine)  # a warehouse made before meta_delivery existed gets the table here
        with engine.begin() as conn:
            return archive_delivery(conn, settings.archive_dir, **kwargs)


def _flow_run_id() -> str | None:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return str(ctx.flow_run.id) if ctx and ctx.flow_run else None


def _artifact(outcome: DeliveryOutcome) -> None:
    from prefect.artifacts import create_markdown_artifact

    from flows.artifacts import artifact_key

    what = f"sendt til {outcome.recipients} mottakere" if outcome.status == "sendt" else "avvist, ingenting sendt"
    lines = [
        f"# Levering: {outcome.rapport} {outcome.period}",
        "",
        f"**{what}**",
        "",
        f"- Besluttet av: {outcome.approver}",
        f"- Kommentar: {outcome.comment or '–'}",
        f"- Arkiv: `{outcome.archive_dir}`",
        f"- Nøkkeltall: {outcome.headline}",
    ]
    create_markdown_artifact(
        key=artifact_key(outcome.rapport, outcome.period, "levering"),
        markdown="\n".join(lines) + "\n",
        description=f"Levering {outcome.rapport} {outcome.period}",
    )


def _deliver(
    rapport: str,
    period: str,
    landing: str,
    out: str,
    workdir: str | None,
    warehouse_url: str | None,
    approval: bool,
    mottakere: str | None,
    ingest: bool,
    approval_timeout_hours: float,
    local: bool = False,
) -> DeliveryOutcome:
    """`local`: without Prefect (`hr deliver --no-approval` without PREFECT_API_URL): the plain core renders
    the draft, logs go to Python's logging, no artifact; approval is refused (it needs a server)."""
    import logging

    from flows.backfill import server_configured
    from hr.core import parse_period
    from hr.delivery import mail
    from hr.delivery.archive import Decision
    from hr.delivery.recipients import load_recipients
    from hr.delivery.summary import summary_sentences
    from hr.errors import UsageError
    from hr.settings import build_settings, recipients_file, smtp_settings

    logger = logging.getLogger("hr.delivery") if local else get_run_logger()
    per = parse_period(rapport, period)  # UnknownReport or a bad period: UsageError (exit 2)
    settings = build_settings(workdir=workdir or None, warehouse_url=warehouse_url or None)
    # Everything a delivery needs is checked before the draft is rendered, so a misconfiguration
    # fails at once instead of after the approver has said yes.
    recipients = load_recipients(Path(mottakere) if mottakere else recipients_file(), rapport)
    smtp = smtp_settings()
    if smtp is None:
        raise UsageError("e-post er ikke satt opp: HR_SMTP_HOST og HR_SMTP_FROM mangler (docs/delivery.md)")
    if approval and (local or not server_configured()):
        raise UsageError(
            "godkjenning krever en Prefect-server (PREFECT_API_URL) som godkjenneren når; uten server: --no-approval"
        )

    draft, kommunenummer, figures, meta = _draft(rapport, per, landing, out, settings, ingest, local)
    sentences = summary_sentences(rapport, figures, meta)
    title = mail.subject(rapport, per.label_nb(), meta.kommune_navn)
    if approval:
        logger.info(
            "Utkast til %s %s er klart og venter på godkjenning (hr approve %s %s).",
            rapport,
            per.code,
            rapport,
            per.code,
        )
        _notify_waiting(rapport, per.code)
        decision = _wait_for_approval(title, draft.pdf, len(recipients), approval_timeout_hours)
    else:
        decision = Decision(True, NO_APPROVAL, "", datetime.now(UTC))

    accepted, sent_at = 0, None
    if decision.approved:
        body = mail.body_text(
            title, sentences, "" if decision.approver == NO_APPROVAL else decision.approver, decision.comment
        )
        msg = mail.build_message(smtp, recipients, title, body, draft.pdf)
        accepted, refused = mail.send(msg, smtp)
        sent_at = datetime.now(UTC)
        logger.info("%s %s sendt til %d mottakere.", rapport, per.code, accepted)
        if refused:
            logger.warning(
                "%s %s: SMTP-serveren avviste %d av %d mottakere.", rapport, per.code, refused, len(recipients)
            )
    else:
        logger.warning("%s %s ble avvist av %s; ingenting er sendt.", rapport, per.code, decision.approver)

    archived = _record(
        settings,
        local,
        kommunenummer=kommunenummer,
        rapport=rapport,
        periode=per.code,
        pdf=draft.pdf,
        figures_csv=draft.figures_csv,
        decision=decision,
        recipients=accepted,
        sent_at=sent_at,
        flow_run_id=_flow_run_id(),
    )
    outcome = DeliveryOutcome(
        rapport,
        per.code,
        archived.manifest["status"],
        draft.pdf,
        draft.figures_csv,
        draft.headline,
        decision.approver,
        decision.comment,
        accepted,
        archived.directory,
        archived.delivery_id,
        draft.revision,
    )
    if not local:
        _artifact(outcome)
    return outcome


@flow(name=DELIVERY_FLOW, flow_run_name="levering-{rapport}-{period}", log_prints=False, persist_result=True)
def deliver_report_flow(
    rapport: str,
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
    """Render `rapport` for `period` as a draft, wait for approval (unless approval=False), then e-mail
    it to the report's recipients and archive it; a rejection sends nothing and archives the draft."""
    return _as_state(
        _deliver,
        rapport,
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
    rapport: str | None = None,
    periode: str | None = None,
    warehouse_url: str | None = None,
) -> list[dict]:
    """The decided deliveries, newest first: when, what, decided by whom, to how many (no addresses)."""
    from hr.delivery.archive import archive_rows
    from hr.settings import build_settings

    return archive_rows(build_settings(warehouse_url=warehouse_url).warehouse_url, kommunenummer, rapport, periode)
