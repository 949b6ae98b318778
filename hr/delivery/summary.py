"""The headline sentences a delivery mail carries: the first sentences of the report's own summary.

They come from the same function that writes the summary into the PDF (reports/<rapport>.py,
build_context, through the report's definition in reports/definitions/), with the same figures and metadata, so the mail can never say something the
approved report does not.
"""

from __future__ import annotations

HEADLINE_SENTENCES = 3


def summary_sentences(report: str, figures, meta, count: int = HEADLINE_SENTENCES) -> list[str]:
    from hr.report_registry import get

    summary = get(report).summary
    return [] if summary is None else [str(s) for s in summary(figures, meta)[:count]]
