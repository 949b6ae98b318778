"""Acceptance, end to end on a real Prefect server: the scheduled half-yearly deployment renders the
draft and waits (the run the user started is itself Paused, with the typed approval form and the
`hr approve` line in its log, and carries the artifacts); `hr approve` answers it from another process;
the approved run e-mails one message, PDF attached, headline in the body, to a real SMTP server
(aiosmtpd on 127.0.0.1); a run rejected with `hr approve --reject` sends nothing and ends Cancelled
«Avvist: <kommentar>»; `hr deliver` with approval, started at a terminal meanwhile, says once on the
terminal that its draft waits and how to answer it, and a rejection ends it at once; `hr archive list`
shows them all, with counts and no addresses.

The server, the process worker and the flow-run processes are real (flows/serve.py, as in
test_prefect_server_e2e.py); everything listens on 127.0.0.1 on free ports and is stopped with its
process group, also when the test fails.
"""

from __future__ import annotations

import email
import json
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest

from tests.conftest import server_artifacts, server_flow_runs
from tests.test_delivery_mail import Inbox, free_port

HR = str(Path(sys.executable).with_name("hr"))
OPERATOR = "drift@example.org"
RECIPIENTS = ["au@example.org", "amu@example.org", "hr-direktor@example.org"]


def _hr(lp, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [HR, *args], env={**lp.env, "COLUMNS": "250"}, capture_output=True, text=True, timeout=timeout
    )


def _wait_for_line(path: Path, words: str, deadline: float) -> str:
    """The text of `path` once it holds `words` (or at the deadline)."""
    while True:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if words in text or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


def _answer_when_waiting(lp, args: list[str], deadline: float) -> subprocess.CompletedProcess:
    """`hr approve …` as soon as the run is waiting (exit 4 until then: nothing waits for approval yet)."""
    while True:
        res = _hr(lp, "approve", *args)
        if res.returncode != 4 or time.monotonic() > deadline:
            return res
        time.sleep(1)


