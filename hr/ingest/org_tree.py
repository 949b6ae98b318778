"""The org-tree rules of hr/organisasjon_*.csv that compare rows with each other over time.

EXTRACTS.md: a unit's `niva` is its parent's + 1, at any depth; the area of a unit is its level-2 ancestor on
each day. The per-row rules (value present, niva >= 1, parent code in the file) are the GE suite's
(expectations/hr_organisasjon.json); these four need the other rows and their validity periods:

- overlappende_gyldighet: two rows of one unit valid on the same day (the unit would be counted twice);
- overordnet_mangler: a unit below level 1 without a parent, or whose parent has no valid row on some day
  of the unit's row (its area on those days is unknown);
- niva_overordnet: a level that is not the parent's + 1 on some day (also a root, level 1, with a parent);
- syklus_i_organisasjon: a unit that is its own ancestor on some day.

Each finding names the unit (and the parent and the day) in its message. An org file has a few hundred
rows (a few thousand for the largest municipalities), so plain loops over a unit's rows are fine.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pandas as pd

from hr.ingest import quarantine as q

OPEN_END = date(9999, 12, 31)
ONE_DAY = timedelta(days=1)
# One org row as the rules read it: (row, org_enhet, overordnet, niva, gyldig_fra, gyldig_til or OPEN_END).
_Row = tuple[int, str, str | None, int, date, date]


def _day(value: Any) -> date | None:
    if value is None or pd.isna(value):
        return None
    day: date = value.date() if hasattr(value, "date") else value
    return day


def _nb(day: date) -> str:
    return "løpende" if day == OPEN_END else day.strftime("%d.%m.%Y")


def tree_findings(typed: pd.DataFrame, raw: pd.DataFrame, set_aside: set[int]) -> pd.DataFrame:
    """Findings for the rows not in `set_aside` that break a tree rule (rows of an org extract's typed frame)."""
    rows: list[_Row] = []
    for i, r in typed.drop(index=[x for x in set_aside if x in typed.index]).iterrows():
        fra, niva = _day(r["gyldig_fra"]), r["niva"]
        if fra is None or niva is None or pd.isna(niva) or not isinstance(r["org_enhet"], str):
            continue
        parent = r["overordnet"] if isinstance(r["overordnet"], str) and r["overordnet"] else None
        rows.append((i, r["org_enhet"], parent, int(niva), fra, _day(r["gyldig_til"]) or OPEN_END))
    by_unit: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_unit[row[1]].append(row)
    found: list[q.Finding] = []

    def add(i: int, column: str, rule: str, message: str) -> None:
        value = raw.loc[i, column] if column in raw.columns else None
        found.append(
            q.Finding(
                row=i,
                line=int(raw.loc[i, "_line"]),
                column_name=column,
                verdi=None if value is None or pd.isna(value) else str(value),
                rule=rule,
                message=message,
            )
        )

    for unit, own in by_unit.items():
        own = sorted(own, key=lambda x: x[4])
        for a, b in zip(own, own[1:]):
            if b[4] <= a[5]:
                for x in (a, b):
                    add(
                        x[0],
                        "gyldig_fra",
                        "overlappende_gyldighet",
                        f"Enheten {unit} har to rader som begge gjelder {_nb(b[4])}; hver dag kan bare én rad "
                        "for en enhet gjelde. Begge radene er satt til side.",
                    )

    for i, unit, parent, niva, fra, til in rows:
        if parent is None:
            if niva != 1:
                add(
                    i,
                    "overordnet",
                    "overordnet_mangler",
                    f"Enheten {unit} har nivå {niva}, men ingen overordnet enhet; bare kommunen (nivå 1) "
                    "står uten overordnet.",
                )
            continue
        if niva == 1:
            add(
                i,
                "niva",
                "niva_overordnet",
                f"Enheten {unit} har nivå 1 (kommunen), men har overordnet enhet {parent}; nivå 1 har ingen "
                "overordnet.",
            )
            continue
        over = [p for p in by_unit.get(parent, []) if p[4] <= til and fra <= p[5]]
        wrong = [p for p in over if p[3] != niva - 1]
        if wrong:
            p = min(wrong, key=lambda x: x[4])
            add(
                i,
                "niva",
                "niva_overordnet",
                f"Enheten {unit} har nivå {niva}, men den overordnede enheten {parent} har nivå {p[3]} fra "
                f"{_nb(max(p[4], fra))}; en enhets nivå skal være den overordnedes + 1.",
            )
        gap = _first_gap(fra, til, [(p[4], p[5]) for p in over])
        if gap and by_unit.get(parent):
            add(
                i,
                "overordnet",
                "overordnet_mangler",
                f"Enheten {unit} har overordnet enhet {parent}, men {parent} finnes ikke i organisasjonsuttrekket "
                f"fra {_nb(gap[0])} til {_nb(gap[1])}, mens {unit} gjelder; området enheten hører til, er "
                "ukjent de dagene.",
            )

    for cycle_rows, path in _cycles(rows):
        for i in cycle_rows:
            add(
                i,
                "overordnet",
                "syklus_i_organisasjon",
                f"Enheten {typed.loc[i, 'org_enhet']} ligger i en sløyfe i organisasjonstreet "
                f"({' → '.join(path)}): den blir sin egen overordnede.",
            )
    return q.frame(found)


def _first_gap(fra: date, til: date, covers: list[tuple[date, date]]) -> tuple[date, date] | None:
    """The first stretch of [fra, til] that no (start, end) in `covers` covers, or None."""
    day = fra
    for start, end in sorted(covers):
        if start > day:
            return day, min(start - ONE_DAY, til)
        if end >= til:
            return None
        day = max(day, end + ONE_DAY)
    return (day, til) if day <= til else None


def _cycles(rows: list[_Row]) -> list[tuple[list[int], list[str]]]:
    """Rows on a cycle of parent links that holds on some day, and the cycle's path of unit codes.

    Only units in a cycle of the time-less graph (unit -> every parent it ever had) can be on one; for
    those, each day a row of them starts is checked with the parent links in force that day.
    """
    parents: dict[str, set[str]] = defaultdict(set)
    for _, child, parent, *_ in rows:
        if parent:
            parents[child].add(parent)
    suspects = {u for u in parents if _reaches(u, u, parents)}
    if not suspects:
        return []
    mine = [r for r in rows if r[1] in suspects]
    out: list[tuple[list[int], list[str]]] = []
    seen: set[int] = set()
    for day in sorted({r[4] for r in mine}):
        today = {r[1]: r for r in mine if r[4] <= day <= r[5]}
        for start in today:
            path, unit = [start], today[start][2]
            while unit is not None and unit in today and unit not in path:
                path.append(unit)
                unit = today[unit][2]
            if unit in path:
                loop = path[path.index(unit) :] + [unit]
                hit = [today[u][0] for u in loop[:-1] if today[u][0] not in seen]
                if hit:
                    seen.update(hit)
                    out.append((hit, loop))
    return out


def _reaches(start: str, goal: str, parents: dict[str, set[str]]) -> bool:
    todo, seen = list(parents.get(start, ())), set[str]()
    while todo:
        u = todo.pop()
        if u == goal:
            return True
        if u not in seen:
            seen.add(u)
            todo.extend(parents.get(u, ()))
    return False
