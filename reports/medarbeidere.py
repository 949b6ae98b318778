"""The annual "Medarbeidere" chapter's content, built from the figures alone.

Sections follow the annual analysis a municipality publishes: the workforce on 31 December, age and
gender, recruitment and turnover, pensions, competence, sick leave, full-time and part-time, immigrant
background, pay and gender, and the long-term indicators. A section whose figures are missing is left out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from hr.errors import NothingToReport, UsageError
from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.coverage import covers, payroll_missing_sentence, pension_missing_sentence
from hr.metrics.medarbeidere import AGE_BANDS, COMPETENCE_GROUPS
from hr.metrics.targets import judge
from hr.periods import Period
from reports import charts, omorganisering
from reports import format as fmt
from reports.labels import COMPETENCE_NAMES, METRIC_LABELS
from reports.tables import (
    INGEN_DATA,
    FigureIndex,
    Row,
    Table,
    cell,
    change_cell,
    coverage_sentence,
    shown,
    suppression_footnotes,
    target_cells,
    unit_cell,
    value_or_none,
)

if TYPE_CHECKING:
    from reports.render import ReportMeta

AGE_LABELS = {"<25": "Under 25", "67+": "67 og over"}
PENSION_TYPES = {"AFP": "AFP", "ALDER": "Alderspensjon", "UFORE": "Uførepensjon"}
PROVIDERS = ("KLP", "SPK", "BKP")
COMPETENCE = {g: COMPETENCE_NAMES[g] for g in COMPETENCE_GROUPS}
PAY_GROUPS = {**COMPETENCE, "LAERLING": "Lærlinger"}
LEAVING_REASONS = {
    "OPPSIGELSE": "Sa opp selv / oppsigelse",
    "PENSJON": "Pensjon",
    "UFORE": "Uførhet",
    "DOD": "Dødsfall",
    "ANNET": "Annet",
    "UKJENT": "Ukjent",
}
KPI_NAMES = {
    m: METRIC_LABELS[m]
    for m in ("sykefravaer_prosent", "andel_deltid_under_80_prosent", "sokere_per_stilling", "turnover_prosent")
}
KPI_DIRECTION = {-1: "Ned", 1: "Opp", 0: "Nådd"}
APPRENTICE_GUIDE = Decimal(2)  # KS: two apprentices per 1 000 inhabitants (from 2018)


def _is_percent(f: Figure | None) -> bool:
    return f is not None and f.enhet == "prosent"


class Chapter:
    """Look-ups for one year's chapter: the status date (31.12) and the year as periods."""

    def __init__(self, figures: list[Figure], year: int, min_n: int):
        self.ix = FigureIndex(figures)
        self.year = year
        self.min_n = min_n
        self.status = f"{year}-12-31"
        self.status_before = f"{year - 1}-12-31"
        self.y = str(year)
        self.y0 = str(year - 1)
        self.status_label = fmt.dato(date(year, 12, 31))
        self.status_before_label = fmt.dato(date(year - 1, 12, 31))
        # From the report's metadata (build_context); None: not known (report tests), nothing said about them.
        self.fravaer_fra: date | None = None
        self.payroll_missing: list[int] | None = None
        self.pension_years: set[int] | None = None

    def get(self, metric: str, period: str, omrade: str = HELE_KOMMUNEN, gruppe: str = "") -> Figure | None:
        return self.ix.get(metric, period, omrade, gruppe)

    def areas(self, metric: str, period: str) -> list[str]:
        return self.ix.areas(metric, period)

    def years_with(self, metric: str, gruppe: str = "", omrade: str = HELE_KOMMUNEN) -> list[str]:
        """Periods (years or year-ends) up to this chapter's year that have the figure, oldest first."""
        return sorted(
            f.period
            for f in self.ix.figures
            if f.metric == metric and f.omrade == omrade and f.gruppe == gruppe and int(f.period[:4]) <= self.year
        )


# ---------------------------------------------------------------- sections


