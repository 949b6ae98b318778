"""Escaping everywhere (issue 16, item 5): what HR or a source system writes is shown, never run.

- HR's Markdown (referanse/tekster/*.md) keeps links only to http(s) and mailto, and no images;
- the web edition carries a Content-Security-Policy that allows no script and no fetching;
- names in the PDF's running footer are text (a `<b>` shows as `<b>`, not as `&lt;b&gt;`);
- figures.csv neutralises text cells a spreadsheet would run as a formula; negative numbers stay numbers.

None of this depends on the warehouse: the checks run once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hr.figures import Figure, figures_csv_text, read_figures_csv, write_figures_csv
from reports.render import render_html, render_sykefravaer, web_edition_path
from reports.sykefravaer import build_context
from reports.tekst import markdown_to_html
from tests.report_fixtures import report_meta, sykefravaer_figures

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
ISSUE_LINK = "[klikk](javascript:alert(4))"
HOSTILE_TEXT = f"""## Tiltak

Se {ISSUE_LINK} eller [NAV](https://www.nav.no/) og [HR](mailto:hr@example.org).

- [skjult](JaVaScRiPt:alert(5)) og [data](data:text/html;base64,PHNjcmlwdD4=) og [fil](file:///etc/passwd)
- ![bilde](https://example.org/sporing.png) og [referanse][r]

[r]: vbscript:msgbox(6)
"""


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


# ---------------------------------------------------------------- Markdown from tekster/
def test_a_javascript_link_in_hrs_text_is_shown_as_text_not_as_a_link():
    html = str(markdown_to_html(ISSUE_LINK))
    assert "javascript:" not in html.lower()
    assert [t for t, _ in tags_of(html)] == ["p", "span"] and ">klikk<" in html


def test_only_http_https_and_mailto_links_survive_and_images_become_their_alt_text():
    html = str(markdown_to_html(HOSTILE_TEXT, section_title="Tiltak"))
    hrefs = [a["href"] for t, a in tags_of(html) if t == "a"]
    assert hrefs == ["https://www.nav.no/", "mailto:hr@example.org"]
    assert not [t for t, _ in tags_of(html) if t in ("img", "script", "iframe", "object")]
    for word in ("klikk", "skjult", "data", "fil", "bilde", "referanse"):
        assert f">{word}<" in html or f" {word} " in html or f">{word} " in html, word
    assert not re.search(r"javascript:|vbscript:|data:|file:", html, re.IGNORECASE)


def test_the_web_edition_renders_hrs_text_without_a_javascript_href():
    meta = report_meta(tiltak=HOSTILE_TEXT)
    context = build_context(sykefravaer_figures(), meta)
    context["tiltak_html"] = markdown_to_html(HOSTILE_TEXT, section_title="Tiltak")
    page = render_html("sykefravaer.html.j2", context, edition="web")
    assert "klikk" in page
    assert not [
        a for t, a in tags_of(page) if t == "a" and not a.get("href", "").startswith(("#", "https:", "mailto:"))
    ]


# ---------------------------------------------------------------- Content-Security-Policy
@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The half-yearly report, PDF and web edition, for a municipality whose name holds markup and quotes."""
    out = tmp_path_factory.mktemp("escaping")
    meta = replace(report_meta(tiltak=HOSTILE_TEXT), kommune_navn='Bærum <b>kommune</b> "&" \\ </style>')
    pdf, csv_path = render_sykefravaer(sykefravaer_figures(), meta, out, web=True)
    return pdf, web_edition_path(pdf), csv_path


def test_the_web_edition_carries_the_content_security_policy_first_in_its_head_and_no_script(rendered):
    _pdf, html_path, _ = rendered
    page = html_path.read_text(encoding="utf-8")
    tags = tags_of(page)
    head = [(t, a) for t, a in tags[: tags.index(next(x for x in tags if x[0] == "body"))]]
    assert head[1] == ("head", {})
    assert head[2] == ("meta", {"charset": "utf-8"})
    assert head[3] == ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP})
    assert not [t for t, _ in tags if t == "script"]
    assert not re.search(r"\bon[a-z]+\s*=", page)  # no event handler attributes either
    assert "Bærum &lt;b&gt;kommune&lt;/b&gt;" in page and "<b>kommune</b>" not in page


def test_the_pdf_source_has_no_policy_tag_the_pdf_renderer_would_ignore():
    context = build_context(sykefravaer_figures(), report_meta()) | {"tiltak_html": None}
    assert "Content-Security-Policy" not in render_html("sykefravaer.html.j2", context)


# ---------------------------------------------------------------- the PDF's running footer
def test_the_municipality_name_in_the_pdf_footer_is_text_not_html(rendered):
    pdf, _html, _ = rendered
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
    text = "\n".join(pages)
    footers = [p for p in pages if "Side " in p]
    assert len(footers) >= 2
    for page in footers:
        assert 'Bærum <b>kommune</b> "&" \\ </style> · Sykefravær' in page, page[-400:]
    assert "&lt;" not in text and "&#34;" not in text and "&amp;" not in text


# ---------------------------------------------------------------- figures.csv
FORMULAS = ['=HYPERLINK("http://x";"klikk")', "+41 22", "-2+3", "@SUM(A1)", "\tTab", "'=sitert"]


def _figures_with_hostile_names() -> list[Figure]:
    base = [f for f in sykefravaer_figures() if f.omrade == "Hele kommunen"][:3]
    out = list(base)
    for i, name in enumerate(FORMULAS):
        out.append(Figure("sykefravaer_prosent", "2018H1", name, "", -1.25 - i, "prosent", 7))
    out.append(Figure("sykefravaer_prosent", "2018H1", "Vanlig område", "-", -3, "prosent", None))
    return out


def test_figures_csv_neutralises_formula_cells_and_keeps_negative_numbers_numbers(tmp_path):
    figures = _figures_with_hostile_names()
    path = tmp_path / "x.figures.csv"
    write_figures_csv(path, figures)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    text_columns = ("metric", "period", "omrade", "gruppe", "enhet")
    for r in rows:
        for column in text_columns:
            assert not r[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, r[column])
    by_name = {r["omrade"]: r for r in rows}
    assert by_name['\'=HYPERLINK("http://x";"klikk")']["verdi"] == "-1.25"
    assert by_name["'-2+3"]["verdi"] == "-3.25"
    assert by_name["''=sitert"]["omrade"] == "''=sitert"
    assert by_name["Vanlig område"]["gruppe"] == "'-" and by_name["Vanlig område"]["verdi"] == "-3"
    assert all(re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", r["verdi"]) for r in rows if r["verdi"])
    # read back: the very same figures (the prefix is undone), so nothing downstream sees the quote
    assert sorted(read_figures_csv(path), key=lambda f: f.key) == sorted(figures, key=lambda f: f.key)


def test_the_report_run_writes_the_neutralised_figures_file(rendered):
    _pdf, _html, csv_path = rendered
    assert csv_path.read_text(encoding="utf-8") == figures_csv_text(sykefravaer_figures())
    assert Path(csv_path).name == "sykefravaer_2018H1.figures.csv"


def test_ordinary_names_are_written_unchanged():
    figures = [Figure("sykefravaer_prosent", "2018H1", "Plan, miljø og kultur", "alder:<25", 6.5, "prosent", 40)]
    assert (
        figures_csv_text(figures).splitlines()[1]
        == 'sykefravaer_prosent,2018H1,"Plan, miljø og kultur",alder:<25,6.5,prosent,40,false'
    )
