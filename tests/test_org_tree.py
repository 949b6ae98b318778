"""Org trees of any depth (EXTRACTS.md organisasjon `niva`; ansatte `org_enhet` at any level >= 2).

Units and employments at levels 4-6 load and count in their level-2 ancestor's area on each day; a tree
with a cycle, a level that is not its parent's + 1, or a unit whose parent is missing on some day is set
aside with a reason naming the unit. Moving employments into sub-units at levels 4 and 5 leaves every
figure byte-identical (the tiny demo, on both warehouses).
"""

from __future__ import annotations

import shutil
import zlib
from datetime import date
from pathlib import Path

import pytest

from hr.figures import figures_csv_text
from hr.periods import Period
from tests.conftest import new_warehouse_url
from tests.landing import Landing, ansatt, ansatte_rows, ingest, org_rows, quarantine, rows

ORGANISASJON, ANSATTE = "hr/organisasjon_20190115.csv", "hr/ansatte_20190115.csv"


def unit(code: str, parent: str, niva: int, fra: str = "01.01.2000", til: str = "", navn: str | None = None) -> dict:
    return dict(
        org_enhet=code, navn=navn or f"Enhet {code}", overordnet=parent, niva=str(niva), gyldig_fra=fra, gyldig_til=til
    )


# Good sub-units: a team at level 6 under PO110; an avdeling (level 4) of a unit (level 3) that moves from
# area PO to area OB on 01.07.2018 while the avdeling itself has one row throughout.
DEEP = [
    unit("PO110-A", "PO110", 4),
    unit("PO110-A1", "PO110-A", 5),
    unit("PO110-A1X", "PO110-A1", 6),
    unit("FLYTT", "PO", 3, til="30.06.2018"),
    unit("FLYTT", "OB", 3, fra="01.07.2018"),
    unit("FLYTT-A", "FLYTT", 4),
]

# case -> (rows added to the org file, unit whose rows are set aside, column, value, rule, words the message
# must hold). Each case uses units of its own.
BAD_TREES = {
    "a cycle": (
        [unit("SA", "SB", 4), unit("SB", "SA", 4)],
        "SA",
        "overordnet",
        "SB",
        "syklus_i_organisasjon",
        ["SA", "SB", "sløyfe"],
    ),
    "a unit that is its own parent": (
        [unit("SELV", "SELV", 4)],
        "SELV",
        "overordnet",
        "SELV",
        "syklus_i_organisasjon",
        ["SELV", "sløyfe"],
    ),
    "a level that skips one": (
        [unit("HOPP", "PO110", 5)],
        "HOPP",
        "niva",
        "5",
        "niva_overordnet",
        ["HOPP", "nivå 5", "PO110", "nivå 3"],
    ),
    "a root with a parent": ([unit("ROT2", "PO", 1)], "ROT2", "niva", "1", "niva_overordnet", ["ROT2", "PO"]),
    "a sub-unit without a parent": (
        [unit("FOREL", "", 4)],
        "FOREL",
        "overordnet",
        "",
        "overordnet_mangler",
        ["FOREL", "nivå 4"],
    ),
    "a parent that ends before the unit": (
        [unit("KORT", "PO", 3, til="31.12.2017"), unit("KORT-A", "KORT", 4)],
        "KORT-A",
        "overordnet",
        "KORT",
        "overordnet_mangler",
        ["KORT-A", "KORT", "01.01.2018"],
    ),
    "two rows of a unit on one day": (
        [unit("DOBB", "PO", 3, til="30.06.2018"), unit("DOBB", "OB", 3, fra="01.06.2018")],
        "DOBB",
        "gyldig_fra",
        None,
        "overlappende_gyldighet",
        ["DOBB", "01.06.2018"],
    ),
}


def _deep_landing(root: Path) -> Landing:
    landing = Landing(root).standard()
    bad = [r for rows_, *_ in BAD_TREES.values() for r in rows_]
    landing.organisasjon(org_rows() + DEEP + bad, encoding="cp1252", newline="\r\n")
    landing.ansatte(
        ansatte_rows()
        + [
            ansatt(ansattnr="20001", arbeidsforhold_id="DEEP6", org_enhet="PO110-A1X"),
            ansatt(
                ansattnr="20002",
                arbeidsforhold_id="MOVED",
                org_enhet="FLYTT-A",
                gyldig_fra="01.01.2018",
                gyldig_til="31.12.2018",
                sluttarsak="ANNET",
            ),
            ansatt(ansattnr="20003", arbeidsforhold_id="UNDER_BAD", org_enhet="HOPP"),
        ]
    )
    return landing


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def deep(request, tmp_path_factory):
    """The landing with sub-units and broken trees, ingested once per backend."""
    from hr.warehouse import create_engine, ensure_schema

    tmp = tmp_path_factory.mktemp(f"deep_{request.param}")
    url = new_warehouse_url(request, tmp)
    engine = create_engine(url)
    ensure_schema(engine)
    ingest(_deep_landing(tmp / "landing"), tmp, url)
    yield engine
    engine.dispose()


