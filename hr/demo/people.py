"""Persons and their employments, simulated year by year from 31.12.2012 to 31.12.2018.

The staff of 31.12.2012 get a history: besides those who are still there, the persons who left in each
year since 2008 (PREHISTORY_FROM) are added, so that the number of staff grows smoothly over the years
instead of appearing at once; their full-time shares are those of the first simulated year. Temporary
extra positions and hourly staff exist on every year-end, growing smoothly into the calibrated 2017
and 2018 figures.

Each year Y: base persons (MAANED + FAST on 1 January) leave at the area's turnover rate, new persons
are hired so that each area reaches its planned size on 31 December, some change unit or percentage,
and then just enough persons change percentage that the full-time / part-time shares of the year come
out as published. The exact targets are those of the reference file (see calibration.TARGETS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .model import AREA_CODES, LAERLING_CODE, LEADER_CODE, OPEN, UNITS, area_of, to_date, unit_code, ymd

# Persons with a MAANED + FAST employment on 31.12.2018 by area, as shares of the total. The
# apprentices (MAANED + MIDLERTIDIG) come on top: the published persons count them in neither.
AREA_WEIGHTS = {
    "OS": 0.2503,
    "OB": 0.1432,
    "PO": 0.304,
    "HS": 0.0935,
    "TT": 0.078,
    "PMK": 0.078,
    "OU": 0.049,
    "BU": 0.004,
}
# Size on 31.12.2017 relative to 31.12.2018: Oppvekst barnehage grew a lot in 2018 (new kindergartens),
# Helse og sosial and Tekniske tjenester somewhat (the published årsverk of 2017 and 2018).
SIZE_2017 = {"OS": 1.0, "OB": 0.830, "PO": 0.99, "HS": 0.932, "TT": 0.952, "PMK": 0.999, "OU": 0.999, "BU": 1.0}
# Årsverk (all MAANED) by area on 31.12 as published (immigrant table: årsverk / share, "PMK+OU" is the
# table's Øvrige); temporary extra positions beside a permanent one make up what the permanent staff
# leave open. The permanent staff of each area stay below these (FULLTIME_SHARE, SIZE_2017).
AREA_ARSVERK = {
    2017: {"OS": 2205.0, "OB": 939.0, "PO": 2014.0, "HS": 659.0, "TT": 677.0, "PMK+OU": 1023.0},
    2018: {"OS": 2176.0, "OB": 1215.0, "PO": 2080.0, "HS": 738.0, "TT": 715.0, "PMK+OU": 1039.0},
}
FEMALE_SHARE = {"OS": 0.72, "OB": 0.90, "PO": 0.80, "HS": 0.76, "TT": 0.34, "PMK": 0.56, "OU": 0.58, "BU": 0.86}
FULLTIME_SHARE = {"OS": 0.70, "OB": 0.56, "PO": 0.30, "HS": 0.56, "TT": 0.76, "PMK": 0.52, "OU": 0.82, "BU": 0.62}
GROWTH = 1.012  # yearly growth of the permanent workforce
PREHISTORY_FROM = 2008  # the year-ends before the first simulated year get their leavers from here on
# Position sizes of the staff already there before the first simulated year (and of those who left
# before it): fewer full-time and more 80–99 % than the hires of later years, so that the first
# simulated year's shares (HELTID, DELTID_UNDER_80) continue the earlier years instead of jumping.
INITIAL_FULLTIME = 0.87  # times FULLTIME_SHARE
INITIAL_80_99 = 0.15  # share of 80–99 % positions (later hires: 0.11)

# Turnover (DEFINITIONS.md) per year; areas not named share what the total needs, each in proportion to
# its base times TURNOVER_RELATIVE (areas differ: care and kindergartens lose more staff than schools).
# 2008–2012 are the years before the simulation (prehistory; OB 2012 as published).
TURNOVER = {
    2008: {"total": 9.6, "OB": 15.2},
    2009: {"total": 9.1, "OB": 14.6},
    2010: {"total": 9.4, "OB": 15.0},
    2011: {"total": 9.0, "OB": 15.3},
    2012: {"total": 9.3, "OB": 15.7},
    2013: {"total": 9.2, "OB": 14.8},
    2014: {"total": 9.0, "OB": 13.9},
    2015: {"total": 9.1, "OB": 13.0},
    2016: {"total": 9.0, "OB": 12.1},
    2017: {"total": 8.9, "OB": 10.9, "TT": 7.1},
    2018: {"total": 9.5, "OB": 12.7, "TT": 10.1},
}
TURNOVER_RELATIVE = {"OS": 0.82, "OB": 1.5, "PO": 1.14, "HS": 0.98, "TT": 0.74, "PMK": 0.9, "OU": 1.06, "BU": 1.2}
# Full-time share and share under 80 % among persons with a MAANED employment on 31.12.
HELTID = {2013: 48.0, 2014: 49.0, 2015: 50.0, 2016: 51.5, 2017: 53.0, 2018: 57.0}
DELTID_UNDER_80 = {2013: 37.0, 2014: 36.0, 2015: 36.0, 2016: 35.0, 2017: 35.0, 2018: 31.0}
# Apprentice cohorts starting in August (two-year contracts): on 31.12.Y the cohorts Y and Y-1 are in.
APPRENTICE_COHORTS = {
    2007: 27,
    2008: 28,
    2009: 28,
    2010: 29,
    2011: 30,
    2012: 34,
    2013: 34,
    2014: 38,
    2015: 34,
    2016: 46,
    2017: 44,
    2018: 44,
}
APPRENTICE_AREAS = {"PO": 0.45, "OB": 0.30, "TT": 0.15, "OU": 0.10}
TIME_AREAS = {"PO": 0.46, "OS": 0.20, "OB": 0.20, "TT": 0.04, "PMK": 0.07, "HS": 0.03}

PERSONS_FAST_2018 = 9777  # published 9807 includes the apprentices' place, see docs/demo.md
TIME_ONLY_2018 = 2758  # published 2766
PERSONS_FAST_2018_ARSVERK = 7524.0
TOPUP_ARSVERK_2018 = 300.0  # temporary extra positions held beside a permanent part-time one
# Temporary extra positions on the year-ends before 2017 (årsverk, Bærum size): growing by 4 % a year
# into the 2017 level that the published årsverk by area need.
TOPUP_ARSVERK = {y: round(380.0 / 1.04 ** (2017 - y), 1) for y in range(PREHISTORY_FROM, 2017)}
# Percentages of a temporary extra position beside a full-time one (beside a part-time one of at most 50 %:
# 10–25 %, so that the person stays under 80 %); the open-ended ones of 2018 are a little smaller.
EXTRA_PCT = [25, 30, 40, 50, 50, 60]
EXTRA_PCT_OPEN = [20, 25, 30, 40, 40]
# Persons with only an hourly employment on 31.12: 2018 as published, earlier years 3 % fewer each year
# back (the summer and holiday temps who never span a year-end come on top).
TIME_GROWTH = 1.03


@dataclass
class Employment:
    id: int
    person: int
    lonnsform: str  # MAANED / TIME
    form: str  # FAST / MIDLERTIDIG
    home: str  # the area its units belong to (BU units move to OB on REORG)
    start: int
    end: int = OPEN
    versions: list = field(default_factory=list)  # [start, pct, unit]
    code: str = ""
    leader: bool = False
    reason: str = ""
    kind: str = "FAST"  # FAST, TOPUP, TIME, EXTRA_TIME, APPRENTICE

    def pct_on(self, d: int) -> float:
        pct = 0.0
        for s, p, _u in self.versions:
            if s <= d:
                pct = p
        return pct

    def active(self, d: int) -> bool:
        return self.start <= d <= self.end


class Population:
    def __init__(self, rng: np.random.Generator, scale: float, first_year: int = 2013):
        self.rng = rng
        self.scale = scale
        self.first_year = first_year  # the first simulated year; the staff of 31.12 the year before exist
        self.gender: list[str] = []
        self.birth: list[int] = []
        self.imm: list[bool] = []
        self.emps: list[Employment] = []
        self.fast_of: dict[int, Employment] = {}  # person -> current FAST employment

    # -- building blocks ---------------------------------------------------------------------------
    def new_person(self, area: str, age_on: int, age: float) -> int:
        r = self.rng
        self.gender.append("K" if r.random() < FEMALE_SHARE[area] else "M")
        self.birth.append(int(age_on - age * 365.25 - r.integers(0, 365)))
        self.imm.append(False)
        return len(self.gender) - 1

    def new_employment(self, person, lonnsform, form, home, start, pct, kind, end=OPEN) -> Employment:
        units = UNITS[home]
        # a few staff sit directly on the area (level 2), the rest in a level-3 unit
        unit = (
            home
            if (home != "BU" and self.rng.random() < 0.04)
            else unit_code(home, int(self.rng.integers(0, len(units))))
        )
        e = Employment(len(self.emps) + 1, person, lonnsform, form, home, start, end, [[start, pct, unit]], kind=kind)
        self.emps.append(e)
        return e

    def draw_pct(self, area: str, initial: bool = False) -> float:
        r = self.rng.random()
        full = FULLTIME_SHARE[area] * (INITIAL_FULLTIME if initial else 1.0)
        if r < full:
            return 100.0
        if r < full + (INITIAL_80_99 if initial else 0.11):
            return float(self.rng.choice([80, 80, 85, 90, 62.5 + 25]))
        return float(self.rng.choice([10, 15, 20, 20, 25, 30, 33.33, 40, 40, 50, 50, 60, 75]))

    def scaled(self, n: float) -> int:
        return int(round(n * self.scale))

    # -- status on a day ---------------------------------------------------------------------------
    def fast_active(self, d: int) -> list[Employment]:
        return [e for e in self.fast_of.values() if e.active(d)]

    def sizes(self, d: int) -> dict[int, float]:
        out: dict[int, float] = {}
        for e in self.emps:
            if e.lonnsform == "MAANED" and e.active(d):
                out[e.person] = out.get(e.person, 0.0) + e.pct_on(d)
        return out

    # -- the simulation ----------------------------------------------------------------------------
    def run(self) -> None:
        r = self.rng
        target = {a: self.scaled(PERSONS_FAST_2018 * w) for a, w in AREA_WEIGHTS.items()}
        start_day = ymd(self.first_year - 1, 12, 31)
        for a, n2018 in target.items():
            for _ in range(int(round(n2018 * SIZE_2017[a] / GROWTH ** (2018 - self.first_year)))):
                age = float(np.clip(r.normal(45, 10.5), 21, 66))
                p = self.new_person(a, start_day, age)
                tenure = min(r.exponential(9 * 365), (age - 20) * 365)
                e = self.new_employment(p, "MAANED", "FAST", a, int(start_day - tenure), self.draw_pct(a, True), "FAST")
                self.fast_of[p] = e
        self.prehistory()
        self.apprentices()
        for y in range(self.first_year, 2019):
            self.year(y, target)
        self.hourly()
        self.fix_arsverk_fast(ymd(2018, 12, 31), PERSONS_FAST_2018_ARSVERK * self.scale)
        self.extra_positions(ymd(2017, 12, 31), AREA_ARSVERK[2017], ends=True)
        self.extra_positions(ymd(2018, 12, 31), AREA_ARSVERK[2018], ends=False)
        for y, arsverk in sorted(TOPUP_ARSVERK.items()):
            self.earlier_positions(ymd(y, 12, 31), arsverk * self.scale)

    def prehistory(self) -> None:
        """The persons who left in the years before the first simulated one, each year's as many as that
        year's turnover per area takes from a base of those still there and those leaving later."""
        r = self.rng
        staff = list(self.fast_of.values())
        for y in range(self.first_year - 1, PREHISTORY_FROM, -1):
            before = ymd(y - 1, 12, 31)
            current: dict[str, int] = {}
            for e in staff:
                if e.start <= before < e.end:
                    current[e.home] = current.get(e.home, 0) + 1
            # the base includes the leavers themselves: first estimated at the total rate, then at each
            # area's own
            rate = {a: TURNOVER[y]["total"] / 100 for a in current}
            for _ in range(2):
                base = {a: n / (1 - rate[a]) for a, n in current.items()}
                counts = self.leaver_counts(y, {a: int(round(b)) for a, b in base.items()})
                rate = {a: min(counts[a] / max(base[a], 1.0), 0.5) for a in current}
            for a in sorted(counts):
                for _ in range(counts[a]):
                    end = int(r.integers(ymd(y, 1, 2), ymd(y, 12, 31)))
                    age = float(np.clip(r.normal(44, 12), 21, 68))
                    p = self.new_person(a, end, age)
                    tenure = min(r.exponential(6 * 365), (age - 20) * 365)
                    start = int(min(end - 30 - tenure, before))
                    e = self.new_employment(p, "MAANED", "FAST", a, start, self.draw_pct(a, True), "FAST", end=end)
                    e.reason = self.reason(age)
                    staff.append(e)

    def earlier_positions(self, status: int, arsverk: float) -> None:
        """Temporary extra positions on a year-end before 2017, spread over the areas by size, each
        beside a permanent position whose percentage stays as it is during the extra one (so that no
        person's size class moves), ending before the next year-end."""
        r = self.rng
        lo, hi = status - 330, status + 335
        busy = {
            e.person
            for e in self.emps
            if e.kind != "FAST" and e.lonnsform == "MAANED" and e.start <= hi and e.end >= lo
        }
        cands = []
        for e in self.emps:
            if e.kind != "FAST" or not (e.start < lo and e.end > hi) or e.person in busy:
                continue
            if any(lo <= s <= hi for s, _p, _u in e.versions):
                continue
            base = e.pct_on(status)
            if base == 100 or base <= 50:
                cands.append(e)
        left = arsverk * 100
        for i in r.permutation(len(cands)):
            if left <= 0:
                break
            e = cands[i]
            base = e.pct_on(status)
            pct = float(r.choice(EXTRA_PCT) if base == 100 else r.choice([10, 20, 25]))
            pct = min(pct, max(round(left / 5) * 5, 5.0))
            start = int(r.integers(status - 300, status - 30))
            end = int(r.integers(status + 30, status + 330))
            t = self.new_employment(e.person, "MAANED", "MIDLERTIDIG", e.home, start, pct, "TOPUP", end=end)
            t.versions[0][2] = e.versions[-1][2]
            t.reason = "ANNET"
            left -= pct

    def extra_positions(self, status: int, targets: dict[str, float], ends: bool) -> None:
        """Temporary extra positions beside a permanent one until each area has its årsverk on the status
        day; a person's size class stays as it is. With `ends` they stop before the next status day."""
        r = self.rng
        current: dict[str, float] = {}
        for e in self.emps:
            if e.lonnsform == "MAANED" and e.active(status):
                a = area_of(e.home, status)
                current[a] = current.get(a, 0.0) + e.pct_on(status)
        others = {e.person for e in self.emps if e.kind != "FAST" and e.lonnsform == "MAANED" and e.active(status)}
        # the person's size class (< 80, 80–99, >= 100) must stay as it is: the shares are calibrated
        cands_all = [
            e
            for e in self.fast_active(status)
            if e.person not in others
            and e.versions[-1][0] < status - 60
            and (e.pct_on(status) == 100 or e.pct_on(status) <= 50)
            and (not ends or e.end > status + 366)
        ]
        for key, arsverk in sorted(targets.items()):
            areas = key.split("+")
            cands = [e for e in cands_all if e.home in areas]
            left = arsverk * self.scale * 100 - sum(current.get(a, 0.0) for a in areas)
            for i in r.permutation(len(cands)):
                if left <= 0:
                    break
                e = cands[i]
                base = e.pct_on(status)
                pct = float(r.choice(EXTRA_PCT if ends else EXTRA_PCT_OPEN) if base == 100 else r.choice([10, 20, 25]))
                pct = min(pct, max(round(left / 5) * 5, 5.0))
                start = int(r.integers(max(e.versions[-1][0] + 1, status - 300), status - 30))
                end = int(r.integers(status + 30, status + 330)) if ends else OPEN
                t = self.new_employment(e.person, "MAANED", "MIDLERTIDIG", e.home, start, pct, "TOPUP", end=end)
                t.versions[0][2] = e.versions[-1][2]
                t.reason = "ANNET" if ends else ""
                left -= pct

    def fix_arsverk_fast(self, status: int, target: float) -> None:
        """Lower or raise small part-time positions (never across 80 %) until Σ FAST årsverk is `target`."""
        r = self.rng
        topped = {e.person for e in self.emps if e.kind == "TOPUP"}
        cands = [e for e in self.fast_active(status) if e.person not in topped and 10 <= e.versions[-1][1] <= 75]
        total = sum(e.pct_on(status) for e in self.fast_active(status)) / 100
        gap = (target - total) * 100  # in percentage points
        for i in r.permutation(len(cands)):
            if abs(gap) < 0.5:
                break
            v = cands[i].versions[-1]
            new = float(np.clip(v[1] + np.clip(gap, -10, 10), 10, 75))
            gap -= new - v[1]
            v[1] = round(new, 2)

    def year(self, y: int, target: dict[str, int]) -> None:
        r = self.rng
        jan1, dec31 = ymd(y, 1, 1), ymd(y, 12, 31)
        base = [e for e in self.fast_active(jan1)]
        by_area: dict[str, list[Employment]] = {}
        for e in base:
            by_area.setdefault(area_of(e.home, jan1), []).append(e)
        leavers = self.leaver_counts(y, {a: len(v) for a, v in by_area.items()})
        for a, emps in sorted(by_area.items()):
            ages = np.array([(jan1 - self.birth[e.person]) / 365.25 for e in emps])
            w = 1 + 6 * (ages >= 62) + 1.5 * (ages < 30)
            forced = np.where(ages >= 69)[0]
            k = leavers.get(a, 0)
            chosen = list(forced[:k])
            rest = np.setdiff1d(np.arange(len(emps)), chosen)
            if k > len(chosen):
                chosen += list(r.choice(rest, size=k - len(chosen), replace=False, p=w[rest] / w[rest].sum()))
            for i in sorted(chosen):
                self.leave(emps[i], int(r.integers(jan1, dec31)), ages[i])
        # hires up to the planned size of each home area on 31.12
        active: dict[str, int] = {}
        for e in self.fast_active(dec31):
            active[e.home] = active.get(e.home, 0) + 1
        for a in sorted(target):
            want = target[a] if y == 2018 else int(round(target[a] * SIZE_2017[a] / GROWTH ** (2017 - y)))
            for _ in range(max(want - active.get(a, 0), 0)):
                hire_day = int(r.integers(jan1 + 1, dec31 + 1))
                age = float(np.clip(r.normal(36, 10), 20, 63))
                p = self.new_person(a, hire_day, age)
                self.fast_of[p] = self.new_employment(p, "MAANED", "FAST", a, hire_day, self.draw_pct(a), "FAST")
        # internal moves and small changes: new versions of the same employment (not turnover)
        for e in self.fast_active(dec31):
            last = e.versions[-1][0]
            if last >= dec31 - 30 or r.random() > 0.10:
                continue
            when = int(r.integers(max(last + 1, jan1), dec31 - 20))
            _, pct, unit = e.versions[-1]
            if r.random() < 0.5 and e.home != "BU":
                unit = unit_code(e.home, int(r.integers(0, len(UNITS[e.home]))))
            else:
                pct = float(np.clip(pct + r.choice([-10, -5, 5, 10]), 10, 100)) if pct < 100 else pct
            e.versions.append([when, pct, unit])
        self.adjust_fulltime(y)

    def leaver_counts(self, y: int, base: dict[str, int]) -> dict[str, int]:
        rates = TURNOVER.get(y, TURNOVER[2013])  # years before the published ones: as the first of them
        fixed = {a: int(round(rates[a] / 100 * base.get(a, 0))) for a in rates if a != "total"}
        total = int(round(rates["total"] / 100 * sum(base.values())))
        others = {a: n for a, n in base.items() if a not in fixed}
        rest = total - sum(fixed.values())
        share = np.array([others[a] * TURNOVER_RELATIVE[a] for a in sorted(others)], dtype=float)
        alloc = np.floor(rest * share / share.sum()).astype(int)
        order = np.argsort(-(rest * share / share.sum() - alloc), kind="stable")
        alloc[order[: rest - alloc.sum()]] += 1
        fixed.update({a: int(n) for a, n in zip(sorted(others), alloc)})
        return fixed

    def leave(self, e: Employment, when: int, age: float) -> None:
        when = max(when, e.versions[-1][0])
        e.end = when
        e.reason = self.reason(age)
        del self.fast_of[e.person]

    def reason(self, age: float) -> str:
        r = self.rng
        if age >= 62:
            return "PENSJON" if r.random() < 0.85 else "OPPSIGELSE"
        if age >= 45:
            return str(r.choice(["OPPSIGELSE", "UFORE", "DOD", "ANNET"], p=[0.78, 0.13, 0.02, 0.07]))
        return "OPPSIGELSE" if r.random() < 0.9 else "ANNET"

    def adjust_fulltime(self, y: int) -> None:
        """Change just enough percentages that the shares on 31.12.Y are the planned ones."""
        r = self.rng
        dec31 = ymd(y, 12, 31)
        sizes = self.sizes(dec31)
        n = len(sizes)
        cls = {p: (2 if s >= 100 else 1 if s >= 80 else 0) for p, s in sizes.items()}
        count = [sum(1 for c in cls.values() if c == k) for k in range(3)]
        dh = int(round(HELTID.get(y, HELTID[2013]) / 100 * n)) - count[2]
        du = int(round(DELTID_UNDER_80.get(y, DELTID_UNDER_80[2013]) / 100 * n)) - count[0]
        movable = [
            e
            for e in self.fast_active(dec31)
            if sizes.get(e.person) == e.pct_on(dec31) and e.versions[-1][0] < dec31 - 10
        ]
        order = r.permutation(len(movable))
        pools = {k: [movable[i] for i in order if cls[movable[i].person] == k] for k in range(3)}
        topup_left = TOPUP_ARSVERK_2018 * self.scale * 100 if y == 2018 else 0.0

        def move(src: int, dst: int) -> None:
            nonlocal topup_left
            e = pools[src].pop()
            new = {2: 100.0, 1: float(r.choice([80, 85, 90])), 0: float(r.choice([40, 50, 60, 75]))}[dst]
            when = int(r.integers(max(e.versions[-1][0] + 1, dec31 - 330), dec31 - 5))
            old = e.versions[-1][1]
            if dst == 2 and topup_left > 0 and old >= 40:
                t = self.new_employment(e.person, "MAANED", "MIDLERTIDIG", e.home, when, 100.0 - old, "TOPUP")
                t.versions[0][2] = e.versions[-1][2]
                topup_left -= 100.0 - old
            else:
                e.versions.append([when, new, e.versions[-1][2]])

        steps = []
        while dh > 0 and du < 0:
            steps.append((0, 2))
            dh -= 1
            du += 1
        while dh > 0:
            steps.append((1, 2))
            dh -= 1
        while du < 0:
            steps.append((0, 1))
            du += 1
        while dh < 0 and du > 0:
            steps.append((2, 0))
            dh += 1
            du -= 1
        while dh < 0:
            steps.append((2, 1))
            dh += 1
        while du > 0:
            steps.append((1, 0))
            du -= 1
        for src, dst in steps:
            if pools[src]:
                move(src, dst)

    def apprentices(self) -> None:
        r = self.rng
        areas, w = list(APPRENTICE_AREAS), np.array(list(APPRENTICE_AREAS.values()))
        first = min(APPRENTICE_COHORTS)
        earlier = {y: APPRENTICE_COHORTS[first] for y in range(self.first_year - 2, first)}
        for y, c in {**earlier, **APPRENTICE_COHORTS}.items():
            for _ in range(max(self.scaled(c), 1)):
                a = str(r.choice(areas, p=w))
                start = ymd(y, 8, 15)
                p = self.new_person(a, start, float(r.uniform(16.5, 22)))
                e = self.new_employment(
                    p, "MAANED", "MIDLERTIDIG", a, start, 100.0, "APPRENTICE", end=ymd(y + 2, 8, 14)
                )
                e.code = LAERLING_CODE
                if e.end <= ymd(2018, 12, 31):
                    e.reason = "ANNET"

    def hourly(self) -> None:
        """Hourly paid staff: TIME-only persons, and some permanent staff with extra hourly shifts."""
        r = self.rng
        areas, w = list(TIME_AREAS), np.array(list(TIME_AREAS.values()))
        end2018 = ymd(2018, 12, 31)
        spells: list[tuple[int, int]] = []
        for _ in range(self.scaled(TIME_ONLY_2018)):
            spells.append((int(end2018 - min(r.exponential(700), 2900)), OPEN))
        # summer and holiday temps who never span a year-end
        for _ in range(self.scaled(1200)):
            start = int(r.integers(ymd(min(2011, self.first_year - 2), 1, 1), ymd(2018, 11, 1)))
            year_end = ymd(to_date(start).year, 12, 30)
            spells.append((start, min(start + int(r.integers(20, 200)), year_end, end2018 - 1)))
        # on every earlier year-end as many as the smooth growth into 2018 needs, each leaving within a year
        for y in range(2017, PREHISTORY_FROM - 1, -1):
            d = ymd(y, 12, 31)
            want = int(round(self.scaled(TIME_ONLY_2018) / TIME_GROWTH ** (2018 - y)))
            have = sum(1 for a, b in spells if a <= d <= b)
            for _ in range(max(want - have, 0)):
                spells.append((d - int(r.integers(20, 500)), d + int(r.integers(1, 365))))
        for start, end in spells:
            a = str(r.choice(areas, p=w))
            age = float(r.choice([r.uniform(18, 28), r.uniform(28, 60), r.uniform(60, 72)], p=[0.5, 0.35, 0.15]))
            p = self.new_person(a, start, age)
            pct = 0.0 if r.random() < 0.8 else float(r.choice([10, 20, 30]))
            e = self.new_employment(p, "TIME", "MIDLERTIDIG", a, start, pct, "TIME", end=end)
            if end != OPEN:
                e.reason = "ANNET" if r.random() < 0.3 else "OPPSIGELSE"
        # permanent staff who also take hourly shifts: one person, two employments at once
        fast = sorted(self.fast_of.values(), key=lambda e: e.id)
        # numpy picks from a list of objects as well (an object array); its stubs admit numbers only
        for e in r.choice(fast, size=min(len(fast), self.scaled(320)), replace=False):  # type: ignore[arg-type]
            start = int(max(e.start + 30, r.integers(ymd(2014, 1, 1), ymd(2018, 10, 1))))
            end = OPEN if r.random() < 0.6 else start + int(r.integers(30, 300))
            if start >= end2018 or end > e.end and e.end != OPEN:
                continue
            self.new_employment(e.person, "TIME", "MIDLERTIDIG", e.home, start, 0.0, "EXTRA_TIME", end=end)


