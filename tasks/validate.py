"""Task: run the extract's Great Expectations suite; failing rows to quarantine."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from hr.ingest import validate as step
from hr.ingest.delivery import Delivery


@task(name="valider", task_run_name="valider {delivery.file.name}", cache_policy=NO_CACHE, persist_result=False)
def validate(delivery: Delivery, reference_sets: dict[str, list | None]) -> Delivery:
    return step.validate(delivery, reference_sets)


@task(name="valider-samlet", task_run_name="valider {kind} ({n} filer)", cache_policy=NO_CACHE, persist_result=False)
def validate_many(
    deliveries: list[Delivery], reference_sets: dict[str, list | None], kind: str = "", n: int = 0
) -> list[Delivery]:
    """Several deliveries of one kind in one suite run (hr.ingest.validate.validate_many)."""
    return step.validate_many(deliveries, reference_sets)
