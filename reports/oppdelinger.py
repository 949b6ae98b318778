"""Issue 18 items 3 and 5 in the reports, built from the figures alone (hr.metrics.sykefravaer_aarsvisning,
hr.metrics.oppdelinger) and the position titles of the report's metadata:

- the year view of the 2nd-half report: the year's sick leave in a sentence, the rolling 12 months at each
  quarter end in a small chart, with the IA goal as a labelled horizontal line;
- sick leave by age band, kompetansegruppe and the five largest position codes (both reports): three small
  tables side by side;
- full-time and part-time by position in the care areas (annual chapter): one table.
"""

from __future__ import annotations

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.medarbeidere import AGE_BANDS
from hr.metrics.oppdelinger import FULL_TIME_METRICS
from hr.metrics.sykefravaer import PROSENT
from hr.metrics.sykefravaer_aarsvisning import IA_MAL, RULLERENDE, has_year_view, trend_quarters
from hr.periods import Period
from reports import charts
from reports import format as fmt
from reports.labels import AGE_NAMES, COMPETENCE_NAMES
from reports.tables import FigureIndex, Row, Table, cell, shown, value_or_none

# ---------------------------------------------------------------- the year view (2nd-half report)


def year_view(ix: FigureIndex, p: Period, ia_setting: tuple | None = None) -> dict | None:
    if not has_year_view(p):
        return None
    year = str(p.year)
    total, ia = ix.get(PROSENT, year), ix.get(IA_MAL, year)
    quarters = trend_quarters(p)
    rolling = [ix.get(RULLERENDE, q.code) for q in quarters]
    if total is None and ia is None and not any(rolling):
        return None
    sentences = []
    v = shown(total)
    if v is not None:
        sentences.append(f"For hele {year} var sykefraværet {fmt.prosent(v)}.")
    elif total is not None:
        sentences.append(f"Sykefraværet for hele {year} kan ikke vises (prikket).")
    goal = shown(ia)
    full, ia_full = value_or_none(total), value_or_none(ia)  # unrounded; None exactly where shown() is
    if goal is not None:
        # The IA agreement's goal: the base year's sick leave reduced by a percentage. In the base year itself
        # the line is where the coming years must get to, so it is not "met" or "missed" then.
        basisaar, reduksjon = ia_setting if ia_setting else (None, None)
        if basisaar is not None:
            text = (
                f"IA-målet (inkluderende arbeidsliv) er et sykefravær {fmt.tall(reduksjon, 0 if float(reduksjon).is_integer() else 1)} % lavere enn i "
                f"{basisaar}, det vil si {fmt.prosent(goal)}"
            )
        else:
            text = f"IA-mållinjen for {year} er {fmt.prosent(goal)}"
        if full is not None and ia_full is not None and basisaar is not None and int(year) > int(basisaar):
            text += ", og det er nådd" if full <= ia_full else ", og det er ikke nådd"
        elif basisaar is not None and int(year) == int(basisaar):
            text += ", som gjelder fra " + str(int(basisaar) + 1)
        sentences.append(text + ".")
    chart = None
    values = [value_or_none(f) for f in rolling]
    if sum(1 for x in values if x is not None) >= 2:
        from_year = int(ia_setting[0]) + 1 if ia_setting and int(ia_setting[0]) >= int(year) else None
        label = f"IA-mål fra {from_year}" if from_year else f"IA-mål {year}"
        target = (f"{label}: {fmt.prosent(goal)}", ia_full) if goal is not None and ia_full is not None else None
        chart = charts.line_chart(
            [
                f"K{q.code[-1]}" + (f"\n{q.code[:4]}" if q.code.endswith("1") or i == 0 else "")
                for i, q in enumerate(quarters)
            ],
            [charts.Series("Siste 12 måneder", values)],
            target=target,
            # a goal from next year is drawn at the last quarter (where the line must go), a goal of the year
            # over its quarters: never over years it was not set for
            target_from=len(quarters) - 1
            if from_year
            else next((i for i, q in enumerate(quarters) if q.year == int(year)), 0),
            height_cm=5.0,
            labelled=[i for i, q in enumerate(quarters) if q.code.endswith("4")],
            description=(
                f"Sykefravær i hele kommunen de siste 12 månedene ved utgangen av hvert kvartal, fra "
                f"{quarters[0].label_nb()} til {quarters[-1].label_nb()}"
                + (", med IA-mållinjen som vannrett linje." if target else ".")
            ),
            caption=(
                "Sykefraværet de siste 12 månedene ved hvert kvartalsskifte (K4 er hele kalenderåret, med "
                "tallet skrevet over)"
                + (
                    (
                        f", med IA-målet fra {from_year} stiplet ved siste kvartal."
                        if from_year
                        else ", med IA-mållinjen stiplet."
                    )
                    if target
                    else "."
                )
            ),
        )
    return {"heading": f"Året {year}", "sentences": sentences, "chart": chart}


