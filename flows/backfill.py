"""Backfill: one report flow run per period from FROM to TO, each independent of the others."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from hr.periods import period_range


@dataclass
class PeriodResult:
    period: str
    ok: bool
    exit_code: int
    headline: str = ""
    pdf: str = ""
    message: str = ""


@dataclass
class BackfillResult:
    rapport: str
    results: list[PeriodResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def run_backfill(rapport: str, first: str, last: str, landing: str, out: str, warehouse_url: str | None,
                 on_done: Callable[[PeriodResult], None] | None = None) -> BackfillResult:
    """Render every period; a failed period is recorded with its reason and the others still run."""
    from flows.reports import medarbeidere_report_flow, sykefravaer_report_flow
    from hr.errors import HrError

    flow_fn = sykefravaer_report_flow if rapport == "sykefravaer" else medarbeidere_report_flow
    result = BackfillResult(rapport)
    for period in period_range(first, last):
        state = flow_fn(period.code, landing, out, warehouse_url=warehouse_url, return_state=True)
        value = state.result(raise_on_failure=False)
        if state.is_completed():
            pr = PeriodResult(period.code, True, 0, value.headline, str(value.pdf))
        else:
            code = value.exit_code if isinstance(value, HrError) else 1
            pr = PeriodResult(period.code, False, code, message=state.message or str(value))
        result.results.append(pr)
        if on_done:
            on_done(pr)
    return result
