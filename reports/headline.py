"""A report's one headline figure in words ("sykefravær 6,4 %"), for the CLI, backfill table and artifacts."""

from __future__ import annotations

from hr.figures import HELE_KOMMUNEN, Figure


def headline(report: str, figures: list[Figure], period_code: str) -> str:
    from hr.report_registry import get
    from reports.format import prosent, tall

    defn = get(report)
    metric, label = defn.headline_metric, defn.headline_label
    for f in figures:
        if (
            f.metric == metric
            and f.omrade == HELE_KOMMUNEN
            and f.gruppe == ""
            and (f.period == period_code or f.period == f"{period_code}-12-31")
        ):
            if f.verdi is None:
                return f"{label}: –"
            return f"{label} {prosent(f.verdi) if f.enhet == 'prosent' else tall(f.verdi)}"
    return f"{label}: –"
