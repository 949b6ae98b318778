"""Issue 18 item 2: the measures register (referanse/tiltak.csv) on DuckDB and PostgreSQL.

A hand-made register of three measures over two half-years (one completed in the first) goes through the
real ingest (GE suite ref_tiltak), compute and render steps. The half-year report lists each measure with
its status, owner and the indicator's value at start and now, in its text and in
sykefravaer_<period>.tiltak.csv; the value at start and now are the figures of those periods for the
measure's area, suppressed by "Small numbers". Bad rows are set aside with their rule, and the report
still renders.
"""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest

from hr.figures import HELE_KOMMUNEN
from hr.metrics.sykefravaer import compute_sykefravaer
from hr.metrics.tiltak import is_listed
from hr.periods import Period
from hr.warehouse import create_engine
from reports import format as fmt
from reports.tables import shown
from tasks.compute import compute_figures, load_report_meta
from tests.landing import (
    Landing,
    fravaer,
    fravaer_rows,
    ingest,
    quarantine,
    rows,
    settings_for,
)

TILTAK = "referanse/tiltak.csv"
COLUMNS = ["tiltak_id", "org_enhet", "tittel", "ansvarlig", "startdato", "sluttdato", "status", "indikator"]
PROSENT = "sykefravaer_prosent"
KORTTID = "sykefravaer_korttid_prosent"


def measure(tiltak_id, org_enhet, tittel, ansvarlig, startdato, sluttdato, status, indikator=PROSENT) -> dict:
    return {
        "tiltak_id": tiltak_id,
        "org_enhet": org_enhet,
        "tittel": tittel,
        "ansvarlig": ansvarlig,
        "startdato": startdato,
        "sluttdato": sluttdato,
        "status": status,
        "indikator": indikator,
    }


GOOD = [
    measure("T1", "0219", "Felles nærværsstrategi", "HR-direktør", "01.02.2018", "", "PAGAR"),
    measure(
        "T2",
        "PO",
        "Nærværsprosjekt i pleie og omsorg",
        "Kommunalsjef pleie og omsorg",
        "15.01.2018",
        "30.06.2018",
        "FULLFORT",
    ),
    # Øvrige tjenester has one person in 1st half 2018 (suppressed) and nobody in the 2nd (no figure)
    measure("T3", "OB", "Nærværssamtaler", "Virksomhetsleder øvrige tjenester", "01.03.2018", "", "PAGAR", KORTTID),
]
# line in the file -> (column, value, rule)
BAD = {
    5: ("status", "FERDIG", "status_kode"),
    6: ("org_enhet", "XX", "ukjent_org_enhet"),
    7: ("org_enhet", "PO110", "ukjent_org_enhet"),  # a level-3 unit, not an area
    8: ("sluttdato", "2018-01-31", "sluttdato_for_startdato"),
    9: ("sluttdato", "", "sluttdato_mangler"),
}
BAD_ROWS = [
    measure("B1", "PO", "Ukjent status", "Leder", "01.01.2018", "", "FERDIG"),
    measure("B2", "XX", "Ukjent område", "Leder", "01.01.2018", "", "PAGAR"),
    measure("B3", "PO110", "En enhet, ikke et område", "Leder", "01.01.2018", "", "PAGAR"),
    measure("B4", "PO", "Slutt før start", "Leder", "01.03.2018", "31.01.2018", "AVBRUTT"),
    measure("B5", "PO", "Fullført uten sluttdato", "Leder", "01.03.2018", "", "FULLFORT"),
]


