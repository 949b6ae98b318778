"""Render a report: figures + run metadata -> HTML (Jinja2) -> tagged PDF (WeasyPrint), plus its figures file.

The same templates also give the web edition (`edition="web"`): one self-contained HTML file for the
municipality's website, with inline CSS and the charts as inline SVG, written beside the PDF. The
templates differ between the editions only in small `{% if edition == "web" %}` blocks.

Every file is written atomically (temporary file, then rename), so a reader never finds half a PDF
and a failed run never leaves a PDF without its figures file beside it, or the other way round.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import matplotlib
from markupsafe import Markup

from hr.figures import Figure, write_atomic, write_figures_csv
from hr.paths import TEMPLATES_DIR
from hr.periods import Period
from reports import format as fmt
from reports.data_quality import CHECKSUM_PREFIX, EXTRACT_NAMES  # noqa: F401  (imported from here before)
from reports.tekst import markdown_to_html

if TYPE_CHECKING:
    from hr.metrics.quality import RowsSetAside

# WeasyPrint subsets the fonts with fontTools, which stamps each subset with the current time unless
# SOURCE_DATE_EPOCH is set (the reproducible-builds convention). A fixed stamp makes the same figures
# give the same PDF bytes, so a re-run can be checked by comparing files.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


@dataclass
class ExtractUsed:
    kind: str
    file_name: str
    file_date: str | None
    checksum: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int


@dataclass
class QuarantineCount:
    file_name: str
    rule: str
    message: str
    count: int


@dataclass
class ReportMeta:
    kommune_navn: str
    kommunenummer: str
    period: Period
    min_n: int
    extracts: list[ExtractUsed]
    quarantine: list[QuarantineCount]
    tiltak_markdown: str | None = None
    # How far the quarantined rows could move the headline figures (hr.metrics.quality), and how many
    # ansatte/fravaer rows are set aside; empty/None when not computed (report tests, old callers).
    quarantine_impact: list = field(default_factory=list)
    rows_set_aside: RowsSetAside | None = None
    # The day the absence register is complete from (hr.metrics.coverage.absence_start); None: not known
    fravaer_fra: date | None = None
    # The annual chapter's payroll months not delivered (1-12) and the pension years delivered
    # (hr.metrics.coverage); None: not known (report tests), so nothing is said about them.
    payroll_missing: list[int] | None = None
    pension_years: set[int] | None = None
    # Published benchmarks of the report's period or year with their source (hr.metrics.sammenligning).
    benchmarks: list = field(default_factory=list)
    # Position code -> title (stillingskoder.csv), for the breakdowns by position (reports/oppdelinger.py).
    stillingstitler: dict = field(default_factory=dict)
    # kommune.yaml's IA goal: (ia_basisaar, ia_reduksjon_prosent), or None; for the year view's sentence.
    ia: tuple | None = None
    # The measures the report lists (hr.metrics.tiltak); None when the municipality has no register loaded,
    # so no <report>_<period>.tiltak.csv is written.
    tiltak: list | None = None
    # Units that changed area between the first day of the same period a year earlier and the last day of
    # this one (hr.metrics.omorganisering), for the note under the area tables; empty: none, or not known.
    area_moves: list = field(default_factory=list)


def data_quality_context(meta: ReportMeta, impacts: list | None = None, report: str | None = None) -> dict:
    """The data-quality section shared by both reports (reports/data_quality.py): the extracts behind the
    report per kind, the rows set aside per reason, and what those rows could do to the headline figures
    (`impacts`, default meta.quarantine_impact). `report` narrows the files to those behind the report."""
    from reports import data_quality

    impacts = list(meta.quarantine_impact if impacts is None else impacts)
    if report is not None:
        meta = data_quality.files_behind(meta, report)
    return data_quality.context(meta, impacts)


def _font_faces() -> list[dict]:
    """DejaVu Sans from matplotlib's own data: present wherever the charts can be drawn, same in PDF and charts."""
    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = [
        ("DejaVuSans.ttf", "normal", "normal"),
        ("DejaVuSans-Bold.ttf", "bold", "normal"),
        ("DejaVuSans-Oblique.ttf", "normal", "italic"),
        ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
    ]
    return [{"url": (ttf / name).as_uri(), "weight": weight, "style": style} for name, weight, style in faces]


EDITIONS = ("pdf", "web")


