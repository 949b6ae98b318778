"""Start Prefect's temporary server first thing, while the command imports what its flows will need.

Without PREFECT_API_URL every command that runs a flow needs a temporary Prefect server. Left to
Prefect, the first flow imports Prefect's whole server package in this process (≈ 2 s beyond Prefect
itself), then starts the server as a uvicorn subprocess (≈ 6 s on this 2-core machine: it imports the
same package again), and only then imports Great Expectations, WeasyPrint and matplotlib inside the flow
(several seconds more). All of that is a fixed cost of every cold run.

Here the subprocess is launched before anything heavy is imported, with the very command line and
environment Prefect's `SubprocessASGIServer` uses (ephemeral: no UI, no background services, the
database in PREFECT_HOME); this process imports its modules meanwhile, on the other core. When the
server answers, Prefect's settings in this process point at it, so the flows run exactly as against
Prefect's own temporary server; it is stopped when the process ends. The URL is known to be the
temporary one (`is_temporary`), so "is a real server configured?" still says no.

A profile or environment that names a real server, or disables the temporary one, is respected: the
subprocess is then stopped unused. A server that does not come up is left to Prefect, which starts
its own and reports its own error; the end of our server's log is shown first.

The server writes to `logs/prefect-server.log` in the working directory (hr.settings), never to the
command's terminal: when it is stopped while Prefect's event consumers are still writing, SQLAlchemy
logs the cancelled rollback as a traceback, which is noise to the user of `hr` but belongs in a log.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from hr.settings import prefect_server_log, working_directory

# What the report and ingest flows import on first use, heaviest first.
FLOW_IMPORTS = ("great_expectations", "weasyprint", "matplotlib.pyplot", "reports.render", "hr.ingest.pipeline")

LOG_KEEP_BYTES = 5_000_000   # a larger server log is started afresh

_temporary_url: str | None = None   # the API URL of the server this process started, once it answers


def is_temporary(url: str | None) -> bool:
    """True when `url` is the temporary server started here (not a server someone configured)."""
    return bool(url) and url == _temporary_url


def start_with_imports(modules: tuple[str, ...] = FLOW_IMPORTS, timeout: float = 120) -> None:
    """Launch the temporary server (when no server is configured) and import `modules` meanwhile; return
    when both are done, with Prefect's settings pointing at the server."""
    proc = port = None
    log = prefect_server_log(working_directory())
    if _temporary_url is None and not os.environ.get("PREFECT_API_URL") and _ephemeral_allowed():
        port = free_port()
        proc = _launch(port, log)
    for name in ("prefect", *modules):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    if proc is None:
        return
    from prefect.settings import get_current_settings

    current = get_current_settings()
    if current.api.url or not current.server.ephemeral.enabled:   # a profile names a server: use that
        _stop(proc)
        return
    assert port is not None   # set with proc
    url = _api_url(port)
    if not wait_healthy(proc, url, timeout):
        _stop(proc)
        print(f"Prefects midlertidige server startet ikke; Prefect prøver selv. Slutten av {log}:\n"
              f"{_log_tail(log)}", file=sys.stderr)
        return
    _use(url, proc)


@contextlib.contextmanager
def temporary_server(log: Path, timeout: float = 120):
    """A temporary Prefect server for the duration of the block, its output appended to `log`; yields its
    API URL (for processes this one starts, e.g. Dask workers). Raises if it does not come up."""
    port = free_port()
    proc = _launch(port, log)
    try:
        url = _api_url(port)
        if not wait_healthy(proc, url, timeout):
            raise RuntimeError(f"Prefects midlertidige server svarte ikke innen {timeout:.0f} s ({log}):\n"
                               f"{_log_tail(log)}")
        yield url
    finally:
        _stop(proc)


def _ephemeral_allowed() -> bool:
    return os.environ.get("PREFECT_SERVER_EPHEMERAL_ENABLED", "true").strip().lower() not in ("0", "false", "no")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/api"


def _launch(port: int, log: Path) -> subprocess.Popen:
    """The command of prefect.server.api.server.SubprocessASGIServer._run_uvicorn_command (Prefect 3.8),
    its output appended to `log`."""
    spec = importlib.util.find_spec("prefect")   # its location, without importing it
    assert spec is not None and spec.submodule_search_locations is not None   # an installed package
    app_dir = Path(next(iter(spec.submodule_search_locations))).parent
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    log.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        if log.stat().st_size > LOG_KEEP_BYTES:
            log.unlink()
    with log.open("ab") as out:   # the child keeps its own copy of the descriptor
        out.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} pid {os.getpid()} port {port}\n".encode())
        out.flush()
        return subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)


def _log_tail(log: Path, lines: int = 20) -> str:
    tail = log.read_text(errors="replace").splitlines()[-lines:] if log.exists() else []
    return "\n".join(f"  {line}" for line in tail)


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> bool:
    """True when the server `proc` answers on `url`/health within `timeout` s; False if it ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                if resp.status == 200:
                    return True
        time.sleep(0.1)
    return False


def _use(url: str, proc: subprocess.Popen) -> None:
    """Point this process's Prefect settings at the server: environment, then Prefect's global settings
    context re-read from it. Only for this process: the variable is taken out of the environment again,
    so child processes and later checks of os.environ see what the user set."""
    global _temporary_url
    import prefect.context

    os.environ["PREFECT_API_URL"] = url
    try:
        prefect.context.refresh_global_settings_context()
    finally:
        del os.environ["PREFECT_API_URL"]
    _temporary_url = url
    atexit.register(_stop, proc)


def _stop(proc: subprocess.Popen) -> None:
    send_queued_logs()
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def send_queued_logs() -> None:
    """Send the run logs still queued for the API while the server is up: the temporary one started here,
    or the ephemeral one Prefect starts itself for a command that does not start ours (`hr deliver`,
    `hr archive list`). Left to Prefect, they are sent when its event loop thread shuts down, after the
    server is stopped, and the command ends with "--- Error logging to API ---" on the terminal."""
    if "prefect.logging.handlers" not in sys.modules:
        return
    from prefect.logging.handlers import APILogWorker

    try:
        APILogWorker.drain_all(timeout=5)
    except Exception:  # noqa: BLE001 - the logs are a courtesy to a server about to stop; the run is over
        pass
    # The run's events too: left queued, Prefect's shutdown warns "EventsWorker - Still processing items"
    # on the terminal (seen on a loaded machine).
    if "prefect.events.worker" in sys.modules:
        from prefect.events.worker import EventsWorker

        try:
            EventsWorker.drain_all(timeout=5)
        except Exception:  # noqa: BLE001 - as above
            pass
