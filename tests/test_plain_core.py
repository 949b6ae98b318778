"""The plain core (hr/core.py) and the `hr` command without PREFECT_API_URL (issue 17, items 1–2).

Without a configured server the command calls the core in its own process: no Prefect import, no
temporary server, no flow runs; the core raises typed errors that the command turns into one line and
its exit status. A fresh interpreter shows what a real command imports and leaves behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hr.core import PLAIN, ReportOutcome, ReportSteps, backfill, parse_period, run_report
from hr.errors import InputRejected, NothingToReport, UsageError
from hr.periods import Period
from hr.settings import build_settings

HR = Path(sys.executable).with_name("hr")


@pytest.fixture(scope="module")
def tiny_landing(tiny_demo, tmp_path_factory) -> Path:
    return tiny_demo(tmp_path_factory.mktemp("plain") / "landing")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update({"HR_HOME": str(tmp_path / "hr"), "PREFECT_HOME": str(tmp_path / "prefect-home")})
    return env


IN_PROCESS = textwrap.dedent("""
    import json, os, sys
    from hr.cli import app
    try:
        app(sys.argv[1:], standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code
    print(json.dumps({"code": code, "prefect": sorted(m for m in sys.modules if m.split(".")[0] == "prefect")[:5]}))
    sys.stdout.flush()
    os._exit(0)
""")


def test_hr_report_without_a_server_imports_no_prefect_and_starts_no_server(tmp_path, tiny_landing):
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            IN_PROCESS,
            "report",
            "sykefravaer",
            "2018H1",
            "--landing",
            str(tiny_landing),
            "--out",
            str(out),
        ],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "prefect": []}, proc.stderr[-2000:]
    assert (out / "sykefravaer_2018H1.pdf").stat().st_size > 0
    assert (out / "sykefravaer_2018H1.figures.csv").is_file()
    # Prefect keeps a temporary server's database in its home: none was made, nor anything else there.
    assert not (tmp_path / "prefect-home").exists()
    assert not list((tmp_path / "hr").rglob("prefect.db"))


def test_hr_deliver_without_a_server_mails_and_archives_with_no_approval_and_imports_no_prefect(tmp_path, tiny_landing):
    from aiosmtpd.controller import Controller

    from tests.test_delivery_mail import Inbox, free_port

    lists = tmp_path / "mottakere.yaml"
    lists.write_text("sykefravaer:\n  - navn: Leder AU\n    epost: au@example.org\n", encoding="utf-8")
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = _env(tmp_path) | {
        "HR_SMTP_HOST": "127.0.0.1",
        "HR_SMTP_PORT": str(smtp.port),
        "HR_SMTP_FROM": "hr@example.org",
    }
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                IN_PROCESS,
                "deliver",
                "sykefravaer",
                "2018H1",
                "--landing",
                str(tiny_landing),
                "--out",
                str(tmp_path / "out"),
                "--no-approval",
                "--mottakere",
                str(lists),
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        smtp.stop()
    # the plain core of a delivery (hr.delivery.deliver): no Prefect imported, as for `hr report`
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"code": 0, "prefect": []}, proc.stderr[-2000:]
    assert "sykefravaer 2018H1 sendt til 1 mottaker." in proc.stdout
    assert "Traceback" not in proc.stderr
    assert len(inbox.envelopes) == 1 and inbox.envelopes[0].rcpt_tos == ["au@example.org"]
    assert not (tmp_path / "prefect-home" / "prefect.db").exists()
    listed = subprocess.run(
        [str(HR), "archive", "list"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert listed.returncode == 0 and "sendt" in listed.stdout and "example.org" not in listed.stdout


def test_run_report_returns_one_outcome_and_raises_typed_errors(tmp_path, tiny_landing, duckdb_url):
    settings = build_settings(workdir=str(tmp_path / "hr"), warehouse_url=duckdb_url)
    outcome = run_report(settings, "sykefravaer", "2018H1", tiny_landing, tmp_path / "out")
    assert isinstance(outcome, ReportOutcome)
    assert (outcome.report, outcome.period) == ("sykefravaer", "2018H1")
    assert outcome.pdf.is_file() and outcome.figures_csv.is_file() and outcome.html and outcome.html.is_file()
    assert outcome.headline.startswith("sykefravær ")

    with pytest.raises(NothingToReport) as no_data:  # the extracts end in 2018
        run_report(settings, "sykefravaer", "2030H1", tiny_landing, tmp_path / "out", ingest=False)
    assert no_data.value.exit_code == 4

    with pytest.raises(UsageError) as wrong_kind:
        parse_period("medarbeidere", "2018H1")
    assert wrong_kind.value.exit_code == 2

    bad = tmp_path / "bad"
    bad.mkdir()
    with pytest.raises(InputRejected) as rejected:  # no referanse/kommune.yaml: nothing can be loaded
        run_report(settings, "sykefravaer", "2018H1", bad, tmp_path / "out")
    assert rejected.value.exit_code == 3


def test_the_flow_steps_are_the_core_steps_as_tasks():
    """One sequence of steps: the report flow passes the very functions the core calls, wrapped as tasks."""
    from flows.reports import TASK_STEPS
    from hr import report_steps

    assert TASK_STEPS.compute.fn is report_steps.compute_figures is PLAIN.compute
    assert TASK_STEPS.meta.fn is report_steps.load_report_meta is PLAIN.meta
    assert TASK_STEPS.publish.fn is report_steps.publish is PLAIN.publish


def test_backfill_records_a_failed_period_and_still_runs_the_others(tmp_path, tiny_landing, duckdb_url):
    settings = build_settings(workdir=str(tmp_path / "hr"), warehouse_url=duckdb_url)
    seen = []
    calls = []

    def compute(settings, kommunenummer, report, period):
        calls.append(period.code)
        if period.code == "2017H2":
            raise RuntimeError("disken forsvant")
        return PLAIN.compute(settings, kommunenummer, report, period)

    steps = ReportSteps(ingest=PLAIN.ingest, compute=compute)
    periods = [Period.parse(p) for p in ("2017H2", "2018H1")]
    result = backfill(
        settings, "sykefravaer", periods, tiny_landing, tmp_path / "out", on_done=seen.append, steps=steps
    )
    assert calls == ["2017H2", "2018H1"]
    assert [(r.period, r.ok, r.exit_code) for r in result.results] == [("2017H2", False, 1), ("2018H1", True, 0)]
    assert result.results[0].message == "RuntimeError: disken forsvant"
    assert result.exit_code == 1 and seen == result.results


def test_run_demo_renders_every_registered_report_for_the_latest_periods_and_quarantine_rows_reads_them(
    tmp_path, duckdb_url
):
    from hr.core import latest_period, quarantine_rows, run_demo

    settings = build_settings(workdir=str(tmp_path / "hr"), warehouse_url=duckdb_url)
    demo = run_demo(settings, tmp_path / "out", scale="tiny")
    assert [(o.report, o.period) for o in demo.reports] == [("sykefravaer", "2018H2"), ("medarbeidere", "2018")]
    assert all(o.pdf.is_file() and o.rows_quarantined > 0 for o in demo.reports)
    assert latest_period(demo.landing, "sykefravaer").code == "2018H2"

    overview = quarantine_rows(settings)
    assert overview and {"file_name", "rule", "rader"} <= set(overview[0])
    one_file = overview[0]["file_name"]
    rows = quarantine_rows(settings, file_name=one_file)
    assert rows and all(r["rule"] for r in rows)
    assert isinstance(quarantine_rows(settings, ignored=True), list)


def test_period_and_landing_errors_are_typed(tmp_path, duckdb_url):
    from hr.core import latest_period

    with pytest.raises(UsageError):
        parse_period("sykefravaer", "2018H3")
    (tmp_path / "tom" / "hr").mkdir(parents=True)
    with pytest.raises(InputRejected, match="ingen HR-uttrekk"):
        latest_period(tmp_path / "tom", "sykefravaer")
    # an unusable landing directory fails every period of a backfill with its reason, exit 3
    settings = build_settings(workdir=str(tmp_path / "hr"), warehouse_url=duckdb_url)
    result = backfill(
        settings, "sykefravaer", [Period.parse("2018H1"), Period.parse("2018H2")], tmp_path / "tom", tmp_path / "out"
    )
    assert [(r.period, r.ok, r.exit_code) for r in result.results] == [("2018H1", False, 3), ("2018H2", False, 3)]
    assert result.results[0].message == result.results[1].message != ""
