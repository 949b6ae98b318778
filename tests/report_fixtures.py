"""Realistic fake figures for the report tests, shaped as the compute step delivers them (DEFINITIONS.md).

Numbers are in the range of a large municipality (Bærum 2018) and carry full precision, as in a
figures file; area figures are consistent with the total (sums of lost and agreed day-works).
"""
from __future__ import annotations

from dataclasses import replace

from hr.figures import HELE_KOMMUNEN, Figure
from hr.periods import Period

# area -> (årsverk, sick leave % this half-year, same half-year last year)
AREAS: dict[str, tuple[float, float, float]] = {
    "Oppvekst skole": (1900.0, 5.71, 5.55),
    "Oppvekst barnehage": (1100.0, 8.12, 8.08),
    "Pleie og omsorg": (2000.0, 8.6, 9.4),
    "Helse og sosial": (700.0, 8.01, 7.98),
    "Tekniske tjenester": (450.0, 6.9, 6.5),
    "Plan, miljø og kultur": (350.0, 6.2, 5.9),
    "Organisasjon og utvikling": (300.0, 5.9, 5.6),
}
TARGETS = {HELE_KOMMUNEN: 7.0, "Pleie og omsorg": 8.5}
SMALL_AREA = "Politisk sekretariat"
SECONDARY_AREA = "Organisasjon og utvikling"  # the smallest other area: suppressed so the total does not reveal SMALL_AREA
WORKDAYS = 124
KORTTID_SHARE = 0.36
EGENMELDT_SHARE = 0.14
DURATION_SHARES = {"1-3": 0.12, "4-16": 0.24, "17-56": 0.22, "57+": 0.42}
# Hele kommunen, the six half-years before last year's same half-year and the one between
TREND_BEFORE = [7.41, 7.73, 7.02, 7.55, 6.93]
TREND_BETWEEN = 7.62


def _pct(metric: str, period: str, omrade: str, verdi: float, n: int, gruppe: str = "") -> Figure:
    return Figure(metric, period, omrade, gruppe, verdi, "prosent", n)


def _family(period: str, omrade: str, total: float, n: int, avtalte: float | None) -> list[Figure]:
    """Total, short/long, self/doctor-certified and duration groups of one group, summing to the total."""
    out = [
        _pct("sykefravaer_prosent", period, omrade, total, n),
        _pct("sykefravaer_korttid_prosent", period, omrade, total * KORTTID_SHARE, n),
        _pct("sykefravaer_langtid_prosent", period, omrade, total * (1 - KORTTID_SHARE), n),
    ]
    if avtalte is None:
        return out
    out += [
        _pct("sykefravaer_egenmeldt_prosent", period, omrade, total * EGENMELDT_SHARE, n),
        _pct("sykefravaer_legemeldt_prosent", period, omrade, total * (1 - EGENMELDT_SHARE), n),
        Figure("sykefravaer_tapte_dagsverk", period, omrade, "", avtalte * total / 100, "dagsverk", n),
        Figure("sykefravaer_avtalte_dagsverk", period, omrade, "", avtalte, "dagsverk", n),
    ]
    out += [_pct("sykefravaer_varighet_prosent", period, omrade, total * share, n, gruppe)
            for gruppe, share in DURATION_SHARES.items()]
    return out


