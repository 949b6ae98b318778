"""A fødselsnummer written in groups (hostile finding of 6 Dec): «01.01.75 16430», «0101 7516 430»,
«010175 - 16430», «010175–16430» (Word's en dash) and the like were published as written in the reports'
texts and unit names, and shown in quarantine and in file names. Eleven digits in groups separated by up to
three separator characters (spaces of any kind, tab, hyphens and dashes, dot, comma, slash, underscore,
zero-width characters) are one number when they pass the check digits: masked in free text, set aside in an
id, shown masked in quarantine and in a file name. Other digits in groups stay (a phone number, a date).
Independent of the warehouse: DuckDB only."""

from __future__ import annotations

import pandas as pd
import pytest

from hr.ingest.files import IgnoredFile
from hr.ingest.fnr_scan import has_number, mask_numbers
from hr.ingest.fodselsnummer import is_valid
from hr.ingest.pseudonym import masked_anywhere
from tests.landing import Landing, all_tables, ingest, org_rows, rows

NUMBER = "01017516430"
MASK = "*" * 11
FORMS = [
    "01.01.75 16430",
    "01.01.75-16430",
    "01-01-75-16430",
    "010175 - 16430",
    "010175  16430",
    "010175\u201316430",  # en dash
    "010175\u201116430",  # non-breaking hyphen
    "010175\u221216430",  # minus sign
    "010175/16430",
    "010175_16430",
    "010175,16430",
    "010175\t16430",
    "010175\u200b16430",  # zero-width space
    "0101 7516 430",
    "01 01 75 164 30",
    "010175 16430",  # the forms found before stay found
    "010175-16430",
    "01017516430",
]


def test_the_number_is_valid():
    assert is_valid(NUMBER)


@pytest.mark.parametrize("form", FORMS, ids=repr)
def test_a_number_in_groups_is_found_and_masked_in_free_text(form):
    text = f"Spørsmål: ring {form} i dag."
    assert has_number(text)
    assert mask_numbers(text) == f"Spørsmål: ring {MASK} i dag."


@pytest.mark.parametrize(
    "text",
    [
        "Ring 22 33 44 55 eller 67 50 00 00.",  # phone numbers: 16 digits in groups, no 11 on group boundaries
        "Fra 01.01.2018 til 31.12.2018, 12 345 kroner.",
        "Saksnr. 2018/12345-67",
        "0101 7516 431",  # the check digits fail: not a fødselsnummer
    ],
)
def test_other_digits_in_groups_stay(text):
    assert not has_number(text) and mask_numbers(text) == text


@pytest.mark.parametrize("form", FORMS, ids=repr)
def test_quarantine_and_file_names_show_the_number_masked(form):
    assert masked_anywhere(pd.Series([f"x {form} y"])).tolist() == [f"x {MASK} y"]
    shown = IgnoredFile(f"sykemelding_{form}.csv", "Ukjent filnavn.").file_name
    assert "16430" not in shown and MASK in shown, shown


def test_a_number_in_groups_reaches_no_table_of_the_warehouse(duckdb_url, tmp_path):
    landing = Landing(tmp_path / "landing").hr_only()
    team = dict(org_enhet="PO120", navn="Team (kontakt 01.01.75 16430)", overordnet="PO", niva="3")
    landing.organisasjon(org_rows() + [{**team, "gyldig_fra": "01.01.2000", "gyldig_til": ""}])
    landing.tekst(content="## Tiltak\n\nSpørsmål: ring 0101 7516 430 eller 010175 \u2013 16430.\n")
    ingest(landing, tmp_path, duckdb_url)
    from hr.warehouse import create_engine

    engine = create_engine(duckdb_url)
    try:
        assert rows(engine, "stg_organisasjon").set_index("org_enhet").loc["PO120", "navn"] == f"Team (kontakt {MASK})"
        assert f"ring {MASK} eller {MASK}." in rows(engine, "ref_tekst")["innhold"].iloc[0]
        dump = "\n".join(frame.astype(str).to_csv() for frame in all_tables(engine).values())
        assert "16430" not in dump
    finally:
        engine.dispose()


def test_a_number_in_the_free_text_of_the_measures_register_is_masked_and_the_measure_kept(duckdb_url, tmp_path):
    """tiltak.csv's `ansvarlig` is written by HR as text: a number in it is masked and the measure listed (it
    was set aside as if the column were an id, and the measure silently left the report)."""
    from tests.test_tiltak import COLUMNS, measure

    landing = Landing(tmp_path / "landing").hr_only()
    landing.csv(
        "referanse/tiltak.csv",
        COLUMNS,
        [measure("T1", "PO", "Nærvær", "Leder (tlf. 0101 7516 430)", "01.02.2018", "", "PAGAR")],
    )
    ingest(landing, tmp_path, duckdb_url)
    from hr.warehouse import create_engine

    engine = create_engine(duckdb_url)
    try:
        assert rows(engine, "ref_tiltak")["ansvarlig"].tolist() == [f"Leder (tlf. {MASK})"]
    finally:
        engine.dispose()
