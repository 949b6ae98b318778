"""The real Prefect server schedules the deployments of prefect.yaml, and its worker runs them unattended.

The cron arithmetic is tested in test_prefect_schedules.py; these tests prove the part that arithmetic
cannot: that the server's scheduler service actually creates the runs (Prefect 3.8.8 on SQLAlchemy 2.1
created none and only logged an error), at the right wall-clock times in Oslo, and that a worker picks a
scheduled run up and renders the report without anyone triggering it.

One server (a free port on 127.0.0.1, a temporary PREFECT_HOME) serves the module; every process started
here is stopped with its process group, also when a test fails.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from hr.paths import ROOT
from tests.conftest import local_http

OSLO = ZoneInfo("Europe/Oslo")
# Errors the scheduler services log when they fail; any of them in the server log fails the test.
SCHEDULER_ERRORS = ("InvalidRequestError", "schedule_recent_deployments")
# SQLite, which a test server keeps its state in, refuses a write that meets another transaction's write
# lock in WAL mode at once ("database is locked", no busy wait). On this 2-core machine under a full test
# run the worker's heartbeat met the scheduler inserting 400 runs (CI of 4 Dec); the worker beats again
# 30 s later. That contention is Prefect's on SQLite, not the scheduler failing: docs/operations.md
# recommends PostgreSQL for the production server's database.
SQLITE_CONTENTION = "sqlite3.OperationalError) database is locked"


def server_errors(log: str) -> list[str]:
    """The scheduler errors and the tracebacks in a server log, except SQLite's lock contention."""
    found = [e for e in SCHEDULER_ERRORS if e in log]
    blocks = log.split("Traceback (most recent call last)")[1:]
    found += [b[-1500:] for b in blocks if SQLITE_CONTENTION not in b]
    return found


def test_server_errors_reports_a_scheduler_traceback_but_not_sqlite_lock_contention():
    locked = (
        "ERROR | prefect.server - Encountered exception\nTraceback (most recent call last):\n  File x\n"
        "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) database is locked\n"
    )
    failing = "Traceback (most recent call last):\n  File y\nKeyError: 'deployment_id'\n"
    assert server_errors("INFO ok\n" + locked) == []
    assert len(server_errors(locked + failing)) == 1
    assert server_errors("sqlalchemy.exc.InvalidRequestError: x") == ["InvalidRequestError"]


@pytest.fixture(scope="module")
def served(tiny_demo, tmp_path_factory, prefect_database):
    """A server with the work pool, the concurrency limit and `prefect deploy --all`, plus a worker,
    on the tiny demo landing; the scheduler loops every two seconds instead of every minute."""
    from flows.serve import prepare, start_server, start_worker

    tmp = tmp_path_factory.mktemp("scheduler")
    landing = tiny_demo(tmp / "landing")
    env = {
        "HR_HOME": str(tmp / "hr"),
        "HR_LANDING": str(landing),
        "HR_OUT": str(tmp / "out"),
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        # Prefect keeps three runs scheduled, never past 100 days: one half-year run at most. Up to 400
        # runs within 1100 days show a winter and a summer run of each report, and a year of daily
        # ingests crosses both clock changes.
        "PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS": "400",
        "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS": "400",
        "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME": "P1100D",
        # hr.settings keeps the server quiet (CRITICAL) for the CLI; here its scheduler errors must show.
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_WORKER_PREFETCH_SECONDS": "5",
        **prefect_database(),
    }
    lp = start_server(tmp / "prefect", ui=False, extra_env=env)
    try:
        prepare(lp)
        start_worker(lp)
        yield lp, landing, tmp
    finally:
        lp.stop()


def _api(lp, path: str, body: dict | list | None = None):
    with local_http(lp.api_url) as client:
        response = client.post(path, json=body or {})
        response.raise_for_status()
        return response.json()


def _deployment_id(lp, name: str) -> str:
    (deployment,) = [d for d in _api(lp, "/deployments/filter", {"deployments": {"name": {"any_": [name]}}})]
    return deployment["id"]


def _runs(lp, deployment_id: str, state_types: list[str]) -> list[dict]:
    """Every run of the deployment in those states, page by page (the API returns 200 at most)."""
    runs: list[dict] = []
    while True:
        page = _api(
            lp,
            "/flow_runs/filter",
            {
                "deployments": {"id": {"any_": [deployment_id]}},
                "flow_runs": {"state": {"type": {"any_": state_types}}},
                "sort": "EXPECTED_START_TIME_ASC",
                "limit": 200,
                "offset": len(runs),
            },
        )
        runs += page
        if len(page) < 200:
            return runs


def _scheduled_times(lp, name: str, at_least: int, timeout: float = 60) -> list[datetime]:
    """The start times of the deployment's Scheduled runs, once the scheduler has created some."""
    deployment_id = _deployment_id(lp, name)
    deadline = time.monotonic() + timeout
    while True:
        runs = _runs(lp, deployment_id, ["SCHEDULED"])
        if len(runs) >= at_least or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert len(runs) >= at_least, (
        f"{name}: the server created {len(runs)} scheduled runs in {timeout:.0f} s\n{lp.log('server')[-3000:]}"
    )
    return [datetime.fromisoformat(r["expected_start_time"]) for r in runs]


