"""hr/prefect_start.py: the temporary Prefect server a local command starts before its imports.

Each case runs in a fresh interpreter (the server is per process, as in the `hr` command): the flow
must run against the server started there, the server must count as temporary (a backfill then runs
locally, not as deployment runs), nothing may leak into the environment of child processes, and the
server must be gone when the process ends. A configured server is used as it is.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import psutil

SCRIPT = textwrap.dedent("""
    import json, os, sys
    import hr.settings
    from hr.prefect_start import start_with_imports
    start_with_imports(("hr.ingest.pipeline",))
    from prefect import flow, get_client
    from prefect.settings import get_current_settings
    from flows.backfill import server_configured

    @flow(name="prefect-start-proeve")
    def f():
        return 41 + 1

    state = f(return_state=True)
    url = get_current_settings().api.url
    print(json.dumps({
        "result": state.result(), "api_url": url, "server_configured": server_configured(),
        "env_url": os.environ.get("PREFECT_API_URL"),
        "children": [" ".join(p.cmdline()) for p in __import__("psutil").Process().children(recursive=True)],
        "child_files": [f.path for p in __import__("psutil").Process().children(recursive=True)
                        for f in p.open_files()],
        "server_module_loaded": "prefect.server.api.server" in sys.modules,
    }))
""")


def _run(env_extra: dict) -> tuple[dict, int, str]:
    env = {**os.environ, **env_extra}
    env.pop("PREFECT_API_URL", None) if "PREFECT_API_URL" not in env_extra else None
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    pid = proc.pid
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1]), pid, err


def _uvicorn_processes() -> list[str]:
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if "uvicorn" in cmd and "prefect.server.api.server:create_app" in cmd:
            found.append(cmd)
    return found


def test_the_flow_runs_against_the_temporary_server_started_first(tmp_path):
    before = set(_uvicorn_processes())
    data, _, err = _run({"PREFECT_HOME": str(tmp_path / "prefect"), "HR_HOME": str(tmp_path / "wd")})
    assert data["result"] == 42
    assert data["api_url"].startswith("http://127.0.0.1:") and data["api_url"].endswith("/api")
    port = data["api_url"].split(":")[2].split("/")[0]
    # the server running during the flow is the uvicorn child this process started on that port
    assert any("uvicorn" in c and f"--port {port}" in c for c in data["children"]), data["children"]
    # ... without Prefect's server package imported here (that import is the time saved)
    assert data["server_module_loaded"] is False
    # the temporary server is not "a configured server": backfills stay local
    assert data["server_configured"] is False
    # and child processes do not inherit its address
    assert data["env_url"] is None
    # its output goes to the log in the working directory, not to the command's terminal
    log = tmp_path / "wd" / "logs" / "prefect-server.log"
    assert str(log) in data["child_files"]
    assert f"port {port}" in log.read_text()
    assert "uvicorn" not in err and "Traceback" not in err
    # it is stopped when the process ends
    assert not [c for c in set(_uvicorn_processes()) - before if f"--port {port}" in c]


def test_a_configured_server_is_used_and_nothing_is_started(tmp_path):
    """PREFECT_API_URL names a server (here a real temporary one started by this test): no second one."""
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=120)
    try:
        data, _, _ = _run({"PREFECT_API_URL": server.api_url, "PREFECT_HOME": str(tmp_path / "prefect")})
    finally:
        server.stop()
    assert data["result"] == 42
    assert data["api_url"] == server.api_url
    assert not [c for c in data["children"] if "uvicorn" in c]
    assert data["server_configured"] is True
