"""Breakdowns of issue 18 item 5 (DEFINITIONS.md "Year view, size and breakdowns of sick leave"):

- `sykefravaer_prosent` of the whole municipality in the report's period (the half-year, or the year of the
  annual chapter) with gruppe `alder:<band>` (age in completed years on the period's last day, the bands of
  `arsverk_aldersgruppe`), `kompetanse:<kompetansegruppe>` (UKJENT: a code missing from stillingskoder.csv)
  and `stilling:<stillingskode>` for the five position codes with the most agreed day-works in the period
  (tie: the lower code). SQL (sql/marts/fct_sykefravaer_gruppe.sql) gives the same exact sums as the period's
  other sick-leave figures; the division happens here. n is the group's persons with agreed day-works; a
  person with jobs in two groups counts in both.
- `andel_heltid_prosent`, `andel_80_99_prosent`, `andel_deltid_under_80_prosent` on the year-end with
  omrade = each area of kommune.yaml's `omsorgsomrader` and gruppe `stilling:<stillingskode>` for the area's
  five codes with the most årsverk (sum of the MAANED stillingsprosent of that code in the area / 100; tie:
  the lower code). A person counts under each code they hold in the area, in the class of their size over
  all their MAANED employments (DEFINITIONS.md "Full-time and part-time"). Not sensitive: never suppressed.

Suppression: each breakdown (age bands, kompetansegrupper, the five codes) is a table of its own whose
total is the municipality's rate of the period; a group under min_n persons is hidden (primary), and when
exactly one group of a table is hidden, the smallest other group by n goes too (secondary), also in the
table of the five codes, whose cells do not add up to the total: the rule is applied the same way
everywhere rather than only where it is strictly needed.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.engine import Connection

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.coverage import absence_start, covers
from hr.metrics.medarbeidere import AGE_BANDS  # the bands of arsverk_aldersgruppe (one definition)
from hr.metrics.suppression import suppress
from hr.metrics.sykefravaer import PROSENT
from hr.periods import Period
from hr.warehouse import query

COMPETENCE_ORDER = ("UFAGLAERT", "FAGARBEIDER", "HOYSKOLE", "LAERLING", "UKJENT")
TOP_CODES = 5
DIMENSIONS = ("alder", "kompetanse", "stilling")
FULL_TIME_METRICS = {
    "HELTID": "andel_heltid_prosent",
    "80_99": "andel_80_99_prosent",
    "UNDER_80": "andel_deltid_under_80_prosent",
}


def _exact(v: Decimal | int | float | None) -> Fraction:
    if v is None:
        return Fraction(0)
    if isinstance(v, float):
        raise TypeError("en mart returnerte et flyttall der en eksakt sum var ventet")
    return Fraction(v)


def breakdown_table(f: Figure) -> Hashable | None:
    """The breakdown table a sick-leave figure is a cell of (None: of none)."""
    if not f.metric.startswith("sykefravaer_") or ":" not in f.gruppe:
        return None
    return (f.metric, f.period, f.omrade, f.gruppe.split(":", 1)[0])


def breakdown_total(f: Figure) -> tuple[str, str, str, str]:
    return (f.metric, f.period, f.omrade, "")


def sick_leave_breakdowns(conn: Connection, kommunenummer: str, period: Period, min_n: int) -> list[Figure]:
    """`sykefravaer_prosent` by age band, kompetansegruppe and the five largest position codes, suppressed;
    none for a period the absence register does not cover."""
    if not covers(absence_start(conn, kommunenummer), period):
        return []
    rows = query(
        conn, "marts/fct_sykefravaer_gruppe.sql", kommunenummer=kommunenummer, fra=period.start, til=period.end
    ).to_dict("records")
    groups: dict[str, dict[str, tuple[Fraction, Fraction, int]]] = {d: {} for d in DIMENSIONS}
    for r in rows:
        avtalte = _exact(r["avtalte"])
        if avtalte:
            groups[r["dimensjon"]][str(r["gruppe"])] = (avtalte, _exact(r["tapte"]), int(r["personer"]))
    order = {
        "alder": [g for g in AGE_BANDS if g in groups["alder"]],
        "kompetanse": sorted(
            groups["kompetanse"],
            key=lambda g: (COMPETENCE_ORDER.index(g) if g in COMPETENCE_ORDER else len(COMPETENCE_ORDER), g),
        ),
        "stilling": sorted(groups["stilling"], key=lambda g: (-groups["stilling"][g][0], g))[:TOP_CODES],
    }
    out = []
    for dim in DIMENSIONS:
        for g in order[dim]:
            avtalte, tapte, n = groups[dim][g]
            out.append(
                Figure(PROSENT, period.code, HELE_KOMMUNEN, f"{dim}:{g}", float(100 * tapte / avtalte), "prosent", n)
            )
    return suppress(out, min_n, linked=[(breakdown_table, breakdown_total)])


def care_full_time(conn: Connection, kommunenummer: str, year: int) -> list[Figure]:
    """Full-time and part-time shares for the five codes with the most årsverk of each care area (year-end)."""
    from hr.metrics.medarbeidere import area_names

    status = date(year, 12, 31)
    rows = query(conn, "marts/fct_heltid_omsorg.sql", kommunenummer=kommunenummer, dato=status).to_dict("records")
    names = area_names(conn, kommunenummer, status)
    by_area: dict[str, dict[str, dict[str, tuple[int, Fraction]]]] = {}
    for r in rows:
        by_area.setdefault(r["omrade"], {}).setdefault(r["stillingskode"], {})[r["klasse"]] = (
            int(r["personer"]),
            _exact(r["sum_pst"]),
        )
    out = []
    for omrade in sorted(by_area):
        codes = by_area[omrade]
        pst = {c: sum((v[1] for v in classes.values()), Fraction(0)) for c, classes in codes.items()}
        for code in sorted(codes, key=lambda c: (-pst[c], c))[:TOP_CODES]:
            persons = sum(v[0] for v in codes[code].values())
            for klasse, metric in FULL_TIME_METRICS.items():
                count = codes[code].get(klasse, (0, Fraction(0)))[0]
                out.append(
                    Figure(
                        metric,
                        status.isoformat(),
                        names.get(omrade, omrade),
                        f"stilling:{code}",
                        float(Fraction(100 * count, persons)),
                        "prosent",
                        persons,
                    )
                )
    return out


def position_titles(conn: Connection, kommunenummer: str) -> dict[str, str]:
    """Position code -> title (stillingskoder.csv), for the report."""
    rows = query(conn, "marts/ref_stillingstittel.sql", kommunenummer=kommunenummer)
    return {str(r["stillingskode"]): str(r["tittel"]) for r in rows.to_dict("records")}
