"""The publish log: what each rendered report said, so that a re-run which changes a published figure
is reported as a revision (which figures changed, old -> new) instead of passing unnoticed.

A publication is recorded when a period is rendered with content that differs from its previous
publication (new figures, other extracts, other code); re-running with nothing changed records nothing.
Only aggregate figures are stored, never anything about a person.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy.engine import Connection

from hr.figures import HELE_KOMMUNEN, Figure, figures_csv_text, format_value
from hr.warehouse import bulk_insert, execute_file, query

# How many changed figures a revision names before it says "and N more".
_NAMED_CHANGES = 6


@dataclass(frozen=True)
class FigureChange:
    metric: str
    period: str
    gruppe: str
    old: str  # the figures file's text of the value (full precision); "" when suppressed or absent
    new: str
    enhet: str = "prosent"

    def shown(self, value: str) -> str:
        """The value as the reports show it: the same rounding and Norwegian formatting as the PDF's tables
        (7,3 %, 1 070,6), "–" when suppressed or absent."""
        from decimal import Decimal

        from reports.tables import unit_cell  # a table cell in the figure's own unit, as in the PDFs

        if not value:
            return "–"
        # Decimal: the file's exact text, rounded for display as the PDF rounds it (Figure.verdi says float)
        return unit_cell(
            Figure(
                self.metric,
                self.period,
                HELE_KOMMUNEN,
                self.gruppe,
                Decimal(value),  # type: ignore[arg-type]
                self.enhet,
            )
        )

    @property
    def visible(self) -> bool:
        """False when the value changed only below the published precision (the PDF shows the same)."""
        return self.shown(self.old) != self.shown(self.new)

    def describe_nb(self) -> str:
        """'Sykefravær, totalt 2. halvår 2018: 6,5 % → 6,2 %': the figure by the report's own names."""
        from reports.labels import figure_label

        return f"{figure_label(self.metric, self.period, self.gruppe)}: {self.shown(self.old)} → {self.shown(self.new)}"


@dataclass(frozen=True)
class Revision:
    """A publication that changed figures an earlier publication of the same period showed."""

    changes: list[FigureChange] = field(default_factory=list)  # headline figures (Hele kommunen)

    def describe_nb(self) -> str:
        """The changed figures as the report shows them (old → new, rounded as published). Changes that
        do not show at that precision are only counted: figures.csv has them at full precision."""
        if not self.changes:
            return "tall for områder er endret (ingen endring for hele kommunen)"
        visible = [c for c in self.changes if c.visible]
        hidden = len(self.changes) - len(visible)
        parts = [c.describe_nb() for c in visible[:_NAMED_CHANGES]]
        if len(visible) > _NAMED_CHANGES:
            parts.append(f"og {len(visible) - _NAMED_CHANGES} til")
        if hidden:
            parts.append(f"{hidden} tall for hele kommunen endret bare bak avrundingen (se figures.csv)")
        return "; ".join(parts)


@dataclass(frozen=True)
class PublishResult:
    recorded: bool  # False: identical to the previous publication, nothing written
    revision: Revision | None  # set when figures differ from the previous publication
    figures_sha256: str


def loads_in_use(conn: Connection, kommunenummer: str) -> pd.DataFrame:
    """The deliveries in use now (load id, kind, file, checksum), in a stable order."""
    return query(conn, "publish/current_loads.sql", kommunenummer=kommunenummer)


def loads_fingerprint(conn: Connection, kommunenummer: str) -> str:
    """sha256 over the load ids and checksums in use: changes exactly when the warehouse's content does."""
    rows = loads_in_use(conn, kommunenummer)
    text = "\n".join(f"{r.load_id} {r.kind} {r.file_name} {r.checksum}" for r in rows.itertuples())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def figures_sha256(figures: list[Figure]) -> str:
    return hashlib.sha256(figures_csv_text(figures).encode("utf-8")).hexdigest()


def headline_figures(figures: list[Figure]) -> dict[tuple[str, str, str], Figure]:
    """The figures for the whole municipality (every metric, period and group), keyed for comparison."""
    return {(f.metric, f.period, f.gruppe): f for f in figures if f.omrade == HELE_KOMMUNEN}


