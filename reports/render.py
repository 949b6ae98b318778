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
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import matplotlib

from hr.figures import Figure, write_atomic, write_figures_csv
from hr.paths import TEMPLATES_DIR
from hr.periods import Period
from reports import format as fmt
from reports.tables import Row, Table
from reports.tekst import markdown_to_html

# Norwegian names of the extract kinds of meta_load_log, for the data-quality section
EXTRACT_NAMES = {
    "organisasjon": "Organisasjon",
    "ansatte": "Ansatte og arbeidsforhold",
    "fravaer": "Fravær",
    "rekruttering": "Rekruttering",
    "lonn": "Lønn",
    "pensjon_klp": "Pensjon (KLP)",
    "pensjon_spk": "Pensjon (SPK)",
    "pensjon_bkp": "Pensjon (BKP)",
    "kommune": "Kommunen",
    "stillingskoder": "Stillingskoder",
    "mal": "Mål",
    "innbyggere": "Innbyggertall",
    "tekst": "Tekst",
}
CHECKSUM_PREFIX = 12

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
    rows_set_aside: object | None = None


def data_quality_context(meta: ReportMeta, impacts: list | None = None) -> dict:
    """The data-quality section shared by both reports: extracts used and rows quarantined per rule,
    and what those rows could do to the headline figures (`impacts`, default meta.quarantine_impact)."""
    from reports.quality_text import impact_sentence, warning_sentence

    impacts = list(meta.quarantine_impact if impacts is None else impacts)
    extracts = Table(
        "Uttrekk som rapporten bygger på",
        ["Uttrekk", "Fil", "Dato", "Sjekksum (starten)", "Rader lest", "Lastet", "I karantene"],
        [Row(EXTRACT_NAMES.get(e.kind, e.kind),
             [e.file_name, fmt.filedato(e.file_date), e.checksum[:CHECKSUM_PREFIX], fmt.tall(e.rows_read),
              fmt.tall(e.rows_loaded), fmt.tall(e.rows_quarantined)]) for e in meta.extracts],
        numeric=False)
    quarantine = Table(
        "Rader satt i karantene, per regel",
        ["Fil", "Regel", "Hva som var galt", "Rader"],
        [Row(q.file_name, [q.rule, q.message, fmt.tall(q.count)])
         for q in sorted(meta.quarantine, key=lambda q: (q.file_name, -q.count, q.rule))],
        numeric=False)
    return {
        "extracts_table": extracts,
        "quarantine_table": quarantine if meta.quarantine else None,
        "rows_quarantined": sum(e.rows_quarantined for e in meta.extracts),
        "rows_loaded": sum(e.rows_loaded for e in meta.extracts),
        "quarantine_impact_sentences": [impact_sentence(i) for i in impacts if i.rader],
        "quarantine_warning": warning_sentence(impacts),
    }


def _font_faces() -> list[dict]:
    """DejaVu Sans from matplotlib's own data: present wherever the charts can be drawn, same in PDF and charts."""
    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = [("DejaVuSans.ttf", "normal", "normal"), ("DejaVuSans-Bold.ttf", "bold", "normal"),
             ("DejaVuSans-Oblique.ttf", "normal", "italic"), ("DejaVuSans-BoldOblique.ttf", "bold", "italic")]
    return [{"url": (ttf / name).as_uri(), "weight": weight, "style": style} for name, weight, style in faces]


EDITIONS = ("pdf", "web")


def environment(edition: str = "pdf") -> jinja2.Environment:
    """A fresh environment per render: `edition` and `next_id` are globals, so imported macros see them."""
    if edition not in EDITIONS:
        raise ValueError(f"ukjent utgave {edition!r}, bruk {' eller '.join(EDITIONS)}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(prosent=fmt.prosent, tall=fmt.tall, pp=fmt.pp, dato=fmt.dato, periode=fmt.periode)
    counter = itertools.count(1)
    env.globals.update(edition=edition, next_id=lambda prefix: f"{prefix}-{next(counter)}")
    return env


def render_html(template: str, context: dict, edition: str = "pdf") -> str:
    """The report as HTML: the PDF's source (default) or, with `edition="web"`, the web edition."""
    return environment(edition).get_template(template).render(font_faces=_font_faces(), **context)


def web_edition_path(pdf_path: Path) -> Path:
    """The web edition sits beside the PDF under the same name: sykefravaer_2018H2.html."""
    return Path(pdf_path).with_suffix(".html")


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document: structure tree, /Lang from <html lang>, bookmarks from h1-h3."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def _write_report(name: str, figures: list[Figure], context: dict, template: str, out_dir: Path,
                  web: bool = False) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    pdf_path = out_dir / f"{name}.pdf"
    csv_path = out_dir / f"{name}.figures.csv"
    pdf = html_to_pdf(render_html(template, context))
    page = render_html(template, context, edition="web") if web else None
    write_figures_csv(csv_path, figures)
    if page is not None:
        write_atomic(web_edition_path(pdf_path), page.encode("utf-8"))
    write_atomic(pdf_path, pdf)
    return pdf_path, csv_path


def _with_text(context: dict, meta: ReportMeta, section_title: str) -> dict:
    text = (meta.tiltak_markdown or "").strip()
    return {**context, "tiltak_html": markdown_to_html(text, section_title=section_title) if text else None}


def render_sykefravaer(figures: list[Figure], meta: ReportMeta, out_dir: Path, *,
                       web: bool = False) -> tuple[Path, Path]:
    """The half-yearly sick-leave status report: sykefravaer_<period>.pdf and its figures file
    (with `web`, also the web edition beside them, see web_edition_path)."""
    from reports.sykefravaer import build_context

    context = _with_text(build_context(figures, meta), meta, "Tiltak")
    return _write_report(f"sykefravaer_{meta.period.code}", figures, context, "sykefravaer.html.j2", out_dir, web)




def render_medarbeidere(figures: list[Figure], meta: ReportMeta, out_dir: Path, *,
                        web: bool = False) -> tuple[Path, Path]:
    """The annual "Medarbeidere" chapter: medarbeidere_<year>.pdf and its figures file
    (with `web`, also the web edition beside them)."""
    from reports.medarbeidere import build_context

    context = _with_text(build_context(figures, meta), meta, "Medarbeidere")
    return _write_report(f"medarbeidere_{meta.period.code}", figures, context, "medarbeidere.html.j2", out_dir,
                         web)
