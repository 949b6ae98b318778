"""Ingest: landing directory -> typed, validated, pseudonymised rows in the warehouse (EXTRACTS.md).

ingest_landing(landing, settings) -> IngestSummary
raises IngestRejected when the landing directory as a whole is unusable (no referanse/kommune.yaml)
"""

from __future__ import annotations

from pathlib import Path

from hr.ingest.files import IgnoredFile
from hr.ingest.kommune import IngestRejected
from hr.ingest.summary import FileResult, IngestSummary
from hr.settings import Settings

__all__ = ["FileResult", "IgnoredFile", "IngestRejected", "IngestSummary", "ingest_landing"]


def ingest_landing(landing: Path, settings: Settings) -> IngestSummary:
    """Validate and load every extract in `landing` not loaded before (loading twice = loading once)."""
    from hr.ingest.pipeline import run_ingest

    return run_ingest(Path(landing), settings)
