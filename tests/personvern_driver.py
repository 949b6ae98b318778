"""Run by tests/test_personvern_scan.py in its own process (its own Prefect home and log settings):
a Prefect server (`prefect server start`, its database and log in PREFECT_HOME) and PREFECT_API_URL
pointing at it, so the `hr` commands run as flows with their logs and artifacts on the server, as in
production; the commands one after another, then every log record and artifact on the server written
as JSON, so the test can scan them. (Without PREFECT_API_URL the commands would run the plain core and
leave nothing in Prefect to scan.)

usage: python -m tests.personvern_driver DUMP.json -- hr-args... [-- hr-args...]...
"""

from __future__ import annotations

import json
import sys


def _run_cli(args: list[str]) -> int:
    from hr.cli import app

    print(f"$ hr {' '.join(args)}", flush=True)
    try:
        code = app(args, standalone_mode=False, prog_name="hr")
    except SystemExit as exc:  # typer.Exit inside a callback can surface as SystemExit
        code = exc.code
    code = int(code or 0)
    print(f"(exit {code})", flush=True)
    return code


def _prefect_records() -> dict:
    from prefect.client.orchestration import get_client

    logs, artifacts = [], []
    with get_client(sync_client=True) as client:
        offset = 0
        while True:
            page = client.read_logs(limit=200, offset=offset)
            logs += [{"name": r.name, "level": r.level, "message": r.message} for r in page]
            if len(page) < 200:
                break
            offset += 200
        offset = 0
        while True:
            page = client.read_artifacts(limit=200, offset=offset)
            artifacts += [{"key": a.key, "type": a.type, "description": a.description, "data": a.data} for a in page]
            if len(page) < 200:
                break
            offset += 200
    return {"logs": logs, "artifacts": artifacts}


def _start_server():
    """A Prefect server in PREFECT_HOME, and PREFECT_API_URL set to it before Prefect is imported here."""
    import os
    import socket
    from pathlib import Path

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    from flows.serve import start_server

    return start_server(Path(os.environ["PREFECT_HOME"]), port=port, ui=False, timeout=180)


def main(argv: list[str]) -> int:
    dump, rest = argv[0], argv[1:]
    server = _start_server()
    try:
        return _main(dump, rest)
    finally:
        server.stop()


def _main(dump: str, rest: list[str]) -> int:
    commands: list[list[str]] = []
    for arg in rest:
        if arg == "--":
            commands.append([])
        else:
            commands[-1].append(arg)
    codes = [_run_cli(c) for c in commands]
    from flows.serve import send_queued_logs

    send_queued_logs()  # the runs' last log lines, still queued for the API
    records = _prefect_records()
    records["exit_codes"] = codes
    with open(dump, "w", encoding="utf-8") as fh:
        json.dump(records, fh, ensure_ascii=False, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
