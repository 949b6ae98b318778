"""With PREFECT_API_URL set, the `hr` commands run as flows on that server, so their runs show in its UI
(issue 17, item 2); without it they run the plain core (tests/test_plain_core.py).

One real server (`prefect server start`, its state in a fresh PostgreSQL database); the commands run one
after another in one fresh interpreter with PREFECT_API_URL pointing at it, as a data engineer's shell
would after `make serve`; then the server is asked which flow runs it has.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from hr.paths import ROOT
from tests.conftest import local_http

COMMANDS = textwrap.dedent("""
    import json, os, sys
    from hr.cli import app

    def hr(*args):
        try:
            app(list(args), standalone_mode=False, prog_name="hr")
            return 0
        except SystemExit as exc:
            return int(exc.code or 0)

    out = sys.argv[1]
    landing = os.path.join(out, "landing")
    codes = {
        "demo": hr("demo", "--scale", "tiny", "--out", out),
        "ingest": hr("ingest", "--landing", landing),
        "report": hr("report", "sykefravaer", "2018H1", "--landing", landing, "--out", out, "--force"),
        "quarantine": hr("quarantine", "list"),
        "archive": hr("archive", "list"),
    }
    from flows.serve import send_queued_logs

    send_queued_logs()
    print(json.dumps(codes))
    sys.stdout.flush()
    os._exit(0)
""")


@pytest.mark.slow
def test_with_prefect_api_url_the_commands_run_as_flows_on_the_server(tmp_path, prefect_database):
    from flows.serve import start_server

    lp = start_server(tmp_path / "prefect", ui=False, extra_env=prefect_database(), timeout=180)
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            {
                "HR_HOME": str(tmp_path / "hr"),
                "PREFECT_API_URL": lp.api_url,
                "PREFECT_HOME": str(tmp_path / "client-home"),
                "COLUMNS": "200",
            }
        )
        out = tmp_path / "out"
        proc = subprocess.run(
            [sys.executable, "-c", COMMANDS, str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
        codes = json.loads(proc.stdout.strip().splitlines()[-1])
        assert codes == {"demo": 0, "ingest": 0, "report": 0, "quarantine": 0, "archive": 0}, proc.stderr[-3000:]
        assert "sykefravaer 2018H1: sykefravær " in proc.stdout and "Ingen rapporter er sendt ut ennå." in proc.stdout
        assert (out / "sykefravaer_2018H2.pdf").is_file() and (out / "sykefravaer_2018H1.pdf").is_file()
        assert "Traceback" not in proc.stderr

        with local_http(lp.api_url) as client:
            response = client.post("/flow_runs/filter", json={"sort": "START_TIME_ASC", "limit": 200})
            response.raise_for_status()
            runs = response.json()
            flows = {f["id"]: f["name"] for f in client.post("/flows/filter", json={}).json()}
        seen = [(flows[r["flow_id"]], r["state_type"]) for r in runs]
        # every command is a run on the server, each Completed; the ingest inside a report or the demo is a
        # run of its own (the demo renders both reports in its own run, as tasks)
        for flow_name in (
            "demo",
            "ingest",
            "sykefravaer-rapport",
            "karantene",
            "leveringsarkiv",
        ):
            assert (flow_name, "COMPLETED") in seen, seen
        assert {state for _, state in seen} == {"COMPLETED"}, seen
        assert any(r["name"] == "sykefravaer-2018H1" for r in runs), [r["name"] for r in runs]
    finally:
        lp.stop()
