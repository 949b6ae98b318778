"""A backfill's runs on a Prefect server, without importing Prefect (which costs seconds to import).

`hr backfill` against a server creates one run of the report's deployment per period
(flows/backfill.py). When the command can see what the worker would check, because it passes the
warehouse URL itself (`--warehouse` or HR_WAREHOUSE_URL), and every period is up to date
(hr/up_to_date.py), no worker is needed: each period is recorded on the server as a run of the
deployment that is already Completed, named and tagged like the backfill's other runs, with the
message "uendret …". The server shows the same runs either way, and an unchanged backfill through
the server costs what the local one does plus a few API calls.
"""

from __future__ import annotations

from pathlib import Path

BACKFILL_TAG = "etterkjoring"


def report_deployments() -> dict[str, str]:
    """ "flow name/deployment name" of each report's deployment (prefect.yaml), for run_deployment."""
    from hr.report_registry import definitions

    return {d.name: d.deployment_name for d in definitions() if d.deployment_name}


def deployment_of(report: str) -> str:
    """The report's deployment; UsageError (exit 2) for a report without one (it cannot run on a server)."""
    from hr.errors import UsageError
    from hr.report_registry import get

    defn = get(report)
    if not defn.deployment_name:
        raise UsageError(f"{report} har ingen deployment på Prefect-serveren (prefect.yaml); kjør uten PREFECT_API_URL")
    return defn.deployment_name


def run_name(report: str, period: str) -> str:
    return f"{report}-{period}"


def run_parameters(
    report: str, period: str, landing: str | Path, out: str | Path, warehouse_url: str | None, force: bool = False
) -> dict:
    """A backfill run's parameters. Paths absolute: the worker runs in the project directory, not this
    shell's. Render only: a backfill never e-mails politicians nor waits for an approver (flows/delivery.py)."""
    from hr.report_registry import get

    params = {
        get(report).flow_param: period,
        "landing": str(Path(landing).resolve()),
        "out": str(Path(out).resolve()),
        "deliver": False,
        "force": force,
    }
    if warehouse_url:
        params["warehouse_url"] = warehouse_url
    return params


def record_unchanged(api_url: str, report: str, fresh, landing: Path, out: Path, warehouse_url: str | None) -> bool:
    """One Completed "uendret" run of the report's deployment per up-to-date period (`fresh`: the
    hr.up_to_date.UpToDate of every period). False when the server cannot take them (no such deployment,
    an API that wants credentials, a network error): the caller then runs the periods on the worker."""
    import httpx

    from hr.report_registry import get

    if not get(report).deployment_name:
        return False
    flow_name, deployment_name = deployment_of(report).split("/")
    try:
        with httpx.Client(base_url=api_url.rstrip("/"), timeout=30) as client:
            found = client.get(f"/deployments/name/{flow_name}/{deployment_name}")
            found.raise_for_status()
            deployment_id = found.json()["id"]
            # one request for every period (a loaded server answers each in a few hundred ms)
            created = client.post(
                f"/deployments/{deployment_id}/create_flow_run/bulk",
                json=[
                    {
                        "name": run_name(report, r.period),
                        "parameters": run_parameters(report, r.period, landing, out, warehouse_url),
                        "tags": [BACKFILL_TAG],
                        "state": {
                            "type": "COMPLETED",
                            "name": "Completed",
                            "message": f"uendret siden forrige kjøring: {r.headline}",
                        },
                    }
                    for r in fresh
                ],
            )
            created.raise_for_status()
            results = created.json()["results"]
            if len(results) != len(fresh) or any(r["status"] != "CREATED" for r in results):
                return False
    except (httpx.HTTPError, KeyError, ValueError):
        return False
    return True
