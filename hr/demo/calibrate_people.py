"""Person attributes set so that the status-date figures come out as published: position codes
(competence shares), immigrant background (counts and årsverk by area and gender) and ages."""

from __future__ import annotations

from datetime import date

import numpy as np

from .model import area_of, day, to_date, ymd
from .people import Population, assign_codes

# Competence shares of årsverk on 31.12.2018 (UFAGLAERT, FAGARBEIDER); OS takes what the total needs.
COMPETENCE = {
    "OB": (32.3, 27.0),
    "PO": (23.7, 38.0),
    "HS": (8.0, 12.0),
    "TT": (28.0, 45.0),
    "PMK": (12.0, 14.0),
    "OU": (10.0, 10.0),
}
COMPETENCE_TOTAL = (18.5, 22.5)

# Immigrant background: (menn, kvinner, årsverk) by area group on 31.12.
IMMIGRANTS = {
    2017: {
        "OS": (59, 156, 134.54),
        "OB": (9, 90, 95.80),
        "PO": (219, 638, 642.61),
        "HS": (34, 41, 61.97),
        "TT": (43, 26, 59.60),
        "OVR": (18, 66, 58.34),
        "BU": (0, 0, 0.0),
    },
    2018: {
        "OS": (62, 138, 126.2),
        "OB": (8, 95, 97.2),
        "PO": (239, 654, 659.4),
        "HS": (37, 46, 67.9),
        "TT": (42, 27, 58.6),
        "OVR": (19, 69, 61.3),
    },
}
AGES_2018 = {"M": 43.7, "K": 45.4}
AGE_ALL_2016 = 45.1


def group_of(area: str) -> str:
    return "OVR" if area in ("PMK", "OU") else area


def maaned_sizes(pop: Population, d: int, apprentices: bool = True) -> dict[int, tuple[str, float]]:
    """Person -> (area group, Σ stillingsprosent) over MAANED employments active on d."""

    out: dict[int, tuple[str, float]] = {}
    for e in pop.emps:
        if e.lonnsform == "MAANED" and e.active(d) and (apprentices or e.kind != "APPRENTICE"):
            g = group_of(area_of(e.home, d))
            out[e.person] = (g, out.get(e.person, (g, 0.0))[1] + e.pct_on(d))
    return out


def set_codes(pop: Population, rng: np.random.Generator) -> None:
    status = ymd(2018, 12, 31)
    totals: dict[str, float] = {}

    for e in pop.emps:
        if e.lonnsform == "MAANED" and e.active(status) and e.kind != "APPRENTICE":
            a = area_of(e.home, status)
            totals[a] = totals.get(a, 0.0) + e.pct_on(status)
    all_ = sum(totals.values())
    shares = {a: {"UFAGLAERT": u, "FAGARBEIDER": f} for a, (u, f) in COMPETENCE.items()}
    os_u = (COMPETENCE_TOTAL[0] * all_ - sum(COMPETENCE[a][0] * totals[a] for a in COMPETENCE)) / totals["OS"]
    os_f = (COMPETENCE_TOTAL[1] * all_ - sum(COMPETENCE[a][1] * totals[a] for a in COMPETENCE)) / totals["OS"]
    shares["OS"] = {"UFAGLAERT": os_u, "FAGARBEIDER": os_f}
    shares["BU"] = {"UFAGLAERT": 8.0, "FAGARBEIDER": 10.0}
    assign_codes(pop, rng, shares, status)


