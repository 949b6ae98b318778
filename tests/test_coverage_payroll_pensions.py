"""Coverage of payroll and pensions, and of reports over periods before the absence register
(DEFINITIONS.md "Coverage"): a year's pay figures need all twelve payroll months, a pension year never
delivered has no figures (not 0), and the annual chapter says what is missing; an annual chapter for a year
before the register renders without sick leave (exit 0), a backfill renders the covered periods and exits 4."""

from __future__ import annotations

import csv
from datetime import date

from typer.testing import CliRunner

from hr.metrics.coverage import PAY_METRICS
from hr.periods import Period
from tests.landing import P2, P3, Landing, ansatt, fnr, fravaer, settings_for
from tests.landing import ingest as ingest_landing

STAMP = "20190715"  # the HR snapshots reach past 2018
PAY = PAY_METRICS  # every figure computed from payroll lines


def _landing(root, months=range(1, 13), pension_years=(2016, 2017, 2018)) -> Landing:
    """Three employees since 2010 (one woman, two men), sick leave registered from January 2017, payroll
    for the given months of 2018 and a KLP file for each of the given pension years."""
    land = Landing(root)
    land.kommune(min_n=3)
    land.stillingskoder()
    land.organisasjon(stamp=STAMP)
    land.ansatte(
        [
            ansatt(gyldig_fra="01.01.2010"),
            ansatt(
                ansattnr="10002",
                fodselsnummer=P2,
                kjonn="M",
                fodselsdato="15.08.1990",
                arbeidsforhold_id="AF2",
                gyldig_fra="01.01.2010",
            ),
            ansatt(
                ansattnr="10003",
                fodselsnummer=P3,
                kjonn="M",
                fodselsdato="28.02.1999",
                arbeidsforhold_id="AF3",
                gyldig_fra="01.01.2010",
            ),
        ],
        stamp=STAMP,
    )
    land.fravaer(
        [
            fravaer(fravaer_id="F1", fra_dato="09.01.2017", til_dato="13.01.2017"),
            fravaer(fravaer_id="F2", fra_dato="05.03.2018", til_dato="16.03.2018"),
        ],
        stamp=STAMP,
    )
    for m in months:
        land.lonn(
            f"2018{m:02d}",
            [
                dict(
                    periode=f"2018-{m:02d}",
                    arbeidsforhold_id=af,
                    lonnsart="1000",
                    lonnsartgruppe="FASTLONN",
                    timer="",
                    belop=belop,
                )
                for af, belop in (("AF1", "45000,00"), ("AF2", "47000,00"), ("AF3", "46000,00"))
            ],
        )
    pensioners = {2016: [], 2017: [P2], 2018: [P3, fnr(date(1955, 3, 3), 211)]}  # 2016: delivered, empty
    for y in pension_years:
        land.pensjon_csv(
            "klp",
            str(y),
            [
                dict(fodselsnummer=p, pensjonstype="AFP", uttaksdato=f"01.06.{y}", uttaksgrad="100")
                for p in pensioners[y]
            ],
            encoding="cp1252",
        )
    return land


def _chapter(tmp_path, warehouse_url, year: str = "2018"):
    """The chapter's figures, rendered: the figures file's rows and the text of the PDF and web edition."""
    import pdfplumber

    from reports.render import render_medarbeidere
    from tasks.compute import compute_figures, load_report_meta

    settings = settings_for(tmp_path, warehouse_url)
    p = Period.parse(year)
    figures = compute_figures.fn(settings, "0219", "medarbeidere", p)
    meta = load_report_meta.fn(settings, "0219", "medarbeidere", p)
    out = tmp_path / f"ut-{len(list(tmp_path.glob('ut-*')))}"
    pdf, csv_path = render_medarbeidere(figures, meta, out, web=True)
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with pdfplumber.open(pdf) as doc:
        pdf_text = " ".join(" ".join(page.extract_text() or "" for page in doc.pages).split())
    html = " ".join(pdf.with_suffix(".html").read_text(encoding="utf-8").split())
    return rows, pdf_text, html


