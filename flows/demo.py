"""The demo: a synthetic municipality's extracts, loaded and reported for the latest periods."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from prefect import flow

from hr.periods import Period


@dataclass
class DemoOutcome:
    landing: Path
    reports: list  # flows.reports.ReportOutcome


def latest_periods(landing: Path) -> tuple[Period, Period]:
    """The last half-year and year that had ended when the newest HR snapshot was taken."""
    dates = sorted(m.group(1) for p in (landing / "hr").glob("*_*.csv")
                   if (m := re.search(r"_(\d{8})\.csv$", p.name)))
    if not dates:
        raise FileNotFoundError(f"ingen HR-uttrekk i {landing / 'hr'}")
    newest = dates[-1]
    year, month = int(newest[:4]), int(newest[4:6])
    half = Period.parse(f"{year - 1}H2" if month <= 6 else f"{year}H1")
    return half, Period.parse(str(year - 1))


@flow(name="demo")
def demo_flow(out: str, scale: str = "baerum", seed: int = 2018):
    from flows.reports import _as_state, _run_report
    from hr.demo import generate_landing

    out_dir = Path(out).resolve()
    landing = generate_landing(out_dir / "landing", scale=scale, seed=seed)
    half, year = latest_periods(landing)
    workdir = str(out_dir / ".hr")
    outcomes = []
    for rapport, period in (("sykefravaer", half), ("medarbeidere", year)):
        result = _as_state(_run_report, rapport, period.code, str(landing), str(out_dir), workdir, None)
        outcomes.append(result)
    failed = [o for o in outcomes if not hasattr(o, "pdf")]
    if failed:
        return failed[0]
    return DemoOutcome(landing, outcomes)
