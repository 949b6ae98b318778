"""A finding: one broken rule of one delivered row (or of the file as a whole), as meta_quarantine stores it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

QUARANTINE_COLUMNS = ["row", "line", "column_name", "verdi", "rule", "message"]


@dataclass(frozen=True)
class Finding:
    row: int | None  # index of the row in the extract's frame; None when the row never got there
    line: int | None  # physical line in the file (1 = header); None for file-level problems
    column_name: str | None
    verdi: str | None
    rule: str
    message: str


def frame(findings: list[Finding]) -> pd.DataFrame:
    if not findings:
        return empty()
    return pd.DataFrame([f.__dict__ for f in findings], columns=QUARANTINE_COLUMNS)


_EMPTY = pd.DataFrame({c: pd.Series(dtype="object") for c in QUARANTINE_COLUMNS})


def empty() -> pd.DataFrame:
    return _EMPTY.copy()


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty()
    return pd.concat(frames, ignore_index=True)[QUARANTINE_COLUMNS]
