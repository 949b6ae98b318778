"""Every bad-input example of EXTRACTS.md, and every rule of expectations/*.json and of the readers: the
bad row lands in quarantine with (file, line, column, value, rule) and the rule's message, the good rows
of the same file still load; unusable files are rejected whole.

One landing directory holds all the bad rows (each in a row of its own, beside good rows) and is
ingested once per backend; the cases then read what it left in the warehouse. Files refused as a
whole (empty, header only, binary, wrong delimiter or encoding, missing or doubled column, broken
header, cut off) are the catalogue of tests/test_ingest_bad_files.py.
"""

from __future__ import annotations

import pytest

from hr.warehouse import create_engine, ensure_schema
from tests.conftest import new_warehouse_url
from tests.landing import (
    P1,
    P2,
    P3,
    Landing,
    all_tables,
    ansatt,
    ansatte_rows,
    fravaer,
    fravaer_rows,
    ingest,
    innbyggere_rows,
    lonn_rows,
    mal_rows,
    org_rows,
    quarantine,
    rekruttering_rows,
    rows,
    rule_message,
    stillingskode_rows,
)

MASK = "*" * 11
BAD_FNR = P1[:10] + str((int(P1[10]) + 1) % 10)
BAD_D_NUMBER = P3[:10] + str((int(P3[10]) + 1) % 10)  # a D-number (day + 40) with a wrong check digit
ANSATTE, FRAVAER, LONN = "hr/ansatte_20190115.csv", "hr/fravaer_20190115.csv", "lonn/lonn_201901.csv"
ORGANISASJON, REKRUTTERING = "hr/organisasjon_20190115.csv", "hr/rekruttering_20190115.csv"
PENSJON, EMPTY = "pensjon/bkp_2018.csv", "pensjon/klp_2018.csv"
STILLINGSKODER, INNBYGGERE, MAL = "referanse/stillingskoder.csv", "referanse/innbyggere.csv", "referanse/mal.csv"

# The readers' own messages (hr/ingest/parse.py, readers.py); the suites' rules give their meta "beskrivelse".
READER_MESSAGES = {
    "ugyldig_dato": "Datoen kan ikke leses eller finnes ikke i kalenderen; forventet dd.mm.åååå.",
    "ugyldig_tall": "Tallet kan ikke leses; forventet desimalkomma uten tusenskille, f.eks. 62,5.",
    "ugyldig_heltall": "Verdien er ikke et heltall.",
    "ugyldig_jn": "Verdien må være J eller N.",
    "tall_for_stort": "Tallet er for stort til å kunne stemme (og til å lagres); rett verdien i fagsystemet.",
    "feil_antall_felt": "Raden har feil antall felt i forhold til overskriftsraden.",
    "ugyldig_anforselstegn": "Raden har anførselstegn som ikke er parvise eller står midt i et felt.",
}


def message_for(file_name: str, rule: str, column: str | None) -> str:
    return READER_MESSAGES[rule] if rule in READER_MESSAGES else rule_message(file_name, rule, column)


