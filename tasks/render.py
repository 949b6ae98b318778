"""Render step: PDF, figures.csv, the web edition (HTML) and the manifest, written atomically into the
output directory."""
from __future__ import annotations

from pathlib import Path

from prefect import task

from hr.figures import Figure, figures_csv_text
from hr.report_registry import get
from hr.settings import RENDER_TIMEOUT_SECONDS
from reports.headline import headline
from tasks.cache import RENDERED_CONTENT


@task(name="lag-rapport", task_run_name="lag-rapport-{rapport}-{meta.period}", cache_policy=RENDERED_CONTENT,
      timeout_seconds=RENDER_TIMEOUT_SECONDS)
def render_report(rapport: str, figures: list[Figure], meta, out_dir: Path) -> tuple[Path, Path, str]:
    pdf, csv_path = get(rapport).render(figures, meta, out_dir, web=True)  # the web edition: render.web_edition_path(pdf)
    return pdf, csv_path, headline(rapport, figures, meta.period.code)


def outputs_current(rapport: str, figures: list[Figure], period_code: str, out_dir: Path, meta=None) -> bool:
    """True when the PDF, the web edition and the manifest exist and the figures file on disk is exactly
    what these figures give (and, with a measures register, the measures file what it gives)."""
    pdf = out_dir / f"{rapport}_{period_code}.pdf"
    csv_path = out_dir / f"{rapport}_{period_code}.figures.csv"
    html = out_dir / f"{rapport}_{period_code}.html"
    manifest = out_dir / f"{rapport}_{period_code}.manifest.json"
    if not (pdf.is_file() and pdf.stat().st_size > 0 and csv_path.is_file() and html.is_file()
            and manifest.is_file()):
        return False
    if csv_path.read_text(encoding="utf-8") != figures_csv_text(figures):
        return False
    if meta is not None and getattr(meta, "tiltak", None) is not None:
        from reports import tiltak

        path = tiltak.tiltak_path(out_dir, rapport, period_code)
        return path.is_file() and path.read_text(encoding="utf-8") == tiltak.csv_text(
            figures, meta.tiltak, meta.period)
    return True


def render_report_cached(rapport: str, figures: list[Figure], meta, out_dir: Path) -> tuple[Path, Path, str]:
    """Render unless the cache says this content was rendered here before and the files are still there.

    A cache hit whose files were deleted or edited since is not trusted: the render runs again and
    refreshes the cache entry.
    """
    fresh = outputs_current(rapport, figures, meta.period.code, Path(out_dir), meta)
    task_ = render_report if fresh else render_report.with_options(refresh_cache=True)
    return task_(rapport, figures, meta, out_dir)
