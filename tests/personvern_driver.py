"""Run by tests/test_personvern_scan.py in its own process (its own Prefect home and log settings):
the `hr` commands one after another in one Prefect session, then every log record and artifact of
that session's Prefect API written as JSON, so the test can scan them.

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
            artifacts += [{"key": a.key, "type": a.type, "description": a.description, "data": a.data}
                          for a in page]
            if len(page) < 200:
                break
            offset += 200
    return {"logs": logs, "artifacts": artifacts}


def main(argv: list[str]) -> int:
    dump, rest = argv[0], argv[1:]
    commands: list[list[str]] = []
    for arg in rest:
        if arg == "--":
            commands.append([])
        else:
            commands[-1].append(arg)
    codes = [_run_cli(c) for c in commands]
    records = _prefect_records()
    records["exit_codes"] = codes
    with open(dump, "w", encoding="utf-8") as fh:
        json.dump(records, fh, ensure_ascii=False, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
