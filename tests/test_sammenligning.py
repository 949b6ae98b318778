"""Issue 18 item 1: published benchmarks (referanse/sammenligning.csv) on DuckDB and PostgreSQL.

A hand-made file with one year, one half-year and one quarter row goes through the real ingest (GE suite
ref_sammenligning), compute and render steps; each report shows exactly the rows whose periode is its
period, its year or a quarter inside its period, beside the municipality's own figure of the same indicator and period. Bad rows are
set aside with their rule.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from hr.figures import HELE_KOMMUNEN
from hr.ingest.kommune import IngestRejected, parse_kommune
from hr.metrics.sykefravaer import compute_sykefravaer
from hr.periods import Period
from hr.warehouse import create_engine
from reports.render import _with_size_and_benchmarks, _with_text, render_html
from tasks.compute import compute_figures, load_report_meta
from tests.landing import Landing, ingest, quarantine, rows, settings_for

SAMMENLIGNING = "referanse/sammenligning.csv"
COLUMNS = ["periode", "indikator", "sammenligning", "verdi", "kilde"]
LEGEMELDT = "sykefravaer_legemeldt_prosent"
METRIC = "sammenligning_" + LEGEMELDT


def row(period: str, label: str, verdi: str, kilde: str, indikator: str = LEGEMELDT) -> dict:
    return dict(periode=period, indikator=indikator, sammenligning=label, verdi=verdi, kilde=kilde)


GOOD = [
    row("2018", "Kommuner i alt", "6,4", "SSB tabell 12441 (år)"),
    row("2018H2", "Kommunene i fylket", "6,1", "KS halvårstall"),
    row("2018Q4", "Kommuner i alt", "6,9", "SSB tabell 12441 (kvartal)"),
]
# line in the file -> (column, value, rule)
BAD = {
    5: ("periode", "2018H3", "periode_format"),
    6: ("indikator", "turnover_prosent", "indikator_kjent"),
    7: ("verdi", "120", "verdi_intervall"),
    8: ("kilde", "", "verdi_mangler"),
}


@pytest.fixture
def landing(tmp_path) -> Landing:
    land = Landing(tmp_path / "landing").standard()
    # five persons: min_n 3 (the lowest allowed) keeps the municipality's own figures visible
    _five_persons(land)
    land.text(
        "referanse/kommune.yaml", 'navn: Bærum kommune\nkommunenummer: "0219"\nmin_n: 3\nfravaer_fra: 01.01.2014\n'
    )
    land.csv(
        SAMMENLIGNING,
        COLUMNS,
        GOOD
        + [
            row("2018H3", "Feil periode", "6,0", "x"),
            row("2018", "Feil indikator", "9,0", "x", indikator="turnover_prosent"),
            row("2018", "For stor", "120", "x"),
            row("2018", "Uten kilde", "6,0", ""),
        ],
    )
    return land


def _report(settings, report: str, period: str):
    from reports.medarbeidere import build_context as annual_context
    from reports.sykefravaer import build_context as half_year_context

    p = Period.parse(period)
    figures = compute_figures.fn(settings, "0219", report, p)
    meta = load_report_meta.fn(settings, "0219", report, p)
    build = half_year_context if report == "sykefravaer" else annual_context
    context = _with_size_and_benchmarks(_with_text(build(figures, meta), meta, "Tiltak"), figures, meta)
    html = render_html(f"{report}.html.j2", context)
    web = render_html(f"{report}.html.j2", context, edition="web")  # the web edition has the same words
    text, web_text = (re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", h)) for h in (html, web))
    for sentence in (context["benchmark"] or {}).get("sentences", []):
        assert re.sub(r"\s+", " ", sentence) in web_text
    return {f.key: f for f in figures}, text


def test_bad_benchmark_rows_are_set_aside_with_their_rule_and_the_good_rows_load(landing, warehouse_url, tmp_path):
    summary = ingest(landing, tmp_path, warehouse_url)
    engine = create_engine(warehouse_url)
    q = quarantine(engine, SAMMENLIGNING)
    found = {int(r.line): (r.column_name, r.verdi, r.rule) for r in q.itertuples()}
    assert found == BAD
    assert summary.by_name(SAMMENLIGNING).status == "loaded"
    assert sorted(rows(engine, "ref_sammenligning")["periode"]) == ["2018", "2018H2", "2018Q4"]
    engine.dispose()


@pytest.mark.parametrize(
    "report, period, shown",
    [
        ("sykefravaer", "2018H2", {"2018", "2018H2", "2018Q4"}),
        ("sykefravaer", "2018H1", {"2018"}),
        ("medarbeidere", "2018", {"2018", "2018Q4"}),
    ],
)
def test_each_report_shows_the_benchmarks_of_its_period_its_year_and_its_quarters(
    landing, warehouse_url, tmp_path, report, period, shown
):
    ingest(landing, tmp_path, warehouse_url)
    figs, text = _report(settings_for(tmp_path, warehouse_url), report, period)
    bench = {(f.period, f.gruppe): f for f in figs.values() if f.metric == METRIC}
    expected = {(r["periode"], r["sammenligning"]) for r in GOOD if r["periode"] in shown}
    assert set(bench) == expected
    for (bench_period, label), f in bench.items():
        source = next(r["kilde"] for r in GOOD if r["periode"] == bench_period)
        assert f.omrade == HELE_KOMMUNEN and f.n is None and not f.prikket and f.enhet == "prosent"
        assert f"{Period.parse(bench_period).label_nb()}: " in text and label in text and source in text
    if "2018Q4" in shown:  # the quarter row, beside the municipality's own figure for the same quarter
        own = figs[(LEGEMELDT, "2018Q4", HELE_KOMMUNEN, "")]
        assert own.n and not own.prikket and "4. kvartal 2018: Bærum kommune " in text
    else:  # a quarter outside the report's period is not shown
        assert "kvartal)" not in text and "6,9 %" not in text
        assert (LEGEMELDT, "2018Q4", HELE_KOMMUNEN, "") not in figs
    order = [text.index(f"{Period.parse(p).label_nb()}: ") for p in ("2018H2", "2018", "2018Q4") if p in shown]
    assert order == sorted(order)  # the report's own period first, then the year, then the quarters
    assert "Legemeldt sammenlignes med legemeldt" in text
    assert "Kommunale arbeidsplasser" not in text  # no benchmark here says «alle sektorer»


def test_the_own_figure_beside_a_benchmark_has_the_same_indicator_and_period(landing, warehouse_url, tmp_path):
    """The year's legemeldt sick leave in the 2nd-half report is the municipality's own 2018 figure; the
    1st-half report cannot have it yet (the year is not over) and says so."""
    ingest(landing, tmp_path, warehouse_url)
    settings = settings_for(tmp_path, warehouse_url)
    h2, _ = _report(settings, "sykefravaer", "2018H2")
    engine = create_engine(warehouse_url)
    with engine.connect() as conn:
        year = {f.key: f for f in compute_sykefravaer(conn, "0219", Period.parse("2018"), 1)}
        quarter = {f.key: f for f in compute_sykefravaer(conn, "0219", Period.parse("2018Q4"), 1)}
    engine.dispose()
    for period, own_figures in (("2018", year), ("2018Q4", quarter)):
        own = h2[(LEGEMELDT, period, HELE_KOMMUNEN, "")]
        assert own.verdi == own_figures[(LEGEMELDT, period, HELE_KOMMUNEN, "")].verdi
        assert own.n == own_figures[(LEGEMELDT, period, HELE_KOMMUNEN, "")].n
    assert (LEGEMELDT, "2018H2", HELE_KOMMUNEN, "") in h2
    h1, h1_text = _report(settings, "sykefravaer", "2018H1")
    assert (LEGEMELDT, "2018", HELE_KOMMUNEN, "") not in h1
    assert "Bærum kommunes tall for 2018 er ikke klart ennå" in h1_text


def test_a_small_municipality_figure_beside_a_benchmark_is_suppressed(landing, warehouse_url, tmp_path):
    """The own figure follows "Small numbers" (five persons, min_n 9); the published benchmark does not."""
    landing.text(
        "referanse/kommune.yaml", 'navn: Bærum kommune\nkommunenummer: "0219"\nmin_n: 9\nfravaer_fra: 01.01.2014\n'
    )
    ingest(landing, tmp_path, warehouse_url)
    figs, text = _report(settings_for(tmp_path, warehouse_url), "sykefravaer", "2018H2")
    assert figs[(LEGEMELDT, "2018", HELE_KOMMUNEN, "")].prikket
    assert figs[(METRIC, "2018", HELE_KOMMUNEN, "Kommuner i alt")].verdi == 6.4
    assert "Bærum kommunes tall kan ikke vises (prikket)" in text


@pytest.mark.parametrize("value, expected", [("3500", "3500"), ("3 500,50", "3500.50"), ("", None)])
def test_kostnad_per_dagsverk_is_read_from_kommune_yaml(value, expected):
    extra = f"kostnad_per_dagsverk: {value}\n" if value else ""
    k = parse_kommune(f'navn: X\nkommunenummer: "0219"\n{extra}'.encode())
    assert (None if k.kostnad_per_dagsverk is None else str(k.kostnad_per_dagsverk)) == expected


@pytest.mark.parametrize("value", ["-1", "0", "mange", "1e40"])
def test_a_bad_kostnad_per_dagsverk_rejects_kommune_yaml_with_a_message(value):
    with pytest.raises(IngestRejected, match="kostnad_per_dagsverk"):
        parse_kommune(f'navn: X\nkommunenummer: "0219"\nkostnad_per_dagsverk: {value}\n'.encode())


def test_the_benchmark_file_is_behind_a_report_only_when_the_report_shows_one_of_its_rows():
    """Data-quality section and manifest: sammenligning.csv is listed when a row of it is shown."""
    from hr.metrics.sammenligning import Benchmark
    from reports.data_quality import files_behind
    from reports.render import ExtractUsed, ReportMeta

    extracts = [
        ExtractUsed(kind, f"referanse/{kind}.csv", None, "0" * 64, 3, 3, 0) for kind in ("mal", "sammenligning")
    ]
    meta = ReportMeta("Bærum kommune", "0219", Period.parse("2018H2"), 5, extracts, [])
    assert [e.kind for e in files_behind(meta, "sykefravaer").extracts] == ["mal"]
    shown = Benchmark("2018", LEGEMELDT, "Kommuner i alt", Decimal("6.4"), "SSB")
    meta.benchmarks = [shown]
    assert [e.kind for e in files_behind(meta, "sykefravaer").extracts] == ["mal", "sammenligning"]


def _five_persons(land) -> None:
    """The standard landing's three persons and two more all year, so min_n 3 (the lowest allowed) keeps
    the municipality's own sick-leave figures visible; the register is declared complete from 2014."""
    from datetime import date

    from tests.landing import ansatt, ansatte_rows, fnr

    land.ansatte(
        ansatte_rows()
        + [
            ansatt(
                ansattnr=f"1000{i}",
                fodselsnummer=fnr(date(1980 + i, 3, 3), 300 + i),
                arbeidsforhold_id=f"AF{i}",
                gyldig_fra="01.01.2017",
            )
            for i in (4, 5)
        ]
    )


def test_the_size_sentence_says_years_of_work_for_a_year_and_positions_for_a_half_year():
    """The same figure (lost day-works / workdays, DEFINITIONS «Størrelsen på fraværet») reads as lost
    årsverk over a year; over a half-year it is positions standing empty for the half-year, which a reader
    must not take for years of work (553 in 2. halvår beside 562 for the year is no contradiction)."""
    from hr.figures import HELE_KOMMUNEN, Figure
    from hr.periods import Period
    from reports.sammenligning import size_sentence
    from reports.tables import FigureIndex

    def sentence(period: str) -> str | None:
        fig = Figure("sykefravaer_tapte_arsverk", period, HELE_KOMMUNEN, "", 553.2, "arsverk", n=9000)
        return size_sentence(FigureIndex([fig]), Period.parse(period))

    assert sentence("2018") == (
        "Sykefraværet i 2018 tilsvarer 553 tapte årsverk, som om så mange heltidsstillinger hadde stått tomme hele året."
    )
    half = sentence("2018H2")
    assert half is not None and "tapte årsverk, som om" not in half
    assert half.startswith("Sykefraværet i 2. halvår 2018 tilsvarer 553 heltidsstillinger som sto tomme hele halvåret")
