"""The annual "Medarbeidere" chapter: every figure of DEFINITIONS.md's workforce sections for a year.

The marts in sql/marts/ return exact sums and counts (numeric and integer aggregates only); every
percentage, mean and årsverk is computed here with `fractions.Fraction` and converted to float once, so
DuckDB and PostgreSQL give byte-identical figures. Periods: status-date figures carry `2018-12-31`,
yearly figures `2018`. Choices where DEFINITIONS.md is silent are listed in docs/definitions-choices.md.

Besides the figures for the year itself the chapter carries the series its charts and comparisons need:
full-time/part-time and apprentices for every year-end of the last ten with data, new pensions for every
delivered pension year, workforce competence and immigrant background also on the status date a year
before, turnover for the year before (total and by area), and turnover, recruitment and sick leave
(total) for each of the last five years, which the `kpi` rows (hr.metrics.kpi) repeat.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy.engine import Connection

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.coverage import delivered_pension_years, missing_payroll_months
from hr.metrics.kpi import KPI_YEARS, kpi_figures
from hr.metrics.suppression import PRIMARY
from hr.periods import Period
from hr.warehouse import query

if TYPE_CHECKING:
    from collections.abc import Hashable

    from hr.metrics.suppression import TableOf, TotalOf

SERIES_YEARS = 10  # year-end series (full-time/part-time, apprentices): at most the last ten
AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55-61", "62-66", "67+")
GENDERS = ("K", "M")
COMPETENCE_GROUPS = ("UFAGLAERT", "FAGARBEIDER", "HOYSKOLE")
PENSION_TYPES = ("AFP", "ALDER", "UFORE")
SICK_METRICS = ("sykefravaer_prosent", "sykefravaer_korttid_prosent", "sykefravaer_langtid_prosent")


def compute_medarbeidere(conn: Connection, kommunenummer: str, year: int, min_n: int) -> list[Figure]:
    """Every figure of the annual chapter for `year`, suppressed for privacy, with sick leave and kpi rows."""
    from hr.metrics.suppression import suppress
    from hr.metrics.sykefravaer import sykefravaer_series, target_figures

    own = suppress(workforce_figures(conn, kommunenummer, year, min_n), min_n, linked=LINKED_TABLES, together=_together)
    periods = [Period.parse(str(y)) for y in range(year - KPI_YEARS + 1, year + 1)]
    sick = [f for f in sykefravaer_series(conn, kommunenummer, periods, min_n) if _in_chapter(f, year)]
    sick += target_figures(conn, kommunenummer, Period.parse(str(year)))
    figures = own + sick
    return figures + kpi_figures(figures, year, municipality_targets(conn, kommunenummer))


# --- suppression across metrics (hr.metrics.suppression) -------------------------------------------------
# Only the sensitive families are suppressed (hr.metrics.suppression.is_sensitive); besides the area and
# gender tables, their figures add up across metrics and groups. Each entry is a sensitive table whose cells
# add up to a published figure (its value or its n): one suppressed cell alone in it would be that figure
# minus the others, so a second one goes (docs/personvern.md).


def _split(cells: tuple[str, ...], total: str) -> tuple[TableOf, TotalOf]:
    """Cells of one area and date whose values add up to `total` (minority men + women = the minority n)."""

    def table_of(f: Figure) -> Hashable | None:
        return (cells, f.period, f.omrade) if f.metric in cells and f.gruppe == "" else None

    def total_of(f: Figure) -> tuple[str, str, str, str]:
        return (total, f.period, f.omrade, "")

    return table_of, total_of


def _groups_of(metric: str, total_metric: str, part: int | None) -> tuple[TableOf, TotalOf]:
    """The cells of `metric` at Hele kommunen by gruppe (or by one part of an `a|b` gruppe), whose sum is
    `total_metric`'s figure for that part (or for gruppe "" when part is None)."""

    def label(f: Figure) -> str:
        return "" if part is None else f.gruppe.split("|")[part]

    def table_of(f: Figure) -> Hashable | None:
        if f.metric != metric or f.omrade != HELE_KOMMUNEN or not f.gruppe:
            return None
        return (metric, f.period, label(f))

    def total_of(f: Figure) -> tuple[str, str, str, str]:
        return (total_metric, f.period, HELE_KOMMUNEN, label(f))

    return table_of, total_of