def sykefravaer_figures(period: str = "2018H1", *, small_area: bool = False) -> list[Figure]:
    """Every figure the compute step produces for the half-yearly report of `period`.

    With `small_area`, an area of four persons is added: all its figures are suppressed, and the
    smallest other area is suppressed too (secondary suppression), as DEFINITIONS.md requires.
    """
    p = Period.parse(period)
    last_year = p.shifted_years(-1).code
    figs: list[Figure] = []
    areas = dict(AREAS)
    if small_area:
        areas[SMALL_AREA] = (3.2, 11.0, 4.0)
    tapte_now = tapte_then = avtalte_sum = 0.0
    persons = 0
    for name, (arsverk, now, then) in areas.items():
        n = 4 if name == SMALL_AREA else round(arsverk * 1.3)
        avtalte = arsverk * WORKDAYS
        tapte_now += avtalte * now / 100
        tapte_then += avtalte * then / 100
        avtalte_sum += avtalte
        persons += n
        figs += _family(period, name, now, n, avtalte)
        figs += _family(last_year, name, then, n, None)
        for i, q in enumerate(p.quarters()):
            figs.append(_pct("sykefravaer_prosent", q.code, name, now * (1.08 if i == 0 else 0.92), n))
        figs.append(_pct("sykefravaer_prosent", period, name, now * 1.12, round(n * 0.78), "K"))
        figs.append(_pct("sykefravaer_prosent", period, name, now * 0.62, round(n * 0.22), "M"))
    total_now = 100 * tapte_now / avtalte_sum
    total_then = 100 * tapte_then / avtalte_sum
    figs += _family(period, HELE_KOMMUNEN, total_now, persons, avtalte_sum)
    figs += _family(last_year, HELE_KOMMUNEN, total_then, persons, None)
    for i, q in enumerate(p.quarters()):
        figs.append(_pct("sykefravaer_prosent", q.code, HELE_KOMMUNEN, total_now * (1.08 if i == 0 else 0.92), persons))
    figs.append(_pct("sykefravaer_prosent", period, HELE_KOMMUNEN, total_now * 1.12, round(persons * 0.78), "K"))
    figs.append(_pct("sykefravaer_prosent", period, HELE_KOMMUNEN, total_now * 0.62, round(persons * 0.22), "M"))
    trend = [p.shifted_years(-1).previous()]
    for _ in range(len(TREND_BEFORE) - 1):
        trend.insert(0, trend[0].previous())
    for q, value in zip(trend, TREND_BEFORE):
        figs += _family(q.code, HELE_KOMMUNEN, value, persons, None)
    figs += _family(p.shifted_years(-1).next().code, HELE_KOMMUNEN, TREND_BETWEEN, persons, None)
    for omrade, target in TARGETS.items():
        figs.append(Figure("sykefravaer_mal_prosent", period, omrade, "", target, "prosent"))
    if small_area:
        figs = [f.suppressed() if f.omrade == SMALL_AREA or
                (f.omrade == SECONDARY_AREA and f.metric != "sykefravaer_mal_prosent") else f for f in figs]
    return figs


def with_value(figures: list[Figure], metric: str, period: str, omrade: str, verdi: float | None,
               gruppe: str = "") -> list[Figure]:
    """The figures with one value replaced (None: suppressed); the figure must exist."""
    out, hit = [], False
    for f in figures:
        if f.key == (metric, period, omrade, gruppe):
            hit = True
            f = f.suppressed() if verdi is None else replace(f, verdi=verdi, prikket=False)
        out.append(f)
    if not hit:
        raise KeyError((metric, period, omrade, gruppe))
    return out


def without(figures: list[Figure], metric: str, omrade: str | None = None) -> list[Figure]:
    return [f for f in figures if not (f.metric == metric and (omrade is None or f.omrade == omrade))]


def report_meta(period: str = "2018H1", *, tiltak: str | None = None, min_n: int = 5):
    from reports.render import ExtractUsed, QuarantineCount, ReportMeta

    return ReportMeta(
        kommune_navn="Bærum kommune",
        kommunenummer="0219",
        period=Period.parse(period),
        min_n=min_n,
        extracts=[
            ExtractUsed("organisasjon", "hr/organisasjon_20180715.csv", "2018-07-15",
                        "3f5a9c0e12ab77d41e0b9c6f2a8d5e1f0c3b7a9d2e4f6a8b0c1d3e5f7a9b1c3d", 412, 412, 0),
            ExtractUsed("ansatte", "hr/ansatte_20180715.csv", "2018-07-15",
                        "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", 15873, 15861, 12),
            ExtractUsed("fravaer", "hr/fravaer_20180715.csv", "2018-07-15",
                        "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", 48211, 48208, 3),
            ExtractUsed("mal", "referanse/mal.csv", None,
                        "77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd77ee88ff99aa00bb11cc22dd", 2, 2, 0),
        ],
        quarantine=[
            QuarantineCount("hr/ansatte_20180715.csv", "fodselsnummer_mod11",
                            "Fødselsnummeret har feil kontrollsiffer", 9),
            QuarantineCount("hr/ansatte_20180715.csv", "stillingsprosent_0_100",
                            "Stillingsprosent må være mellom 0 og 100", 3),
            QuarantineCount("hr/fravaer_20180715.csv", "til_dato_etter_fra_dato",
                            "Til-dato ligger før fra-dato", 3),
        ],
        tiltak_markdown=tiltak,
    )
