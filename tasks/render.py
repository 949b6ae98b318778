"""Render step: PDF and figures.csv, written atomically into the output directory."""
from __future__ import annotations

from pathlib import Path

from prefect import task

from hr.figures import HELE_KOMMUNEN, Figure

_HEADLINE = {
    "sykefravaer": ("sykefravaer_prosent", "sykefravær"),
    "medarbeidere": ("arsverk", "årsverk"),
}


def headline(rapport: str, figures: list[Figure], period_code: str) -> str:
    """The report's one headline figure in words, for summaries and the backfill table."""
    from reports.format import prosent, tall

    metric, label = _HEADLINE[rapport]
    for f in figures:
        if f.metric == metric and f.omrade == HELE_KOMMUNEN and f.gruppe == "" and (
                f.period == period_code or f.period == f"{period_code}-12-31"):
            if f.verdi is None:
                return f"{label}: –"
            return f"{label} {prosent(f.verdi) if f.enhet == 'prosent' else tall(f.verdi)}"
    return f"{label}: –"


@task(name="lag-rapport")
def render_report(rapport: str, figures: list[Figure], meta, out_dir: Path) -> tuple[Path, Path, str]:
    from reports import render

    fn = render.render_sykefravaer if rapport == "sykefravaer" else render.render_medarbeidere
    pdf, csv_path = fn(figures, meta, out_dir)
    return pdf, csv_path, headline(rapport, figures, meta.period.code)
