"""The schedules of prefect.yaml, evaluated by the Prefect server's own cron code, and the default period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml

from hr.paths import ROOT

OSLO = ZoneInfo("Europe/Oslo")


def _deployment(name: str) -> dict:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    return next(d for d in spec["deployments"] if d["name"] == name)


def _next_runs(name: str, n: int, start: datetime) -> list[datetime]:
    """The next run times exactly as the server computes them from the deployed cron and time zone."""
    from prefect.server.schemas.schedules import CronSchedule

    (sched,) = _deployment(name)["schedules"]
    schedule = CronSchedule(cron=sched["cron"], timezone=sched["timezone"])
    return list(schedule._get_dates_generator(n=n, start=start))


def test_every_deployment_is_scheduled_in_oslo_time_on_the_process_pool():
    """A schedule in UTC would move the runs by an hour twice a year."""
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert {d["name"] for d in spec["deployments"]} == {"ingest", "sykefravaer-halvaar", "medarbeidere-aar"}
    for d in spec["deployments"]:
        assert [s["timezone"] for s in d["schedules"]] == ["Europe/Oslo"], d["name"]
        assert d["work_pool"]["name"] == "hr-process"


def test_half_year_report_runs_at_six_in_oslo_on_15_february_and_15_august_in_winter_and_summer_time():
    """February is CET (UTC+1) and August CEST (UTC+2): both runs must still be 06:00 on the wall clock."""
    runs = _next_runs("sykefravaer-halvaar", 4, datetime(2025, 1, 1, tzinfo=UTC))
    local = [r.astimezone(OSLO) for r in runs]
    assert [d.date() for d in local] == [date(2025, 2, 15), date(2025, 8, 15), date(2026, 2, 15), date(2026, 8, 15)]
    assert {(d.hour, d.minute) for d in local} == {(6, 0)}
    assert [r.astimezone(UTC).hour for r in runs] == [5, 4, 5, 4]


def test_annual_chapter_runs_at_six_in_oslo_on_1_march():
    """The annual chapter waits for February's corrections and comes out once a year."""
    runs = _next_runs("medarbeidere-aar", 3, datetime(2025, 3, 1, 6, 0, 1, tzinfo=OSLO))
    local = [r.astimezone(OSLO) for r in runs]
    assert [d.date() for d in local] == [date(2026, 3, 1), date(2027, 3, 1), date(2028, 3, 1)]
    assert {(d.hour, d.minute) for d in local} == {(6, 0)}


@pytest.mark.parametrize("first_day", [date(2025, 3, 28), date(2025, 10, 24)])
def test_daily_ingest_stays_at_five_in_oslo_across_a_daylight_saving_change(first_day):
    """The clocks change on the last Sunday of March and October; the ingest must precede the 06:00 reports."""
    start = datetime(first_day.year, first_day.month, first_day.day, tzinfo=OSLO)
    runs = _next_runs("ingest", 5, start)
    local = [r.astimezone(OSLO) for r in runs]
    assert [d.date() for d in local] == [first_day + timedelta(days=i) for i in range(5)]
    assert {(d.hour, d.minute) for d in local} == {(5, 0)}
    offsets = {r.astimezone(OSLO).utcoffset().total_seconds() / 3600 for r in runs}
    assert offsets == {1.0, 2.0}, "the five days must straddle the change"


@pytest.mark.parametrize(
    "now_utc, report, expected",
    [
        # 00:30 on 1 January in Oslo is still 31 December in UTC: Oslo's calendar decides.
        (datetime(2018, 12, 31, 23, 30, tzinfo=UTC), "sykefravaer", "2018H2"),
        (datetime(2019, 2, 15, 5, 0, tzinfo=UTC), "sykefravaer", "2018H2"),
        (datetime(2019, 6, 30, 21, 59, tzinfo=UTC), "sykefravaer", "2018H2"),  # 23:59 on 30 June
        (datetime(2019, 6, 30, 22, 30, tzinfo=UTC), "sykefravaer", "2019H1"),  # 00:30 on 1 July
        (datetime(2019, 8, 15, 4, 0, tzinfo=UTC), "sykefravaer", "2019H1"),
        (datetime(2019, 12, 31, 12, 0, tzinfo=UTC), "sykefravaer", "2019H1"),
        (datetime(2019, 3, 1, 5, 0, tzinfo=UTC), "medarbeidere", "2018"),
        (datetime(2019, 12, 31, 23, 30, tzinfo=UTC), "medarbeidere", "2019"),  # already 2020 in Oslo
    ],
)
def test_scheduled_run_reports_the_period_that_has_just_ended_in_oslo(now_utc, report, expected):
    """A scheduled run has no period parameter: it must pick the period that just ended, by Oslo's calendar."""
    from flows.deployments import previous_period

    assert previous_period(report, now_utc).code == expected


def test_previous_period_refuses_a_time_without_zone():
    """A naive time would silently be read as the machine's zone, which is what the default must not do."""
    from flows.deployments import previous_period

    with pytest.raises(ValueError):
        previous_period("sykefravaer", datetime(2019, 1, 1))
