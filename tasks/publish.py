"""Publish step: record the rendered period in the warehouse's publish log and say whether it is a revision."""
from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from hr.figures import Figure
from hr.publish_log import PublishResult, record_publication
from hr.settings import Settings
from hr.warehouse import engine_for
from tasks.cache import code_version
from tasks.retry import WAREHOUSE_RETRIES


@task(name="publiser", task_run_name="publiser-{rapport}-{periode}", cache_policy=NO_CACHE, persist_result=False, **WAREHOUSE_RETRIES)
def publish(settings: Settings, kommunenummer: str, rapport: str, periode: str, figures: list[Figure],
            pdf_path: str) -> PublishResult:
    with engine_for(settings.warehouse_url).begin() as conn:
        return record_publication(conn, kommunenummer=kommunenummer, rapport=rapport, periode=periode,
                                  figures=figures, code_version=code_version(), pdf_path=pdf_path)