def workforce(c: Chapter) -> dict | None:
    if c.get("arsverk", c.status) is None and c.get("personer_totalt", c.status) is None:
        return None
    rows = [
        Row(label, [unit_cell(c.get(metric, c.status))])
        for label, metric in (
            ("Årsverk, faste", "arsverk_fast"),
            ("Personer, faste", "personer_fast"),
            ("Årsverk, midlertidige", "arsverk_midlertidig"),
            ("Personer, midlertidige", "personer_midlertidig"),
            ("Årsverk i alt (månedslønnede)", "arsverk"),
            ("Personer med månedslønn", "personer_maanedslonnet"),
            ("Timelønnede (bare timelønn)", "timelonnede_personer"),
            ("Personer i alt", "personer_totalt"),
        )
        if c.get(metric, c.status) is not None
    ]
    key_table = Table(f"Ansatte per {c.status_label}", ["Gruppe", "Antall"], rows).finish(c.min_n)
    if c.get("personer_fast", c.status) is not None and c.get("personer_midlertidig", c.status) is not None:
        key_table.notes.append(
            "En person kan ha både en fast og en midlertidig stilling og telles da i begge "
            "gruppene, men bare én gang blant personene med månedslønn."
        )
    areas = c.areas("arsverk", c.status)
    area_table = None
    chart = None
    if areas:
        area_table = Table(
            f"Årsverk per område per {c.status_label}",
            ["Område", "Faste", "Midlertidige", "I alt"],
            [
                Row(
                    o,
                    [
                        unit_cell(c.get("arsverk_fast", c.status, o)),
                        unit_cell(c.get("arsverk_midlertidig", c.status, o)),
                        unit_cell(c.get("arsverk", c.status, o)),
                    ],
                    total=o == HELE_KOMMUNEN,
                )
                for o in [HELE_KOMMUNEN] + areas
            ],
        ).finish(c.min_n)
        values = [value_or_none(c.get("arsverk", c.status, o)) for o in areas]
        chart = (
            charts.hbar_chart(
                areas,
                values,
                description=f"Årsverk per område per {c.status_label}.",
                caption=f"Årsverk (faste og midlertidige, månedslønnede) per område per {c.status_label}.",
                value_fmt=lambda v: fmt.tall(v, 0),
                axis_fmt=charts.axis_tall,
            )
            if charts.has_values(values)
            else None
        )
    sentences = []
    af, am, a = (shown(c.get(m, c.status), 0) for m in ("arsverk_fast", "arsverk_midlertidig", "arsverk"))
    if af is not None and am is not None and a is not None:
        text = f"Per {c.status_label} hadde kommunen {fmt.tall(af)} faste og {fmt.tall(am)} midlertidige årsverk"
        sentences.append(text + (f", til sammen {fmt.tall(a)} årsverk." if af + am == a else "."))
    pm, pt, tot = (
        shown(c.get(m, c.status), 0) for m in ("personer_maanedslonnet", "timelonnede_personer", "personer_totalt")
    )
    if pm is not None and pt is not None and tot is not None and pm + pt == tot:
        # a "til sammen" only where its parts add up: persons with both a fixed and a temporary post are
        # one person, so faste + midlertidige persons do not
        sentences.append(
            f"Til sammen {fmt.tall(tot)} personer hadde et arbeidsforhold i kommunen: {fmt.tall(pm)} "
            f"med månedslønn (faste og midlertidige) og {fmt.tall(pt)} med bare timelønn."
        )
    elif tot is not None:
        sentences.append(f"I alt {fmt.tall(tot)} personer hadde et arbeidsforhold i kommunen.")
    return {"sentences": sentences, "key_table": key_table, "area_table": area_table, "chart": chart}


def age(c: Chapter) -> dict | None:
    women = [c.get("arsverk_aldersgruppe", c.status, HELE_KOMMUNEN, f"{b}|K") for b in AGE_BANDS]
    men = [c.get("arsverk_aldersgruppe", c.status, HELE_KOMMUNEN, f"{b}|M") for b in AGE_BANDS]
    mean = {g: c.get("gjennomsnittsalder", c.status, HELE_KOMMUNEN, g) for g in ("", "K", "M")}
    if not any(women + men) and not any(mean.values()):
        return None
    labels = [AGE_LABELS.get(b, b.replace("-", "–")) for b in AGE_BANDS]
    chart = None
    if charts.has_values([value_or_none(f) for f in women + men]):
        chart = charts.pyramid_chart(
            labels,
            [value_or_none(f) for f in women],
            [value_or_none(f) for f in men],
            description=f"Årsverk etter aldersgruppe og kjønn per {c.status_label}.",
            caption=f"Årsverk etter alder og kjønn per {c.status_label}: menn til venstre, kvinner til høyre.",
        )
    sentences = []
    a, k, m = (shown(mean[g]) for g in ("", "K", "M"))
    if a is not None:
        text = f"Gjennomsnittsalderen var {fmt.tall(a, 1)} år."
        if k is not None and m is not None:
            text += f" Kvinnene var i snitt {fmt.tall(k, 1)} år og mennene {fmt.tall(m, 1)} år."
        sentences.append(text)
    # A one-row table that repeats the sentence is clutter: it is shown only where the sentence cannot say
    # all three means (one is hidden or missing, and the table marks which).
    table = (
        None
        if a is not None and k is not None and m is not None
        else Table(
            f"Gjennomsnittsalder per {c.status_label} (personer med månedslønn)",
            ["Gjennomsnitt", "Alle", "Kvinner", "Menn"],
            [Row("Alder, år", [unit_cell(mean[g]) for g in ("", "K", "M")])],
        ).finish(c.min_n)
    )
    return {"sentences": sentences, "chart": chart, "table": table}


