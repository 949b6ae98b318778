"""Is there anything to do? The check that lets a re-run with nothing changed finish in a second or two.

`hr report` and `hr backfill` ask this before any orchestration starts. A period is up to date when
  - every extract file in the landing directory is already in the warehouse's load log with the same
    checksum, as loaded or superseded (an ingest would load nothing: new, changed or earlier rejected
    files always take the full path, which loads them or reports them);
  - the intermediate layer was last rebuilt from exactly these loads and this SQL;
  - the period's latest publication was made from exactly the loads in use and this version of the
    metric and template code, to the same output path;
  - its PDF and web edition are there (and its measures file, when a measures register is in use), its
    figures file on disk is byte for byte the published one, and
    its manifest (`<report>_<period>.manifest.json`) names only extract files in use, with their checksums.
Then the full run would only repeat the same work and write the same bytes, so it is skipped and
the published outcome is shown instead. Anything unclear (no warehouse yet, a file locked by another
process, a table missing) means "not up to date": the full run decides. `--force` always runs.

No Prefect import here: importing Prefect and starting its temporary API costs more than the check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from hr.figures import HELE_KOMMUNEN, Figure
from hr.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

TILTAK_FILE = "referanse/tiltak.csv"  # the measures register (reports/tiltak.py writes <report>_<period>.tiltak.csv)


@dataclass(frozen=True)
class UpToDate:
    """A period whose published report is current: what the full run would have printed."""

    report: str
    period: str
    pdf: Path
    figures_csv: Path
    headline: str
    rows_quarantined: int


def output_paths(report: str, period_code: str, out_dir: Path) -> tuple[Path, Path]:
    """Where a report's PDF and figures file go (reports/render.py writes them under these names)."""
    return out_dir / f"{report}_{period_code}.pdf", out_dir / f"{report}_{period_code}.figures.csv"


def check(settings: Settings, landing: Path, report: str, periods: list[str], out_dir: Path) -> list[UpToDate] | None:
    """Every period's published outcome when all of them are up to date, else None."""
    try:
        return _check(settings, Path(landing), report, periods, Path(out_dir))
    except Exception:  # noqa: BLE001 - any doubt means "run it": the full run reports real problems
        return None


def _check(settings: Settings, landing: Path, report: str, periods: list[str], out_dir: Path) -> list[UpToDate] | None:
    from hr.ingest.files import checksum, discover, read_bytes
    from hr.ingest.kommune import find_kommune_file, parse_kommune
    from hr.publish_log import loads_fingerprint
    from hr.transform import fingerprint as rebuild_fingerprint
    from hr.warehouse import engine_for, query

    url = settings.warehouse_url
    if url.startswith("duckdb:///") and not Path(url.removeprefix("duckdb:///")).is_file():
        return None
    found = discover(landing)
    kommune = parse_kommune(find_kommune_file(found.files).path.read_bytes())
    kommunenummer = kommune.kommunenummer

    with engine_for(url).connect() as conn:
        log = query(conn, "load/load_log.sql", kommunenummer=kommunenummer)
        accepted = {(r.file_name, r.checksum) for r in log.itertuples() if r.status in ("loaded", "superseded")}
        for f in found.files:
            if (f.name, checksum(read_bytes(f))) not in accepted:
                return None
        if not _kommune_settings_current(conn, kommunenummer, kommune.min_n or settings.min_n):
            return None
        last = query(conn, "transform/rebuild_fingerprint.sql", kommunenummer=kommunenummer)
        if last.empty or last.iloc[0, 0] != rebuild_fingerprint(conn, kommunenummer):
            return None
        loads = loads_fingerprint(conn, kommunenummer)
        quarantined = (
            int(log.loc[log["status"] == "loaded", "rows_quarantined"].sum())
            if "rows_quarantined" in log.columns
            else 0
        )
        in_use = {(r.file_name, r.checksum) for r in log.itertuples() if r.status == "loaded"}
        return _periods_current(conn, kommunenummer, report, periods, out_dir, loads, quarantined, in_use)


def _kommune_settings_current(conn: Connection, kommunenummer: str, min_n: int) -> bool:
    """The suppression threshold in the warehouse is the one this run would use (HR_MIN_N may change)."""
    from hr.warehouse import query

    have = query(conn, "load/ref_kommune.sql", kommunenummer=kommunenummer)
    return not have.empty and int(have["min_n"].iloc[0]) == int(min_n)


def manifest_current(path: Path, kommunenummer: str, report: str, period: str, in_use: set[tuple[str, str]]) -> bool:
    """The report's manifest is there, has the shared schema (hr/delivery/archive.py), is for this
    report and period, and every file it names is in use with the checksum it gives."""
    import json

    from hr.manifest import is_manifest

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        is_manifest(data)
        and (data["kommunenummer"], data["rapport"], data["periode"]) == (kommunenummer, report, period)
        and bool(data["extracts"])
        and all((e["file_name"], e["checksum"]) in in_use for e in data["extracts"])
    )


def _periods_current(
    conn: Connection,
    kommunenummer: str,
    report: str,
    periods: list[str],
    out_dir: Path,
    loads: str,
    quarantined: int,
    in_use: set[tuple[str, str]],
) -> list[UpToDate] | None:
    from hr.code_version import code_version
    from hr.warehouse import query
    from reports.headline import headline

    version = code_version()
    results = []
    for period in periods:
        pdf, csv_path = output_paths(report, period, out_dir)
        latest = query(
            conn, "publish/latest_publication.sql", kommunenummer=kommunenummer, rapport=report, periode=period
        )
        if latest.empty:
            return None
        pub = latest.iloc[0]
        if (
            pub.loads_fingerprint != loads
            or pub.code_version != version
            or Path(pub.pdf_path).resolve() != pdf.resolve()
        ):
            return None
        html = pdf.with_suffix(".html")  # the web edition, written beside the PDF
        if not (pdf.is_file() and pdf.stat().st_size > 0 and csv_path.is_file() and html.is_file()):
            return None
        if hashlib.sha256(csv_path.read_bytes()).hexdigest() != pub.figures_sha256:
            return None
        if not manifest_current(pdf.with_suffix(".manifest.json"), kommunenummer, report, period, in_use):
            return None
        if any(name == TILTAK_FILE for name, _ in in_use) and not pdf.with_suffix(".tiltak.csv").is_file():
            return None  # a report made with a measures register has its measures file beside it
        heads = query(conn, "publish/publication_figures.sql", publish_id=pub.publish_id)
        # Decimal: the published text exactly, for the headline's rounding (Figure.verdi says float)
        figures = [
            Figure(
                r.metric,
                r.period,
                HELE_KOMMUNEN,
                r.gruppe,
                Decimal(r.verdi) if r.verdi else None,  # type: ignore[arg-type]
                r.enhet,
            )
            for r in heads.itertuples()
        ]
        results.append(UpToDate(report, period, pdf, csv_path, headline(report, figures, period), quarantined))
    return results