LINKED_TABLES = [
    _split(("minoritet_menn", "minoritet_kvinner"), "minoritet_arsverk"),  # its n: persons with the background
    _groups_of("nye_pensjoner_leverandor", "nye_pensjoner", 0),  # disability pensions by provider: all of them
    _groups_of("lonn_kvinner_andel_av_menn_prosent", "lonn_kvinner_andel_av_menn_prosent", None),  # n by group
]

# Figures about the same persons (the same n) where one, with a published non-sensitive figure, gives the
# other away: the minority share x the area's årsverk (always published) = the minority's årsverk. One
# hidden, both hidden (the sensitive figure goes, never the årsverk).
_SAME_PERSONS = {"minoritet_arsverk": "minoritet", "minoritet_andel_prosent": "minoritet"}


def _together(f: Figure) -> tuple[str, str, str] | None:
    group = _SAME_PERSONS.get(f.metric)
    if group is None or f.gruppe:
        return None
    return (group, f.period, f.omrade)


def _in_chapter(f: Figure, year: int) -> bool:
    """Sick leave of the year and the year before in total and by area (the chapter compares the two);
    earlier years only as the total (for the kpi rows)."""
    if f.metric not in SICK_METRICS or f.gruppe != "":
        return False
    if f.period in (str(year), str(year - 1)):
        return True
    return f.metric == "sykefravaer_prosent" and f.omrade == HELE_KOMMUNEN


def workforce_figures(conn: Connection, kommunenummer: str, year: int, min_n: int = 0) -> list[Figure]:
    """The chapter's own figures (no sick leave, no kpi rows), before suppression (except pay by gender
    where a gender has fewer than `min_n` persons: the n published is the group's, so it is decided here)."""
    status = date(year, 12, 31)
    status_before = date(year - 1, 12, 31)
    out: list[Figure] = []
    out += workforce(conn, kommunenummer, status)
    out += age(conn, kommunenummer, status)
    out += full_and_part_time(conn, kommunenummer, status)
    for y in range(year - KPI_YEARS + 1, year + 1):
        out += turnover(conn, kommunenummer, y, by_area=y >= year - 1)
    out += recruitment(conn, kommunenummer, year - KPI_YEARS + 1, year)
    out += pensions(conn, kommunenummer, year)
    for d in (status_before, status):
        out += competence(conn, kommunenummer, d)
        out += immigrant_background(conn, kommunenummer, d)
    out += apprentices(conn, kommunenummer, status)
    if not missing_payroll_months(conn, kommunenummer, year):  # DEFINITIONS.md "Coverage": all twelve months
        out += pay_and_gender(conn, kommunenummer, year, min_n)
        out += payroll_cost(conn, kommunenummer, year)
    # the marts return rows in the engine's order; a fixed order makes the two engines' lists equal
    return sorted(out, key=lambda f: f.key)


# --- reading the marts ---------------------------------------------------------------------------------


