"""Approval of a drafted report: the typed input a paused delivery run waits for, and how `hr approve`
finds that run on the Prefect server and answers it.

The run pauses with `pause_flow_run(wait_for_input=ApprovalInput…)`: Prefect stores the input's JSON
schema with the paused run, the UI shows it as a form under "Resume", and `resume_flow_run(id,
run_input=…)` from the CLI is validated against the same schema by the server. Pause (not suspend) is
used because the approver approves the draft this very process rendered and will send: a suspended
run would exit and start again from the top in a new process, rendering anew from whatever the
warehouse holds by then, and Prefect refuses to suspend a subflow at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from prefect.input import RunInput
from pydantic import Field

from hr.errors import HrError, UsageError
from hr.wording import count

# The flow (flows/delivery.py) whose runs pause for approval, and the parameters that name a report.
DELIVERY_FLOW = "rapport-levering"
# The deployment flows (flows/deployments.py) pause themselves: each report's definition names its flow
# (hr.report_registry: deployment_flow) and the parameter holding the period (flow_param; empty for a
# scheduled run: the period is then the end of the run's name, sykefravaer-2018H1).


class ApprovalInput(RunInput):
    """The approver's answer: send the draft, or keep it unsent with the reason."""

    approve: bool = Field(description="Godkjenn og send rapporten (av = avvis, ingenting sendes)")
    comment: str = Field(default="", description="Kommentar; ved avvisning: hva som må rettes")
    approver: str = Field(min_length=1, description="Navnet ditt")


def approval_form(title: str, draft: str, recipients: int) -> type[ApprovalInput]:
    """ApprovalInput with the text the UI shows above the form."""
    return ApprovalInput.with_initial_data(
        description=(
            f"**{title}** er laget som utkast og venter på godkjenning.\n\n"
            f"Utkast: `{draft}`\n\nGodkjent rapport sendes som e-post (blindkopi) til "
            f"{count(recipients, 'mottaker', 'mottakere')}. Avvist rapport sendes ikke; kommentaren lagres."
        )
    )


class NoPausedRun(HrError):
    """No run of that report and period is waiting for approval."""

    exit_code = 4


@dataclass(frozen=True)
class WaitingRun:
    id: str
    name: str
    report: str
    period: str
    paused_since: datetime | None


def waiting_runs(client, report: str | None = None, period: str | None = None) -> list[WaitingRun]:
    """Delivery runs in Paused state on the server, optionally for one report and period, oldest first."""
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    from hr.report_registry import definitions

    names = [DELIVERY_FLOW, *(d.deployment_flow for d in definitions() if d.deployment_flow)]
    flow_names = {f.id: f.name for f in client.read_flows(flow_filter=FlowFilter(name=FlowFilterName(any_=names)))}
    runs = client.read_flow_runs(
        flow_filter=FlowFilter(name=FlowFilterName(any_=names)),
        flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))),
        sort=FlowRunSort.START_TIME_ASC,
        limit=200,
    )
    out = []
    for run in runs:
        run_report, run_period = _names_report(flow_names.get(run.flow_id), run)
        if (report is None or run_report == report) and (period is None or run_period == period):
            out.append(
                WaitingRun(
                    str(run.id), run.name, str(run_report), str(run_period), run.state.timestamp if run.state else None
                )
            )
    return out


def _names_report(flow_name: str | None, run) -> tuple[str | None, str | None]:
    """(report, period) of a paused run of the delivery flow or of a deployment flow."""
    from hr.report_registry import by_deployment_flow

    p = run.parameters or {}
    defn = by_deployment_flow(flow_name) if flow_name else None
    if defn is None:
        # deliver_report_flow's parameters; "rapport" is its name in runs created before it was renamed
        return p.get("report", p.get("rapport")), p.get("period")
    report = defn.name
    value = p.get(defn.flow_param)
    if value in (None, ""):
        prefix = f"{report}-"
        value = run.name[len(prefix) :] if run.name.startswith(prefix) else None
    return report, str(value).strip().upper() if value is not None else None


def answer(client, report: str, period: str, decision: ApprovalInput | dict, run_id: str | None = None) -> WaitingRun:
    """Resume the one paused delivery run of `report` and `period` with the decision."""
    from uuid import UUID

    runs = waiting_runs(client, report, period)
    if run_id:
        runs = [r for r in runs if r.id == run_id]
    if not runs:
        raise NoPausedRun(f"ingen kjøring av {report} {period} venter på godkjenning")
    if len(runs) > 1:
        ids = ", ".join(r.id for r in runs)
        raise UsageError(f"{len(runs)} kjøringer av {report} {period} venter på godkjenning ({ids}); velg én med --run")
    data = decision if isinstance(decision, dict) else decision.model_dump()
    result = client.resume_flow_run(UUID(runs[0].id), run_input=data)
    if getattr(result.status, "value", result.status) != "ACCEPT":
        reason = getattr(result.details, "reason", None) or result.status
        raise HrError(f"Prefect godtok ikke svaret for {runs[0].name}: {reason}")
    return runs[0]
