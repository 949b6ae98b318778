"""What an ingest did, per file: the public result type of hr.ingest.ingest_landing."""

from __future__ import annotations

from dataclasses import dataclass, field

from hr.ingest.files import IgnoredFile


@dataclass
class FileResult:
    """One delivered file. status: loaded | unchanged | superseded | replaced | rejected | held.

    `held`: a newest snapshot that would delete more of the records in force than kommune.yaml's
    `maks_sletting_prosent` allows; not loaded until confirmed (`hr ingest --accept <fil>`), and not
    recorded in the load log (each run checks it again).

    `replaced` means: loaded, and it replaced an earlier delivery under the same name (payroll month,
    pension year, corrected snapshot). `unchanged`: this exact content is already the one in use.
    Row counts are this run's work; an unchanged or superseded file reads no rows.
    """

    file_name: str
    kind: str
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    message: str | None = None
    quarantine_by_rule: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestSummary:
    kommunenummer: str
    files: list[FileResult]
    ignored: list[IgnoredFile] = field(default_factory=list)  # names outside the contract, refused links

    @property
    def rejected(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "rejected"]

    @property
    def refused(self) -> list[IgnoredFile]:
        """Files not read that may hold a delivery (a misnamed payroll month, a link out): exit 3 like a rejection."""
        return [i for i in self.ignored if i.refused]

    @property
    def held(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "held"]

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def by_name(self, file_name: str) -> FileResult:
        return next(f for f in self.files if f.file_name == file_name)
