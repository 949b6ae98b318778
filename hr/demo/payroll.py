"""Payroll lines per month, recruitment postings and new pensions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .calibration import active
from .model import KOMPETANSE, TEACHER_CODES, UNITS, unit_code, ymd

# Yearly full-time base pay (NOK, 2018 level) by competence group; women a little below men, by how much
# differs between the groups (least among apprentices and unskilled staff, most among graduates).
ANNUAL = {"UFAGLAERT": 395_000, "FAGARBEIDER": 440_000, "HOYSKOLE": 545_000, "LAERLING": 190_000}
WOMEN_FACTOR = {"UFAGLAERT": 0.984, "FAGARBEIDER": 0.972, "HOYSKOLE": 0.953, "LAERLING": 0.996}
HOURLY = 215.0


def payroll_month(v: pd.DataFrame, y: int, m: int, rng: np.random.Generator) -> list[list]:
    """Rows periode, arbeidsforhold_id, lonnsart, lonnsartgruppe, timer, belop (numbers unformatted)."""
    d15 = ymd(y, m, 15)
    period = f"{y}-{m:02d}"
    a = active(v, d15)
    level = 1 - 0.03 * (2018 - y)
    rows = []
    maaned = a[a["lonnsform"] == "MAANED"]
    group = maaned["code"].map(KOMPETANSE)
    base = group.map(ANNUAL).to_numpy() * level
    base = base * np.where(maaned["gender"].to_numpy() == "K", group.map(WOMEN_FACTOR).to_numpy(), 1.0)
    base = base * np.where(maaned["leader"].to_numpy(), 1.25, 1.0) * (1 + rng.normal(0, 0.04, len(maaned)))
    monthly = np.round(base / 12 * maaned["pct"].to_numpy() / 100, 2)
    tillegg = rng.random(len(maaned)) < 0.3
    overtid = rng.random(len(maaned)) < 0.06
    for i, e in enumerate(maaned["emp"].to_numpy()):
        rows.append([period, int(e), "1000", "FASTLONN", None, monthly[i]])
        if tillegg[i]:
            rows.append([period, int(e), "2100", "TILLEGG", None, float(rng.choice([650, 1250, 2400]))])
        if overtid[i]:
            hours = float(rng.choice([2, 4, 7.5, 11.5]))
            rows.append([period, int(e), "3000", "OVERTID", hours, round(hours * base[i] / 1950 * 1.5, 2)])
        if rng.random() < 0.002:  # a correction of an earlier month's pay
            rows.append([period, int(e), "1000", "FASTLONN", None, -round(monthly[i] * 0.1, 2)])
    month_start, month_end = ymd(y, m, 1), ymd(y, m + 1, 1) - 1 if m < 12 else ymd(y, 12, 31)
    time = v[(v["lonnsform"] == "TIME") & (v["fra"] <= month_end) & (v["til"] >= month_start)]
    for e in time["emp"].drop_duplicates().to_numpy():
        if rng.random() < 0.8:
            hours = float(rng.choice([7.5, 15, 22.5, 30, 45, 60, 75]))
            rows.append([period, int(e), "1100", "TIMELONN", hours, round(hours * HOURLY * level, 2)])
    return rows


def postings(rng: np.random.Generator, scale: float) -> list[list]:
    """Rows utlysning_id, org_enhet, stillingskode, publisert_dato (y, m, d), antall_stillinger, antall_sokere.

    Positions per year and applicants per position as published (2280 positions in 2018, 33 % more
    than 2017): the last posting of a year takes what the applicants' sum still needs.
    """
    positions = {2014: 1650, 2015: 1700, 2016: 1720, 2017: 1714, 2018: 2280}
    per_post = {2014: 14, 2015: 16, 2016: 16, 2017: 14, 2018: 11}
    areas = ["OS", "OB", "PO", "HS", "TT", "PMK", "OU"]
    weights = np.array([0.22, 0.18, 0.32, 0.1, 0.07, 0.07, 0.04])
    rows, n = [], 0
    for y in sorted(positions):
        want = max(int(round(positions[y] * scale)), 2)
        counts: list[int] = []
        while sum(counts) < want:
            counts.append(int(min(rng.choice([1, 1, 1, 1, 2, 3, 5]), want - sum(counts))))
        applicants = want * per_post[y]
        raw = rng.gamma(2.0, 1.0, len(counts)) * np.array(counts)
        apps = np.floor(raw / raw.sum() * applicants).astype(int)
        apps[-1] += applicants - apps.sum()
        for c, s in zip(counts, apps):
            n += 1
            a = str(rng.choice(areas, p=weights))
            unit = unit_code(a, int(rng.integers(0, len(UNITS[a]))))
            from .people import pick_code

            code = pick_code(rng, a, str(rng.choice(["UFAGLAERT", "FAGARBEIDER", "HOYSKOLE"], p=[0.2, 0.3, 0.5])))
            when = (y, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
            rows.append([f"UT{n:05d}", unit, code, when, c, int(s)])
    return rows


# New pensions per year: AFP rising, alderspensjon stable, uførepensjon slightly rising.
def pension_counts(y: int) -> dict[str, int]:
    k = y - 2007
    # alderspensjon steps 71, 70, 69: stable, and never equal to AFP's rising count in the same year
    return {"AFP": 28 + 4 * k, "ALDER": 71 - (k % 3), "UFORE": 34 + k // 2}


def pensions(v: pd.DataFrame, fnr: dict[int, str], rng: np.random.Generator, scale: float, new_fnr) -> list[tuple]:
    """Rows (provider, year, fodselsnummer, type, (y, m, d), grad). Leavers who retired or got a
    disability pension since 2013 appear with their own number; the earlier years are others."""
    last = v.sort_values("til").drop_duplicates("emp", keep="last")
    left = last[last["reason"].isin(["PENSJON", "UFORE"]) & (last["kind"] == "FAST")]
    rows, taken_persons = [], set[int]()
    for y in range(2007, 2019):
        pool = left[(left["til"] >= ymd(y, 1, 1)) & (left["til"] <= ymd(y, 12, 31))]
        for kind, count in pension_counts(y).items():
            want = max(int(round(count * scale)), 1)
            reason = "UFORE" if kind == "UFORE" else "PENSJON"
            cand = pool[(pool["reason"] == reason) & ~pool["person"].isin(taken_persons)]
            taken = cand.iloc[:want]
            taken_persons.update(int(p) for p in taken["person"])
            people = [(fnr[int(p)], c) for p, c in zip(taken["person"], taken["code"])]
            people += [(new_fnr(y, kind), str(rng.choice(["7957", "7174", "6456"]))) for _ in range(want - len(people))]
            for number, code in people:
                teacher = code in TEACHER_CODES
                provider = "SPK" if (teacher and rng.random() < 0.9) else ("KLP" if rng.random() < 0.6 else "BKP")
                graded = rng.random() < (0.35 if kind == "AFP" and provider == "SPK" else 0.15)
                grad = float(rng.choice([40, 50, 60, 80])) if graded else 100.0
                when = (y, int(rng.integers(1, 13)), 1)
                rows.append((provider, y, number, kind, when, grad))
    return rows
