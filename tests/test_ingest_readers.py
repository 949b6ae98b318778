"""Reading delivered bytes: encodings, the `;` dialect, header handling, line numbers, typing."""

from __future__ import annotations

import pandas as pd
import pytest

from hr.ingest.parse import parse_booleans, parse_dates, parse_decimals, parse_ints
from hr.ingest.readers import FileRejected, read_csv

COLS = ["org_enhet", "navn", "niva"]


def _read(text: str | bytes, columns=COLS, allow_empty=False, encoding="utf-8"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return read_csv(data, columns, allow_empty)


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_norwegian_letters_come_out_right_in_every_accepted_encoding(encoding, bom):
    """Older exports are Windows-1252: «Bærum», «Sjåfør», «Øvrige» must read the same as from UTF-8."""
    text = "org_enhet;navn;niva\nA;Bærum;1\nB;Sjåfør;2\nC;Øvrige;3\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    table = _read(data)
    assert table.frame["navn"].tolist() == ["Bærum", "Sjåfør", "Øvrige"]
    assert table.encoding == {"utf-8": "utf-8-sig" if bom else "utf-8", "cp1252": "cp1252"}[encoding]


def test_header_in_any_order_crlf_and_extra_columns_are_accepted_and_reported():
    """Exports reorder columns and add their own; neither may break the load."""
    table = _read("niva;ekstra;navn;org_enhet\r\n1;x;Kommunen;K\r\n2;y;Område;PO\r\n")
    assert table.frame[COLS].values.tolist() == [["K", "Kommunen", "1"], ["PO", "Område", "2"]]
    assert table.frame["_line"].tolist() == [2, 3]
    assert table.extra_columns == ["ekstra"]


def test_missing_required_column_rejects_the_file_naming_the_column():
    """Without a required column no row can be trusted; the message must say which column."""
    with pytest.raises(FileRejected) as exc:
        _read("org_enhet;navn\nK;Kommunen\n")
    assert exc.value.rule == "mangler_kolonne" and exc.value.column == "niva"
    assert "niva" in exc.value.message


def test_rows_with_wrong_field_count_or_stray_quotes_go_to_quarantine_with_their_line():
    """One broken row must not stop the good rows around it, and must be findable by line."""
    table = _read('org_enhet;navn;niva\nK;Kommunen;1\nPO;Område\n\nOB;"Oppvekst; barn";2\nX;Ab"c;2\nY;Z;2;9\n')
    assert table.frame["org_enhet"].tolist() == ["K", "OB"]
    assert table.frame["navn"].tolist() == ["Kommunen", "Oppvekst; barn"]
    assert table.frame["_line"].tolist() == [2, 5]
    found = {(f.line, f.rule) for f in table.findings}
    assert found == {(3, "feil_antall_felt"), (6, "ugyldig_anforselstegn"), (7, "feil_antall_felt")}
    assert table.rows_read == 5  # the blank line 4 is not a row


@pytest.mark.parametrize(
    "data,rule",
    [
        (b"", "tom_fil"),
        (b"  \r\n", "tom_fil"),
        (b"org_enhet;navn;niva\n", "ingen_datarader"),
        (b"PK\x03\x04\x00\x00binary", "binaer_fil"),
        (b"org_enhet,navn,niva\nK,Kommunen,1\n", "feil_skilletegn"),
        (b"org_enhet;navn;niva;navn\nK;A;1;B\n", "dobbel_kolonne"),
    ],
)
def test_unusable_files_are_rejected_as_a_whole(data, rule):
    """Empty, binary or differently delimited files must be rejected with a reason, not half-read."""
    with pytest.raises(FileRejected) as exc:
        _read(data)
    assert exc.value.rule == rule


def test_header_only_file_is_zero_rows_where_an_empty_delivery_is_allowed():
    """A year without new pensions is possible: header-only loads nothing rather than failing."""
    table = _read("org_enhet;navn;niva\n", allow_empty=True)
    assert table.rows_read == 0 and table.frame.empty


def test_dates_must_exist_in_the_calendar():
    """31.02.2019 is a typo, not 3 March: impossible dates must not be rolled over."""
    values, ok = parse_dates(
        pd.Series(["31.02.2019", "29.02.2020", "29.02.2019", "15.01.2019", "2019-01-15", "31.12.9999"])
    )
    assert ok.tolist() == [False, True, False, True, False, True]
    assert str(values.iloc[1].date()) == "2020-02-29"


def test_decimal_comma_integers_and_booleans():
    """Decimal comma is the contract; a point is not a thousands-free decimal we can trust."""
    values, ok = parse_decimals(pd.Series(["62,5", "100", "-1250,00", "62.5", "1 000"]))
    assert ok.tolist() == [True, True, True, False, False]
    assert values.iloc[:3].tolist() == [62.5, 100.0, -1250.0]
    ints, ok = parse_ints(pd.Series(["3", "3,0", "x"]))
    assert ok.tolist() == [True, False, False] and ints.iloc[0] == 3
    flags, ok = parse_booleans(pd.Series(["J", "N", "Ja"]))
    assert ok.tolist() == [True, True, False] and flags.iloc[0] and not flags.iloc[1]
