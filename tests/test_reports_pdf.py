"""The rendered half-yearly report: what politicians read must match the figures file, and the PDF must be accessible."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from hr.figures import HELE_KOMMUNEN, figures_csv_text
from reports import format as fmt
from reports.render import render_html, render_sykefravaer
from reports.sykefravaer import build_context
from tests.report_fixtures import AREAS, SMALL_AREA, report_meta, sykefravaer_figures

TILTAK = "## Tiltak\n\nVi følger opp langtidssykmeldte tettere.\n\n- Kurs for ledere\n- Tidlig dialog\n"


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One render for the module: it takes a couple of seconds."""
    out = tmp_path_factory.mktemp("rapport")
    figures = sykefravaer_figures(small_area=True)
    meta = report_meta(tiltak=TILTAK)
    pdf, csv_path = render_sykefravaer(figures, meta, out)
    with pdfplumber.open(pdf) as doc:
        text = plain("\n".join(page.extract_text() or "" for page in doc.pages))
        pages = len(doc.pages)
    return {"out": out, "pdf": pdf, "csv": csv_path, "figures": figures, "meta": meta, "text": text, "pages": pages}


def test_files_are_named_after_the_period_and_no_temporary_files_remain(rendered):
    """Downstream jobs pick the files up by name; a leftover temp file would mean a non-atomic write."""
    assert rendered["pdf"].name == "sykefravaer_2018H1.pdf"
    assert rendered["csv"].name == "sykefravaer_2018H1.figures.csv"
    assert sorted(p.name for p in rendered["out"].iterdir()) == sorted(
        [rendered["pdf"].name, rendered["csv"].name, "sykefravaer_2018H1.manifest.json"]
    )
    assert rendered["pdf"].read_bytes().startswith(b"%PDF-")


def test_figures_file_holds_exactly_the_figures_given(rendered):
    """The figures file is the machine-readable twin of the PDF: nothing added, nothing dropped."""
    assert rendered["csv"].read_text(encoding="utf-8") == figures_csv_text(rendered["figures"])


def test_headline_figures_appear_in_the_pdf_as_rounded_from_the_figures_file(rendered):
    """Every number in the text is the same figure as in figures.csv, rounded for display (OUTPUTS.md)."""
    by_key = {f.key: f for f in rendered["figures"]}
    text = rendered["text"]
    for metric in (
        "sykefravaer_prosent",
        "sykefravaer_korttid_prosent",
        "sykefravaer_langtid_prosent",
        "sykefravaer_egenmeldt_prosent",
        "sykefravaer_legemeldt_prosent",
        "sykefravaer_mal_prosent",
    ):
        f = by_key[(metric, "2018H1", HELE_KOMMUNEN, "")]
        assert plain(fmt.prosent(f.verdi)) in text, metric
    last_year = by_key[("sykefravaer_prosent", "2017H1", HELE_KOMMUNEN, "")]
    assert plain(fmt.prosent(last_year.verdi)) in text
    for area in AREAS:
        f = by_key[("sykefravaer_prosent", "2018H1", area, "")]
        if not f.prikket:
            assert re.search(re.escape(area) + r"\s+" + re.escape(plain(fmt.prosent(f.verdi))), text), area


def test_pdf_states_title_municipality_and_period_in_words(rendered):
    """Readers see the municipality and '1. halvår 2018', never the code 2018H1."""
    text = rendered["text"]
    assert "Sykefravær – status 1. halvår 2018" in text
    assert "Bærum kommune" in text
    assert "2018H1" not in text


def test_suppressed_figures_show_a_dash_and_a_footnote(rendered):
    """Suppressed health data is shown as '–' and explained; its value must not appear anywhere."""
    text = rendered["text"]
    assert re.search(re.escape(SMALL_AREA) + r"\s+–", text)
    assert "færre enn 5 personer" in text
    assert "Fotnoter" in text


def test_pdf_has_page_numbers_measures_and_data_quality(rendered):
    """Page numbers, the measures text and the data-quality section are part of the agreed report."""
    text = rendered["text"]
    assert f"Side 1 av {rendered['pages']}" in text
    assert "Vi følger opp langtidssykmeldte tettere." in text
    assert "Ugyldig fødselsnummer" in text and "Datagrunnlag og datakvalitet" in text
    assert "Ansatte og arbeidsforhold" in text and "15.07.2018" in text
    assert ".manifest.json" in text  # where the checksums are