def _records(conn: Connection, name: str, **params: Any) -> list[dict[str, Any]]:
    frame = query(conn, name, kommunenummer=params.pop("kommunenummer"), **params)
    return [{k: _clean(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]


def _clean(v: Any) -> Any:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def _exact(v: Any) -> Fraction:
    """An exact aggregate from SQL as a Fraction; a float here would mean a float sum slipped into a mart."""
    if v is None:
        return Fraction(0)
    if isinstance(v, float):
        raise TypeError("en mart returnerte et flyttall der en eksakt sum var ventet")
    if isinstance(v, Decimal):
        return Fraction(v)
    return Fraction(int(v))


def _share(part: Any, whole: Any, scale: int = 100) -> float | None:
    w = _exact(whole)
    return None if w == 0 else float(scale * _exact(part) / w)


def _arsverk(sum_pst: Any) -> float:
    return float(_exact(sum_pst) / 100)


def area_names(conn: Connection, kommunenummer: str, til: date) -> dict[str, str]:
    """Area code -> its name on the last day up to `til` on which it existed."""
    # the name row valid on `til` is the last name within the period (shared with the sick-leave report)
    rows = _records(conn, "marts/dim_omrade_navn.sql", kommunenummer=kommunenummer, til=til)
    return {r["omrade"]: r["navn"] for r in rows}


def _area(row: dict[str, Any], names: dict[str, str]) -> str | None:
    """The omrade label of a mart row: the total, an area's name, or None for lines without an area."""
    if int(row["er_total"]) == 1:
        return HELE_KOMMUNEN
    code: str | None = row["omrade"]
    if code is None:
        return None
    return names.get(code, code)


def _area_of(row: dict[str, Any], names: dict[str, str]) -> str:
    """The omrade label of a row of a mart in which every row is the total or an area's."""
    omrade = _area(row, names)
    assert omrade is not None, "a mart row with neither an area nor the total"
    return omrade


def municipality_targets(conn: Connection, kommunenummer: str) -> dict[tuple[int, str], float]:
    rows = _records(conn, "marts/fct_mal_kommune.sql", kommunenummer=kommunenummer)
    return {(int(r["aar"]), r["indikator"]): float(_exact(r["verdi"])) for r in rows}


# --- the sections ----------------------------------------------------------------------------------------


def workforce(conn: Connection, kommunenummer: str, status: date) -> list[Figure]:
    """DEFINITIONS.md "Workforce on the status date", total and by area."""
    names = area_names(conn, kommunenummer, status)
    period = status.isoformat()
    out = []
    for r in _records(conn, "marts/fct_arsverk_status.sql", kommunenummer=kommunenummer, dato=status):
        omrade = _area_of(r, names)
        fast, midl = _exact(r["sum_pst_fast"]), _exact(r["sum_pst_midlertidig"])
        n_fast, n_midl = int(r["personer_fast"]), int(r["personer_midlertidig"])
        n_maaned = int(r["personer_maanedslonnet"])
        out += [
            Figure("arsverk_fast", period, omrade, "", float(fast / 100), "arsverk", n_fast),
            Figure("personer_fast", period, omrade, "", n_fast, "personer", n_fast),
            Figure("arsverk_midlertidig", period, omrade, "", float(midl / 100), "arsverk", n_midl),
            Figure("personer_midlertidig", period, omrade, "", n_midl, "personer", n_midl),
            Figure("arsverk", period, omrade, "", float((fast + midl) / 100), "arsverk", n_maaned),
            Figure("personer_maanedslonnet", period, omrade, "", n_maaned, "personer", n_maaned),
            Figure(
                "timelonnede_personer",
                period,
                omrade,
                "",
                int(r["timelonnede_personer"]),
                "personer",
                int(r["timelonnede_personer"]),
            ),
            Figure(
                "personer_totalt", period, omrade, "", int(r["personer_totalt"]), "personer", int(r["personer_totalt"])
            ),
        ]
    return out


def age(conn: Connection, kommunenummer: str, status: date) -> list[Figure]:
    """DEFINITIONS.md "Age and gender": mean age (all, K, M) and årsverk by age band and gender."""
    rows = _records(conn, "marts/fct_alder_status.sql", kommunenummer=kommunenummer, dato=status)
    period = status.isoformat()
    out = []
    for gruppe, keep in (("", GENDERS), ("K", ("K",)), ("M", ("M",))):
        chosen = [r for r in rows if r["kjonn"] in keep]
        persons = sum(int(r["personer"]) for r in chosen)
        if persons:
            mean = float(sum(_exact(r["sum_alder"]) for r in chosen) / persons)
            out.append(Figure("gjennomsnittsalder", period, HELE_KOMMUNEN, gruppe, mean, "ar", persons))
    if not rows:
        return out
    by_cell = {(r["aldersgruppe"], r["kjonn"]): r for r in rows}
    for band in AGE_BANDS:
        for kjonn in GENDERS:
            r = by_cell.get((band, kjonn))
            arsverk = _arsverk(r["sum_pst"]) if r else 0.0
            out.append(
                Figure(
                    "arsverk_aldersgruppe",
                    period,
                    HELE_KOMMUNEN,
                    f"{band}|{kjonn}",
                    arsverk,
                    "arsverk",
                    int(r["personer"]) if r else 0,
                )
            )
    return out


def full_and_part_time(conn: Connection, kommunenummer: str, status: date) -> list[Figure]:
    """DEFINITIONS.md "Full-time and part-time" on every year-end of the last ten with MAANED employments."""
    rows = _records(
        conn,
        "marts/fct_heltid_status.sql",
        kommunenummer=kommunenummer,
        fra_dato=date(status.year - SERIES_YEARS + 1, 12, 31),
        dato=status,
    )
    by_date: dict[str, dict[str, dict[str, Any]]] = {}
    for r in rows:
        by_date.setdefault(str(r["status_dato"])[:10], {})[r["klasse"]] = r
    out = []
    for period, classes in sorted(by_date.items()):
        persons = sum(int(r["personer"]) for r in classes.values())
        count = {k: int(classes[k]["personer"]) if k in classes else 0 for k in ("HELTID", "80_99", "UNDER_80")}
        size_sum = sum(_exact(r["sum_storrelse"]) for r in classes.values())
        out += [
            Figure(
                "andel_heltid_prosent", period, HELE_KOMMUNEN, "", _share(count["HELTID"], persons), "prosent", persons
            ),
            Figure(
                "andel_80_99_prosent", period, HELE_KOMMUNEN, "", _share(count["80_99"], persons), "prosent", persons
            ),
            Figure(
                "andel_deltid_under_80_prosent",
                period,
                HELE_KOMMUNEN,
                "",
                _share(count["UNDER_80"], persons),
                "prosent",
                persons,
            ),
            Figure(
                "gjennomsnittlig_stillingsstorrelse",
                period,
                HELE_KOMMUNEN,
                "",
                float(size_sum / persons),
                "prosent",
                persons,
            ),
        ]
    return out


def turnover(conn: Connection, kommunenummer: str, year: int, by_area: bool) -> list[Figure]:
    """DEFINITIONS.md "Turnover for year Y": turnover_prosent and avganger by sluttarsak (total; by area if asked)."""
    rows = _records(
        conn,
        "marts/fct_turnover.sql",
        kommunenummer=kommunenummer,
        fra_dato=date(year, 1, 1),
        til_dato=date(year, 12, 31),
    )
    if not rows:
        return []
    period = str(year)
    names = area_names(conn, kommunenummer, date(year, 12, 31))
    groups: dict[str, list[dict[str, Any]]] = {HELE_KOMMUNEN: rows}
    if by_area:
        for r in rows:
            groups.setdefault(names.get(r["omrade"], r["omrade"]), []).append(r)
    out = []
    for omrade, members in groups.items():
        base = sum(int(r["personer"]) for r in members)
        leavers = sum(int(r["personer"]) for r in members if r["status"] != "BLIR")
        out.append(Figure("turnover_prosent", period, omrade, "", _share(leavers, base), "prosent", base))
        if not by_area:
            continue
        out.append(Figure("avganger", period, omrade, "", leavers, "personer", leavers))
        if omrade == HELE_KOMMUNEN:
            reasons: dict[str, int] = {}
            for r in members:
                if r["status"] != "BLIR":
                    reasons[r["status"]] = reasons.get(r["status"], 0) + int(r["personer"])
            out += [
                Figure("avganger", period, omrade, reason, k, "personer", k) for reason, k in sorted(reasons.items())
            ]
    return out


def recruitment(conn: Connection, kommunenummer: str, first_year: int, year: int) -> list[Figure]:
    """DEFINITIONS.md "Recruitment": postings are not persons, so these figures carry no n."""
    out = []
    for r in _records(
        conn, "marts/fct_rekruttering.sql", kommunenummer=kommunenummer, fra_aar=first_year, til_aar=year
    ):
        period = str(int(r["aar"]))
        out.append(Figure("utlyste_stillinger", period, HELE_KOMMUNEN, "", int(r["stillinger"]), "antall"))
        out.append(
            Figure("sokere_per_stilling", period, HELE_KOMMUNEN, "", _share(r["sokere"], r["stillinger"], 1), "antall")
        )
    return out


def pensions(conn: Connection, kommunenummer: str, year: int) -> list[Figure]:
    """DEFINITIONS.md "Pensions": by type (and graded) for every delivered year up to `year` (0 included);
    by provider for the year. A year no provider delivered has no figures (DEFINITIONS.md "Coverage"); the
    ingest sets aside a pension whose uttaksdato is outside its file's year, so none is lost here."""
    rows = _records(conn, "marts/fct_pensjon.sql", kommunenummer=kommunenummer, til_aar=year)
    out = []
    for pension_year in sorted(y for y in delivered_pension_years(conn, kommunenummer) if y <= year):
        in_year = [r for r in rows if int(r["aar"]) == pension_year]
        for typ in PENSION_TYPES:
            of_type = [r for r in in_year if r["pensjonstype"] == typ]
            total = sum(int(r["antall"]) for r in of_type)
            graded = sum(int(r["antall_gradert"]) for r in of_type)
            out.append(Figure("nye_pensjoner", str(pension_year), HELE_KOMMUNEN, typ, total, "antall", total))
            out.append(
                Figure("nye_pensjoner", str(pension_year), HELE_KOMMUNEN, f"{typ}|gradert", graded, "antall", graded)
            )
        if pension_year != year:
            continue
        for leverandor in sorted({r["leverandor"] for r in in_year}):
            for typ in PENSION_TYPES:
                k = sum(int(r["antall"]) for r in in_year if r["pensjonstype"] == typ and r["leverandor"] == leverandor)
                out.append(
                    Figure(
                        "nye_pensjoner_leverandor",
                        str(pension_year),
                        HELE_KOMMUNEN,
                        f"{typ}|{leverandor}",
                        k,
                        "antall",
                        k,
                    )
                )
    return out


def competence(conn: Connection, kommunenummer: str, status: date) -> list[Figure]:
    """DEFINITIONS.md "Competence": shares of MAANED årsverk by kompetansegruppe, total and by area."""
    names = area_names(conn, kommunenummer, status)
    period = status.isoformat()
    rows = _records(conn, "marts/fct_kompetanse_status.sql", kommunenummer=kommunenummer, dato=status)
    cells: dict[str, dict[str | None, dict[str, Any]]] = {}
    for r in rows:
        gruppe = None if int(r["alle_grupper"]) == 1 else r["kompetansegruppe"]
        cells.setdefault(_area_of(r, names), {})[gruppe] = r
    out = []
    for omrade, groups in cells.items():
        whole = groups[None]
        n = int(whole["personer"])
        part = {g: (groups[g]["sum_pst"] if g in groups else 0) for g in COMPETENCE_GROUPS}
        for g in COMPETENCE_GROUPS:
            out.append(
                Figure("kompetanse_andel_prosent", period, omrade, g, _share(part[g], whole["sum_pst"]), "prosent", n)
            )
        skilled = _exact(part["FAGARBEIDER"]) + _exact(part["HOYSKOLE"])
        out.append(
            Figure("andel_faglaerte_prosent", period, omrade, "", _share(skilled, whole["sum_pst"]), "prosent", n)
        )
    return out


def apprentices(conn: Connection, kommunenummer: str, status: date) -> list[Figure]:
    """DEFINITIONS.md "Competence": apprentices on every year-end of the last ten, and per 1000 inhabitants."""
    rows = _records(
        conn,
        "marts/fct_laerlinger.sql",
        kommunenummer=kommunenummer,
        fra_dato=date(status.year - SERIES_YEARS + 1, 12, 31),
        dato=status,
    )
    population = {
        int(r["aar"]): int(r["innbyggere"])
        for r in _records(conn, "marts/ref_innbyggere.sql", kommunenummer=kommunenummer)
    }
    out = []
    for r in rows:
        period = str(r["status_dato"])[:10]
        y = int(period[:4])
        k = int(r["laerlinger"])
        out.append(Figure("laerlinger", period, HELE_KOMMUNEN, "", k, "personer", k))
        # 1 January of the next year is the status date's morrow; the year's own count is the fallback
        inhabitants = population.get(y + 1, population.get(y))
        if inhabitants:
            out.append(
                Figure(
                    "laerlinger_per_1000_innbyggere",
                    period,
                    HELE_KOMMUNEN,
                    "",
                    _share(k, inhabitants, 1000),
                    "antall",
                    k,
                )
            )
    return out


def immigrant_background(conn: Connection, kommunenummer: str, status: date) -> list[Figure]:
    """DEFINITIONS.md "Immigrant background", total and by area."""
    names = area_names(conn, kommunenummer, status)
    period = status.isoformat()
    out = []
    for r in _records(conn, "marts/fct_minoritet_status.sql", kommunenummer=kommunenummer, dato=status):
        omrade = _area_of(r, names)
        n_min = int(r["personer_minoritet"])
        menn, kvinner, ledere = int(r["menn"]), int(r["kvinner"]), int(r["ledere"])
        out += [
            Figure("minoritet_arsverk", period, omrade, "", _arsverk(r["sum_pst_minoritet"]), "arsverk", n_min),
            Figure("minoritet_menn", period, omrade, "", menn, "personer", menn),
            Figure("minoritet_kvinner", period, omrade, "", kvinner, "personer", kvinner),
            Figure(
                "minoritet_andel_prosent",
                period,
                omrade,
                "",
                _share(r["sum_pst_minoritet"], r["sum_pst"]),
                "prosent",
                n_min,
            ),
        ]
        if ledere:
            # n: the leaders with the background, as the other shares' n are the persons with it. A share x
            # its n is their number, so "Small numbers" hides a share that would give away fewer than min_n
            # (the leaders are few: an area's 17 leaders at 5.9 % is one person)
            ledere_minoritet = int(r["ledere_minoritet"])
            out.append(
                Figure(
                    "minoritet_andel_ledere_prosent",
                    period,
                    omrade,
                    "",
                    _share(ledere_minoritet, ledere),
                    "prosent",
                    ledere_minoritet,
                )
            )
    return out


def pay_and_gender(conn: Connection, kommunenummer: str, year: int, min_n: int = 0) -> list[Figure]:
    """DEFINITIONS.md "Pay and gender (ARP)": women's mean monthly full-time pay as a share of men's;
    suppressed (DEFINITIONS.md "Small numbers") where either gender has fewer than `min_n` persons."""
    rows = _records(conn, "marts/fct_lonn_kjonn.sql", kommunenummer=kommunenummer, aar=year)
    detail = [r for r in rows if int(r["alle_kjonn"]) == 0 and int(r["alle_stillingsprosent"]) == 0]
    persons = {
        ("" if int(r["alle_grupper"]) == 1 else r["kompetansegruppe"]): int(r["personer"])
        for r in rows
        if int(r["alle_kjonn"]) == 1
    }
    by_gender = {
        (r["kjonn"], "" if int(r["alle_grupper"]) == 1 else r["kompetansegruppe"]): int(r["personer"])
        for r in rows
        if int(r["alle_kjonn"]) == 0 and int(r["alle_stillingsprosent"]) == 1
    }
    groups = [""] + sorted({r["kompetansegruppe"] for r in detail if r["kompetansegruppe"] is not None})
    out = []
    for gruppe in groups:
        mean = {}
        for kjonn in GENDERS:
            cell = [r for r in detail if r["kjonn"] == kjonn and (gruppe == "" or r["kompetansegruppe"] == gruppe)]
            months = sum(int(r["maaneder"]) for r in cell)
            if months:
                # Σ belop/(p/100) over months with the same p is Σbelop * 100 / p: exact
                mean[kjonn] = sum(_exact(r["sum_belop"]) * 100 / _exact(r["stillingsprosent"]) for r in cell) / months
        if len(mean) == 2 and mean["M"] != 0:
            f = Figure(
                "lonn_kvinner_andel_av_menn_prosent",
                str(year),
                HELE_KOMMUNEN,
                gruppe,
                float(100 * mean["K"] / mean["M"]),
                "prosent",
                persons.get(gruppe),
            )
            few = min(by_gender.get((k, gruppe), 0) for k in GENDERS) < min_n
            out.append(replace(f.suppressed(), regel=PRIMARY) if few else f)
    return out


def payroll_cost(conn: Connection, kommunenummer: str, year: int) -> list[Figure]:
    """DEFINITIONS.md "Pay and gender": lonnskostnad_kroner, total and by area (area on the 15th)."""
    names = area_names(conn, kommunenummer, date(year, 12, 31))
    out = []
    for r in _records(conn, "marts/fct_lonnskostnad.sql", kommunenummer=kommunenummer, aar=year):
        omrade = _area(r, names)
        if omrade is None:
            continue
        out.append(
            Figure(
                "lonnskostnad_kroner",
                str(year),
                omrade,
                "",
                float(_exact(r["sum_belop"])),
                "kroner",
                int(r["personer"]),
            )
        )
    return out