@pytest.fixture
def landing(tmp_path) -> Landing:
    from tests.landing import ansatt, ansatte_rows, fnr, org_rows

    land = Landing(tmp_path / "landing").standard()
    # Three monthly-paid persons in Pleie og omsorg all year: min_n 3 keeps their figures visible. Two more
    # areas with one person each, so that Øvrige tjenester (one person in 1st half) is never the only
    # small area and Pleie og omsorg needs no secondary suppression.
    land.organisasjon(
        org_rows()
        + [
            {"org_enhet": a, "navn": n, "overordnet": "0219", "niva": "2", "gyldig_fra": "01.01.2000", "gyldig_til": ""}
            for a, n in (("HS", "Helse og sosial"), ("TT", "Tekniske tjenester"))
        ]
        + [
            {
                "org_enhet": f"{a}110",
                "navn": f"Enhet {a}",
                "overordnet": a,
                "niva": "3",
                "gyldig_fra": "01.01.2000",
                "gyldig_til": "",
            }
            for a in ("HS", "TT")
        ]
    )
    land.ansatte(
        ansatte_rows()
        + [
            ansatt(
                ansattnr=f"1000{i}",
                fodselsnummer=fnr(date(1980 + i, 3, 3), 300 + i),
                arbeidsforhold_id=f"AF{i}",
                gyldig_fra="01.01.2017",
                org_enhet=unit,
            )
            for i, unit in ((4, "PO110"), (5, "PO110"), (6, "HS110"), (7, "TT110"))
        ]
    )
    land.fravaer(
        fravaer_rows()
        + [fravaer(fravaer_id="F4", arbeidsforhold_id="AF4", fra_dato="03.09.2018", til_dato="28.09.2018", grad="100")]
    )
    land.kommune(min_n=3, fravaer_fra="01.01.2014")
    land.csv(TILTAK, COLUMNS, GOOD + BAD_ROWS, encoding="cp1252", newline="\r\n")
    return land


def _render(settings, period: str, out):
    from reports.render import render_sykefravaer

    p = Period.parse(period)
    figures = compute_figures.fn(settings, "0219", "sykefravaer", p)
    meta = load_report_meta.fn(settings, "0219", "sykefravaer", p)
    pdf, _ = render_sykefravaer(figures, meta, out)
    html = out / f"sykefravaer_{period}.html"
    from reports.render import (
        _with_size_and_benchmarks,
        _with_text,
        _with_tiltak,
        render_html,
    )
    from reports.sykefravaer import build_context

    context = _with_tiltak(
        _with_size_and_benchmarks(_with_text(build_context(figures, meta), meta, "Tiltak"), figures, meta),
        figures,
        meta,
        own_section=False,
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_html("sykefravaer.html.j2", context)))
    with open(out / f"sykefravaer_{period}.tiltak.csv", newline="", encoding="utf-8") as fh:
        listed = {r["tiltak_id"]: r for r in csv.DictReader(fh)}
    assert pdf.is_file() and pdf.stat().st_size > 0 and not html.exists()
    return {f.key: f for f in figures}, listed, text


def _year_figures(warehouse_url: str, period: str) -> dict:
    engine = create_engine(warehouse_url)
    with engine.connect() as conn:
        figs = {f.key: f for f in compute_sykefravaer(conn, "0219", Period.parse(period), 3)}
    engine.dispose()
    return figs


def test_bad_measures_are_set_aside_with_their_rule_and_the_good_ones_load(landing, warehouse_url, tmp_path):
    summary = ingest(landing, tmp_path, warehouse_url)
    engine = create_engine(warehouse_url)
    q = quarantine(engine, TILTAK)
    found = {int(r.line): (r.column_name, r.verdi, r.rule) for r in q.itertuples()}
    assert {line: (c, r) for line, (c, _, r) in found.items()} == {line: (c, r) for line, (c, _, r) in BAD.items()}
    assert found[5][1] == "FERDIG" and found[6][1] == "XX" and found[7][1] == "PO110"
    assert summary.by_name(TILTAK).status == "loaded"
    assert sorted(rows(engine, "ref_tiltak")["tiltak_id"]) == ["T1", "T2", "T3"]
    engine.dispose()


