"""Realistic fake figures for the report tests, shaped as the compute step delivers them (DEFINITIONS.md).

Numbers are in the range of a large municipality (Bærum 2018) and carry full precision, as in a
figures file; area figures are consistent with the total (sums of lost and agreed day-works).
"""

from __future__ import annotations

from dataclasses import replace

from hr.figures import HELE_KOMMUNEN, Figure
from hr.periods import Period
from tests.landing import TEST_KEY

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
SECONDARY_AREA = (
    "Organisasjon og utvikling"  # the smallest other area: suppressed so the total does not reveal SMALL_AREA
)
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
    out += [
        _pct("sykefravaer_varighet_prosent", period, omrade, total * share, n, gruppe)
        for gruppe, share in DURATION_SHARES.items()
    ]
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
        figs = [
            f.suppressed()
            if f.omrade == SMALL_AREA or (f.omrade == SECONDARY_AREA and f.metric != "sykefravaer_mal_prosent")
            else f
            for f in figs
        ]
    return figs


def with_value(
    figures: list[Figure], metric: str, period: str, omrade: str, verdi: float | None, gruppe: str = ""
) -> list[Figure]:
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
            ExtractUsed(
                "organisasjon",
                "hr/organisasjon_20180715.csv",
                "2018-07-15",
                "3f5a9c0e12ab77d41e0b9c6f2a8d5e1f0c3b7a9d2e4f6a8b0c1d3e5f7a9b1c3d",
                412,
                412,
                0,
            ),
            ExtractUsed(
                "ansatte",
                "hr/ansatte_20180715.csv",
                "2018-07-15",
                "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
                15873,
                15861,
                12,
            ),
            ExtractUsed(
                "fravaer",
                "hr/fravaer_20180715.csv",
                "2018-07-15",
                "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                48211,
                48208,
                3,
            ),
            ExtractUsed(
                "mal",
                "referanse/mal.csv",
                None,
                "77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd77ee88ff99aa00bb11cc22dd",
                2,
                2,
                0,
            ),
        ],
        quarantine=[
            QuarantineCount(
                "hr/ansatte_20180715.csv", "fodselsnummer_mod11", "Fødselsnummeret har feil kontrollsiffer", 9
            ),
            QuarantineCount(
                "hr/ansatte_20180715.csv", "stillingsprosent_0_100", "Stillingsprosent må være mellom 0 og 100", 3
            ),
            QuarantineCount("hr/fravaer_20180715.csv", "til_dato_etter_fra_dato", "Til-dato ligger før fra-dato", 3),
        ],
        tiltak_markdown=tiltak,
    )


# ---------------------------------------------------------------- the annual "Medarbeidere" chapter

# area -> (årsverk fast, årsverk midlertidig, turnover this year, last year, skilled share, minority årsverk)
STAFF: dict[str, tuple[float, float, float, float, float, float]] = {
    "Oppvekst skole": (2050.4, 120.2, 7.9, 7.4, 88.1, 126.2),
    "Oppvekst barnehage": (1150.7, 65.1, 12.7, 10.9, 67.7, 97.2),
    "Pleie og omsorg": (1985.3, 94.6, 10.2, 9.8, 76.3, 659.4),
    "Helse og sosial": (720.9, 17.2, 9.1, 8.7, 81.0, 67.9),
    "Tekniske tjenester": (705.2, 10.1, 10.1, 7.1, 52.4, 58.6),
    "Plan, miljø og kultur": (512.6, 13.4, 8.2, 8.8, 71.9, 35.8),
    "Organisasjon og utvikling": (398.9, 8.3, 7.7, 8.0, 84.2, 25.5),
}
STAFF_SICK = {
    "Oppvekst skole": (5.7, 5.5),
    "Oppvekst barnehage": (8.1, 8.1),
    "Pleie og omsorg": (9.0, 9.8),
    "Helse og sosial": (8.0, 8.0),
    "Tekniske tjenester": (6.9, 6.2),
    "Plan, miljø og kultur": (6.4, 5.9),
    "Organisasjon og utvikling": (6.1, 5.6),
}
AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55-61", "62-66", "67+")


