"""The demo generator writes the contract's formats, deterministically, with valid identity numbers."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from hr.demo import generate_landing
from hr.demo.calibration import cases, workforce
from hr.demo.model import Calendar, ymd


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return generate_landing(tmp_path_factory.mktemp("tiny") / "landing", scale="tiny", seed=7)


def rows(path: Path, encoding: str = "utf-8-sig") -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=";"))


def digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_every_extract_of_the_contract_is_written(tiny):
    """The pipeline expects each kind of file; two HR snapshots let it show corrections and deletions."""
    names = {str(p.relative_to(tiny)) for p in tiny.rglob("*") if p.is_file()}
    for kind in ("organisasjon", "ansatte", "fravaer", "rekruttering"):
        assert {f"hr/{kind}_20180815.csv", f"hr/{kind}_20190115.csv"} <= names
    assert {f"lonn/lonn_{y}{m:02d}.csv" for y in (2017, 2018) for m in range(1, 13)} <= names
    assert {
        f"pensjon/{p}_{y}.{'xlsx' if p == 'spk' else 'csv'}" for p in ("klp", "spk", "bkp") for y in range(2007, 2019)
    } <= names
    assert {
        "referanse/kommune.yaml",
        "referanse/stillingskoder.csv",
        "referanse/mal.csv",
        "referanse/innbyggere.csv",
        "referanse/tekster/sykefravaer_2018H1.md",
        "referanse/tekster/sykefravaer_2018H2.md",
    } <= names


def test_encodings_and_line_endings_are_those_of_the_sample(tiny):
    """Organisasjon and KLP come as Windows-1252 (org with CRLF), ansatte with a BOM, the rest UTF-8."""
    org = (tiny / "hr/organisasjon_20190115.csv").read_bytes()
    assert b"\r\n" in org and "Bærum kommune".encode("cp1252") in org
    with pytest.raises(UnicodeDecodeError):
        org.decode("utf-8")
    assert (tiny / "hr/ansatte_20190115.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tiny / "hr/fravaer_20190115.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    klp = b"".join((tiny / f"pensjon/klp_{y}.csv").read_bytes() for y in range(2007, 2019))
    assert "UFØR".encode("cp1252") in klp
    assert "Sjåfør".encode() in (tiny / "referanse/stillingskoder.csv").read_bytes()


def test_same_seed_and_scale_give_identical_bytes(tiny, tmp_path):
    """Deterministic output: the demo can be regenerated and diffed, and tests do not flicker."""
    again = generate_landing(tmp_path / "again", scale="tiny", seed=7)
    assert digest(again) == digest(tiny)


def test_fodselsnumre_pass_the_mod11_check(tiny):
    """Synthetic numbers must still be valid, or the pipeline quarantines the whole population."""
    from stdnum.no import fodselsnummer

    numbers = {r["fodselsnummer"] for r in rows(tiny / "hr/ansatte_20190115.csv") if r.get("fodselsnummer")}
    valid = {n for n in numbers if fodselsnummer.is_valid(n)}
    assert len(numbers - valid) == 1  # exactly the one planted bad row


def test_spk_file_has_real_date_cells(tiny):
    """SPK delivers Excel with date cells, not text: the reader must handle both."""
    from openpyxl import load_workbook

    values = []
    for year in range(2007, 2019):
        ws = load_workbook(tiny / f"pensjon/spk_{year}.xlsx").active
        assert [c.value for c in ws[1]] == ["fodselsnummer", "pensjonstype", "uttaksdato", "uttaksgrad"]
        values += [r[2] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert values and all(hasattr(v, "year") for v in values)


def test_numbers_use_decimal_comma_and_dates_are_norwegian(tiny):
    """Decimal commas and dd.mm.yyyy, as the HR system exports them."""
    ansatte = rows(tiny / "hr/ansatte_20190115.csv")
    assert all("." not in r["stillingsprosent"] for r in ansatte if r.get("stillingsprosent"))
    assert any("," in r["belop"] for r in rows(tiny / "lonn/lonn_201806.csv"))
    good = [r for r in ansatte if r.get("gyldig_fra") and r["gyldig_fra"] != "31.02.2018"]
    assert all(len(r["gyldig_fra"]) == 10 and r["gyldig_fra"][2] == "." for r in good)


def test_the_newer_snapshot_corrects_and_deletes_rows_of_the_older(tiny):
    """Snapshot semantics need real corrections and deletions to be tested against."""
    old = {(r["arbeidsforhold_id"], r["gyldig_fra"]): r for r in rows(tiny / "hr/ansatte_20180815.csv")}
    new = {(r["arbeidsforhold_id"], r["gyldig_fra"]): r for r in rows(tiny / "hr/ansatte_20190115.csv")}
    assert set(old) - set(new), "some rows deleted in the source"
    changed = [
        k
        for k in set(old) & set(new)
        if (old[k]["stillingsprosent"], old[k]["gyldig_til"]) != (new[k]["stillingsprosent"], new[k]["gyldig_til"])
    ]
    assert changed


def test_one_payroll_month_has_a_stray_period_row(tiny):
    """The pipeline must notice a line whose periode disagrees with the file name."""
    periods = {r["periode"] for r in rows(tiny / "lonn/lonn_201803.csv")}
    assert periods == {"2018-03", "2018-02"}


def test_org_tree_moves_barn_og_unge_units_to_oppvekst_barnehage(tiny):
    """The 2018 reorganisation: same unit code, a new row with the new parent from 01.01.2018."""
    org = rows(tiny / "hr/organisasjon_20190115.csv", encoding="cp1252")
    bu210 = sorted((r["overordnet"], r["gyldig_fra"], r["gyldig_til"]) for r in org if r["org_enhet"] == "BU201")
    assert bu210 == [("BU", "01.01.2000", "31.12.2017"), ("OB", "01.01.2018", "")]
    assert [r["gyldig_til"] for r in org if r["org_enhet"] == "BU"] == ["31.12.2017"]


def test_cases_merge_across_a_weekend_but_not_across_a_workday():
    """An absence case continues over days off; a workday between two registrations ends it."""
    import pandas as pd

    cal = Calendar()
    fri, mon, wed = ymd(2018, 3, 2), ymd(2018, 3, 5), ymd(2018, 3, 7)
    ab = pd.DataFrame({"emp": [1, 1, 1], "fra": [fri - 2, mon, wed + 1], "til": [fri, mon, wed + 2]})
    assert cases(ab, cal).tolist() == [1, 1, 2]


def test_small_demo_has_hourly_and_monthly_staff_on_the_status_date():
    """Even the tiny demo has the groups the workforce table needs."""
    from hr.demo.landing import build

    demo = build(0.025, 11)
    w = workforce(demo.versions, ymd(2018, 12, 31))
    assert w["personer_fast"] > 150 and w["timelonnede_personer"] > 40
    assert w["personer_totalt"] == w["personer_maanedslonnet"] + w["timelonnede_personer"]
