"""Nothing lost (issue "Nothing lost"): a quarantined row fixed at the source and delivered again loads,
and the quarantine stops counting it as current; and cleaning the landing directory after an ingest
loses nothing, since every delivered file is in the content-addressed archive and a missing file is
no delivery (it deletes nothing).

What happens to an earlier delivery's quarantine rows: they are kept (nothing delivered is lost, and
HR can still see what was wrong), tied to that delivery's load, whose status becomes `replaced` (same
name, new content) or `superseded` (a newer snapshot). `hr quarantine list` still shows them, with that
status; the report's data quality (marts/data_quality_quarantine.sql) counts only deliveries in use.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest
from typer.testing import CliRunner

from flows.quarantine import quarantine_flow
from hr.warehouse import query
from tests.landing import (
    P2,
    P3,
    TEST_KEY,
    Landing,
    all_tables,
    ansatt,
    ansatte_rows,
    ingest,
    lonn_rows,
    quarantine,
    rows,
    rule_message,
    stillingskode_rows,
)

KOMMUNE = "0219"
BAD_PAY = dict(
    periode="2019-01", arbeidsforhold_id="AF1", lonnsart="3000", lonnsartgruppe="BONUS", timer="", belop="500,00"
)
BAD_VERSION = ansatt(arbeidsforhold_id="AF9", stillingsprosent="120")
PENSIONS = [
    dict(fodselsnummer=P2, pensjonstype="alderspensjon", uttaksdato="01.01.2018", uttaksgrad="100"),
    dict(fodselsnummer=P3, pensjonstype="afp", uttaksdato="01.06.2018", uttaksgrad="0"),
]
BAD_CODE = dict(stillingskode="5555", tittel="Miljøarbeider", kompetansegruppe="ANNET")

# case -> (write the bad delivery, write the corrected one, (file, line, column, value, rule) of the bad row,
#          name of the corrected delivery, (table, key column, key) of the row once loaded,
#          status of the first delivery's load afterwards, status of the corrected file in the summary)
CASES = {
    "payroll month delivered again under its name": (
        lambda land: land.lonn("201901", lonn_rows("2019-01") + [BAD_PAY]),
        lambda land: land.lonn("201901", lonn_rows("2019-01") + [dict(BAD_PAY, lonnsartgruppe="TILLEGG")]),
        ("lonn/lonn_201901.csv", 5, "lonnsartgruppe", "BONUS", "lonnsartgruppe_kode"),
        "lonn/lonn_201901.csv",
        ("stg_lonn", "lonnsart", "3000"),
        "replaced",
        "replaced",
    ),
    "newer ansatte snapshot": (
        lambda land: land.ansatte(ansatte_rows() + [BAD_VERSION]),
        lambda land: land.ansatte(ansatte_rows() + [dict(BAD_VERSION, stillingsprosent="100")], stamp="20190201"),
        ("hr/ansatte_20190115.csv", 6, "stillingsprosent", "120", "stillingsprosent_intervall"),
        "hr/ansatte_20190201.csv",
        ("stg_ansatte", "arbeidsforhold_id", "AF9"),
        "superseded",
        "loaded",
    ),
    "ansatte snapshot corrected under the same name": (
        lambda land: land.ansatte(ansatte_rows() + [BAD_VERSION]),
        lambda land: land.ansatte(ansatte_rows() + [dict(BAD_VERSION, stillingsprosent="100")]),
        ("hr/ansatte_20190115.csv", 6, "stillingsprosent", "120", "stillingsprosent_intervall"),
        "hr/ansatte_20190115.csv",
        ("stg_ansatte", "arbeidsforhold_id", "AF9"),
        "replaced",
        "replaced",
    ),
    "pension year delivered again": (
        lambda land: land.pensjon_csv("bkp", "2018", PENSIONS),
        lambda land: land.pensjon_csv("bkp", "2018", [PENSIONS[0], dict(PENSIONS[1], uttaksgrad="40")]),
        ("pensjon/bkp_2018.csv", 3, "uttaksgrad", "0", "uttaksgrad_intervall"),
        "pensjon/bkp_2018.csv",
        ("stg_pensjon", "linje", 3),
        "replaced",
        "replaced",
    ),
    "position codes delivered again": (
        lambda land: land.stillingskoder(stillingskode_rows() + [BAD_CODE], encoding="cp1252"),
        lambda land: land.stillingskoder(stillingskode_rows() + [dict(BAD_CODE, kompetansegruppe="FAGARBEIDER")]),
        ("referanse/stillingskoder.csv", 6, "kompetansegruppe", "ANNET", "kompetansegruppe_kode"),
        "referanse/stillingskoder.csv",
        ("ref_stillingskode", "stillingskode", "5555"),
        "replaced",
        "replaced",
    ),
}


def _hr_landing(root) -> Landing:
    return Landing(root).hr_only()


def _in_use_quarantine(engine) -> list:
    """The report's data quality: rows set aside in the deliveries in use, per file and rule."""
    with engine.connect() as conn:
        found = query(conn, "marts/data_quality_quarantine.sql", kommunenummer=KOMMUNE)
    return found[["file_name", "rule", "count"]].values.tolist()