def test_units_at_levels_4_to_6_load_with_their_level_2_area(deep):
    org = rows(deep, "stg_organisasjon")
    assert {"PO110-A", "PO110-A1", "PO110-A1X", "FLYTT-A"} <= set(org["org_enhet"])
    areas = rows(deep, "int_org_omrade", ["org_enhet", "gyldig_fra"])
    deepest = areas[areas["org_enhet"] == "PO110-A1X"]
    assert deepest["omrade"].tolist() == ["PO"]
    assert quarantine(deep, ORGANISASJON)["verdi"].isin(["PO110-A", "PO110-A1", "PO110-A1X", "FLYTT-A"]).sum() == 0


def test_an_employment_in_a_sub_unit_counts_in_the_area_of_each_day(deep):
    """FLYTT (level 3) moves from PO to OB on 01.07.2018; its avdeling FLYTT-A moves with it."""
    emp = rows(deep, "int_arbeidsforhold_omrade", ["arbeidsforhold_id", "fra_dato"])
    moved = emp[emp["arbeidsforhold_id"] == "MOVED"]
    assert [(r.omrade, r.fra_dato, r.til_dato) for r in moved.itertuples()] == [
        ("PO", date(2018, 1, 1), date(2018, 6, 30)),
        ("OB", date(2018, 7, 1), date(2018, 12, 31)),
    ]
    deepest = emp[emp["arbeidsforhold_id"] == "DEEP6"]
    assert deepest["omrade"].tolist() == ["PO"]
    assert quarantine(deep, ANSATTE)["verdi"].isin(["PO110-A1X", "FLYTT-A"]).sum() == 0


def test_a_unit_moved_between_the_compared_periods_is_a_reorganisation_with_its_sub_units(deep):
    """FLYTT and its avdeling FLYTT-A went from Pleie og omsorg to Øvrige tjenester on 01.07.2018: a report of
    2018H2 compares with 2017H2 across that move, one of 2018H1 (compared with 2017H1) does not."""
    from hr.metrics.omorganisering import AreaMove, area_moves
    from reports.omorganisering import note

    with deep.connect() as conn:
        across = area_moves(conn, "0219", Period.parse("2017H2"), Period.parse("2018H2"))
        before = area_moves(conn, "0219", Period.parse("2017H1"), Period.parse("2018H1"))
        year = area_moves(conn, "0219", Period.parse("2017"), Period.parse("2018"))
    assert across == year == [AreaMove("Pleie og omsorg", "Øvrige tjenester", 2, date(2018, 7, 1), fra_nedlagt=False)]
    assert before == []
    assert note(across, Period.parse("2017H2"), Period.parse("2018H2")) == (
        "Omorganisering: 1. juli 2018 ble 2 enheter flyttet fra Pleie og omsorg til Øvrige tjenester. Tallene for "
        "2. halvår 2017 gjelder områdene slik de var da: for Pleie og omsorg og Øvrige tjenester er det ikke de "
        "samme enhetene som sammenlignes."
    )
    assert note(before, Period.parse("2017H1"), Period.parse("2018H1")) is None


@pytest.mark.parametrize("case", list(BAD_TREES))
def test_a_broken_tree_is_set_aside_with_a_reason_naming_the_unit(deep, case):
    added, bad_unit, column, value, rule, words = BAD_TREES[case]
    q = quarantine(deep, ORGANISASJON)
    hits = q[(q["rule"] == rule) & q["message"].str.contains(bad_unit, regex=False)]
    assert not hits.empty, q[["line", "column_name", "verdi", "rule", "message"]].to_string()
    hit = hits.iloc[0]
    assert hit["column_name"] == column
    if value is not None:
        assert (hit["verdi"] or "") == value
    for word in words:
        assert word in hit["message"], hit["message"]
    staged = rows(deep, "stg_organisasjon")
    assert bad_unit not in set(staged["org_enhet"])
    assert {"0219", "PO", "OB", "PO110", "OB210"} <= set(staged["org_enhet"])  # the good tree still loads


def test_an_employment_in_a_unit_set_aside_is_set_aside_too(deep):
    q = quarantine(deep, ANSATTE)
    assert q[(q["verdi"] == "HOPP")]["rule"].tolist() == ["ukjent_org_enhet"]


# ---------------------------------------------------------------- figures unchanged by deeper trees
def _read(path: Path) -> tuple[str, str, bool, str]:
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252"), "cp1252"
    newline = "\r\n" if "\r\n" in text else "\n"
    return text, encoding, bom, newline


