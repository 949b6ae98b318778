"""After a worker dies: find the flow-run processes it left behind, end the lost runs as Crashed, give
back their warehouse slots and send the crash notice. Used by `make serve` (flows/serve.py).

A worker killed with -9 leaves its flow-run processes orphaned (they keep running without anyone
watching them) and no hook can run in it. So the supervisor, before it starts the next worker:

1. finds the processes of flow runs on this server (environment PREFECT__FLOW_RUN_ID and this server's
   PREFECT_API_URL; there is one worker per server, so after its death each of them is an orphan);
2. keeps a run that is **Paused** (a draft waiting for its approver: its process only polls the server,
   and killing it would throw the draft away), kills the others;
3. sets every lost run Crashed: the killed ones, their subflows, and deployment runs of the work pool
   that were Pending or Running without any process (handed to the worker just before it died, or
   left from before `make serve` was restarted);
4. releases the concurrency leases those runs noted (flows.deployments.lease_dir), so the next run does
   not wait for slots nobody holds (without this the lease would expire after LEASE_SECONDS);
5. sends the notice a failed run sends (flows.notify), with status Crashed.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

CRASH_MESSAGE = "Arbeideren som kjørte denne kjøringen stoppet; kjøringen ble avsluttet av make serve"


@dataclass
class Healed:
    crashed: list[str] = field(default_factory=list)  # names of the deployment runs marked Crashed
    subflows: int = 0  # their subflow runs, marked Crashed with them
    kept_paused: list[str] = field(default_factory=list)  # run names waiting for approval, left alone
    leases_released: int = 0


def flow_run_processes(api_url: str) -> dict[str, list]:
    """Live processes of flow runs against `api_url`, by flow-run id."""
    import psutil

    found: dict[str, list] = {}
    for proc in psutil.process_iter():
        if proc.pid == os.getpid():
            continue
        try:
            env = proc.environ()
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess, OSError):
            continue
        run_id = env.get("PREFECT__FLOW_RUN_ID")
        if run_id and env.get("PREFECT_API_URL") == api_url:
            found.setdefault(run_id, []).append(proc)
    return found


def _kill(procs: list) -> None:
    import psutil

    for proc in procs:
        try:
            proc.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


def _subflows(client, parents: set[str]) -> set[str]:
    """Pending or running flow runs below `parents` (subflows run in their parent's process)."""
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    active = client.read_flow_runs(
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING]))
        ),
        limit=200,
    )
    below, grew = set(), True
    while grew:
        grew = False
        for run in active:
            rid = str(run.id)
            if rid in below or rid in parents or not run.parent_task_run_id:
                continue
            parent = str(client.read_task_run(run.parent_task_run_id).flow_run_id)
            if parent in parents or parent in below:
                below.add(rid)
                grew = True
    return below


def _stranded(client, pool: str, alive: set[str]) -> set[str]:
    """Deployment runs of the pool that are Pending or Running with no process left."""
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
        WorkPoolFilter,
        WorkPoolFilterName,
    )
    from prefect.client.schemas.objects import StateType

    runs = client.read_flow_runs(
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING]))
        ),
        work_pool_filter=WorkPoolFilter(name=WorkPoolFilterName(any_=[pool])),
        limit=200,
    )
    return {str(r.id) for r in runs if r.deployment_id and str(r.id) not in alive}


def release_leases(client, lease_dir: Path, run_ids: set[str]) -> int:
    """Give back the slots the runs held (their notes in lease_dir); the number of leases released."""
    released = 0
    if not lease_dir.is_dir():
        return 0
    for note in lease_dir.iterdir():
        run_id, _, lease_id = note.name.partition(".")
        if run_id not in run_ids:
            continue
        try:
            client.release_concurrency_slots_with_lease(UUID(lease_id))
            released += 1
        except Exception:  # noqa: BLE001, S110 - an expired lease is already released
            pass
        note.unlink(missing_ok=True)
    return released


def heal(api_url: str, pool: str, lease_dir: Path) -> Healed:
    """Steps 1-5 of the module docstring, against the server at `api_url`."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.states import Crashed, State

    from flows.notify import failure_notice, send_notice

    healed = Healed()
    processes = flow_run_processes(api_url)
    lost: set[str] = set()
    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        for run_id, procs in processes.items():
            run = client.read_flow_run(UUID(run_id))
            if run.state and run.state.type == StateType.PAUSED:
                healed.kept_paused.append(run.name)
                continue
            _kill(procs)
            lost.add(run_id)
        lost |= _stranded(client, pool, set(processes) - lost)
        lost |= _subflows(client, lost)
        for run_id in sorted(lost):
            run = client.read_flow_run(UUID(run_id))
            if run.state and run.state.is_final():
                continue  # finished just before its process was killed
            state: State[None] = Crashed(message=CRASH_MESSAGE)
            client.set_flow_run_state(run.id, state, force=True)
            if not run.deployment_id:  # a subflow: part of the run the notice is about
                healed.subflows += 1
            else:
                healed.crashed.append(run.name)
                flow = client.read_flow(run.flow_id)
                send_notice(failure_notice(flow.name, run, state))
        healed.leases_released = release_leases(client, lease_dir, lost)
    return healed
