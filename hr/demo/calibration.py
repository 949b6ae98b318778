"""A fast, vectorised evaluator of DEFINITIONS.md on the generator's in-memory tables.

The generator uses it to steer itself onto the published Bærum figures; docs/demo.md reports its
results. The real pipeline (hr.ingest + hr.metrics) must agree: tests/test_demo_calibration.py checks.

Tables (pandas DataFrames, dates as integer day numbers, see model.py):
- versions: emp, person, gender, birth, imm, home, unit, code, pct, lonnsform, form, fra, til, leader
- absences: fid, emp, type, fra, til, grad
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .model import AREAS, KOMPETANSE, REORG, Calendar, area_of, ymd

REFERENCE = Path(__file__).with_name("baerum_2018.yaml")  # Bærum's published 2018 figures
SICK = ("EGENMELDING", "SYKMELDING")
NAME_TO_CODE = {v: k for k, v in AREAS.items()}


def load_reference(path: Path | None = None) -> dict:
    with open(path or REFERENCE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# ---- versions split at the reorganisation, with their area ----------------------------------------------
def with_area(v: pd.DataFrame) -> pd.DataFrame:
    """Versions split where their unit changed area (BU units on REORG), with column `area`."""
    bu = (v["home"] == "BU") & (v["fra"] < REORG) & (v["til"] >= REORG)
    before, after = v[bu].copy(), v[bu].copy()
    before["til"] = REORG - 1
    after["fra"] = REORG
    out = pd.concat([v[~bu], before, after], ignore_index=True)
    out["area"] = area_of(out["home"].to_numpy(), out["fra"].to_numpy())
    return out


def active(v: pd.DataFrame, d: int) -> pd.DataFrame:
    return v[(v["fra"] <= d) & (v["til"] >= d)]


# ---- workforce on the status date ----------------------------------------------------------------------
def workforce(v: pd.DataFrame, d: int) -> dict:
    a = active(v, d)
    m = a[a["lonnsform"] == "MAANED"]
    fast = m[m["form"] == "FAST"]
    time_only = set(a.loc[a["lonnsform"] == "TIME", "person"]) - set(m["person"])
    persons = m.drop_duplicates("person")
    age = completed_years(persons["birth"].to_numpy(), d)
    return {
        "arsverk_fast": fast["pct"].sum() / 100,
        "personer_fast": fast["person"].nunique(),
        "arsverk": m["pct"].sum() / 100,
        "personer_maanedslonnet": m["person"].nunique(),
        "timelonnede_personer": len(time_only),
        "personer_totalt": a["person"].nunique(),
        "gjennomsnittsalder": age.mean(),
        "gjennomsnittsalder_K": age[persons["gender"].to_numpy() == "K"].mean(),
        "gjennomsnittsalder_M": age[persons["gender"].to_numpy() == "M"].mean(),
    }


def completed_years(birth: np.ndarray, d: int) -> np.ndarray:
    b = pd.to_datetime(birth, unit="D")
    s = pd.Timestamp(d, unit="D")
    before_birthday = (b.month > s.month) | ((b.month == s.month) & (b.day > s.day))
    return (s.year - b.year - before_birthday.astype(int)).to_numpy()


def fulltime(v: pd.DataFrame, d: int) -> dict:
    m = active(v, d)
    size = m[m["lonnsform"] == "MAANED"].groupby("person")["pct"].sum()
    return {
        "andel_heltid_prosent": 100 * (size >= 100).mean(),
        "andel_80_99_prosent": 100 * ((size >= 80) & (size < 100)).mean(),
        "andel_deltid_under_80_prosent": 100 * (size < 80).mean(),
    }


def turnover(v: pd.DataFrame, y: int) -> dict:
    """Turnover for year y in total and per area (area of the largest FAST employment on 1 January)."""
    va = with_area(v)
    ff = va[(va["lonnsform"] == "MAANED") & (va["form"] == "FAST")]
    jan = active(ff, ymd(y, 1, 1)).sort_values(["person", "pct", "emp"], ascending=[True, False, True])
    base = jan.drop_duplicates("person").set_index("person")["area"]
    still = set(active(ff, ymd(y, 12, 31))["person"])
    left = ~base.index.isin(list(still))
    out = {"Hele kommunen": 100 * left.mean()}
    for a, grp in pd.Series(left, index=base.index).groupby(base.to_numpy()):
        out[AREAS[a]] = 100 * grp.mean()
    return out


def competence(v: pd.DataFrame, d: int) -> dict:
    m = active(with_area(v), d)
    m = m[(m["lonnsform"] == "MAANED")]
    m = m[m["code"].map(KOMPETANSE) != "LAERLING"]
    group = m["code"].map(KOMPETANSE)
    tot = m["pct"].sum()
    out = {g: 100 * m.loc[group == g, "pct"].sum() / tot for g in ("UFAGLAERT", "FAGARBEIDER", "HOYSKOLE")}
    for a, grp in m.groupby("area"):
        gg = grp["code"].map(KOMPETANSE)
        out[f"faglaerte|{AREAS[a]}"] = 100 * grp.loc[gg != "UFAGLAERT", "pct"].sum() / grp["pct"].sum()
    return out


def apprentices(v: pd.DataFrame, d: int) -> int:
    a = active(v, d)
    return a.loc[a["code"].map(KOMPETANSE) == "LAERLING", "person"].nunique()


def immigrants(v: pd.DataFrame, d: int) -> dict:
    m = active(with_area(v), d)
    m = m[m["lonnsform"] == "MAANED"].copy()
    m["grp"] = m["area"].map(lambda a: "Øvrige" if a in ("PMK", "OU") else AREAS[a])
    out = {}
    for name, g in list(m.groupby("grp")) + [("Hele kommunen", m)]:
        imm = g[g["imm"]]
        persons = imm.drop_duplicates("person")
        out[name] = {
            "arsverk": imm["pct"].sum() / 100,
            "menn": int((persons["gender"] == "M").sum()),
            "kvinner": int((persons["gender"] == "K").sum()),
            "andel_prosent": 100 * imm["pct"].sum() / g["pct"].sum(),
        }
    return out


# ---- sick leave --------------------------------------------------------------------------------------
def periods(first: int = 2014, last: int = 2018) -> list[tuple[str, int, int]]:
    out = []
    for y in range(first, last + 1):
        out += [
            (str(y), ymd(y, 1, 1), ymd(y, 12, 31)),
            (f"{y}H1", ymd(y, 1, 1), ymd(y, 6, 30)),
            (f"{y}H2", ymd(y, 7, 1), ymd(y, 12, 31)),
        ]
    return out


def agreed(va: pd.DataFrame, cal: Calendar, plist) -> pd.DataFrame:
    """Agreed day-works per (period, area) from MAANED versions with area (see with_area)."""
    m = va[va["lonnsform"] == "MAANED"]
    rows = []
    for code, a, b in plist:
        wd = cal.workdays(np.maximum(m["fra"].to_numpy(), a), np.minimum(m["til"].to_numpy(), b))
        s = pd.Series(wd * m["pct"].to_numpy() / 100).groupby(m["area"].to_numpy()).sum()
        rows += [(code, area, val) for area, val in s.items() if val > 0]
    return pd.DataFrame(rows, columns=["period", "area", "agreed"])


def expand_days(ab: pd.DataFrame) -> pd.DataFrame:
    """One row per (registration, calendar day)."""
    n = (ab["til"] - ab["fra"] + 1).to_numpy()
    idx = np.repeat(np.arange(len(ab)), n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    out = ab.iloc[idx].reset_index(drop=True)
    out["d"] = out["fra"].to_numpy() + offs
    return out


def cases(ab: pd.DataFrame, cal: Calendar) -> pd.Series:
    """Case number of every sick-leave registration: merged when overlapping or no workday between."""
    s = ab.sort_values(["emp", "fra", "til"])
    emp, fra = s["emp"].to_numpy(), s["fra"].to_numpy()
    reach = s.groupby("emp")["til"].cummax().to_numpy()  # last day covered so far within the employment
    prev = np.concatenate([[0], reach[:-1]])
    new = np.ones(len(s), dtype=bool)
    same = np.concatenate([[False], emp[1:] == emp[:-1]])
    gap = cal.workdays(prev + 1, fra - 1)
    new[same] = (fra[same] > prev[same]) & (gap[same] > 0)
    return pd.Series(np.cumsum(new), index=s.index)


def lost_days(va: pd.DataFrame, ab: pd.DataFrame, cal: Calendar) -> pd.DataFrame:
    """Lost day-works per sick-leave registration day, with area, class (korttid/langtid) and case."""
    sick = ab[ab["type"].isin(SICK)].copy()
    sick["case"] = cases(sick, cal)
    span = sick.groupby("case").agg(cfra=("fra", "min"), ctil=("til", "max"))
    sick = sick.join(span, on="case")
    sick["lang"] = (sick["ctil"] - sick["cfra"] + 1) >= 17
    days = expand_days(sick)
    days = days[cal.workday(days["d"].to_numpy())]
    deg = days.groupby(["emp", "d"], as_index=False).agg(
        deg=("grad", "sum"), case=("case", "first"), lang=("lang", "first")
    )
    deg["deg"] = np.minimum(deg["deg"] / 100, 1.0)
    m = va[va["lonnsform"] == "MAANED"].sort_values(["emp", "fra"])
    key_v = m["emp"].to_numpy().astype(np.int64) * 10**6 + m["fra"].to_numpy()
    key_d = deg["emp"].to_numpy().astype(np.int64) * 10**6 + deg["d"].to_numpy()
    pos = np.searchsorted(key_v, key_d, side="right") - 1
    ok = pos >= 0
    pos = np.where(ok, pos, 0)
    ok &= (m["emp"].to_numpy()[pos] == deg["emp"].to_numpy()) & (m["til"].to_numpy()[pos] >= deg["d"].to_numpy())
    deg = deg[ok].copy()
    deg["area"] = m["area"].to_numpy()[pos[ok]]
    deg["lost"] = deg["deg"] * m["pct"].to_numpy()[pos[ok]] / 100
    return deg


def sick_leave(va: pd.DataFrame, ab: pd.DataFrame, cal: Calendar, plist=None) -> pd.DataFrame:
    """sykefravaer_prosent, korttid, langtid per (period, area) plus 'Hele kommunen'."""
    plist = plist or periods()
    ag = agreed(va, cal, plist)
    deg = lost_days(va, ab, cal)
    rows = []
    for code, a, b in plist:
        sel = deg[(deg["d"] >= a) & (deg["d"] <= b)]
        g = sel.groupby(["area", "lang"])["lost"].sum()
        for area in ag.loc[ag["period"] == code, "area"]:
            rows.append((code, area, g.get((area, False), 0.0), g.get((area, True), 0.0)))
    lost = pd.DataFrame(rows, columns=["period", "area", "kort", "lang"])
    t = ag.merge(lost, on=["period", "area"])
    tot = t.groupby("period")[["agreed", "kort", "lang"]].sum().reset_index()
    tot["area"] = "ALL"
    t = pd.concat([t, tot], ignore_index=True)
    t["prosent"] = 100 * (t["kort"] + t["lang"]) / t["agreed"]
    t["korttid"] = 100 * t["kort"] / t["agreed"]
    t["langtid"] = 100 * t["lang"] / t["agreed"]
    return t


def compare(versions: pd.DataFrame, absences: pd.DataFrame, ref: dict) -> list[tuple[str, float, float]]:
    """(figure, published, computed by this evaluator) for every target of the reference file."""
    cal = Calendar()
    out: list[tuple[str, float, float]] = []
    sick = sick_leave(with_area(versions), absences, cal).set_index(["period", "area"])
    pct = lambda p, a="ALL", col="prosent": float(sick.loc[(p, NAME_TO_CODE.get(a, a)), col])  # noqa: E731
    for y, x in ref["sick_leave"]["sykefravaer_prosent"].items():
        out.append((f"sykefravaer_prosent {y}", x, pct(str(y))))
    for kind, x in ref["sick_leave"]["2018"].items():
        out.append((f"sykefravaer_{kind}_prosent 2018", x, pct("2018", col=kind)))
    for y, areas in ref["sick_leave"]["by_area"].items():
        for a, x in areas.items():
            out.append((f"sykefravaer_prosent {y} {a}", x, pct(str(y), a)))
    status = ymd(2018, 12, 31)
    wf = workforce(versions, status)
    for k in ("arsverk_fast", "personer_fast", "timelonnede_personer", "personer_totalt"):
        out.append((f"{k} 31.12.2018", ref["workforce_2018"][k], float(wf[k])))
    ages = ref["workforce_2018"]["gjennomsnittsalder"]
    out.append(("gjennomsnittsalder 2018", ages["alle"], float(wf["gjennomsnittsalder"])))
    out.append(("gjennomsnittsalder 2018 M", ages["M"], float(wf["gjennomsnittsalder_M"])))
    out.append(("gjennomsnittsalder 2018 K", ages["K"], float(wf["gjennomsnittsalder_K"])))
    out.append(
        (
            "gjennomsnittsalder 2016",
            ref["workforce_2018"]["gjennomsnittsalder_2016"],
            float(workforce(versions, ymd(2016, 12, 31))["gjennomsnittsalder"]),
        )
    )
    for y in ("2017", "2018"):
        t = turnover(versions, int(y))
        for a, x in ref["turnover_prosent"][y].items():
            out.append((f"turnover_prosent {y} {a}", x, float(t[a])))
    comp = competence(versions, status)
    for g, x in ref["competence_2018"]["kompetanse_andel_prosent"].items():
        out.append((f"kompetanse_andel_prosent {g}", x, float(comp[g])))
    for a, x in ref["competence_2018"]["andel_faglaerte_prosent"].items():
        out.append((f"andel_faglaerte_prosent {a}", x, float(comp[f"faglaerte|{a}"])))
    for y, x in ref["competence_2018"]["laerlinger"].items():
        out.append((f"laerlinger {y}", x, float(apprentices(versions, ymd(int(y), 12, 31)))))
    for y, x in ref["full_time_part_time"]["andel_heltid_prosent"].items():
        out.append(
            (f"andel_heltid_prosent {y}", x, float(fulltime(versions, ymd(int(y), 12, 31))["andel_heltid_prosent"]))
        )
    for y, x in ref["full_time_part_time"]["andel_deltid_under_80_prosent"].items():
        out.append(
            (
                f"andel_deltid_under_80_prosent {y}",
                x,
                float(fulltime(versions, ymd(int(y), 12, 31))["andel_deltid_under_80_prosent"]),
            )
        )
    for y, table in ref["immigrant_background"].items():
        got = immigrants(versions, ymd(int(y), 12, 31))
        for a, row in table.items():
            for k in ("arsverk", "menn", "kvinner", "andel_prosent"):
                out.append((f"minoritet {k} {y} {a}", row[k], float(got[a][k])))
    return out
