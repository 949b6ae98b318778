"""Task: read one landing file (checksum, archive copy, typed and pseudonymised rows)."""
from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from hr.ingest import extract as step
from hr.ingest.delivery import Delivery
from hr.ingest.files import LandingFile
from hr.settings import Settings


# No caching or result persistence: a delivery holds personal data, which must not be written to
# Prefect's result storage, and every run must re-read the landing directory anyway.
@task(name="extract", task_run_name="extract {file.name}", cache_policy=NO_CACHE, persist_result=False)
def extract(file: LandingFile, settings: Settings, known: dict[str, tuple[str, str | None]] | None = None,
            parse: bool = True) -> Delivery:
    return step.extract(file, settings, known, parse)
