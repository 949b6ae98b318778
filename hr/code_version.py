"""Versions of the code that turns warehouse rows into figures and figures into reports.

A hash over the files themselves, so any change to a metric, a mart, a template or the CSS gives a new
version: cached figures and rendered reports of the old version are not reused, and the publish log
records which version produced a publication. No Prefect import here: the up-to-date check of the
CLI (hr/up_to_date.py) uses it before any orchestration starts.
"""

from __future__ import annotations

import functools
import hashlib

from hr.paths import ROOT

# The code whose change must invalidate cached figures / rendered reports.
_COMPUTE_CODE = [
    "hr/metrics/**/*.py",
    "sql/marts/*.sql",
    "sql/views/*.sql",
    "sql/intermediate/*.sql",
    "hr/report_steps.py",
    "tasks/compute.py",
    "hr/figures.py",
    "hr/periods.py",
]
_RENDER_CODE = ["reports/**/*.py", "reports/templates/**/*", "hr/report_steps.py", "tasks/render.py", "hr/figures.py"]


def _hash_files(patterns: list[str]) -> str:
    digest = hashlib.sha256()
    files = sorted(
        {p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file() and "__pycache__" not in p.parts}
    )
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


@functools.cache
def compute_code_version() -> str:
    return _hash_files(_COMPUTE_CODE)


@functools.cache
def render_code_version() -> str:
    return _hash_files(_RENDER_CODE)


def code_version() -> str:
    """Both versions in one string, as the publish log records them."""
    return f"{compute_code_version()}-{render_code_version()}"
