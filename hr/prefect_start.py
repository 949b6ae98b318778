"""Start Prefect's temporary server early, while the command imports what its flows will need.

Without PREFECT_API_URL every command that runs a flow starts a temporary Prefect server (a uvicorn
subprocess: 5-10 s on this 2-core machine) the moment the first flow asks for a client, and only then
imports Great Expectations, WeasyPrint and matplotlib (several seconds more) inside the flow. Both are
fixed costs of a cold run. Started here in a thread, the server boots in its own process while this one
imports, so the two overlap. It is Prefect's own temporary server (`SubprocessASGIServer()`, the
instance Prefect's client looks up when no API URL is set), so the flows run exactly as before.
"""
from __future__ import annotations

import contextlib
import importlib
import threading

# What the report and ingest flows import on first use, heaviest first.
FLOW_IMPORTS = ("great_expectations", "weasyprint", "matplotlib.pyplot", "reports.render", "hr.ingest.pipeline")


def start_with_imports(modules: tuple[str, ...] = FLOW_IMPORTS, timeout: float = 120) -> None:
    """Start the temporary server (when there is no real one) while importing `modules`; return when both
    are done. A server that fails to start here is left to Prefect, which starts it again and reports
    its own error."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    thread = None
    if not PREFECT_API_URL.value() and PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()   # the instance get_client() uses when no API URL is set

        def start() -> None:
            with contextlib.suppress(Exception):
                server.start(timeout=int(timeout))

        thread = threading.Thread(target=start, name="prefect-server-start", daemon=True)
        thread.start()
    for name in modules:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    if thread is not None:
        thread.join()