def recruitment(c: Chapter) -> dict | None:
    areas = c.areas("turnover_prosent", c.y)
    if c.get("turnover_prosent", c.y) is None and not c.years_with("sokere_per_stilling"):
        return None
    turnover = Table(
        f"Turnover per område, {c.y0} og {c.y}",
        ["Område", c.y, c.y0, "Endring (prosentpoeng)"],
        [
            Row(
                o,
                [
                    unit_cell(c.get("turnover_prosent", c.y, o)),
                    unit_cell(c.get("turnover_prosent", c.y0, o)),
                    change_cell(c.get("turnover_prosent", c.y0, o), c.get("turnover_prosent", c.y, o)),
                ],
                total=o == HELE_KOMMUNEN,
            )
            for o in [HELE_KOMMUNEN] + areas
        ],
    ).finish(c.min_n)
    reasons = c.ix.groups("avganger", c.y)
    leavers = None
    if reasons:
        leavers = Table(
            f"Avganger i {c.y} etter årsak (faste ansatte som sluttet i kommunen)",
            ["Årsak", "Personer"],
            [
                Row(LEAVING_REASONS.get(r, r.title()), [unit_cell(c.get("avganger", c.y, HELE_KOMMUNEN, r))])
                for r in reasons
            ]
            + ([Row("I alt", [unit_cell(c.get("avganger", c.y))], total=True)] if c.get("avganger", c.y) else []),
        ).finish(c.min_n)
    years = c.years_with("sokere_per_stilling")[-5:]
    applicants = None
    if years:
        applicants = Table(
            "Utlyste stillinger og søkere per stilling",
            ["År"] + years,
            [
                Row("Utlyste stillinger", [unit_cell(c.get("utlyste_stillinger", y)) for y in years]),
                Row("Søkere per stilling", [cell(c.get("sokere_per_stilling", y), "tall", 0) for y in years]),
            ],
        ).finish(c.min_n)
    sentences = []
    t, t0 = shown(c.get("turnover_prosent", c.y)), shown(c.get("turnover_prosent", c.y0))
    if t is not None:
        text = f"Turnover for hele kommunen var {fmt.prosent(t)} i {c.y}"
        text += f", mot {fmt.prosent(t0)} i {c.y0}" if t0 is not None else ""
        # the target's verdict as the indicators table has it (kpi_maal_retning 0: reached), so the main
        # points judge more than sick leave (the council reading of 6 Dec)
        target = c.get("kpi_mal", c.y, HELE_KOMMUNEN, "turnover_prosent")
        way = shown(c.get("kpi_maal_retning", c.y, HELE_KOMMUNEN, "turnover_prosent"), 0)
        if target is not None and target.verdi is not None and way is not None:
            text += f"; målet på {fmt.prosent(target.verdi)} er {'nådd' if int(way) == 0 else 'ikke nådd'}"
        sentences.append(text + ".")
    s, s0 = shown(c.get("sokere_per_stilling", c.y), 0), shown(c.get("sokere_per_stilling", c.y0), 0)
    if s is not None:
        text = f"I {c.y} var det i snitt {fmt.tall(s)} søkere per utlyst stilling"
        text += f" (året før {fmt.tall(s0)})." if s0 is not None else "."
        sentences.append(text)
    return {
        "sentences": sentences,
        "turnover": turnover if areas or c.get("turnover_prosent", c.y) else None,
        "leavers": leavers,
        "applicants": applicants,
    }