def test_a_payroll_year_with_missing_months_has_no_pay_figures_and_names_the_months(tmp_path, warehouse_url):
    land = _landing(tmp_path / "landing", months=[m for m in range(1, 13) if m not in (3, 10)])
    ingest_landing(land, tmp_path, warehouse_url)
    rows, pdf_text, html = _chapter(tmp_path, warehouse_url)
    assert not [r for r in rows if r["metric"] in PAY]  # absent, not computed from ten months
    sentence = "Lønnstall for 2018 vises ikke: lønnsuttrekket for mars og oktober mangler."
    assert sentence in html and sentence in pdf_text
    assert any(r["metric"] == "personer_totalt" for r in rows)  # the rest of the chapter is there

    # The two months delivered: the year's pay figures are published and nothing is said to be missing.
    for m in (3, 10):
        land.lonn(
            f"2018{m:02d}",
            [
                dict(
                    periode=f"2018-{m:02d}",
                    arbeidsforhold_id="AF1",
                    lonnsart="1000",
                    lonnsartgruppe="FASTLONN",
                    timer="",
                    belop="45000,00",
                )
            ],
        )
    ingest_landing(land, tmp_path, warehouse_url)
    rows, pdf_text, html = _chapter(tmp_path, warehouse_url)
    cost = [r for r in rows if r["metric"] == "lonnskostnad_kroner" and r["omrade"] == "Hele kommunen"]
    assert [float(r["verdi"]) for r in cost] == [10 * 138000 + 2 * 45000]  # every month's lines
    assert any(r["metric"] == "lonn_kvinner_andel_av_menn_prosent" for r in rows)
    assert "Lønnstall for 2018 vises ikke" not in html and "Lønnstall for 2018 vises ikke" not in pdf_text


def test_a_pension_year_never_delivered_has_no_figures_and_is_named(tmp_path, warehouse_url, monkeypatch):
    from reports import charts

    drawn = {}
    original = charts.grouped_bar_chart

    def recording(labels, series, **kw):
        drawn["pensions"] = (list(labels), {s.name: list(s.values) for s in series})
        return original(labels, series, **kw)

    monkeypatch.setattr(charts, "grouped_bar_chart", recording)
    ingest_landing(_landing(tmp_path / "landing", pension_years=(2016, 2018)), tmp_path, warehouse_url)
    rows, pdf_text, html = _chapter(tmp_path, warehouse_url)
    pension = {(r["period"], r["gruppe"]): r["verdi"] for r in rows if r["metric"] == "nye_pensjoner"}
    assert {p for p, _ in pension} == {"2016", "2018"}  # 2017: no row at all, never 0
    assert pension[("2018", "AFP")] == "2"
    assert pension[("2016", "AFP")] == "0" and pension[("2016", "ALDER")] == "0"  # delivered, none taken out
    sentence = "Pensjonsuttrekket for 2017 er ikke levert, så året har ingen pensjonstall."
    assert sentence in html and sentence in pdf_text
    labels, series = drawn["pensions"]
    assert labels == ["2016", "2017", "2018"]
    assert series["AFP"] == [0, None, 2]  # a gap where nothing was delivered
    assert "AFP: 2016: 0; 2017: ingen data; 2018: 2." in html  # marked missing, not suppressed


def test_the_chapters_own_pension_year_not_delivered_is_said_and_has_no_table(tmp_path, warehouse_url):
    ingest_landing(_landing(tmp_path / "landing", pension_years=(2016, 2017)), tmp_path, warehouse_url)
    rows, pdf_text, html = _chapter(tmp_path, warehouse_url)
    assert not [r for r in rows if r["metric"].startswith("nye_pensjoner") and r["period"] == "2018"]
    assert {r["period"] for r in rows if r["metric"] == "nye_pensjoner"} == {"2016", "2017"}
    assert "Pensjonsuttrekket for 2018 er ikke levert, så året har ingen pensjonstall." in pdf_text
    assert "Nye pensjoner i 2018 etter type og leverandør" not in html


def _cli(*args):
    from hr.cli import app

    return CliRunner().invoke(app, list(args))


def test_an_annual_chapter_before_the_register_renders_and_a_backfill_exits_4(tmp_path, warehouse_url):
    """A year before the absence register is a chapter without sick leave (exit 0); a half-year backfill
    across the register's start renders the covered half-year and exits 4, naming the uncovered one."""
    import pdfplumber

    land = _landing(tmp_path / "landing")
    out = tmp_path / "out"
    res = _cli(
        "report", "medarbeidere", "2016", "--landing", str(land.root), "--out", str(out), "--warehouse", warehouse_url
    )
    assert res.exit_code == 0, res.output
    with pdfplumber.open(out / "medarbeidere_2016.pdf") as doc:
        text = " ".join(" ".join(page.extract_text() or "" for page in doc.pages).split())
    assert "Kapitlet har ingen sykefraværstall for 2016." in text and "komplett fra 01.01.2017" in text

    res = _cli(
        "backfill",
        "sykefravaer",
        "2016H2",
        "2017H1",
        "--landing",
        str(land.root),
        "--out",
        str(out),
        "--warehouse",
        warehouse_url,
    )
    assert res.exit_code == 4, res.output
    assert (out / "sykefravaer_2017H1.pdf").is_file() and (out / "sykefravaer_2017H1.figures.csv").is_file()
    assert not (out / "sykefravaer_2016H2.pdf").exists()
    output = " ".join(res.output.split())
    assert "2016H2" in output and "feilet (4)" in output
