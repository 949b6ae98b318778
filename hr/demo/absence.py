"""Absence registrations, generated with a surplus and then thinned onto the planned sick-leave rates.

Cases are drawn per employment as a renewal process (short egenmelding/sykmelding cases, long and
sometimes graded sykmelding cases). Every case is kept apart from the next by at least one workday, so
cases never merge and each one's lost day-works add up independently. Then, half-year by half-year in
order, each (area, korttid/langtid) cell drops cases it started until its lost day-works equal the plan;
what a case carries into later half-years is already counted when those are thinned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .calibration import SICK, agreed, cases, lost_days, periods, with_area
from .model import Calendar, ymd

FIRST_YEAR = 2013  # the generator's default first simulated year (Bærum: 2013 run-in, 2014–2018 reported)
LAST = ymd(2018, 12, 31)


def first_day(first_year: int) -> int:
    """Absences are drawn from 1 July of the first simulated year (the run-in half-year is left empty)."""
    return ymd(first_year, 7, 1)


SURPLUS = 1.5
KORTTID_SHARE = 2.6 / 7.3  # 2018: korttid 2.6 of 7.3; used for every year and area
H1_EXTRA = 0.25  # percentage points: the first half-year is usually the sicker one

# Published targets (reference file) and, for areas it does not name, a plausible level that a common
# shift moves until the whole municipality comes out right.
TOTAL = {2013: 7.6, 2014: 7.6, 2015: 7.3, 2016: 7.2, 2017: 7.5, 2018: 7.3}
NAMED = {2017: {"PO": 9.8, "HS": 8.0, "OB": 8.1}, 2018: {"PO": 9.0, "OS": 5.7, "HS": 8.0, "OB": 8.1}}
# Spaced at least 0.3 points apart, so that no two areas print the same rate.
RELATIVE = {"PO": 2.0, "OB": 0.9, "HS": 0.5, "OS": -1.4, "TT": -0.5, "PMK": -1.0, "OU": -1.8, "BU": 1.3}
FREE_2018 = {"TT": 6.95, "PMK": 6.45, "OU": 5.75}
INTENSITY = {"PO": 9.4, "OB": 8.1, "HS": 8.0, "OS": 5.8, "TT": 6.8, "PMK": 6.3, "OU": 5.7, "BU": 8.6}


def plan_rates(ag: pd.DataFrame) -> dict[tuple[int, str], float]:
    """Sick-leave percentage per (year, area) that meets the published figures exactly."""
    out = {}
    years = sorted({int(p) for p in ag["period"] if len(p) == 4})
    for y in years:
        total = TOTAL.get(y, TOTAL[2013])  # years before the published ones: as the first of them
        a = ag[ag["period"] == str(y)].set_index("area")["agreed"]
        named = NAMED.get(y, {})
        base = {k: (FREE_2018[k] if y == 2018 else total + RELATIVE[k]) for k in a.index if k not in named}
        free = sum(a[k] for k in base)
        shift = (total * a.sum() - sum(named[k] * a[k] for k in named) - sum(base[k] * a[k] for k in base)) / free
        for k in a.index:
            out[(y, k)] = named[k] if k in named else base[k] + shift
    return out


def draw(versions: pd.DataFrame, rng: np.random.Generator, first_year: int = FIRST_YEAR) -> pd.DataFrame:
    """A surplus of absence registrations for every employment (columns emp, type, fra, til, grad)."""
    cal = Calendar()
    first = first_day(first_year)
    emp = (
        versions.groupby("emp")
        .agg(
            fra=("fra", "min"),
            til=("til", "max"),
            home=("home", "first"),
            lonnsform=("lonnsform", "first"),
            gender=("gender", "first"),
            birth=("birth", "first"),
        )
        .reset_index()
    )
    rows: list[tuple] = []
    for e, fra, til, home, lonnsform, gender, birth in zip(*(emp[c].tolist() for c in emp.columns)):
        a, b = max(fra, first), min(til, LAST)
        if b < a:
            continue
        young_k = gender == "K" and (a - birth) < 45 * 365
        if lonnsform == "TIME":
            if rng.random() < 0.15:
                d = int(rng.integers(a, b + 1))
                rows.append((e, "EGENMELDING", d, d + int(rng.integers(0, 2)), 100.0))
            continue
        lam_short = 2.3 * INTENSITY[home] / 7.3 * SURPLUS
        lam_long = 0.30 * INTENSITY[home] / 7.3 * SURPLUS
        lam = lam_short + lam_long
        t = a - int(rng.integers(0, 60)) if fra < first else a + int(rng.exponential(365 / lam))
        if fra >= first and rng.random() < 0.01:
            t = a - int(rng.integers(2, 8))  # registered before the employment started
        while t <= b:
            while not cal.is_wd(t):
                t += 1
            end = case(rows, e, t, rng, long=rng.random() < lam_long / lam)
            t = end + 2 + int(rng.exponential(365 / lam))
            while t <= b and cal.count(end + 1, t - 1) == 0:
                t += 1
        # other absence that never counts as sick leave
        for kind, per_year, length in (
            ("SYKT_BARN", 0.8 if young_k else 0.05, (1, 3)),
            ("ANNET", 0.15, (1, 5)),
            ("PERMISJON", 0.04, (5, 120)),
        ):
            n = rng.poisson(per_year * (b - a + 1) / 365)
            for d in rng.integers(a, b + 1, size=n):
                rows.append((e, kind, int(d), int(d) + int(rng.integers(*length)) - 1, 100.0))
    ab = pd.DataFrame(rows, columns=["emp", "type", "fra", "til", "grad"])
    return ab


def case(rows: list, e: int, t: int, rng: np.random.Generator, long: bool) -> int:
    """Append one case's registrations starting on day t; return its last day."""
    if not long:
        u = rng.random()
        if u < 0.55:
            end = t + int(rng.integers(0, 3))
            rows.append((e, "EGENMELDING", t, end, 100.0))
        elif u < 0.70:  # egenmelding, then a sykmelding from the next day: one case
            mid = t + int(rng.integers(0, 3))
            end = mid + int(rng.integers(3, 12))
            rows += [(e, "EGENMELDING", t, mid, 100.0), (e, "SYKMELDING", mid + 1, end, 100.0)]
        else:
            end = t + int(rng.integers(3, 16))
            rows.append((e, "SYKMELDING", t, end, 100.0 if rng.random() < 0.9 else 50.0))
        return end
    length = int(min(17 + rng.lognormal(3.6, 0.9), 400))
    end = t + length - 1
    s = t
    if rng.random() < 0.3:
        rows.append((e, "EGENMELDING", s, s + 2, 100.0))
        s += 3
    graded = rng.random() < 0.35
    while s <= end:
        chunk_end = min(s + int(rng.integers(13, 60)), end)
        grad = float(rng.choice([20, 40, 50, 60, 80])) if graded and s > t + 30 else 100.0
        rows.append((e, "SYKMELDING", s, chunk_end, grad))
        s = chunk_end + 1
    if rng.random() < 0.05:  # an overlapping registration: the sum of degrees is capped at 100 %
        o = t + int(rng.integers(0, max(length - 5, 1)))
        rows.append((e, "SYKMELDING", o, min(o + 6, end), 50.0))
    return end