def assign_codes(pop: Population, rng: np.random.Generator, shares: dict[str, dict[str, float]], status: int) -> None:
    """Give every employment a position code so that each area's årsverk by competence group on the
    status day come out at `shares` (per area: UFAGLAERT, FAGARBEIDER; HOYSKOLE is the rest)."""
    by_area: dict[str, list[Employment]] = {}
    for e in pop.emps:
        if e.code:
            continue
        if e.lonnsform == "MAANED" and e.active(status):
            by_area.setdefault(area_of(e.home, status), []).append(e)
    for a in sorted(by_area):
        emps = [by_area[a][i] for i in rng.permutation(len(by_area[a]))]
        total = sum(e.pct_on(status) for e in emps)
        want = {
            "UFAGLAERT": shares[a]["UFAGLAERT"] * total / 100,
            "FAGARBEIDER": shares[a]["FAGARBEIDER"] * total / 100,
        }
        got = {"UFAGLAERT": 0.0, "FAGARBEIDER": 0.0}
        for e in emps:
            p = e.pct_on(status)
            group = "HOYSKOLE"
            for g in ("UFAGLAERT", "FAGARBEIDER"):
                if abs(want[g] - got[g] - p) < abs(want[g] - got[g]):
                    group = g
                    got[g] += p
                    break
            e.code = pick_code(rng, e.home, group)
    mix = {"UFAGLAERT": 0.2, "FAGARBEIDER": 0.25, "HOYSKOLE": 0.55}
    for e in pop.emps:
        if not e.code:
            if e.lonnsform == "TIME":
                group = str(rng.choice(["UFAGLAERT", "FAGARBEIDER", "HOYSKOLE"], p=[0.75, 0.15, 0.10]))
            else:
                group = str(rng.choice(list(mix), p=list(mix.values())))
            e.code = pick_code(rng, e.home, group)
    # one leader (enhetsleder) per unit among the permanent full-time graduates, plus some middle managers
    seen: set[str] = set()
    for e in sorted(pop.emps, key=lambda e: e.id):
        unit = e.versions[-1][2]
        if e.kind == "FAST" and e.code in AREA_CODES[e.home]["HOYSKOLE"] and e.versions[-1][1] == 100:
            if unit not in seen and e.end == OPEN:
                seen.add(unit)
                e.code, e.leader = LEADER_CODE, True
            elif rng.random() < 0.04:
                e.leader = True


def pick_code(rng: np.random.Generator, home: str, group: str) -> str:
    codes = AREA_CODES[home][group]
    # the first code of a group is three times as common as each of the others
    if len(codes) == 1 or rng.random() < 3 / (len(codes) + 2):
        return codes[0]
    return codes[int(rng.integers(1, len(codes)))]
