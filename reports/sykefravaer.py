"""The half-yearly sick-leave report's content, built from the figures alone.

Every number shown comes from a figure passed in (rounded for display); the sentences of the summary
are generated from those figures, so they change with the data and never need editing by hand.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hr.errors import NothingToReport  # exit status 4: no sick-leave figure for the period, no report
from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.coverage import covers
from hr.metrics.targets import Target, is_met, judge, target_for
from hr.periods import Period
from reports import charts, omorganisering
from reports import format as fmt
from reports.tables import (
    COMMON_TARGET_MARK,
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
    value_or_none,
)

if TYPE_CHECKING:
    from reports.render import ReportMeta

# The metric names are the compute step's (one vocabulary, DEFINITIONS.md).
from hr.metrics.sykefravaer import EGENMELDT as EGEN  # noqa: E402
from hr.metrics.sykefravaer import KORTTID as KORT  # noqa: E402
from hr.metrics.sykefravaer import LANGTID as LANG  # noqa: E402
from hr.metrics.sykefravaer import LEGEMELDT as LEGE  # noqa: E402
from hr.metrics.sykefravaer import MAL, VARIGHET  # noqa: E402, F401 - MAL is imported from here by the tests
from hr.metrics.sykefravaer import PROSENT as TOTAL  # noqa: E402
from hr.metrics.sykefravaer_storrelse import TAPTE_ARSVERK  # noqa: E402

DURATION_GROUPS = {"1-3": "1–3 dager", "4-16": "4–16 dager", "17-56": "17–56 dager", "57+": "57 dager eller mer"}
TREND_LENGTH = 8


def _target(ix: FigureIndex, period: str, omrade: str) -> Target | None:
    return target_for(ix.get, period, omrade)


def _coverage(meta: ReportMeta, p: Period) -> list[str]:
    """A sentence saying from when the absence register is complete, when the report shows periods before it."""
    shown_periods = [*trend_periods(p), p.shifted_years(-1)]
    if any(not covers(meta.fravaer_fra, q) for q in shown_periods):
        return [coverage_sentence(meta.fravaer_fra)]
    return []


def _omrade_name(omrade: str) -> str:
    return "hele kommunen" if omrade == HELE_KOMMUNEN else omrade


# ---------------------------------------------------------------- the summary in words


def total_sentence(now: Figure | None, before: Figure | None, p: Period, last: Period, min_n: int) -> str:
    """The headline: this half-year against the same half-year last year."""
    b, a = shown(now), shown(before)
    if b is None:
        return (
            f"Sykefraværet for hele kommunen i {p.label_nb()} kan ikke vises, fordi tallet bygger på "
            f"færre enn {min_n} personer."
        )
    if a is None:
        why = "er prikket" if before is not None else "finnes ikke"
        return (
            f"Sykefraværet var {fmt.prosent(b)} i {p.label_nb()}. Tallet for {last.label_nb()} {why}, "
            "så det kan ikke sammenlignes med samme halvår året før."
        )
    if b < a:
        return f"Sykefraværet gikk ned fra {fmt.prosent(a)} i {last.label_nb()} til {fmt.prosent(b)} i {p.label_nb()}."
    if b > a:
        return f"Sykefraværet gikk opp fra {fmt.prosent(a)} i {last.label_nb()} til {fmt.prosent(b)} i {p.label_nb()}."
    return f"Sykefraværet var {fmt.prosent(b)} i {p.label_nb()}, det samme som i {last.label_nb()}."


def target_sentence(now: Figure | None, target: Target | None, year: int) -> str:
    """Whether the municipality's target is met (lower is better)."""
    if target is None:
        return f"Kommunen har ikke satt noe mål for sykefraværet i {year}."
    b = shown(now)
    t = fmt.prosent(target.value)
    if b is None or now is None or now.verdi is None:  # shown() is None for these too
        return f"Om målet på {t} er nådd, kan ikke vises."
    if is_met(now.verdi, target):  # the unrounded value decides (DEFINITIONS.md "Targets")
        return f"Målet på {t} er nådd."
    over = fmt.avrund(now.verdi - float(target.value))
    if over <= 0:
        return f"Målet på {t} er så vidt ikke nådd."
    return f"Målet på {t} er ikke nådd: fraværet er {fmt.pp(over).lstrip('+')} over målet."


