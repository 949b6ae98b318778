"""A delivery on its way through extract -> validate -> load: one landing file and what we made of it.

After extract it never holds a fødselsnummer: the typed frame has person_id, the raw frame a mask.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from hr.ingest import quarantine as q
from hr.ingest.files import LandingFile
from hr.ingest.fnr_scan import mask_numbers


@dataclass(frozen=True)
class Rejection:
    rule: str
    message: str
    column: str | None = None

    def __post_init__(self) -> None:
        # A message may quote the file's header (a column named twice); a header is data, and may hold a
        # fødselsnummer: masked before it is printed, logged or stored.
        object.__setattr__(self, "message", mask_numbers(self.message))
        if self.column is not None:
            object.__setattr__(self, "column", mask_numbers(self.column))


@dataclass
class Delivery:
    file: LandingFile
    checksum: str
    archive_path: str
    prior_status: str | None = None  # this exact content was seen before: loaded | rejected | superseded
    prior_message: str | None = None
    encoding: str | None = None
    raw: pd.DataFrame | None = None  # delivered strings (fødselsnummer masked) + "_line"
    typed: pd.DataFrame | None = None  # typed columns + "_line", same index as raw
    findings: pd.DataFrame = field(default_factory=q.empty)
    rows_read: int = 0
    rejection: Rejection | None = None
    notes: list[str] = field(default_factory=list)
    good: pd.DataFrame | None = None  # after validate: the typed rows with no finding

    @property
    def rows_quarantined(self) -> int:
        return int(self.findings["line"].dropna().nunique()) if not self.findings.empty else 0

    def quarantine_by_rule(self) -> dict[str, int]:
        if self.findings.empty:
            return {}
        return {str(k): int(v) for k, v in self.findings.groupby("rule").size().items()}
