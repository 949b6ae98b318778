"""A local Prefect server with the project's deployments and a worker: `make serve`, and the end-to-end test.

    python -m flows.serve [--port N] [--home DIR]

starts `prefect server start` on 127.0.0.1 (a free port unless given) with its database under DIR
(default: prefect-server in the working directory, HR_HOME or .hr; hr.settings.serve_home), creates the process work pool `hr-process` and the global
concurrency limit `hr-warehouse`, runs `prefect deploy --all` from prefect.yaml and starts a worker.
Ctrl-C (or SIGTERM) stops the worker and the server. Every process is started in its own process
group, and that group is what gets stopped, so no flow-run process outlives it.

The worker is supervised: when it dies (crash, OOM kill, kill -9) the server keeps running, the runs it
left behind are ended as Crashed with a notice and their warehouse slots released (flows/supervise.py),
and a new worker starts after a back-off (1, 2, 4 … 60 s; reset once a worker has lived 10 minutes),
each step with a line on stderr. Only the server's own death stops `make serve`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from flows.deployments import WAREHOUSE_LIMIT
from hr.paths import ROOT

POOL = "hr-process"
WAREHOUSE_LIMIT_SLOTS = 2
PREFECT = str(Path(sys.executable).with_name("prefect"))
ENGINE_COMMAND = shlex.join([sys.executable, "-m", "prefect.engine"])


@dataclass
class LocalPrefect:
    home: Path
    port: int
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def run(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        """A prefect CLI command against this server (from the project directory, as deploy needs)."""
        return subprocess.run(
            [PREFECT, *args], cwd=ROOT, env=self.env, check=check, timeout=timeout, capture_output=True, text=True
        )

    def spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.home / f"{name}.log", "ab")
        proc = subprocess.Popen(
            [PREFECT, *args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(proc)
        return proc

    def log(self, name: str) -> str:
        path = self.home / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, grace_seconds: float = 10) -> None:
        """Stop every process this object started (newest first), with its whole process group."""
        for proc in reversed(self.processes):
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        for proc in reversed(self.processes):
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(proc, signal.SIGKILL)  # the group may hold children even when the leader exited
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self.processes.clear()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def send_queued_logs() -> None:
    """Send the run logs and events still queued for the API while its server is up (also Prefect's own
    ephemeral one, which Prefect stops at exit). Left to Prefect, they are sent when its event loop
    thread shuts down, after that server is stopped, and the command ends with
    "--- Error logging to API ---" (or "EventsWorker - Still processing items") on the terminal.
    Does nothing unless Prefect's log/event workers were imported."""
    if "prefect.logging.handlers" not in sys.modules:
        return
    from prefect.logging.handlers import APILogWorker

    try:
        APILogWorker.drain_all(timeout=5)
    except Exception:  # noqa: BLE001 - the logs are a courtesy to a server about to stop; the run is over
        pass
    if "prefect.events.worker" in sys.modules:
        from prefect.events.worker import EventsWorker

        try:
            EventsWorker.drain_all(timeout=5)
        except Exception:  # noqa: BLE001 - as above
            pass


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def server_env(home: Path, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    from hr.settings import working_directory

    env = dict(os.environ)
    # The worker runs flows from the project directory: a relative HR_HOME must not move with it.
    env["HR_HOME"] = str(working_directory(env=env))
    env.update(
        {
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_CLI_PROMPT": "false",
            "GX_ANALYTICS_ENABLED": "false",
        }
    )
    env.pop("PREFECT_PROFILES_PATH", None)
    env.update(extra or {})
    return env


def launch_server(
    home: Path, port: int | None = None, extra_env: dict[str, str] | None = None, ui: bool = True
) -> tuple[LocalPrefect, subprocess.Popen]:
    """`prefect server start` on 127.0.0.1 with its database and log under `home`, not waited for: the
    LocalPrefect and the server's process (start_server waits for it to answer)."""
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    lp = LocalPrefect(home, port, server_env(home, port, extra_env))
    args = ["server", "start", "--host", "127.0.0.1", "--port", str(port), "--analytics-off"]
    if not ui:
        lp.env["PREFECT_UI_ENABLED"] = "false"
        lp.env["PREFECT_SERVER_UI_ENABLED"] = "false"
    return lp, lp.spawn("server", *args)


def start_server(
    home: Path, port: int | None = None, extra_env: dict[str, str] | None = None, ui: bool = True, timeout: float = 90
) -> LocalPrefect:
    lp, server = launch_server(home, port, extra_env, ui)
    if wait_healthy(server, lp.api_url, timeout):
        return lp
    why = "stoppet ved oppstart" if server.poll() is not None else f"svarte ikke innen {timeout:.0f} s"
    lp.stop()
    raise RuntimeError(f"Prefect-serveren {why}:\n{lp.log('server')[-2000:]}")


def prepare(lp: LocalPrefect) -> None:
    """Work pool, concurrency limit and every deployment of prefect.yaml (safe to repeat).

    The pool and the limit are made through Prefect's client in this process, as `prefect work-pool create
    --type process --overwrite` and `prefect global-concurrency-limit create` make them (three `prefect`
    processes of ~1 CPU-s each before); `prefect deploy --all` reads prefect.yaml and stays the CLI."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.workers.process import ProcessWorker

    template = ProcessWorker.get_default_base_job_template()
    template["variables"]["properties"]["command"]["default"] = ENGINE_COMMAND
    pool = WorkPoolCreate(name=POOL, type=ProcessWorker.type, base_job_template=template)
    with temporary_settings({PREFECT_API_URL: lp.api_url}), get_client(sync_client=True) as client:
        client.create_work_pool(work_pool=pool, overwrite=True)
        try:
            client.read_global_concurrency_limit_by_name(WAREHOUSE_LIMIT)
        except ObjectNotFound:
            limit = GlobalConcurrencyLimitCreate(name=WAREHOUSE_LIMIT, limit=WAREHOUSE_LIMIT_SLOTS)
            client.create_global_concurrency_limit(concurrency_limit=limit)
    lp.run("--no-prompt", "deploy", "--all", timeout=300)


def start_worker(lp: LocalPrefect) -> subprocess.Popen:
    return lp.spawn("worker", "worker", "start", "--pool", POOL, "--type", "process")


WORKER_BACKOFF = (1, 2, 4, 8, 16, 30, 60)
WORKER_STABLE_SECONDS = 600  # a worker that lived this long resets the back-off


def _say(text: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {text}", file=sys.stderr, flush=True)


def heal_and_report(lp: LocalPrefect) -> None:
    """flows.supervise.heal, with a line on stderr for what it did; a failure is reported, not raised."""
    from flows.supervise import heal

    try:
        healed = heal(lp.api_url, POOL, lp.home / "hr-leases")
    except Exception as exc:  # noqa: BLE001 - the supervisor must keep going
        _say(f"Kunne ikke rydde etter arbeideren: {type(exc).__name__}: {exc}")
        return
    if healed.crashed or healed.subflows:
        _say(
            f"Merket {len(healed.crashed)} kjøring(er) som Crashed og sendte varsel: {', '.join(healed.crashed)} "
            f"(med {healed.subflows} delkjøringer); {healed.leases_released} plass-lån i {WAREHOUSE_LIMIT} frigitt"
        )
    if healed.kept_paused:
        _say(
            f"Beholdt {len(healed.kept_paused)} kjøring(er) som venter på godkjenning: {', '.join(healed.kept_paused)}"
        )


def supervise(lp: LocalPrefect, worker: subprocess.Popen, stopping) -> int:
    """Keep a worker running until `stopping()`; 1 when the server stops, else 0."""
    server, started, failures = lp.processes[0], time.monotonic(), 0
    while not stopping():
        if server.poll() is not None:
            _say(f"Prefect-serveren stoppet (status {server.returncode}); se {lp.home / 'server.log'}")
            return 1
        if worker.poll() is not None:
            lp.processes.remove(worker)
            _signal_group(worker, signal.SIGKILL)  # what is left of its group, except orphans in other groups
            if time.monotonic() - started > WORKER_STABLE_SECONDS:
                failures = 0
            delay = WORKER_BACKOFF[min(failures, len(WORKER_BACKOFF) - 1)]
            failures += 1
            _say(
                f"Arbeideren stoppet (status {worker.returncode}); rydder opp og starter en ny om {delay} s "
                f"(se {lp.home / 'worker.log'})"
            )
            heal_and_report(lp)
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and not stopping():
                time.sleep(0.2)
            if stopping():
                break
            worker, started = start_worker(lp), time.monotonic()
            _say(f"Ny arbeider startet (pid {worker.pid}).")
        time.sleep(1)
    return 0


def default_home(env: dict[str, str] | None = None) -> Path:
    """The server's PREFECT_HOME: prefect-server in the working directory (HR_HOME, else .hr)."""
    from hr.settings import serve_home, working_directory

    return serve_home(working_directory(env=env))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lokal Prefect-server med HR-deployments og en arbeider.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PREFECT_PORT") or 0) or None)
    parser.add_argument("--home", default=os.environ.get("HR_PREFECT_HOME") or str(default_home()))
    parser.add_argument("--no-ui", action="store_true", help="uten nettgrensesnittet (API-et alene)")
    args = parser.parse_args(argv)
    lp = start_server(Path(args.home), args.port, ui=not args.no_ui)
    stopping = False

    def _stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        prepare(lp)
        heal_and_report(lp)  # runs left Running by a previous `make serve` that was killed
        worker = start_worker(lp)
        print(f"Prefect-server: http://127.0.0.1:{lp.port}  (database og logger i {lp.home})", flush=True)
        print(f"Bruk den fra et annet skall:  export PREFECT_API_URL={lp.api_url}", flush=True)
        print("Stopp med Ctrl-C.", flush=True)
        return supervise(lp, worker, lambda: stopping)
    except subprocess.CalledProcessError as exc:
        print(f"Feil: {' '.join(exc.cmd[1:3])} feilet:\n{exc.stdout}\n{exc.stderr}", file=sys.stderr)
        return 1
    finally:
        lp.stop()


if __name__ == "__main__":
    sys.exit(main())
