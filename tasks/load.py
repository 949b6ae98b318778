"""Task: rebuild the intermediate layer after an ingest's loads (each load is a plain call: flows/ingest.py)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from hr.ingest import load as step
from hr.ingest.load import Target


@task(name="bygg-mellomlag", cache_policy=NO_CACHE, persist_result=False)
def rebuild(target: Target) -> None:
    step.rebuild(target)
