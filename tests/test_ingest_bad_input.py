"""Every bad-input example of EXTRACTS.md: the bad row lands in quarantine with (file, line, column,
value, rule), the good rows of the same file still load; unusable files are rejected whole.

One landing directory holds all the bad rows (each in a row of its own, beside good rows) and is
ingested once per backend; the cases then read what it left in the warehouse. Files refused as a
whole (empty, header only, binary, wrong delimiter or encoding, missing column, cut off) are the
catalogue of tests/test_ingest_bad_files.py.
"""
from __future__ import annotations

import pytest

from hr.warehouse import create_engine, ensure_schema
from tests.landing import (P1, P2, P3, Landing, all_tables, ansatt, ansatte_rows, fravaer, fravaer_rows, ingest,
                           lonn_rows, quarantine, rows)

MASK = "*" * 11
BAD_FNR = P1[:10] + str((int(P1[10]) + 1) % 10)
BAD_D_NUMBER = P3[:10] + str((int(P3[10]) + 1) % 10)   # a D-number (day + 40) with a wrong check digit
ANSATTE, FRAVAER, LONN = "hr/ansatte_20190115.csv", "hr/fravaer_20190115.csv", "lonn/lonn_201901.csv"
PENSJON = "pensjon/bkp_2018.csv"

# case -> (changes to an otherwise good row, expected column, value, rule). Each case is its own row.
BAD_ANSATTE = {
    "invalid fødselsnummer": (dict(fodselsnummer=BAD_FNR), "fodselsnummer", MASK, "fodselsnummer_mod11"),
    "invalid D-number": (dict(fodselsnummer=BAD_D_NUMBER, fodselsdato="28.02.1999"), "fodselsnummer", MASK,
                         "fodselsnummer_mod11"),
    "missing fødselsnummer": (dict(fodselsnummer=""), "fodselsnummer", "", "verdi_mangler"),
    "gyldig_til before gyldig_fra": (dict(gyldig_til="31.12.2017"), "gyldig_til", "31.12.2017",
                                     "gyldig_til_for_gyldig_fra"),
    "stillingsprosent above 100": (dict(stillingsprosent="120"), "stillingsprosent", "120",
                                   "stillingsprosent_intervall"),
    "stillingsprosent 0 when monthly paid": (dict(stillingsprosent="0"), "stillingsprosent", "0",
                                             "stillingsprosent_null_kun_time"),
    "unknown org unit": (dict(org_enhet="XX999"), "org_enhet", "XX999", "ukjent_org_enhet"),
    "unknown position code": (dict(stillingskode="0000"), "stillingskode", "0000", "ukjent_stillingskode"),
    "impossible date": (dict(gyldig_fra="31.02.2019"), "gyldig_fra", "31.02.2019", "ugyldig_dato"),
    "unparseable number": (dict(stillingsprosent="6O"), "stillingsprosent", "6O", "ugyldig_tall"),
    "unknown code": (dict(lonnsform="UKE"), "lonnsform", "UKE", "lonnsform_kode"),
    "gender not K or M": (dict(kjonn="X"), "kjonn", "X", "kjonn_kode"),
    "boolean not J or N": (dict(leder="Ja"), "leder", "Ja", "ugyldig_jn"),
}
BAD_FRAVAER = {
    "til_dato before fra_dato": (dict(til_dato="01.01.2018"), "til_dato", "01.01.2018", "til_dato_for_fra_dato"),
    "grad 0": (dict(grad="0"), "grad", "0", "grad_intervall"),
    "grad above 100": (dict(grad="101"), "grad", "101", "grad_intervall"),
    "month 13": (dict(fra_dato="12.13.2019", til_dato="14.12.2019"), "fra_dato", "12.13.2019", "ugyldig_dato"),
    "unknown employment": (dict(arbeidsforhold_id="AF404"), "arbeidsforhold_id", "AF404", "ukjent_arbeidsforhold"),
    "unparseable grad": (dict(grad="5O"), "grad", "5O", "ugyldig_tall"),
    "unknown absence type": (dict(fravaerstype="FERIE"), "fravaerstype", "FERIE", "fravaerstype_kode"),
}
BAD_LONN = {
    "periode differs from file name": (dict(periode="2018-12"), "periode", "2018-12", "periode_ulik_filnavn"),
    "unknown wage group": (dict(lonnsartgruppe="BONUS"), "lonnsartgruppe", "BONUS", "lonnsartgruppe_kode"),
    "amount missing": (dict(belop=""), "belop", "", "verdi_mangler"),
}
BAD_PENSJON = {
    "unknown pension label": (dict(pensjonstype="Alderspensjon"), "pensjonstype", "Alderspensjon",
                              "pensjonstype_kode"),
    "uttaksgrad 0": (dict(uttaksgrad="0"), "uttaksgrad", "0", "uttaksgrad_intervall"),
    "uttaksgrad above 100": (dict(uttaksgrad="100,5"), "uttaksgrad", "100,5", "uttaksgrad_intervall"),
}


