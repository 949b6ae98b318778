"""Flow: ingest a landing directory (extract -> validate -> load per file, then rebuild intermediates).

The same pipeline as hr.ingest.ingest_landing, with each step run as a Prefect task.
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.states import Failed

from hr.errors import HrError
from hr.ingest.pipeline import Steps, run_ingest
from hr.ingest.summary import IngestSummary
from hr.settings import build_settings
from tasks.extract import extract
from tasks.load import load, rebuild
from tasks.validate import validate

TASK_STEPS = Steps(extract=extract, validate=validate, load=load, rebuild=rebuild)


@flow(name="ingest")
def ingest_flow(landing: str, workdir: str | None = None, warehouse_url: str | None = None) -> IngestSummary:
    settings = build_settings(workdir=workdir, warehouse_url=warehouse_url)
    try:
        return run_ingest(Path(landing), settings, TASK_STEPS)
    except HrError as exc:
        # Expected (e.g. no kommune.yaml): a Failed state carrying the error, so the log gets the
        # message and no traceback; a caller of the flow still receives the exception.
        return Failed(message=str(exc), data=exc)
