"""Compute step as Prefect tasks: hr.report_steps' compute and metadata functions, cached on the
warehouse's loads in use (tasks/cache.py), retried while the warehouse is unreachable, with a timeout."""

from __future__ import annotations

from prefect import task

from hr import report_steps
from hr.settings import COMPUTE_TIMEOUT_SECONDS
from tasks.cache import WAREHOUSE_STATE
from tasks.retry import WAREHOUSE_RETRIES

compute_figures = task(
    name="beregn-tall",
    task_run_name="beregn-tall-{report}-{period}",
    cache_policy=WAREHOUSE_STATE,
    timeout_seconds=COMPUTE_TIMEOUT_SECONDS,
    **WAREHOUSE_RETRIES,
)(report_steps.compute_figures)

load_report_meta = task(
    name="rapport-metadata",
    task_run_name="rapport-metadata-{report}-{period}",
    cache_policy=WAREHOUSE_STATE,
    timeout_seconds=COMPUTE_TIMEOUT_SECONDS,
    **WAREHOUSE_RETRIES,
)(report_steps.load_report_meta)
