"""Bad-input catalogue, file-level cases (issue "Nothing lost", item 1): a file that cannot be used as a
whole is refused by `hr ingest` with exit status 3 and ONE line naming the file and the cause, no
traceback; nothing of the file is loaded, and the warehouse's data is exactly as before. The refusal
itself is recorded (meta_load_log status `rejected`, one file-level quarantine row with the rule), so
`hr quarantine show` can tell the data engineer about it later.

Each backend gets one warehouse loaded with a good landing directory; every case then delivers one
broken file beside those (already loaded, so unchanged) files and runs the real command in-process.
"""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from hr.warehouse import create_engine, ensure_schema
from tests.conftest import new_warehouse_url
from tests.landing import (
    ANSATTE,
    FRAVAER,
    TEST_KEY,
    Landing,
    all_tables,
    fravaer,
    fravaer_rows,
    ingest,
    quarantine,
    rekruttering_rows,
)


def _csv(columns: list[str], rows: list[dict], sep: str = ";") -> str:
    return "\n".join([sep.join(columns)] + [sep.join(str(r[c]) for c in columns) for r in rows]) + "\n"


def _newer_fravaer() -> str:
    return _csv(
        FRAVAER,
        fravaer_rows() + [fravaer(fravaer_id=f"N{i}", fra_dato="01.02.2019", til_dato="02.02.2019") for i in range(3)],
    )


def _cut_mid_row() -> bytes:
    text = _newer_fravaer()
    return text[: text.index("N1;") + len("N1;AF1;SYKM")].encode()  # the disk filled up inside row N1


def _cut_mid_character() -> bytes:
    rows = [
        dict(org_enhet="0219", navn="Bærum kommune", overordnet="", niva="1", gyldig_fra="01.01.2000", gyldig_til=""),
        dict(
            org_enhet="PO", navn="Pleie og omsorg", overordnet="0219", niva="2", gyldig_fra="01.01.2000", gyldig_til=""
        ),
        dict(org_enhet="OB", navn="Øvrige", overordnet="0219", niva="2", gyldig_fra="01.01.2000", gyldig_til=""),
    ]
    data = _csv(["org_enhet", "navn", "overordnet", "niva", "gyldig_fra", "gyldig_til"], rows).encode("utf-8")
    return data[: data.index("Øvrige".encode()) + 1]  # stops after the first byte of «Ø»


def _empty_workbook() -> bytes:
    import io

    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)  # one sheet, not a single cell filled in
    return out.getvalue()


