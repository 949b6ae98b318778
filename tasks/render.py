"""Render step as a Prefect task (hr.report_steps.render_report), cached on what it renders."""

from __future__ import annotations

from pathlib import Path

from prefect import task

from hr import report_steps
from hr.figures import Figure
from hr.report_steps import outputs_current
from hr.settings import RENDER_TIMEOUT_SECONDS
from tasks.cache import RENDERED_CONTENT

__all__ = ["outputs_current", "render_report", "render_report_cached"]

render_report = task(
    name="lag-rapport",
    task_run_name="lag-rapport-{report}-{meta.period}",
    cache_policy=RENDERED_CONTENT,
    timeout_seconds=RENDER_TIMEOUT_SECONDS,
)(report_steps.render_report)


def render_report_cached(report: str, figures: list[Figure], meta, out_dir: Path) -> tuple[Path, Path, str]:
    """Render unless the cache says this content was rendered here before and the files are still there.

    A cache hit whose files were deleted or edited since is not trusted: the render runs again and
    refreshes the cache entry.
    """
    fresh = outputs_current(report, figures, meta.period.code, Path(out_dir), meta)
    task_ = render_report if fresh else render_report.with_options(refresh_cache=True)
    return task_(report, figures, meta, out_dir)