# case -> (changes to an otherwise good row, expected column, value, rule). Each case is its own row.
BAD_ANSATTE = {
    "invalid fødselsnummer": (dict(fodselsnummer=BAD_FNR), "fodselsnummer", MASK, "fodselsnummer_mod11"),
    "invalid D-number": (
        dict(fodselsnummer=BAD_D_NUMBER, fodselsdato="28.02.1999"),
        "fodselsnummer",
        MASK,
        "fodselsnummer_mod11",
    ),
    "missing fødselsnummer": (dict(fodselsnummer=""), "fodselsnummer", "", "verdi_mangler"),
    "gyldig_til before gyldig_fra": (
        dict(gyldig_til="31.12.2017"),
        "gyldig_til",
        "31.12.2017",
        "gyldig_til_for_gyldig_fra",
    ),
    "stillingsprosent above 100": (
        dict(stillingsprosent="120"),
        "stillingsprosent",
        "120",
        "stillingsprosent_intervall",
    ),
    "stillingsprosent 0 when monthly paid": (
        dict(stillingsprosent="0"),
        "stillingsprosent",
        "0",
        "stillingsprosent_null_kun_time",
    ),
    "unknown org unit": (dict(org_enhet="XX999"), "org_enhet", "XX999", "ukjent_org_enhet"),
    "unknown position code": (dict(stillingskode="0000"), "stillingskode", "0000", "ukjent_stillingskode"),
    "impossible date": (dict(gyldig_fra="31.02.2019"), "gyldig_fra", "31.02.2019", "ugyldig_dato"),
    "unparseable number": (dict(stillingsprosent="6O"), "stillingsprosent", "6O", "ugyldig_tall"),
    "unknown code": (dict(lonnsform="UKE"), "lonnsform", "UKE", "lonnsform_kode"),
    "unknown employment form": (dict(ansettelsesform="VIKAR"), "ansettelsesform", "VIKAR", "ansettelsesform_kode"),
    "unknown end reason": (
        dict(gyldig_til="31.12.2018", sluttarsak="SLUTTET"),
        "sluttarsak",
        "SLUTTET",
        "sluttarsak_kode",
    ),
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
    "absence without til_dato": (dict(til_dato=""), "til_dato", "", "verdi_mangler"),
}
BAD_ORGANISASJON = {
    "niva 0": (dict(niva="0"), "niva", "0", "niva_intervall"),
    "niva not an integer": (dict(niva="to"), "niva", "to", "ugyldig_heltall"),
    "unknown parent unit": (dict(overordnet="NOPE"), "overordnet", "NOPE", "ukjent_overordnet"),
    "org unit ends before it starts": (
        dict(gyldig_til="31.12.1999"),
        "gyldig_til",
        "31.12.1999",
        "gyldig_til_for_gyldig_fra",
    ),
    "org unit without a name": (dict(navn=""), "navn", "", "verdi_mangler"),
}
BAD_REKRUTTERING = {
    "posting for 0 positions": (dict(antall_stillinger="0"), "antall_stillinger", "0", "antall_stillinger_minst_en"),
    "negative applicants": (dict(antall_sokere="-1"), "antall_sokere", "-1", "antall_sokere_ikke_negativ"),
    "posting by an unknown unit": (dict(org_enhet="XX999"), "org_enhet", "XX999", "ukjent_org_enhet"),
    "posting for an unknown position code": (
        dict(stillingskode="0000"),
        "stillingskode",
        "0000",
        "ukjent_stillingskode",
    ),
    "posting without a date": (dict(publisert_dato=""), "publisert_dato", "", "verdi_mangler"),
    "positions not an integer": (dict(antall_stillinger="2,5"), "antall_stillinger", "2,5", "ugyldig_heltall"),
    "applicants too large to be true": (
        dict(antall_sokere="3000000000"),
        "antall_sokere",
        "3000000000",
        "tall_for_stort",
    ),
}
BAD_LONN = {
    "periode differs from file name": (dict(periode="2018-12"), "periode", "2018-12", "periode_ulik_filnavn"),
    "unknown wage group": (dict(lonnsartgruppe="BONUS"), "lonnsartgruppe", "BONUS", "lonnsartgruppe_kode"),
    "amount missing": (dict(belop=""), "belop", "", "verdi_mangler"),
    "payroll line for an unknown employment": (
        dict(arbeidsforhold_id="AF404"),
        "arbeidsforhold_id",
        "AF404",
        "ukjent_arbeidsforhold",
    ),
}
BAD_PENSJON = {
    "unknown pension label": (dict(pensjonstype="Alderspensjon"), "pensjonstype", "Alderspensjon", "pensjonstype_kode"),
    "uttaksgrad 0": (dict(uttaksgrad="0"), "uttaksgrad", "0", "uttaksgrad_intervall"),
    "uttaksgrad above 100": (dict(uttaksgrad="100,5"), "uttaksgrad", "100,5", "uttaksgrad_intervall"),
    "pension for an invalid fødselsnummer": (dict(fodselsnummer=BAD_FNR), "fodselsnummer", MASK, "fodselsnummer_mod11"),
    "pension without a start date": (dict(uttaksdato=""), "uttaksdato", "", "verdi_mangler"),
    "pension starting in year 9999": (
        dict(uttaksdato="31.12.9999"),
        "uttaksdato",
        "31.12.9999",
        "uttaksdato_utenfor_filaar",
    ),
    "pension starting before the file's year": (
        dict(uttaksdato="01.01.1800"),
        "uttaksdato",
        "01.01.1800",
        "uttaksdato_utenfor_filaar",
    ),
}
BAD_STILLINGSKODER = {
    "unknown competence group": (dict(kompetansegruppe="ANNET"), "kompetansegruppe", "ANNET", "kompetansegruppe_kode"),
    "position code without a title": (dict(tittel=""), "tittel", "", "verdi_mangler"),
}
BAD_INNBYGGERE = {
    "negative population": (dict(innbyggere="-5"), "innbyggere", "-5", "innbyggere_ikke_negativ"),
    "population with a thousands separator": (dict(innbyggere="127 000"), "innbyggere", "127 000", "ugyldig_heltall"),
    "population missing": (dict(innbyggere=""), "innbyggere", "", "verdi_mangler"),
}
BAD_MAL = {
    "target with a decimal point": (dict(verdi="7.0"), "verdi", "7.0", "ugyldig_tall"),
    "target without a value": (dict(verdi=""), "verdi", "", "verdi_mangler"),
}

