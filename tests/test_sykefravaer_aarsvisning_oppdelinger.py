"""Issue 18 items 3 and 5 on DuckDB and PostgreSQL: the 2nd-half report's year view (the year's figure, the
rolling 12 months at each quarter end, the IA goal line) and the breakdowns (sick leave by age band,
kompetansegruppe and the five largest position codes, with suppression; full-time by position in the care
areas). Expected values are computed by hand from the tiny landings below.

Calendar facts: 2018H1 has 122 workdays, 2018 has 251 (tests/test_sykefravaer_storrelse.py).
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from hr.figures import HELE_KOMMUNEN, figures_csv_text
from hr.metrics.oppdelinger import care_full_time, sick_leave_breakdowns
from hr.metrics.suppression import PRIMARY, SECONDARY
from hr.metrics.sykefravaer import PROSENT
from hr.metrics.sykefravaer_aarsvisning import IA_MAL, RULLERENDE, year_view_figures
from hr.metrics.sykefravaer_storrelse import workdays
from hr.periods import Period
from hr.warehouse import bulk_insert, create_engine, ensure_schema
from tests.factory import KOMMUNE, absence, d, emp, load, position_code

H1, H2, YEAR = Period.parse("2018H1"), Period.parse("2018H2"), Period.parse("2018")
CODES = [
    position_code("7174", "HOYSKOLE", "Sykepleier"),
    position_code("6456", "UFAGLAERT", "Assistent"),
    position_code("7523", "FAGARBEIDER", "Helsefagarbeider"),
]


def by_key(figures):
    return {f.key: f for f in figures}


# ---------------------------------------------------------------- breakdowns by hand


def three_persons(engine) -> None:
    """p1 7174 (HOYSKOLE) 100 %, 28 years on 30.06.2018 (25-34), sick 5 workdays;
    p2 6456 (UFAGLAERT) 50 %, born 01.07.1960: 57 on 30.06.2018 (55-61; 58 the day after), sick 10 workdays;
    p3 7523 (FAGARBEIDER) 100 %, 18 years (<25), never sick."""
    load(
        engine,
        stillingskoder=CODES,
        ansatte=[
            emp("AF1", "p1", kode="7174", fodt="15.02.1990"),
            emp("AF2", "p2", kode="6456", pst=50, fodt="01.07.1960"),
            emp("AF3", "p3", kode="7523", fodt="30.06.2000"),
        ],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018"),  # 5 workdays
            absence("F2", "AF2", "SYKMELDING", "12.03.2018", "23.03.2018"),  # 10 workdays
        ],
    )


def test_sick_leave_by_age_band_competence_and_position_by_hand(engine):
    three_persons(engine)
    with engine.connect() as conn:
        figs = by_key(sick_leave_breakdowns(conn, KOMMUNE, H1, min_n=0))
    expected = {
        "alder:25-34": Fraction(100 * 5, 122),
        "alder:55-61": Fraction(100 * 10, 122),
        "alder:<25": Fraction(0),
        "kompetanse:HOYSKOLE": Fraction(100 * 5, 122),
        "kompetanse:UFAGLAERT": Fraction(100 * 10, 122),
        "kompetanse:FAGARBEIDER": Fraction(0),
        "stilling:7174": Fraction(100 * 5, 122),
        "stilling:6456": Fraction(100 * 10, 122),
        "stilling:7523": Fraction(0),
    }
    assert {k[3] for k in figs} == set(expected)
    for gruppe, value in expected.items():
        f = figs[(PROSENT, "2018H1", HELE_KOMMUNEN, gruppe)]
        assert f.verdi == float(value) and f.n == 1 and not f.prikket, gruppe
    # the age on the period's last day: in 2018H2 p2 is 58, p3 18 still (birthday 30.06 has passed: 18)
    with engine.connect() as conn:
        h2 = by_key(sick_leave_breakdowns(conn, KOMMUNE, H2, min_n=0))
    assert {k[3] for k in h2 if k[3].startswith("alder:")} == {"alder:25-34", "alder:55-61", "alder:<25"}


def test_only_the_five_codes_with_the_most_agreed_day_works(engine):
    sizes = {"1001": 100, "1002": 90, "1003": 80, "1004": 70, "1005": 60, "1006": 50}
    load(
        engine,
        stillingskoder=[position_code(c, "UFAGLAERT") for c in sizes],
        ansatte=[emp(f"AF{c}", f"p{c}", kode=c, pst=p) for c, p in sizes.items()],
    )
    with engine.connect() as conn:
        figs = sick_leave_breakdowns(conn, KOMMUNE, H1, min_n=0)
    assert [f.gruppe for f in figs if f.gruppe.startswith("stilling:")] == [
        "stilling:1001",
        "stilling:1002",
        "stilling:1003",
        "stilling:1004",
        "stilling:1005",
    ]


def test_a_group_of_four_is_hidden_with_its_secondary_cell(engine):
    """Age bands: 4 persons (<25), 6 (25-34), 7 (35-44), all 7174. min_n 5: the four are hidden (primary)
    and the 6 with them (secondary: else the municipality's rate and the 7 give the four away); neither value
    nor n can be read. The code's and the group's own tables have one cell of 17 persons: shown."""
    ages = {"<25": ("01.01.1998", 4), "25-34": ("01.01.1988", 6), "35-44": ("01.01.1978", 7)}
    ansatte, fravaer = [], []
    for band, (fodt, count) in ages.items():
        for i in range(count):
            af = f"AF{band}{i}"
            ansatte.append(emp(af, f"p{band}{i}", fodt=fodt))
            fravaer.append(absence(f"F{band}{i}", af, "EGENMELDING", "05.03.2018", "06.03.2018"))
    load(engine, stillingskoder=CODES, ansatte=ansatte, fravaer=fravaer, min_n=5)
    with engine.connect() as conn:
        figs = by_key(sick_leave_breakdowns(conn, KOMMUNE, H1, min_n=5))
    four, six, seven = (figs[(PROSENT, "2018H1", HELE_KOMMUNEN, f"alder:{b}")] for b in ages)
    assert four.prikket and four.regel == PRIMARY and four.verdi is None and four.n is None
    assert six.prikket and six.regel == SECONDARY and six.verdi is None and six.n is None
    assert not seven.prikket and seven.n == 7 and seven.verdi == float(Fraction(100 * 7 * 2, 7 * 122))
    for gruppe in ("kompetanse:HOYSKOLE", "stilling:7174"):
        assert not figs[(PROSENT, "2018H1", HELE_KOMMUNEN, gruppe)].prikket


# ---------------------------------------------------------------- the year view


def one_person_two_years(engine, fravaer_fra) -> None:
    """One person 100 % from 2016, sick 10 workdays in 2017Q3 (Mon 04.09-Fri 15.09.2017) and 5 in 2018Q1."""
    load(
        engine,
        stillingskoder=CODES,
        ansatte=[emp("AF1", "p1", fra="01.01.2016")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "04.09.2017", "15.09.2017"),
            absence("F2", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018"),
        ],
        fravaer_fra=fravaer_fra,
    )


def _window(start: str, end: str) -> Period:
    return Period(d(start), d(end), "x", "rolling12")


def test_year_figure_and_rolling_12_months_by_hand(engine):
    one_person_two_years(engine, d("01.07.2017"))
    with engine.connect() as conn:
        figs = by_key(year_view_figures(conn, KOMMUNE, H2, [], min_n=0))
    assert figs[(PROSENT, "2018", HELE_KOMMUNEN, "")].verdi == float(Fraction(100 * 5, 251))
    rolling = {k[1]: f.verdi for k, f in figs.items() if k[0] == RULLERENDE}
    # windows that start before 01.07.2017 (the register's start) have no figure: a gap, never 0 %
    assert set(rolling) == {"2018Q2", "2018Q3", "2018Q4"}
    assert rolling["2018Q2"] == float(Fraction(100 * 15, workdays(_window("01.07.2017", "30.06.2018"))))
    # the September 2017 case lies before the 12 months ending with 2018Q3 (250 workdays, counted below)
    assert rolling["2018Q3"] == float(Fraction(100 * 5, workdays(_window("01.10.2017", "30.09.2018")))) == 2.0
    assert rolling["2018Q4"] == float(Fraction(100 * 5, 251))


def test_the_rolling_window_workdays_by_hand():
    """01.10.2017-30.09.2018: 365 days from a Sunday (01.10.2017) to a Sunday, 52 weeks and a Sunday: 260
    weekdays, less the 10 holidays on weekdays (25.12, 26.12.2017; 1.1, 29.3, 30.3, 2.4, 1.5, 10.5, 17.5,
    21.5.2018) = 250."""
    assert workdays(_window("01.10.2017", "30.09.2018")) == 260 - 10


def test_no_year_view_in_the_first_half_year_report(engine):
    one_person_two_years(engine, d("01.01.2016"))
    with engine.connect() as conn:
        assert year_view_figures(conn, KOMMUNE, H1, [], min_n=0) == []


@pytest.mark.parametrize("reduksjon", [None, 10, 25])
def test_the_ia_goal_line_only_with_ia_basisaar(engine, reduksjon):
    one_person_two_years(engine, d("01.01.2016"))
    if reduksjon is not None:
        with engine.begin() as conn:
            bulk_insert(
                conn,
                "ref_ia",
                pd.DataFrame(
                    {"kommunenummer": [KOMMUNE], "ia_basisaar": [2017], "ia_reduksjon_prosent": [float(reduksjon)]}
                ),
            )
    with engine.connect() as conn:
        figs = by_key(year_view_figures(conn, KOMMUNE, H2, [], min_n=0))
    ia = figs.get((IA_MAL, "2018", HELE_KOMMUNEN, ""))
    if reduksjon is None:
        assert ia is None and not [k for k in figs if k[0] == IA_MAL]
        return
    base_2017 = Fraction(100 * 10, workdays(Period.parse("2017")))
    assert ia.verdi == float(base_2017 * (1 - Fraction(reduksjon, 100))) and ia.n == 1


def test_year_view_figures_are_suppressed_under_min_n(engine):
    one_person_two_years(engine, d("01.01.2016"))
    with engine.connect() as conn:
        figs = year_view_figures(conn, KOMMUNE, H2, [], min_n=3)
    assert figs and all(f.prikket and f.verdi is None and f.n is None for f in figs)


# ---------------------------------------------------------------- care areas' full-time by position


def test_care_areas_full_time_by_position_by_hand(engine):
    """Area A is a care area, B is not. In A on 31.12.2018: 7174 held by p1 (100 %), p2 (60 %, plus 30 % in
    B: size 90, class 80-99) and p3 (50 %); 6456 by p4 (100 %). A person counts in the class of their total size."""
    load(
        engine,
        stillingskoder=CODES,
        ansatte=[
            emp("AF1", "p1", "A1", kode="7174"),
            emp("AF2", "p2", "A1", kode="7174", pst=60),
            emp("AF2B", "p2", "B1", kode="6456", pst=30),
            emp("AF3", "p3", "A2", kode="7174", pst=50),
            emp("AF4", "p4", "A1", kode="6456"),
        ],
    )
    with engine.begin() as conn:
        bulk_insert(conn, "ref_omsorgsomrade", pd.DataFrame({"kommunenummer": [KOMMUNE], "omrade": ["A"]}))
    with engine.connect() as conn:
        figs = by_key(care_full_time(conn, KOMMUNE, 2018))
    assert {k[2] for k in figs} == {"Område A"}
    key = ("2018-12-31", "Område A", "stilling:7174")
    assert figs[("andel_heltid_prosent", *key)].verdi == float(Fraction(100, 3))
    assert figs[("andel_80_99_prosent", *key)].verdi == float(Fraction(100, 3))
    assert figs[("andel_deltid_under_80_prosent", *key)].verdi == float(Fraction(100, 3))
    assert figs[("andel_heltid_prosent", *key)].n == 3
    assert figs[("andel_heltid_prosent", "2018-12-31", "Område A", "stilling:6456")].verdi == 100.0


def test_no_care_figures_without_omsorgsomrader(engine):
    load(engine, stillingskoder=CODES, ansatte=[emp("AF1", "p1", "A1")])
    with engine.connect() as conn:
        assert care_full_time(conn, KOMMUNE, 2018) == []


# ---------------------------------------------------------------- both warehouses, one figures file


def test_identical_figures_files_on_duckdb_and_postgresql(duckdb_url, postgres_url):
    texts = []
    for url in (duckdb_url, postgres_url):
        engine = create_engine(url)
        ensure_schema(engine)
        load(
            engine,
            stillingskoder=CODES,
            ansatte=[
                emp("AF1", "p1", "A1", kode="7174", pst=37.5, fodt="15.02.1990", fra="01.01.2016"),
                emp("AF2", "p2", "A1", kode="6456", pst=62.25, fodt="01.07.1960", fra="01.01.2016"),
                emp("AF3", "p3", "B1", kode="7523", pst=100, fodt="30.06.2000", fra="01.01.2016"),
            ],
            fravaer=[
                absence("F1", "AF1", "SYKMELDING", "04.09.2017", "19.09.2017", grad=33.333),
                absence("F2", "AF2", "EGENMELDING", "05.03.2018", "07.03.2018"),
                absence("F3", "AF3", "SYKMELDING", "01.10.2018", "30.11.2018", grad=45.5),
            ],
        )
        with engine.begin() as conn:
            bulk_insert(
                conn,
                "ref_ia",
                pd.DataFrame({"kommunenummer": [KOMMUNE], "ia_basisaar": [2017], "ia_reduksjon_prosent": [12.5]}),
            )
            bulk_insert(conn, "ref_omsorgsomrade", pd.DataFrame({"kommunenummer": [KOMMUNE], "omrade": ["A"]}))
        with engine.connect() as conn:
            figs = (
                year_view_figures(conn, KOMMUNE, H2, [], 0)
                + sick_leave_breakdowns(conn, KOMMUNE, H2, 0)
                + sick_leave_breakdowns(conn, KOMMUNE, YEAR, 0)
                + care_full_time(conn, KOMMUNE, 2018)
            )
        engine.dispose()
        texts.append(figures_csv_text(figs))
    assert texts[0].count("\n") > 20
    assert texts[0] == texts[1]


# ---------------------------------------------------------------- kommune.yaml through the ingest


@pytest.mark.parametrize("extra", ["", "ia_basisaar: 2018\nia_reduksjon_prosent: 12,5\nomsorgsomrader: [PO]\n"])
def test_kommune_yaml_reaches_the_figures_through_the_ingest(warehouse_url, tmp_path, extra):
    """kommune.yaml -> ref_ia / ref_omsorgsomrade -> the IA line (2nd-half report) and the care areas'
    full-time by position (annual chapter); without the keys, neither."""
    from tasks.compute import compute_figures
    from tests.landing import Landing, ingest, settings_for
    from tests.test_sykefravaer_storrelse import _five_persons

    land = Landing(tmp_path / "landing").standard()
    _five_persons(land)
    land.text(
        "referanse/kommune.yaml",
        f'navn: Bærum kommune\nkommunenummer: "0219"\nmin_n: 3\nfravaer_fra: 01.01.2014\n{extra}',
    )
    ingest(land, tmp_path, warehouse_url)
    settings = settings_for(tmp_path, warehouse_url)
    half = by_key(compute_figures.fn(settings, "0219", "sykefravaer", H2))
    chapter = by_key(compute_figures.fn(settings, "0219", "medarbeidere", YEAR))
    year = half[(PROSENT, "2018", HELE_KOMMUNEN, "")]
    ia = half.get((IA_MAL, "2018", HELE_KOMMUNEN, ""))
    care = [k for k in chapter if k[0] == "andel_heltid_prosent" and k[3].startswith("stilling:")]
    assert any(k[0] == PROSENT and k[3].startswith("alder:") for k in half)
    assert any(k[0] == PROSENT and k[1] == "2018" and k[3].startswith("stilling:") for k in chapter)
    if not extra:
        assert ia is None and care == []
        return
    assert ia.verdi == pytest.approx(year.verdi * 0.875, rel=1e-12)
    assert care and {k[2] for k in care} == {"Pleie og omsorg"}


@pytest.mark.parametrize(
    "line,word",
    [
        ("ia_basisaar: atten\n", "ia_basisaar"),
        ("ia_basisaar: 2018\nia_reduksjon_prosent: 120\n", "ia_reduksjon_prosent"),
        ("omsorgsomrader: {PO: 1}\n", "omsorgsomrader"),
    ],
)
def test_a_bad_ia_or_care_key_rejects_kommune_yaml_with_a_message(line, word):
    from hr.ingest.kommune import IngestRejected, parse_kommune

    with pytest.raises(IngestRejected, match=word):
        parse_kommune(f'navn: X\nkommunenummer: "0219"\n{line}'.encode())


def test_kommune_yaml_ia_and_care_keys_are_read():
    from decimal import Decimal

    from hr.ingest.kommune import parse_kommune

    k = parse_kommune(b'navn: X\nkommunenummer: "0219"\nia_basisaar: 2018\nomsorgsomrader: [PO, HS]\n')
    assert (k.ia_basisaar, k.ia_reduksjon_prosent, k.omsorgsomrader) == (2018, Decimal(10), ("PO", "HS"))
    k = parse_kommune(b'navn: X\nkommunenummer: "0219"\nomsorgsomrader: PO\n')
    assert (k.ia_basisaar, k.omsorgsomrader) == (None, ("PO",))


@pytest.mark.parametrize(
    "basisaar, year, total, expected",
    [
        (
            2018,
            2018,
            7.3,
            "IA-målet (inkluderende arbeidsliv) er et sykefravær 10 % lavere enn i 2018, det vil si "
            "6,6 %, som gjelder fra 2019.",
        ),
        (
            2018,
            2019,
            6.5,
            "IA-målet (inkluderende arbeidsliv) er et sykefravær 10 % lavere enn i 2018, det vil si "
            "6,6 %, og det er nådd.",
        ),
        (
            2018,
            2020,
            6.8,
            "IA-målet (inkluderende arbeidsliv) er et sykefravær 10 % lavere enn i 2018, det vil si "
            "6,6 %, og det er ikke nådd.",
        ),
    ],
)
def test_the_ia_sentence_judges_the_goal_only_after_the_base_year(basisaar, year, total, expected):
    """In the base year the IA line is where the coming years must get to: the sentence says from when it
    applies, and calls it met or missed only in the years after (the year's unrounded value against it)."""
    from hr.figures import Figure
    from reports.oppdelinger import context

    goal = 7.3 * 0.9
    figures = [
        Figure(PROSENT, str(year), HELE_KOMMUNEN, "", total, "prosent", 50),
        Figure(IA_MAL, str(year), HELE_KOMMUNEN, "", goal, "prosent", 50),
    ]
    view = context(figures, Period.parse(f"{year}H2"), {}, 3, ia=(basisaar, 10.0))["year_view"]
    assert view["sentences"][1].replace("\u00a0", " ") == expected
