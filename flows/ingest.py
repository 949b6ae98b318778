"""Flow: ingest a landing directory (extract -> validate -> load per file, then rebuild intermediates).

The same pipeline as hr.ingest.ingest_landing, with the validations and the rebuild as Prefect tasks.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.states import Failed
from prefect.utilities.annotations import quote

from flows.artifacts import ingest_markdown
from hr.errors import HrError
from hr.ingest import extract as extract_step
from hr.ingest import load as load_step
from hr.ingest.pipeline import Steps, run_ingest
from hr.ingest.summary import IngestSummary
from hr.settings import INGEST_TIMEOUT_SECONDS, build_settings
from tasks.extract import extract
from tasks.load import rebuild
from tasks.validate import validate, validate_many


# Reading and loading a file run as plain calls, not as task runs: a cold ingest of the tiny demo landing
# (72 files) made 144 task runs of them, and their bookkeeping (states and events, in this process and on
# the server) cost more than the reading and loading themselves. Neither step is cached, loading is not
# retried, and what each file came to (loaded, set aside, skipped, refused) is the ingest artifact's table
# below, one row per file. The validation runs stay tasks: one per file or per batch of a kind, few, and
# where a data engineer looks first.
#
# A read that fails at the OS level (a network share gone for a moment) is not given up on: the same work
# then runs as the extract task `les-uttrekk`, which retries a transient error with back-off and raises a
# permanent one (missing file) at once (tasks/retry.py); so a failing file shows as a failed task run.
#
# The large arguments (a delivery's frames, the reference value sets with every known employment) are
# passed `quote`d: Prefect would otherwise walk every element of them twice per task run looking for
# futures (its parameter introspection), which cost more than the validation itself on Bærum-sized
# data (cProfile: ~1.3 million visits per ingest). Inside the task the values arrive unwrapped.
def _extract(file, settings, known=None, parse=True):
    try:
        return extract_step.extract(file, settings, known, parse)
    except OSError:
        return extract(file, settings, quote(known), parse)


def _validate(delivery, reference_sets):
    return validate(quote(delivery), quote(reference_sets))


def _validate_many(deliveries, reference_sets):
    return validate_many(quote(deliveries), quote(reference_sets), kind=deliveries[0].file.kind, n=len(deliveries))


TASK_STEPS = Steps(
    extract=_extract, validate=_validate, load=load_step.load, rebuild=rebuild, validate_many=_validate_many
)


@flow(name="ingest", timeout_seconds=INGEST_TIMEOUT_SECONDS)
def ingest_flow(
    landing: str, workdir: str | None = None, warehouse_url: str | None = None, accept: list[str] | None = None
) -> IngestSummary:
    """`accept`: newest snapshots confirmed despite the plausibility hold (`hr ingest --accept`)."""
    try:
        settings = build_settings(workdir=workdir, warehouse_url=warehouse_url)  # may refuse the pseudonym key
        summary = run_ingest(Path(landing), settings, TASK_STEPS, accept=accept or ())
    except HrError as exc:
        # Expected (e.g. no kommune.yaml): a Failed state carrying the error, so the log gets the
        # message and no traceback; a caller of the flow still receives the exception.
        return Failed(message=str(exc), data=exc)  # type: ignore[return-value]  # Prefect raises it in the caller
    # Every file accounted for in the UI too: loaded, set aside, skipped or refused (issue 16).
    create_markdown_artifact(
        ingest_markdown(summary),
        key=f"innlesing-{summary.kommunenummer}",
        description=f"Innlesing for kommune {summary.kommunenummer}: alle filer i mottaksmappen",
    )
    return summary