# Rows that cannot be split into the header's fields, appended to the fravaer file after the rows above.
STRUCTURAL_FRAVAER = [
    ("too few fields", "F9;AF1;SYKMELDING;01.06.2018", "feil_antall_felt", "4 felt, forventet 6"),
    ("too many fields", "F10;AF1;SYKMELDING;01.06.2018;02.06.2018;100;X", "feil_antall_felt", "7 felt, forventet 6"),
    ("stray quote inside a field", 'F11;AF1;SYKM"ELDING;01.06.2018;02.06.2018;100', "ugyldig_anforselstegn", None),
    ("quote never closed", '"F12;AF1;SYKMELDING;01.06.2018;02.06.2018;100', "ugyldig_anforselstegn", None),
]
QUOTED_GOOD = '"F13";AF1;"SYKMELDING";01.06.2018;02.06.2018;100'  # quoted fields done right load

# What each file with bad rows must still load: its staging table, the column telling rows apart, the keys.
GOOD = {
    ANSATTE: ("stg_ansatte", "arbeidsforhold_id", ["AF1", "AF1", "AF2", "AF3"]),
    FRAVAER: ("stg_fravaer", "fravaer_id", ["F13", "F2", "F3"]),
    ORGANISASJON: ("stg_organisasjon", "org_enhet", ["0219", "OB", "OB210", "PO", "PO110"]),
    REKRUTTERING: ("stg_rekruttering", "utlysning_id", ["U1", "U2"]),
    LONN: ("stg_lonn", "linje", [2, 3, 4]),
    PENSJON: ("stg_pensjon", "linje", [2]),
    STILLINGSKODER: ("ref_stillingskode", "stillingskode", ["1234", "6456", "7174", "9401"]),
    INNBYGGERE: ("ref_innbyggere", "aar", [2018, 2019]),
    MAL: ("ref_mal", "aar", [2018]),
}


def _bad_rows(
    good: list[dict],
    cases: dict,
    base,
    file_name: str,
    key_column: str,
    expected: dict,
    copies: tuple[dict, dict] | None = None,
    dup_column: str = "",
    dup_value: str = "",
    key_type=str,
) -> list[dict]:
    """good rows + one row per case (base(i) with the case's changes) + two copies of one key; their lines
    (and what would identify each in staging had it been loaded) go into `expected`."""
    bad = [{**base(i), **changes} for i, (changes, *_) in enumerate(cases.values())]
    for i, (case, (_, *finding)) in enumerate(cases.items()):
        line = len(good) + 2 + i
        key = line if key_column == "linje" else key_type(bad[i][key_column])
        expected[case] = (file_name, line, tuple(finding), key)
    out = good + bad
    if copies:
        first = len(out) + 2
        expected[f"duplicate key in {file_name}"] = (
            file_name,
            [first, first + 1],
            dup_column,
            dup_value,
            key_type(copies[0][key_column]),
        )
        out += list(copies)
    return out


