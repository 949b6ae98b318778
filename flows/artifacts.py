"""Prefect artifacts a report run publishes, so an operator sees in the UI what a run did without
opening files: a validation summary (rows loaded, quarantined by rule), the headline figures, and
where the PDF is. Only file names, rule names, counts and aggregate figures: no personal data.
"""

from __future__ import annotations

from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from hr.figures import HELE_KOMMUNEN
from hr.load_status import ignored_status_nb, status_nb
from hr.wording import count


def artifact_key(report: str, period: str, what: str) -> str:
    """Artifact keys allow lowercase letters, digits and dashes: sykefravaer-2018h1-validering."""
    return f"{report}-{period}-{what}".lower().replace("_", "-")


def validation_markdown(outcome, summary, meta=None) -> str:
    """This run's ingest per file, and the extracts in use with their quarantined rows by rule."""
    lines = [f"# Datakvalitet: {outcome.report} {outcome.period}", ""]
    if summary is None:  # a backfill ingested once before its periods
        lines += ["Ingen innlesing i denne kjøringen: etterkjøringen leste inn uttrekkene før periodene.", ""]
    else:
        lines += _ingest_lines(summary)
    if meta is not None:
        lines += ["", "## Uttrekk i bruk", "", "| fil | dato | lastet | i karantene |", "|---|---|---:|---:|"]
        for e in meta.extracts:
            lines.append(f"| {e.file_name} | {e.file_date or ''} | {e.rows_loaded} | {e.rows_quarantined} |")
        if meta.quarantine:
            lines += ["", "## Karantene etter regel", "", "| fil | regel | antall |", "|---|---|---:|"]
            for q in meta.quarantine:
                lines.append(f"| {q.file_name} | {q.rule} | {q.count} |")
    if outcome.revision:
        lines += ["", f"**Revisjon:** {outcome.revision}"]
    return "\n".join(lines) + "\n"


def _ingest_lines(summary) -> list[str]:
    """This ingest per file, then one line per file it did not read (name, skipped/refused, reason)."""
    lines = [
        f"Kommune {summary.kommunenummer}. Denne kjøringen: {count(summary.rows_loaded, 'rad', 'rader')} lastet, "
        f"{summary.rows_quarantined} i karantene.",
        "",
        "| fil | status | lest | lastet | i karantene |",
        "|---|---|---:|---:|---:|",
    ]
    for f in summary.files:
        lines.append(
            f"| {f.file_name} | {status_nb(f.status)} | {f.rows_read} | {f.rows_loaded} | {f.rows_quarantined} |"
        )
    if summary.ignored:
        lines += ["", "## Filer som ikke er lest", "", "| fil | status | regel | årsak |", "|---|---|---|---|"]
        for i in summary.ignored:
            lines.append(f"| {_cell(i.file_name)} | {ignored_status_nb(i.status)} | {i.rule} | {_cell(i.reason)} |")
    return lines


def ingest_markdown(summary) -> str:
    """The ingest flow's own artifact: what it did with every file of the landing directory."""
    return "\n".join([f"# Innlesing: kommune {summary.kommunenummer}", "", *_ingest_lines(summary)]) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a delivered file name may hold `|`, `<` or a line break."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def headline_rows(figures, period: str) -> list[dict]:
    """The whole municipality's figures for the report's own period (no groups): the table artifact.
    Named and rounded as the report shows them ("Sykefravær, totalt", "6,4 %"; "–" when suppressed)."""
    from reports.labels import metric_label, period_label
    from reports.tables import unit_cell

    own = {period, f"{period}-12-31"}
    return [
        {
            "nøkkeltall": metric_label(f.metric),
            "periode": period_label(f.period),
            "verdi": unit_cell(f),
            "prikket": f.prikket,
        }
        for f in sorted(figures, key=lambda f: (f.metric, f.period))
        if f.omrade == HELE_KOMMUNEN and f.gruppe == "" and f.period in own
    ]


def publish_report_artifacts(outcome, summary, figures, meta=None) -> None:
    r, p = outcome.report, outcome.period
    create_markdown_artifact(
        validation_markdown(outcome, summary, meta),
        key=artifact_key(r, p, "validering"),
        description=f"Innlesing og karantene for {r} {p}",
    )
    create_table_artifact(
        headline_rows(figures, p),
        key=artifact_key(r, p, "nokkeltall"),
        description=f"Nøkkeltall for hele kommunen, {r} {p}",
    )
    create_link_artifact(
        outcome.pdf.resolve().as_uri(),
        link_text=outcome.pdf.name,
        key=artifact_key(r, p, "pdf"),
        description=f"PDF og tallfil: {outcome.figures_csv}",
    )
    html = getattr(outcome, "html", None)
    if html is not None and html.is_file():
        create_link_artifact(
            html.resolve().as_uri(),
            link_text=html.name,
            key=artifact_key(r, p, "web"),
            description=f"Nettutgaven av {r} {p} (én selvstendig HTML-fil)",
        )
