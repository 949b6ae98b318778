"""The demo as a flow: hr.core.run_demo with the report steps as Prefect tasks (flows/reports.py)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from hr.core import DemoOutcome, latest_period
from hr.periods import Period

__all__ = ["DemoOutcome", "demo_flow", "latest_periods"]


def latest_periods(landing: Path) -> tuple[Period, Period]:
    """The last half-year and year that had ended when the newest HR snapshot was taken."""
    return latest_period(landing, "sykefravaer"), latest_period(landing, "medarbeidere")


@flow(name="demo")
def demo_flow(out: str, scale: str = "baerum", seed: int = 2018):
    from flows.reports import TASK_STEPS, _as_state
    from hr.core import run_demo
    from hr.settings import build_settings

    out_dir = Path(out).resolve()
    return _as_state(
        lambda: run_demo(build_settings(workdir=str(out_dir / ".hr")), out_dir, scale, seed, steps=TASK_STEPS)
    )
