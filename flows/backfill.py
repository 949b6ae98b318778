"""Backfill: one report flow run per period from FROM to TO, each independent of the others.

Locally (no PREFECT_API_URL) the periods run one after the other in this process. Against a Prefect
server they run as runs of the report's deployment (visible in the UI, executed by the workers,
limited by the `hr-warehouse` concurrency limit) and this process waits for all of them.
Either way a failed period is recorded with its reason and the others still run; a period whose
published figures changed since its last publication carries the revision in words.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine

from hr.core import BackfillResult, PeriodResult
from hr.periods import Period, period_range

__all__ = ["BackfillResult", "PeriodResult", "run_backfill", "server_configured"]


def server_configured() -> bool:
    """True when PREFECT_API_URL points at a Prefect server (then backfills run as deployment runs)."""
    from prefect.settings import get_current_settings

    return bool(get_current_settings().api.url)


def period_result(period: str, state) -> PeriodResult:
    """A finished report run's state as one line of the backfill table."""
    from hr.errors import HrError

    try:
        value = state.result(raise_on_failure=False)
    except Exception as exc:  # noqa: BLE001 - a result that cannot be read: report the state's message
        value = exc
    if state.is_completed() and hasattr(value, "pdf"):
        return PeriodResult(
            period,
            True,
            0,
            value.headline,
            str(value.pdf),
            revision=getattr(value, "revision", ""),
            unchanged=getattr(value, "unchanged", False),
        )
    code = value.exit_code if isinstance(value, HrError) else 1
    message = state.message or str(value) or state.name
    return PeriodResult(period, False, code, message=message)


def _run_local(
    report: str,
    periods: list[Period],
    landing: str,
    out: str,
    warehouse_url: str | None,
    on_done: Callable[[PeriodResult], None] | None,
) -> list[PeriodResult]:
    """Without a server: the plain core (hr.core.backfill), one period after the other in this process."""
    from hr.core import backfill
    from hr.settings import build_settings

    return backfill(build_settings(warehouse_url=warehouse_url), report, periods, landing, out, on_done).results


def _run_on_server(
    report: str,
    periods: list[Period],
    landing: str,
    out: str,
    warehouse_url: str | None,
    on_done: Callable[[PeriodResult], None] | None,
    poll_seconds: float = 2.0,
    timeout_seconds: float | None = None,
    force: bool = False,
) -> list[PeriodResult]:
    """Create one deployment run per period at once (the concurrency limit paces them), then wait."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    from hr.errors import UsageError
    from hr.server_runs import BACKFILL_TAG, deployment_of, run_name, run_parameters
    from hr.settings import has_password

    if has_password(warehouse_url):
        raise UsageError(
            "--warehouse med passord kan ikke sendes til serveren (parametere vises i UI-et); "
            "gi passordet til arbeideren (PGPASSWORD, ~/.pgpass eller HR_PG_PASSWORD_BLOCK)"
        )
    deployment = deployment_of(report)
    # Each run first checks whether its period is up to date (hr/up_to_date.py) unless forced.
    pending = {}
    for period in periods:
        run = run_deployment(
            deployment,
            timeout=0,
            as_subflow=False,
            tags=[BACKFILL_TAG],
            parameters=run_parameters(report, period.code, landing, out, warehouse_url, force),
            flow_run_name=run_name(report, period.code),
        )
        assert not isinstance(run, Coroutine)  # called from sync code: the FlowRun itself
        pending[run.id] = period.code
    done: dict[str, PeriodResult] = {}
    started = time.monotonic()
    with get_client(sync_client=True) as client:
        while pending:
            for run_id, code in list(pending.items()):
                run = client.read_flow_run(run_id)
                if run.state is not None and run.state.is_final():
                    del pending[run_id]
                    done[code] = period_result(code, run.state)
                    if on_done:
                        on_done(done[code])
            if pending and timeout_seconds is not None and time.monotonic() - started > timeout_seconds:
                for run_id, code in pending.items():
                    done[code] = PeriodResult(
                        code, False, 1, message=f"ikke ferdig etter {timeout_seconds:.0f} s (kjøring {run_id})"
                    )
                break
            if pending:
                time.sleep(poll_seconds)
    return [done[p.code] for p in periods]


def run_backfill(
    report: str,
    first: str,
    last: str,
    landing: str,
    out: str,
    warehouse_url: str | None,
    on_done: Callable[[PeriodResult], None] | None = None,
    force: bool = False,
) -> BackfillResult:
    """Render every period; a failed period is recorded with its reason and the others still run.
    UnknownReport (exit 2) for a report nobody registered."""
    from hr.report_registry import get

    get(report)
    periods = period_range(first, last)
    if server_configured():
        return BackfillResult(
            report, _run_on_server(report, periods, landing, out, warehouse_url, on_done, force=force)
        )
    return BackfillResult(report, _run_local(report, periods, landing, out, warehouse_url, on_done))