# Rows that cannot be split into the header's fields, appended to the fravaer file after the rows above.
STRUCTURAL_FRAVAER = [
    ("too few fields", "F9;AF1;SYKMELDING;01.06.2018", "feil_antall_felt", "4 felt, forventet 6"),
    ("too many fields", "F10;AF1;SYKMELDING;01.06.2018;02.06.2018;100;X", "feil_antall_felt", "7 felt, forventet 6"),
    ("stray quote inside a field", 'F11;AF1;SYKM"ELDING;01.06.2018;02.06.2018;100', "ugyldig_anforselstegn", None),
    ("quote never closed", '"F12;AF1;SYKMELDING;01.06.2018;02.06.2018;100', "ugyldig_anforselstegn", None),
]
QUOTED_GOOD = '"F13";AF1;"SYKMELDING";01.06.2018;02.06.2018;100'   # quoted fields done right load


def _write_bad_landing(root) -> tuple[Landing, dict[str, tuple]]:
    """The landing directory, and for every case: (file, line, (column, value, rule), (table, key column, key)),
    the key being what would identify the row in its staging table had it been loaded."""
    landing = Landing(root)
    landing.kommune()
    landing.stillingskoder(encoding="cp1252")
    landing.organisasjon(encoding="cp1252", newline="\r\n")
    expected: dict[str, tuple[str, int, tuple]] = {}

    good = ansatte_rows()
    bad = [ansatt(arbeidsforhold_id=f"BAD{i}", **changes) for i, (changes, *_) in enumerate(BAD_ANSATTE.values())]
    dup = [ansatt(arbeidsforhold_id="AFD", gyldig_fra="01.03.2018"),   # one version delivered twice
           ansatt(arbeidsforhold_id="AFD", gyldig_fra="01.03.2018", stillingsprosent="50")]
    landing.ansatte(good + bad + dup)
    for i, (case, (_, *finding)) in enumerate(BAD_ANSATTE.items()):
        expected[case] = (ANSATTE, len(good) + 2 + i, tuple(finding), ("stg_ansatte", "arbeidsforhold_id", f"BAD{i}"))

    good = fravaer_rows()
    bad = [fravaer(fravaer_id=f"FB{i}", **changes) for i, (changes, *_) in enumerate(BAD_FRAVAER.values())]
    dup = fravaer(fra_dato="01.05.2018", til_dato="02.05.2018")   # a second F1: both copies go
    path = landing.fravaer(good + bad + [dup])
    path.write_text(path.read_text() + "".join(line + "\n" for _, line, *_ in STRUCTURAL_FRAVAER) + QUOTED_GOOD + "\n")
    for i, (case, (_, *finding)) in enumerate(BAD_FRAVAER.items()):
        expected[case] = (FRAVAER, len(good) + 2 + i, tuple(finding), ("stg_fravaer", "fravaer_id", f"FB{i}"))

    good = lonn_rows("2019-01")
    bad = [{**good[0], **changes} for changes, *_ in BAD_LONN.values()]
    from tests.landing import LONN as LONN_COLUMNS

    landing.lonn("201901", [dict(r, kostnadssted="K1") for r in good + bad], columns=["kostnadssted", *LONN_COLUMNS])
    for i, (case, (_, *finding)) in enumerate(BAD_LONN.items()):
        expected[case] = (LONN, len(good) + 2 + i, tuple(finding), ("stg_lonn", "linje", len(good) + 2 + i))

    good = [dict(fodselsnummer=P2, pensjonstype="alderspensjon", uttaksdato="01.01.2018", uttaksgrad="100")]
    bad = [{**good[0], **changes} for changes, *_ in BAD_PENSJON.values()]
    landing.pensjon_csv("bkp", "2018", good + bad)
    for i, (case, (_, *finding)) in enumerate(BAD_PENSJON.items()):
        expected[case] = (PENSJON, len(good) + 2 + i, tuple(finding), ("stg_pensjon", "linje", len(good) + 2 + i))

    landing.bytes("hr/rekruttering_20190115.csv", b"")   # an empty file
    return landing, expected


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def bad(request, tmp_path_factory):
    """The bad landing directory ingested once into a fresh warehouse of each backend."""
    tmp = tmp_path_factory.mktemp(f"bad_{request.param}")
    if request.param == "duckdb":
        url = f"duckdb:///{tmp / 'warehouse.duckdb'}"
    else:
        from tests.conftest import _pg_schema_url

        url = _pg_schema_url(request.getfixturevalue("pg_database"))
    engine = create_engine(url)
    ensure_schema(engine)
    landing, expected = _write_bad_landing(tmp / "landing")
    summary = ingest(landing, tmp, url)
    yield summary, engine, expected
    engine.dispose()