def medarbeidere_figures(year: int = 2018, *, suppress_minority_area: bool = False) -> list[Figure]:
    """Every figure of the annual chapter for `year`, in the shapes hr.metrics.medarbeidere delivers."""
    status, before = f"{year}-12-31", f"{year - 1}-12-31"
    y, y0 = str(year), str(year - 1)
    H = HELE_KOMMUNEN
    figs: list[Figure] = []
    tot_fast = sum(v[0] for v in STAFF.values())
    tot_midl = sum(v[1] for v in STAFF.values())
    for name, (fast, midl, turn, turn0, skilled, minority) in STAFF.items():
        persons = round(fast * 1.3)
        figs += [
            Figure("arsverk_fast", status, name, "", fast, "arsverk", persons),
            Figure("arsverk_midlertidig", status, name, "", midl, "arsverk", round(midl * 1.4)),
            Figure("arsverk", status, name, "", fast + midl, "arsverk", persons + round(midl * 1.4)),
            Figure("turnover_prosent", y, name, "", turn, "prosent", round(fast * 1.2)),
            Figure("turnover_prosent", y0, name, "", turn0, "prosent", round(fast * 1.2)),
            Figure("andel_faglaerte_prosent", status, name, "", skilled, "prosent", persons),
            Figure("andel_faglaerte_prosent", before, name, "", skilled - 1.3, "prosent", persons),
        ]
        for period, factor in ((status, 1.0), (before, 0.98)):
            m = minority * factor
            figs += [
                Figure("minoritet_arsverk", period, name, "", m, "arsverk", round(m * 1.35)),
                Figure("minoritet_menn", period, name, "", round(m * 0.35), "personer", round(m * 0.35)),
                Figure("minoritet_kvinner", period, name, "", round(m), "personer", round(m)),
                Figure(
                    "minoritet_andel_prosent", period, name, "", 100 * m / (fast + midl), "prosent", round(m * 1.35)
                ),
            ]
        now, then = STAFF_SICK[name]
        figs += [
            Figure("sykefravaer_prosent", y, name, "", now, "prosent", persons),
            Figure("sykefravaer_prosent", y0, name, "", then, "prosent", persons),
            Figure("sykefravaer_korttid_prosent", y, name, "", now * 0.36, "prosent", persons),
            Figure("sykefravaer_langtid_prosent", y, name, "", now * 0.64, "prosent", persons),
            Figure("lonnskostnad_kroner", y, name, "", fast * 612_345.5, "kroner", persons),
        ]
    figs += [
        Figure("arsverk_fast", status, H, "", tot_fast, "arsverk", 9807),
        Figure("personer_fast", status, H, "", 9807, "personer", 9807),
        Figure("arsverk_midlertidig", status, H, "", tot_midl, "arsverk", 512),
        Figure("personer_midlertidig", status, H, "", 512, "personer", 512),
        Figure("arsverk", status, H, "", tot_fast + tot_midl, "arsverk", 10112),
        Figure("personer_maanedslonnet", status, H, "", 10112, "personer", 10112),
        Figure("timelonnede_personer", status, H, "", 2766, "personer", 2766),
        Figure("personer_totalt", status, H, "", 12573, "personer", 12573),
        Figure("lonnskostnad_kroner", y, H, "", tot_fast * 612_345.5, "kroner", 10112),
        Figure("gjennomsnittsalder", status, H, "", 44.93, "ar", 10112),
        Figure("gjennomsnittsalder", status, H, "K", 45.42, "ar", 7602),
        Figure("gjennomsnittsalder", status, H, "M", 43.68, "ar", 2510),
    ]
    women = (310.5, 1401.2, 1650.8, 1702.3, 901.4, 402.7, 40.2)
    men = (120.4, 420.7, 598.3, 601.1, 352.9, 160.1, 22.8)
    for band, w, m in zip(AGE_BANDS, women, men):
        figs += [
            Figure("arsverk_aldersgruppe", status, H, f"{band}|K", w, "arsverk", round(w * 1.2)),
            Figure("arsverk_aldersgruppe", status, H, f"{band}|M", m, "arsverk", round(m * 1.2)),
        ]
    for yr, (heltid, p80, under) in zip(
        range(year - 3, year + 1), ((51.2, 12.8, 36.0), (52.6, 12.4, 35.0), (53.1, 11.9, 35.0), (57.2, 11.8, 31.0))
    ):
        d = f"{yr}-12-31"
        figs += [
            Figure("andel_heltid_prosent", d, H, "", heltid, "prosent", 10000),
            Figure("andel_80_99_prosent", d, H, "", p80, "prosent", 10000),
            Figure("andel_deltid_under_80_prosent", d, H, "", under, "prosent", 10000),
            Figure("gjennomsnittlig_stillingsstorrelse", d, H, "", 84.1 + (yr - year + 3) * 0.7, "prosent", 10000),
        ]
    figs += [
        Figure("turnover_prosent", y, H, "", 9.46, "prosent", 9600),
        Figure("turnover_prosent", y0, H, "", 8.94, "prosent", 9500),
        Figure("avganger", y, H, "", 908, "personer", 908),
        Figure("avganger", y, H, "OPPSIGELSE", 601, "personer", 601),
        Figure("avganger", y, H, "PENSJON", 212, "personer", 212),
        Figure("avganger", y, H, "UFORE", 41, "personer", 41),
        Figure("avganger", y, H, "DOD", 3, "personer", 3).suppressed(),
        Figure("avganger", y, H, "ANNET", 51, "personer", 51),
    ]
    for yr, posts, per_post in zip(
        range(year - 4, year + 1), (1540, 1490, 1610, 1714, 2280), (14.2, 15.9, 16.1, 13.8, 11.2)
    ):
        figs += [
            Figure("utlyste_stillinger", str(yr), H, "", posts, "antall"),
            Figure("sokere_per_stilling", str(yr), H, "", per_post, "antall"),
        ]
    for yr in range(year - 6, year + 1):
        afp, alder, ufore = 90 + 12 * (yr - year + 6), 150 + (yr % 3), 60 + (yr - year + 6)
        for typ, k in (("AFP", afp), ("ALDER", alder), ("UFORE", ufore)):
            figs += [
                Figure("nye_pensjoner", str(yr), H, typ, k, "antall", k),
                Figure("nye_pensjoner", str(yr), H, f"{typ}|gradert", k // 3, "antall", k // 3),
            ]
            if yr == year:
                for lev, share in (("KLP", 0.6), ("SPK", 0.25), ("BKP", 0.15)):
                    figs.append(
                        Figure(
                            "nye_pensjoner_leverandor",
                            y,
                            H,
                            f"{typ}|{lev}",
                            round(k * share),
                            "antall",
                            round(k * share),
                        )
                    )
    for g, v in (("UFAGLAERT", 18.5), ("FAGARBEIDER", 22.5), ("HOYSKOLE", 59.0)):
        figs.append(Figure("kompetanse_andel_prosent", status, H, g, v, "prosent", 10112))
    figs += [
        Figure("andel_faglaerte_prosent", status, H, "", 81.5, "prosent", 10112),
        Figure("andel_faglaerte_prosent", before, H, "", 80.2, "prosent", 10010),
    ]
    for yr, k in zip(range(year - 5, year + 1), (68, 72, 72, 80, 90, 88)):
        figs += [
            Figure("laerlinger", f"{yr}-12-31", H, "", k, "personer", k),
            Figure("laerlinger_per_1000_innbyggere", f"{yr}-12-31", H, "", k / 126.5, "antall", k),
        ]
    for period, factor in ((status, 1.0), (before, 0.98)):
        m = sum(v[5] for v in STAFF.values()) * factor
        figs += [
            Figure("minoritet_arsverk", period, H, "", m, "arsverk", round(m * 1.35)),
            Figure(
                "minoritet_menn",
                period,
                H,
                "",
                sum(round(v[5] * factor * 0.35) for v in STAFF.values()),
                "personer",
                None,
            ),
            Figure(
                "minoritet_kvinner", period, H, "", sum(round(v[5] * factor) for v in STAFF.values()), "personer", None
            ),
            Figure("minoritet_andel_prosent", period, H, "", 100 * m / (tot_fast + tot_midl), "prosent", None),
            Figure("minoritet_andel_ledere_prosent", period, H, "", 6.8 * factor, "prosent", 610),
        ]
    figs += [
        Figure("lonn_kvinner_andel_av_menn_prosent", y, H, "", 91.46, "prosent", 10112),
        Figure("lonn_kvinner_andel_av_menn_prosent", y, H, "UFAGLAERT", 97.2, "prosent", 1800),
        Figure("lonn_kvinner_andel_av_menn_prosent", y, H, "FAGARBEIDER", 98.6, "prosent", 2300),
        Figure("lonn_kvinner_andel_av_menn_prosent", y, H, "HOYSKOLE", 93.05, "prosent", 6000),
    ]
    sick = {year - 4: 7.6, year - 3: 7.3, year - 2: 7.2, year - 1: 7.5, year: 7.31}
    for yr, v in sick.items():
        figs.append(Figure("sykefravaer_prosent", str(yr), H, "", v, "prosent", 10000))
    figs += [
        Figure("sykefravaer_korttid_prosent", y, H, "", 2.6, "prosent", 10000),
        Figure("sykefravaer_langtid_prosent", y, H, "", 4.71, "prosent", 10000),
    ]
    kpi_src = {
        "sykefravaer_prosent": sick,
        "andel_deltid_under_80_prosent": {year - 4: 36.0, year - 3: 36.0, year - 2: 35.0, year - 1: 35.0, year: 31.0},
        "sokere_per_stilling": {year - 4: 14.2, year - 3: 15.9, year - 2: 16.1, year - 1: 13.8, year: 11.2},
        "turnover_prosent": {year - 3: 8.1, year - 2: 8.6, year - 1: 8.94, year: 9.46},
    }
    targets = {"sykefravaer_prosent": 7.0, "andel_deltid_under_80_prosent": 25.0}
    for ind, series in kpi_src.items():
        enhet = "antall" if ind == "sokere_per_stilling" else "prosent"
        for yr, v in series.items():
            figs.append(Figure("kpi", str(yr), H, ind, v, enhet))
        figs.append(Figure("kpi_trend_3aar", y, H, ind, (series[year] - series[year - 3]) / 3, enhet))
        if ind in targets:
            figs += [
                Figure("kpi_mal", y, H, ind, targets[ind], enhet),
                Figure("kpi_maal_retning", y, H, ind, -1, "antall"),
            ]
    figs.append(Figure("sykefravaer_mal_prosent", y, H, "", 7.0, "prosent"))
    figs.append(Figure("sykefravaer_mal_prosent", y, "Pleie og omsorg", "", 8.5, "prosent"))
    if suppress_minority_area:
        figs = [
            f.suppressed()
            if f.metric.startswith("minoritet_")
            and f.period == status
            and f.omrade in ("Organisasjon og utvikling", "Plan, miljø og kultur")
            else f
            for f in figs
        ]
    return figs


# ---------------------------------------------------------------- the Bærum-sized demo, rendered once


def load_baerum_demo(base) -> dict:
    """The Bærum-sized demo landing (seed 2018) generated into `base` and ingested into an embedded
    warehouse under `base`/work: what `hr demo` loads, without the CLI and Prefect.

    Used through the session fixture `baerum_demo_loaded` (tests/conftest.py), once per test session, by
    every test of the Bærum-sized demo (rendered reports, calibration, realism, the Bærum-sized ingest)."""
    from pathlib import Path

    from hr.demo import generate_landing
    from hr.ingest import ingest_landing
    from hr.settings import build_settings
    from hr.warehouse import close_engines

    base = Path(base)
    landing = generate_landing(base / "landing", scale="baerum", seed=2018)
    settings = build_settings(workdir=base / "work", env={"HR_PSEUDONYM_KEY": TEST_KEY})
    summary = ingest_landing(landing, settings)
    close_engines()  # the DuckDB file complete on disk (checkpointed), for the tests that copy it
    return {"landing": landing, "settings": settings, "summary": summary}


def baerum_demo_copy(loaded: dict, workdir) -> dict:
    """`loaded` (load_baerum_demo) with a copy of its working directory (warehouse, key) at `workdir`:
    the same landing and summary, settings pointing at the copy."""
    import shutil

    from hr.settings import build_settings

    shutil.copytree(loaded["settings"].workdir, workdir)
    settings = build_settings(workdir=workdir, env={"HR_PSEUDONYM_KEY": TEST_KEY})
    return {**loaded, "settings": settings}


# Calibration compares exact values: privacy suppression (which blanks small groups such as the
# immigrant staff of "Barn og unge", and then a second area) is tested elsewhere.
NO_SUPPRESSION = 0


def compute_baerum_demo(loaded: dict):
    """Every Figure the pipeline computes from the loaded Bærum-sized demo (`load_baerum_demo`), without
    suppression: the half-yearly sick leave of 2017–2018 and the annual chapters of 2013–2018, first one
    wins; with its landing directory. Used through the session fixture `baerum_demo_figures`
    (tests/conftest.py) by tests/test_demo_calibration.py and tests/test_demo_realism.py."""
    from hr.metrics.medarbeidere import compute_medarbeidere
    from hr.metrics.sykefravaer import compute_sykefravaer
    from hr.warehouse import create_engine

    engine = create_engine(loaded["settings"].warehouse_url)
    out = {}
    try:
        with engine.connect() as conn:
            # the annual chapters carry the yearly sick leave in total and by area; the half-years come
            # from the half-yearly report's own computation
            for period in ("2017H1", "2017H2", "2018H1", "2018H2"):
                for f in compute_sykefravaer(conn, "0219", Period.parse(period), NO_SUPPRESSION):
                    out[f.key] = f
            for year in range(2013, 2019):
                for f in compute_medarbeidere(conn, "0219", year, NO_SUPPRESSION):
                    out.setdefault(f.key, f)
    finally:
        engine.dispose()
    return loaded["landing"], list(out.values())


def render_baerum_demo(base, loaded: dict) -> dict:
    """Both reports of the loaded Bærum-sized demo (`load_baerum_demo`), computed and rendered with their
    web editions and manifests into `base`: what `hr demo` makes, without the CLI and Prefect.

    Used through the session fixture `baerum_demo_reports` (tests/conftest.py): about a minute, once."""
    from pathlib import Path

    from flows.demo import latest_periods
    from reports import render
    from tasks.compute import compute_figures, load_report_meta

    landing, settings, summary = loaded["landing"], loaded["settings"], loaded["summary"]
    half, year = latest_periods(landing)
    out = Path(base) / "ut"
    reports = {"landing": landing, "out": out}
    for report, period, fn in (
        ("sykefravaer", half, render.render_sykefravaer),
        ("medarbeidere", year, render.render_medarbeidere),
    ):
        figures = compute_figures.fn(settings, summary.kommunenummer, report, period)
        meta = load_report_meta.fn(settings, summary.kommunenummer, report, period)
        pdf, csv_path = fn(figures, meta, out, web=True)
        reports[report] = {
            "pdf": pdf,
            "csv": csv_path,
            "html": render.web_edition_path(pdf),
            "manifest": render.manifest_path(pdf),
            "figures": figures,
            "meta": meta,
            "period": period,
        }
    return reports