def _write_bad_landing(root) -> tuple[Landing, dict[str, tuple]]:
    """The landing directory, and for every case: (file, line, (column, value, rule), key), the key being
    what would identify the row in its staging table (GOOD) had it been loaded. Duplicate-key cases:
    (file, [lines of both copies], column, value, key)."""
    landing = Landing(root)
    expected: dict[str, tuple] = {}
    landing.kommune()

    code = lambda i: dict(stillingskode=f"55{i:02d}", tittel="Ukjent", kompetansegruppe="UFAGLAERT")  # noqa: E731
    landing.stillingskoder(
        _bad_rows(
            stillingskode_rows(),
            BAD_STILLINGSKODER,
            code,
            STILLINGSKODER,
            "stillingskode",
            expected,
            (code(90), code(90)),
            "stillingskode",
            "5590",
        ),
        encoding="cp1252",
    )
    aar = lambda i: dict(aar=str(2030 + i), innbyggere="127000")  # noqa: E731
    landing.innbyggere(
        _bad_rows(
            innbyggere_rows() + [dict(aar="2019", innbyggere="127000")],
            BAD_INNBYGGERE,
            aar,
            INNBYGGERE,
            "aar",
            expected,
            (aar(9), aar(9)),
            "aar",
            "2039",
            int,
        )
    )

    def target(i):
        return dict(
            aar=str(2030 + i),
            org_enhet="PO",
            indikator="sykefravaer_prosent",
            verdi="6,5",
        )

    landing.mal(
        _bad_rows(
            mal_rows(),
            BAD_MAL,
            target,
            MAL,
            "aar",
            expected,
            (target(9), target(9)),
            "aar, org_enhet, indikator",
            "2039; PO; sykefravaer_prosent",
            int,
        )
    )

    def unit(i):
        return dict(
            org_enhet=f"XB{i}",
            navn="Ny enhet",
            overordnet="PO",
            niva="3",
            gyldig_fra="01.01.2000",
            gyldig_til="",
        )

    landing.organisasjon(
        _bad_rows(
            org_rows(),
            BAD_ORGANISASJON,
            unit,
            ORGANISASJON,
            "org_enhet",
            expected,
            (unit(9), unit(9)),
            "org_enhet, gyldig_fra",
            "XB9; 01.01.2000",
        ),
        encoding="cp1252",
        newline="\r\n",
    )

    version = lambda i: ansatt(arbeidsforhold_id=f"BAD{i}")  # noqa: E731
    dup = (
        ansatt(arbeidsforhold_id="AFD", gyldig_fra="01.03.2018"),  # one version delivered twice
        ansatt(arbeidsforhold_id="AFD", gyldig_fra="01.03.2018", stillingsprosent="50"),
    )
    landing.ansatte(
        _bad_rows(
            ansatte_rows(),
            BAD_ANSATTE,
            version,
            ANSATTE,
            "arbeidsforhold_id",
            expected,
            dup,
            "arbeidsforhold_id, gyldig_fra",
            "AFD; 01.03.2018",
        )
    )

    absence = lambda i: fravaer(fravaer_id=f"FB{i}")  # noqa: E731
    lines = _bad_rows(fravaer_rows(), BAD_FRAVAER, absence, FRAVAER, "fravaer_id", expected)
    lines.append(fravaer(fra_dato="01.05.2018", til_dato="02.05.2018"))  # a second F1, far from the first: both go
    expected[f"duplicate key in {FRAVAER}"] = (FRAVAER, [2, len(lines) + 1], "fravaer_id", "F1", "F1")
    path = landing.fravaer(lines)
    path.write_text(path.read_text() + "".join(line + "\n" for _, line, *_ in STRUCTURAL_FRAVAER) + QUOTED_GOOD + "\n")

    def posting(i):
        return dict(
            utlysning_id=f"UB{i}",
            org_enhet="PO110",
            stillingskode="7174",
            publisert_dato="01.03.2018",
            antall_stillinger="1",
            antall_sokere="4",
        )

    landing.rekruttering(
        _bad_rows(
            rekruttering_rows(),
            BAD_REKRUTTERING,
            posting,
            REKRUTTERING,
            "utlysning_id",
            expected,
            (posting(9), posting(9)),
            "utlysning_id",
            "UB9",
        )
    )

    good = lonn_rows("2019-01")
    from tests.landing import LONN as LONN_COLUMNS

    lines = _bad_rows(good, BAD_LONN, lambda i: good[0], LONN, "linje", expected)
    landing.lonn("201901", [dict(r, kostnadssted="K1") for r in lines], columns=["kostnadssted", *LONN_COLUMNS])

    good = [dict(fodselsnummer=P2, pensjonstype="alderspensjon", uttaksdato="01.01.2018", uttaksgrad="100")]
    other_day = lambda i: dict(good[0], uttaksdato=f"{i + 2:02d}.02.2018")  # noqa: E731  (a key of its own)
    landing.pensjon_csv("bkp", "2018", _bad_rows(good, BAD_PENSJON, other_day, PENSJON, "linje", expected))

    landing.bytes(EMPTY, b"")  # an empty file
    return landing, expected


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def bad(request, tmp_path_factory):
    """The bad landing directory ingested once into a fresh warehouse of each backend."""
    tmp = tmp_path_factory.mktemp(f"bad_{request.param}")
    url = new_warehouse_url(request, tmp)
    engine = create_engine(url)
    ensure_schema(engine)
    landing, expected = _write_bad_landing(tmp / "landing")
    summary = ingest(landing, tmp, url)
    yield summary, engine, expected
    engine.dispose()