def set_immigrants(pop: Population, rng: np.random.Generator) -> None:
    s17 = maaned_sizes(pop, ymd(2017, 12, 31))
    s18 = maaned_sizes(pop, ymd(2018, 12, 31))
    flagged: set[int] = set()
    for g in sorted({v[0] for v in s18.values()}):
        for gi, sex in ((0, "M"), (1, "K")):
            t18 = int(IMMIGRANTS[2018][g][gi])  # a head count (the third number is årsverk)
            t17 = int(IMMIGRANTS[2017].get(g, (0, 0, 0))[gi])
            in18 = sorted(p for p, (gg, _) in s18.items() if gg == g and pop.gender[p] == sex)
            in17 = sorted(p for p, (gg, _) in s17.items() if gg == g and pop.gender[p] == sex)
            both = sorted(set(in18) & set(in17))
            only18 = sorted(set(in18) - set(s17))
            only17 = sorted(set(in17) - set(s18))
            k = min(max(int(round(0.85 * min(t17, t18))), t18 - len(only18), t17 - len(only17)), len(both))
            pick = list(rng.choice(both, size=k, replace=False)) if k else []
            pick += list(rng.choice(only18, size=min(t18 - k, len(only18)), replace=False)) if t18 > k else []
            pick += list(rng.choice(only17, size=min(t17 - k, len(only17)), replace=False)) if t17 > k else []
            flagged.update(int(p) for p in pick)
    # swap flags between persons of the same gender and kind (in both years / in one year only) until
    # the årsverk match the table; the counts stay as they are. In 2018 persons of both years swap only
    # with those of the same size in 2017, which leaves the 2017 årsverk as they are.
    for year, sizes, other in ((2017, s17, s18), (2018, s18, s17)):
        for g, (_m, _k, target) in IMMIGRANTS[year].items():
            members = sorted(p for p, (gg, _) in sizes.items() if gg == g)
            pools = []
            for sex in ("M", "K"):
                for in_both in (False, True):
                    ps = [
                        p
                        for p in members
                        if pop.gender[p] == sex and ((p in other and other[p][0] == g) if in_both else p not in other)
                    ]
                    keys = [round(other[p][1], 2) if in_both and year == 2018 else 0.0 for p in ps]
                    for key in sorted(set(keys)):
                        sub = np.array([p for p, k in zip(ps, keys) if k == key], dtype=int)
                        if len(sub) > 1:
                            pools.append(
                                (sub, np.array([sizes[p][1] for p in sub]) / 100, np.array([p in flagged for p in sub]))
                            )
            got = sum(sizes[p][1] for p in members if p in flagged) / 100
            for _ in range(2000):
                best = None
                for k, (_ps, sz, fl) in enumerate(pools):
                    if fl.all() or not fl.any():
                        continue
                    fi, ui = np.where(fl)[0], np.where(~fl)[0]
                    us = sz[ui]
                    order = np.argsort(us, kind="stable")
                    j = np.clip(np.searchsorted(us[order], sz[fi] + (target - got)), 0, len(ui) - 1)
                    for jj in (j, np.clip(j - 1, 0, len(ui) - 1)):
                        new = got + us[order][jj] - sz[fi]
                        i = int(np.argmin(np.abs(new - target)))
                        if best is None or abs(new[i] - target) < best[0]:
                            best = (abs(new[i] - target), k, fi[i], ui[order][jj[i]], float(new[i]))
                if best is None or best[0] >= abs(got - target) - 1e-9:
                    break
                _, k, a, b, got = best
                pools[k][2][a], pools[k][2][b] = False, True
            for pool_ps, _sz, fl in pools:
                flagged.difference_update(int(p) for p in pool_ps[~fl])
                flagged.update(int(p) for p in pool_ps[fl])
    in_tables = set(s17) | set(s18)
    for p in range(len(pop.gender)):
        pop.imm[p] = p in flagged or (p not in in_tables and rng.random() < 0.14)


def shift_years(pop: Population, p: int, years: int) -> None:
    b = to_date(pop.birth[p])
    new = date(b.year - years, b.month, 28 if (b.month, b.day) == (2, 29) else b.day)
    pop.birth[p] = day(new)


def completed(pop: Population, p: int, d: date) -> int:
    b = to_date(pop.birth[p])
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def set_ages(pop: Population, rng: np.random.Generator) -> None:
    """Shift some birth years by one so that mean ages hit the published ones (2018 by gender, 2016 all)."""
    d18, d16 = date(2018, 12, 31), date(2016, 12, 31)
    s18 = maaned_sizes(pop, day(d18))
    for sex, target in AGES_2018.items():
        ps = [p for p in sorted(s18) if pop.gender[p] == sex]
        ages = np.array([completed(pop, p, d18) for p in ps])
        diff = int(round((target - ages.mean()) * len(ps)))
        cand = [p for p, a in zip(ps, ages) if 27 <= a <= 60]
        spread(pop, rng, cand, diff)
    s16 = maaned_sizes(pop, day(d16))
    ps = sorted(s16)
    ages = np.array([completed(pop, p, d16) for p in ps])
    diff = int(round((AGE_ALL_2016 - ages.mean()) * len(ps)))
    cand = [p for p, a in zip(ps, ages) if p not in s18 and 27 <= a <= 58]
    spread(pop, rng, cand, diff)


def spread(pop: Population, rng: np.random.Generator, cand: list[int], diff: int) -> None:
    """Add `diff` years in total to the ages of candidates, at most a few years each."""
    n = len(cand)
    if not n or not diff:
        return
    each, extra = divmod(abs(diff), n)
    sign = 1 if diff > 0 else -1
    for i, p in enumerate(rng.permutation(cand)):
        k = each + (1 if i < extra else 0)
        if k:
            shift_years(pop, int(p), sign * k)
