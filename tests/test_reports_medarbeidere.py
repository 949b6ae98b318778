"""The annual "Medarbeidere" chapter: the workforce figures a municipal council reads once a year."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from hr.errors import UsageError
from hr.figures import HELE_KOMMUNEN, Figure, figures_csv_text
from reports import format as fmt
from reports.medarbeidere import Chapter, build_context, kpi, minority, sick_leave
from reports.render import render_html, render_medarbeidere
from tests.report_fixtures import medarbeidere_figures, report_meta, without


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("medarbeidere")
    figures = medarbeidere_figures(suppress_minority_area=True)
    pdf, csv_path = render_medarbeidere(figures, report_meta("2018"), out)
    with pdfplumber.open(pdf) as doc:
        text = plain("\n".join(page.extract_text() or "" for page in doc.pages))
    return {"pdf": pdf, "csv": csv_path, "figures": figures, "text": text}


def test_chapter_files_are_named_after_the_year_and_hold_exactly_the_figures(rendered):
    """The figures file beside the chapter must be exactly what the chapter was made from."""
    assert rendered["pdf"].name == "medarbeidere_2018.pdf"
    assert rendered["csv"].name == "medarbeidere_2018.figures.csv"
    assert rendered["csv"].read_text(encoding="utf-8") == figures_csv_text(rendered["figures"])


def test_headline_workforce_figures_appear_as_rounded_from_the_figures_file(rendered):
    """Årsverk, persons, mean age, turnover, sick leave and full-time share as in figures.csv, rounded."""
    by_key = {f.key: f for f in rendered["figures"]}
    text = rendered["text"]
    status = "2018-12-31"
    faste = plain(fmt.tall(by_key[("arsverk_fast", status, HELE_KOMMUNEN, "")].verdi))
    assert f"{faste} faste og 329 midlertidige" in text
    assert plain(fmt.tall(by_key[("personer_totalt", status, HELE_KOMMUNEN, "")].verdi)) == "12 573"
    assert "12 573 personer" in text
    assert "44,9 år" in text and "45,4 år" in text and "43,7 år" in text
    assert plain(fmt.prosent(by_key[("turnover_prosent", "2018", HELE_KOMMUNEN, "")].verdi)) in text
    assert "fra 7,5 % i 2017 til 7,3 % i 2018" in text
    assert "57,2 % av de månedslønnede heltidsstilling" in text
    assert "Per 1 000 innbyggere" in text


def test_chapter_has_every_section_as_a_bookmark_and_norwegian_language(rendered):
    """Readers jump between sections; screen readers need the language."""
    with open(rendered["pdf"], "rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        assert resolve1(doc.catalog["Lang"]) == b"nb"
        titles = [t for _lvl, t, *_ in doc.get_outlines()]
    for heading in (
        "Kommunens medarbeidere",
        "Alder og kjønn",
        "Rekruttering og avgang",
        "Uttak av pensjon",
        "Kompetanse",
        "Sykefravær",
        "Heltid og deltid",
        "Medarbeidere som er innvandrere",
        "Lønn og kjønn",
        "Langsiktige indikatorer",
        "Datagrunnlag og datakvalitet",
    ):
        assert heading in titles


def test_suppressed_minority_figures_show_a_dash_and_are_explained(rendered):
    """Small groups' immigrant background is personal data: '–' and a footnote, never the number."""
    assert re.search(r"Plan, miljø og\s*(kultur)?\s*–\s+–\s+–\s+–", rendered["text"])
    assert "færre enn 5 personer" in rendered["text"]


def test_every_chart_in_the_chapter_has_an_alt_text_with_numbers():
    """Pyramid, pensions and full-time charts must be readable without sight."""
    html = render_html(
        "medarbeidere.html.j2", build_context(medarbeidere_figures(), report_meta("2018")) | {"tiltak_html": None}
    )
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert len(alts) == 4
    assert all(re.search(r"\d", a) for a in alts)
    assert any(a.startswith("Alderspyramide.") for a in alts)


def test_kpi_table_shows_five_years_target_direction_and_three_year_trend():
    """The long-term indicators are judged by direction against target and by trend, as the council asked."""
    table = kpi(Chapter(medarbeidere_figures(), 2018, 5))["table"]
    assert table.columns[2:7] == ["2014", "2015", "2016", "2017", "2018"]
    rows = {r.label: [plain(c) for c in r.cells] for r in table.rows}
    assert rows["Sykefravær, totalt"][0] == "7,0 % (ned)"
    assert rows["Andel deltid (under 80 %)"][1:7] == ["36,0 %", "36,0 %", "35,0 %", "35,0 %", "31,0 %", "\u22121,7"]
    assert rows["Søkere per utlyst stilling"][0] == fmt.MANGLER
    assert rows["Turnover"][1] == fmt.MANGLER  # no turnover for 2014