def _changes(old: pd.DataFrame, new: dict[tuple[str, str, str], Figure]) -> list[FigureChange]:
    before = {
        (r.metric, r.period, r.gruppe): ("" if pd.isna(r.verdi) else str(r.verdi), r.enhet) for r in old.itertuples()
    }
    after = {k: (format_value(f.verdi), f.enhet) for k, f in new.items()}
    out = []
    for key in sorted(set(before) | set(after)):
        (a, unit_a), (b, unit_b) = before.get(key, ("", None)), after.get(key, ("", None))
        if a != b:
            out.append(FigureChange(key[0], key[1], key[2], a, b, unit_b or unit_a))
    return out


def _headline_first(changes: list[FigureChange], report: str, period: str) -> list[FigureChange]:
    """The report's headline figure for its own period first (what a reader knows from the front page),
    then the period's other figures for the whole municipality, then groups and other periods."""
    from hr.report_registry import UnknownReport, get

    try:
        headline_metric = get(report).headline_metric
    except UnknownReport:
        headline_metric = ""
    own = {period, f"{period}-12-31"}
    return sorted(
        changes,
        key=lambda c: (
            not (c.metric == headline_metric and c.period in own and not c.gruppe),
            c.period not in own,
            bool(c.gruppe),
        ),
    )


def record_publication(
    conn: Connection,
    *,
    kommunenummer: str,
    report: str,
    period: str,
    figures: list[Figure],
    code_version: str,
    pdf_path: str,
    now: datetime | None = None,
) -> PublishResult:
    """Record a rendered period unless it is identical to its previous publication; say what changed."""
    sha = figures_sha256(figures)
    loads = loads_in_use(conn, kommunenummer)
    fingerprint = loads_fingerprint(conn, kommunenummer)
    latest = query(conn, "publish/latest_publication.sql", kommunenummer=kommunenummer, rapport=report, periode=period)
    revision = None
    if not latest.empty:
        prev = latest.iloc[0]
        if (
            prev.figures_sha256 == sha
            and prev.loads_fingerprint == fingerprint
            and prev.code_version == code_version
            and prev.pdf_path == pdf_path
        ):
            return PublishResult(False, None, sha)
        if prev.figures_sha256 != sha:
            old = query(conn, "publish/publication_figures.sql", publish_id=prev.publish_id)
            revision = Revision(_headline_first(_changes(old, headline_figures(figures)), report, period))

    now = now or datetime.now(UTC).replace(tzinfo=None)
    # Sortable by time first, so "latest" is well defined even within one clock tick.
    publish_id = f"{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    execute_file(
        conn,
        "publish/insert_publication.sql",
        publish_id=publish_id,
        kommunenummer=kommunenummer,
        rapport=report,
        periode=period,
        published_at=now,
        loads_fingerprint=fingerprint,
        extracts="\n".join(f"{r.kind} {r.file_name} {r.checksum}" for r in loads.itertuples()),
        figures_sha256=sha,
        code_version=code_version,
        pdf_path=pdf_path,
        revision=revision.describe_nb() if revision else None,
    )
    heads = headline_figures(figures)
    bulk_insert(
        conn,
        "meta_publish_figure",
        pd.DataFrame(
            [
                {
                    "publish_id": publish_id,
                    "kommunenummer": kommunenummer,
                    "metric": f.metric,
                    "period": f.period,
                    "gruppe": f.gruppe,
                    "verdi": format_value(f.verdi),
                    "enhet": f.enhet,
                }
                for f in heads.values()
            ],
            columns=["publish_id", "kommunenummer", "metric", "period", "gruppe", "verdi", "enhet"],
        ),
    )
    return PublishResult(True, revision, sha)


def publications(conn: Connection, kommunenummer: str, report: str) -> pd.DataFrame:
    """Every publication of a report, newest first."""
    return query(conn, "publish/publications.sql", kommunenummer=kommunenummer, rapport=report)
