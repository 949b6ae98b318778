"""Crashes that heal (issue 14, item 2): `make serve` (python -m flows.serve) supervises its worker.

A real server, the deployments of prefect.yaml and a supervised worker on the tiny demo landing. A
report run is started; as soon as it holds the `hr-warehouse` slots (DuckDB: all of them) its worker
is killed with -9, and a second run is started at once. Then:
- the service stays up and says so: a new worker starts after a back-off, with a line on stderr;
- the killed run is marked Crashed and a crash notice reaches the operators' mailbox (aiosmtpd on
  127.0.0.1, as in test_approval_e2e.py);
- the next run gets the slots within a minute of the kill (the crashed run's lease is released, not
  left to expire after five minutes) and renders its report.

Everything listens on 127.0.0.1 on free ports; every process started here is stopped with its process
group, also when the test fails.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from email import policy

import psutil
import pytest

from flows.serve import free_port
from hr.paths import ROOT
from tests.conftest import local_http
from tests.test_delivery_mail import Inbox

OPERATOR = "drift@example.org"


def _api(url: str, method: str, path: str, body: dict | None = None):
    with local_http(url) as client:
        response = client.request(method, path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None


def _start_run(url: str, period: str) -> str:
    (deployment,) = _api(
        url, "POST", "/deployments/filter", {"deployments": {"name": {"any_": ["sykefravaer-halvaar"]}}}
    )
    run = _api(
        url,
        "POST",
        f"/deployments/{deployment['id']}/create_flow_run",
        {"parameters": {"period": period, "deliver": False}},
    )
    return run["id"]


def _wait(what: str, check, timeout: float, log) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout:.0f} s\n{log()[-4000:]}")


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_replaced_the_run_is_crashed_and_reported_and_the_next_run_gets_the_slots(
    tiny_demo, tmp_path, prefect_database
):
    from aiosmtpd.controller import Controller

    landing = tiny_demo(tmp_path / "landing")
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    home, port = tmp_path / "prefect", free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env.update(
        {
            "HR_HOME": str(tmp_path / "hr"),
            "HR_LANDING": str(landing),
            "HR_OUT": str(tmp_path / "out"),
            "HR_SMTP_HOST": "127.0.0.1",
            "HR_SMTP_PORT": str(smtp.port),
            "HR_SMTP_FROM": "hr@example.org",
            "HR_VARSLING_EPOST": OPERATOR,
            "PREFECT_WORKER_QUERY_SECONDS": "2",
            "PREFECT_WORKER_PREFETCH_SECONDS": "5",
            **prefect_database(),
        }
    )
    output = tmp_path / "serve.out"
    with output.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "flows.serve", "--port", str(port), "--home", str(home), "--no-ui"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log() -> str:
        text = output.read_text(errors="replace")
        worker = home / "worker.log"
        return text + "\n--- worker.log\n" + (worker.read_text(errors="replace")[-3000:] if worker.exists() else "")

    def state(run_id: str) -> dict:
        return _api(url, "GET", f"/flow_runs/{run_id}")

    try:
        _wait(
            "make serve ready",
            lambda: "Stopp med Ctrl-C" in output.read_text(errors="replace") or serve.poll() is not None,
            400,
            log,
        )
        assert serve.poll() is None, log()
        (worker,) = [p for p in psutil.Process(serve.pid).children() if "worker" in " ".join(p.cmdline())]

        first = _start_run(url, "2018H1")
        leases = home / "hr-leases"
        _wait(
            "the first run holds the warehouse slots",
            lambda: leases.is_dir() and any(n.name.startswith(first) for n in leases.iterdir()),
            240,
            log,
        )
        os.kill(worker.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        second = _start_run(url, "2017H2")

        crashed = _wait(
            "the killed run is marked Crashed", lambda: (s := state(first))["state_type"] == "CRASHED" and s, 60, log
        )
        assert "Arbeideren" in crashed["state"]["message"]
        _wait(
            "the next run gets the slots within a minute of the kill",
            lambda: any(n.name.startswith(second) for n in leases.iterdir()),
            60 - (time.monotonic() - killed_at),
            log,
        )
        done = _wait(
            "the next run finishes",
            lambda: (s := state(second))["state"] and s["state_type"] in ("COMPLETED", "FAILED", "CRASHED") and s,
            240,
            log,
        )
        assert done["state_type"] == "COMPLETED", f"{done['state']}\n{log()}"
        assert (tmp_path / "out" / "sykefravaer_2017H2.pdf").stat().st_size > 0

        # the service stayed up, said what it did, and started a new worker
        assert serve.poll() is None
        text = output.read_text(errors="replace")
        assert "Arbeideren stoppet (status -9)" in text, text
        assert "Merket 1 kjøring(er) som Crashed" in text and "sykefravaer-2018H1" in text, text
        assert "Ny arbeider startet" in text, text

        # the crash notice reached the operator, naming the run; no hook could run in the killed process
        _wait("the crash notice", lambda: inbox.envelopes, 30, log)
        (notice,) = inbox.envelopes
        assert notice.rcpt_tos == [OPERATOR]
        msg = email.message_from_bytes(notice.content, policy=policy.default)
        assert "sykefravaer-2018H1" in msg["Subject"] and "Crashed" in msg["Subject"]
        body = msg.get_body(("plain",)).get_content()
        assert "hendelse: kjoring-krasjet" in body and "2018H1" in body
    finally:
        try:
            os.killpg(serve.pid, signal.SIGTERM)
            serve.wait(timeout=60)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(serve.pid, signal.SIGKILL)
        smtp.stop()
    assert serve.poll() is not None
