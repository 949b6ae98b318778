"""Tasks: load one validated delivery into the warehouse; rebuild the intermediate layer afterwards."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from hr.ingest import load as step
from hr.ingest.delivery import Delivery
from hr.ingest.load import LoadPlan, Target
from hr.ingest.summary import FileResult


@task(name="last-inn", task_run_name="last-inn {delivery.file.name}", cache_policy=NO_CACHE, persist_result=False)
def load(delivery: Delivery, plan: LoadPlan, target: Target) -> FileResult:
    return step.load(delivery, plan, target)


@task(name="bygg-mellomlag", cache_policy=NO_CACHE, persist_result=False)
def rebuild(target: Target) -> None:
    step.rebuild(target)