ROW_CASES = [
    *BAD_ANSATTE,
    *BAD_FRAVAER,
    *BAD_ORGANISASJON,
    *BAD_REKRUTTERING,
    *BAD_LONN,
    *BAD_PENSJON,
    *BAD_STILLINGSKODER,
    *BAD_INNBYGGERE,
    *BAD_MAL,
]
DUPLICATE_CASES = [
    f"duplicate key in {f}" for f in (STILLINGSKODER, INNBYGGERE, MAL, ORGANISASJON, ANSATTE, FRAVAER, REKRUTTERING)
]


def _staged_keys(engine, file_name: str) -> list:
    table, key_column, _ = GOOD[file_name]
    return sorted(rows(engine, table)[key_column].tolist())


@pytest.mark.parametrize("case", ROW_CASES)
def test_a_bad_row_is_quarantined_with_file_line_column_value_and_rule(bad, case):
    """HR must be able to find and fix each rejected row from the quarantine alone (the message says what
    is wrong); the row is not loaded, and every good row of the same file is."""
    summary, engine, expected = bad
    file_name, line, (column, value, rule), key = expected[case]
    q = quarantine(engine, file_name)
    at_line = q[q["line"] == line]
    assert at_line[["column_name", "verdi", "rule", "message"]].values.tolist() == [
        [column, value, rule, message_for(file_name, rule, column)]
    ]
    assert summary.by_name(file_name).status == "loaded"
    assert rule in summary.by_name(file_name).quarantine_by_rule
    assert _staged_keys(engine, file_name) == GOOD[file_name][2], f"{case}: not exactly the good rows loaded"
    assert key not in _staged_keys(engine, file_name)


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
    assert at_line[["column_name", "verdi", "rule", "message"]].values.tolist() == [
        [None, value, rule, READER_MESSAGES[rule]]
    ]
    assert text.split(";")[0].strip('"') not in set(rows(engine, "stg_fravaer")["fravaer_id"])
    assert _staged_keys(engine, FRAVAER) == GOOD[FRAVAER][2]  # incl. F13, the well-quoted row after them


@pytest.mark.parametrize("case", DUPLICATE_CASES)
def test_a_duplicate_key_quarantines_every_copy(bad, case):
    """Which copy is right cannot be known, so neither may be counted: both are set aside, by the key."""
    _, engine, expected = bad
    file_name, lines, column, value, key = expected[case]
    q = quarantine(engine, file_name)
    dups = q[q["rule"] == "duplikat_nokkel"]
    message = rule_message(file_name, "duplikat_nokkel", column)
    assert dups[["line", "column_name", "verdi", "message"]].values.tolist() == [
        [line, column, value, message] for line in lines
    ]
    assert q[q["line"].isin(lines)]["rule"].tolist() == ["duplikat_nokkel", "duplikat_nokkel"]
    assert key not in _staged_keys(engine, file_name)
    assert _staged_keys(engine, file_name) == GOOD[file_name][2]


