"""A fødselsnummer delivered in the wrong column must not reach quarantine as the rejected value."""

from __future__ import annotations

from tests.landing import P2, Landing, all_tables, ansatt, ansatte_rows, ingest, quarantine


def test_fodselsnummer_in_a_date_column_is_masked_in_quarantine(engine, warehouse_url, tmp_path):
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.stillingskoder()
    landing.organisasjon()
    # A copy-paste slip in the HR system: the number lands in gyldig_fra, once bare, once with a space.
    rows = ansatte_rows() + [
        ansatt(arbeidsforhold_id="AF8", gyldig_fra=P2),
        ansatt(arbeidsforhold_id="AF9", gyldig_fra=f"{P2[:6]} {P2[6:]}"),
    ]
    landing.ansatte(rows=rows)
    ingest(landing, tmp_path, warehouse_url)

    bad = quarantine(engine, "hr/ansatte_20190115.csv")
    in_gyldig_fra = bad[bad["column_name"] == "gyldig_fra"]
    assert len(in_gyldig_fra) == 2, bad[["line", "column_name", "rule"]]
    assert set(in_gyldig_fra["verdi"]) == {"***********"}
    for name, frame in all_tables(engine).items():
        text = frame.astype(str).to_csv()
        assert P2 not in text and f"{P2[:6]} {P2[6:]}" not in text, name


def test_other_wrong_values_are_still_shown_as_delivered(engine, warehouse_url, tmp_path):
    """Masking is for identity numbers only: a broken date must stay visible so it can be fixed at the source.
    Any 11 digits are masked, valid or not: a number with a typo in its check digits is still a person's."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.stillingskoder()
    landing.organisasjon()
    landing.ansatte(
        rows=ansatte_rows()
        + [
            ansatt(arbeidsforhold_id="AF8", gyldig_fra="31.02.2019"),
            ansatt(arbeidsforhold_id="AF9", gyldig_fra="12345678901"),
        ]
    )
    ingest(landing, tmp_path, warehouse_url)
    bad = quarantine(engine, "hr/ansatte_20190115.csv")
    assert set(bad.loc[bad["column_name"] == "gyldig_fra", "verdi"]) == {"31.02.2019", "***********"}


def test_a_fodselsnummer_in_a_header_is_masked_in_every_message_and_table(duckdb_url, tmp_path):
    """A header is data too: an unknown column named by a number (noted as not read) and a number-named
    column given twice (the file rejected, the column quoted) are masked in the load log, the quarantine
    and the summary. Masking happens before anything is stored, so one warehouse shows it."""
    from hr.warehouse import create_engine

    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.stillingskoder()
    landing.organisasjon()
    landing.ansatte()
    org = landing.root / "hr" / "organisasjon_20190115.csv"
    header, rest = org.read_bytes().split(b"\n", 1)
    org.write_bytes(header + f";{P2[:6]}-{P2[6:]}\n".encode() + rest)
    ansatte = landing.root / "hr" / "ansatte_20190115.csv"
    header, rest = ansatte.read_bytes().split(b"\n", 1)
    ansatte.write_bytes(header + f";{P2};{P2}\n".encode() + rest)
    summary = ingest(landing, tmp_path, duckdb_url)
    said = " ".join(f"{f.file_name} {f.status} {f.message}" for f in summary.files)
    assert "Ukjente kolonner er ikke lest: ***********." in said and "Kolonnen «***********» står to ganger" in said
    stored = " ".join(frame.astype(str).to_csv() for frame in all_tables(create_engine(duckdb_url)).values())
    for text in (said, stored):
        assert P2 not in text and f"{P2[:6]}-{P2[6:]}" not in text