PENSION_CHART_YEARS = 8  # three bars a year: more years leave no room for the bars' labels


def pensions(c: Chapter) -> dict | None:
    years = sorted({y for typ in PENSION_TYPES for y in c.years_with("nye_pensjoner", typ)})[-PENSION_CHART_YEARS:]
    delivered, missing = getattr(c, "pension_years", None), []
    if delivered is not None:
        # DEFINITIONS.md "Coverage": a year no provider delivered is a gap in the chart and said, never 0
        first = max(min([int(y) for y in years] + [c.year]), c.year - PENSION_CHART_YEARS + 1)
        missing = [y for y in range(first, c.year + 1) if y not in delivered]
        years = [str(y) for y in range(first, c.year + 1)] if years else []
    sentences = [pension_missing_sentence(missing)] if missing else []
    if not years:
        return {"sentences": sentences, "chart": None, "table": None} if sentences else None
    series = [
        charts.Series(name, [value_or_none(c.get("nye_pensjoner", y, HELE_KOMMUNEN, typ)) for y in years])
        for typ, name in PENSION_TYPES.items()
    ]
    chart = (
        charts.grouped_bar_chart(
            years,
            series,
            description=f"Nye pensjoner per år etter type, {years[0]}–{years[-1]}.",
            caption="Nye pensjoner per år etter type (alle pensjonsleverandører).",
            value_fmt=lambda v: fmt.tall(v, 0),
            axis_fmt=charts.axis_tall,
            no_data=[str(y) for y in missing],
        )
        if charts.has_values(*(s.values for s in series))
        else None
    )
    rows = []
    for typ, name in PENSION_TYPES.items():
        total = c.get("nye_pensjoner", c.y, HELE_KOMMUNEN, typ)
        if total is None:
            continue
        rows.append(
            Row(
                name,
                [unit_cell(c.get("nye_pensjoner_leverandor", c.y, HELE_KOMMUNEN, f"{typ}|{p}")) for p in PROVIDERS]
                + [unit_cell(c.get("nye_pensjoner", c.y, HELE_KOMMUNEN, f"{typ}|gradert")), unit_cell(total)],
            )
        )
    table = (
        Table(
            f"Nye pensjoner i {c.y} etter type og leverandør",
            ["Type"] + list(PROVIDERS) + ["Av dem gradert", "I alt"],
            rows,
        ).finish(c.min_n)
        if rows
        else None
    )
    return {"sentences": sentences, "chart": chart, "table": table}