@pytest.mark.slow
def test_scheduled_report_waits_for_approval_is_approved_from_the_cli_and_mailed_and_a_rejected_one_is_not(
    tiny_demo, tmp_path, prefect_database
):
    from aiosmtpd.controller import Controller

    from flows.serve import prepare, start_server, start_worker

    landing = tiny_demo(tmp_path / "landing")
    lists = tmp_path / "mottakere.yaml"
    lists.write_text(
        "sykefravaer:\n" + "".join(f"  - navn: Mottaker {i}\n    epost: {a}\n" for i, a in enumerate(RECIPIENTS, 1)),
        encoding="utf-8",
    )
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = {
        "HR_HOME": str(tmp_path / "hr"),
        "HR_LANDING": str(landing),
        "HR_OUT": str(tmp_path / "out"),
        "HR_MOTTAKERE": str(lists),
        "HR_SMTP_HOST": "127.0.0.1",
        "HR_SMTP_PORT": str(smtp.port),
        "HR_SMTP_FROM": "hr@example.org",
        "HR_VARSLING_EPOST": OPERATOR,  # the operators hear of a waiting draft (not of a rejection)
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_WORKER_PREFETCH_SECONDS": "5",
        **prefect_database(),
    }
    lp = start_server(tmp_path / "prefect", ui=False, extra_env=env)
    cli = None
    try:
        prepare(lp)
        start_worker(lp)
        for period in ("2018H1", "2017H2"):
            lp.run("deployment", "run", "hr-sykefravaer/sykefravaer-halvaar", "--param", f"period={period}")
        # meanwhile a person at a terminal: `hr deliver` with approval runs its flow on the server, in its process
        cli_out, cli_err = tmp_path / "deliver.stdout", tmp_path / "deliver.stderr"
        with cli_out.open("w") as stdout, cli_err.open("w") as stderr:
            cli = subprocess.Popen(
                [HR, "deliver", "sykefravaer", "2018H2", "--landing", str(landing), "--out", str(tmp_path / "cli")],
                env={**lp.env, "COLUMNS": "250"},
                stdout=stdout,
                stderr=stderr,
                text=True,
            )
        deadline = time.monotonic() + 400

        def started() -> list[dict]:
            # the two runs started above, not the runs the scheduler made from the deployments' own schedules
            return [r for r in server_flow_runs(lp.api_url) if r.get("deployment_id") and not r.get("auto_scheduled")]

        # the run the user started is itself Paused while its draft waits, with the `hr approve` line in its log
        while time.monotonic() < deadline and [r["state_type"] for r in started()] != ["PAUSED", "PAUSED"]:
            time.sleep(0.5)
        runs = {r["name"]: r for r in started()}
        assert sorted(runs) == ["sykefravaer-2017H2", "sykefravaer-2018H1"], lp.log("worker")[-3000:]
        assert {r["state_type"] for r in runs.values()} == {"PAUSED"}, lp.log("worker")[-3000:]
        logs = lp.run("flow-run", "logs", runs["sykefravaer-2018H1"]["id"], check=False)
        assert "hr approve sykefravaer 2018H1" in logs.stdout, logs.stdout[-3000:] + logs.stderr
        # no inner run waits instead of it: the draft was rendered and waits in the run itself
        assert not [
            r
            for r in server_flow_runs(lp.api_url)
            if r["state_type"] == "PAUSED" and not r.get("deployment_id") and r["name"] != "levering-sykefravaer-2018H2"
        ]

        approved = _answer_when_waiting(
            lp, ["sykefravaer", "2018H1", "--by", "Kari Nordmann", "--comment", "Klar for utvalget"], deadline
        )
        assert approved.returncode == 0, f"{approved.stdout}\n{approved.stderr}\n{lp.log('worker')[-3000:]}"
        assert "godkjent av Kari Nordmann" in approved.stdout
        rejected = _answer_when_waiting(
            lp,
            ["sykefravaer", "2017H2", "--reject", "--by", "Ola Nordmann", "--comment", "Målet for 2017 er feil"],
            deadline,
        )
        assert rejected.returncode == 0, f"{rejected.stdout}\n{rejected.stderr}\n{lp.log('worker')[-3000:]}"
        # nothing is waiting any more: a second answer finds no run
        assert _hr(lp, "approve", "sykefravaer", "2018H1", "--by", "X").returncode == 4

        # `hr deliver` tells its terminal, once, that the draft waits and what to type; nothing else is printed
        waiting = "sykefravaer 2018H2 venter på godkjenning: hr approve sykefravaer 2018H2 (eller avvis med --reject"
        told = _wait_for_line(cli_err, waiting, deadline)
        assert waiting in told, f"{told}\n{cli_out.read_text(encoding='utf-8')}"
        assert cli.poll() is None and cli_out.read_text(encoding="utf-8") == ""
        refused = _answer_when_waiting(
            lp, ["sykefravaer", "2018H2", "--reject", "--by", "Per Hansen", "--comment", "Vent på tallene"], deadline
        )
        assert refused.returncode == 0, f"{refused.stdout}\n{refused.stderr}"
        assert cli.wait(timeout=120) == 0, cli_err.read_text(encoding="utf-8")
        assert "sykefravaer 2018H2 avvist av Per Hansen: Vent på tallene" in cli_out.read_text(encoding="utf-8")
        assert cli_err.read_text(encoding="utf-8").count("venter på godkjenning") == 1

        final = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")
        while time.monotonic() < deadline:
            runs = {r["name"]: r for r in started()}
            if all(r["state_type"] in final for r in runs.values()):
                break
            time.sleep(0.5)
        # the approved draft was sent; the rejected one ends Cancelled and says why
        assert runs["sykefravaer-2018H1"]["state_type"] == "COMPLETED", lp.log("worker")[-3000:]
        assert runs["sykefravaer-2017H2"]["state_type"] == "CANCELLED", lp.log("worker")[-3000:]
        assert runs["sykefravaer-2017H2"]["state"]["message"] == "Avvist: Målet for 2017 er feil"
        # an expected end: one line in the run's log (and the worker's), no traceback
        rejected_log = lp.run("flow-run", "logs", runs["sykefravaer-2017H2"]["id"], check=False).stdout
        assert "Kjøringen stoppet: Avvist: Målet for 2017 er feil" in rejected_log, rejected_log[-3000:]
        assert "Traceback" not in rejected_log and "Traceback" not in lp.log("worker"), lp.log("worker")[-3000:]
        # the artifacts sit on the run the user started
        keys = {a["key"] for a in server_artifacts(lp.api_url, runs["sykefravaer-2018H1"]["id"])}
        assert {
            "sykefravaer-2018h1-validering",
            "sykefravaer-2018h1-nokkeltall",
            "sykefravaer-2018h1-pdf",
            "sykefravaer-2018h1-levering",
        } <= keys, keys

        # one message: to the three recipients, the approved PDF attached, the summary's headline in the body
        # each waiting draft was announced to the operators; the rejection (Cancelled "Avvist") sent no notice
        notices = [
            email.message_from_bytes(e.content, policy=policy.default)
            for e in inbox.envelopes
            if e.rcpt_tos == [OPERATOR]
        ]
        assert sorted(n["Subject"] for n in notices) == [
            "HR-rapport: levering-sykefravaer-2018H2 venter på godkjenning",
            "HR-rapport: sykefravaer-2017H2 venter på godkjenning",
            "HR-rapport: sykefravaer-2018H1 venter på godkjenning",
        ]
        assert all("hendelse: venter-pa-godkjenning" in n.get_body(("plain",)).get_content() for n in notices)
        reports = [e for e in inbox.envelopes if e.rcpt_tos != [OPERATOR]]
        # one message: to the three recipients
        assert len(reports) == 1
        assert sorted(reports[0].rcpt_tos) == sorted(RECIPIENTS)
        msg = email.message_from_bytes(reports[0].content, policy=policy.default)
        assert msg["Subject"].startswith("Sykefravær – status 1. halvår 2018")
        body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
        first = body.split("Hovedpunkter:\n- ", 1)[1].splitlines()[0]
        assert first.startswith("Sykefraværet") and "1. halvår 2018" in first
        assert "godkjent av Kari Nordmann" in body and "Klar for utvalget" in body
        [pdf] = list(msg.iter_attachments())
        archive = tmp_path / "hr" / "arkiv" / "utsendinger" / "sykefravaer"
        [sent_dir] = list((archive / "2018H1").iterdir())
        assert pdf.get_content() == (sent_dir / "sykefravaer_2018H1.pdf").read_bytes()
        manifest = json.loads((sent_dir / "manifest.json").read_text(encoding="utf-8"))
        assert (manifest["status"], manifest["approver"], manifest["recipients"]) == ("sendt", "Kari Nordmann", 3)
        assert manifest["extracts"] and all(len(e["checksum"]) == 64 for e in manifest["extracts"])

        # the rejected draft is kept with its comment, nothing was sent for it
        [rejected_dir] = list((archive / "2017H2").iterdir())
        rejected_manifest = json.loads((rejected_dir / "manifest.json").read_text(encoding="utf-8"))
        assert (rejected_manifest["status"], rejected_manifest["recipients"], rejected_manifest["comment"]) == (
            "avvist",
            0,
            "Målet for 2017 er feil",
        )
        assert (rejected_dir / "sykefravaer_2017H2.pdf").stat().st_size > 0

        listing = _hr(lp, "archive", "list", "--warehouse", f"duckdb:///{tmp_path / 'hr' / 'warehouse.duckdb'}")
        assert listing.returncode == 0, listing.stderr
        assert "sendt" in listing.stdout and "avvist" in listing.stdout and "Kari Nordmann" in listing.stdout
        assert "@" not in listing.stdout + listing.stderr + lp.log("worker")
    finally:
        if cli is not None and cli.poll() is None:
            cli.kill()
            cli.wait()
        lp.stop()
        smtp.stop()
    for proc in lp.processes:
        assert proc.poll() is not None