def _write(path: Path, lines: list[str], encoding: str, bom: bool, newline: str) -> None:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (newline.join(lines) + newline).encode(encoding))


def _with_sub_units(source: Path, target: Path) -> int:
    """A copy of the landing `source` with an avdeling (level 4, code U-A) and a team in it (level 5, U-AB)
    under every level-3 unit U, spanning all of U's rows; two of every three employments move there (all
    their versions, in every snapshot): one into the avdeling, one into the team. Returns how many moved."""
    shutil.copytree(source, target)
    level3: dict[str, tuple[str, str]] = {}
    for path in sorted((target / "hr").glob("organisasjon_*.csv")):
        text, *fmt = _read(path)
        lines = text.splitlines()
        header = lines[0].split(";")
        col = {c: i for i, c in enumerate(header)}
        spans: dict[str, list[tuple[date, str, str]]] = {}
        for line in lines[1:]:
            f = line.split(";")
            if f[col["niva"]] == "3":
                fra = f[col["gyldig_fra"]]
                spans.setdefault(f[col["org_enhet"]], []).append(
                    (date(int(fra[6:]), int(fra[3:5]), int(fra[:2])), fra, f[col["gyldig_til"]])
                )
        added = []
        for code, rows_ in spans.items():
            rows_.sort()
            fra, til = rows_[0][1], rows_[-1][2]
            level3[code] = (fra, til)
            for sub, parent, niva in ((f"{code}-A", code, 4), (f"{code}-AB", f"{code}-A", 5)):
                values = {
                    "org_enhet": sub,
                    "navn": f"Avdeling {sub}",
                    "overordnet": parent,
                    "niva": str(niva),
                    "gyldig_fra": fra,
                    "gyldig_til": til,
                }
                added.append(";".join(values[c] for c in header))
        _write(path, lines + added, *fmt)
    moved = set()
    for path in sorted((target / "hr").glob("ansatte_*.csv")):
        text, *fmt = _read(path)
        lines = text.splitlines()
        col = {c: i for i, c in enumerate(lines[0].split(";"))}
        out = [lines[0]]
        for line in lines[1:]:
            f = line.split(";")
            unit_, af = f[col["org_enhet"]], f[col["arbeidsforhold_id"]]
            share = zlib.crc32(af.encode()) % 3
            if unit_ in level3 and share:
                f[col["org_enhet"]] = f"{unit_}-A" if share == 1 else f"{unit_}-AB"
                moved.add(af)
            out.append(";".join(f))
        _write(path, out, *fmt)
    return len(moved)


def _figures_files(landing: Path, tmp: Path, url: str) -> dict[str, str]:
    """figures.csv text of every half-year and year the tiny demo covers, and the ingest's quarantine."""
    from hr.metrics.medarbeidere import compute_medarbeidere
    from hr.metrics.sykefravaer import compute_sykefravaer
    from hr.warehouse import create_engine, ensure_schema

    engine = create_engine(url)
    ensure_schema(engine)
    summary = ingest(landing, tmp, url)
    out = {}
    with engine.connect() as conn:
        for period in ("2017H1", "2017H2", "2018H1", "2018H2"):
            out[period] = figures_csv_text(compute_sykefravaer(conn, "0219", Period.parse(period), 5))
        for year in (2017, 2018):
            out[str(year)] = figures_csv_text(compute_medarbeidere(conn, "0219", year, 5))
    set_aside = quarantine(engine)
    engine.dispose()
    return out, summary, set_aside


@pytest.fixture(scope="module")
def tiny_landings(tiny_demo, tmp_path_factory):
    base = tmp_path_factory.mktemp("tiny")
    flat = tiny_demo(base / "flat")
    moved = _with_sub_units(flat, base / "deep")
    return flat, base / "deep", moved


def test_moving_employments_into_sub_units_at_levels_4_and_5_leaves_every_figure_byte_identical(
    tiny_landings, warehouse_url, tmp_path
):
    flat, deep_landing, moved = tiny_landings
    assert moved > 100
    before, _, q_before = _figures_files(flat, tmp_path / "flat", warehouse_url)
    deep_url = (
        warehouse_url.replace("warehouse.duckdb", "deep.duckdb")
        if warehouse_url.startswith("duckdb")
        else _another_schema(warehouse_url)
    )
    after, _, q_after = _figures_files(deep_landing, tmp_path / "deep", deep_url)
    assert len(q_after) == len(q_before)  # nothing more set aside: every sub-unit and move loaded
    for key in before:
        assert after[key] == before[key], key
    assert all(text.count("\n") > 20 for text in before.values())


def _another_schema(url: str) -> str:
    from tests.conftest import _pg_schema_url

    return _pg_schema_url(url.split("?")[0])
