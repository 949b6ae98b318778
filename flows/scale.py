"""Many municipalities at once: one ingest + both reports per municipality, in parallel on Dask.

Each municipality is one Prefect task run on a Dask worker (prefect-dask's DaskTaskRunner). Inside the
task the plain core runs (hr/core.py, the same steps as the flows' tasks): a worker
does not start nested flow runs, and one task per municipality is the unit a cluster schedules,
retries and reports. Municipalities share one warehouse (every row carries its kommunenummer), so it
must be one that several processes may write at once: PostgreSQL. On the embedded DuckDB file only
one process may write; there the municipalities run one after the other in-process, without Dask.

    run_municipalities(landings, out, warehouse_url=..., workers=2) -> list[MunicipalityResult]

How the same flow runs for ~350 municipalities on a Dask cluster or a Prefect work pool: docs/scale.md.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task  # noqa: E402

from hr.settings import Settings, build_settings  # first: it sets Prefect's offline defaults


@dataclass(frozen=True)
class MunicipalityResult:
    kommunenummer: str
    seconds: float  # wall time of this municipality's ingest and reports, in its worker
    ingest_seconds: float
    pdfs: tuple[str, ...]
    headlines: tuple[str, ...]


def municipality_reports(landing: str, out: str, settings: Settings) -> MunicipalityResult:
    """Ingest one municipality's landing directory, then compute, render and publish every registered report
    for the latest period its extracts cover (the plain core, hr/core.py). Raises the pipeline's own errors
    unchanged."""
    from hr.core import check_ingest, ingest, latest_period, run_report
    from hr.report_registry import names

    start = time.perf_counter()
    summary = ingest(settings, landing)
    check_ingest(summary)
    ingest_seconds = time.perf_counter() - start
    out_dir = Path(out) / summary.kommunenummer
    pdfs, headlines = [], []
    for report in names():
        outcome = run_report(settings, report, latest_period(landing, report).code, landing, out_dir, ingest=False)
        pdfs.append(str(outcome.pdf))
        headlines.append(f"{report} {outcome.period}: {outcome.headline}")
    return MunicipalityResult(
        summary.kommunenummer, time.perf_counter() - start, ingest_seconds, tuple(pdfs), tuple(headlines)
    )


# cache_policy=None: no policy at all, which Prefect accepts though its overloads do not say so
municipality_task = task(
    name="kommune-innlesing-og-rapporter",
    cache_policy=None,
    persist_result=False,  # type: ignore[call-overload]
    retries=0,
)(municipality_reports)


@flow(name="mange-kommuner", log_prints=False)
def municipalities_flow(landings: list[str], out: str, settings: Settings) -> list[MunicipalityResult]:
    """One task run per municipality, submitted to the flow's task runner (Dask when given one)."""
    futures = [municipality_task.submit(landing, out, settings) for landing in landings]
    return [f.result() for f in futures]


def run_municipalities(
    landings: list[Path], out: Path, *, warehouse_url: str | None = None, workdir: Path | None = None, workers: int = 1
) -> list[MunicipalityResult]:
    """Run every municipality: on PostgreSQL through Prefect on a local Dask cluster of `workers`
    processes (one thread each); on DuckDB one after the other in this process. The schema is made once
    here, before any worker starts, so that parallel ingests never race to create it."""
    from hr.warehouse import engine_for, ensure_schema

    settings = build_settings(workdir=workdir, warehouse_url=warehouse_url)  # makes the pseudonym key once
    if workers > 1 and settings.warehouse_url.startswith("duckdb"):
        raise ValueError("flere arbeidere krever PostgreSQL: en DuckDB-fil kan bare ha én skrivende prosess")
    ensure_schema(engine_for(settings.warehouse_url))
    args = ([str(p) for p in landings], str(out), settings)
    if settings.warehouse_url.startswith("duckdb"):
        return [municipality_reports(landing, str(out), settings) for landing in args[0]]
    from prefect_dask import DaskTaskRunner

    runner = DaskTaskRunner(
        cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": ":0"}
    )
    with _shared_api(scale_server_home(settings.workdir)):
        # prefect-dask's runner is a TaskRunner of its own futures, which with_options' type does not admit
        return municipalities_flow.with_options(task_runner=runner)(*args)  # type: ignore[arg-type]


def scale_server_home(workdir: Path) -> Path:
    """PREFECT_HOME of the Prefect server a Dask run starts for its workers: its database and server.log."""
    return workdir / "prefect-scale"


@contextlib.contextmanager
def _shared_api(home: Path):
    """Without PREFECT_API_URL each Dask worker process would start a temporary Prefect server of its
    own (and time out doing so on a busy machine): start one here with Prefect's public CLI
    (`prefect server start`, flows.serve.start_server, no UI; database and `server.log` in `home`),
    give its address to the workers through the environment they inherit, and stop it afterwards.
    With a real server (PREFECT_API_URL) nothing is started."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import send_queued_logs, start_server

    lp = start_server(home, ui=False, timeout=120)  # a busy machine needs longer than Prefect's 20 s default
    try:
        os.environ["PREFECT_API_URL"] = lp.api_url
        try:
            with temporary_settings(updates={PREFECT_API_URL: lp.api_url}):
                try:
                    yield
                finally:
                    send_queued_logs()  # this process's run logs and events, while the server is up
        finally:
            os.environ.pop("PREFECT_API_URL", None)
    finally:
        lp.stop()