def environment(edition: str = "pdf", template_dir: Path | None = None) -> jinja2.Environment:
    """A fresh environment per render: `edition` and `next_id` are globals, so imported macros see them.
    `template_dir`: a directory searched before reports/templates/ (a report defined outside this package)."""
    if edition not in EDITIONS:
        raise ValueError(f"ukjent utgave {edition!r}, bruk {' eller '.join(EDITIONS)}")
    search = [template_dir, TEMPLATES_DIR] if template_dir is not None else TEMPLATES_DIR
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        prosent=fmt.prosent, tall=fmt.tall, pp=fmt.pp, dato=fmt.dato, periode=fmt.periode, halves=definition_halves
    )
    counter = itertools.count(1)
    env.globals.update(edition=edition, next_id=lambda prefix: f"{prefix}-{next(counter)}")
    env.finalize = keep_together
    return env


# Norwegian typesetting keeps a number with what it counts: «2. halvår», «31. desember», «100 %» never break
# across lines. fmt.prosent already joins with a no-break space; this catches the sentences built elsewhere.
_ORDINAL_WORD = re.compile(
    r"(\d\.) (halvår|kvartal|januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b"
)
_PERCENT = re.compile(r"(\d) %")


def keep_together(value: object) -> object:
    """Jinja's finalize: every value a template prints gets no-break spaces where a line must not break (only
    spaces are replaced, so markup already marked safe stays safe)."""
    if not isinstance(value, str):
        return value
    text = _PERCENT.sub("\\1\u00a0%", _ORDINAL_WORD.sub("\\1\u00a0\\2", value))
    return Markup(text) if isinstance(value, Markup) else text


# "Om tallene" in the PDF: two columns of about this many characters a line (8.5 pt DejaVu Sans in half the
# text width), a term's line and its margin counted as one and a half lines.
_ABOUT_LINE_CHARS = 50
_TERM_LINES = 1.5