def _expected(after: datetime, n: int, hour: int, day_matches) -> list[datetime]:
    """The next n wall-clock times `hour`:00 in Oslo on the days that match, after `after`."""
    found, day = [], after.astimezone(OSLO).date()
    while len(found) < n:
        at = datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)
        if day_matches(day) and at > after:
            found.append(at)
        day += timedelta(days=1)
    return found


def test_the_server_schedules_every_deployment_at_its_oslo_wall_clock_time(served):
    """The half-yearly report must arrive by itself on 15 February and 15 August: the server's scheduler
    has to create the runs, at 06:00 in Oslo in winter (UTC+1) and in summer (UTC+2) alike."""
    lp, _, _ = served
    now = datetime.now(UTC)
    checks = {  # deployment: hour in Oslo, days it runs, runs the server must create (a year of ingests)
        "ingest": (5, lambda d: True, 370),
        "sykefravaer-halvaar": (6, lambda d: (d.month, d.day) in {(2, 15), (8, 15)}, 3),
        "medarbeidere-aar": (6, lambda d: (d.month, d.day) == (3, 1), 3),
    }
    utc_hours = {}
    for name, (hour, matches, runs) in checks.items():
        times = _scheduled_times(lp, name, at_least=runs)
        # Every run the server created is the next one due: none missing, none twice, none off the clock.
        assert times == _expected(now, len(times), hour, matches), name
        utc_hours[name] = {t.astimezone(UTC).hour for t in times}
    # Winter time is UTC+1 and summer time UTC+2: the wall clock stays, the UTC hour moves.
    assert utc_hours == {"ingest": {3, 4}, "sykefravaer-halvaar": {4, 5}, "medarbeidere-aar": {5}}
    log = lp.log("server")
    assert not server_errors(log), log[-3000:]


def _copy_of_half_year_deployment(path: Path, name: str, landing: Path, out: Path) -> None:
    """prefect.yaml's half-year deployment, renamed, rendering 2018H1 without approval or e-mail, and with
    no schedule yet."""
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = [d for d in spec["deployments"] if d["name"] == "sykefravaer-halvaar"]
    deployment.update(
        {
            "name": name,
            "parameters": {
                **deployment["parameters"],
                "period": "2018H1",
                "landing": str(landing),
                "out": str(out),
                "warehouse_url": "",
                "approval": False,
                "deliver": False,
            },
            "schedules": [],
        }
    )
    spec["deployments"] = [deployment]
    spec.pop("definitions", None)
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_scheduled_half_year_run_is_rendered_by_the_worker_without_anyone_triggering_it(served):
    """Scheduling is only half of it: a worker must pick the run up when its time comes and leave the
    report's PDF and figures file behind."""
    lp, landing, tmp = served
    out = tmp / "out-scheduled"
    spec = tmp / "prefect-om-litt.yaml"
    _copy_of_half_year_deployment(spec, "sykefravaer-om-litt", landing, out)
    lp.run("--no-prompt", "deploy", "--prefect-file", str(spec), "--name", "sykefravaer-om-litt", timeout=180)
    deployment_id = _deployment_id(lp, "sykefravaer-om-litt")
    # Its schedule, once it is deployed: a daily interval anchored a few seconds ahead, to the second.
    # The cron schedules of prefect.yaml are proven by the test above; a cron minute would keep this one
    # waiting up to two minutes for the clock.
    at = (datetime.now(UTC) + timedelta(seconds=20)).replace(microsecond=0)
    _api(
        lp,
        f"/deployments/{deployment_id}/schedules",
        [{"schedule": {"interval": 86400, "anchor_date": at.isoformat(), "timezone": "UTC"}, "active": True}],
    )

    scheduled = _scheduled_times(lp, "sykefravaer-om-litt", at_least=1)
    assert scheduled[0] == at

    deadline = time.monotonic() + (at - datetime.now(UTC)).total_seconds() + 240
    final: list[dict] = []
    while time.monotonic() < deadline:
        final = _runs(lp, deployment_id, ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"])
        if final:
            break
        time.sleep(0.5)
    assert final, f"no run finished\n{lp.log('worker')[-3000:]}"
    (run,) = final
    assert run["state"]["type"] == "COMPLETED", f"{run['state']}\n{lp.log('worker')[-3000:]}"
    assert run["auto_scheduled"] is True, "the run must come from the schedule, not from a trigger"
    # Not before its time. Prefect's WaitForScheduledTime rounds the wait to the nearest second, so the
    # server itself lets a run start up to half a second early (seen: 10:08:59.69 for 10:09:00).
    assert datetime.fromisoformat(run["start_time"]) >= at - timedelta(seconds=0.5)
    assert (out / "sykefravaer_2018H1.pdf").read_bytes().startswith(b"%PDF")
    assert (
        (out / "sykefravaer_2018H1.figures.csv")
        .read_text(encoding="utf-8")
        .startswith("metric,period,omrade,gruppe,verdi,enhet,n,prikket\n")
    )