def short_long_sentence(ix: FigureIndex, p: Period, last: Period) -> str | None:
    kort, lang = shown(ix.get(KORT, p.code)), shown(ix.get(LANG, p.code))
    if kort is None or lang is None:
        return None
    text = (
        f"Korttidsfraværet (1–16 dager) var {fmt.prosent(kort)} og langtidsfraværet (17 dager eller mer) "
        f"{fmt.prosent(lang)}."
    )
    kort0, lang0 = shown(ix.get(KORT, last.code)), shown(ix.get(LANG, last.code))
    if kort0 is not None and lang0 is not None:
        text += f" I {last.label_nb()} var de {fmt.prosent(kort0)} og {fmt.prosent(lang0)}."
    return text


def self_doctor_sentence(ix: FigureIndex, p: Period) -> str | None:
    egen, lege = shown(ix.get(EGEN, p.code)), shown(ix.get(LEGE, p.code))
    if egen is None or lege is None:
        return None
    return f"Egenmeldt fravær utgjorde {fmt.prosent(egen)} og legemeldt fravær {fmt.prosent(lege)} av avtalte dagsverk."


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def areas_sentences(ix: FigureIndex, p: Period) -> list[str]:
    """The best and the worst area, and how many areas met their target."""
    areas = ix.areas(TOTAL, p.code)
    values = {a: shown(ix.get(TOTAL, p.code, a)) for a in areas}
    visible = {a: v for a, v in values.items() if v is not None}
    out: list[str] = []
    if len(visible) >= 2:
        low, high = min(visible.values()), max(visible.values())
        if low != high:
            lows = [a for a, v in visible.items() if v == low]
            highs = [a for a, v in visible.items() if v == high]
            out.append(
                f"Lavest sykefravær hadde {_names(lows)} med {fmt.prosent(low)}, "
                f"høyest {_names(highs)} med {fmt.prosent(high)}."
            )
    judged = [judge(ix.get, TOTAL, p.code, a) for a in visible]
    judged = [j for j in judged if j.met is not None]
    if judged:
        met = sum(1 for j in judged if j.met)
        text = f"{met} av {len(judged)} områder nådde målet sitt"
        hidden = len(values) - len(visible)
        if hidden:
            text += f" ({hidden} {'område er' if hidden == 1 else 'områder er'} prikket)"
        out.append(text + ".")
    return out


def summary(ix: FigureIndex, p: Period, min_n: int) -> list[str]:
    last = p.shifted_years(-1)
    now = ix.get(TOTAL, p.code)
    sentences = [
        total_sentence(now, ix.get(TOTAL, last.code), p, last, min_n),
        target_sentence(now, _target(ix, p.code, HELE_KOMMUNEN), p.year),
    ]
    if shown(now) is not None:
        sentences += [s for s in (short_long_sentence(ix, p, last), self_doctor_sentence(ix, p)) if s]
    return sentences + areas_sentences(ix, p)


# ---------------------------------------------------------------- tables


def key_figures(ix: FigureIndex, p: Period) -> list[tuple[str, str]]:
    last = p.shifted_years(-1)
    target = _target(ix, p.code, HELE_KOMMUNEN)
    return [
        (f"Sykefravær {p.label_nb()}", cell(ix.get(TOTAL, p.code))),
        (f"Samme halvår i fjor ({last.label_nb()})", cell(ix.get(TOTAL, last.code))),
        ("Endring", change_cell(ix.get(TOTAL, last.code), ix.get(TOTAL, p.code)) + " prosentpoeng"),
        (f"Mål for {p.year}", fmt.prosent(target.value) if target else "Ikke satt"),
    ]


def _target_cells(ix: FigureIndex, p: Period, omrade: str) -> tuple[str, str]:
    return target_cells(judge(ix.get, TOTAL, p.code, omrade), ix.get(TOTAL, p.code, omrade))


def areas_table(ix: FigureIndex, p: Period, min_n: int, start: date | None = None) -> Table:
    last = p.shifted_years(-1)
    before = not covers(start, last)  # last year is before the absence register: "ingen data", not 0 %
    size = ix.get(TAPTE_ARSVERK, p.code) is not None  # lost årsverk per area (issue 18 item 4)
    rows = []
    for omrade in [HELE_KOMMUNEN] + ix.areas(TOTAL, p.code):
        target, met = _target_cells(ix, p, omrade)
        rows.append(
            Row(
                omrade,
                [
                    cell(ix.get(TOTAL, p.code, omrade)),
                    INGEN_DATA if before else cell(ix.get(TOTAL, last.code, omrade)),
                    INGEN_DATA
                    if before
                    else change_cell(ix.get(TOTAL, last.code, omrade), ix.get(TOTAL, p.code, omrade)),
                    cell(ix.get(KORT, p.code, omrade)),
                    cell(ix.get(LANG, p.code, omrade)),
                    target,
                    met,
                ]
                + ([cell(ix.get(TAPTE_ARSVERK, p.code, omrade), "tall", 1)] if size else []),
                total=omrade == HELE_KOMMUNEN,
            )
        )
    table = Table(
        f"Sykefravær per område, {p.label_nb()}",
        ["Område", p.label_nb(), last.label_nb(), "Endring (prosent­poeng)", "Korttid", "Langtid", "Mål", "Mål nådd"]
        + (["Tapte årsverk"] if size else []),
        rows,
    )
    if any(r.cells[5].endswith(COMMON_TARGET_MARK) for r in rows):
        table.notes.append(f"{COMMON_TARGET_MARK} Området har ikke eget mål og sammenlignes med kommunens mål.")
    return table.finish(min_n)