def test_area_sick_leave_uses_own_target_or_the_municipalitys_with_a_mark():
    """An area without its own target is held to the municipality's and the table says so."""
    table = sick_leave(Chapter(medarbeidere_figures(), 2018, 5))["table"]
    rows = {r.label: [plain(c) for c in r.cells] for r in table.rows}
    assert rows["Pleie og omsorg"][5:] == ["8,5 %", "Nei"]
    assert rows["Oppvekst skole"][5:] == ["7,0 % *", "Ja"]
    assert any("kommunens mål" in n for n in table.notes)


def test_minority_table_puts_this_year_and_last_year_side_by_side():
    """The council compares immigrant background with last year per area, as in the published chapter."""
    section = minority(Chapter(medarbeidere_figures(), 2018, 5))
    table = section["table"]
    assert table.columns[1:] == [f"{k} {y}" for y in (2018, 2017) for k in ("Årsverk", "Menn", "Kvinner", "Andel")]
    assert table.caption.endswith("per område, 31.12.2018 og 31.12.2017")
    # the whole municipality first, as in every other table; the note says which columns count persons
    assert table.rows[0].label == HELE_KOMMUNEN and table.rows[0].total and not any(r.total for r in table.rows[1:])
    assert any("menn og kvinner er antall personer" in n for n in table.notes)
    assert section["sentences"][0].startswith("Per 31.12.2018 sto ansatte som er innvandrere, for ")


def test_sections_without_figures_are_left_out():
    """A municipality without pension data gets no empty pension section."""
    figures = without(medarbeidere_figures(), "nye_pensjoner")
    figures = without(figures, "nye_pensjoner_leverandor")
    html = render_html("medarbeidere.html.j2", build_context(figures, report_meta("2018")) | {"tiltak_html": None})
    assert "Uttak av pensjon" not in html and "Kompetanse" in html


def test_the_chapter_is_for_a_year_only():
    """The annual chapter describes 31 December; a half-year would mislabel every status figure."""
    with pytest.raises(UsageError):
        build_context(medarbeidere_figures(), report_meta("2018H2"))


# ---------------------------------------------------------------- numbers as Bærum prints them