def test_half_year_report_lists_status_owner_and_change_in_text_and_file(landing, warehouse_url, tmp_path):
    ingest(landing, tmp_path, warehouse_url)
    settings = settings_for(tmp_path, warehouse_url)
    h1, listed_h1, text_h1 = _render(settings, "2018H1", tmp_path / "h1")
    h2, listed_h2, text_h2 = _render(settings, "2018H2", tmp_path / "h2")
    start = _year_figures(warehouse_url, "2018H1")  # the figures of 1st half as its own report has them

    # all three are active in 1st half; in the 2nd, the completed one is listed once more
    assert set(listed_h1) == set(listed_h2) == {"T1", "T2", "T3"}
    assert [listed_h2[t]["status"] for t in ("T1", "T2", "T3")] == ["PAGAR", "FULLFORT", "PAGAR"]
    assert listed_h2["T2"]["ansvarlig"] == "Kommunalsjef pleie og omsorg"
    assert listed_h2["T1"]["omrade"] == HELE_KOMMUNEN and listed_h2["T2"]["omrade"] == "Pleie og omsorg"
    for tid, omrade in (("T1", HELE_KOMMUNEN), ("T2", "Pleie og omsorg")):
        row = listed_h2[tid]
        was, now = start[(PROSENT, "2018H1", omrade, "")], h2[(PROSENT, "2018H2", omrade, "")]
        assert not was.prikket and not now.prikket
        assert float(row["verdi_ved_start"]) == pytest.approx(was.verdi)
        assert float(row["verdi_na"]) == pytest.approx(now.verdi)
        assert float(row["endring"]) == pytest.approx(now.verdi - was.verdi)
        assert row["indikator"] == PROSENT
        # in the text: the owner, and the change between the values as shown
        assert f"{row['tittel']} {row['omrade']} {row['ansvarlig']}" in text_h2
        values = f"{fmt.prosent(was.verdi)} {fmt.prosent(now.verdi)} {fmt.pp_tall(shown(now) - shown(was))}"
        assert re.sub(r"\s+", " ", values) in text_h2
    po = (PROSENT, "Pleie og omsorg", "")
    assert start[(po[0], "2018H1", *po[1:])].verdi != h2[(po[0], "2018H2", *po[1:])].verdi
    assert "Fullført 30.06.2018" in text_h2 and "Pågår, fra 1. halvår 2018" in text_h2
    assert "To tiltak var aktive i 2. halvår 2018, og ett ble avsluttet i 1. halvår 2018" in text_h2
    # in 1st half the completed measure is still active: no "ended" line yet
    assert "ble avsluttet" not in text_h1 and "Tre tiltak var aktive i 1. halvår 2018." in text_h1
    assert "Fullført 30.06.2018" in text_h1  # it ended on the period's last day
    # Small numbers: Øvrige tjenester's 1st half is suppressed, its 2nd half has nobody: both cells empty
    assert h1[(KORTTID, "2018H1", "Øvrige tjenester", "")].prikket
    assert (listed_h2["T3"]["verdi_ved_start"], listed_h2["T3"]["verdi_na"], listed_h2["T3"]["endring"]) == ("", "", "")
    assert (listed_h1["T3"]["verdi_ved_start"], listed_h1["T3"]["verdi_na"]) == ("", "")


def test_annual_chapter_ends_with_a_short_tiltak_section(landing, warehouse_url, tmp_path):
    from reports.medarbeidere import build_context
    from reports.render import (
        _with_size_and_benchmarks,
        _with_text,
        _with_tiltak,
        render_html,
    )

    ingest(landing, tmp_path, warehouse_url)
    settings = settings_for(tmp_path, warehouse_url)
    p = Period.parse("2018")
    figures = compute_figures.fn(settings, "0219", "medarbeidere", p)
    meta = load_report_meta.fn(settings, "0219", "medarbeidere", p)
    context = _with_tiltak(
        _with_size_and_benchmarks(_with_text(build_context(figures, meta), meta, "Medarbeidere"), figures, meta),
        figures,
        meta,
        own_section=True,
    )
    html = render_html("medarbeidere.html.j2", context)
    assert html.index("<h2>Tiltak</h2>") < html.index("<h2>Om tallene</h2>")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Tre tiltak var aktive i 2018" in text and "Nærværsprosjekt i pleie og omsorg" in text
    assert "Fullført 30.06.2018" in text and "Kommunalsjef" not in text  # short: no owner, status and change
    listed = {m.tiltak_id: m for m in meta.tiltak}
    assert set(listed) == {"T1", "T2", "T3"} and not any(m.ended for m in listed.values())
    year = {f.key: f for f in figures}
    now = year[(PROSENT, "2018", "Pleie og omsorg", "")]
    assert listed["T2"].start_period == "2018" and not now.prikket
    # started in the report's own year: its value at start is its value now, so the change says "nytt", not 0,0
    assert re.search(r"Fullført 30\.06\.2018 nytt", text)


