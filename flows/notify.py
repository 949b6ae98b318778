"""Failure notice for scheduled runs: a JSON POST to HR_VARSLING_URL and/or an e-mail to the
addresses in HR_VARSLING_EPOST when a run ends Failed, Crashed or Cancelled.

Used as the `on_failure`, `on_crashed` and `on_cancellation` hook of the deployment flows, and by the
supervisor of `make serve` for a run whose process died with its worker (no hook can run in a
process killed with -9; flows/supervise.py), so nobody has to watch the UI to learn that the February
report did not get made. A draft the approver rejected ends Cancelled "Avvist: …" on purpose: no notice.
The notice names the flow, the run and the error message (our messages never hold personal data); a
notice that cannot be delivered is logged, not raised: the run has failed already, and a broken receiver
must not hide why.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

logger = logging.getLogger("hr.varsling")

# Parameters that say which run it was; paths and URLs are left out (a URL may carry a password).
_NAMED_PARAMETERS = ("period", "year")


_EVENTS: dict[str | None, str] = {
    "CRASHED": "kjoring-krasjet",
    "CANCELLED": "kjoring-avbrutt",
    "CANCELLING": "kjoring-avbrutt",
}
REJECTED_PREFIX = "Avvist:"


def failure_notice(flow_name: str, flow_run, state) -> dict:
    params = getattr(flow_run, "parameters", None) or {}
    state_type = getattr(getattr(state, "type", None), "value", None)
    return {
        "hendelse": _EVENTS.get(state_type, "kjoring-feilet"),
        "flyt": flow_name,
        "kjoring": getattr(flow_run, "name", None),
        "kjoring_id": str(getattr(flow_run, "id", "")),
        "deployment_id": str(flow_run.deployment_id) if getattr(flow_run, "deployment_id", None) else None,
        "parametere": {k: params[k] for k in _NAMED_PARAMETERS if params.get(k) is not None},
        "status": getattr(state, "name", None),
        "melding": getattr(state, "message", None),
        "tidspunkt": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def post_notice(url: str, notice: dict, timeout: float = 10.0) -> bool:
    import httpx

    try:
        response = httpx.post(url, json=notice, timeout=timeout)
        response.raise_for_status()
        return True
    except httpx.HTTPError as exc:
        logger.warning("Varsel om feilet kjøring kunne ikke sendes: %s", type(exc).__name__)
        return False


def mail_notice(addresses: list[str], notice: dict) -> bool:
    """The notice as a plain e-mail to the operators, through the SMTP server of the deliveries."""
    from email.message import EmailMessage

    from hr.delivery.mail import send
    from hr.errors import HrError
    from hr.settings import smtp_settings

    try:
        smtp = smtp_settings()
    except HrError as exc:
        logger.warning("Varsel om %s kunne ikke sendes: %s", notice["hendelse"], exc)
        return False
    if smtp is None:
        logger.warning("Varsel om %s kunne ikke sendes: HR_SMTP_HOST/HR_SMTP_FROM mangler", notice["hendelse"])
        return False
    msg = EmailMessage()
    waiting = notice["hendelse"] == "venter-pa-godkjenning"
    msg["Subject"] = (
        f"HR-rapport: {notice['kjoring']} venter på godkjenning"
        if waiting
        else f"HR-rapport: {notice['flyt']} {notice['kjoring']} endte {notice['status']}"
    )
    msg["From"] = smtp.sender
    msg["To"] = "undisclosed-recipients:;"
    msg["Bcc"] = ", ".join(addresses)
    msg.set_content("\n".join(f"{k}: {v}" for k, v in notice.items()) + "\n")
    try:
        send(msg, smtp)
        return True
    except HrError as exc:
        logger.warning("Varsel om %s kunne ikke sendes: %s", notice["hendelse"], exc)
        return False


def send_notice(notice: dict, env: dict[str, str] | None = None) -> None:
    """Post the notice to HR_VARSLING_URL and mail it to HR_VARSLING_EPOST (comma-separated), where set."""
    from hr.settings import failure_mail_addresses, failure_webhook_url

    url = failure_webhook_url(env)
    if url:
        post_notice(url, notice)
    addresses = failure_mail_addresses(env)
    if addresses:
        mail_notice(addresses, notice)


def notify_failure(flow, flow_run, state) -> None:
    """on_failure/on_crashed/on_cancellation hook: send the notice (not for a rejected draft)."""
    if (getattr(state, "message", None) or "").startswith(REJECTED_PREFIX):
        return
    send_notice(failure_notice(flow.name, flow_run, state))