def competence(c: Chapter) -> dict | None:
    shares = {g: c.get("kompetanse_andel_prosent", c.status, HELE_KOMMUNEN, g) for g in COMPETENCE}
    areas = c.areas("andel_faglaerte_prosent", c.status)
    apprentice_years = c.years_with("laerlinger")[-6:]
    if not any(shares.values()) and not areas and not apprentice_years:
        return None
    sentences = []
    u, f_, h = (shown(shares[g]) for g in COMPETENCE)
    if u is not None and f_ is not None and h is not None:
        sentences.append(
            # the position's requirement (its stillingskode), not the person's own education; faglærte are both
            # of the last two groups (DEFINITIONS «Kompetanse»)
            f"Etter stillingenes krav var {fmt.prosent(u)} av årsverkene ufaglærte, {fmt.prosent(f_)} fagarbeidere og "
            f"{fmt.prosent(h)} med krav om høyskole eller universitet; de to siste er faglærte."
        )
    share_table = Table(
        f"Kompetanse per {c.status_label}, andel av årsverk",
        ["Område"] + list(COMPETENCE.values()) + ["Faglærte"],
        [
            Row(
                o,
                [unit_cell(c.get("kompetanse_andel_prosent", c.status, o, g)) for g in COMPETENCE]
                + [unit_cell(c.get("andel_faglaerte_prosent", c.status, o))],
                total=o == HELE_KOMMUNEN,
            )
            for o in [HELE_KOMMUNEN] + areas
        ],
    ).finish(c.min_n)
    if not any(c.get("kompetanse_andel_prosent", c.status, o, g) for o in areas for g in COMPETENCE):
        share_table = Table(
            share_table.caption.replace("Kompetanse", "Andel faglærte"),
            ["Område", c.status_label, c.status_before_label, "Endring (prosentpoeng)"],
            [
                Row(
                    o,
                    [
                        unit_cell(c.get("andel_faglaerte_prosent", c.status, o)),
                        unit_cell(c.get("andel_faglaerte_prosent", c.status_before, o)),
                        change_cell(
                            c.get("andel_faglaerte_prosent", c.status_before, o),
                            c.get("andel_faglaerte_prosent", c.status, o),
                        ),
                    ],
                    total=o == HELE_KOMMUNEN,
                )
                for o in [HELE_KOMMUNEN] + areas
            ],
        ).finish(c.min_n)
        if any(shares.values()):
            share_table.notes.insert(
                0,
                "Fordelingen for hele kommunen: "
                + ", ".join(f"{name.lower()} {unit_cell(shares[g])}" for g, name in COMPETENCE.items())
                + ".",
            )
    apprentices = None
    if apprentice_years:
        apprentices = Table(
            "Lærlinger per 31.12",
            ["År"] + [y[:4] for y in apprentice_years],
            [
                Row("Lærlinger", [unit_cell(c.get("laerlinger", y)) for y in apprentice_years]),
                Row(
                    "Per 1 000 innbyggere",
                    [cell(c.get("laerlinger_per_1000_innbyggere", y), "tall", 2) for y in apprentice_years],
                ),
            ],
        ).finish(c.min_n)
        per = shown(c.get("laerlinger_per_1000_innbyggere", c.status), 2)
        k = shown(c.get("laerlinger", c.status), 0)
        if k is not None and per is not None:
            verdict = "under" if per < APPRENTICE_GUIDE else "på eller over"
            sentences.append(
                f"Kommunen hadde {fmt.tall(k)} lærlinger per {c.status_label}, det vil si "
                f"{fmt.tall(per, 2)} per 1 000 innbyggere. Det er {verdict} KS' anbefaling om "
                f"{fmt.tall(APPRENTICE_GUIDE)} lærlinger per 1 000 innbyggere."
            )
    return {"sentences": sentences, "share_table": share_table, "apprentices": apprentices}


def sick_leave(c: Chapter) -> dict | None:
    start = getattr(c, "fravaer_fra", None)
    if c.get("sykefravaer_prosent", c.y) is None:
        if not covers(start, Period.parse(c.y)):  # a year before the register: said, never shown as 0 %
            return {
                "sentences": [f"Kapitlet har ingen sykefraværstall for {c.y}. " + coverage_sentence(start)],
                "table": None,
            }
        return None
    before = not covers(start, Period.parse(c.y0))
    areas = c.areas("sykefravaer_prosent", c.y)
    rows, marked = [], False
    for o in [HELE_KOMMUNEN] + areas:
        j = judge(c.get, "sykefravaer_prosent", c.y, o)
        target_text, met = target_cells(j, c.get("sykefravaer_prosent", c.y, o))
        marked |= j.target is not None and not j.target.own
        rows.append(
            Row(
                o,
                [
                    unit_cell(c.get("sykefravaer_prosent", c.y, o)),
                    INGEN_DATA if before else unit_cell(c.get("sykefravaer_prosent", c.y0, o)),
                    INGEN_DATA
                    if before
                    else change_cell(c.get("sykefravaer_prosent", c.y0, o), c.get("sykefravaer_prosent", c.y, o)),
                    unit_cell(c.get("sykefravaer_korttid_prosent", c.y, o)),
                    unit_cell(c.get("sykefravaer_langtid_prosent", c.y, o)),
                    target_text,
                    met,
                ],
                total=o == HELE_KOMMUNEN,
            )
        )
    table = Table(
        f"Sykefravær per område, {c.y}",
        ["Område", c.y, c.y0, "Endring (prosent­poeng)", "Korttid", "Langtid", "Mål", "Mål nådd"],
        rows,
    )
    if marked:
        table.notes.append("* Området har ikke eget mål og sammenlignes med kommunens mål.")
    table.finish(c.min_n)
    sentences = []
    v, v0 = shown(c.get("sykefravaer_prosent", c.y)), shown(c.get("sykefravaer_prosent", c.y0))
    j = judge(c.get, "sykefravaer_prosent", c.y, HELE_KOMMUNEN)
    if v is not None:
        if v0 is None:
            text = f"Sykefraværet var {fmt.prosent(v)} i {c.y}."
            if before:
                text += " " + coverage_sentence(start)
        elif v == v0:
            text = f"Sykefraværet var {fmt.prosent(v)} i {c.y}, det samme som i {c.y0}."
        else:
            text = (
                f"Sykefraværet gikk {'ned' if v < v0 else 'opp'} fra {fmt.prosent(v0)} i {c.y0} til "
                f"{fmt.prosent(v)} i {c.y}."
            )
        if j.met is not None and j.target is not None:  # met is None without a target
            text += f" Målet på {fmt.prosent(j.target.value)} er {'nådd' if j.met else 'ikke nådd'}."
        sentences.append(text)
        k, lang = shown(c.get("sykefravaer_korttid_prosent", c.y)), shown(c.get("sykefravaer_langtid_prosent", c.y))
        if k is not None and lang is not None:
            sentences.append(f"Korttidsfraværet var {fmt.prosent(k)} og langtidsfraværet {fmt.prosent(lang)}.")
    return {"sentences": sentences, "table": table}


