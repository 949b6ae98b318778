"""A delivered report can be traced back to its source: the delivery flow (without approval) e-mails the
report to a real local SMTP server and archives it; from the archive record alone, the archived
extract files (by checksum) go into a fresh landing directory, a fresh warehouse is built from them,
and the report computed there gives a byte-identical figures file."""

from __future__ import annotations

import csv
import email
from email import policy
from pathlib import Path

import pytest

from tests.test_delivery_mail import free_port


@pytest.mark.slow
def test_delivered_report_is_mailed_archived_and_its_figures_recomputed_from_the_archived_snapshot(
    tiny_demo, tmp_path, warehouse_url, monkeypatch
):
    from aiosmtpd.controller import Controller

    from flows.delivery import deliver_report_flow
    from flows.reports import sykefravaer_report_flow
    from hr.delivery.archive import deliveries, read_manifest, restore_snapshot
    from hr.settings import build_settings
    from hr.warehouse import engine_for
    from reports.format import prosent
    from tests.test_delivery_mail import Inbox

    landing = tiny_demo(tmp_path / "landing")
    lists = tmp_path / "mottakere.yaml"
    lists.write_text(
        "sykefravaer:\n  - navn: Leder AU\n    epost: au@example.org\n"
        "  - navn: Leder AMU\n    epost: amu@example.org\n",
        encoding="utf-8",
    )
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    monkeypatch.setenv("HR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HR_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("HR_SMTP_FROM", "hr@example.org")
    try:
        state = deliver_report_flow(
            "sykefravaer",
            "2018H1",
            str(landing),
            str(tmp_path / "out"),
            workdir=str(tmp_path / "hr"),
            warehouse_url=warehouse_url,
            approval=False,
            mottakere=str(lists),
            return_state=True,
        )
    finally:
        smtp.stop()
    assert state.is_completed(), state.message
    outcome = state.result()
    assert (outcome.status, outcome.recipients, outcome.approver) == ("sendt", 2, "uten godkjenning")

    # the mail: one message, to both, PDF attached, the headline figure in the body's first sentence
    assert len(inbox.envelopes) == 1 and sorted(inbox.envelopes[0].rcpt_tos) == ["amu@example.org", "au@example.org"]
    msg = email.message_from_bytes(inbox.envelopes[0].content, policy=policy.default)
    [pdf] = list(msg.iter_attachments())
    assert pdf.get_content() == outcome.pdf.read_bytes()

    # everything below starts from the warehouse record only
    with engine_for(warehouse_url).connect() as conn:
        record = deliveries(conn, report="sykefravaer", period="2018H1").iloc[0]
    archived = Path(record.archive_dir)
    manifest = read_manifest(archived)
    figures_file = archived / manifest["figures"]["file"]
    with open(figures_file, newline="", encoding="utf-8") as fh:
        total = next(
            r
            for r in csv.DictReader(fh)
            if r["metric"] == "sykefravaer_prosent"
            and r["omrade"] == "Hele kommunen"
            and r["gruppe"] == ""
            and r["period"] == "2018H1"
        )
    body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    first = body.split("Hovedpunkter:\n- ", 1)[1].splitlines()[0]
    assert first.startswith("Sykefraværet") and prosent(float(total["verdi"])) in first

    fresh_landing = restore_snapshot(
        manifest, build_settings(workdir=tmp_path / "hr").archive_dir, tmp_path / "gjenskapt"
    )
    again = sykefravaer_report_flow(
        "2018H1", str(fresh_landing), str(tmp_path / "out2"), workdir=str(tmp_path / "hr2"), return_state=True
    )  # fresh DuckDB, fresh key
    assert again.is_completed(), again.message
    assert again.result().figures_csv.read_bytes() == figures_file.read_bytes()