def self_doctor_table(ix: FigureIndex, p: Period, min_n: int) -> Table:
    """Per area: self-certified and doctor-certified sick leave, each quarter of the period (and the same
    quarters a year earlier, where the figures have them) and the period's total, in one table."""
    quarters = list(p.quarters()) if any(ix.get(TOTAL, q.code) for q in p.quarters()) else []
    quarters += [e for e in (q.shifted_years(-1) for q in quarters) if ix.get(TOTAL, e.code)]
    rows = [
        Row(
            o,
            [cell(ix.get(EGEN, p.code, o)), cell(ix.get(LEGE, p.code, o))]
            + [cell(ix.get(TOTAL, q.code, o)) for q in quarters]
            + [cell(ix.get(TOTAL, p.code, o))],
            total=o == HELE_KOMMUNEN,
        )
        for o in [HELE_KOMMUNEN] + ix.areas(TOTAL, p.code)
    ]
    what = "Egenmeldt og legemeldt sykefravær" + (" og kvartalene" if quarters else "")
    return Table(
        f"{what}, {p.label_nb()}",
        ["Område", "Egenmeldt", "Legemeldt"] + [q.label_nb() for q in quarters] + ["Totalt"],
        rows,
    ).finish(min_n)


def gender_table(ix: FigureIndex, p: Period, min_n: int) -> Table | None:
    omrader = [
        o
        for o in [HELE_KOMMUNEN] + ix.areas(TOTAL, p.code)
        if ix.get(TOTAL, p.code, o, "K") or ix.get(TOTAL, p.code, o, "M")
    ]
    if not omrader:
        return None
    rows = [
        Row(
            o,
            [cell(ix.get(TOTAL, p.code, o, "K")), cell(ix.get(TOTAL, p.code, o, "M")), cell(ix.get(TOTAL, p.code, o))],
            total=o == HELE_KOMMUNEN,
        )
        for o in omrader
    ]
    return Table(f"Sykefravær for kvinner og menn, {p.label_nb()}", ["Område", "Kvinner", "Menn", "Alle"], rows).finish(
        min_n
    )


def gender_sentence(ix: FigureIndex, p: Period) -> str | None:
    k, m = shown(ix.get(TOTAL, p.code, HELE_KOMMUNEN, "K")), shown(ix.get(TOTAL, p.code, HELE_KOMMUNEN, "M"))
    if k is None or m is None:
        return None
    return f"I hele kommunen var sykefraværet {fmt.prosent(k)} blant kvinner og {fmt.prosent(m)} blant menn."


def duration_sentence(ix: FigureIndex, p: Period) -> str | None:
    total, longest = shown(ix.get(TOTAL, p.code)), shown(ix.get(VARIGHET, p.code, HELE_KOMMUNEN, "57+"))
    if total is None or longest is None:
        return None
    return (
        f"Av sykefraværet på {fmt.prosent(total)} skyldtes {fmt.tall(longest, 1)}{fmt.NBSP}prosentpoeng tilfeller "
        "som varte 57 dager eller mer."
    )


# ---------------------------------------------------------------- charts


def trend_periods(p: Period) -> list[Period]:
    periods = [p]
    while len(periods) < TREND_LENGTH:
        periods.insert(0, periods[0].previous())
    return periods


def trend_chart(ix: FigureIndex, p: Period, fravaer_fra=None) -> charts.Chart | None:
    periods = trend_periods(p)
    if sum(1 for q in periods if value_or_none(ix.get(TOTAL, q.code)) is not None) < 2:
        return None
    labels = [fmt.kort_periode(q.code) for q in periods]
    series = [
        charts.Series(name, [value_or_none(ix.get(metric, q.code)) for q in periods])
        for name, metric in (("Totalt", TOTAL), ("Langtid", LANG), ("Korttid", KORT))
    ]
    series = [s for s in series if any(v is not None for v in s.values)]
    target = _target(ix, p.code, HELE_KOMMUNEN)
    target_label = (f"Mål {p.year}: {fmt.prosent(target.value)}", float(target.value)) if target else None
    return charts.line_chart(
        labels,
        series,
        target=target_label,
        target_from=next(i for i, q in enumerate(periods) if q.year == p.year),  # the year's target, its year only
        height_cm=6.2,
        no_data=[fmt.kort_periode(q.code) for q in periods if not covers(fravaer_fra, q)],
        description=f"Sykefravær i hele kommunen de siste {len(periods)} halvårene, totalt, langtid og korttid.",
        caption=(
            f"Sykefraværet i hele kommunen fra {periods[0].label_nb()} til {p.label_nb()}"
            + (f", med målet for {p.year} som stiplet linje over {p.year}." if target else ".")
        ),
    )