def full_time(c: Chapter) -> dict | None:
    years = c.years_with("andel_heltid_prosent")
    if not years:
        return None
    parts = (
        ("Heltid (100 %)", "andel_heltid_prosent"),
        ("80–99 %", "andel_80_99_prosent"),
        ("Under 80 %", "andel_deltid_under_80_prosent"),
    )
    labels = [y[:4] for y in years]
    series = [charts.Series(name, [value_or_none(c.get(m, y)) for y in years]) for name, m in parts]
    # lines, not bars: ten years of three shares as bars leave no room for their labels
    chart = (
        charts.line_chart(
            labels,
            series,
            description="Andel av personene med månedslønn etter samlet stillingsstørrelse per 31.12.",
            caption="Heltid og deltid per 31.12: andel personer med 100 %, 80–99 % og under 80 % stilling.",
        )
        if charts.has_values(*(s.values for s in series)) and len(years) >= 2
        else None
    )
    table = Table(
        "Heltid og deltid per 31.12 (andel av personer med månedslønn)",
        ["År"] + labels,
        [Row(name, [unit_cell(c.get(m, y)) for y in years]) for name, m in parts]
        + [
            Row(
                "Gjennomsnittlig stillingsstørrelse",
                [unit_cell(c.get("gjennomsnittlig_stillingsstorrelse", y)) for y in years],
            )
        ],
    ).finish(c.min_n)
    sentences = []
    h = shown(c.get("andel_heltid_prosent", c.status))
    h0 = shown(c.get("andel_heltid_prosent", c.status_before))
    if h is not None:
        text = f"Per {c.status_label} hadde {fmt.prosent(h)} av de månedslønnede heltidsstilling"
        text += f" (året før {fmt.prosent(h0)})." if h0 is not None else "."
        sentences.append(text)
    return {"sentences": sentences, "chart": chart, "table": table}


def minority(c: Chapter) -> dict | None:
    areas = c.areas("minoritet_arsverk", c.status)
    if c.get("minoritet_arsverk", c.status) is None and not areas:
        return None
    cols = []
    for year in (c.year, c.year - 1):  # the caption gives the dates (31.12.); short headers fit a screen
        cols += [f"Årsverk {year}", f"Menn {year}", f"Kvinner {year}", f"Andel {year}"]
    rows = []
    for o in [HELE_KOMMUNEN] + areas:  # the whole municipality first, as in the other tables
        cells = []
        for period in (c.status, c.status_before):
            cells += [
                unit_cell(c.get("minoritet_arsverk", period, o)),
                unit_cell(c.get("minoritet_menn", period, o)),
                unit_cell(c.get("minoritet_kvinner", period, o)),
                unit_cell(c.get("minoritet_andel_prosent", period, o)),
            ]
        rows.append(Row(o, cells, total=o == HELE_KOMMUNEN))
    table = Table(
        f"Ansatte som er innvandrere, per område, {c.status_label} og {c.status_before_label}",
        ["Område"] + cols,
        rows,
        notes=["Årsverk og andel (av områdets årsverk) er regnet i årsverk; menn og kvinner er antall personer."],
    ).finish(c.min_n)
    sentences = []
    a, a0 = shown(c.get("minoritet_andel_prosent", c.status)), shown(c.get("minoritet_andel_prosent", c.status_before))
    if a is not None:
        text = f"Per {c.status_label} sto ansatte som er innvandrere, for {fmt.prosent(a)} av årsverkene"
        text += f", mot {fmt.prosent(a0)} året før." if a0 is not None else "."
        sentences.append(text)
    ledere = shown(c.get("minoritet_andel_ledere_prosent", c.status))
    ledere0 = shown(c.get("minoritet_andel_ledere_prosent", c.status_before))
    if ledere is not None:
        before = f", mot {fmt.prosent(ledere0)} året før" if ledere0 is not None else ""
        sentences.append(f"Blant lederne var {fmt.prosent(ledere)} innvandrere{before}.")
    return {"sentences": sentences, "table": table}