def _chapter_text(figures) -> str:
    import html as html_lib

    page = render_html("medarbeidere.html.j2", build_context(figures, report_meta("2018")) | {"tiltak_html": None})
    return plain(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_til_sammen_is_said_only_where_the_parts_add_up_as_printed():
    """Faste + midlertidige årsverk and månedslønnede + timelønnede persons: 'til sammen' with the total
    only when the printed parts add up to the printed total; otherwise the total stands on its own."""
    from tests.report_fixtures import with_value

    status = "2018-12-31"
    figures = medarbeidere_figures()
    text = _chapter_text(figures)
    assert "7 524 faste og 329 midlertidige årsverk, til sammen 7 853 årsverk." in text
    assert "I alt 12 573 personer hadde et arbeidsforhold" in text  # 10 112 + 2 766 is not 12 573
    adds_up = with_value(figures, "personer_totalt", status, HELE_KOMMUNEN, 12878)
    assert (
        "Til sammen 12 878 personer hadde et arbeidsforhold i kommunen: 10 112 med månedslønn (faste og "
        "midlertidige) og 2 766 med bare timelønn."
    ) in _chapter_text(adds_up)
    rounding = with_value(figures, "arsverk_midlertidig", status, HELE_KOMMUNEN, 328.4)  # 7 524 + 328 ≠ 7 853
    assert "7 524 faste og 328 midlertidige årsverk." in _chapter_text(rounding)


def test_arsverk_and_applicants_are_whole_and_pay_cost_is_in_millions_with_a_total():
    c = Chapter(medarbeidere_figures(), 2018, 5)
    from reports.medarbeidere import pay, recruitment, workforce

    key = {r.label: r.cells[0] for r in workforce(c)["key_table"].rows}
    assert key["Årsverk, faste"] == "7\u00a0524" and key["Personer i alt"] == "12\u00a0573"
    applicants = recruitment(c)["applicants"]
    assert [r.cells for r in applicants.rows][1] == ["14", "16", "16", "14", "11"]
    cost = pay(c)["cost"]
    assert "mill. kr" in cost.caption
    assert cost.rows[0].label == HELE_KOMMUNEN and cost.rows[0].total
    oppvekst = next(r for r in cost.rows if r.label == "Oppvekst skole")
    assert oppvekst.cells == [fmt.tall(2050.4 * 612_345.5 / 1e6, 1)]


def test_the_pay_cost_note_about_units_outside_the_areas_appears_only_when_the_areas_fall_short():
    """Areas that add up to the total to the øre get no note, though their whole kroner would not (each area
    rounded on its own); a total with pay outside every area gets the note."""
    from reports.medarbeidere import pay

    H = HELE_KOMMUNEN
    areas = {"Område A": 1_000_000.4, "Område B": 2_000_000.4, "Område C": 3_000_000.4}  # whole kroner: 6 000 000
    exact = sum(areas.values())  # 6 000 001.2: rounded to kroner 6 000 001
    base = [f for f in medarbeidere_figures() if f.metric != "lonnskostnad_kroner"]

    def cost_notes(total: float) -> list[str]:
        figs = base + [Figure("lonnskostnad_kroner", "2018", o, "", v, "kroner", 10) for o, v in areas.items()]
        figs.append(Figure("lonnskostnad_kroner", "2018", H, "", total, "kroner", 30))
        return pay(Chapter(figs, 2018, 5))["cost"].notes

    assert not any("ikke hører til noe område" in n for n in cost_notes(exact))
    assert any("ikke hører til noe område" in n for n in cost_notes(exact + 250_000))


def test_the_immigrant_section_says_whom_it_counts_as_ssb_names_them(rendered):
    """The extract's flag is SSB's «innvandrer» (docs/uttrekk.md); SSB's «innvandrerbakgrunn» also counts
    those born in Norway to immigrant parents, so the chapter says who is and is not counted."""
    text = " ".join(rendered["text"].split())
    assert "innvandrere slik SSB definerer dem" in text
    assert "Norskfødte med innvandrerforeldre" in text and "er ikke med" in text
    # ... and calls them what they are: «innvandrerbakgrunn» only where it says SSB's wider term (the council
    # reading of 6 Dec: the heading said «innvandrerbakgrunn» for a count of innvandrere)
    assert "Medarbeidere som er innvandrere" in text and text.count("innvandrerbakgrunn") == 1


def test_a_main_point_is_not_repeated_in_its_section():
    text = _chapter_text(medarbeidere_figures())
    for sentence in (
        "Sykefraværet gikk ned fra 7,5 % i 2017 til 7,3 % i 2018.",
        "Turnover for hele kommunen var 9,5 % i 2018",
    ):
        assert text.count(sentence) == 1, sentence


def test_the_staff_table_says_why_fixed_and_temporary_persons_add_up_to_more_than_the_total(rendered):
    """A person with both a fixed and a temporary post counts in both groups: a reader adding the two
    head counts gets more than the persons with monthly pay, and the table says why."""
    by_key = {f.key: f for f in rendered["figures"]}
    status = "2018-12-31"
    faste, midl, alle = (
        by_key[(m, status, HELE_KOMMUNEN, "")].verdi
        for m in ("personer_fast", "personer_midlertidig", "personer_maanedslonnet")
    )
    assert faste + midl != alle
    assert (
        "En person kan ha både en fast og en midlertidig stilling og telles da i begge gruppene, men bare "
        "én gang blant personene med månedslønn."
    ) in " ".join(rendered["text"].split())


def test_the_footnotes_name_only_areas_a_table_shows():
    """An area dissolved before the status date (figures for an earlier year only, in no table) is not named
    in the footnotes; a hidden cell of an area the tables show is."""
    from dataclasses import replace

    from hr.figures import Figure

    def hide(f: Figure) -> Figure:
        return replace(f, verdi=None, n=None, prikket=True, regel="primary")

    figures = medarbeidere_figures()
    status = max(f.period for f in figures if f.metric == "minoritet_arsverk")
    before = min(f.period for f in figures if f.metric == "minoritet_arsverk")
    figures = [
        hide(f) if (f.metric, f.period, f.omrade) == ("minoritet_arsverk", status, "Plan, miljø og kultur") else f
        for f in figures
    ]
    gone = [Figure("minoritet_arsverk", before, "Barn og unge", "", None, "arsverk", None, True, "primary")]
    notes = " ".join(build_context(figures + gone, report_meta("2018"))["footnotes"])
    assert "Plan, miljø og kultur" in notes  # an area the minority table shows
    assert "Barn og unge" not in notes
