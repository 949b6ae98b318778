"""A failed scheduled run posts a notice to HR_VARSLING_URL (checked with a real HTTP receiver on 127.0.0.1)."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


@pytest.fixture
def receiver():
    """An HTTP server on 127.0.0.1 that records every JSON body posted to it."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(json.loads(body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/varsel", received
    server.shutdown()
    server.server_close()


def test_failed_scheduled_report_posts_a_notice_without_personal_data(receiver, tmp_path, monkeypatch):
    """Nobody watches the UI at 06:00 on 15 February: a failed run must tell someone, and say which period."""
    from flows.deployments import scheduled_sykefravaer

    url, received = receiver
    monkeypatch.setenv("HR_VARSLING_URL", url)
    empty_landing = tmp_path / "mottak"
    empty_landing.mkdir()
    state = scheduled_sykefravaer(
        period="2018H1",
        landing=str(empty_landing),
        out=str(tmp_path / "out"),
        workdir=str(tmp_path / "hr"),
        return_state=True,
    )
    assert state.is_failed()
    (notice,) = received
    assert notice["hendelse"] == "kjoring-feilet" and notice["flyt"] == "hr-sykefravaer"
    assert notice["parametere"] == {"period": "2018H1"} and notice["status"] == "Failed"
    assert notice["melding"]
    assert not re.search(r"\d{11}", json.dumps(notice)), "a notice must never carry a fødselsnummer"


def test_successful_or_unconfigured_runs_post_nothing_and_a_dead_receiver_does_not_raise(receiver):
    """The hook must not turn a broken receiver into a second failure, nor post when no URL is configured."""
    from flows.notify import notify_failure, post_notice

    assert post_notice("http://127.0.0.1:9/varsel", {"hendelse": "test"}, timeout=2) is False

    class _Flow:
        name = "hr-ingest"

    url, received = receiver
    import os

    assert os.environ.get("HR_VARSLING_URL") is None
    notify_failure(_Flow(), None, None)
    assert received == []


def test_a_crash_and_a_cancellation_send_the_same_notice_and_a_rejected_draft_sends_none(receiver, monkeypatch):
    """Crashed and Cancelled runs must be heard of like failed ones; a draft the approver turned down is
    Cancelled on purpose («Avvist: …») and is no incident."""
    from prefect.states import Cancelled, Crashed

    import flows.deployments as d
    from flows.notify import notify_failure

    for fl in (d.scheduled_ingest, d.scheduled_sykefravaer, d.scheduled_medarbeidere):
        assert notify_failure in fl.on_failure_hooks, fl.name
        assert notify_failure in fl.on_crashed_hooks, fl.name
        assert notify_failure in fl.on_cancellation_hooks, fl.name

    url, received = receiver
    monkeypatch.setenv("HR_VARSLING_URL", url)

    class _Run:
        name, id, deployment_id, parameters = "sykefravaer-2018H1", "id", None, {"period": "2018H1"}

    notify_failure(d.scheduled_sykefravaer, _Run(), Crashed(message="prosessen ble drept"))
    notify_failure(d.scheduled_sykefravaer, _Run(), Cancelled(message="avbrutt i UI-et"))
    notify_failure(d.scheduled_sykefravaer, _Run(), Cancelled(message="Avvist: Målet for 2017 er feil"))
    assert [(n["hendelse"], n["status"], n["kjoring"]) for n in received] == [
        ("kjoring-krasjet", "Crashed", "sykefravaer-2018H1"),
        ("kjoring-avbrutt", "Cancelled", "sykefravaer-2018H1"),
    ]
