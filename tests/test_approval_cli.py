"""`hr approve`, `hr deliver` and `hr archive list` without a Prefect server: usage errors are one clear
line with exit status 2 (never a traceback), and the archive listing shows counts, never addresses.
The approval itself against a real server is tested in test_approval_e2e.py."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from hr.cli import app
from tests.factory import archive_one

ENV = {"COLUMNS": "250", "PREFECT_API_URL": ""}


def _run(args, **env):
    return CliRunner().invoke(app, args, env={**ENV, **env})


@pytest.mark.parametrize(
    "args, words",
    [
        (["approve", "sykefravaer", "2018H1", "--reject"], "en avvisning trenger en begrunnelse"),
        (["approve", "sykefravaer", "2018H1", "--by", "Kari"], "PREFECT_API_URL er ikke satt"),
        (["approve", "lonn", "2018", "--by", "Kari"], "ukjent rapport 'lonn'"),
        (["approve", "sykefravaer", "2018H1", "--by", "  "], "oppgi hvem som godkjenner"),
    ],
)
def test_approve_refuses_bad_usage_with_one_line_and_exit_2(args, words):
    result = _run(args)
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def _deliver_2018h1(tmp_path, *extra: str, **env):
    """`hr deliver sykefravaer 2018H1` of an empty landing into tmp_path/out, with HR_HOME in tmp_path."""
    landing = tmp_path / "landing"
    landing.mkdir(exist_ok=True)
    args = ["deliver", "sykefravaer", "2018H1", "--landing", str(landing), "--out", str(tmp_path / "out"), *extra]
    return _run(args, HR_HOME=str(tmp_path / "hr"), **env), landing


def test_deliver_with_approval_but_no_server_is_refused_before_anything_is_rendered(tmp_path):
    result, landing = _deliver_2018h1(tmp_path, HR_SMTP_HOST="127.0.0.1", HR_SMTP_FROM="hr@example.org")
    assert result.exit_code == 2, result.output
    assert "godkjenning krever en Prefect-server" in result.stderr and "--no-approval" in result.stderr
    assert not (tmp_path / "out").exists()

    result = _run(
        [
            "deliver",
            "sykefravaer",
            "2018H1",
            "--landing",
            str(landing),
            "--out",
            str(tmp_path / "out"),
            "--no-approval",
        ],
        HR_HOME=str(tmp_path / "hr"),
        HR_SMTP_HOST="",
        HR_SMTP_FROM="",
    )
    assert result.exit_code == 2, result.output
    assert "HR_SMTP_HOST og HR_SMTP_FROM mangler" in result.stderr

    result = _run(
        ["deliver", "sykefravaer", "2018", "--landing", str(landing), "--out", str(tmp_path / "out"), "--no-approval"],
        HR_HOME=str(tmp_path / "hr"),
    )
    assert result.exit_code == 2, result.output
    assert "sykefravaer tar et halvår som 2018H1" in result.stderr


def test_deliver_names_every_missing_setting_at_once(tmp_path):
    """No SMTP, no server, approval asked for and a recipient list that does not exist: one line says all
    three, so the operator does not mend them one run at a time."""
    result, _ = _deliver_2018h1(tmp_path, HR_SMTP_HOST="", HR_SMTP_FROM="", HR_MOTTAKERE=str(tmp_path / "ingen.yaml"))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for words in ("mottakerlista finnes ikke", "HR_SMTP_HOST og HR_SMTP_FROM mangler", "godkjenning krever"):
        assert words in lines[0]
    assert not (tmp_path / "out").exists()


def test_deliver_without_a_chosen_recipient_list_is_refused_before_rendering_and_mails_no_one(
    tmp_path, tiny_demo, monkeypatch
):
    """No HR_MOTTAKERE and no --mottakere: the repository's example list is never used in its place. The
    delivery stops before the draft is rendered (no PDF, no output directory), makes no SMTP connection,
    and its one line says to set HR_MOTTAKERE or use --mottakere (exit 2, like every missing setting)."""
    import smtplib

    connections: list[tuple] = []

    class NoSmtp:
        def __init__(self, *args, **kwargs):
            connections.append(args)
            raise ConnectionRefusedError("the test allows no SMTP connection")

    monkeypatch.setattr(smtplib, "SMTP", NoSmtp)
    monkeypatch.setattr(smtplib, "SMTP_SSL", NoSmtp)
    landing = tiny_demo(tmp_path / "landing")
    out = tmp_path / "out"
    result = _run(
        ["deliver", "sykefravaer", "2018H1", "--landing", str(landing), "--out", str(out), "--no-approval"],
        HR_HOME=str(tmp_path / "hr"),
        HR_SMTP_HOST="127.0.0.1",
        HR_SMTP_FROM="hr@example.org",
        HR_MOTTAKERE=None,  # unset, whatever the environment holds
    )
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "HR_MOTTAKERE" in lines[0] and "--mottakere" in lines[0], lines[0]
    assert "sendt" not in result.stdout
    assert not out.exists() and not list(tmp_path.rglob("*.pdf"))
    assert connections == []


def test_archive_list_shows_what_was_sent_when_to_how_many_without_addresses(engine, warehouse_url, tmp_path):
    from hr.warehouse import ensure_schema

    ensure_schema(engine)
    empty = _run(["archive", "list", "--warehouse", warehouse_url], HR_HOME=str(tmp_path / "hr"))
    assert empty.exit_code == 0, empty.output
    assert "Ingen rapporter er sendt ut ennå." in empty.stdout

    archive_one(engine, tmp_path, recipients=12)
    listed = _run(["archive", "list", "--warehouse", warehouse_url], HR_HOME=str(tmp_path / "hr"))
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.stdout.splitlines() if "2018H1" in line)
    for cell in ("2019-02-15 09:30", "sykefravaer", "sendt", "12", "Kari Nordmann"):
        assert cell in row
    assert "@" not in listed.stdout


def test_deliver_without_mail_set_up_exits_2_with_one_line_and_nothing_after_it(tmp_path):
    """The real command, as a data engineer types it: `hr deliver … --no-approval` with no SMTP settings.
    One line on the terminal and exit 2; the run's logs reach Prefect's server before it stops, so no
    "--- Error logging to API ---" follows the message (the logs were once sent after the server was gone)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.landing import TEST_KEY, Landing

    landing = Landing(tmp_path / "landing").standard()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HR_SMTP", "PREFECT_API_URL"))}
    # the example list, chosen explicitly: without a list the delivery would stop for that as well
    lists = Path(__file__).resolve().parents[1] / "referanse" / "mottakere.yaml"
    env.update({"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "HR_MOTTAKERE": str(lists)})
    hr = Path(sys.executable).with_name("hr")
    done = subprocess.run(
        [
            str(hr),
            "deliver",
            "sykefravaer",
            "2018H1",
            "--landing",
            str(landing.root),
            "--out",
            str(tmp_path / "ut"),
            "--no-approval",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert lines == ["Feil: e-post er ikke satt opp: HR_SMTP_HOST og HR_SMTP_FROM mangler (docs/delivery.md)"]