def definition_halves(items: str) -> tuple[Markup, Markup]:
    """A definition list's <dt>/<dd> pairs cut in two at the pair that balances the two columns best (the
    first at least as long as the second), by their estimated lines of text.

    The PDF sets "Om tallene" as two lists side by side: WeasyPrint's balanced CSS columns lay the list
    out again and again to find the height (0.75 s of a 2.4 s report), this lays it out once."""
    groups = [g for g in re.split(r"(?=<dt[\s>])", str(items).strip()) if g.strip()]
    if not groups:
        return Markup(str(items).strip()), Markup("")
    lines = [_TERM_LINES + -(-len(" ".join(Markup(g).striptags().split())) // _ABOUT_LINE_CHARS) for g in groups]
    total = sum(lines)
    cut = min(range(1, len(groups) + 1), key=lambda k: (max(sum(lines[:k]), total - sum(lines[:k])), -k))
    return Markup("".join(groups[:cut])), Markup("".join(groups[cut:]))


def render_html(template: str, context: dict, edition: str = "pdf", template_dir: Path | None = None) -> str:
    """The report as HTML: the PDF's source (default) or, with `edition="web"`, the web edition."""
    return environment(edition, template_dir).get_template(template).render(font_faces=_font_faces(), **context)


def web_edition_path(pdf_path: Path) -> Path:
    """The web edition sits beside the PDF under the same name: sykefravaer_2018H2.html."""
    return Path(pdf_path).with_suffix(".html")


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document: structure tree, /Lang from <html lang>, bookmarks from h1-h3, and
    every table header cell scoped to its column or row (add_table_header_scope)."""
    from weasyprint import HTML

    return add_table_header_scope(HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf(pdf_variant="pdf/ua-1"))


def _struct_kids(node) -> list:
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    return [k for k in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary)]


def add_table_header_scope(pdf_bytes: bytes) -> bytes:
    """Give every /TH of the structure tree a /Scope: /Column in the table head, /Row elsewhere.

    WeasyPrint tags <th> as /TH but does not carry `scope="col"`/`scope="row"` over, so a screen reader
    cannot tie a data cell to its headers (PDF/UA-1 7.5). The templates put column headers only in
    <thead> and row headers only as the first cell of a body row, which is what this mapping follows.
    The same input gives the same bytes (deterministic /ID), so a re-run still reproduces a report."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return pdf_bytes
        stack: list[tuple[Any, str | None]] = [(kid, None) for kid in _struct_kids(root)]
        while stack:
            node, section = stack.pop()
            role = str(node.get("/S", ""))
            if role == "/TH":
                attrs = node.get("/A")
                scope = pikepdf.Name.Column if section == "/THead" else pikepdf.Name.Row
                owned = list(attrs) if isinstance(attrs, pikepdf.Array) else [] if attrs is None else [attrs]
                table_attrs = next(
                    (a for a in owned if isinstance(a, pikepdf.Dictionary) and a.get("/O") == pikepdf.Name.Table), None
                )
                if table_attrs is not None:
                    table_attrs.Scope = scope
                elif attrs is None:
                    node.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
                else:
                    node.A = pikepdf.Array([*owned, pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)])
                continue
            if role == "/Table":
                section = None
            elif role in ("/THead", "/TBody", "/TFoot"):
                section = role
            stack.extend((kid, section) for kid in _struct_kids(node))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def manifest_path(pdf_path: Path) -> Path:
    """The manifest of the files behind a report sits beside its PDF: sykefravaer_2018H2.manifest.json."""
    return Path(pdf_path).with_suffix(".manifest.json")


def write_report(
    report: str,
    figures: list[Figure],
    meta: ReportMeta,
    context: dict,
    template: str,
    out_dir: Path,
    web: bool = False,
    template_dir: Path | None = None,
) -> tuple[Path, Path]:
    """Write a report from its template and context: <report>_<period>.pdf, its figures file, its manifest
    (the files behind it), the measures file when a register is loaded and, with `web`, the web edition;
    returns (pdf, figures_csv). Every report's `render` (reports/definitions/) ends here."""
    from hr.manifest import manifest_json
    from reports import data_quality

    out_dir = Path(out_dir)
    name = f"{report}_{meta.period.code}"
    pdf_path = out_dir / f"{name}.pdf"
    csv_path = out_dir / f"{name}.figures.csv"
    pdf = html_to_pdf(render_html(template, context, template_dir=template_dir))
    page = render_html(template, context, edition="web", template_dir=template_dir) if web else None
    manifest = data_quality.manifest(data_quality.files_behind(meta, report), report)
    write_figures_csv(csv_path, figures)
    if meta.tiltak is not None:
        from reports import tiltak

        tiltak.write_csv(tiltak.tiltak_path(out_dir, report, meta.period.code), figures, meta.tiltak, meta.period)
    write_atomic(manifest_path(pdf_path), manifest_json(manifest))
    if page is not None:
        write_atomic(web_edition_path(pdf_path), page.encode("utf-8"))
    write_atomic(pdf_path, pdf)
    return pdf_path, csv_path


def _with_text(context: dict, meta: ReportMeta, section_title: str) -> dict:
    text = (meta.tiltak_markdown or "").strip()
    return {**context, "tiltak_html": markdown_to_html(text, section_title=section_title) if text else None}


def _with_size_and_benchmarks(context: dict, figures: list[Figure], meta: ReportMeta) -> dict:
    """The benchmark section, lost årsverk and kroner (issue 18): reports/sammenligning.py."""
    from reports import sammenligning

    return {**context, **sammenligning.context(figures, meta.benchmarks, meta.kommune_navn, meta.period)}


def _with_year_view_and_breakdowns(context: dict, figures: list[Figure], meta: ReportMeta) -> dict:
    """The year view, the breakdowns of sick leave and the care areas' full-time (issue 18 items 3 and 5):
    reports/oppdelinger.py."""
    from reports import oppdelinger

    return {**context, **oppdelinger.context(figures, meta.period, meta.stillingstitler, meta.min_n, ia=meta.ia)}


def _with_tiltak(context: dict, figures: list[Figure], meta: ReportMeta, own_section: bool) -> dict:
    """The measures register (issue 18): reports/tiltak.py, included by _tiltak.html.j2."""
    from reports import tiltak

    block = tiltak.context(figures, meta.tiltak, meta.period, meta.min_n, short=own_section)["tiltak"]
    return {**context, "tiltak": {**block, "own_section": own_section} if block else None}


def render_sykefravaer(
    figures: list[Figure], meta: ReportMeta, out_dir: Path, *, web: bool = False
) -> tuple[Path, Path]:
    """The half-yearly sick-leave status report: sykefravaer_<period>.pdf, its figures file and its manifest
    (with `web`, also the web edition beside them, see web_edition_path)."""
    from reports.sykefravaer import build_context

    context = _with_size_and_benchmarks(_with_text(build_context(figures, meta), meta, "Tiltak"), figures, meta)
    context = _with_year_view_and_breakdowns(context, figures, meta)
    context = _with_tiltak(context, figures, meta, own_section=False)
    return write_report("sykefravaer", figures, meta, context, "sykefravaer.html.j2", out_dir, web)


def render_medarbeidere(
    figures: list[Figure], meta: ReportMeta, out_dir: Path, *, web: bool = False
) -> tuple[Path, Path]:
    """The annual "Medarbeidere" chapter: medarbeidere_<year>.pdf and its figures file
    (with `web`, also the web edition beside them)."""
    from reports.medarbeidere import build_context

    context = _with_size_and_benchmarks(_with_text(build_context(figures, meta), meta, "Medarbeidere"), figures, meta)
    context = _with_year_view_and_breakdowns(context, figures, meta)
    context = _with_tiltak(context, figures, meta, own_section=True)
    return write_report("medarbeidere", figures, meta, context, "medarbeidere.html.j2", out_dir, web)
