"""A report's one headline figure in words ("sykefravær 6,4 %"), for the CLI, backfill table and artifacts."""
from __future__ import annotations

from hr.figures import HELE_KOMMUNEN, Figure

HEADLINE_METRIC = {
    "sykefravaer": ("sykefravaer_prosent", "sykefravær"),
    "medarbeidere": ("arsverk", "årsverk"),
}


def headline(rapport: str, figures: list[Figure], period_code: str) -> str:
    from reports.format import prosent, tall

    metric, label = HEADLINE_METRIC[rapport]
    for f in figures:
        if f.metric == metric and f.omrade == HELE_KOMMUNEN and f.gruppe == "" and (
                f.period == period_code or f.period == f"{period_code}-12-31"):
            if f.verdi is None:
                return f"{label}: –"
            return f"{label} {prosent(f.verdi) if f.enhet == 'prosent' else tall(f.verdi)}"
    return f"{label}: –"