# ---------------------------------------------------------------- sick leave by group (both reports)


def _group_table(
    ix: FigureIndex, p: Period, dim: str, title: str, head: str, labels: dict[str, str], min_n: int
) -> Table | None:
    groups = [g for g in ix.groups(PROSENT, p.code) if g.startswith(f"{dim}:")]
    if not groups:
        return None
    if dim == "alder":
        groups.sort(key=lambda g: AGE_BANDS.index(g[6:]) if g[6:] in AGE_BANDS else len(AGE_BANDS))
    rows = [
        Row(labels.get(g.split(":", 1)[1], g.split(":", 1)[1]), [cell(ix.get(PROSENT, p.code, HELE_KOMMUNEN, g))])
        for g in groups
    ]
    return Table(title, [head, "Fravær"], rows).finish(min_n)


def breakdown_tables(ix: FigureIndex, p: Period, titles: dict[str, str], min_n: int) -> list[Table]:
    codes = {k: f"{t} ({k})" for k, t in titles.items()}
    tables = [
        _group_table(ix, p, "alder", "Etter alder", "Alder", AGE_NAMES, min_n),
        _group_table(ix, p, "kompetanse", "Etter kompetanse", "Kompetanse", COMPETENCE_NAMES, min_n),
        _group_table(ix, p, "stilling", "De fem største stillingene", "Stilling", codes, min_n),
    ]
    return [t for t in tables if t is not None]


def breakdown_sentence(ix: FigureIndex, p: Period) -> str | None:
    """The age band with the highest shown sick leave, in words."""
    by_band = {
        g: shown(ix.get(PROSENT, p.code, HELE_KOMMUNEN, g))
        for g in ix.groups(PROSENT, p.code)
        if g.startswith("alder:")
    }
    ages = {g: v for g, v in by_band.items() if v is not None}
    if len(ages) < 2:
        return None
    high = max(ages, key=lambda g: (ages[g], g))
    band = AGE_NAMES.get(high[6:], high[6:])
    # the group's size beside its rate: «høyest» about 38 persons is not the same as about 3 000
    figure = ix.get(PROSENT, p.code, HELE_KOMMUNEN, high)
    n = figure.n if figure is not None else None
    size = f", {fmt.tall(n)} personer" if n else ""
    return (
        f"Sykefraværet i {p.label_nb()} var høyest i aldersgruppen {band} ({fmt.prosent(ages[high])}{size}). "
        "Tabellene viser fraværet i prosent av avtalte dagsverk i hver gruppe."
    )


# ---------------------------------------------------------------- care areas' full-time (annual chapter)


def care_table(figures: list[Figure], year: int, titles: dict[str, str]) -> Table | None:
    status = f"{year}-12-31"
    heltid = [
        f
        for f in figures
        if f.metric == "andel_heltid_prosent" and f.period == status and f.gruppe.startswith("stilling:")
    ]
    if not heltid:
        return None
    ix = FigureIndex(figures)
    rows = []
    for f in heltid:
        code = f.gruppe.split(":", 1)[1]
        label = f"{f.omrade}: {titles.get(code, code)} ({code})"
        assert f.n is not None  # a full-time share is never suppressed: it always has its n
        rows.append(
            Row(
                label,
                [cell(ix.get(m, status, f.omrade, f.gruppe), "prosent", 0) for m in FULL_TIME_METRICS.values()]
                + [fmt.tall(f.n)],
            )
        )
    return Table(
        f"Heltid og deltid etter stilling i omsorgstjenestene, 31.12.{year}",
        ["Område og stilling", "Heltid", "80–99 %", "Under 80 %", "Personer"],
        rows,
    )


def context(figures: list[Figure], p: Period, titles: dict[str, str], min_n: int, ia: tuple | None = None) -> dict:
    """The template variables of the partials _aarsvisning, _oppdelinger and _heltid_omsorg."""
    ix = FigureIndex(figures)
    tables = breakdown_tables(ix, p, titles, min_n)
    return {
        "year_view": year_view(ix, p, ia),
        "breakdowns": {"tables": tables, "sentence": breakdown_sentence(ix, p), "period_label": p.label_nb()}
        if tables
        else None,
        "care_table": care_table(figures, p.year, titles) if p.kind == "year" else None,
    }
