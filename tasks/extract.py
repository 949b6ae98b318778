"""Task: read one landing file (checksum, archive copy, typed and pseudonymised rows)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from hr.ingest import extract as step
from hr.ingest.delivery import Delivery
from hr.ingest.files import LandingFile
from hr.settings import Settings
from tasks.retry import SOURCE_RETRIES


# No caching or result persistence: a delivery holds personal data, which must not be written to
# Prefect's result storage, and every run must re-read the landing directory anyway.
# Retried with back-off (2, 4, 8 s ± 50 %) only when reading failed at the operating-system level
# (a network share gone for a moment: tasks.retry.source_unreadable). A rejected file is not an error
# here (it comes back as Delivery.rejection) and a missing file is not retried: both give the same answer.
@task(
    name="les-uttrekk",
    task_run_name="les-uttrekk {file.name}",
    cache_policy=NO_CACHE,
    persist_result=False,
    **SOURCE_RETRIES,
)
def extract(
    file: LandingFile, settings: Settings, known: dict[str, tuple[str, str | None]] | None = None, parse: bool = True
) -> Delivery:
    return step.extract(file, settings, known, parse)