def test_a_unit_whose_parent_row_is_quarantined_is_quarantined_too(engine, warehouse_url, tmp_path):
    """Otherwise int_org_omrade places the unit (and everyone in it) in an area that does not exist."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.organisasjon(
        org_rows()
        + [
            dict(
                org_enhet="NY",
                navn="Nytt område",
                overordnet="0219",
                niva="2",
                gyldig_fra="01.01.2000",
                gyldig_til="31.12.1999",
            ),  # quarantined: ends before it starts
            dict(org_enhet="NY100", navn="Ny enhet", overordnet="NY", niva="3", gyldig_fra="01.01.2000", gyldig_til=""),
        ]
    )
    ingest(landing, tmp_path, warehouse_url)
    q = quarantine(engine, ORGANISASJON)
    assert q[q["line"] == 7]["rule"].tolist() == ["gyldig_til_for_gyldig_fra"]
    assert "NY100" not in set(rows(engine, "stg_organisasjon")["org_enhet"])
    assert q[q["line"] == 8][["column_name", "verdi"]].values.tolist() == [["overordnet", "NY"]]


def test_good_rows_of_a_file_with_bad_rows_still_load(bad):
    """One bad row must not cost the others: every good row of each file is in staging."""
    summary, engine, _ = bad
    for file_name, (_, _, keys) in GOOD.items():
        assert _staged_keys(engine, file_name) == keys, file_name
    assert rows(engine, "stg_pensjon")["pensjonstype"].tolist() == ["ALDER"]
    result = summary.by_name(ANSATTE)
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        "loaded",
        4 + len(BAD_ANSATTE) + 2,
        4,
        len(BAD_ANSATTE) + 2,
    )
    log = rows(engine, "meta_load_log").set_index("file_name")
    assert log.loc[ANSATTE, "rows_quarantined"] == len(BAD_ANSATTE) + 2
    for f in summary.files:  # every row read is either loaded or quarantined
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f.file_name


def test_unknown_extra_columns_are_ignored_and_reported(bad):
    """Exports add their own columns; they must not stop the load, but the extra column is worth knowing about."""
    summary, engine, _ = bad
    assert summary.by_name(LONN).message == "Ukjente kolonner er ikke lest: kostnadssted."
    assert rows(engine, "meta_load_log").set_index("file_name").loc[LONN, "message"] == summary.by_name(LONN).message


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
    assert [(r.file_name, r.message) for r in summary.rejected] == [(EMPTY, "Filen er tom.")]
    assert set(rows(engine, "stg_pensjon")["leverandor"]) == {"BKP"}  # nothing from KLP, BKP's good row loads
    assert rows(engine, "meta_load_log").set_index("file_name").loc[EMPTY, "status"] == "rejected"
    q = quarantine(engine, EMPTY)
    assert q[["rule", "message"]].values.tolist() == [["tom_fil", "Filen er tom."]] and q["line"].isna().all()


def test_no_fodselsnummer_is_stored_anywhere_in_the_warehouse(bad):
    """Personal identity numbers must never leave the landing directory, not even in quarantine."""
    _, engine, _ = bad
    numbers = {r["fodselsnummer"] for r in ansatte_rows()} | {P2, BAD_FNR, BAD_D_NUMBER}
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
        ["gyldig_til", "mangler_kolonne"]
    ]


def test_hr_ingest_exits_0_and_reports_the_count_when_only_rows_are_bad(tmp_path):
    """Bad rows are not a failed run: the command loads the rest, says how many rows were set aside and
    by which rules, and exits 0 (a scheduler must not page anyone for a typo in one row)."""
    from typer.testing import CliRunner

    from hr.cli import app
    from tests.landing import TEST_KEY

    landing, _ = _write_bad_landing(tmp_path / "landing")
    (landing.root / EMPTY).unlink()  # the one file-level case of this landing
    url = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    result = CliRunner().invoke(
        app,
        ["ingest", "--landing", str(landing.root), "--warehouse", url],
        env={"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    engine = create_engine(url)
    try:
        q = quarantine(engine)
        lines = q.dropna(subset=["line"]).drop_duplicates(["file_name", "line"])
        counts = q.groupby("rule").size()
    finally:
        engine.dispose()
    said = " ".join(result.stdout.split())  # rich may wrap the long line of rule counts
    assert f"{len(lines)} rader i karantene: " in said
    for rule, n in counts.items():
        assert f"{rule} ({n})" in said
    assert "Traceback" not in result.stdout + result.stderr and not result.stderr.strip()