def areas_chart(ix: FigureIndex, p: Period) -> charts.Chart:
    omrader = [HELE_KOMMUNEN] + ix.areas(TOTAL, p.code)
    targets = [_target(ix, p.code, o) for o in omrader]
    return charts.hbar_chart(
        omrader,
        [value_or_none(ix.get(TOTAL, p.code, o)) for o in omrader],
        targets=[float(t.value) if t else None for t in targets],
        description=f"Sykefravær per område i {p.label_nb()}, med hvert områdes mål.",
        caption=(
            f"Sykefravær per område i {p.label_nb()}. Rombene viser målet"
            # the fallback is explained only where an area is held to the municipality's target
            + (
                "; områder uten eget mål sammenlignes med kommunens mål"
                if any(t and not t.own for t in targets)
                else ""
            )
            + ". Skraverte søyler ligger over målet."
        ),
    )


def duration_chart(ix: FigureIndex, p: Period) -> charts.Chart | None:
    last = p.shifted_years(-1)
    series = []
    for q in (p, last):
        values = [value_or_none(ix.get(VARIGHET, q.code, HELE_KOMMUNEN, g)) for g in DURATION_GROUPS]
        if any(ix.get(VARIGHET, q.code, HELE_KOMMUNEN, g) for g in DURATION_GROUPS):
            series.append(charts.Series(q.label_nb(), values))
    if not series:
        return None
    return charts.grouped_bar_chart(
        list(DURATION_GROUPS.values()),
        series,
        height_cm=5.0,
        description="Sykefravær i hele kommunen etter hvor lenge fraværstilfellet varte, i prosent av avtalte dagsverk.",
        caption="Sykefraværet fordelt på fraværstilfellenes lengde (kalenderdager). Gruppene summerer seg til "
        "det totale sykefraværet.",
    )


# ---------------------------------------------------------------- the whole report


def build_context(figures: list[Figure], meta: ReportMeta) -> dict:
    """Everything the template needs, from the figures and the run's metadata."""
    from reports.quality_text import shown_impacts
    from reports.render import data_quality_context  # shared with the annual chapter

    p = meta.period
    ix = FigureIndex(figures)
    if ix.get(TOTAL, p.code) is None:
        raise NothingToReport(f"ingen sykefraværstall for hele kommunen i {p.label_nb()}")
    last = p.shifted_years(-1)
    title = f"Sykefravær – status {p.label_nb()}"
    tables = {
        "areas": areas_table(ix, p, meta.min_n, meta.fravaer_fra),
        "self_doctor": self_doctor_table(ix, p, meta.min_n),
        "gender": gender_table(ix, p, meta.min_n),
    }
    gender_said = gender_sentence(ix, p)
    if gender_said and tables["gender"] is not None and len(tables["gender"].rows) == 1:
        tables["gender"] = None  # one row, the whole municipality: the sentence says it all
    footnotes = suppression_footnotes(figures, meta.min_n)
    return {
        "title": title,
        "kommune": meta.kommune_navn,
        "period": p,
        "period_label": p.label_nb(),
        "last_label": last.label_nb(),
        "summary": summary(ix, p, meta.min_n) + _coverage(meta, p),
        "key_figures": key_figures(ix, p),
        "trend_chart": trend_chart(ix, p, meta.fravaer_fra),
        "areas_chart": areas_chart(ix, p),
        "areas_without_own_target": any(
            (j := judge(ix.get, TOTAL, p.code, o)).target is not None and not j.target.own
            for o in ix.areas(TOTAL, p.code)
        ),
        "duration_chart": duration_chart(ix, p),
        "duration_sentence": duration_sentence(ix, p),
        "gender_sentence": gender_said,
        "tables": tables,
        "area_moves_note": omorganisering.note(meta.area_moves, p.shifted_years(-1), p),
        "footnotes": footnotes,
        "min_n": meta.min_n,
        **data_quality_context(meta, shown_impacts(meta.quarantine_impact, figures), "sykefravaer"),
    }
