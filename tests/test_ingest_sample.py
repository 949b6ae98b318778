"""The contract's sample landing directory loads as the contract implies; pensions of all providers map right."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl

from hr.paths import SAMPLE_LANDING
from hr.warehouse import query
from tests.landing import P1, P2, P3, Landing, ingest, person_id, quarantine, rows

SAMPLE = SAMPLE_LANDING


def test_the_sample_landing_directory_loads_every_file_and_row(engine, warehouse_url, tmp_path):
    """The sample is the contract by example: every row in it is valid and every reference resolves."""
    summary = ingest(SAMPLE, tmp_path, warehouse_url)
    assert summary.kommunenummer == "0219"
    assert {f.status for f in summary.files} == {"loaded"} and len(summary.files) == 13
    assert summary.rows_quarantined == 0 and summary.ignored == []
    counts = {
        t: len(rows(engine, t))
        for t in (
            "stg_organisasjon",
            "stg_ansatte",
            "stg_fravaer",
            "stg_rekruttering",
            "stg_lonn",
            "stg_pensjon",
            "ref_stillingskode",
            "ref_mal",
            "ref_innbyggere",
            "ref_tekst",
        )
    }
    assert counts == {
        "stg_organisasjon": 7,
        "stg_ansatte": 4,
        "stg_fravaer": 4,
        "stg_rekruttering": 2,
        "stg_lonn": 3,
        "stg_pensjon": 4,
        "ref_stillingskode": 5,
        "ref_mal": 2,
        "ref_innbyggere": 2,
        "ref_tekst": 1,
    }
    kommune = rows(engine, "ref_kommune")
    assert kommune[["kommunenummer", "navn", "min_n"]].values.tolist() == [["0219", "Bærum kommune", 5]]
    # organisasjon is Windows-1252 with CRLF in the sample
    assert {"Bærum kommune", "Øvrevoll sykehjem"} <= set(rows(engine, "stg_organisasjon")["navn"])
    ansatte = rows(engine, "stg_ansatte", ["arbeidsforhold_id", "gyldig_fra"])
    assert ansatte["person_id"].iloc[0] == ansatte["person_id"].iloc[1] == person_id("01017516430")
    assert [float(v) for v in ansatte["stillingsprosent"]] == [80.0, 100.0, 62.5, 0.0]
    assert ansatte["innvandrerbakgrunn"].tolist() == [False, False, True, False]
    lonn = rows(engine, "stg_lonn", ["linje"])
    assert lonn["linje"].tolist() == [2, 3, 4] and [float(v) for v in lonn["belop"]] == [48250.0, 1250.0, 4848.75]


def test_pension_labels_of_all_three_providers_map_to_afp_alder_ufore(engine, warehouse_url, tmp_path):
    """Each provider names the same pension types differently; the reports count them together."""
    ingest(SAMPLE, tmp_path, warehouse_url)
    got = rows(engine, "stg_pensjon", ["leverandor", "linje"])
    assert got[["leverandor", "aar", "linje", "pensjonstype"]].values.tolist() == [
        ["BKP", 2018, 2, "ALDER"],
        ["KLP", 2018, 2, "AFP"],
        ["KLP", 2018, 3, "UFORE"],
        ["SPK", 2018, 2, "AFP"],
    ]
    assert got.set_index("leverandor").loc["SPK", "uttaksdato"] == date(2018, 6, 1)


def test_spk_workbook_with_real_date_cells_and_all_labels_loads(engine, warehouse_url, tmp_path):
    """SPK delivers Excel with real date cells (and numbers that lost their leading zero)."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    path = landing.spk_xlsx(
        "2019",
        [
            (P1, "Avtalefestet pensjon", datetime(2019, 3, 1), 100),
            (int(P1), "Alderspensjon", date(2019, 5, 1), 100),  # typed as a number: leading zero gone
            (P2, "Uførepensjon", datetime(2019, 9, 1), 62.5),
            (P3, "Uførepensjon", "31.09.2019", 50),  # text, and 31 September does not exist
            (P2, "AFP", datetime(2019, 1, 1), 100),  # KLP's label is not SPK's
        ],
    )
    cell = openpyxl.load_workbook(path).active["C2"]
    assert cell.is_date and isinstance(cell.value, datetime)
    summary = ingest(landing, tmp_path, warehouse_url)
    result = summary.by_name("pensjon/spk_2019.xlsx")
    assert (result.status, result.rows_read, result.rows_loaded) == ("loaded", 5, 3)
    got = rows(engine, "stg_pensjon", ["linje"])
    assert got[["linje", "pensjonstype", "uttaksdato"]].values.tolist() == [
        [2, "AFP", date(2019, 3, 1)],
        [3, "ALDER", date(2019, 5, 1)],
        [4, "UFORE", date(2019, 9, 1)],
    ]
    assert got["person_id"].iloc[1] == person_id(P1)
    assert [float(v) for v in got["uttaksgrad"]] == [100.0, 100.0, 62.5]
    q = quarantine(engine, "pensjon/spk_2019.xlsx")
    assert q[["line", "column_name", "verdi", "rule"]].values.tolist() == [
        [5, "uttaksdato", "31.09.2019", "ugyldig_dato"],
        [6, "pensjonstype", "AFP", "pensjonstype_kode"],
    ]


def test_data_quality_marts_list_the_extracts_in_use_and_quarantine_per_rule(engine, warehouse_url, tmp_path):
    """The reports' data-quality section must show exactly the files behind the figures and why rows were set aside."""
    landing = Landing(tmp_path / "landing").standard()
    from tests.landing import ansatt, ansatte_rows

    landing.ansatte(
        [*ansatte_rows(), ansatt(arbeidsforhold_id="AF8", kjonn="X"), ansatt(arbeidsforhold_id="AF9", kjonn="Y")]
    )
    landing.ansatte(stamp="20180101")  # superseded: not in use
    ingest(landing, tmp_path, warehouse_url)
    with engine.connect() as conn:
        extracts = query(conn, "marts/data_quality_extracts.sql", kommunenummer="0219")
        found = query(conn, "marts/data_quality_quarantine.sql", kommunenummer="0219")
        other = query(conn, "marts/data_quality_extracts.sql", kommunenummer="0301")
    assert list(extracts.columns) == [
        "kind",
        "file_name",
        "file_date",
        "checksum",
        "rows_read",
        "rows_loaded",
        "rows_quarantined",
    ]
    assert "hr/ansatte_20180101.csv" not in set(extracts["file_name"]) and len(extracts) == 13
    row = extracts.set_index("file_name").loc["hr/ansatte_20190115.csv"]
    assert (row["file_date"], row["rows_read"], row["rows_loaded"], row["rows_quarantined"]) == ("2019-01-15", 6, 4, 2)
    assert len(row["checksum"]) == 64
    assert found[["file_name", "rule", "count"]].values.tolist() == [["hr/ansatte_20190115.csv", "kjonn_kode", 2]]
    assert found["message"].iloc[0] == "Kjønn må være K eller M."
    assert other.empty
