"""The Bærum-sized demo looks like a real municipality, not like a generator (issue 15 item 7).

Outside the years that are calibrated to hr/demo/baerum_2018.yaml the demo's series move smoothly;
areas differ from each other in turnover and sick leave; women's pay relative to men's differs between
competence groups. The figures are the pipeline's own (hr.ingest + hr.metrics), computed once per session
from the same warehouse as tests/test_demo_calibration.py, which keeps the calibration itself checked.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date

import pytest
import yaml

from hr.demo.calibration import REFERENCE
from hr.figures import HELE_KOMMUNEN
from hr.metrics.medarbeidere import SERIES_YEARS

pytestmark = pytest.mark.slow

REPORT_YEAR = 2018  # the demo's annual chapter; its series reach back SERIES_YEARS year-ends
MAX_SHARE_JUMP = 3.0  # percentage points from one year to the next
MAX_COUNT_JUMP = 0.15  # relative change of a count from one year to the next
MIN_COUNT = 50  # a count that stays below this on both sides moves by chance alone
COUNT_UNITS = ("personer", "arsverk", "antall")
NOT_A_COUNT = {"sokere_per_stilling", "laerlinger_per_1000_innbyggere"}  # ratios, not counts
YEAR = re.compile(r"^(\d{4})(-12-31)?$")
HALF_OR_YEAR = re.compile(r"^(\d{4})(H[12])?$")
PAY_RATIO = "lonn_kvinner_andel_av_menn_prosent"


@pytest.fixture(scope="module")
def demo(baerum_demo_figures):
    return baerum_demo_figures


@pytest.fixture(scope="module")
def ref():
    with open(REFERENCE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def calibrated_years(ref: dict) -> dict[str, set[int]]:
    """Metric -> the years whose whole-municipality figure the reference file publishes."""

    def years(d) -> set[int]:
        return {int(y) for y in d}

    ft, comp, sick = ref["full_time_part_time"], ref["competence_2018"], ref["sick_leave"]
    status = ref["status_date"].year
    out = {
        "sykefravaer_prosent": years(sick["sykefravaer_prosent"]),
        "sykefravaer_korttid_prosent": {status},
        "sykefravaer_langtid_prosent": {status},
        "andel_heltid_prosent": years(ft["andel_heltid_prosent"]),
        "andel_deltid_under_80_prosent": years(ft["andel_deltid_under_80_prosent"]),
        "laerlinger": years(comp["laerlinger"]),
        "turnover_prosent": {int(y) for y, v in ref["turnover_prosent"].items() if "Hele kommunen" in v},
        "sokere_per_stilling": years(ref["recruitment"]["sokere_per_stilling"]),
        # the reference gives 2018's postings as "33 % more than 2017": the jump itself is published
        "utlyste_stillinger": {y + d for y in years(ref["recruitment"]["utlyste_stillinger"]) for d in (-1, 0)},
        "gjennomsnittsalder": {status, 2016},
        "kompetanse_andel_prosent": {status},
    }
    for metric in ref["workforce_2018"]:
        out.setdefault(metric, {status})
    for metric in ("arsverk", "menn", "kvinner", "andel_prosent"):
        out[f"minoritet_{metric}"] = years(ref["immigrant_background"])
    return out


def register_start(landing) -> date:
    """First day of the first month with a registration in the newest fravaer snapshot (DEFINITIONS.md
    "Coverage"): sick-leave periods starting earlier have no figure."""
    newest = max((landing / "hr").glob("fravaer_*.csv"))
    with open(newest, encoding="utf-8-sig", newline="") as fh:
        days = []
        for r in csv.DictReader(fh, delimiter=";"):
            try:
                _d, m, y = (int(x) for x in r["fra_dato"].split("."))
                days.append(date(y, m, 1))
            except (ValueError, KeyError, AttributeError):
                continue
    return min(days)


def yearly_series(figures, landing):
    """(metric, omrade, gruppe) -> {year: Figure} for year-end and yearly figures the reports can show."""
    first = REPORT_YEAR - SERIES_YEARS + 1
    start = register_start(landing)
    out: dict[tuple, dict[int, object]] = defaultdict(dict)
    for f in figures:
        m = YEAR.match(f.period)
        if not m or f.metric.startswith("kpi") or f.verdi is None or int(m.group(1)) < first:
            continue
        if f.metric.startswith("sykefravaer") and date(int(m.group(1)), 1, 1) < start:
            continue  # before the register: no figure (Coverage)
        out[(f.metric, f.omrade, f.gruppe)][int(m.group(1))] = f
    return out


def test_headline_series_move_smoothly_outside_the_calibrated_years(demo, ref):
    """No share jumps more than 3 points and no count more than 15 % from one year to the next, unless
    both years are published figures (e.g. full-time 53 → 57 % in 2017 → 2018)."""
    landing, figures = demo
    pinned = calibrated_years(ref)
    jumps, checked = [], 0
    for (metric, omrade, gruppe), series in sorted(yearly_series(figures, landing).items()):
        if omrade != HELE_KOMMUNEN or gruppe:
            continue
        share = series[min(series)].enhet == "prosent"
        count = series[min(series)].enhet in COUNT_UNITS and metric not in NOT_A_COUNT
        if not (share or count):
            continue
        for y in sorted(series):
            if y - 1 not in series or {y - 1, y} <= pinned.get(metric, set()):
                continue
            a, b = float(series[y - 1].verdi), float(series[y].verdi)
            checked += 1
            if share and abs(b - a) > MAX_SHARE_JUMP:
                jumps.append((metric, y - 1, y, round(a, 2), round(b, 2)))
            if count and max(a, b) >= MIN_COUNT and abs(b - a) > MAX_COUNT_JUMP * max(a, 1.0):
                jumps.append((metric, y - 1, y, round(a, 2), round(b, 2)))
    assert checked > 50, checked  # the series are there (full-time, staff, turnover, sick leave …)
    assert not jumps, jumps


def _areas_by_period(figures, metric, landing):
    start = register_start(landing)
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for f in figures:
        m = HALF_OR_YEAR.match(f.period)
        if f.metric != metric or f.gruppe or f.omrade == HELE_KOMMUNEN or not m or f.verdi is None:
            continue
        first_day = date(int(m.group(1)), 7 if m.group(2) == "H2" else 1, 1)
        if metric.startswith("sykefravaer") and first_day < start:
            continue
        out[f.period][f.omrade] = float(f.verdi)
    return out


@pytest.mark.parametrize("metric", ["turnover_prosent", "sykefravaer_prosent"])
def test_no_two_areas_share_a_rate_to_one_decimal(demo, metric):
    """Every area has its own turnover and sick leave as printed (one decimal), in every year and
    half-year the figures carry; four areas at 8,9 % looks generated."""
    landing, figures = demo
    by_period = _areas_by_period(figures, metric, landing)
    assert {"2017", "2018"} <= set(by_period)
    same = []
    for period, areas in sorted(by_period.items()):
        assert len(areas) >= 7, (period, areas)
        printed = defaultdict(list)
        for area, v in areas.items():
            printed[f"{v:.1f}"].append(area)
        same += [(period, v, names) for v, names in printed.items() if len(names) > 1]
    assert not same, same


def _spread_groups(values: list[float], gap: float) -> int:
    """How many of the values can be picked so that any two picked differ by at least `gap`."""
    picked: list[float] = []
    for v in sorted(values):
        if not picked or v - picked[-1] >= gap - 1e-9:
            picked.append(v)
    return len(picked)


def test_womens_pay_ratio_differs_between_groups(demo):
    """At least three competence groups whose women's pay ratios differ by 0,5 points or more pairwise,
    in every payroll year."""
    _landing, figures = demo
    by_year: dict[str, dict[str, float]] = defaultdict(dict)
    for f in figures:
        if f.metric == PAY_RATIO and f.gruppe and f.verdi is not None:
            by_year[f.period][f.gruppe] = float(f.verdi)
    assert {"2017", "2018"} <= set(by_year)
    for year, groups in sorted(by_year.items()):
        assert _spread_groups(list(groups.values()), 0.5) >= 3, (year, groups)
