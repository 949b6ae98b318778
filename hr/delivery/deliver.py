"""One delivery, the plain core: render the draft, (optionally) wait for an approver, e-mail the approved PDF,
archive what was decided.

    deliver(settings, "sykefravaer", "2018H1", landing, out, approval=False)   # `hr deliver --no-approval`

What an orchestrator adds comes in a `DeliveryEdge`: the report steps, the warehouse slot taken to render and to
record, the wait for an approver (Prefect's pause, flows/delivery.py), the notice that a draft waits, where the
log lines go, the run's id in the archive and the run's artifact. The default edge is plain: no Prefect, no
approval (it needs a server the approver can reach), Python logging. flows/delivery.py builds the Prefect edge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hr.core import PLAIN, ReportSteps, parse_period, render_draft
from hr.delivery import mail
from hr.delivery.archive import Decision, archive_delivery
from hr.delivery.recipients import Recipient, load_recipients
from hr.delivery.summary import summary_sentences
from hr.errors import UsageError
from hr.settings import Settings, recipients_file, smtp_settings
from hr.warehouse import engine_for, ensure_schema

# How long a draft waits for its approver before the run gives up (nothing is sent).
APPROVAL_TIMEOUT_HOURS = 14 * 24
NO_APPROVAL = "uten godkjenning"
# No list chosen (HR_MOTTAKERE, --mottakere, the flow parameter mottakere): the example list is never used instead.
NO_RECIPIENT_LIST = (
    "ingen mottakerliste er valgt: sett HR_MOTTAKERE eller bruk --mottakere FIL "
    "(eksempellista referanse/mottakere.yaml brukes ikke; docs/delivery.md)"
)


@dataclass
class DeliveryOutcome:
    report: str
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


def _no_slot(_warehouse_url: str) -> AbstractContextManager[Any]:
    return nullcontext()


@dataclass(frozen=True)
class DeliveryEdge:
    """What runs around the plain delivery; every default is the plain one (no Prefect)."""

    steps: ReportSteps = PLAIN
    # the warehouse's concurrency slot, taken to render and to record, never while a draft waits
    slot: Callable[[str], AbstractContextManager[Any]] = _no_slot
    # (title, draft PDF, number of recipients, timeout in hours) -> the approver's decision; None: no
    # approver can be asked here, and a delivery that asks for approval is refused before it renders
    wait_for_approval: Callable[[str, Path, int, float], Decision] | None = None
    notify_waiting: Callable[[str, str], None] = lambda _report, _period: None
    logger: logging.Logger | logging.LoggerAdapter[Any] = field(
        default_factory=lambda: logging.getLogger("hr.delivery")
    )
    run_id: Callable[[], str | None] = lambda: None
    publish: Callable[[DeliveryOutcome], None] = lambda _outcome: None


PLAIN_EDGE = DeliveryEdge()


def deliver(
    settings: Settings,
    report: str,
    period: str,
    landing: str | Path,
    out: str | Path,
    *,
    approval: bool = True,
    mottakere: str | Path | None = None,
    ingest: bool = True,
    approval_timeout_hours: float = APPROVAL_TIMEOUT_HOURS,
    edge: DeliveryEdge = PLAIN_EDGE,
) -> DeliveryOutcome:
    """Render `report` for `period` as a draft, wait for approval (unless approval=False), e-mail it to the
    report's recipients and archive it; a rejection sends nothing and archives the draft with its comment."""
    logger = edge.logger
    per = parse_period(report, period)  # UnknownReport or a bad period: UsageError (exit 2)
    # Everything a delivery needs is checked before the draft is rendered, so a misconfiguration
    # fails at once instead of after the approver has said yes.
    # Every problem is named in one message, so the operator mends them in one go.
    problems: list[str] = []
    recipients: list[Recipient] = []
    lists = Path(mottakere) if mottakere else recipients_file()
    if lists is None:  # never the repository's example list in its place
        problems.append(NO_RECIPIENT_LIST)
    else:
        try:
            recipients = load_recipients(lists, report)
        except UsageError as exc:
            problems.append(str(exc))
    smtp = smtp_settings()
    if smtp is None:
        problems.append("e-post er ikke satt opp: HR_SMTP_HOST og HR_SMTP_FROM mangler (docs/delivery.md)")
    if approval and edge.wait_for_approval is None:
        problems.append(
            "godkjenning krever en Prefect-server (PREFECT_API_URL) som godkjenneren når; uten server: --no-approval"
        )
    if problems or smtp is None:
        raise UsageError("; ".join(problems))

    with edge.slot(settings.warehouse_url):
        draft = render_draft(settings, report, per.code, landing, out, ingest=ingest, steps=edge.steps)
    outcome = draft.outcome
    sentences = summary_sentences(report, draft.figures, draft.meta)
    title = mail.subject(report, per.label_nb(), draft.meta.kommune_navn)
    if approval and edge.wait_for_approval is not None:
        logger.info(
            "Utkast til %s %s er klart og venter på godkjenning (hr approve %s %s).",
            report,
            per.code,
            report,
            per.code,
        )
        edge.notify_waiting(report, per.code)
        decision = edge.wait_for_approval(title, outcome.pdf, len(recipients), approval_timeout_hours)
    else:
        decision = Decision(True, NO_APPROVAL, "", datetime.now(UTC))

    accepted, sent_at = 0, None
    if decision.approved:
        body = mail.body_text(
            title, sentences, "" if decision.approver == NO_APPROVAL else decision.approver, decision.comment
        )
        msg = mail.build_message(smtp, recipients, title, body, outcome.pdf)
        accepted, refused = mail.send(msg, smtp)
        sent_at = datetime.now(UTC)
        logger.info("%s %s sendt til %d mottakere.", report, per.code, accepted)
        if refused:
            logger.warning(
                "%s %s: SMTP-serveren avviste %d av %d mottakere.", report, per.code, refused, len(recipients)
            )
    else:
        logger.warning("%s %s ble avvist av %s; ingenting er sendt.", report, per.code, decision.approver)

    engine = engine_for(settings.warehouse_url)
    with edge.slot(settings.warehouse_url):
        ensure_schema(engine)  # a warehouse made before meta_delivery existed gets the table here
        with engine.begin() as conn:
            archived = archive_delivery(
                conn,
                settings.archive_dir,
                kommunenummer=draft.kommunenummer,
                report=report,
                period=per.code,
                pdf=outcome.pdf,
                figures_csv=outcome.figures_csv,
                decision=decision,
                recipients=accepted,
                sent_at=sent_at,
                flow_run_id=edge.run_id(),
            )
    delivered = DeliveryOutcome(
        report,
        per.code,
        archived.manifest["status"],
        outcome.pdf,
        outcome.figures_csv,
        outcome.headline,
        decision.approver,
        decision.comment,
        accepted,
        archived.directory,
        archived.delivery_id,
        outcome.revision,
    )
    edge.publish(delivered)
    return delivered
