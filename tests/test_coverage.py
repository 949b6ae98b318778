"""Coverage (DEFINITIONS.md "Coverage"): periods before the absence register is complete have no sick-leave
figure (absent from figures.csv, a gap in the trend chart, "ingen data" in tables, a sentence saying from
when the register is complete), and a report for such a period exits 4 instead of publishing 0,0 %."""

from __future__ import annotations

import csv

import pytest

from hr.errors import NothingToReport
from hr.periods import Period
from tests.landing import P2, P3, Landing, ansatt, fravaer, settings_for
from tests.landing import ingest as ingest_landing

STAMP = "20190715"  # the snapshots reach past 2019H1
TREND = ["2015H2", "2016H1", "2016H2", "2017H1", "2017H2", "2018H1", "2018H2", "2019H1"]


def _landing(root, fravaer_fra: str | None = None) -> Landing:
    """Two employments since 2010; sick leave registered from January 2017 on (nothing before)."""
    land = Landing(root)
    land.kommune(min_n=3, fravaer_fra=fravaer_fra)  # three employees: the lowest min_n allowed shows the figures
    land.stillingskoder()
    land.organisasjon(stamp=STAMP)
    land.ansatte(
        [
            ansatt(gyldig_fra="01.01.2010"),
            ansatt(
                ansattnr="10002",
                fodselsnummer=P2,
                fodselsdato="15.08.1990",
                arbeidsforhold_id="AF2",
                gyldig_fra="01.01.2010",
            ),
            ansatt(
                ansattnr="10003",
                fodselsnummer=P3,
                fodselsdato="28.02.1999",
                arbeidsforhold_id="AF3",
                gyldig_fra="01.01.2010",
            ),
        ],
        stamp=STAMP,
    )
    rows = []
    for i, (fra, til) in enumerate(
        [
            ("09.01.2017", "13.01.2017"),
            ("04.09.2017", "08.09.2017"),
            ("05.03.2018", "16.03.2018"),
            ("01.10.2018", "05.10.2018"),
            ("04.02.2019", "08.02.2019"),
        ]
    ):
        rows.append(fravaer(fravaer_id=f"F{i}", fra_dato=fra, til_dato=til))
    land.fravaer(rows, stamp=STAMP)
    return land


def _compute(tmp_path, warehouse_url, period: str, report: str = "sykefravaer"):
    from tasks.compute import compute_figures, load_report_meta

    settings = settings_for(tmp_path, warehouse_url)
    p = Period.parse(period)
    return (compute_figures.fn(settings, "0219", report, p), load_report_meta.fn(settings, "0219", report, p))


def test_periods_before_the_register_are_absent_from_the_figures_file_and_a_gap_in_the_chart(
    tmp_path, warehouse_url, monkeypatch
):
    from reports import charts
    from reports.render import render_sykefravaer

    summary = ingest_landing(_landing(tmp_path / "landing"), tmp_path, warehouse_url)
    assert summary.kommunenummer == "0219"
    figures, meta = _compute(tmp_path, warehouse_url, "2019H1")
    drawn = {}
    original = charts.line_chart

    def recording(labels, series, **kw):
        drawn.setdefault("trend", (list(labels), {s.name: list(s.values) for s in series}))
        return original(labels, series, **kw)

    monkeypatch.setattr(charts, "line_chart", recording)
    pdf, csv_path = render_sykefravaer(figures, meta, tmp_path / "ut")
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    periods = {r["period"] for r in rows if r["metric"] == "sykefravaer_prosent" and r["omrade"] == "Hele kommunen"}
    assert periods.isdisjoint({"2015H2", "2016H1", "2016H2"})  # never 0,0 %: no row at all
    assert {"2017H1", "2017H2", "2018H1", "2018H2", "2019H1"} <= periods
    assert not any(r["period"].startswith(("2015", "2016")) for r in rows if r["metric"].startswith("sykefravaer_"))
    labels, series = drawn["trend"]
    assert len(labels) == len(TREND)
    totals = series["Totalt"]
    assert totals[:3] == [None, None, None]  # a gap where the register has no data
    assert all(v is not None for v in totals[3:])
    from reports.sykefravaer import build_context

    context = build_context(figures, meta)
    assert any("Fraværsregisteret er komplett fra 01.01.2017" in s for s in context["summary"])
    alt = context["trend_chart"].alt  # the gap is described as no data, not as a hidden figure
    assert "2. halvår 2016: ingen data; 1. halvår 2017: " in alt and "2016: prikket" not in alt


def test_last_years_column_says_ingen_data_before_the_register(tmp_path, warehouse_url):
    from reports.sykefravaer import build_context

    ingest_landing(_landing(tmp_path / "landing"), tmp_path, warehouse_url)
    figures, meta = _compute(tmp_path, warehouse_url, "2017H2")
    table = build_context(figures, meta)["tables"]["areas"]
    total = table.rows[0]
    assert total.cells[1] == "ingen data" and total.cells[2] == "ingen data"
    assert total.cells[0] != "ingen data"


def test_a_report_for_a_period_before_the_register_exits_4_with_a_clear_message(tmp_path, warehouse_url):
    ingest_landing(_landing(tmp_path / "landing"), tmp_path, warehouse_url)
    with pytest.raises(NothingToReport) as err:
        _compute(tmp_path, warehouse_url, "2016H2")
    assert err.value.exit_code == 4
    assert "fraværsregisteret er komplett først fra 01.01.2017" in str(err.value)
    assert "2. halvår 2016" in str(err.value)


def test_fravaer_fra_in_kommune_yaml_decides_over_the_first_registration(tmp_path, warehouse_url):
    """The register is declared complete from 1 July 2017: 2017H1 (with a registration) has no figure."""
    ingest_landing(_landing(tmp_path / "landing", fravaer_fra="01.07.2017"), tmp_path, warehouse_url)
    figures, meta = _compute(tmp_path, warehouse_url, "2019H1")
    periods = {f.period for f in figures if f.metric == "sykefravaer_prosent"}
    assert "2017H1" not in periods and "2017H2" in periods
    with pytest.raises(NothingToReport, match="01.07.2017"):
        _compute(tmp_path, warehouse_url, "2017H1")


def test_an_annual_chapter_for_a_year_before_the_register_says_so_without_sick_leave(tmp_path, warehouse_url):
    from reports.medarbeidere import build_context

    ingest_landing(_landing(tmp_path / "landing"), tmp_path, warehouse_url)
    figures, meta = _compute(tmp_path, warehouse_url, "2016", "medarbeidere")
    assert not [f for f in figures if f.metric.startswith("sykefravaer_") and f.metric != "sykefravaer_mal_prosent"]
    section = build_context(figures, meta)["s"]["sick_leave"]
    assert section["table"] is None
    assert "ingen sykefraværstall for 2016" in section["sentences"][0]
    assert "01.01.2017" in section["sentences"][0]