ALL_CASES = [*BAD_ANSATTE, *BAD_FRAVAER, *BAD_LONN, *BAD_PENSJON]


@pytest.mark.parametrize("case", ALL_CASES)
def test_a_bad_row_is_quarantined_with_file_line_column_value_and_rule(bad, case):
    """HR must be able to find and fix each rejected row from the quarantine alone; the row is not loaded."""
    summary, engine, expected = bad
    file_name, line, (column, value, rule), (table, key_column, key) = expected[case]
    q = quarantine(engine, file_name)
    at_line = q[q["line"] == line]
    assert at_line[["column_name", "verdi", "rule"]].values.tolist() == [[column, value, rule]]
    assert at_line["message"].iloc[0]
    assert rule in summary.by_name(file_name).quarantine_by_rule
    staged = rows(engine, table)
    assert not staged.empty and key not in set(staged[key_column]), f"{case}: the bad row was loaded"


@pytest.mark.parametrize("case", [c for c, *_ in STRUCTURAL_FRAVAER])
def test_a_row_that_cannot_be_split_into_fields_is_quarantined_by_line(bad, case):
    """Too few or too many fields, or quotes that do not wrap a whole field: the row cannot be mapped to
    columns, so it is set aside by its line (no column), and the rest of the file loads."""
    summary, engine, _ = bad
    number = [c for c, *_ in STRUCTURAL_FRAVAER].index(case)
    _, text, rule, value = STRUCTURAL_FRAVAER[number]
    line = 2 + len(fravaer_rows()) + len(BAD_FRAVAER) + 1 + number
    q = quarantine(engine, FRAVAER)
    at_line = q[q["line"] == line].astype(object)
    at_line = at_line.where(at_line.notna(), None)
    assert at_line[["column_name", "verdi", "rule"]].values.tolist() == [[None, value, rule]]
    assert at_line["message"].iloc[0]
    assert text.split(";")[0].strip('"') not in set(rows(engine, "stg_fravaer")["fravaer_id"])
    assert "F13" in set(rows(engine, "stg_fravaer")["fravaer_id"])   # the well-quoted row after them loads


def test_good_rows_of_a_file_with_bad_rows_still_load(bad):
    """One bad row must not cost the others: every good row of each file is in staging."""
    summary, engine, _ = bad
    assert sorted(rows(engine, "stg_ansatte")["arbeidsforhold_id"]) == ["AF1", "AF1", "AF2", "AF3"]
    assert sorted(rows(engine, "stg_fravaer")["fravaer_id"]) == ["F13", "F2", "F3"]
    assert len(rows(engine, "stg_lonn")) == 3
    assert rows(engine, "stg_pensjon")["pensjonstype"].tolist() == ["ALDER"]
    result = summary.by_name(ANSATTE)
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        "loaded", 4 + len(BAD_ANSATTE) + 2, 4, len(BAD_ANSATTE) + 2)
    log = rows(engine, "meta_load_log").set_index("file_name")
    assert log.loc[ANSATTE, "rows_quarantined"] == len(BAD_ANSATTE) + 2
    for f in summary.files:   # every row read is either loaded or quarantined
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f.file_name


def test_unknown_extra_columns_are_ignored_and_reported(bad):
    """Exports add their own columns; they must not stop the load, but the extra column is worth knowing about."""
    summary, engine, _ = bad
    assert summary.by_name(LONN).message == "Ukjente kolonner er ikke lest: kostnadssted."
    assert rows(engine, "meta_load_log").set_index("file_name").loc[LONN, "message"] == summary.by_name(LONN).message


def test_a_duplicate_key_quarantines_every_copy(bad):
    """Which copy is right cannot be known, so neither may be counted."""
    _, engine, _ = bad
    q = quarantine(engine, FRAVAER)
    dups = q[q["rule"] == "duplikat_nokkel"]
    last = 2 + len(fravaer_rows()) + len(BAD_FRAVAER)
    assert dups[["line", "column_name", "verdi"]].values.tolist() == [[2, "fravaer_id", "F1"], [last, "fravaer_id", "F1"]]
    assert "F1" not in set(rows(engine, "stg_fravaer")["fravaer_id"])


