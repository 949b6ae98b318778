"""A figure as the reports publish it, and the figures.csv file (OUTPUTS.md)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

HELE_KOMMUNEN = "Hele kommunen"
HEADER = ["metric", "period", "omrade", "gruppe", "verdi", "enhet", "n", "prikket"]
UNITS = {"prosent", "arsverk", "personer", "antall", "ar", "kroner", "dagsverk"}


@dataclass(frozen=True)
class Figure:
    metric: str
    period: str
    omrade: str
    gruppe: str
    verdi: float | int | None
    enhet: str
    n: int | None = None
    prikket: bool = False
    # the rule that suppressed it (hr.metrics.suppression.RULES), for the report's footnote; not in the file
    regel: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.enhet not in UNITS:
            raise ValueError(f"unknown unit {self.enhet!r} for {self.metric}")
        if self.prikket and (self.verdi is not None or self.n is not None):
            # the n of a suppressed figure is its head count: publishing it would undo the suppression
            raise ValueError(f"a suppressed figure has neither value nor n: {self.key}")

    def suppressed(self) -> Figure:
        """The figure as published when privacy requires: no value, no n (the group's head count), prikket."""
        return replace(self, verdi=None, n=None, prikket=True)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.metric, self.period, self.omrade, self.gruppe)


def format_value(v: float | int | None) -> str:
    """Full precision, '.' as decimal point: the shortest text that reads back as the same number."""
    if v is None:
        return ""
    if isinstance(v, bool):
        raise TypeError("a figure is a number, not a boolean")
    if isinstance(v, int):
        return str(v)
    f = float(v)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f)) if not isinstance(v, float) else repr(f)
    return repr(f)


# OWASP "CSV injection": a text cell a spreadsheet could take for a formula starts with one of these; it is
# written with a single quote in front. The quote itself is also protected, so reading back is exact.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def csv_text_cell(value: str) -> str:
    """A text cell as written to a CSV file people open in a spreadsheet: `=SUM(A1)` becomes `'=SUM(A1)`,
    so it is shown, never run. Only for text; numbers (negative ones too) are written as they are."""
    return _QUOTE + value if value.startswith((*_FORMULA_START, _QUOTE)) else value


def csv_text_value(cell: str) -> str:
    """The text a cell written by `csv_text_cell` stands for."""
    return cell[1:] if cell.startswith(_QUOTE) and cell[1:].startswith((*_FORMULA_START, _QUOTE)) else cell


def figures_csv_text(figures: Iterable[Figure]) -> str:
    """The figures file as text; rows sorted so that the same figures always give the same bytes.
    Text cells (metric, period, omrade, gruppe, enhet) go through `csv_text_cell`; verdi and n are numbers."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    t = csv_text_cell
    for f in sorted(figures, key=lambda f: (f.metric, f.period, f.omrade, f.gruppe)):
        w.writerow(
            [
                t(f.metric),
                t(f.period),
                t(f.omrade),
                t(f.gruppe),
                format_value(f.verdi),
                t(f.enhet),
                "" if f.n is None else int(f.n),
                "true" if f.prikket else "false",
            ]
        )
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(tmp, 0o644)  # published files are for readers; mkstemp would make them owner-only
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_figures_csv(path: Path, figures: Iterable[Figure]) -> None:
    write_atomic(path, figures_csv_text(figures).encode("utf-8"))


def read_figures_csv(path: Path) -> list[Figure]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        v = r["verdi"]
        t = csv_text_value
        out.append(
            Figure(
                t(r["metric"]),
                t(r["period"]),
                t(r["omrade"]),
                t(r["gruppe"]),
                None if v == "" else float(v),
                t(r["enhet"]),
                None if r["n"] == "" else int(r["n"]),
                r["prikket"] == "true",
            )
        )
    return out
