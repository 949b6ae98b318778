"""Fødselsnummer nowhere (issue 16 item 6): a valid number (today's rule or the 2032 rule) in any column
but the fødselsnummer column sets its row aside when the column is an id, key or code (masking would
break the joins), and is masked before storing, the row loading and flagged, in free text (unit names,
position titles, the report texts). The quarantine shows every 11-digit value masked, valid or not."""

from __future__ import annotations

from hr.ingest.fodselsnummer import is_valid
from tests.landing import (
    P2,
    Landing,
    all_tables,
    ansatt,
    ansatte_rows,
    fravaer,
    fravaer_rows,
    ingest,
    org_rows,
    quarantine,
    rows,
    stillingskode_rows,
)
from tests.test_ingest_fodselsnummer import _with_k1_remainder

MASK = "*" * 11
NEW_RULE = _with_k1_remainder("150890456", 2)  # passes only the widened k1 rule of 2032
ANSATTE, FRAVAER = "hr/ansatte_20190115.csv", "hr/fravaer_20190115.csv"
ORG, KODER = "hr/organisasjon_20190115.csv", "referanse/stillingskoder.csv"


def _team(navn: str) -> dict:
    """A unit PO120 under PO whose name is free text (line 7 of the organisation file)."""
    return dict(org_enhet="PO120", navn=navn, overordnet="PO", niva="3", gyldig_fra="01.01.2000", gyldig_til="")


def _landing(root) -> Landing:
    landing = Landing(root)
    landing.kommune()
    landing.stillingskoder(
        stillingskode_rows() + [dict(stillingskode="9402", tittel=f"Konsulent {P2}", kompetansegruppe="HOYSKOLE")]
    )
    landing.organisasjon(org_rows() + [_team(f"Team {P2[:6]} {P2[6:]}")])
    landing.ansatte(
        ansatte_rows()
        + [
            ansatt(ansattnr=P2, arbeidsforhold_id="AF7"),  # line 6
            ansatt(ansattnr=NEW_RULE, arbeidsforhold_id="AF8"),  # line 7
            ansatt(arbeidsforhold_id=f"{P2[:6]}-{P2[6:]}"),  # line 8
            ansatt(ansattnr="12345678901", arbeidsforhold_id="AF9"),  # line 9: not a valid number
        ]
    )
    landing.fravaer(fravaer_rows() + [fravaer(fravaer_id=P2)])
    landing.tekst(content=f"## Tiltak\n\nRing 22 33 44 55 om saken til {P2}.\n")
    return landing


def test_a_fodselsnummer_in_an_id_column_sets_the_row_aside(engine, warehouse_url, tmp_path):
    assert is_valid(NEW_RULE)
    summary = ingest(_landing(tmp_path / "landing"), tmp_path, warehouse_url)

    q = quarantine(engine, ANSATTE)
    mine = q[q["rule"] == "fodselsnummer_i_feltet"]
    assert mine[["line", "column_name", "verdi"]].values.tolist() == [
        [6, "ansattnr", MASK],
        [7, "ansattnr", MASK],
        [8, "arbeidsforhold_id", MASK],
    ]
    assert set(mine["message"].str.startswith("Feltet inneholder et fødselsnummer")) == {True}
    assert sorted(set(rows(engine, "stg_ansatte")["arbeidsforhold_id"])) == ["AF1", "AF2", "AF3", "AF9"]
    assert summary.by_name(ANSATTE).quarantine_by_rule["fodselsnummer_i_feltet"] == 3
    f = quarantine(engine, FRAVAER)
    assert f.loc[f["rule"] == "fodselsnummer_i_feltet", ["column_name", "verdi"]].values.tolist() == [
        ["fravaer_id", MASK]
    ]


def test_a_fodselsnummer_in_free_text_is_masked_and_the_row_loads_flagged(engine, warehouse_url, tmp_path):
    summary = ingest(_landing(tmp_path / "landing"), tmp_path, warehouse_url)

    org = rows(engine, "stg_organisasjon").set_index("org_enhet")
    assert org.loc["PO120", "navn"] == f"Team {MASK}"
    assert rows(engine, "ref_stillingskode").set_index("stillingskode").loc["9402", "tittel"] == f"Konsulent {MASK}"
    assert summary.by_name(ORG).rows_quarantined == 0 and summary.by_name(KODER).rows_quarantined == 0
    assert "Fødselsnummer i fritekst er maskert før lagring: kolonne navn, linje 7." in summary.by_name(ORG).message
    log = rows(engine, "meta_load_log").set_index("file_name")
    assert "kolonne tittel, linje 6" in log.loc[KODER, "message"]
    text = rows(engine, "ref_tekst")["innhold"].iloc[0]
    assert f"om saken til {MASK}." in text and "22 33 44 55" in text  # other digits stay


def test_the_numbers_are_in_no_table(engine, warehouse_url, tmp_path):
    ingest(_landing(tmp_path / "landing"), tmp_path, warehouse_url)
    q = quarantine(engine, ANSATTE)
    assert q.loc[q["line"] == 9].empty  # an 11-digit id that is no fødselsnummer loads...
    assert "12345678901" in set(rows(engine, "stg_ansatte")["ansattnr"])
    for name, frame in all_tables(engine).items():
        text = frame.astype(str).to_csv()
        for n in (P2, NEW_RULE):
            assert n not in text and f"{n[:6]} {n[6:]}" not in text and f"{n[:6]}-{n[6:]}" not in text, name


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_a_fodselsnummer_in_full_width_digits_is_the_same_number(engine, warehouse_url, tmp_path):
    """Digits of another script (full-width ０-９, as some keyboards and PDFs give them) are the same
    person's number: in free text it is masked like any other, in the fødselsnummer column it gives the same
    pseudonym as in ASCII digits, and nothing stops the ingest (it once ended in an ASCII encoding error)."""
    wide = P2.translate(FULL_WIDTH)
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.stillingskoder()
    landing.organisasjon(org_rows() + [_team(f"Team {wide}")])
    landing.ansatte(
        ansatte_rows()
        + [
            ansatt(ansattnr="20001", fodselsnummer=P2, arbeidsforhold_id="AF7"),
            ansatt(ansattnr="20002", fodselsnummer=wide, arbeidsforhold_id="AF8"),
        ]
    )
    landing.fravaer(fravaer_rows())
    summary = ingest(landing, tmp_path, warehouse_url)

    assert summary.by_name(ORG).rows_quarantined == 0
    assert rows(engine, "stg_organisasjon").set_index("org_enhet").loc["PO120", "navn"] == f"Team {MASK}"
    staged = rows(engine, "stg_ansatte").set_index("arbeidsforhold_id")
    assert staged.loc["AF7", "person_id"] == staged.loc["AF8", "person_id"]
    for name, frame in all_tables(engine).items():
        text = frame.astype(str).to_csv()
        assert wide not in text and P2 not in text, name


def test_a_file_name_with_full_width_digits_is_not_read_as_a_delivery(tmp_path):
    """lonn/lonn_２０１９０２.csv matches no pattern of the contract (its date is not ASCII digits): it is
    listed as not read instead of being loaded and every row set aside for a period that does not match."""
    from hr.ingest.files import LandingFile, classify

    assert isinstance(classify("lonn/lonn_201902.csv", tmp_path / "x"), LandingFile)
    assert classify("lonn/lonn_" + "201902".translate(FULL_WIDTH) + ".csv", tmp_path / "x") is None
