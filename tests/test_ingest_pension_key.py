"""Pensions by key (EXTRACTS.md "pensjon/*", issue 16 item 3): provider + person + type + uttaksdato.

The exact bad inputs of the issue: the same pension in klp_2018.csv and klp_2019.csv, one row three
times in a file, uttaksdato 31.12.9999, 01.01.1800 and in another year than the file's. Each repeat is
set aside with its reason, the first delivery loads, and `nye_pensjoner` counts each pension once.
"""

from __future__ import annotations

import pytest

from hr.figures import HELE_KOMMUNEN as HK
from hr.metrics.medarbeidere import workforce_figures
from tests.landing import P1, P2, P3, Landing, ingest, quarantine, rows, rule_message

KLP18, KLP19, BKP18 = "pensjon/klp_2018.csv", "pensjon/klp_2019.csv", "pensjon/bkp_2018.csv"
KEY_COLUMNS = "fodselsnummer, pensjonstype, uttaksdato"
MASK = "*" * 11


def _row(number: str, label: str, uttak: str, grad: str = "100") -> dict:
    return dict(fodselsnummer=number, pensjonstype=label, uttaksdato=uttak, uttaksgrad=grad)


def _landing(root) -> Landing:
    landing = Landing(root).hr_only()
    same = _row(P1, "ALDER", "01.12.2018")
    landing.pensjon_csv(
        "klp",
        "2018",
        [
            same,  # line 2: the pension
            _row(P2, "AFP", "01.03.2018", "60"),  # lines 3-5: one row three times
            _row(P2, "AFP", "01.03.2018", "60"),
            _row(P2, "AFP", "01.03.2018", "60"),
            _row(P3, "UFØR", "31.12.9999"),  # line 6
            _row(P3, "UFØR", "01.01.1800"),  # line 7
            _row(P3, "AFP", "15.06.2017"),  # line 8: another year
        ],
        encoding="cp1252",
    )
    landing.pensjon_csv(
        "klp",
        "2019",
        [
            same,  # line 2: klp_2018's pension delivered again
            _row(P2, "ALDER", "01.02.2019"),  # line 3: new in 2019
        ],
        encoding="cp1252",
    )
    # Another provider may start a pension with the same person, type and day: another key.
    landing.pensjon_csv("bkp", "2018", [_row(P1, "alderspensjon", "01.12.2018")])
    return landing


def _rules(engine, file_name: str) -> list[tuple[int, str, str, str]]:
    q = quarantine(engine, file_name)
    return [(int(r.line), r.rule, r.column_name, r.verdi) for r in q.itertuples()]


def _nye(engine, year: int) -> dict:
    with engine.connect() as conn:
        figs = {f.key: f.verdi for f in workforce_figures(conn, "0219", year)}
    return {k[3]: v for k, v in figs.items() if k[0] == "nye_pensjoner" and k[1] == str(year) and k[2] == HK}


@pytest.mark.parametrize("first_2018_alone", [False, True], ids=["together", "2018-first"])
def test_a_pension_delivered_twice_is_counted_once(engine, warehouse_url, tmp_path, first_2018_alone):
    landing = _landing(tmp_path / "landing")
    first = None
    if first_2018_alone:  # klp_2018 loaded by an earlier run: the duplicate is found against the warehouse
        moved = (landing.root / KLP19).read_bytes()
        (landing.root / KLP19).unlink()
        first = ingest(landing, tmp_path, warehouse_url)
        landing.bytes(KLP19, moved)
    summary = ingest(landing, tmp_path, warehouse_url)

    dup = rule_message(KLP18, "duplikat_pensjon", KEY_COLUMNS)
    year = rule_message(KLP18, "uttaksdato_utenfor_filaar", "uttaksdato")
    assert _rules(engine, KLP18) == [
        (4, "duplikat_pensjon", KEY_COLUMNS, f"{MASK}; AFP; 01.03.2018"),
        (5, "duplikat_pensjon", KEY_COLUMNS, f"{MASK}; AFP; 01.03.2018"),
        (6, "uttaksdato_utenfor_filaar", "uttaksdato", "31.12.9999"),
        (7, "uttaksdato_utenfor_filaar", "uttaksdato", "01.01.1800"),
        (8, "uttaksdato_utenfor_filaar", "uttaksdato", "15.06.2017"),
    ]
    q18 = quarantine(engine, KLP18)
    assert set(q18[q18["rule"] == "duplikat_pensjon"]["message"]) == {dup}
    assert set(q18[q18["rule"] == "uttaksdato_utenfor_filaar"]["message"]) == {year}
    assert _rules(engine, KLP19) == [
        (2, "duplikat_pensjon", KEY_COLUMNS, f"{MASK}; ALDER; 01.12.2018"),
        (2, "uttaksdato_utenfor_filaar", "uttaksdato", "01.12.2018"),
    ]
    assert _rules(engine, BKP18) == []

    staged = rows(engine, "stg_pensjon", ["leverandor", "aar", "linje"])
    assert staged[["leverandor", "aar", "linje"]].values.tolist() == [
        ["BKP", 2018, 2],
        ["KLP", 2018, 2],
        ["KLP", 2018, 3],
        ["KLP", 2019, 3],
    ]
    r18, r19 = (first or summary).by_name(KLP18), summary.by_name(KLP19)
    assert (r18.rows_read, r18.rows_loaded, r18.rows_quarantined) == (7, 2, 5)
    assert (r19.rows_read, r19.rows_loaded, r19.rows_quarantined) == (2, 1, 1)

    assert _nye(engine, 2018) == {
        "AFP": 1,
        "AFP|gradert": 1,
        "ALDER": 2,
        "ALDER|gradert": 0,
        "UFORE": 0,
        "UFORE|gradert": 0,
    }
    assert _nye(engine, 2019)["ALDER"] == 1


def test_a_pension_year_delivered_again_is_not_a_duplicate_of_itself(engine, warehouse_url, tmp_path):
    """A file's own earlier delivery in the warehouse is what it replaces, not "delivered before" it."""
    landing = _landing(tmp_path / "landing")
    ingest(landing, tmp_path, warehouse_url)
    before = rows(engine, "stg_pensjon").drop(columns=["load_id"])
    # klp_2018 delivered again with one row changed: replaced whole, its own earlier rows do not make duplicates
    changed = (landing.root / KLP18).read_bytes().replace(b"01.03.2018;60", b"01.03.2018;70", 1)
    landing.bytes(KLP18, changed)
    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name(KLP18).status == "replaced"
    after = rows(engine, "stg_pensjon").drop(columns=["load_id"])
    assert len(after) == len(before)
    assert sorted(after["uttaksgrad"].astype(float).tolist()) == sorted(
        [70.0 if g == 60 else float(g) for g in before["uttaksgrad"].astype(float)]
    )
