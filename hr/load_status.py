"""The load statuses of delivered files (meta_load_log.status, hr.ingest.summary.FileResult) and of the files not
read (meta_ignored_file.status) as a person reads them. A module of its own, without imports, so that `hr` shows
them without importing the ingest."""

from __future__ import annotations

# How a status reads where a person sees it (hr ingest, hr quarantine list, the ingest artifacts); the
# stored value (meta_load_log.status) stays the English word the code and the SQL use.
STATUS_NB = {
    "loaded": "lastet",
    "unchanged": "uendret",
    "superseded": "erstattet av nyere",
    "replaced": "erstattet",
    "rejected": "avvist",
    "held": "holdt tilbake",
}
# The files of the landing directory that were not read (meta_ignored_file.status, IgnoredFile.status).
IGNORED_STATUS_NB = {"refused": "avvist", "skipped": "hoppet over"}


def status_nb(status: str) -> str:
    """A load status in bokmål («lastet», «holdt tilbake» …); an unknown one as it is."""
    return STATUS_NB.get(status, status)


def ignored_status_nb(status: str) -> str:
    """The status of a file not read in bokmål («avvist», «hoppet over»); an unknown one as it is."""
    return IGNORED_STATUS_NB.get(status, status)
