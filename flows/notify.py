"""Failure notice for scheduled runs: a JSON POST to HR_VARSLING_URL when a run ends failed.

Used as an `on_failure` hook on the deployment flows, so nobody has to watch the UI to learn that
the February report did not get made. The notice names the flow, the run and the error message
(our messages never hold personal data); a notice that cannot be delivered is logged, not raised:
the run has failed already, and a broken receiver must not hide why.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

logger = logging.getLogger("hr.varsling")

# Parameters that say which run it was; paths and URLs are left out (a URL may carry a password).
_NAMED_PARAMETERS = ("period", "year")


def failure_notice(flow_name: str, flow_run, state) -> dict:
    params = getattr(flow_run, "parameters", None) or {}
    return {
        "hendelse": "kjoring-feilet",
        "flyt": flow_name,
        "kjoring": getattr(flow_run, "name", None),
        "kjoring_id": str(getattr(flow_run, "id", "")),
        "deployment_id": str(flow_run.deployment_id) if getattr(flow_run, "deployment_id", None) else None,
        "parametere": {k: params[k] for k in _NAMED_PARAMETERS if params.get(k) is not None},
        "status": getattr(state, "name", None),
        "melding": getattr(state, "message", None),
        "tidspunkt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
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


def notify_failure(flow, flow_run, state) -> None:
    """on_failure hook: post the notice if HR_VARSLING_URL is set."""
    from hr.settings import failure_webhook_url

    url = failure_webhook_url()
    if url:
        post_notice(url, failure_notice(flow.name, flow_run, state))