def _workbook_with_a_damaged_sheet() -> bytes:
    """A valid .xlsx archive whose first sheet's XML is cut in half (opens, then fails while being read)."""
    import io
    import zipfile

    import openpyxl

    from tests.landing import P1, PENSJON

    wb = openpyxl.Workbook()
    wb.active.append(PENSJON)
    wb.active.append([P1, "Alderspensjon", "01.03.2019", 100])
    whole = io.BytesIO()
    wb.save(whole)
    src, out = zipfile.ZipFile(io.BytesIO(whole.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def _header_with_open_quote() -> bytes:
    return ('"' + _newer_fravaer()).encode()  # «"fravaer_id;...»: the quote is never closed


def _doubled_column() -> bytes:
    return _csv(FRAVAER + ["grad"], [dict(r) for r in fravaer_rows()]).encode()


def _undefined_windows_1252_byte() -> bytes:
    # Neither UTF-8 nor Windows-1252: 0x81 is not a character in either (e.g. a file from another code page).
    return _newer_fravaer().encode("cp1252").replace(b"SYKT_BARN", b"SYKT\x81BARN")


def _mixed_encodings() -> bytes:
    """UTF-8 (line 2 «Bærum kommune»), but line 4 typed in a Windows-1252 program («Øvrige» as byte 0xD8)."""
    text = _csv(
        ["org_enhet", "navn", "overordnet", "niva", "gyldig_fra", "gyldig_til"],
        [
            dict(
                org_enhet="0219", navn="Bærum kommune", overordnet="", niva="1", gyldig_fra="01.01.2000", gyldig_til=""
            ),
            dict(
                org_enhet="PO",
                navn="Pleie og omsorg",
                overordnet="0219",
                niva="2",
                gyldig_fra="01.01.2000",
                gyldig_til="",
            ),
            dict(org_enhet="OB", navn="Øvrige", overordnet="0219", niva="2", gyldig_fra="01.01.2000", gyldig_til=""),
        ],
    )
    return text.encode("utf-8").replace("Øvrige".encode(), "Øvrige".encode("cp1252"))


# case -> (file name, its bytes, rule, column the quarantine row names, words the message must contain)
CASES = {
    "empty file": ("hr/fravaer_20190201.csv", lambda: b"", "tom_fil", None, "tom"),
    "header-only file": (
        "hr/ansatte_20190201.csv",
        lambda: (";".join(ANSATTE) + "\r\n").encode(),
        "ingen_datarader",
        None,
        "bare overskriftsrad",
    ),
    "binary file": ("hr/organisasjon_20190201.csv", lambda: bytes(range(256)) * 8, "binaer_fil", None, "binær"),
    "wrong delimiter": (
        "hr/fravaer_20190201.csv",
        lambda: _newer_fravaer().replace(";", ",").encode(),
        "feil_skilletegn",
        None,
        "semikolon",
    ),
    "missing required column": (
        "hr/ansatte_20190201.csv",
        lambda: _csv([c for c in ANSATTE if c != "gyldig_til"], []).encode() + b"x\n",
        "mangler_kolonne",
        "gyldig_til",
        "«gyldig_til»",
    ),
    "file truncated mid-row": ("hr/fravaer_20190201.csv", _cut_mid_row, "avkortet_fil", None, "avkortet"),
    "file truncated inside a character": (
        "hr/organisasjon_20190201.csv",
        _cut_mid_character,
        "avkortet_fil",
        None,
        "midt i et tegn",
    ),
    "UTF-16 file": (
        "hr/rekruttering_20190201.csv",
        lambda: _csv(list(rekruttering_rows()[0]), rekruttering_rows()).encode("utf-16"),
        "ugyldig_tegnkoding",
        None,
        "UTF-16",
    ),
    # Issue 16, item 10: messages that say what is wrong instead of «binær fil» or a duplicate column.
    "UTF-16 without a byte order mark": (
        "hr/rekruttering_20190201.csv",
        lambda: _csv(list(rekruttering_rows()[0]), rekruttering_rows()).encode("utf-16-le"),
        "ugyldig_tegnkoding",
        None,
        "UTF-16 uten BOM",
    ),
    "CR-only line ends": (
        "hr/fravaer_20190201.csv",
        lambda: _newer_fravaer().replace("\n", "\r").encode(),
        "feil_linjeskift",
        None,
        "bare CR",
    ),
    "UTF-8 with one Windows-1252 byte": (
        "hr/organisasjon_20190201.csv",
        _mixed_encodings,
        "blandet_tegnkoding",
        None,
        "linje 4 har et tegn (byte 0xD8)",
    ),
    # Issue 16, item 1: a header longer than any line of the contract can be (a row that long is set aside).
    "header longer than 64 KB": (
        "hr/fravaer_20190201.csv",
        lambda: ("x" * 70_000 + ";" + _newer_fravaer()).encode(),
        "for_lang_linje",
        None,
        "Overskriftsraden er lengre enn 65536 tegn",
    ),
    "header with an unclosed quote": (
        "hr/fravaer_20190201.csv",
        _header_with_open_quote,
        "ugyldig_overskrift",
        None,
        "anførselstegn",
    ),
    "column twice in the header": (
        "hr/fravaer_20190201.csv",
        _doubled_column,
        "dobbel_kolonne",
        "grad",
        "«grad» står to ganger",
    ),
    "neither UTF-8 nor Windows-1252": (
        "hr/fravaer_20190201.csv",
        _undefined_windows_1252_byte,
        "ugyldig_tegnkoding",
        None,
        "UTF-8 eller Windows-1252",
    ),
    "empty workbook": ("pensjon/spk_2019.xlsx", _empty_workbook, "tom_fil", None, "Regnearket er tomt"),
    "workbook with a damaged sheet": (
        "pensjon/spk_2019.xlsx",
        _workbook_with_a_damaged_sheet,
        "uleselig_fil",
        None,
        "skadet",
    ),
    "workbook that is not one": (
        "pensjon/spk_2019.xlsx",
        lambda: b"PK\x03\x04 this is no zip archive",
        "uleselig_fil",
        None,
        "Excel",
    ),
}


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def loaded(request, tmp_path_factory):
    """A warehouse holding the standard landing directory, per backend; and that directory."""
    tmp = tmp_path_factory.mktemp(f"badfiles_{request.param}")
    url = new_warehouse_url(request, tmp)
    landing = Landing(tmp / "good").standard()
    summary = ingest(landing, tmp, url)
    assert not summary.rejected
    engine = create_engine(url)
    ensure_schema(engine)
    yield tmp, url, engine, landing
    engine.dispose()


def _data(tables: dict) -> dict:
    return {name: frame for name, frame in tables.items() if not name.startswith("meta_")}


@pytest.mark.parametrize("case", CASES)
def test_a_file_that_cannot_be_used_is_refused_whole(loaded, case, tmp_path):
    tmp, url, engine, good = loaded
    name, content, rule, column, words = CASES[case]
    landing = Landing(shutil.copytree(good.root, tmp_path / "landing"))
    landing.bytes(name, content())
    before = all_tables(engine)

    from hr.cli import app

    result = CliRunner().invoke(
        app,
        ["ingest", "--landing", str(landing.root), "--warehouse", url],
        env={"HR_HOME": str(tmp / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200"},
    )

    # The command: exit 3 and one line naming the file and the cause; no traceback anywhere.
    assert result.exit_code == 3, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Avvist: {name}: ") and words in lines[0], lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception
    # The warehouse: its data exactly as before; the file recorded once as rejected, with its rule.
    after = all_tables(engine)
    for table, frame in _data(before).items():
        assert after[table].equals(frame), table
    log = after["meta_load_log"]
    assert len(log) == len(before["meta_load_log"]) + 1
    new = log[~log["load_id"].isin(before["meta_load_log"]["load_id"])]
    assert new[["file_name", "status", "rows_loaded"]].values.tolist() == [[name, "rejected", 0]]
    q = quarantine(engine, name)
    q = q[q["load_id"] == new["load_id"].iloc[0]]
    found = q[["column_name", "verdi", "rule"]].astype(object)
    assert found.where(found.notna(), None).values.tolist() == [[column, None, rule]]
    assert q["line"].isna().all() and q["message"].iloc[0] in lines[0]
    assert len(after["meta_quarantine"]) == len(before["meta_quarantine"]) + 1