def test_no_register_no_measures_file(tmp_path, warehouse_url):
    from reports.render import render_sykefravaer

    land = Landing(tmp_path / "landing").standard()
    land.kommune(fravaer_fra="01.01.2014")
    ingest(land, tmp_path, warehouse_url)
    settings = settings_for(tmp_path, warehouse_url)
    p = Period.parse("2018H1")
    meta = load_report_meta.fn(settings, "0219", "sykefravaer", p)
    assert meta.tiltak is None
    render_sykefravaer(compute_figures.fn(settings, "0219", "sykefravaer", p), meta, tmp_path / "out")
    assert not (tmp_path / "out" / "sykefravaer_2018H1.tiltak.csv").exists()


@pytest.mark.parametrize(
    "start, end, period, expected",
    [
        (date(2018, 1, 15), date(2018, 6, 30), "2018H1", (True, False)),
        (date(2018, 1, 15), date(2018, 6, 30), "2018H2", (True, True)),  # once more, after it ended
        (date(2018, 1, 15), date(2018, 6, 30), "2019H1", (False, True)),  # and not again
        (date(2018, 7, 1), None, "2018H1", (False, False)),  # not started yet
        (date(2016, 1, 1), None, "2018H2", (True, False)),
        (date(2017, 3, 1), date(2017, 12, 31), "2018", (True, True)),  # annual: ended the year before
    ],
)
def test_a_measure_is_listed_while_active_and_once_more_after_it_ended(start, end, period, expected):
    listed, ended = is_listed(start, end, Period.parse(period))
    assert (listed, ended if listed else expected[1]) == expected


def test_hostile_register_text_is_escaped_in_the_report_and_protected_in_the_file():
    """A title or owner is text from a file: never markup in the report, never a formula in the CSV."""
    from hr.figures import Figure
    from hr.metrics.tiltak import Measure
    from reports import tiltak
    from reports.render import environment

    p = Period.parse("2018H2")
    m = Measure(
        '=HYPERLINK("x")',
        "PO",
        "Pleie og omsorg",
        "Pleie og omsorg",
        "<script>alert(1)</script>",
        "@Leder",
        date(2018, 1, 1),
        None,
        "PAGAR",
        PROSENT,
        "2018H1",
        False,
        Figure(PROSENT, "2018H1", "Pleie og omsorg", "", 8.0, "prosent", 10),
        None,
    )
    now = Figure(PROSENT, "2018H2", "Pleie og omsorg", "", 7.5, "prosent", 10)
    text = tiltak.csv_text([now], [m], p)
    row = next(iter(csv.DictReader(text.splitlines())))
    assert row["tiltak_id"] == '\'=HYPERLINK("x")' and row["ansvarlig"] == "'@Leder"
    assert (row["verdi_ved_start"], row["verdi_na"], row["endring"]) == ("8.0", "7.5", "-0.5")
    context = {"tiltak": {**tiltak.context([now], [m], p, 5)["tiltak"], "own_section": True}}
    html = environment().get_template("_tiltak.html.j2").render(**context)
    assert "<script>" not in html and "&lt;script&gt;" in html and "−0,5" in html