def pay(c: Chapter) -> dict | None:
    missing = getattr(c, "payroll_missing", None)
    if missing:  # DEFINITIONS.md "Coverage": no pay figures for a year with a payroll month missing; say which
        return {"sentences": [payroll_missing_sentence(c.year, missing)], "table": None, "cost": None}
    total = c.get("lonn_kvinner_andel_av_menn_prosent", c.y)
    groups = c.ix.groups("lonn_kvinner_andel_av_menn_prosent", c.y)
    if total is None and not groups:
        return None
    rows = [Row("Alle", [unit_cell(total)], total=True)] + [
        Row(PAY_GROUPS.get(g, g), [unit_cell(c.get("lonn_kvinner_andel_av_menn_prosent", c.y, HELE_KOMMUNEN, g))])
        for g in groups
    ]
    table = Table(
        f"Kvinners grunnlønn i prosent av menns, {c.y} (omregnet til heltid)",
        ["Gruppe", "Kvinner i prosent av menn"],
        rows,
    ).finish(c.min_n)
    sentences = []
    v = shown(total)
    if v is not None:
        sentences.append(
            f"Kvinner hadde i snitt en grunnlønn omregnet til heltid på {fmt.prosent(v)} av menns i {c.y}."
        )
    cost_areas = c.areas("lonnskostnad_kroner", c.y)
    cost = None
    if cost_areas:
        cost = Table(
            f"Lønnskostnad per område, {c.y} (mill. kr)",
            ["Område", "Mill. kr"],
            [
                Row(o, [million_kr(c.get("lonnskostnad_kroner", c.y, o))], total=o == HELE_KOMMUNEN)
                for o in [HELE_KOMMUNEN] + cost_areas
                if c.get("lonnskostnad_kroner", c.y, o)
            ],
        ).finish(c.min_n)
        # to the øre, as the figures are: whole kroner would differ by a few kroner of rounding alone
        parts = [shown(c.get("lonnskostnad_kroner", c.y, o), 2) for o in cost_areas]
        total_kr = shown(c.get("lonnskostnad_kroner", c.y), 2)
        if total_kr is not None and None not in parts and sum(p for p in parts if p is not None) != total_kr:
            cost.notes.append(
                "Hele kommunen omfatter også lønn til enheter som ikke hører til noe område, så "
                "områdene summerer seg ikke til totalen."
            )
    return {"sentences": sentences, "table": table, "cost": cost}


def million_kr(f: Figure | None) -> str:
    """An amount in kroner as Bærum prints money: millions with one decimal ("1 178,7")."""
    if f is None or f.prikket or f.verdi is None:
        return cell(f)
    return fmt.tall(Decimal(str(f.verdi)) / Decimal(1_000_000), 1)


def kpi(c: Chapter) -> dict | None:
    years = [str(y) for y in range(c.year - 4, c.year + 1)]
    indicators = [i for i in KPI_NAMES if any(c.get("kpi", y, HELE_KOMMUNEN, i) for y in years)]
    if not indicators:
        return None
    rows = []
    for ind in indicators:
        percent = _is_percent(next(f for f in (c.get("kpi", y, HELE_KOMMUNEN, ind) for y in years) if f))
        direction = c.get("kpi_maal_retning", c.y, HELE_KOMMUNEN, ind)
        target = c.get("kpi_mal", c.y, HELE_KOMMUNEN, ind)
        trend = c.get("kpi_trend_3aar", c.y, HELE_KOMMUNEN, ind)
        target_text = fmt.MANGLER if target is None else unit_cell(target)
        if direction is not None and (way := shown(direction, 0)) is not None:
            target_text += f" ({KPI_DIRECTION[int(way)].lower()})"
        trend_text = fmt.MANGLER if trend is None else fmt.PRIKK if trend.verdi is None else fmt.pp_tall(trend.verdi)
        rows.append(
            Row(
                KPI_NAMES[ind],
                [target_text]
                + [
                    cell(c.get("kpi", y, HELE_KOMMUNEN, ind), "prosent" if percent else "tall", None if percent else 0)
                    for y in years
                ]
                + [trend_text],
            )
        )
    table = Table(
        f"Indikatorene {years[0]}–{years[-1]} og målet for {c.y}",  # the heading above says «Langsiktige indikatorer»
        ["Indikator", f"Mål {c.y} (retning)"] + years + ["Årlig trend, siste 3 år"],
        rows,
    )
    table.notes.append(
        "Retning: hvilken vei indikatoren må gå for å nå målet. Årlig trend er gjennomsnittlig "
        "endring per år de siste tre årene (prosentpoeng for andelene)."
    )
    return {"table": table.finish(c.min_n)}