def test_a_duplicate_employment_version_quarantines_both_copies(bad):
    """Two versions of one employment starting the same day: the snapshot contradicts itself."""
    _, engine, _ = bad
    q = quarantine(engine, ANSATTE)
    dups = q[q["rule"] == "duplikat_nokkel"]
    first = 2 + len(ansatte_rows()) + len(BAD_ANSATTE)
    assert dups[["line", "column_name", "verdi"]].values.tolist() == [
        [first, "arbeidsforhold_id, gyldig_fra", "AFD; 01.03.2018"], [first + 1, "arbeidsforhold_id, gyldig_fra",
                                                                      "AFD; 01.03.2018"]]
    assert "AFD" not in set(rows(engine, "stg_ansatte")["arbeidsforhold_id"])


def test_a_windows_1252_file_reads_norwegian_letters_right(bad):
    """Older exports are Windows-1252; names must not turn into mojibake in the reports."""
    _, engine, _ = bad
    assert {"Bærum kommune", "Øvrige tjenester", "Sjåførtjenesten"} <= set(rows(engine, "stg_organisasjon")["navn"])
    assert "Sjåfør" in set(rows(engine, "ref_stillingskode")["tittel"])
    log = rows(engine, "meta_load_log").set_index("file_name")
    assert log.loc["hr/organisasjon_20190115.csv", "encoding"] == "cp1252"


def test_an_empty_file_is_rejected_with_a_message_and_the_rest_loads(bad):
    """An empty delivery is a failed export: say so, keep the others."""
    summary, engine, _ = bad
    assert [(r.file_name, r.message) for r in summary.rejected] == [("hr/rekruttering_20190115.csv", "Filen er tom.")]
    assert rows(engine, "stg_rekruttering").empty
    q = quarantine(engine, "hr/rekruttering_20190115.csv")
    assert q["rule"].tolist() == ["tom_fil"] and q["line"].isna().all()


def test_no_fodselsnummer_is_stored_anywhere_in_the_warehouse(bad):
    """Personal identity numbers must never leave the landing directory, not even in quarantine."""
    _, engine, _ = bad
    numbers = {r["fodselsnummer"] for r in ansatte_rows()} | {P2, BAD_FNR}
    for name, frame in all_tables(engine).items():
        text = frame.astype(str).to_csv()
        assert not any(n in text for n in numbers), name


def test_a_missing_required_column_rejects_the_file_and_leaves_the_warehouse_unchanged(engine, warehouse_url, tmp_path):
    """Without the column no row can be trusted: nothing of the file loads, and the message names it."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.stillingskoder()
    landing.organisasjon()
    landing.ansatte()
    ingest(landing, tmp_path, warehouse_url)
    before = all_tables(engine)
    from tests.landing import ANSATTE as COLUMNS

    landing.ansatte(stamp="20190201", columns=[c for c in COLUMNS if c != "gyldig_til"])
    summary = ingest(landing, tmp_path, warehouse_url)
    result = summary.by_name("hr/ansatte_20190201.csv")
    assert result.status == "rejected" and "gyldig_til" in result.message
    assert summary.by_name("hr/ansatte_20190115.csv").status == "unchanged"
    after = all_tables(engine)
    for table in before:
        if not table.startswith("meta_"):
            assert after[table].equals(before[table]), table
    assert after["meta_load_log"].set_index("file_name").loc["hr/ansatte_20190201.csv", "status"] == "rejected"
    assert quarantine(engine, "hr/ansatte_20190201.csv")[["column_name", "rule"]].values.tolist() == [
        ["gyldig_til", "mangler_kolonne"]]


def test_hr_ingest_exits_0_and_reports_the_count_when_only_rows_are_bad(tmp_path):
    """Bad rows are not a failed run: the command loads the rest, says how many rows were set aside and
    by which rules, and exits 0 (a scheduler must not page anyone for a typo in one row)."""
    from typer.testing import CliRunner

    from hr.cli import app
    from tests.landing import TEST_KEY

    landing, _ = _write_bad_landing(tmp_path / "landing")
    (landing.root / "hr/rekruttering_20190115.csv").unlink()   # the one file-level case of this landing
    url = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    result = CliRunner().invoke(app, ["ingest", "--landing", str(landing.root), "--warehouse", url],
                                env={"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    engine = create_engine(url)
    try:
        q = quarantine(engine)
        lines = q.dropna(subset=["line"]).drop_duplicates(["file_name", "line"])
        counts = q.groupby("rule").size()
    finally:
        engine.dispose()
    said = " ".join(result.stdout.split())   # rich may wrap the long line of rule counts
    assert f"{len(lines)} rader i karantene: " in said
    for rule, n in counts.items():
        assert f"{rule} ({n})" in said
    assert "Traceback" not in result.stdout + result.stderr and not result.stderr.strip()
