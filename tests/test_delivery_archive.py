"""The delivery archive on both warehouses: a directory per decided delivery with the PDF, the figures
file and a manifest of the extracts' checksums, a meta_delivery row with counts only, and the way
back from a delivery to the extract files it was built from."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from hr.delivery.archive import (
    DELIVERIES,
    EXTRACT_FIELDS,
    MANIFEST_SCHEMA,
    Decision,
    archive_delivery,
    deliveries,
    is_manifest,
    read_manifest,
    restore_snapshot,
    sha256_file,
)
from hr.errors import HrError
from hr.ingest.files import archive as archive_extract
from hr.warehouse import bulk_insert, ensure_schema

KOMMUNE = "0219"
EXTRACTS = {  # file name -> (kind, bytes, status in meta_load_log)
    "hr/ansatte_20190115.csv": ("ansatte", b"ansattnr;...\n1;...\n", "loaded"),
    "hr/fravaer_20190115.csv": ("fravaer", b"fravaer_id;...\n9;...\n", "loaded"),
    "hr/fravaer_20180715.csv": ("fravaer", b"fravaer_id;...\n8;...\n", "superseded"),
    "referanse/kommune.yaml": ("kommune", b"kommunenummer: '0219'\n", "loaded"),
}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def loaded(engine, tmp_path):
    """A warehouse whose load log holds EXTRACTS, each archived by checksum as ingest does it."""
    ensure_schema(engine)
    archive_dir = tmp_path / "arkiv"
    rows = []
    for i, (name, (kind, data, status)) in enumerate(EXTRACTS.items()):
        archive_extract(data, _sha(data), archive_dir)
        rows.append(
            {
                "load_id": f"L{i}",
                "kommunenummer": KOMMUNE,
                "kind": kind,
                "file_name": name,
                "checksum": _sha(data),
                "rows_read": 1,
                "rows_loaded": 1,
                "rows_quarantined": 0,
                "status": status,
                "loaded_at": datetime(2019, 1, 16, 8, 0),
            }
        )
    with engine.begin() as conn:
        bulk_insert(conn, "meta_load_log", pd.DataFrame(rows))
    out = tmp_path / "out"
    out.mkdir()
    (out / "sykefravaer_2018H1.pdf").write_bytes(b"%PDF-1.7 utkast\n")
    (out / "sykefravaer_2018H1.figures.csv").write_text(
        "metric,period,omrade,gruppe,verdi,enhet,n,prikket\n", encoding="utf-8"
    )
    return archive_dir, out


def _archive(engine, archive_dir, out, approved=True, recipients=3, comment="", when=None):
    when = when or datetime(2019, 2, 15, 9, 30, tzinfo=UTC)
    with engine.begin() as conn:
        return archive_delivery(
            conn,
            archive_dir,
            kommunenummer=KOMMUNE,
            report="sykefravaer",
            period="2018H1",
            pdf=out / "sykefravaer_2018H1.pdf",
            figures_csv=out / "sykefravaer_2018H1.figures.csv",
            decision=Decision(approved, "Kari Nordmann", comment, when),
            recipients=recipients if approved else 0,
            sent_at=when if approved else None,
            flow_run_id="run-1",
        )


def test_a_sent_report_is_archived_with_its_files_extract_checksums_approver_and_count(engine, loaded):
    archive_dir, out = loaded
    done = _archive(engine, archive_dir, out)

    assert done.directory.parent == archive_dir / DELIVERIES / "sykefravaer" / "2018H1"
    assert sorted(p.name for p in done.directory.iterdir()) == [
        "manifest.json",
        "sykefravaer_2018H1.figures.csv",
        "sykefravaer_2018H1.pdf",
    ]
    assert (done.directory / "sykefravaer_2018H1.pdf").read_bytes() == (out / "sykefravaer_2018H1.pdf").read_bytes()
    manifest = read_manifest(done.directory)
    assert manifest == json.loads(json.dumps(done.manifest))
    assert (manifest["status"], manifest["approver"], manifest["recipients"]) == ("sendt", "Kari Nordmann", 3)
    assert manifest["decided_at"] == "2019-02-15T09:30:00Z"
    # the extracts in use, not the superseded snapshot
    assert {(e["file_name"], e["checksum"]) for e in manifest["extracts"]} == {
        (name, _sha(data)) for name, (_, data, status) in EXTRACTS.items() if status == "loaded"
    }
    assert manifest["figures"]["sha256"] == sha256_file(out / "sykefravaer_2018H1.figures.csv")
    # the schema shared with the manifest beside every rendered report (reports/render.py)
    assert is_manifest(manifest) and manifest["schema"] == MANIFEST_SCHEMA
    assert (manifest["kommunenummer"], manifest["rapport"], manifest["periode"]) == ("0219", "sykefravaer", "2018H1")
    assert all(tuple(e) == EXTRACT_FIELDS and e["rows_read"] >= e["rows_loaded"] for e in manifest["extracts"])

    with engine.connect() as conn:
        rows = deliveries(conn)
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row.status, row.approver, int(row.recipients), row.rapport, row.periode) == (
        "sendt",
        "Kari Nordmann",
        3,
        "sykefravaer",
        "2018H1",
    )
    assert row.archive_dir == str(done.directory) and row.pdf_sha256 == manifest["pdf"]["sha256"]
    assert pd.Timestamp(row.decided_at) == pd.Timestamp("2019-02-15 09:30:00")
    assert "@" not in " ".join(str(v) for v in row.values)


def test_a_rejection_keeps_the_draft_and_the_comment_and_counts_no_recipients(engine, loaded):
    archive_dir, out = loaded
    sent = _archive(engine, archive_dir, out, when=datetime(2019, 2, 15, 9, 0, tzinfo=UTC))
    rejected = _archive(
        engine,
        archive_dir,
        out,
        approved=False,
        comment="Feil mål for Pleie og omsorg",
        when=datetime(2019, 2, 16, 9, 0, tzinfo=UTC),
    )
    assert rejected.directory != sent.directory
    manifest = read_manifest(rejected.directory)
    assert (manifest["status"], manifest["recipients"], manifest["sent_at"], manifest["comment"]) == (
        "avvist",
        0,
        None,
        "Feil mål for Pleie og omsorg",
    )
    assert (rejected.directory / "sykefravaer_2018H1.pdf").is_file()
    with engine.connect() as conn:
        rows = deliveries(conn, report="sykefravaer", period="2018H1")
        assert deliveries(conn, report="medarbeidere").empty
    assert list(rows.status) == ["avvist", "sendt"]  # newest first
    assert rows.iloc[0].comment == "Feil mål for Pleie og omsorg" and int(rows.iloc[0].recipients) == 0
    assert pd.isna(rows.iloc[0].sent_at)


def test_restoring_a_delivery_snapshot_gives_back_the_delivered_files_and_refuses_a_damaged_archive(
    engine, loaded, tmp_path
):
    archive_dir, out = loaded
    manifest = _archive(engine, archive_dir, out).manifest
    landing = restore_snapshot(manifest, archive_dir, tmp_path / "gjenskapt")
    restored = sorted(p.relative_to(landing).as_posix() for p in landing.rglob("*") if p.is_file())
    assert restored == sorted(n for n, (_, _, status) in EXTRACTS.items() if status == "loaded")
    assert (landing / "hr/fravaer_20190115.csv").read_bytes() == EXTRACTS["hr/fravaer_20190115.csv"][1]

    sha = _sha(EXTRACTS["hr/ansatte_20190115.csv"][1])
    (archive_dir / sha[:2] / sha).write_bytes(b"endret etterpaa\n")
    with pytest.raises(HrError, match="annen sjekksum"):
        restore_snapshot(manifest, archive_dir, tmp_path / "igjen")
    (archive_dir / sha[:2] / sha).unlink()
    with pytest.raises(HrError, match="arkivet mangler hr/ansatte_20190115.csv"):
        restore_snapshot(manifest, archive_dir, tmp_path / "igjen2")
    bad = {**manifest, "extracts": [{**manifest["extracts"][0], "file_name": "../utenfor.csv"}]}
    with pytest.raises(HrError, match="ugyldig filnavn"):
        restore_snapshot(bad, archive_dir, tmp_path / "igjen3")