def summary(c: Chapter, sections: dict) -> list[str]:
    """The chapter's main points, one sentence from each of the most-read sections."""
    out = []
    for key in ("workforce", "sick_leave", "recruitment", "full_time"):
        if sections.get(key) and sections[key].get("sentences"):
            out.append(sections[key]["sentences"][0])
    return out


def _table_row_labels(node) -> set[str]:
    """The row labels of every table in the sections (walked through dicts and lists)."""
    if isinstance(node, Table):
        return {r.label for r in node.rows}
    if isinstance(node, dict):
        return set().union(*(_table_row_labels(v) for v in node.values())) if node else set()
    if isinstance(node, (list, tuple)):
        return set().union(*(_table_row_labels(v) for v in node)) if node else set()
    return set()


def build_context(figures: list[Figure], meta: ReportMeta) -> dict:
    from reports.render import data_quality_context

    year = meta.period.year
    if meta.period.kind != "year":
        raise UsageError(f"medarbeiderkapitlet gjelder et år, ikke {meta.period.label_nb()}")
    c = Chapter(figures, year, meta.min_n)
    c.fravaer_fra = getattr(meta, "fravaer_fra", None)
    c.payroll_missing = getattr(meta, "payroll_missing", None)
    c.pension_years = getattr(meta, "pension_years", None)
    sections = {
        "workforce": workforce(c),
        "age": age(c),
        "recruitment": recruitment(c),
        "pensions": pensions(c),
        "competence": competence(c),
        "sick_leave": sick_leave(c),
        "full_time": full_time(c),
        "minority": minority(c),
        "pay": pay(c),
        "kpi": kpi(c),
    }
    if not any(sections.values()):
        raise NothingToReport(f"ingen tall for medarbeiderkapitlet for {year}")
    # The footnotes name only hidden cells of areas a table shows (an area dissolved before the status
    # date, with figures for an earlier year only, is in no table), and not the areas' leader shares, which
    # only the figures file has (the chapter gives the municipality's in a sentence).
    areas = _table_row_labels(sections) | {HELE_KOMMUNEN}
    shown_cells = [
        f
        for f in figures
        if f.omrade in areas and not (f.metric == "minoritet_andel_ledere_prosent" and f.omrade != HELE_KOMMUNEN)
    ]
    footnotes = suppression_footnotes(shown_cells, meta.min_n, compared=(c.status_before, c.status))
    return {
        "title": f"Medarbeidere {year}",
        "kommune": meta.kommune_navn,
        "year": year,
        "status_label": c.status_label,
        "summary": summary(c, sections),
        "s": sections,
        "area_moves_note": omorganisering.note(
            getattr(meta, "area_moves", []), meta.period.shifted_years(-1), meta.period
        ),
        "footnotes": footnotes,
        "min_n": meta.min_n,
        **data_quality_context(meta, quarantine_impacts(c, meta), "medarbeidere"),
    }


def quarantine_impacts(c: Chapter, meta: ReportMeta) -> list:
    """The headline percentages quarantined rows can move: the year's sick leave (computed with the
    metadata) and the full-time share on the status date (bounded from the figure and its n)."""
    from hr.metrics.quality import full_time_impact
    from reports.quality_text import shown_impacts

    impacts = shown_impacts(meta.quarantine_impact, c.ix.figures)
    heltid = c.get("andel_heltid_prosent", f"{c.year}-12-31")
    if meta.rows_set_aside is not None and heltid is not None:
        impact = full_time_impact(heltid.verdi, heltid.n, meta.rows_set_aside, heltid.period)
        if impact is not None:
            impacts.append(impact)
    return impacts
