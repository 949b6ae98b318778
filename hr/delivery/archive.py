"""The delivery archive: what was sent (or rejected), when, by whose decision, to how many, built from
which extracts, so that any figure a politician received can be traced to its source snapshot.

Each decided delivery gets a directory `<archive_dir>/utsendinger/<rapport>/<periode>/<UTC time>/`
beside the content-addressed archive of every delivered extract (hr/ingest/files.py), holding the
PDF, the figures file and `manifest.json` (the extracts' kinds, names and sha256 checksums, approver,
decision time, recipient count), and a row in meta_delivery. No address is stored anywhere: the
count is what is kept. `restore_snapshot` puts the archived extracts back into a landing directory,
which is how a delivered report's figures are recomputed from the snapshot they came from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import overload

import pandas as pd
from sqlalchemy.engine import Connection

from hr.errors import HrError
from hr.manifest import (  # noqa: F401 - the schema's home is hr/manifest.py; re-exported for callers
    EXTRACT_FIELDS,
    MANIFEST_SCHEMA,
    extract_entry,
    is_manifest,
    manifest_json,
    report_manifest,
)
from hr.warehouse import execute_file, query

MANIFEST = "manifest.json"
DELIVERIES = "utsendinger"


@dataclass(frozen=True)
class Decision:
    """What the approver answered (or, with --no-approval, that nobody was asked)."""

    approved: bool
    approver: str
    comment: str
    decided_at: datetime  # UTC, naive (as the warehouse stores timestamps)


@dataclass(frozen=True)
class ArchivedDelivery:
    delivery_id: str
    directory: Path
    manifest: dict


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@overload
def _utc_naive(ts: datetime) -> datetime: ...
@overload
def _utc_naive(ts: None) -> None: ...
def _utc_naive(ts: datetime | None) -> datetime | None:
    if ts is None or ts.tzinfo is None:
        return ts
    return ts.astimezone(UTC).replace(tzinfo=None)


def archive_delivery(
    conn: Connection,
    archive_dir: Path,
    *,
    kommunenummer: str,
    report: str,
    period: str,
    pdf: Path,
    figures_csv: Path,
    decision: Decision,
    recipients: int,
    sent_at: datetime | None,
    flow_run_id: str | None = None,
) -> ArchivedDelivery:
    """Copy the PDF and figures file into a new delivery directory with its manifest, and record it
    in meta_delivery (in the caller's transaction). The directory appears whole or not at all."""
    decided_at = _utc_naive(decision.decided_at)
    sent_at = _utc_naive(sent_at)
    status = "sendt" if decision.approved else "avvist"
    loads = query(conn, "marts/data_quality_extracts.sql", kommunenummer=kommunenummer)  # the loads in use
    latest = query(conn, "publish/latest_publication.sql", kommunenummer=kommunenummer, rapport=report, periode=period)
    delivery_id = f"{decided_at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    target = Path(archive_dir) / DELIVERIES / report / period / delivery_id
    # every extract in use, so restore_snapshot can rebuild the whole warehouse the report came from
    extracts = [
        extract_entry(
            r.kind,
            r.file_name,
            r.file_date if isinstance(r.file_date, str) else None,
            r.checksum,
            r.rows_read,
            r.rows_loaded,
            r.rows_quarantined,
        )
        for r in loads.itertuples()
    ]
    manifest = {
        **report_manifest(kommunenummer=kommunenummer, rapport=report, periode=period, extracts=extracts),
        "delivery_id": delivery_id,
        "status": status,
        "approver": decision.approver,
        "comment": decision.comment,
        "decided_at": decided_at.isoformat() + "Z",
        "sent_at": sent_at.isoformat() + "Z" if sent_at else None,
        "recipients": recipients,
        "publish_id": None if latest.empty else str(latest.iloc[0].publish_id),
        "pdf": {"file": Path(pdf).name, "sha256": sha256_file(Path(pdf))},
        "figures": {"file": Path(figures_csv).name, "sha256": sha256_file(Path(figures_csv))},
        "flow_run_id": flow_run_id,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{delivery_id}.", dir=target.parent))
    try:
        shutil.copy2(pdf, tmp / manifest["pdf"]["file"])
        shutil.copy2(figures_csv, tmp / manifest["figures"]["file"])
        (tmp / MANIFEST).write_bytes(manifest_json(manifest))
        for copied, key in ((tmp / manifest["pdf"]["file"], "pdf"), (tmp / manifest["figures"]["file"], "figures")):
            if sha256_file(copied) != manifest[key]["sha256"]:
                raise HrError(f"arkivkopien av {copied.name} er ikke lik originalen")
        os.chmod(tmp, 0o755)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    try:
        execute_file(
            conn,
            "delivery/insert_delivery.sql",
            delivery_id=delivery_id,
            kommunenummer=kommunenummer,
            rapport=report,
            periode=period,
            status=status,
            decided_at=decided_at,
            approver=decision.approver,
            comment=decision.comment or None,
            recipients=recipients,
            sent_at=sent_at,
            publish_id=manifest["publish_id"],
            figures_sha256=manifest["figures"]["sha256"],
            pdf_sha256=manifest["pdf"]["sha256"],
            extracts="\n".join(f"{e['kind']} {e['file_name']} {e['checksum']}" for e in manifest["extracts"]),
            archive_dir=str(target),
            flow_run_id=flow_run_id,
        )
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # no directory without its row: the row is the record
        raise
    return ArchivedDelivery(delivery_id, target, manifest)


def deliveries(
    conn: Connection, kommunenummer: str | None = None, report: str | None = None, period: str | None = None
) -> pd.DataFrame:
    """Every decided delivery, newest first (meta_delivery; counts only)."""
    return query(conn, "delivery/deliveries.sql", kommunenummer=kommunenummer, rapport=report, periode=period)


def read_manifest(directory: Path) -> dict:
    return json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))


def restore_snapshot(manifest: dict, archive_dir: Path, landing: Path) -> Path:
    """Write the extracts a delivery was built from, from the content-addressed archive, into a new
    landing directory under their delivered names; each copy's checksum is verified."""
    landing = Path(landing)
    for extract in manifest["extracts"]:
        sha = extract["checksum"]
        name = Path(extract["file_name"])
        if name.is_absolute() or ".." in name.parts:
            raise HrError(f"ugyldig filnavn i manifestet: {extract['file_name']}")
        source = Path(archive_dir) / sha[:2] / sha
        if not source.is_file():
            raise HrError(f"arkivet mangler {extract['file_name']} (sjekksum {sha[:12]})")
        dest = landing / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        if sha256_file(dest) != sha:
            raise HrError(f"{extract['file_name']}: arkivkopien har en annen sjekksum enn manifestet sier")
    return landing


def archive_rows(
    warehouse_url: str, kommunenummer: str | None = None, report: str | None = None, period: str | None = None
) -> list[dict]:
    """`deliveries` as plain records (None for missing values), for `hr archive list`."""
    from hr.warehouse import engine_for, ensure_schema

    engine = engine_for(warehouse_url)
    ensure_schema(engine)  # a warehouse made before meta_delivery existed gets the table here
    with engine.connect() as conn:
        rows = deliveries(conn, kommunenummer=kommunenummer, report=report, period=period)
    records: list[dict] = rows.astype(object).where(rows.notna(), None).to_dict("records")
    return records