@pytest.mark.parametrize("case", CASES)
def test_a_quarantined_row_fixed_at_the_source_and_delivered_again_loads(engine, warehouse_url, tmp_path, case):
    (
        write_bad,
        write_fixed,
        (file_name, line, column, value, rule),
        fixed_name,
        (table, key_column, key),
        old_status,
        new_status,
    ) = CASES[case]
    landing = _hr_landing(tmp_path / "landing")
    write_bad(landing)
    first = ingest(landing, tmp_path, warehouse_url)

    # Delivered broken: the row is in quarantine with its reason, everything else of the file loaded.
    q = quarantine(engine, file_name)
    assert q[["line", "column_name", "verdi", "rule", "message"]].values.tolist() == [
        [line, column, value, rule, rule_message(file_name, rule, column)]
    ]
    assert first.by_name(file_name).rows_quarantined == 1
    staged = rows(engine, table)
    assert key not in set(staged[key_column]) and len(staged) == first.by_name(file_name).rows_loaded
    assert _in_use_quarantine(engine) == [[file_name, rule, 1]]
    first_load = rows(engine, "meta_load_log").set_index("file_name").loc[file_name, "load_id"]

    # Fixed at the source and delivered again: the row loads, and is no longer in the quarantine in use.
    write_fixed(landing)
    second = ingest(landing, tmp_path, warehouse_url)
    result = second.by_name(fixed_name)
    assert (result.status, result.rows_quarantined, result.quarantine_by_rule) == (new_status, 0, {})
    if fixed_name != file_name:
        assert second.by_name(file_name).status == "superseded"
    staged = rows(engine, table)
    assert key in set(staged[key_column]) and len(staged) == result.rows_loaded == result.rows_read
    log = rows(engine, "meta_load_log").set_index("load_id")
    assert log.loc[first_load, "status"] == old_status
    in_use = log[(log["file_name"] == fixed_name) & (log["status"] == "loaded")]
    assert in_use["rows_quarantined"].tolist() == [0]
    assert _in_use_quarantine(engine) == []

    # Nothing lost: the first delivery's quarantine row is kept, tied to its (no longer used) load, and
    # `hr quarantine list` / `show` still list it, marked with that load's status, never as `loaded`.
    assert quarantine(engine, file_name)[["load_id", "line", "rule"]].values.tolist() == [[first_load, line, rule]]
    listed = quarantine_flow.fn(warehouse_url=warehouse_url)
    assert [(r["file_name"], r["status"], r["rule"], r["rader"]) for r in listed] == [(file_name, old_status, rule, 1)]
    shown = quarantine_flow.fn(file_name=file_name, warehouse_url=warehouse_url)
    assert [(r["status"], r["line"], r["column_name"], r["verdi"], r["rule"]) for r in shown] == [
        (old_status, line, column, value, rule)
    ]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _delivered(landing: Landing) -> dict[str, bytes]:
    return {
        p.relative_to(landing.root).as_posix(): p.read_bytes() for p in sorted(landing.root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def cleaned(engine, warehouse_url, tmp_path):
    """Every kind of delivery ingested (loaded, one row quarantined, an older snapshot superseded, a newest
    snapshot rejected), then the landing directory emptied but for referanse/kommune.yaml."""
    landing = Landing(tmp_path / "landing").standard()
    landing.lonn("201902", lonn_rows("2019-02") + [dict(BAD_PAY, periode="2019-02")])  # a quarantined row
    landing.ansatte(stamp="20181201")  # an older snapshot: superseded, never loaded
    landing.bytes("hr/fravaer_20190301.csv", b"")  # an unusable newest snapshot: rejected
    delivered = _delivered(landing)
    first = ingest(landing, tmp_path, warehouse_url)
    assert {f.status for f in first.files} == {"loaded", "superseded", "rejected"}
    before = all_tables(engine)
    for path in landing.root.iterdir():
        shutil.rmtree(path)
    landing.kommune()
    return landing, delivered, before


def _same_warehouse(engine, before: dict) -> None:
    after = all_tables(engine)
    for table, frame in before.items():
        if table.startswith("meta_rebuild"):
            continue  # when the intermediate layer was last checked, not data
        assert after[table].equals(frame), table


def test_after_the_landing_directory_is_cleaned_the_archive_holds_every_delivered_file(cleaned, engine, tmp_path):
    """Every file read, whatever became of it, is in the archive under its checksum, byte for byte, and
    the load log ties its name to that copy."""
    _, delivered, before = cleaned
    log = before["meta_load_log"]
    archive = tmp_path / "wd" / "arkiv"
    for name, data in delivered.items():
        sha = _sha(data)
        recorded = log[log["file_name"] == name]
        assert recorded[["checksum", "archive_path"]].values.tolist() == [[sha, str(archive / sha[:2] / sha)]], name
        copy = archive / sha[:2] / sha
        assert copy.read_bytes() == data and _sha(copy.read_bytes()) == sha, name
    assert set(log["status"]) == {"loaded", "superseded", "rejected"}


def test_a_run_on_the_cleaned_landing_directory_deletes_nothing(cleaned, engine, warehouse_url, tmp_path):
    """A file no longer in the landing directory is not a delivery: the data it loaded stays, its load
    stays `loaded`, its quarantine rows stay. (Deletions in the source arrive as a newer snapshot.)"""
    landing, delivered, before = cleaned
    summary = ingest(landing, tmp_path, warehouse_url)
    assert [(f.file_name, f.status) for f in summary.files] == [("referanse/kommune.yaml", "unchanged")]
    _same_warehouse(engine, before)
    assert not before["stg_ansatte"].empty and not before["stg_lonn"].empty and not before["meta_quarantine"].empty


def test_a_run_on_an_emptied_landing_directory_is_refused_and_changes_nothing(cleaned, engine, warehouse_url, tmp_path):
    """Without even kommune.yaml nothing can be attributed to a municipality: exit 3, one line, no change."""
    landing, _, before = cleaned
    (landing.root / "referanse/kommune.yaml").unlink()
    from hr.cli import app

    result = CliRunner().invoke(
        app,
        ["ingest", "--landing", str(landing.root), "--warehouse", warehouse_url],
        env={"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200"},
    )
    assert result.exit_code == 3, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "referanse/kommune.yaml mangler i mottaksmappen" in lines[0], result.stderr
    _same_warehouse(engine, before)


def test_the_landing_directory_restored_from_the_archive_is_recognised_as_already_loaded(
    cleaned, engine, warehouse_url, tmp_path
):
    """The archive and the load log are a complete record: put back under their names, the files are the
    same deliveries (unchanged, superseded, rejected as before) and the warehouse does not change."""
    landing, delivered, before = cleaned
    log = before["meta_load_log"].set_index("file_name")
    for name in delivered:
        landing.bytes(name, open(log.loc[name, "archive_path"], "rb").read())
    assert _delivered(landing) == delivered
    summary = ingest(landing, tmp_path, warehouse_url)
    assert {f.status for f in summary.files} == {"unchanged", "superseded", "rejected"}
    assert summary.rows_loaded == 0
    _same_warehouse(engine, before)


def test_a_payroll_line_quarantined_for_an_unknown_employment_loads_once_ansatte_is_fixed(
    engine, warehouse_url, tmp_path
):
    """The fix is at the source of the reference (the HR system adds AF3), not in the payroll file."""
    landing = _hr_landing(tmp_path / "landing")
    landing.ansatte([r for r in ansatte_rows() if r["arbeidsforhold_id"] != "AF3"])
    landing.lonn("201901")
    ingest(landing, tmp_path, warehouse_url)
    assert quarantine(engine, "lonn/lonn_201901.csv")[["line", "rule"]].values.tolist() == [
        [4, "ukjent_arbeidsforhold"]
    ]
    landing.ansatte(stamp="20190201")  # the newer snapshot has AF3
    ingest(landing, tmp_path, warehouse_url)
    assert "AF3" in set(rows(engine, "stg_lonn")["arbeidsforhold_id"])
    assert _in_use_quarantine(engine) == []