def test_the_manifest_beside_the_pdf_names_every_file_behind_it_with_its_full_checksum(rendered):
    """The data-quality section sums the files up per kind; the manifest keeps each file and checksum."""
    import json

    from hr.delivery.archive import is_manifest

    manifest = json.loads((rendered["out"] / "sykefravaer_2018H1.manifest.json").read_text(encoding="utf-8"))
    assert is_manifest(manifest)
    assert (manifest["kommunenummer"], manifest["rapport"], manifest["periode"]) == ("0219", "sykefravaer", "2018H1")
    by_name = {e["file_name"]: e for e in manifest["extracts"]}
    assert set(by_name) == {e.file_name for e in rendered["meta"].extracts}
    ansatte = by_name["hr/ansatte_20180715.csv"]
    assert ansatte["checksum"].startswith("a1b2c3d4e5f6") and len(ansatte["checksum"]) == 64
    assert (ansatte["file_date"], ansatte["rows_set_aside"]) == ("2018-07-15", 12)
    assert by_name["referanse/mal.csv"]["file_date"] is None


def test_pdf_is_tagged_with_norwegian_language_and_has_bookmarks(rendered):
    """Screen readers need the document language and structure; long reports need bookmarks."""
    with open(rendered["pdf"], "rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        catalog = doc.catalog
        assert resolve1(catalog["Lang"]) == b"nb"
        assert resolve1(catalog["MarkInfo"])["Marked"] is True
        assert "StructTreeRoot" in catalog
        titles = [title for _level, title, *_rest in doc.get_outlines()]
    for heading in (
        "Sykefravær – status 1.\u00a0halvår 2018",  # «1. halvår» kept on one line (reports.render.keep_together)
        "Sammendrag",
        "Områdene",
        "Tiltak",
        "Om tallene",
        "Datagrunnlag og datakvalitet",
    ):
        assert heading in titles


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")


def test_every_image_has_an_alt_text_that_states_numbers():
    """A chart without a text alternative is invisible to a blind politician; the alt must carry the numbers."""
    html = render_html(
        "sykefravaer.html.j2",
        build_context(sykefravaer_figures(small_area=True), report_meta()) | {"tiltak_html": None},
    )
    parser = _Images()
    parser.feed(html)
    assert parser.html_lang == "nb"
    assert len(parser.images) >= 3
    for img in parser.images:
        assert img.get("alt", "").strip(), img.get("src", "")[:40]
        assert re.search(r"\d+,\d\s%", plain(img["alt"]))
    assert "<figcaption>" in html and "<caption>" in html and 'scope="col"' in html


@pytest.mark.fresh_steps  # both renders lay the PDF out (tests/memo.py would hand the second the first's bytes)
def test_rendering_the_same_figures_twice_gives_the_same_pdf_bytes(rendered, tmp_path):
    """A re-run (backfill, audit) must reproduce the published file exactly: no timestamps in the PDF."""
    pdf, _csv = render_sykefravaer(rendered["figures"], rendered["meta"], tmp_path)
    assert pdf.read_bytes() == rendered["pdf"].read_bytes()


def test_header_cells_get_column_scope_in_the_head_and_row_scope_in_the_body():
    """WeasyPrint leaves /Scope out; the post-processing adds it, keeping any other attributes."""
    import io

    import pikepdf

    from reports.render import add_table_header_scope

    pdf = pikepdf.new()

    def element(role, kids=None, **extra):
        d = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(role), **extra)
        if kids is not None:
            d.K = pikepdf.Array(kids)
        return pdf.make_indirect(d)

    col = element("/TH")
    row = element("/TH", A=pikepdf.Array([pikepdf.Dictionary(O=pikepdf.Name.Layout, Placement=pikepdf.Name.Block)]))
    data = element("/TD")
    table = element(
        "/Table", [element("/THead", [element("/TR", [col])]), element("/TBody", [element("/TR", [row, data])])]
    )
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=table))
    raw = io.BytesIO()
    pdf.save(raw)
    once = add_table_header_scope(raw.getvalue())
    assert add_table_header_scope(raw.getvalue()) == once  # deterministic
    with pikepdf.open(io.BytesIO(once)) as out:
        head, body = out.Root.StructTreeRoot.K.K
        assert head.K[0].K[0].A == pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column)
        attrs = body.K[0].K[0].A
        assert [a.get("/O") for a in attrs] == [pikepdf.Name.Layout, pikepdf.Name.Table]
        assert attrs[1].Scope == pikepdf.Name.Row
        assert "/A" not in body.K[0].K[1]


def test_every_header_cell_of_the_rendered_report_has_a_scope(rendered):
    import pikepdf

    with pikepdf.open(rendered["pdf"]) as pdf:
        stack, scopes = [pdf.Root.StructTreeRoot], []
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    if kid.get("/S") == pikepdf.Name.TH:
                        scopes.append(str(kid.A.get("/Scope")))
                    stack.append(kid)
    assert len(scopes) > 20 and set(scopes) == {"/Column", "/Row"}
