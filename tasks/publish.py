"""Publish step as a Prefect task (hr.report_steps.publish), retried while the warehouse is unreachable."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from hr import report_steps
from tasks.retry import WAREHOUSE_RETRIES

publish = task(
    name="publiser",
    task_run_name="publiser-{report}-{period}",
    cache_policy=NO_CACHE,
    persist_result=False,
    **WAREHOUSE_RETRIES,
)(report_steps.publish)