def calibrate(
    versions: pd.DataFrame, ab: pd.DataFrame, rng: np.random.Generator, first_year: int = FIRST_YEAR
) -> pd.DataFrame:
    """Drop surplus sick-leave cases until every (half-year, area, class) meets the plan."""
    cal = Calendar()
    va = with_area(versions)
    plist = periods(first_year, 2018)
    ag = agreed(va, cal, plist)
    rates = plan_rates(ag)
    agd = ag.set_index(["period", "area"])["agreed"]
    deg = lost_days(va, ab, cal)
    deg = deg[(deg["d"] >= plist[0][1]) & (deg["d"] <= LAST)]
    halves = [(p, a, b) for p, a, b in plist if "H" in p]
    deg["half"] = np.searchsorted([a for _, a, _ in halves], deg["d"].to_numpy(), side="right") - 1
    contrib = deg.groupby(["case", "half", "area", "lang"], as_index=False)["lost"].sum()
    first = deg.sort_values("d").drop_duplicates("case").set_index("case")
    owner = {
        c: (int(h), a, bool(lang)) for c, h, a, lang in zip(first.index, first["half"], first["area"], first["lang"])
    }
    cells: dict[int, list[tuple]] = {}
    achieved: dict[tuple, float] = {}
    for c, h, a, lang, x in zip(*(contrib[c].tolist() for c in contrib.columns)):
        cells.setdefault(c, []).append(((int(h), a, bool(lang)), x))
        achieved[(int(h), a, bool(lang))] = achieved.get((int(h), a, bool(lang)), 0.0) + x
    by_owner: dict[tuple, list[int]] = {}
    for c in sorted(owner):
        by_owner.setdefault(owner[c], []).append(c)
    dropped: set[int] = set()
    for h, (p, _a, _b) in enumerate(halves):
        y, half = int(p[:4]), p[-1]
        for area in sorted({k[1] for k in achieved if k[0] == h}):
            r = rates[(y, area)]
            for lang in (False, True):
                share = (1 - KORTTID_SHARE) if lang else KORTTID_SHARE
                if half == "1":
                    target = (r + H1_EXTRA) * share * agd[(p, area)] / 100
                elif h == 0:  # the register starts with this H2: the half-year alone at the year's rate
                    target = r * share * agd[(p, area)] / 100
                else:
                    target = r * share * agd[(str(y), area)] / 100 - achieved.get((h - 1, area, lang), 0.0)
                excess = achieved.get((h, area, lang), 0.0) - target
                own = by_owner.get((h, area, lang), [])
                for i in rng.permutation(len(own)):
                    if excess <= 1e-9:
                        break
                    c = own[i]
                    x = next((v for k, v in cells[c] if k == (h, area, lang)), 0.0)
                    if x <= excess:
                        dropped.add(c)
                        excess -= x
                        for k, v in cells[c]:
                            achieved[k] -= v
    sick = ab["type"].isin(SICK)
    ids = pd.Series(0, index=ab.index)
    ids[sick] = cases(ab[sick], cal)
    keep = ~(sick & ids.isin(dropped))
    return ab[keep].reset_index(drop=True)
